"""Pages for residents, without login: the grievance form and the status lookup by tracking number.

Nothing here shows personal data: the lookup answers only what kind of record a number is, its state and when it
last changed, because anyone holding the number (or a photo of the letter) can open it."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from sinergi.areas.models import Area, Level
from sinergi.core import botcheck, ratelimit
from sinergi.registry.models import Household

from . import operations
from .forms_grievances import GrievanceForm, TrackForm, apply_errors, desa_choices
from .models import Grievance, GrievanceState, Referral, State
from .tracking import normalise_tracking

logger = logging.getLogger(__name__)

SUBMIT_LIMIT, SUBMIT_WINDOW = 5, 60 * 60
TRACK_LIMIT, TRACK_WINDOW = 30, 60
REFRESH_BUTTON = "pilih_kabupaten"


# ------------------------------------------------------------------------------- shared with the staff entry


def desa_options(request, regency_codes: set[str], within: list[str] | None = None):
    """The htmx answer when the kabupaten changes: only the <option>s of the desa select."""
    code = request.GET.get("kabupaten", "")
    choices = desa_choices(code, within) if code in regency_codes else []
    return render(request, "referrals/grievances/_desa_options.html", {"desa_choices": choices})


def submitted_regency(data, regency_codes: set[str]) -> str:
    code = (data.get("kabupaten") or "") if data is not None else ""
    return code if code in regency_codes else ""


# ------------------------------------------------------------------------------------------ the public form


def _public_regencies() -> list[Area]:
    # Only kabupaten the registry covers: a grievance elsewhere would reach no office.
    return list(Area.objects.filter(
        level=Level.REGENCY, code__in=Household.objects.values("desa__parent__parent_id").distinct(),
    ).order_by("name"))


def _too_many(request, message: str):
    return render(request, "referrals/public/limited.html", {"message": message}, status=429)


@never_cache
@require_http_methods(["GET", "POST"])
def grievance_form(request):
    regencies = _public_regencies()
    regency_codes = {a.code for a in regencies}
    if request.method == "GET" and request.GET.get("desa_options"):
        return desa_options(request, regency_codes)
    chosen = submitted_regency(request.POST if request.method == "POST" else request.GET, regency_codes)

    def make_form(data=None, initial=None) -> GrievanceForm:
        return GrievanceForm(data, initial=initial, regency_choices=[(a.code, a.name) for a in regencies],
                             desa_choices=desa_choices(chosen) if chosen else (), options_url=request.path)

    status = 200
    if request.method == "GET":
        form = make_form(initial={"kabupaten": chosen})
    elif REFRESH_BUTTON in request.POST:
        # Without JavaScript the desa list comes back by re-showing the form with the kabupaten chosen; nothing is
        # sent yet, so this neither counts against the limit nor shows errors.
        form = make_form(initial={**request.POST.dict(), "kabupaten": chosen})
    else:
        if not ratelimit.hit("grievance", ratelimit.client_key(request), limit=SUBMIT_LIMIT, window=SUBMIT_WINDOW):
            return _too_many(request, _("Terlalu banyak pengaduan dikirim dari jaringan Anda dalam satu jam "
                                        "terakhir. Silakan coba lagi nanti, atau datang langsung ke kantor "
                                        "Dinas Sosial atau Puskesos desa."))
        form = make_form(request.POST)
        grievance = _submit_public(request, form)
        if grievance is not None:
            return redirect("referrals:public_grievance_sent", tracking=grievance.tracking)
        status = 400
    return render(request, "referrals/public/grievance_form.html", {
        "form": form,
        "challenge": botcheck.new_challenge(),
        "honeypot_field": botcheck.HONEYPOT_FIELD,
        "refresh_button": REFRESH_BUTTON,
    }, status=status)


def _submit_public(request, form: GrievanceForm) -> Grievance | None:
    # MIN_SECONDS is read here, at call time, not through verify()'s default (bound when botcheck was imported).
    failure = botcheck.verify(token=request.POST.get("botcheck_token", ""),
                              answer=request.POST.get("botcheck_answer", ""),
                              honeypot=request.POST.get(botcheck.HONEYPOT_FIELD, ""),
                              min_seconds=botcheck.MIN_SECONDS)
    if failure:
        logger.info("public grievance refused by the bot check: %s", failure)
        # One message for every reason, the honeypot included: a bot learns nothing about which check it failed.
        form.add_error(None, _("Jawaban pemeriksaan salah atau formulir terlalu lama dibuka; coba lagi."))
        return None
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return operations.submit_grievance(
            actor=None, category=data["category"], description=data["description"],
            reporter_name=data["reporter_name"], reporter_contact=data["reporter_contact"],
            subject_nik=data["subject_nik"],
            area=operations.grievance_area(desa_code=data["desa"], regency_code=data["kabupaten"]),
        )
    except ValidationError as exc:
        apply_errors(form, exc)
        return None


@require_GET
def grievance_sent(request, tracking: str):
    normalised = normalise_tracking(tracking)
    if (normalised is None or not normalised.startswith("ADU")
            or not Grievance.objects.filter(tracking=normalised).exists()):
        raise Http404
    return render(request, "referrals/public/grievance_sent.html", {"tracking": normalised})


# ------------------------------------------------------------------------------------------- status lookup


def _status_of(tracking: str) -> dict | None:
    if tracking.startswith("ADU"):
        row = Grievance.objects.filter(tracking=tracking).values("state", "updated_at").first()
        kind, states = pgettext("one record", "Pengaduan"), GrievanceState
    else:
        row = Referral.objects.filter(tracking=tracking).values("state", "updated_at").first()
        kind, states = _("Rujukan layanan"), State
    if row is None:
        return None
    label = states(row["state"]).label if row["state"] in states.values else row["state"]
    return {"tracking": tracking, "kind": kind, "state": label, "updated_at": row["updated_at"]}


@never_cache
@require_GET
def track(request):
    """The status page; a referral letter's QR code opens it with ``?nomor=RJK-...`` already filled in."""
    form = TrackForm(request.GET if request.GET.get("nomor", "").strip() else None)
    context = {"form": form, "result": None, "not_found": False}
    if not form.is_bound:
        return render(request, "referrals/public/track.html", context)
    if not ratelimit.hit("track", ratelimit.client_key(request), limit=TRACK_LIMIT, window=TRACK_WINDOW):
        return _too_many(request, _("Terlalu banyak pencarian dari jaringan Anda. Tunggu satu menit, lalu coba "
                                    "lagi."))
    if not form.is_valid():
        return render(request, "referrals/public/track.html", context)
    tracking = normalise_tracking(form.cleaned_data["nomor"])
    if tracking is None:
        form.add_error("nomor", _("Nomor ini tidak dikenali. Nomor pengaduan berbentuk ADU-XXXX-XXXX-XXXX dan "
                                  "nomor rujukan RJK-XXXX-XXXX-XXXX."))
        return render(request, "referrals/public/track.html", context)
    result = _status_of(tracking)
    if result is None:
        context["not_found"] = True
        return render(request, "referrals/public/track.html", context, status=404)
    context["result"] = result
    return render(request, "referrals/public/track.html", context)
