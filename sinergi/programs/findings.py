"""What people do with a finding of the targeting checks: confirm it, dismiss it with a reason, resolve it,
re-open it, or send it to the pillars covering its desa for verification in the field.

Every operation is keyword-only, runs in one transaction on the finding locked as it is now, needs
``programs.change_finding`` over the finding's desa (a system actor, ``None``, is trusted), and leaves an audit
entry carrying the household, so decisions also appear in the household's history.

Allowed state changes (anything else is refused with a message that names both states):

=============  ===================================================
from           to
=============  ===================================================
terbuka        dikonfirmasi, dibatalkan (reason), selesai (note)
dikonfirmasi   selesai (note), terbuka (reason)
dibatalkan     terbuka (reason)
selesai        terbuka (reason)
=============  ===================================================

A confirmed finding is not dismissed directly: whoever reverses a confirmation re-opens it first, saying why,
so the record shows both decisions.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts import scoping
from sinergi.audit.log import record
from sinergi.audit.log import user_or_none as _user
from sinergi.audit.models import Action
from sinergi.pillars.models import Task, TaskKind, TaskStatus
from sinergi.pillars.operations import create_task

from . import perms
from .models import Finding, FindingKind, FindingState

TRANSITIONS: dict[str, frozenset[str]] = {
    FindingState.OPEN: frozenset({FindingState.CONFIRMED, FindingState.DISMISSED, FindingState.RESOLVED}),
    FindingState.CONFIRMED: frozenset({FindingState.RESOLVED, FindingState.OPEN}),
    FindingState.DISMISSED: frozenset({FindingState.OPEN}),
    FindingState.RESOLVED: frozenset({FindingState.OPEN}),
}
# Verification makes sense while the finding is undecided or confirmed and not yet acted upon.
VERIFIABLE_STATES = frozenset({FindingState.OPEN, FindingState.CONFIRMED})
# A dismissal is the one decision that hides a finding for good, so it must say why in a sentence, not a word.
MIN_REASON_WORDS = 3
MIN_REASON_CHARS = 15


def can_decide(user, finding: Finding) -> bool:
    return scoping.has_perm_for(user, perms.FINDINGS_DECIDE, finding.desa_id)


def allowed_targets(finding: Finding) -> frozenset[str]:
    return TRANSITIONS.get(finding.state, frozenset())


def _require(actor, finding: Finding) -> None:
    if actor is not None and not can_decide(actor, finding):
        raise PermissionDenied(_("Anda tidak berwenang memutuskan temuan di wilayah ini."))


def _locked(finding: Finding) -> Finding:
    return Finding.objects.select_for_update().get(pk=finding.pk)


def _state_label(state: str) -> str:
    return str(FindingState(state).label) if state in FindingState.values else state


def _reason_text(reason: str, *, field: str, message: str) -> str:
    text = " ".join((reason or "").split())
    if len(text.split()) < MIN_REASON_WORDS or len(text) < MIN_REASON_CHARS:
        raise ValidationError({field: message})
    return text


def _move(*, actor, finding: Finding, to_state: str, reason: str, field: str) -> Finding:
    """Change the state of the (locked) finding, stamp the decision and audit it."""
    if to_state not in allowed_targets(finding):
        raise ValidationError(_("Temuan berstatus %(from)s tidak dapat diubah menjadi %(to)s.")
                              % {"from": _state_label(finding.state), "to": _state_label(to_state)})
    before = {"state": finding.state, "reason": finding.reason}
    finding.state, finding.reason = to_state, reason
    finding.decided_by, finding.decided_at = _user(actor), timezone.now()
    finding.save(update_fields=["state", "reason", "decided_by", "decided_at"])
    changes = {"state": [before["state"], to_state], field: reason}
    if to_state == FindingState.DISMISSED:
        changes["evidence"] = finding.evidence  # what the checker saw when deciding; later runs update the row
    record(actor=actor, action=Action.UPDATE, obj=finding, household_id=finding.household_id,
           area_code=finding.desa_id, changes=changes, source="web" if _user(actor) else "system")
    return finding


@transaction.atomic
def confirm_finding(*, actor, finding: Finding, note: str = "") -> Finding:
    """The finding is a real targeting error (the recipient is to be removed, or the family to be proposed)."""
    finding = _locked(finding)
    _require(actor, finding)
    return _move(actor=actor, finding=finding, to_state=FindingState.CONFIRMED, reason=" ".join(note.split()),
                 field="note")


@transaction.atomic
def dismiss_finding(*, actor, finding: Finding, reason: str) -> Finding:
    """Not an error (e.g. the car is a relative's, the two NIKs are twins). Later runs keep it dismissed."""
    finding = _locked(finding)
    _require(actor, finding)
    text = _reason_text(reason, field="reason", message=_(
        "Tuliskan alasan pembatalan dalam satu kalimat (sedikitnya %(words)s kata), misalnya hasil verifikasi "
        "di lapangan.") % {"words": MIN_REASON_WORDS})
    return _move(actor=actor, finding=finding, to_state=FindingState.DISMISSED, reason=text, field="reason")


@transaction.atomic
def resolve_finding(*, actor, finding: Finding, note: str) -> Finding:
    """The error was corrected (e.g. the recipient was removed from the list, the data was fixed)."""
    finding = _locked(finding)
    _require(actor, finding)
    text = " ".join((note or "").split())
    if not text:
        raise ValidationError({"note": _("Tuliskan tindak lanjutnya, misalnya “dikeluarkan dari daftar tahap "
                                         "berikutnya”.")})
    return _move(actor=actor, finding=finding, to_state=FindingState.RESOLVED, reason=text, field="note")


@transaction.atomic
def reopen_finding(*, actor, finding: Finding, reason: str) -> Finding:
    finding = _locked(finding)
    _require(actor, finding)
    text = " ".join((reason or "").split())
    if not text:
        raise ValidationError({"reason": _("Tuliskan mengapa temuan ini dibuka kembali.")})
    return _move(actor=actor, finding=finding, to_state=FindingState.OPEN, reason=text, field="reason")


def _task_title(finding: Finding) -> str:
    program = finding.evidence.get("program") if isinstance(finding.evidence, dict) else ""
    label = FindingKind(finding.kind).label if finding.kind in FindingKind.values else finding.kind
    return (_("Verifikasi temuan: %(kind)s") % {"kind": label} + (f" ({program})" if program else ""))[:200]


@transaction.atomic
def request_verification(*, actor, finding: Finding) -> Task:
    """A verification task for the pillars covering the finding's desa, linked both ways (the task's source is
    ``temuan:<id>``, the finding keeps the task). While that task is open, asking again returns it."""
    finding = _locked(finding)
    _require(actor, finding)
    if finding.task_id is not None:
        task = Task.objects.filter(pk=finding.task_id, status=TaskStatus.OPEN).first()
        if task is not None:
            return task
    if finding.state not in VERIFIABLE_STATES:
        raise ValidationError(_("Temuan berstatus %(state)s tidak perlu diverifikasi lagi; buka kembali dulu bila "
                                "perlu.") % {"state": _state_label(finding.state)})
    url = reverse("programs:finding", args=[finding.pk])
    details = _("Periksa di lapangan apakah temuan ini benar, lalu catat hasilnya. Rincian: %(url)s") % {"url": url}
    task = create_task(actor=actor, kind=TaskKind.VERIFICATION, title=_task_title(finding), desa=finding.desa,
                       household=finding.household, person=finding.person, details=details,
                       source=f"temuan:{finding.pk}", source_url=url)
    before = finding.task_id
    finding.task = task
    finding.save(update_fields=["task"])
    record(actor=actor, action=Action.UPDATE, obj=finding, household_id=finding.household_id,
           area_code=finding.desa_id, changes={"task": [before, task.pk]}, source="web" if _user(actor) else "system")
    return task
