"""The roles a new installation starts with. They are seed data: after the first migrate an admin edits them in
the admin (Peran), and this list only fills in roles that do not exist yet, never overwrites."""

from django.utils.translation import gettext_noop as _

from sinergi.areas.models import Level

from . import scoping

VIEW = scoping.VIEW_REGISTRY
CHANGE = scoping.CHANGE_REGISTRY
REVEAL = scoping.REVEAL_NIK
EXPORT = scoping.EXPORT_REGISTRY
AUDIT = scoping.VIEW_AUDIT
API = scoping.USE_API
IMPORT = scoping.IMPORT_DATA

DEFAULT_ROLES = [
    # code, name, usual level, permissions, description
    ("admin-provinsi", _("Admin provinsi"), Level.PROVINCE, [VIEW, CHANGE, REVEAL, EXPORT, AUDIT, IMPORT],
     _("Dinas Sosial provinsi: seluruh kabupaten/kota di provinsinya.")),
    ("admin-kabupaten", _("Admin kabupaten/kota"), Level.REGENCY, [VIEW, CHANGE, REVEAL, EXPORT, AUDIT, IMPORT],
     _("Pengelola Sinergi di Dinas Sosial kabupaten/kota.")),
    ("operator-dinsos", _("Operator Dinas Sosial / SIKS-NG"), Level.REGENCY, [VIEW, CHANGE, REVEAL, EXPORT, IMPORT],
     _("Mengelola data DTKS dan program.")),
    ("supervisor", _("Supervisor"), Level.REGENCY, [VIEW, CHANGE, REVEAL, EXPORT, AUDIT],
     _("Kepala bidang/seksi: menyetujui perubahan, memantau pilar.")),
    ("tksk", _("TKSK"), Level.DISTRICT, [VIEW, REVEAL],
     _("Tenaga Kesejahteraan Sosial Kecamatan.")),
    ("pendamping-pkh", _("Pendamping PKH"), Level.VILLAGE, [VIEW, REVEAL],
     _("Pendamping Program Keluarga Harapan di desa dampingannya.")),
    ("psm", _("PSM"), Level.VILLAGE, [VIEW],
     _("Pekerja Sosial Masyarakat di desanya.")),
    ("operator-desa", _("Operator desa/kelurahan"), Level.VILLAGE, [VIEW, CHANGE],
     _("Operator desa: memperbarui data warganya.")),
    ("slrt", _("Petugas SLRT/Puskesos"), Level.REGENCY, [VIEW, CHANGE, REVEAL],
     _("Front office layanan rujukan terpadu.")),
    ("opd", _("OPD (Bappeda, Diskominfo, Dukcapil)"), Level.REGENCY, [VIEW, API],
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
