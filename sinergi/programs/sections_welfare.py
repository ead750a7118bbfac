"""The household page's welfare section (registered with sinergi.registry.sections): the desil in the
kabupaten/kota and the province, the score and the model, and the score explained variable by variable, with
a note when the family's data changed after the ranking was computed."""

from __future__ import annotations

from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from sinergi.accounts import scoping
from sinergi.registry.codes import Education
from sinergi.registry.sections import Section, register

from . import perms, pmt, welfare
from .views_welfare import signed


def _yes_no(value: float) -> str:
    return _("Ya") if value else _("Tidak")


def value_text(variable: pmt.Variable, value: float, facts: pmt.Facts, household) -> str:
    """The household's value of a variable in words ("Tanah", "4 orang", "Ya")."""
    if variable.kind == "category" and variable.source in pmt.HOUSING_CATEGORIES:
        return getattr(household, f"get_{variable.source}_display")() or "–"
    if variable.kind == "category":  # the head's education
        return str(dict(Education.choices).get(facts.head_education, "–"))
    if variable.kind == "flag":
        return _yes_no(value)
    if variable.kind == "hectare":
        if not facts.land_area_m2:
            return "–"
        return _("%(m2)s m² (%(ha)s ha)") % {"m2": formats.number_format(facts.land_area_m2, force_grouping=True),
                                             "ha": formats.number_format(facts.land_area_m2 / 10_000, 2)}
    if variable.kind == "log-size":
        return ngettext("%d orang", "%d orang", facts.size) % facts.size
    if variable.kind == "share":
        return _("%(children)d dari %(size)d orang") % {"children": facts.children, "size": facts.size}
    return ngettext("%d orang", "%d orang", int(value)) % int(value)


def welfare_context(request, household) -> dict[str, Any] | None:
    if not scoping.has_perm_for(request.user, perms.PROGRAMS_VIEW, household.desa_id):
        return None
    context = welfare.household_explanation(household)
    if context["model"] is None or context["error"]:
        return context
    rows, others = [], []
    for code, _label, value, weight, contribution in context["rows"]:
        variable = pmt.VARIABLES[code]
        if contribution:
            rows.append({"code": code, "label": variable.label_in(_), "value": value_text(variable, value,
                                                                                          context["facts"], household),
                         "weight": signed(weight), "contribution": signed(contribution), "raises": contribution > 0})
        else:
            others.append(variable.label_in(_))
    stored = context["stored"]
    context.update(
        explained=rows, not_applying=sorted(others), score_text=formats.number_format(context["score"], 3),
        intercept_text=formats.number_format(context["intercept"], 3),
        stored_score_text=formats.number_format(stored.score, 3) if stored else "",
    )
    return context


register(Section(key="welfare", title=gettext_lazy("Peringkat kesejahteraan"),
                 template="programs/welfare/section.html", order=45, context=welfare_context))
