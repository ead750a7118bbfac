"""Field work that happens at a household: visits (one pillar or several together) and aid handed over at an
event. Every write is one of these operations: keyword-only, validated, one transaction, one audit entry that
carries the household, so the visit or the aid appears in that household's history.

A system actor (``actor=None``: CLI, imports, tests) is trusted; a person must hold the permission the operation
names over the area concerned.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts import scoping
from sinergi.areas.models import Area
from sinergi.audit.log import diff, record
from sinergi.audit.models import Action
from sinergi.registry.codes import PersonStatus

from . import coverage
from .models import (
    ADD_VISITS,
    RECORD_HANDOVERS,
    HandOver,
    HandOverItem,
    PillarWorker,
    RecipientGroup,
    Task,
    Visit,
    VisitPurpose,
)
from .photos import EncodedPhoto, encode_photo, store_photo

AUDIT_SOURCE = "pillars"
MAX_PHOTOS = 3
RESUBMIT_WINDOW = datetime.timedelta(minutes=15)
_MICRODEGREE = Decimal("0.000001")


def can_add_visit(user, household) -> bool:
    return scoping.has_perm_for(user, ADD_VISITS, household.desa_id)


def can_record_handover(user, area_code: str) -> bool:
    return scoping.has_perm_for(user, RECORD_HANDOVERS, area_code)


def _require(actor, perm: str, area_code: str, message: str) -> None:
    if actor is not None and not scoping.has_perm_for(actor, perm, area_code):
        raise PermissionDenied(message)


def _authenticated(actor):
    return actor if actor is not None and actor.is_authenticated else None


def _not_in_future(day: datetime.date | None, field: str) -> None:
    if not isinstance(day, datetime.date):
        raise ValidationError({field: _("Isi tanggal.")})
    if day > timezone.localdate():
        raise ValidationError({field: _("Tanggal tidak boleh di masa depan.")})


def _coordinate(value, low: int, high: int, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value)).quantize(_MICRODEGREE)
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({field: _("Koordinat tidak terbaca.")}) from exc
    if not (low <= number <= high):
        raise ValidationError({field: _("Koordinat di luar jangkauan.")})
    return number


def _location(lat, lng, accuracy) -> tuple[Decimal | None, Decimal | None, int | None]:
    lat = _coordinate(lat, -90, 90, "lat")
    lng = _coordinate(lng, -180, 180, "lng")
    if (lat is None) != (lng is None):
        raise ValidationError({"lat": _("Lintang dan bujur harus diisi keduanya atau tidak sama sekali.")})
    if lat is None or accuracy in (None, ""):
        return lat, lng, None
    try:
        metres = round(float(accuracy))
    except (TypeError, ValueError) as exc:
        raise ValidationError({"gps_accuracy_m": _("Akurasi GPS tidak terbaca.")}) from exc
    if metres < 0:
        raise ValidationError({"gps_accuracy_m": _("Akurasi GPS tidak boleh negatif.")})
    return lat, lng, min(metres, 1_000_000)


def _check_workers(workers: Iterable[PillarWorker], desa_code: str, on: datetime.date) -> list[PillarWorker]:
    """The chosen workers as stored (fresh rows: the status and SK dates that count are the database's), each
    active on the visit's day and covering the desa."""
    ids = {w.pk for w in workers}
    if not ids:
        raise ValidationError({"workers": _("Pilih minimal satu petugas yang berkunjung.")})
    chosen = list(PillarWorker.objects.filter(pk__in=ids).order_by("pillar_type", "name", "pk"))
    if len(chosen) != len(ids):
        raise ValidationError({"workers": _("Petugas yang dipilih tidak ditemukan.")})
    inactive = [w.name for w in chosen if not w.is_active_on(on)]
    if inactive:
        raise ValidationError({"workers": _("Petugas tidak aktif atau SK-nya tidak berlaku pada tanggal "
                                            "kunjungan: %(names)s") % {"names": ", ".join(inactive)}})
    covering = set(coverage.workers_covering(desa_code, on=on).filter(pk__in=ids).values_list("pk", flat=True))
    elsewhere = [w.name for w in chosen if w.pk not in covering]
    if elsewhere:
        raise ValidationError({"workers": _("Petugas berikut tidak bertugas di desa/kelurahan ini: %(names)s")
                               % {"names": ", ".join(elsewhere)}})
    return chosen


def _encode_all(uploads) -> list[EncodedPhoto]:
    uploads = [u for u in uploads if u]
    if len(uploads) > MAX_PHOTOS:
        raise ValidationError({"photos": _("Paling banyak %(n)s foto per kunjungan.") % {"n": MAX_PHOTOS}})
    encoded = []
    for upload in uploads:
        try:
            encoded.append(encode_photo(upload))
        except ValidationError as exc:
            raise ValidationError({"photos": exc.messages}) from exc
    return encoded


@transaction.atomic
def log_visit(*, actor, household, purpose: str, findings: str, visited_on: datetime.date,
              workers: list[PillarWorker], person=None, follow_up: str = "", task: Task | None = None,
              lat=None, lng=None, gps_accuracy_m=None, photos: Iterable = ()) -> Visit:
    """Record a visit to ``household`` by one or more workers (a joint visit when several pillars went
    together). Needs ``pillars.add_visit`` over the household's desa. Every worker must be active on
    ``visited_on`` and cover the desa (the desa itself or its whole kecamatan among their work areas); the
    person met must be a member of the household. Photos (at most MAX_PHOTOS) are re-encoded without EXIF;
    all of them are checked before anything is written. The same visit sent again by the same person within
    RESUBMIT_WINDOW (same household, day, purpose and findings) returns the first one and writes nothing."""
    desa_code = household.desa_id
    _require(actor, ADD_VISITS, desa_code, _("Anda tidak berwenang mencatat kunjungan di wilayah ini."))
    _not_in_future(visited_on, "visited_on")
    if purpose not in VisitPurpose.values:
        raise ValidationError({"purpose": _("Pilih tujuan kunjungan.")})
    findings, follow_up = (findings or "").strip(), (follow_up or "").strip()
    if not findings:
        raise ValidationError({"findings": _("Tuliskan temuan kunjungan.")})
    if person is not None and person.household_id != household.pk:
        raise ValidationError({"person": _("Jiwa ini bukan anggota keluarga yang dikunjungi.")})
    if task is not None and task.household_id not in (None, household.pk):
        raise ValidationError({"task": _("Tugas ini untuk keluarga lain.")})
    if task is not None and task.household_id is None and task.desa_id != desa_code:
        raise ValidationError({"task": _("Tugas ini untuk desa/kelurahan lain.")})
    lat, lng, gps_accuracy_m = _location(lat, lng, gps_accuracy_m)
    chosen = _check_workers(workers, desa_code, visited_on)
    # A form sent twice over a flaky connection (the phone retried, the user tapped again) is one visit. The
    # household's row is locked so two copies arriving together are checked one after the other.
    type(household).objects.select_for_update().filter(pk=household.pk).first()
    again = Visit.objects.filter(household=household, visited_on=visited_on, purpose=purpose, findings=findings,
                                 recorded_by=_authenticated(actor),
                                 created_at__gte=timezone.now() - RESUBMIT_WINDOW).order_by("-pk").first()
    if again is not None:
        return again
    encoded = _encode_all(photos)

    visit = Visit(household=household, person=person, desa_id=desa_code, visited_on=visited_on, purpose=purpose,
                  findings=findings, follow_up=follow_up, task=task, lat=lat, lng=lng,
                  gps_accuracy_m=gps_accuracy_m, recorded_by=_authenticated(actor))
    visit.full_clean(exclude=["recorded_by"])  # empty for a system actor
    visit.save()
    visit.workers.set(chosen)
    for item in encoded:
        store_photo(visit=visit, encoded=item)
    record(actor=actor, action=Action.CREATE, obj=visit, household_id=household.pk, area_code=desa_code,
           source=AUDIT_SOURCE,
           changes=diff({}, {"visited_on": visited_on, "purpose": purpose, "person_id": visit.person_id,
                             "findings": findings, "follow_up": follow_up, "task_id": visit.task_id,
                             "workers": [str(w.pk) for w in chosen], "photos": len(encoded),
                             "gps": lat is not None}))
    return visit


# --------------------------------------------------------------------------------------------- aid hand-overs

@transaction.atomic
def create_handover(*, actor, title: str, area: Area, held_on: datetime.date, place: str = "", source: str = "",
                    notes: str = "") -> HandOver:
    """An aid hand-over event in ``area`` (a desa, kecamatan, kabupaten or province: where it was organised).
    Needs ``pillars.add_handover`` over the area. Recipients are added with :func:`add_recipient`. The same
    event sent again by the same person within RESUBMIT_WINDOW returns the first one."""
    if not isinstance(area, Area):
        raise ValidationError({"area": _("Pilih wilayah.")})
    _require(actor, RECORD_HANDOVERS, area.code, _("Anda tidak berwenang mencatat penyerahan bantuan di wilayah "
                                                   "ini."))
    _not_in_future(held_on, "held_on")
    title = (title or "").strip()
    # The same form sent twice (a double tap, a retry) is one event.
    again = HandOver.objects.filter(title=title, area=area, held_on=held_on, created_by=_authenticated(actor),
                                    created_at__gte=timezone.now() - RESUBMIT_WINDOW).order_by("-pk").first()
    if again is not None:
        return again
    handover = HandOver(title=title, area=area, held_on=held_on, place=(place or "").strip(),
                        source=(source or "").strip(), notes=(notes or "").strip(),
                        created_by=_authenticated(actor))
    handover.full_clean(exclude=["created_by"])  # empty for a system actor
    handover.save()
    record(actor=actor, action=Action.CREATE, obj=handover, area_code=area.code, source=AUDIT_SOURCE,
           changes=diff({}, {"title": handover.title, "area_id": area.code, "held_on": held_on,
                             "place": handover.place, "source": handover.source}))
    return handover


@transaction.atomic
def add_recipient(*, actor, handover: HandOver, person, group: str, item: str, quantity: int = 1) -> HandOverItem:
    """One person receiving ``quantity`` × ``item`` at the hand-over. Needs ``pillars.add_handover`` over the
    event's area and over the person's desa, which must lie inside the event's area (whoever sees the event
    then sees every recipient's desa). The same item twice for the same person in one event is refused."""
    handover = HandOver.objects.select_for_update().get(pk=handover.pk)
    household = person.household
    desa_code = household.desa_id
    _require(actor, RECORD_HANDOVERS, handover.area_id, _("Anda tidak berwenang mengubah penyerahan ini."))
    _require(actor, RECORD_HANDOVERS, desa_code, _("Anda tidak berwenang mencatat penerima di wilayah ini."))
    if not (desa_code == handover.area_id or desa_code.startswith(handover.area_id + ".")):
        raise ValidationError({"person": _("%(name)s tinggal di luar wilayah penyerahan ini.")
                               % {"name": person.name}})
    if person.status != PersonStatus.ACTIVE:
        raise ValidationError({"person": _("%(name)s berstatus %(status)s di data keluarga.")
                               % {"name": person.name, "status": person.get_status_display().lower()}})
    if group not in RecipientGroup.values:
        raise ValidationError({"group": _("Pilih kelompok penerima.")})
    item = " ".join((item or "").split())
    if not item:
        raise ValidationError({"item": _("Tuliskan bantuan yang diserahkan.")})
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
        raise ValidationError({"quantity": _("Jumlah minimal 1.")})
    # The event's own spelling of an item it already has, so "kursi roda" and "Kursi roda" add up.
    item = handover.items.filter(item__iexact=item).values_list("item", flat=True).first() or item
    if handover.items.filter(person=person, item=item).exists():
        raise ValidationError({"item": _("%(name)s sudah tercatat menerima %(item)s pada penyerahan ini.")
                               % {"name": person.name, "item": item}})
    row = HandOverItem(handover=handover, household=household, person=person, group=group, item=item,
                       quantity=quantity)
    row.full_clean()
    row.save()
    record(actor=actor, action=Action.CREATE, obj=row, household_id=household.pk, area_code=desa_code,
           source=AUDIT_SOURCE, object_label=f"{handover.title}: {row}"[:200],
           changes=diff({}, {"handover_id": handover.pk, "person_id": person.pk, "group": group, "item": item,
                             "quantity": quantity, "held_on": handover.held_on}))
    return row
