"""Who may receive a programme, and how much: the catalogue's rules applied to one household. Framework-free.

The Django side (:mod:`sinergi.programs.operations`) turns a ``Program`` into :class:`ProgramRules` and a
``Household`` with its members and welfare score into :class:`HouseholdSnapshot`; everything here is plain data
in, a :class:`Decision` out, so every rule is tested without a database.

Rules:

* Desil: a household above the programme's ``max_desil`` is not eligible; a household without a desil (no
  welfare score yet) is not eligible either ("belum ada peringkat"), unless the programme sets no limit.
* Exclusions (codes of ``Program.exclusions``): ``asn-tni-polri`` any active member whose occupation names a
  civil servant, soldier or police officer; ``mobil`` / ``ac`` the household's assets; ``lahan-luas`` land of
  at least :data:`LARGE_LAND_M2`; ``meninggal`` / ``pindah`` the person (person programmes) or the household
  (household programmes: every member deceased or moved away, or the household itself moved or dissolved).
* Components (PKH, PIP): a member qualifies for a component when every key of its ``rule`` holds: ``age_min``
  and ``age_max`` (completed years, inclusive), ``sex`` ("L"/"P"), ``disability`` (codes; "*" any). Only
  active members qualify. A rule key the registry cannot know, such as ``pregnant``, never qualifies anyone
  here: the registry does not record pregnancies, so an ibu hamil component comes only from an imported list
  or a manual enrolment, never from an eligibility query.
* A member is counted once, for the component worth most to them (a disabled child is counted as disabled or
  as a pupil, not both). ``max_components`` caps how many members count, keeping the highest amounts.
* Amount per year: household programmes pay the sum of the counted components, or ``benefit_per_year`` when the
  programme has no components; a household programme with components needs at least one qualifying member.
  Person programmes pay each eligible person their best component, or ``benefit_per_year``.
* Stacking: :func:`forbidden_pairs` lists the pairs of programmes a household holds that a rule forbids.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


def _(message: str) -> str:
    """Marks a message for translation (makemessages picks up ``_``) without importing Django; the page that
    shows a reason passes its message through gettext."""
    return message


# A seed value: half a hectare. A family farming more land than that is rarely among the poorest; most poor
# farming families own a small plot or none. Change it here when the Dinas Sosial sets its own threshold.
LARGE_LAND_M2 = 5000

HOUSEHOLD = "keluarga"
PERSON = "jiwa"
ACTIVE = "aktif"
DECEASED = "meninggal"
MOVED_AWAY = "pindah"
HOUSEHOLD_GONE = {"pindah", "bubar"}

CIVIL_SERVANT = "asn-tni-polri"
CAR = "mobil"
AIR_CONDITIONER = "ac"
LARGE_LAND = "lahan-luas"

# Whole words (after lower-casing) that name a civil servant, soldier or police officer in a KK's occupation
# field. "Guru" is deliberately absent: honorary teachers (guru honorer) are common among the poor, and a
# teacher who is a civil servant is written "Guru PNS".
CIVIL_SERVANT_WORDS = frozenset({"pns", "asn", "tni", "polri", "polisi"})
CIVIL_SERVANT_PHRASES = ("pegawai negeri",)
# Rule keys this module evaluates; any other key (e.g. "pregnant") makes a component unreachable here.
KNOWN_RULE_KEYS = frozenset({"age_min", "age_max", "sex", "disability"})

REASON_MESSAGES = {
    "no-desil": _("Keluarga belum ada peringkat kesejahteraan (desil)."),
    "desil": _("Desil %(desil)s di atas batas program (desil %(max)s)."),
    CIVIL_SERVANT: _("Ada anggota keluarga ASN/TNI/Polri: %(name)s."),
    CAR: _("Keluarga memiliki mobil."),
    AIR_CONDITIONER: _("Keluarga memiliki AC."),
    LARGE_LAND: _("Keluarga memiliki lahan %(area)s m² (batas %(limit)s m²)."),
    DECEASED: _("Sudah meninggal dunia."),
    MOVED_AWAY: _("Sudah pindah keluar wilayah."),
    "household-deceased": _("Semua anggota keluarga sudah meninggal."),
    "household-moved": _("Keluarga sudah pindah atau bubar."),
    "household-empty": _("Semua anggota keluarga sudah meninggal atau pindah."),
    "no-component": _("Tidak ada anggota yang memenuhi syarat komponen program."),
    "no-member": _("Tidak ada anggota yang memenuhi syarat."),
}


@dataclass(frozen=True)
class ComponentRule:
    code: str
    amount_per_year: int
    rule: Mapping[str, Any] = field(default_factory=dict)
    order: int = 100


@dataclass(frozen=True)
class ProgramRules:
    code: str
    unit: str  # HOUSEHOLD or PERSON
    benefit_per_year: int = 0
    max_desil: int | None = None
    exclusions: tuple[str, ...] = ()
    components: tuple[ComponentRule, ...] = ()
    max_components: int | None = None

    @property
    def per_person(self) -> bool:
        return self.unit == PERSON


@dataclass(frozen=True)
class MemberSnapshot:
    id: Any
    age: int | None  # completed years on the reference day; None when the birth date is unknown
    sex: str = ""
    disability: str = ""
    status: str = ACTIVE
    occupation: str = ""
    name: str = ""

    @property
    def active(self) -> bool:
        return self.status == ACTIVE


@dataclass(frozen=True)
class HouseholdSnapshot:
    desil: int | None
    has_car: bool = False
    has_ac: bool = False
    land_area_m2: int | None = None
    status: str = ACTIVE
    members: tuple[MemberSnapshot, ...] = ()
    id: Any = None


@dataclass(frozen=True)
class Reason:
    code: str
    message: str


@dataclass
class PersonDecision:
    """A person programme's answer for one member."""

    member_id: Any
    eligible: bool
    reasons: list[Reason] = field(default_factory=list)
    components: dict[str, int] = field(default_factory=dict)
    annual_amount: int = 0


@dataclass
class Decision:
    eligible: bool
    reasons: list[Reason] = field(default_factory=list)
    # Every component each active member qualifies for, best first: {member id: ["sd", "disabilitas-berat"]}.
    member_components: dict[Any, list[str]] = field(default_factory=dict)
    # What is paid: counted members per component after the one-per-member rule and the cap ({"sd": 2}).
    components: dict[str, int] = field(default_factory=dict)
    annual_amount: int = 0
    # Person programmes: one entry per member, eligible or not.
    persons: list[PersonDecision] = field(default_factory=list)

    @property
    def eligible_persons(self) -> list[PersonDecision]:
        return [p for p in self.persons if p.eligible]


def age_on(birth_date: datetime.date | None, day: datetime.date) -> int | None:
    """Completed years on ``day``: a child born on 10 July 2019 is 7 from 10 July 2026, not a day earlier.
    Someone born on 29 February has their birthday on 1 March in other years."""
    if birth_date is None:
        return None
    years = day.year - birth_date.year
    return years - ((day.month, day.day) < (birth_date.month, birth_date.day))


def is_civil_servant(occupation: str) -> bool:
    text = " ".join(re.split(r"[^0-9a-z]+", (occupation or "").lower())).strip()
    if not text:
        return False
    return bool(CIVIL_SERVANT_WORDS & set(text.split())) or any(p in text for p in CIVIL_SERVANT_PHRASES)


def _reason(code: str, **values: Any) -> Reason:
    message = REASON_MESSAGES[code]
    return Reason(code, message % values if values else message)


def component_qualifies(component: ComponentRule, member: MemberSnapshot) -> bool:
    rule = component.rule or {}
    if not member.active or set(rule) - KNOWN_RULE_KEYS:
        return False
    if "age_min" in rule or "age_max" in rule:
        if member.age is None:
            return False
        if "age_min" in rule and member.age < int(rule["age_min"]):
            return False
        if "age_max" in rule and member.age > int(rule["age_max"]):
            return False
    if "sex" in rule and member.sex != rule["sex"]:
        return False
    if "disability" in rule:
        wanted = list(rule["disability"] or [])
        if not member.disability or ("*" not in wanted and member.disability not in wanted):
            return False
    return True


def _ranked(components: Iterable[ComponentRule]) -> list[ComponentRule]:
    return sorted(components, key=lambda c: (-c.amount_per_year, c.order, c.code))


def qualifying_components(rules: ProgramRules, member: MemberSnapshot) -> list[ComponentRule]:
    """The member's components, the one worth most first."""
    return [c for c in _ranked(rules.components) if component_qualifies(c, member)]


def _household_exclusions(rules: ProgramRules, household: HouseholdSnapshot) -> list[Reason]:
    """Reasons that exclude the whole household (person programmes too: the assets are the family's)."""
    reasons: list[Reason] = []
    exclusions = set(rules.exclusions)
    if rules.max_desil is not None:
        if household.desil is None:
            reasons.append(_reason("no-desil"))
        elif household.desil > rules.max_desil:
            reasons.append(_reason("desil", desil=household.desil, max=rules.max_desil))
    if CIVIL_SERVANT in exclusions:
        servant = next((m for m in household.members if m.active and is_civil_servant(m.occupation)), None)
        if servant is not None:
            reasons.append(_reason(CIVIL_SERVANT, name=servant.name or servant.occupation))
    if CAR in exclusions and household.has_car:
        reasons.append(_reason(CAR))
    if AIR_CONDITIONER in exclusions and household.has_ac:
        reasons.append(_reason(AIR_CONDITIONER))
    if LARGE_LAND in exclusions and (household.land_area_m2 or 0) >= LARGE_LAND_M2:
        reasons.append(_reason(LARGE_LAND, area=household.land_area_m2, limit=LARGE_LAND_M2))
    if MOVED_AWAY in exclusions and household.status in HOUSEHOLD_GONE:
        reasons.append(_reason("household-moved"))
    return reasons


def _household_gone(rules: ProgramRules, household: HouseholdSnapshot) -> list[Reason]:
    """Household programmes: nobody is left to receive it (a moved or dissolved KK is handled with the
    household's exclusions)."""
    exclusions = set(rules.exclusions)
    statuses = {m.status for m in household.members}
    if not statuses or ACTIVE in statuses or household.status in HOUSEHOLD_GONE:
        return []
    if statuses == {DECEASED}:
        return [_reason("household-deceased")] if DECEASED in exclusions else []
    if statuses == {MOVED_AWAY}:
        return [_reason("household-moved")] if MOVED_AWAY in exclusions else []
    if statuses <= {DECEASED, MOVED_AWAY} and {DECEASED, MOVED_AWAY} <= exclusions:
        return [_reason("household-empty")]
    return []


def _person_exclusions(rules: ProgramRules, member: MemberSnapshot) -> list[Reason]:
    exclusions = set(rules.exclusions)
    if DECEASED in exclusions and member.status == DECEASED:
        return [_reason(DECEASED)]
    if MOVED_AWAY in exclusions and member.status == MOVED_AWAY:
        return [_reason(MOVED_AWAY)]
    return []


def _counted(rules: ProgramRules, member_components: dict[Any, list[ComponentRule]]) -> list[ComponentRule]:
    """One component per member (their best), then the cap keeping the highest amounts."""
    best = _ranked(found[0] for found in member_components.values() if found)
    if rules.max_components is not None:
        best = best[: rules.max_components]
    return best


def decide(rules: ProgramRules, household: HouseholdSnapshot) -> Decision:
    """Whether the household (household programmes) or which of its members (person programmes) may receive
    the programme, with the reasons when not, the components and the amount per year."""
    found = {m.id: qualifying_components(rules, m) for m in household.members}
    member_components = {member_id: [c.code for c in comps] for member_id, comps in found.items() if comps}
    reasons = _household_exclusions(rules, household)
    if rules.per_person:
        return _decide_persons(rules, household, reasons, found, member_components)
    reasons += _household_gone(rules, household)
    counted = _counted(rules, found) if rules.components else []
    if rules.components and not counted:
        reasons.append(_reason("no-component"))
    components = dict(Counter(c.code for c in counted))
    amount = sum(c.amount_per_year for c in counted) if rules.components else rules.benefit_per_year
    eligible = not reasons
    return Decision(eligible=eligible, reasons=reasons, member_components=member_components, components=components,
                    annual_amount=amount if eligible else 0)


def _decide_persons(rules: ProgramRules, household: HouseholdSnapshot, household_reasons: list[Reason],
                    found: dict[Any, list[ComponentRule]], member_components: dict[Any, list[str]]) -> Decision:
    persons = []
    for member in household.members:
        reasons = list(household_reasons) + _person_exclusions(rules, member)
        components: dict[str, int] = {}
        amount = rules.benefit_per_year
        if rules.components:
            best = found.get(member.id) or []
            if best:
                components, amount = {best[0].code: 1}, best[0].amount_per_year
            else:
                reasons.append(_reason("no-component"))
        eligible = not reasons
        persons.append(PersonDecision(member_id=member.id, eligible=eligible, reasons=reasons,
                                      components=components if eligible else {},
                                      annual_amount=amount if eligible else 0))
    chosen = [p for p in persons if p.eligible]
    reasons = [] if chosen else (list(household_reasons) or [_reason("no-member")])
    totals: Counter[str] = Counter()
    for person in chosen:
        totals.update(person.components)
    return Decision(eligible=bool(chosen), reasons=reasons, member_components=member_components,
                    components=dict(totals), annual_amount=sum(p.annual_amount for p in chosen), persons=persons)


def paid_components(rules: ProgramRules, household: HouseholdSnapshot, member_id: Any = None) -> dict[str, int]:
    """The components an enrolment carries whether or not the household is eligible (a manual or imported
    enrolment is the programme's decision, the inclusion checks judge it): the household's counted components,
    or, for a person programme, the member's best one."""
    if rules.per_person:
        member = next((m for m in household.members if m.id == member_id), None)
        best = qualifying_components(rules, member) if member is not None else []
        return {best[0].code: 1} if best else {}
    found = {m.id: qualifying_components(rules, m) for m in household.members}
    return dict(Counter(c.code for c in _counted(rules, found)))


def amount_for(rules: ProgramRules, components: Mapping[str, int]) -> int:
    """The amount per year of an enrolment whose components are given (an imported list, a manual entry):
    each counted member at their component's amount, capped like :func:`decide` (a person programme's
    enrolment is one person: their best component); the flat benefit without components. Unknown component
    codes count nothing."""
    by_code = {c.code: c for c in rules.components}
    if not by_code:
        return rules.benefit_per_year
    instances = _ranked(by_code[code] for code, count in components.items() if code in by_code
                        for _i in range(max(0, int(count))))
    if rules.per_person:
        instances = instances[:1]  # a person is paid once, at their best component
    elif rules.max_components is not None:
        instances = instances[: rules.max_components]
    return sum(c.amount_per_year for c in instances)


@dataclass(frozen=True)
class StackingPair:
    program_a: str
    program_b: str
    allowed: bool
    level: str = HOUSEHOLD
    note: str = ""


def forbidden_pairs(held: Iterable[str], rules: Iterable[StackingPair]) -> list[tuple[str, str]]:
    """The pairs of programmes in ``held`` that a rule says may not be received together, each pair sorted,
    the list sorted. Rules are symmetric; pairs without a rule are allowed."""
    codes = set(held)
    pairs = {tuple(sorted((r.program_a, r.program_b))) for r in rules
             if not r.allowed and r.program_a in codes and r.program_b in codes and r.program_a != r.program_b}
    return sorted(pairs)  # type: ignore[arg-type]
