"""The SLRT monthly report page and its PDF and XLSX downloads."""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from sinergi.accounts import scoping
from sinergi.areas.models import Area, Level
from sinergi.audit.log import record
from sinergi.audit.models import Action

from . import report as reports
from .models import VIEW_CASES

_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
FORMATS = {"xlsx": reports.XLSX_CONTENT_TYPE, "pdf": "application/pdf"}


class ReportForm(forms.Form):
    bulan = forms.CharField(label=gettext_lazy("Bulan"), required=False, max_length=7)

    def clean_bulan(self) -> tuple[int, int]:
        value = self.cleaned_data["bulan"].strip()
        today = timezone.localdate()
        if not value:
            return today.year, today.month
        match = _MONTH.fullmatch(value)
        # Before 2000 there was no SLRT; the floor also keeps a mistyped year from reaching datetime's limits.
        if not match or not 1 <= int(match[2]) <= 12 or int(match[1]) < 2000:
            raise forms.ValidationError(_("Bulan tidak dikenali. Tuliskan tahun dan bulan, misalnya %(example)s.")
                                        % {"example": f"{today:%Y-%m}"})
        year, month = int(match[1]), int(match[2])
        if (year, month) > (today.year, today.month):
            raise forms.ValidationError(_("Bulan itu belum berjalan, laporannya belum ada."))
        return year, month


def _area(user, code: str) -> Area:
    """The requested area, or 404 when it is unknown or lies wholly outside the user's scope (the same answer,
    so the page does not reveal which codes exist)."""
    area = Area.objects.select_related("parent__parent").filter(code=code).first()
    if area is None or not scoping.overlaps(user, VIEW_CASES, area.code):
        raise Http404
    return area


def _area_choices(scope: list[str], current: Area) -> list[tuple[str, str]]:
    """The user's areas and the kecamatan (or kabupaten) right under them: the areas a desk reports on. Any
    other overlapping area still works through ?wilayah=."""
    areas = Area.objects.filter(Q(code__in=scope) | Q(parent_id__in=scope, level__lte=Level.DISTRICT))
    choices = [(a.code, f"{'— ' if a.code not in scope else ''}{reports.area_label(a)}")
               for a in areas.order_by("code")]
    if current.code not in {code for code, _label in choices}:
        choices.insert(0, (current.code, reports.area_label(current)))
    return choices


@login_required
@require_GET
def monthly_report(request):
    scope = scoping.areas_for(request.user, VIEW_CASES)
    if not scope:
        raise Http404
    fmt = request.GET.get("format", "")
    if fmt and fmt not in FORMATS:
        raise Http404
    area = _area(request.user, request.GET.get("wilayah", "").strip() or scope[0])
    form = ReportForm(request.GET)
    context = {"form": form, "area": area, "area_choices": _area_choices(scope, area),
               "bulan": request.GET.get("bulan", "")}
    if not form.is_valid():
        return render(request, "referrals/report.html", context)

    year, month = form.cleaned_data["bulan"]
    result = reports.monthly_report(user=request.user, area_code=area.code, year=year, month=month)
    if fmt:
        record(actor=request.user, action=Action.EXPORT, object_type="referrals.report",
               object_id=f"{area.code}:{year}-{month:02d}", area_code=area.code, changes={"format": fmt})
        content = (reports.as_xlsx(result) if fmt == "xlsx"
                   else reports.as_pdf(result, letterhead=reports.letterhead(area)))
        response = HttpResponse(content, content_type=FORMATS[fmt])
        response["Content-Disposition"] = (
            f'attachment; filename="laporan-slrt-{area.code}-{year}-{month:02d}.{fmt}"')
        return response

    context.update({
        "report": result,
        "title": reports.title(result),
        "bulan": f"{year}-{month:02d}",
        # Each cell carries its column name, which phones show in place of the hidden table header.
        "tables": [{"heading": s.heading, "note": s.note, "columns": s.columns,
                    "rows": [list(zip(s.columns, row, strict=True)) for row in s.rows]}
                   for s in reports.as_sections(result)],
    })
    return render(request, "referrals/report.html", context)
