"""Every URL × every persona, with the expected status from a table.

A new URL without a row here fails ``test_every_url_is_in_the_matrix``: the matrix cannot silently fall behind.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sinergi.accounts.models import ApiToken

LOGGED_IN = ["province_admin", "kab_operator", "kab_admin", "kecamatan_tksk", "pkh_facilitator", "psm",
             "desa_operator", "slrt_desk", "opd_api_client", "service_provider", "no_assignment"]
ALL = [*LOGGED_IN, "anonymous"]


def expect(default: int, anonymous: int = 302, **overrides: int) -> dict[str, int]:
    table = {p: default for p in LOGGED_IN}
    table["anonymous"] = anonymous
    table.update(overrides)
    return table


def only(allowed: list[str], ok: int = 200, denied: int = 404, anonymous: int = 302) -> dict[str, int]:
    return {p: (ok if p in allowed else denied) for p in LOGGED_IN} | {"anonymous": anonymous}


SEES_DESA_X = ["province_admin", "kab_operator", "kab_admin", "kecamatan_tksk", "pkh_facilitator", "psm",
               "desa_operator", "slrt_desk", "opd_api_client"]
SEES_WHOLE_KAB = ["province_admin", "kab_operator", "kab_admin", "slrt_desk", "opd_api_client"]
REVEALS_DESA_X = ["province_admin", "kab_operator", "kab_admin", "kecamatan_tksk", "pkh_facilitator", "slrt_desk"]
EXPORTS = ["province_admin", "kab_operator", "kab_admin"]
AUDITS = ["province_admin", "kab_admin"]
CHANGES_DESA_X = ["province_admin", "kab_operator", "kab_admin", "desa_operator", "slrt_desk"]
API_USERS = ["opd_api_client"]
IMPORTERS = ["province_admin", "kab_operator", "kab_admin"]
DESK = ["province_admin", "kab_admin", "slrt_desk"]  # referrals.view_case / add_case over 11.06
REFERRAL_READERS = [*DESK, "service_provider"]  # the desk, and Disdukcapil's own officer
GRIEVANCE_STAFF = ["province_admin", "kab_admin", "kab_operator", "slrt_desk"]
# The desk and operators (grievances), and the field pillars (verifications) propose data changes.
CHANGE_PROPOSERS = [*GRIEVANCE_STAFF, "kecamatan_tksk", "pkh_facilitator", "psm"]
CHANGE_APPROVERS = ["province_admin", "kab_admin"]
TASK_READERS = ["province_admin", "kab_admin", "kab_operator", "psm"]  # supervisors' scope, and the assignee
TASK_MANAGERS = ["province_admin", "kab_admin"]
VISITORS_DESA_X = ["province_admin", "kab_admin", "kecamatan_tksk", "pkh_facilitator", "psm", "slrt_desk"]
HANDOVER_RECORDERS = ["province_admin", "kab_operator", "kab_admin", "kecamatan_tksk"]
REGISTRY_READERS = [p for p in LOGGED_IN if p not in ("service_provider", "no_assignment")]
WORKER_ADMINS = ["province_admin", "kab_admin"]  # view/add/change_pillarworker over 11 / 11.06
ACTIVITY_READERS = ["province_admin", "kab_admin", "kab_operator"]  # pillars.view_task scope
MEETING_RECORDERS = ["province_admin", "kab_operator", "kab_admin", "kecamatan_tksk", "pkh_facilitator", "psm",
                     "desa_operator"]
MEETING_APPROVERS = ["province_admin", "kab_admin"]
# Programmes (issue 6): every role but the service provider views; the Dinas Sosial's admins and operator manage.
PROGRAM_VIEWERS = ["province_admin", "kab_operator", "kab_admin", "kecamatan_tksk", "pkh_facilitator", "psm",
                   "desa_operator", "slrt_desk", "opd_api_client"]
PROGRAM_MANAGERS = ["province_admin", "kab_operator", "kab_admin"]
FINDING_VIEWERS = [p for p in PROGRAM_VIEWERS if p not in ("slrt_desk", "opd_api_client")]
FINDING_DECIDERS = ["province_admin", "kab_operator", "kab_admin"]  # and the supervisor role (no persona)
# Record linkage (issue 5): the Dinas Sosial's admins and operator view, review and run, over the kabupaten.
LINKERS = ["province_admin", "kab_operator", "kab_admin"]


def api_only(allowed=API_USERS):
    return {p: (200 if p in allowed else 401) for p in ALL}


# (case id, url name, args from world, method, data, expected, via API token)
CASES = [
    ("home", "dashboards:home", None, "get", {}, expect(200), False),
    # The desa map: a page for everyone signed in (values only in their scope; a plain "no work area" page
    # without a registry scope, like the home page); another province's kabupaten is not found for anyone.
    ("map", "dashboards:map", None, "get", {}, expect(200), False),
    ("map-other-kab", "dashboards:map", None, "get", {"kab": "32.12"}, only([]), False),
    ("login", "accounts:login", None, "get", {}, expect(302, anonymous=200), False),
    ("logout", "accounts:logout", None, "post", {}, expect(302), False),
    ("profile", "accounts:profile", None, "get", {}, expect(200), False),
    ("password", "accounts:password_change", None, "get", {}, expect(200), False),
    ("search", "registry:search", None, "get", {"q": "nasir"}, expect(200), False),
    ("export", "registry:export", None, "get", {"area": "11.06.07", "format": "csv"}, only(EXPORTS), False),
    ("household-own-desa", "registry:household", lambda w: [w.home.pk], "get", {}, only(SEES_DESA_X), False),
    ("household-other-kecamatan", "registry:household", lambda w: [w.far.pk], "get", {}, only(SEES_WHOLE_KAB), False),
    ("household-other-province", "registry:household", lambda w: [w.abroad.pk], "get", {}, only([]), False),
    ("household-missing", "registry:household", lambda w: [999999], "get", {}, only([]), False),
    ("household-edit", "registry:household_edit", lambda w: [w.home.pk], "get", {}, only(CHANGES_DESA_X), False),
    ("household-edit-far", "registry:household_edit", lambda w: [w.far.pk], "get", {},
     only(["province_admin", "kab_operator", "kab_admin", "slrt_desk"]), False),
    ("person-add", "registry:person_add", lambda w: [w.home.pk], "get", {}, only(CHANGES_DESA_X), False),
    ("person-edit", "registry:person_edit", lambda w: [w.head.pk], "get", {}, only(CHANGES_DESA_X), False),
    ("person-move", "registry:person_move", lambda w: [w.head.pk], "get", {}, only(CHANGES_DESA_X), False),
    ("reveal-kk", "registry:reveal_kk", lambda w: [w.home.pk], "post", {}, only(REVEALS_DESA_X), False),
    ("reveal-nik", "registry:reveal_nik", lambda w: [w.head.pk], "post", {}, only(REVEALS_DESA_X), False),
    ("area-own-kecamatan", "areas:detail", lambda w: ["11.06.07"], "get", {}, only(SEES_DESA_X), False),
    ("area-other-kecamatan", "areas:detail", lambda w: ["11.06.01"], "get", {}, only(SEES_WHOLE_KAB), False),
    ("audit", "audit:list", None, "get", {}, only(AUDITS), False),
    ("set-language", "set_language", None, "post", {"language": "en", "next": "/"}, expect(302, anonymous=302), False),
    ("jsi18n", "javascript-catalog", None, "get", {}, expect(200, anonymous=200), False),
    ("admin", "admin:index", None, "get", {}, expect(302), False),
    ("imports", "imports:list", None, "get", {}, only(IMPORTERS), False),
    ("import-detail", "imports:detail", lambda w: [w.batch.pk], "get", {}, only(IMPORTERS), False),
    ("import-detail-other-province", "imports:detail", lambda w: [w.batch_abroad.pk], "get", {}, only([]), False),
    ("import-progress", "imports:progress", lambda w: [w.batch.pk], "get", {}, only(IMPORTERS), False),
    # A committed batch cannot be re-mapped, committed again or cancelled: the importers get the message (302).
    ("import-mapping", "imports:mapping", lambda w: [w.batch.pk], "post", {}, only(IMPORTERS, ok=302), False),
    ("import-commit", "imports:commit", lambda w: [w.batch.pk], "post", {}, only(IMPORTERS, ok=302), False),
    ("import-cancel", "imports:cancel", lambda w: [w.batch.pk], "post", {}, only(IMPORTERS, ok=302), False),
    ("import-rejected", "imports:rejected", lambda w: [w.batch.pk], "get", {}, only(IMPORTERS), False),
    ("import-export", "imports:export", lambda w: [w.batch.pk], "get", {}, only(IMPORTERS), False),
    ("notifications", "notifications:list", None, "get", {}, expect(200), False),
    ("notification-read-missing", "notifications:read", lambda w: [999999], "post", {}, expect(404), False),
    ("notifications-read-all", "notifications:read_all", None, "post", {}, expect(302), False),
    ("slrt-cases", "referrals:cases", None, "get", {}, only(DESK), False),
    ("slrt-intake", "referrals:intake", None, "get", {}, only(DESK), False),
    ("slrt-register", "referrals:register", None, "get", {}, only(DESK), False),
    ("slrt-case", "referrals:case", lambda w: [w.slrt.case.pk], "get", {}, only(DESK), False),
    ("slrt-case-other-province", "referrals:case", lambda w: [w.slrt.case_abroad.pk], "get", {}, only([]), False),
    # POSTs without data: the desk gets the form's message (302 back to the case), everyone else 404.
    ("slrt-assess", "referrals:assess", lambda w: [w.slrt.case.pk], "post", {}, only(DESK, ok=302), False),
    ("slrt-attach", "referrals:attach", lambda w: [w.slrt.case.pk], "post", {}, only(DESK, ok=302), False),
    ("slrt-attachment", "referrals:attachment", lambda w: [w.attachment.pk], "get", {}, only(DESK), False),
    ("slrt-refer", "referrals:refer", lambda w: [w.slrt.case.pk], "post", {}, only(DESK, ok=302), False),
    ("slrt-follow-up", "referrals:follow_up", lambda w: [w.slrt.case.pk], "post", {}, only(DESK, ok=302), False),
    ("slrt-close", "referrals:close", lambda w: [w.slrt.case.pk], "post", {}, only(DESK, ok=302), False),
    ("slrt-providers", "referrals:providers", None, "get", {}, only(REFERRAL_READERS), False),
    ("slrt-report", "referrals:report", None, "get", {}, only(DESK), False),
    ("referrals", "referrals:referrals", None, "get", {}, only(REFERRAL_READERS), False),
    ("referral", "referrals:referral", lambda w: [w.slrt.referral.pk], "get", {}, only(REFERRAL_READERS), False),
    ("referral-other-provider", "referrals:referral", lambda w: [w.other_referral.pk], "get", {}, only(DESK), False),
    ("referral-transition", "referrals:transition", lambda w: [w.slrt.referral.pk], "post", {},
     only(REFERRAL_READERS, ok=302), False),
    ("referral-letter", "referrals:letter", lambda w: [w.slrt.referral.pk], "get", {}, only(REFERRAL_READERS), False),
    ("grievances", "referrals:grievances", None, "get", {}, only(GRIEVANCE_STAFF), False),
    ("grievance-new", "referrals:grievance_new", None, "get", {}, only(GRIEVANCE_STAFF), False),
    ("grievance", "referrals:grievance", lambda w: [w.slrt.grievance.pk], "get", {}, only(GRIEVANCE_STAFF), False),
    ("grievance-other-province", "referrals:grievance", lambda w: [w.slrt.grievance_abroad.pk], "get", {},
     only([]), False),
    ("grievance-transition", "referrals:grievance_transition", lambda w: [w.slrt.grievance.pk], "post", {},
     only(GRIEVANCE_STAFF, ok=302), False),
    ("grievance-link", "referrals:grievance_link", lambda w: [w.slrt.grievance.pk], "post", {},
     only(GRIEVANCE_STAFF, ok=302), False),
    ("grievance-propose", "referrals:grievance_propose", lambda w: [w.slrt.grievance.pk], "post", {},
     only(GRIEVANCE_STAFF, ok=302), False),
    ("public-grievance", "referrals:public_grievance", None, "get", {}, expect(200, anonymous=200), False),
    ("public-grievance-sent", "referrals:public_grievance_sent", lambda w: [w.slrt.grievance.tracking], "get", {},
     expect(200, anonymous=200), False),
    ("track", "referrals:track", None, "get", {}, expect(200, anonymous=200), False),
    ("changes", "registry:changes", None, "get", {}, only(CHANGE_PROPOSERS), False),
    ("change", "registry:change", lambda w: [w.change.pk], "get", {}, only(SEES_DESA_X), False),
    ("change-decide", "registry:change_decide", lambda w: [w.change.pk], "post", {},
     only(CHANGE_APPROVERS, ok=302), False),
    ("tasks", "pillars:tasks", None, "get", {}, expect(200), False),
    ("task", "pillars:task", lambda w: [w.task.pk], "get", {}, only(TASK_READERS), False),
    ("task-complete", "pillars:complete", lambda w: [w.task.pk], "post", {}, only(TASK_READERS, ok=302), False),
    ("task-reassign", "pillars:reassign", lambda w: [w.task.pk], "post", {}, only(TASK_MANAGERS, ok=302), False),
    ("verify", "pillars:verify", lambda w: [w.verify_task.pk], "get", {}, only(["psm", *TASK_MANAGERS]), False),
    ("verification-round", "pillars:verification_round", None, "get", {},
     only(["province_admin", "kab_admin", "kab_operator"]), False),
    ("visit-new", "pillars:visit_new", lambda w: [w.home.pk], "get", {}, only(VISITORS_DESA_X), False),
    ("visit", "pillars:visit", lambda w: [w.visit.pk], "get", {}, only(SEES_DESA_X), False),
    ("visit-photo", "pillars:visit_photo", lambda w: [w.photo.pk], "get", {}, only(SEES_DESA_X), False),
    ("handovers", "pillars:handovers", None, "get", {}, only(REGISTRY_READERS), False),
    ("handover-new", "pillars:handover_new", None, "get", {}, only(HANDOVER_RECORDERS), False),
    ("handover", "pillars:handover", lambda w: [w.handover.pk], "get", {}, only(SEES_DESA_X), False),
    ("handover-add", "pillars:handover_add", lambda w: [w.handover.pk], "post", {},
     only(HANDOVER_RECORDERS, ok=302), False),
    ("workers", "pillars:workers", None, "get", {}, only(WORKER_ADMINS), False),
    ("worker-new", "pillars:worker_new", None, "get", {}, only(WORKER_ADMINS), False),
    ("worker", "pillars:worker", lambda w: [w.slrt.psm_worker.pk], "get", {}, only(WORKER_ADMINS), False),
    ("worker-edit", "pillars:worker_edit", lambda w: [w.slrt.psm_worker.pk], "get", {}, only(WORKER_ADMINS), False),
    # An empty form comes back with its errors (200), never a 500; outsiders get 404.
    ("worker-edit-post", "pillars:worker_edit", lambda w: [w.slrt.psm_worker.pk], "post", {}, only(WORKER_ADMINS),
     False),
    ("coverage-gaps", "pillars:coverage_gaps", None, "get", {}, only(WORKER_ADMINS), False),
    ("pillar-activity", "pillars:activity", None, "get", {}, only(ACTIVITY_READERS), False),
    ("meetings", "pillars:meetings", None, "get", {}, expect(200), False),
    ("meeting-new", "pillars:meeting_new", None, "get", {}, only(MEETING_RECORDERS), False),
    ("attendance-report", "pillars:attendance_report", None, "get", {}, only(SEES_DESA_X), False),
    ("dtks-proposal", "pillars:dtks_proposal", lambda w: ["xlsx"], "get", {"wilayah": "11.06"}, only(EXPORTS),
     False),
    ("meeting", "pillars:meeting", lambda w: [w.meeting.pk], "get", {}, only(SEES_DESA_X), False),
    ("meeting-pdf", "pillars:meeting_minutes_pdf", lambda w: [w.meeting.pk], "get", {}, only(SEES_DESA_X), False),
    ("meeting-minutes", "pillars:meeting_minutes", lambda w: [w.meeting.pk], "post", {},
     only(MEETING_RECORDERS, ok=302), False),
    ("meeting-participants", "pillars:meeting_participants", lambda w: [w.meeting.pk], "post", {},
     only(MEETING_RECORDERS, ok=302), False),
    ("meeting-attendance", "pillars:meeting_attendance", lambda w: [w.meeting.pk], "post", {},
     only(MEETING_RECORDERS, ok=302), False),
    ("meeting-household", "pillars:meeting_household", lambda w: [w.meeting.pk], "post", {},
     only(MEETING_RECORDERS, ok=302), False),
    ("meeting-action", "pillars:meeting_action", lambda w: [w.meeting.pk], "post", {},
     only(MEETING_RECORDERS, ok=302), False),
    ("meeting-action-done", "pillars:meeting_action_done", lambda w: [w.meeting_action.pk], "post", {},
     only(MEETING_RECORDERS, ok=302), False),
    ("meeting-submit", "pillars:meeting_submit", lambda w: [w.meeting.pk], "post", {},
     only(MEETING_RECORDERS, ok=302), False),
    ("meeting-decide", "pillars:meeting_decide", lambda w: [w.meeting.pk], "post", {},
     only(MEETING_APPROVERS, ok=302), False),
    ("pillar-coverage", "pillars:coverage", lambda w: [w.desa_x.code], "get", {}, only(SEES_DESA_X), False),
    ("programs", "programs:list", None, "get", {}, only(PROGRAM_VIEWERS), False),
    ("program", "programs:detail", lambda w: ["PKH"], "get", {}, only(PROGRAM_VIEWERS), False),
    ("program-missing", "programs:detail", lambda w: ["TIDAK-ADA"], "get", {}, only([]), False),
    ("cycle", "programs:cycle", lambda w: [w.pkh_cycle.pk], "get", {}, only(PROGRAM_VIEWERS), False),
    ("cycle-other-province", "programs:cycle", lambda w: [w.cycle_abroad.pk], "get", {}, only([]), False),
    ("cycle-progress", "programs:cycle_progress", lambda w: [w.pkh_cycle.pk, "kelayakan"], "get", {},
     only(PROGRAM_VIEWERS), False),
    # POSTs without data: the managers get the form's message (302 back to the page), everyone else 404.
    ("cycle-create", "programs:cycle_create", lambda w: ["PKH"], "post", {}, only(PROGRAM_MANAGERS, ok=302), False),
    ("cycle-cancel", "programs:cycle_cancel", lambda w: [w.pkh_cycle.pk, "kelayakan"], "post", {},
     only(PROGRAM_MANAGERS, ok=302), False),
    ("cycle-freeze", "programs:cycle_freeze", lambda w: [w.pkh_cycle.pk], "post", {},
     only(PROGRAM_MANAGERS, ok=302), False),
    ("cycle-close", "programs:cycle_close", lambda w: [w.pkh_cycle.pk], "post", {},
     only(PROGRAM_MANAGERS, ok=302), False),
    ("cycle-add", "programs:cycle_add", lambda w: [w.pkh_cycle.pk], "post", {}, only(PROGRAM_MANAGERS, ok=302),
     False),
    ("cycle-import", "programs:cycle_import", lambda w: [w.pkh_cycle.pk], "post", {},
     only(PROGRAM_MANAGERS, ok=302), False),
    ("cycle-enrol-eligible", "programs:cycle_enrol_eligible", lambda w: [w.pkh_cycle.pk], "post", {},
     only(PROGRAM_MANAGERS, ok=302), False),
    ("cycle-remove", "programs:cycle_remove", lambda w: [w.pkh_cycle.pk], "post", {},
     only(PROGRAM_MANAGERS, ok=302), False),
    ("cycle-plan", "programs:cycle_plan", lambda w: [w.pkh_cycle.pk], "post", {}, only(PROGRAM_MANAGERS, ok=302),
     False),
    ("cycle-disburse", "programs:cycle_disburse", lambda w: [w.pkh_cycle.pk], "post", {},
     only(PROGRAM_MANAGERS, ok=302), False),
    ("cycle-remove-other-province", "programs:cycle_remove", lambda w: [w.cycle_abroad.pk], "post", {}, only([]),
     False),
    ("distribution-return", "programs:distribution_return", lambda w: [w.distribution.pk], "post", {},
     only(PROGRAM_MANAGERS, ok=302), False),
    ("household-enrol", "programs:household_enrol", lambda w: [w.home.pk], "post", {},
     only(PROGRAM_MANAGERS, ok=302), False),
    ("overlap", "programs:overlap", None, "get", {}, only(PROGRAM_VIEWERS), False),
    ("overlap-kabupaten", "programs:overlap", None, "get", {"wilayah": "11.06"}, only(PROGRAM_VIEWERS), False),
    ("overlap-other-province", "programs:overlap", None, "get", {"wilayah": "32.12"}, only([]), False),
    ("overlap-pair", "programs:overlap_pair", lambda w: ["BLT-DD", "PKH"], "get", {"wilayah": "11.06"},
     only(PROGRAM_VIEWERS), False),
    ("overlap-pair-other-kecamatan", "programs:overlap_pair", lambda w: ["BLT-DD", "PKH"], "get",
     {"wilayah": "11.06.01"}, only(["province_admin", "kab_operator", "kab_admin", "slrt_desk", "opd_api_client"]),
     False),
    ("overlap-xlsx", "programs:overlap_xlsx", None, "get", {"wilayah": "11.06"}, only(PROGRAM_VIEWERS), False),
    ("findings", "programs:findings", None, "get", {}, only(FINDING_VIEWERS), False),
    ("findings-xlsx", "programs:findings_xlsx", None, "get", {}, only(FINDING_VIEWERS), False),
    ("finding", "programs:finding", lambda w: [w.finding.pk], "get", {}, only(FINDING_VIEWERS), False),
    ("finding-other-kecamatan", "programs:finding", lambda w: [w.finding_far.pk], "get", {},
     only(FINDING_DECIDERS), False),
    ("finding-confirm", "programs:finding_confirm", lambda w: [w.finding.pk], "post", {},
     only(FINDING_DECIDERS, ok=302), False),
    ("finding-dismiss", "programs:finding_dismiss", lambda w: [w.finding.pk], "post", {},
     only(FINDING_DECIDERS, ok=302), False),
    ("finding-resolve", "programs:finding_resolve", lambda w: [w.finding.pk], "post", {},
     only(FINDING_DECIDERS, ok=302), False),
    ("finding-reopen", "programs:finding_reopen", lambda w: [w.finding.pk], "post", {},
     only(FINDING_DECIDERS, ok=302), False),
    ("finding-verify", "programs:finding_verify", lambda w: [w.finding.pk], "post", {},
     only(FINDING_DECIDERS, ok=302), False),
    ("finding-checks", "programs:finding_checks", None, "get", {}, only(PROGRAM_MANAGERS), False),
    ("finding-checks-run", "programs:finding_checks_run", None, "post", {"kabupaten": "11.06"},
     only(PROGRAM_MANAGERS, ok=302), False),
    ("finding-checks-progress", "programs:finding_checks_progress", lambda w: [w.check_run.pk], "get", {},
     only(PROGRAM_MANAGERS), False),
    ("finding-checks-cancel", "programs:finding_checks_cancel", lambda w: [w.check_run.pk], "post", {},
     only(PROGRAM_MANAGERS, ok=302), False),
    ("welfare", "programs:welfare", None, "get", {}, only(PROGRAM_VIEWERS), False),
    ("welfare-progress", "programs:welfare_progress", None, "get", {}, only(PROGRAM_VIEWERS), False),
    ("welfare-recompute", "programs:welfare_recompute", None, "post", {}, only(PROGRAM_MANAGERS, ok=302), False),
    ("welfare-cancel", "programs:welfare_cancel", None, "post", {}, only(PROGRAM_MANAGERS, ok=302), False),
    ("linkage-queue", "linkage:queue", None, "get", {}, only(LINKERS), False),
    ("linkage-queue-filtered", "linkage:queue", None, "get", {"desa": "x", "min": "y", "page": "z"}, only(LINKERS),
     False),
    ("linkage-pair", "linkage:pair", lambda w: [w.pair.pk], "get", {}, only(LINKERS), False),
    ("linkage-pair-other-province", "linkage:pair", lambda w: [w.pair_abroad.pk], "get", {}, only([]), False),
    ("linkage-pair-missing", "linkage:pair", lambda w: [999999], "get", {}, only([]), False),
    ("linkage-pair-accept", "linkage:pair_accept", lambda w: [w.pair.pk], "post", {}, only(LINKERS, ok=302), False),
    ("linkage-pair-reject", "linkage:pair_reject", lambda w: [w.pair.pk], "post", {}, only(LINKERS, ok=302), False),
    ("linkage-pair-accept-other-province", "linkage:pair_accept", lambda w: [w.pair_abroad.pk], "post", {},
     only([]), False),
    ("linkage-runs", "linkage:runs", None, "get", {}, only(LINKERS), False),
    ("linkage-run-start", "linkage:run_start", None, "post", {"kabupaten": "11.06"}, only(LINKERS, ok=302), False),
    ("linkage-run-start-other-province", "linkage:run_start", None, "post", {"kabupaten": "32.12"}, only([]),
     False),
    ("linkage-run-progress", "linkage:run_progress", lambda w: [w.link_run.pk], "get", {}, only(LINKERS), False),
    ("linkage-run-cancel", "linkage:run_cancel", lambda w: [w.link_run.pk], "post", {}, only(LINKERS, ok=302),
     False),
    ("linkage-merges", "linkage:merges", None, "get", {}, only(LINKERS), False),
    ("linkage-merge", "linkage:merge", lambda w: [w.merge.pk], "get", {}, only(LINKERS), False),
    ("linkage-unmerge", "linkage:unmerge", lambda w: [w.merge.pk], "post", {}, only(LINKERS, ok=302), False),
    ("api-docs", "api:openapi-view", None, "get", {}, expect(200, anonymous=200), True),
    ("api-schema", "api:openapi-json", None, "get", {}, expect(200, anonymous=200), True),
    ("api-root", "api:api-root", None, "get", {}, expect(404, anonymous=404), True),
    ("api-households", "api:list_households", None, "get", {"area": "11.06.07"}, api_only(), True),
    ("api-household", "api:get_household", lambda w: [w.home.pk], "get", {}, api_only(), True),
    ("api-person", "api:find_person", None, "get", {"nik": "__HEAD_NIK__"}, api_only(), True),
]


def _url_names(patterns, namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            if ns == "admin":
                yield "admin:index"  # the admin is Django's, staff-only; its entry point stands for it
                continue
            yield from _url_names(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}:{p.name}" if namespace else p.name


def test_every_url_is_in_the_matrix():
    in_matrix = {name for _id, name, *_ in CASES}
    assert set(_url_names(get_resolver().url_patterns)) == in_matrix


@pytest.fixture
def batches(world, tmp_path):
    """A committed import in Aceh Besar (adding one person to desa X) and one in Indramayu."""
    from tests.importing import import_file

    def write(name, rows):
        path = tmp_path / name
        path.write_text("NO KK;NIK;NAMA;JENIS KELAMIN;KODE DESA\n" + "\n".join(";".join(r) for r in rows),
                        encoding="utf-8")
        return path

    home = world.home
    world.batch = import_file(write("aceh.csv", [(home.no_kk, "", "BY NY TESTING", "P", world.desa_x.code)]))
    abroad = world.abroad
    world.batch_abroad = import_file(write("indramayu.csv", [(abroad.no_kk, "", "BY NY LAIN", "L",
                                                              abroad.desa_id)]), regency="32.12")
    assert world.batch.status == world.batch_abroad.status == "committed"
    return world


@pytest.fixture
def desk_world(batches, slrt, personas):
    """The SLRT objects every desk, provider, grievance and task URL needs."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sinergi.pillars.operations import create_task
    from sinergi.referrals import operations
    from sinergi.referrals.models import ServiceType
    from sinergi.registry import operations as registry_operations

    world = batches
    world.slrt = slrt
    world.attachment = operations.add_attachment(actor=None, case=slrt.case, label="Surat desa",
                                                 upload=SimpleUploadedFile("sk.pdf", b"%PDF-1.4 test"))
    world.other_referral = operations.refer(actor=None, case=slrt.case, provider=slrt.dinkes_other,
                                            service=ServiceType.objects.get(code="berobat"), reason="Berobat")
    world.change = registry_operations.propose_change(actor=None, household=world.home, person=world.head,
                                                      changes={"birth_place": "Banda Aceh"}, reason="KTP")
    world.task = create_task(actor=None, kind="kunjungan", title="Kunjungan rumah", desa=world.desa_x,
                             household=world.home)
    assert list(world.task.assignees.all()) == [slrt.psm_worker]
    from django.utils import timezone

    from sinergi.pillars import visits
    from tests.test_visits import image_upload

    world.visit = visits.log_visit(actor=None, household=world.home, purpose="pendampingan", findings="Atap bocor",
                                   visited_on=timezone.localdate(), workers=[slrt.psm_worker],
                                   photos=[image_upload()])
    world.photo = world.visit.photos.get()
    world.handover = visits.create_handover(actor=None, title="Penyerahan ATENSI", area=world.desa_x,
                                            held_on=timezone.localdate())
    visits.add_recipient(actor=None, handover=world.handover, person=world.head, group="lansia", item="Kursi roda")
    from sinergi.pillars import meetings

    world.meeting = meetings.create_meeting(actor=None, kind="musdes", title="Musdes", area=world.desa_x,
                                            held_on=timezone.localdate())
    world.meeting_action = meetings.add_action(actor=None, meeting=world.meeting, description="Antar berkas",
                                               owner_name="Sekdes")
    world.verify_task = create_task(actor=None, kind="verifikasi", title="Verifikasi DTKS", desa=world.desa_x,
                                    household=world.home)
    _programmes(world)
    _linkage(world)
    return world


def _linkage(world):
    """A finished run over Aceh Besar with a pending pair (the head and the neighbour), a pair in Indramayu (no
    persona's), and a merge of a bare re-registration of the head into the head (nothing to fill)."""
    from sinergi.areas.models import Area
    from sinergi.linkage import operations
    from sinergi.linkage.models import CandidatePair, LinkRun, RunState
    from tests.conftest import make_household

    world.link_run = LinkRun.objects.create(regency=Area.objects.get(code="11.06"), state=RunState.DONE)
    neighbour = world.neighbour.members.get(name="Nurhayati")
    world.pair = CandidatePair.objects.create(run=world.link_run, person_a=world.head, person_b=neighbour,
                                              desa=world.desa_x, probability=0.4, evidence=[["dob", "other", -3.4]])
    run_abroad = LinkRun.objects.create(regency=Area.objects.get(code="32.12"), state=RunState.DONE)
    _h, (other,) = make_household(world.desa_other_kab, no_kk="", address="Blok Karang", members=[
        dict(name="Asep Sunandar", sex="L", relation="1")])
    world.pair_abroad = CandidatePair.objects.create(run=run_abroad, person_a=world.abroad.members.get(name="Asep Sunandar"),
                                                     person_b=other, desa=world.desa_other_kab, probability=0.9)
    _h, (again,) = make_household(world.desa_y, no_kk="", address="Dusun Mesjid", members=[
        dict(name="T. M. Nasir", sex="L", relation="1")])
    world.merge = operations.merge_persons(actor=None, keep=world.head, drop=again)


def _programmes(world):
    """The family in desa X on this tahap's PKH and BLT Dana Desa lists (a forbidden pair: one finding), a
    returned payment of the PKH tahap before, and a PKH tahap of Indramayu (another province)."""
    import datetime as dt

    from sinergi.areas.models import Area
    from sinergi.programs import checks, operations
    from sinergi.programs.models import Distribution, Finding, Program

    aceh_besar, indramayu = Area.objects.get(code="11.06"), Area.objects.get(code="32.12")
    pkh, blt = Program.objects.get(code="PKH"), Program.objects.get(code="BLT-DD")
    earlier = operations.create_cycle(actor=None, program=pkh, regency=aceh_besar, code="2025-T4",
                                      starts_on=dt.date(2025, 10, 1), ends_on=dt.date(2025, 12, 31))
    paid = operations.enrol(actor=None, cycle=earlier, household=world.home, components={"sma": 1})
    world.distribution = Distribution.objects.create(enrolment=paid, amount=500_000, state="tersalur",
                                                     disbursed_on=dt.date(2025, 11, 20))
    world.pkh_cycle = operations.create_cycle(actor=None, program=pkh, regency=aceh_besar, code="2026-T1",
                                              starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 3, 31),
                                              copy_from=earlier)
    blt_cycle = operations.create_cycle(actor=None, program=blt, regency=aceh_besar, code="2026-T1",
                                        starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 3, 31))
    operations.enrol(actor=None, cycle=blt_cycle, household=world.home)
    world.cycle_abroad = operations.create_cycle(actor=None, program=pkh, regency=indramayu, code="2026-T1",
                                                 starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 3, 31))
    operations.enrol(actor=None, cycle=world.cycle_abroad, household=world.abroad)
    checks.run_checks(actor=None, regency=aceh_besar)
    world.finding = Finding.objects.get(household=world.home, kind="tumpang-tindih")
    world.finding_far = Finding.objects.create(
        key=f"11.06:eksklusi-miskin:-:-:{world.far.pk}:", kind="eksklusi-miskin", household=world.far,
        desa=world.far.desa, first_seen_at=world.finding.first_seen_at, last_seen_at=world.finding.last_seen_at)
    world.check_run = checks.start_checks(actor=None, regency=aceh_besar, enqueue=False)


def _status(case, persona, personas, world, client_for) -> int:
    _id, name, args, method, data, _expected, via_api = case
    user = personas[persona]
    url = reverse(name, args=args(world) if args else None)
    data = {k: (world.head.nik if v == "__HEAD_NIK__" else v) for k, v in data.items()}
    if via_api:
        client = client_for(None)
        headers = {}
        if user is not None:
            _token, raw = ApiToken.issue(user=user, label="test")
            headers["Authorization"] = f"Bearer {raw}"
        return getattr(client, method)(url, data, headers=headers).status_code
    return getattr(client_for(user), method)(url, data).status_code


@pytest.mark.django_db(databases=["default", "jobs"])
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_matrix(case, personas, world, desk_world, client_for):
    """All personas against one URL. The world is built once per URL, and each persona's request runs in a
    savepoint that is rolled back, so every persona meets the same world (a POST by one changes nothing for
    the next)."""
    from django.db import transaction

    _id, name, _args, method, _data, expected, _via_api = case
    wrong = []
    for persona in ALL:
        with transaction.atomic():
            status = _status(case, persona, personas, world, client_for)
            transaction.set_rollback(True)
        if status != expected[persona]:
            wrong.append(f"{persona}: {status} (expected {expected[persona]})")
    assert not wrong, f"{method.upper()} {name}: " + "; ".join(wrong)
