"""The service types a new installation starts with (editable afterwards in the admin: Jenis layanan). SLA days
follow the usual service standards of the offices concerned (e.g. Disdukcapil's 14 days for KK/KTP corrections).

Seeded after every migrate like the default roles: only missing codes are added, an edited type is never
overwritten (and a flushed test database gets them back)."""

from django.utils.translation import gettext_noop as _

SERVICE_TYPES = [
    # code, name, need, SLA days
    ("ktp-kk", _("Perekaman/perbaikan KTP-el dan KK"), "adminduk", 14),
    ("akta-kelahiran", _("Akta kelahiran"), "adminduk", 14),
    ("pbi-jk", _("Pendaftaran/reaktivasi PBI-JK (BPJS Kesehatan)"), "kesehatan", 14),
    ("berobat", _("Layanan kesehatan dan rujukan berobat"), "kesehatan", 7),
    ("pendidikan", _("Bantuan pendidikan (PIP/KIP) dan sekolah kembali"), "pendidikan", 30),
    ("rehsos", _("Rehabilitasi sosial (panti/LKS, ATENSI)"), "rehabilitasi", 30),
    ("pangan", _("Bantuan pangan/permakanan"), "pangan", 7),
    ("rtlh", _("Rehabilitasi rumah tidak layak huni (RTLH)"), "perumahan", 90),
    ("kerja", _("Pelatihan dan penempatan kerja"), "pekerjaan", 60),
    ("usulan-dtks", _("Usulan masuk DTKS dan bantuan sosial"), "bansos", 30),
]


def ensure_service_types(using: str = "default") -> int:
    from .models import ServiceType

    existing = set(ServiceType.objects.using(using).values_list("code", flat=True))
    missing = [ServiceType(code=code, name=name, need=need, sla_days=sla_days)
               for code, name, need, sla_days in SERVICE_TYPES if code not in existing]
    ServiceType.objects.using(using).bulk_create(missing)
    return len(missing)
