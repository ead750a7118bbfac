import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from sinergi.core.formatting import rupiah


@pytest.mark.django_db
def test_indonesian_by_default_even_if_the_browser_asks_for_english(personas, client_for):
    client = client_for(personas["psm"])
    page = client.get(reverse("dashboards:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Beranda" in page and 'lang="id"' in page


@pytest.mark.django_db
def test_english_when_the_user_chooses_it(personas, client_for):
    client = client_for(personas["psm"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("dashboards:home")).content.decode()
    assert "Home" in page and "Beranda" not in page and 'lang="en"' in page


def test_dates_are_dd_mm_yyyy_with_indonesian_month_names():
    template = Template("{% load sinergi %}{{ d|tanggal }} · {{ d|tanggal_panjang }}")
    with translation.override("id"):
        assert template.render(Context({"d": dt.date(1975, 8, 12)})) == "12/08/1975 · 12 Agustus 1975"
    with translation.override("en"):
        assert template.render(Context({"d": dt.date(1975, 8, 12)})) == "12/08/1975 · 12 August 1975"


@pytest.mark.parametrize(("value", "shown"), [
    (1250000, "Rp 1.250.000"), (0, "Rp 0"), (Decimal("750000.50"), "Rp 750.001"), (-200000, "-Rp 200.000"),
    (None, "–"),
])
def test_rupiah(value, shown):
    assert rupiah(value) == shown


def test_english_catalogue_is_complete():
    """Every UI string has an English translation and none is fuzzy (Django ignores fuzzy entries)."""
    from pathlib import Path

    po = (Path(__file__).resolve().parent.parent / "sinergi/locale/en/LC_MESSAGES/django.po").read_text("utf-8")
    entries = po.split("\n\n")[1:]  # the first block is the header
    fuzzy = [e for e in entries if "#, fuzzy" in e]
    empty = [e for e in entries if e.rstrip().endswith('msgstr ""') or 'msgstr[1] ""' in e]
    assert fuzzy == [] and empty == []
