"""The roles a new installation starts with. They are seed data: after the first migrate an admin edits them in
the admin (Peran), and this list only fills in roles that do not exist yet, never overwrites."""

from django.utils.translation import gettext_noop as _

from sinergi.areas.models import Level
from sinergi.linkage.perms import REVIEW_PAIRS, RUN_LINKAGE, VIEW_PAIRS
from sinergi.programs.perms import FINDINGS_DECIDE, FINDINGS_VIEW, PROGRAMS_MANAGE, PROGRAMS_VIEW

from . import scoping

VIEW = scoping.VIEW_REGISTRY
CHANGE = scoping.CHANGE_REGISTRY
REVEAL = scoping.REVEAL_NIK
EXPORT = scoping.EXPORT_REGISTRY
AUDIT = scoping.VIEW_AUDIT
API = scoping.USE_API
IMPORT = scoping.IMPORT_DATA
# SLRT desk, referrals, grievances and change requests (sinergi.referrals, registry.ChangeRequest), pillars' tasks.
CASES_VIEW, CASES_OPEN = "referrals.view_case", "referrals.add_case"
REFERRALS_HANDLE, REFERRALS_SUPERVISE = "referrals.handle_referral", "referrals.supervise_referral"
GRIEVANCES_VIEW, GRIEVANCES_HANDLE = "referrals.view_grievance", "referrals.change_grievance"
CHANGES_PROPOSE, CHANGES_APPROVE = "registry.add_changerequest", "registry.approve_changerequest"
TASKS_VIEW, TASKS_MANAGE = "pillars.view_task", "pillars.change_task"
WORKERS_VIEW = "pillars.view_pillarworker"
# Field work (issue 7): visits, meetings, the village meeting's approval, the workers' registry, task rounds,
# aid hand-overs.
VISITS_ADD, MEETINGS_ADD, MEETINGS_APPROVE = "pillars.add_visit", "pillars.add_meeting", "pillars.approve_meeting"
WORKERS_ADD, WORKERS_CHANGE = "pillars.add_pillarworker", "pillars.change_pillarworker"
TASKS_ADD, HANDOVERS_ADD = "pillars.add_task", "pillars.add_handover"
FIELD = [VISITS_ADD, MEETINGS_ADD]
# Programmes, welfare ranking and the targeting checks (sinergi.programs, issue 6).
PROGRAMS = [PROGRAMS_VIEW, PROGRAMS_MANAGE, FINDINGS_VIEW, FINDINGS_DECIDE]
PROGRAMS_READ = [PROGRAMS_VIEW, FINDINGS_VIEW]
# Record linkage (sinergi.linkage, issue 5): running it over a kabupaten/kota and deciding its pairs (merges of
# registry records) is the Dinas Sosial's data work.
LINKAGE = [VIEW_PAIRS, REVIEW_PAIRS, RUN_LINKAGE]
DESK = [CASES_VIEW, CASES_OPEN, GRIEVANCES_VIEW, GRIEVANCES_HANDLE, CHANGES_PROPOSE]
SUPERVISION = [CASES_VIEW, REFERRALS_SUPERVISE, GRIEVANCES_VIEW, CHANGES_APPROVE, TASKS_VIEW, TASKS_MANAGE,
               WORKERS_VIEW, VISITS_ADD, MEETINGS_ADD, MEETINGS_APPROVE, WORKERS_ADD, WORKERS_CHANGE, TASKS_ADD,
               HANDOVERS_ADD]

DEFAULT_ROLES = [
    # code, name, usual level, permissions, description
    ("admin-provinsi", _("Admin provinsi"), Level.PROVINCE, [VIEW, CHANGE, REVEAL, EXPORT, AUDIT, IMPORT, *DESK,
                                                        *SUPERVISION, *PROGRAMS, *LINKAGE],
     _("Dinas Sosial provinsi: seluruh kabupaten/kota di provinsinya.")),
    ("admin-kabupaten", _("Admin kabupaten/kota"), Level.REGENCY, [VIEW, CHANGE, REVEAL, EXPORT, AUDIT, IMPORT,
                                                                *DESK, *SUPERVISION, *PROGRAMS, *LINKAGE],
     _("Pengelola Sinergi di Dinas Sosial kabupaten/kota.")),
    ("operator-dinsos", _("Operator Dinas Sosial / SIKS-NG"), Level.REGENCY, [VIEW, CHANGE, REVEAL, EXPORT, IMPORT,
                                                                            GRIEVANCES_VIEW, GRIEVANCES_HANDLE,
                                                                            CHANGES_PROPOSE, TASKS_VIEW,
                                                                            TASKS_ADD, MEETINGS_ADD, HANDOVERS_ADD,
                                                                            *PROGRAMS, *LINKAGE],
     _("Mengelola data DTKS dan program.")),
    ("supervisor", _("Supervisor"), Level.REGENCY, [VIEW, CHANGE, REVEAL, EXPORT, AUDIT, *SUPERVISION,
                                                     *PROGRAMS_READ, FINDINGS_DECIDE],
     _("Kepala bidang/seksi: menyetujui perubahan, memantau pilar.")),
    ("tksk", _("TKSK"), Level.DISTRICT, [VIEW, REVEAL, *FIELD, CHANGES_PROPOSE, HANDOVERS_ADD,
                                                  *PROGRAMS_READ],
     _("Tenaga Kesejahteraan Sosial Kecamatan.")),
    ("pendamping-pkh", _("Pendamping PKH"), Level.VILLAGE, [VIEW, REVEAL, *FIELD, CHANGES_PROPOSE,
                                                                       *PROGRAMS_READ],
     _("Pendamping Program Keluarga Harapan di desa dampingannya.")),
    ("psm", _("PSM"), Level.VILLAGE, [VIEW, *FIELD, CHANGES_PROPOSE, *PROGRAMS_READ],
     _("Pekerja Sosial Masyarakat di desanya.")),
    ("operator-desa", _("Operator desa/kelurahan"), Level.VILLAGE, [VIEW, CHANGE, MEETINGS_ADD, *PROGRAMS_READ],
     _("Operator desa: memperbarui data warganya.")),
    ("slrt", _("Petugas SLRT/Puskesos"), Level.REGENCY, [VIEW, CHANGE, REVEAL, *DESK, VISITS_ADD, PROGRAMS_VIEW],
     _("Front office layanan rujukan terpadu.")),
    ("penyedia-layanan", _("Petugas penyedia layanan rujukan"), Level.REGENCY, [REFERRALS_HANDLE],
     _("OPD, Puskesmas, RSUD, BPJS atau LKS yang menerima rujukan SLRT: hanya rujukan ke lembaganya.")),
    ("opd", _("OPD (Bappeda, Diskominfo, Dukcapil)"), Level.REGENCY, [VIEW, API, PROGRAMS_VIEW],
     _("Akses baca lewat API; NIK disamarkan.")),
]


def ensure_default_roles(using: str = "default") -> int:
    from django.contrib.auth.models import Permission

    from .models import Role

    created = 0
    for code, name, level, perms, description in DEFAULT_ROLES:
        role, was_created = Role.objects.using(using).get_or_create(
            code=code, defaults={"name": name, "usual_level": level, "description": description}
        )
        if was_created:
            created += 1
            for perm in perms:
                app_label, codename = perm.split(".")
                role.permissions.add(
                    *Permission.objects.using(using).filter(content_type__app_label=app_label, codename=codename)
                )
    return created
