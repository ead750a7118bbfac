from django import template
from django.utils import formats

from sinergi.core.formatting import rupiah as _rupiah
from sinergi.core.nik import mask_nik

register = template.Library()


@register.filter
def rupiah(value):
    return _rupiah(value)


@register.filter(expects_localtime=True)
def tanggal(value):
    """dd/mm/yyyy in every language."""
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "–"


@register.filter(expects_localtime=True)
def tanggal_panjang(value):
    """12 Agustus 1975 (month name in the active language)."""
    return formats.date_format(value, "DATE_FORMAT") if value else "–"


@register.filter
def masked(value):
    return mask_nik(value or "")
