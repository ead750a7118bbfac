"""The cleaner remembers outcomes per distinct value (KK, date text): a cleaner that has seen many rows must
clean each row exactly as a fresh one does. NIK parsing has a shortcut for month lengths, checked here too."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from sinergi.imports.clean import RowCleaner

MAPPING = {"nik": "NIK", "no_kk": "KK", "nama": "NAMA", "jenis_kelamin": "JK", "tanggal_lahir": "TGL"}
TODAY = date(2026, 11, 25)

digits16 = st.text(alphabet="0123456789", min_size=16, max_size=16)
# Prefixes shared between rows so that the cache is hit, with serials that are sometimes 0000.
prefixes = st.sampled_from(["110607120875", "110607520875", "110607003175", "110607299200", "110613450101"])
serials = st.sampled_from(["0000", "0001", "0042", "9999"])
nik_like = st.one_of(
    digits16,
    st.builds(lambda p, s: p + s, prefixes, serials),
    st.builds(lambda p, s: f"'{p}{s}", prefixes, serials),
    st.builds(lambda p, s: f"{p}{s}.0", prefixes, serials),
    st.builds(lambda p, s: f"{p[:6]} {p[6:]}{s}", prefixes, serials),
    st.sampled_from(["", "3.20101E+15", "12345", "11060712087500011"]),
)
dates = st.sampled_from(["", "12/08/1975", "12-08-75", "1975-08-12", "12 Agustus 1975", "12-AGT-1975", "1975",
                         "31/02/1990", "kemarin", "27653", "05/13/2001"])
sexes = st.sampled_from(["", "L", "P", "laki-laki", "X"])
rows = st.lists(st.fixed_dictionaries({"NIK": nik_like, "KK": nik_like, "NAMA": st.just("SITI AMINAH"),
                                       "JK": sexes, "TGL": dates}), min_size=1, max_size=40)


def outcome(result):
    return result.cleaned, [p.as_dict() for p in result.problems], result.notes


@settings(max_examples=200, deadline=None)
@given(rows)
def test_a_cleaner_that_has_seen_other_rows_cleans_like_a_fresh_one(values):
    shared = RowCleaner(mapping=MAPPING, kind="dtks", resolver=None, today=TODAY)
    for row in values:
        fresh = RowCleaner(mapping=MAPPING, kind="dtks", resolver=None, today=TODAY)
        assert outcome(shared.clean(row)) == outcome(fresh.clean(row))


@given(st.integers(0, 99), st.integers(0, 99), st.integers(0, 99))
def test_nik_date_check_matches_the_calendar(day, month, yy):
    import calendar

    from sinergi.core.nik import _date_possible

    expected = 1 <= month <= 12 and any(1 <= day <= calendar.monthrange(c + yy, month)[1] for c in (1900, 2000))
    assert _date_possible(day, month, yy) == expected


def test_female_and_male_nik_with_the_same_prefix_are_told_apart():
    cleaner = RowCleaner(mapping=MAPPING, kind="dtks", resolver=None, today=TODAY)
    male = cleaner.clean({"NIK": "1106071208750001", "NAMA": "A"})
    female = cleaner.clean({"NIK": "1106075208750001", "NAMA": "B"})
    zero = cleaner.clean({"NIK": "1106071208750000", "NAMA": "C"})
    assert male.cleaned["jenis_kelamin"] == "L" and female.cleaned["jenis_kelamin"] == "P"
    assert male.cleaned["nik"] == "1106071208750001"
    assert "nik" not in zero.cleaned and zero.problems[0].code == "nik_invalid"


def test_created_fields_is_the_audit_diff_of_a_new_record():
    from sinergi.audit.log import diff
    from sinergi.imports.planner import created_fields
    from sinergi.registry.codes import Relation

    values = {"nik": "1106071208750001", "name": "Hj. SITI aminah, S.Pd", "birth_date": date(1975, 8, 12),
              "relation": Relation.HEAD, "rt": "", "occupation": None}
    assert created_fields(values) == diff({}, values)
