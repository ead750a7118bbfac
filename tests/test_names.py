"""Name normalisation and search keys (no database)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sinergi.core.names import normalise_name, old_spelling_to_new, search_key


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Degrees after a comma, honorifics in front.
        ("Hj. SITI aminah, S.Pd", "SITI AMINAH"),
        ("Drs. H. Moehammad Djoko, M.M.", "MOEHAMMAD DJOKO"),
        ("Prof. Dr. Ir. H. Ahmad Sanusi, S.Pd.I, M.Pd", "AHMAD SANUSI"),
        ("dr. Rina Wulandari, Sp.OG", "RINA WULANDARI"),
        ("Dra. Endang, M.Si.", "ENDANG"),
        ("Ns. Putri, S.Kep., Ns.", "NS PUTRI"),  # a leading Ns. is not treated as an honorific
        ("Suparman, ST", "SUPARMAN"),
        ("Suparman, SE, MM", "SUPARMAN"),
        ("Sri Wahyuni, A.Md.Keb", "SRI WAHYUNI"),
        ("Siti, S. Pd", "SITI"),  # a degree written with a space is still one comma part
        ("Bambang,S.H.,M.H.", "BAMBANG"),
        ("KH. Ahmad Dahlan", "AHMAD DAHLAN"),
        # Dotted degrees at the end without a comma.
        ("Siti Aminah S.Pd.", "SITI AMINAH"),
        ("Siti Aminah S.Pd. M.Pd.", "SITI AMINAH"),
        # Honorifics glued to the name by a dot.
        ("HJ.SITI AMINAH", "SITI AMINAH"),
        ("H.M. Soeharto", "M SOEHARTO"),
    ],
)
def test_titles_removed(raw, expected):
    assert normalise_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Dede", "DEDE"),
        ("H", "H"),  # an honorific with nothing after it is the whole name
        ("Hj.", "HJ"),
        ("Dr", "DR"),
        ("Hadi Susanto", "HADI SUSANTO"),  # starts with H, but not the honorific H
        ("Irawati", "IRAWATI"),
        ("Suparman SE", "SUPARMAN SE"),  # undotted and without a comma: may be a name
        ("Rahmat ST", "RAHMAT ST"),
        ("Slamet S.T.", "SLAMET"),
        ("S.E.", "S E"),  # never strip the last word
        ("Ahmad S.", "AHMAD S"),  # an initial is not a degree
        ("Aminah, Siti", "AMINAH SITI"),  # not a degree after the comma: kept
        ("Aminah, Siti, S.Pd", "AMINAH SITI"),
        ("Ahmad bin Abdullah", "AHMAD BIN ABDULLAH"),
        ("Siti Binti Umar", "SITI BINTI UMAR"),
        ("Ahmad Sanusi H", "AHMAD SANUSI H"),  # H only counts at the front
    ],
)
def test_real_names_kept(raw, expected):
    assert normalise_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("José Núñez", "JOSE NUNEZ"),
        ("  siti    aminah  ", "SITI AMINAH"),
        ("Siti\tAminah\n", "SITI AMINAH"),
        ("Ma'ruf Amin", "MARUF AMIN"),
        ("Ma\u2019ruf", "MARUF"),
        ("Nur-Halimah", "NUR HALIMAH"),
        ("Siti (Ani) Aminah", "SITI ANI AMINAH"),
        ("ＳＩＴＩ", "SITI"),  # full-width letters, NFKC
        ("", ""),
        ("  ", ""),
        (", S.Pd", "S PD"),  # no name before the comma: nothing is treated as a degree
    ],
)
def test_unicode_punctuation_and_whitespace(raw, expected):
    assert normalise_name(raw) == expected


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("SOEDJATMIKO", "SUJATMIKO"),
        ("DJOKO", "JOKO"),
        ("TJUT NJA DHIEN", "CUT NYA DHIEN"),
        ("SJAHRIR", "SYAHRIR"),
        ("CHAIRIL", "KHAIRIL"),
        ("SOENDJOJO", "SUNJOJO"),  # one pass: the NJ left by DJ -> J is not turned into NY
        ("SUJATMIKO", "SUJATMIKO"),
        ("", ""),
    ],
)
def test_old_spelling_to_new(old, new):
    assert old_spelling_to_new(old) == new


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Soedjatmiko", "SUJATMIKO"),
        ("Sujatmiko", "SUJATMIKO"),
        ("Drs. H. Moehammad Djoko, M.M.", "MUHAMMAD JOKO"),
        ("Hj. Tjoet Nja' Dhien", "CUT NYA DHIEN"),
        ("Hj. SITI aminah, S.Pd", "SITI AMINAH"),
    ],
)
def test_search_key(raw, key):
    assert search_key(raw) == key


@given(st.text())
def test_normalise_name_is_idempotent(raw):
    once = normalise_name(raw)
    assert normalise_name(once) == once


@given(st.text())
def test_normalise_name_output_is_clean(raw):
    result = normalise_name(raw)
    assert result == result.strip()
    assert "  " not in result
    assert all(ch.isalnum() or ch == " " for ch in result)
    assert result == result.upper()


@pytest.mark.parametrize(
    ("modern", "old"),
    [("YOSEF PANJAITAN", "YOSEF PANDJAITAN"), ("SINJAI", "SINDJAI"), ("NYOMAN", "NJOMAN")],
)
def test_modern_and_old_spelling_share_a_key(modern, old):
    assert search_key(modern) == search_key(old)
