"""The national programmes, their components and stacking rules a new installation starts with.

Seeded after every migrate like the default roles and the SLRT service types: only missing programmes,
components and rules are added; whatever an admin edited (Program, Komponen program, Aturan penerimaan ganda)
is never overwritten. Local programmes (provincial, kabupaten/kota, such as Aceh Besar's Pro Abes) are entered
by each installation; the demo adds one.

Amounts are the published yearly values at the time of writing (PKH per component per year, Sembako Rp200.000
a month, PBI-JK premium Rp42.000 a person a month, PIP per level, BLT Dana Desa Rp300.000 a month, YAPI Rp200.000
a month). They change by regulation: edit them in the admin, not here.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop as _

PROGRAMS = [
    # code, name, funding, unit, benefit/year, max components, max desil, exclusions, legal basis, order
    ("PKH", _("Program Keluarga Harapan"), "apbn", "keluarga", 0, 4, 4,
     ["asn-tni-polri", "mobil", "meninggal", "pindah"], "Permensos 1/2018 jo. Permensos 1/2019", 10),
    ("SEMBAKO", _("Program Sembako (BPNT)"), "apbn", "keluarga", 2_400_000, None, 4,
     ["asn-tni-polri", "mobil", "meninggal", "pindah"], "Permensos 20/2019", 20),
    ("PBI-JK", _("Penerima Bantuan Iuran Jaminan Kesehatan"), "apbn", "jiwa", 504_000, None, 5,
     ["asn-tni-polri", "meninggal", "pindah"], "PP 101/2012 jo. PP 76/2015", 30),
    ("PIP", _("Program Indonesia Pintar"), "apbn", "jiwa", 0, None, 4,
     ["asn-tni-polri", "meninggal", "pindah"], "Permendikbudristek 10/2020", 40),
    ("BLT-DD", _("BLT Dana Desa"), "dana-desa", "keluarga", 3_600_000, None, 4,
     ["asn-tni-polri", "mobil", "meninggal", "pindah"], "Permendesa PDTT tentang prioritas penggunaan Dana Desa",
     50),
    ("ATENSI-YAPI", _("ATENSI Yatim Piatu"), "apbn", "jiwa", 2_400_000, None, None,
     ["meninggal", "pindah"], "Permensos 7/2022", 60),
]

COMPONENTS = [
    # program, code, name, amount/year, rule, order
    ("PKH", "ibu-hamil", _("Ibu hamil/nifas"), 3_000_000, {"sex": "P", "age_min": 15, "age_max": 49,
                                                          "pregnant": True}, 10),
    ("PKH", "anak-usia-dini", _("Anak usia dini (0–6 tahun)"), 3_000_000, {"age_min": 0, "age_max": 6}, 20),
    ("PKH", "sd", _("Anak SD/sederajat"), 900_000, {"age_min": 7, "age_max": 12}, 30),
    ("PKH", "smp", _("Anak SMP/sederajat"), 1_500_000, {"age_min": 13, "age_max": 15}, 40),
    ("PKH", "sma", _("Anak SMA/sederajat"), 2_000_000, {"age_min": 16, "age_max": 18}, 50),
    ("PKH", "disabilitas-berat", _("Penyandang disabilitas berat"), 2_400_000, {"disability": ["*"]}, 60),
    ("PKH", "lansia", _("Lanjut usia 70 tahun ke atas"), 2_400_000, {"age_min": 70}, 70),
    ("PIP", "sd", _("Siswa SD/sederajat"), 450_000, {"age_min": 7, "age_max": 12}, 10),
    ("PIP", "smp", _("Siswa SMP/sederajat"), 750_000, {"age_min": 13, "age_max": 15}, 20),
    ("PIP", "sma", _("Siswa SMA/SMK/sederajat"), 1_800_000, {"age_min": 16, "age_max": 18}, 30),
]

STACKING = [
    # program A, program B, allowed, level, note
    ("BLT-DD", "PKH", False, "keluarga",
     _("BLT Dana Desa untuk keluarga miskin yang belum menerima PKH atau Sembako.")),
    ("BLT-DD", "SEMBAKO", False, "keluarga",
     _("BLT Dana Desa untuk keluarga miskin yang belum menerima PKH atau Sembako.")),
    ("PKH", "SEMBAKO", True, "keluarga", _("Komplementaritas: penerima PKH juga menerima Sembako.")),
    ("PKH", "PBI-JK", True, "keluarga", _("Penerima PKH dijamin PBI-JK.")),
]


def ensure_catalogue(using: str = "default") -> int:
    """Add what is missing; return how many rows were created."""
    from .models import Component, Program, StackingRule

    created = 0
    programs = {p.code: p for p in Program.objects.using(using).all()}
    for code, name, funding, unit, benefit, max_components, max_desil, exclusions, basis, order in PROGRAMS:
        if code not in programs:
            programs[code] = Program.objects.using(using).create(
                code=code, name=name, funding=funding, unit=unit, benefit_per_year=benefit,
                max_components=max_components, max_desil=max_desil, exclusions=exclusions, legal_basis=basis,
                order=order)
            created += 1
    existing = set(Component.objects.using(using).values_list("program__code", "code"))
    for program, code, name, amount, rule, order in COMPONENTS:
        if (program, code) not in existing and program in programs:
            Component.objects.using(using).create(program=programs[program], code=code, name=name,
                                                  amount_per_year=amount, rule=rule, order=order)
            created += 1
    pairs = {frozenset(pair) for pair in
             StackingRule.objects.using(using).values_list("program_a__code", "program_b__code")}
    for a, b, allowed, level, note in STACKING:
        if frozenset((a, b)) not in pairs and a in programs and b in programs:
            StackingRule.objects.using(using).create(program_a=programs[a], program_b=programs[b], allowed=allowed,
                                                     level=level, note=note)
            created += 1
    return created
