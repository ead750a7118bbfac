"""One-door search: NIK, KK, name (typo-tolerant) or address, always inside the user's scope.

Name and address matching use trigrams: pg_trgm's word similarity with a GIN index on PostgreSQL; on SQLite an
FTS5 trigram index finds candidates and ``sinergi.core.trigram.word_similarity`` (registered as an SQL function)
scores them, so both databases rank alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import FloatField, Func, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

from sinergi.areas.models import subtree_q
from sinergi.core.names import normalise_name, search_key
from sinergi.core.nik import clean_digits
from sinergi.core.trigram import fts5_trigram_query, match_threshold

from .models import Household, Person

# Beyond this many candidates the user is asked to narrow the search: a result list nobody reads to the end
# is not worth computing, and it bounds the cost of a very common name.
MAX_CANDIDATES = 500


class Mode(StrEnum):
    ALL = "semua"
    NIK = "nik"
    KK = "kk"
    NAME = "nama"
    ADDRESS = "alamat"


class WordSimilarity(Func):
    """word_similarity(query, column) on PostgreSQL (pg_trgm); the registered Python twin on SQLite."""

    function = "sinergi_word_similarity"
    output_field = FloatField()

    def as_postgresql(self, compiler, conn, **extra):
        return super().as_sql(compiler, conn, function="word_similarity", **extra)


class Similarity(Func):
    """similarity(query, column): the whole strings, so a name with extra words ranks below an exact-length one."""

    function = "sinergi_similarity"
    output_field = FloatField()

    def as_postgresql(self, compiler, conn, **extra):
        return super().as_sql(compiler, conn, function="similarity", **extra)


@dataclass(frozen=True)
class Hit:
    household: Household
    person: Person | None
    score: float
    matched: str  # which field matched: nik, kk, nama, alamat


@dataclass(frozen=True)
class SearchOutcome:
    page: Page | None
    hits: list[Hit]
    mode: Mode
    truncated: bool
    message: str = ""


def classify(query: str) -> Mode:
    digits = clean_digits(query)
    if digits.isdigit() and len(digits) == 16:
        return Mode.NIK  # NIK and KK look alike; the NIK search also checks KK numbers
    return Mode.NAME


def _use_word_similarity_threshold(threshold: float) -> None:
    """On PostgreSQL, make the GIN index itself apply ``threshold``: the %> operator reads it from the session,
    so rows below it are never fetched. Set before every use (this module is its only reader), so a value left
    on a pooled connection never matters."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)", [str(threshold)])


def _text_matches(qs: QuerySet, column: str, fts_table: str, key: str, fields: tuple[str, ...]) -> list[tuple]:
    """``fields`` of the rows whose ``column`` matches ``key``, best first, at most MAX_CANDIDATES + 1."""
    threshold = match_threshold(key, settings.SINERGI_NAME_SIMILARITY)
    _use_word_similarity_threshold(threshold)
    return list(_text_candidates(qs, column, fts_table, key, threshold).values_list(*fields)[: MAX_CANDIDATES + 1])


def _text_candidates(qs: QuerySet, column: str, fts_table: str, key: str, threshold: float) -> QuerySet:
    # Filter on word similarity (a query may be part of a longer name), rank on its mean with whole-string
    # similarity: "MUHAMMAD AZRIL" before "MUHAMMAD AZRIL SAPUTRA" for the query "muhammad azriu".
    word_score = WordSimilarity(Value(key), column)
    rank = (word_score + Similarity(Value(key), column)) / Value(2.0)
    if connection.vendor == "postgresql":
        # %> is "word_similarity(rhs, lhs) >= pg_trgm.word_similarity_threshold": the GIN index answers it.
        qs = qs.filter(**{f"{column}__trigram_word_similar": key})
    else:
        match = fts5_trigram_query(key)
        if match is None:
            return qs.filter(**{f"{column}__startswith": key}).annotate(score=Value(1.0, FloatField()))
        table = connection.ops.quote_name(fts_table)
        # The table name is a constant of this module, quoted; the user's text goes in as a parameter.
        fts_sql = f"SELECT rowid FROM {table} WHERE {table} MATCH %s"  # noqa: S608
        qs = qs.filter(pk__in=RawSQL(fts_sql, [match]))  # noqa: S611
    return (qs.annotate(word_score=word_score, score=rank).filter(word_score__gte=threshold)
            .order_by("-score", "pk"))


def _ids_by_name(user, key: str, area_q: Q | None) -> list[tuple[int, int, float]]:
    qs = Person.objects.for_user(user).filter(merged_into__isnull=True)
    if area_q is not None:
        qs = qs.filter(area_q)
    return _text_matches(qs, "name_key", "registry_person_fts", key, ("pk", "household_id", "score"))


def _ids_by_address(user, key: str, area_q_household: Q | None) -> list[tuple[int, float]]:
    qs = Household.objects.for_user(user)
    if area_q_household is not None:
        qs = qs.filter(area_q_household)
    return _text_matches(qs, "address_key", "registry_household_fts", key, ("pk", "score"))


def find(user, query: str, *, mode: Mode | str = Mode.ALL, area: str = ""):
    """All matches (at most MAX_CANDIDATES + 1) as (household_id, person_id|None, score, matched), best first,
    with the mode actually used and a message for the user when the query cannot be searched as asked."""
    query = (query or "").strip()[:100]
    mode = Mode(mode) if mode in Mode._value2member_map_ else Mode.ALL
    if not query:
        return [], mode, ""
    search_addresses_too = False
    if mode == Mode.ALL:
        mode = classify(query)
        search_addresses_too = mode == Mode.NAME
    person_area_q = subtree_q("household__desa_id", area) if area else None
    household_area_q = subtree_q("desa_id", area) if area else None

    found: list[tuple[int, int | None, float, str]] = []
    if mode in (Mode.NIK, Mode.KK):
        digits = clean_digits(query)
        if not (digits.isdigit() and len(digits) == 16):
            return [], mode, "NIK dan No. KK terdiri dari 16 angka."
        if mode == Mode.NIK:
            persons = Person.objects.for_user(user).filter(nik=digits, merged_into__isnull=True)
            if person_area_q is not None:
                persons = persons.filter(person_area_q)
            found += [(h, p, 1.0, "nik") for p, h in persons.values_list("pk", "household_id")[:MAX_CANDIDATES]]
        households = Household.objects.for_user(user).filter(no_kk=digits)
        if household_area_q is not None:
            households = households.filter(household_area_q)
        found += [(h, None, 1.0, "kk") for h in households.values_list("pk", flat=True)[:MAX_CANDIDATES]]
        return found, mode, ""

    if mode == Mode.NAME:
        found += [(h, p, s, "nama") for p, h, s in _ids_by_name(user, search_key(query), person_area_q)]
    if mode == Mode.ADDRESS or search_addresses_too:
        named = {h for h, _p, _s, _m in found}
        found += [(h, None, s, "alamat") for h, s in _ids_by_address(user, normalise_name(query), household_area_q)
                  if h not in named]
    found.sort(key=lambda item: (-item[2], item[0], item[1] or 0))
    return found, mode, ""


def household_ids(user, query: str, *, mode: Mode | str = Mode.ALL, area: str = "") -> list[int]:
    found, _mode, _message = find(user, query, mode=mode, area=area)
    return list(dict.fromkeys(h for h, *_ in found[:MAX_CANDIDATES]))


def search(user, query: str, *, mode: Mode | str = Mode.ALL, area: str = "", page: int | str = 1) -> SearchOutcome:
    found, used_mode, message = find(user, query, mode=mode, area=area)
    if not found:
        return SearchOutcome(page=None, hits=[], mode=used_mode, truncated=False, message=message)
    truncated = len(found) > MAX_CANDIDATES
    paginator = Paginator(found[:MAX_CANDIDATES], settings.SINERGI_PAGE_SIZE)
    page_obj = paginator.get_page(page)
    return SearchOutcome(page=page_obj, hits=_load_hits(list(page_obj.object_list)), mode=used_mode,
                         truncated=truncated, message=message)


def _load_hits(rows: list[tuple[int, int | None, float, str]]) -> list[Hit]:
    """Two queries for a whole page, whatever its size."""
    households = Household.objects.select_related("desa__parent").in_bulk({h for h, *_ in rows})
    person_ids = {p for _h, p, *_ in rows if p}
    persons: dict[int, Person] = {}
    heads: dict[int, Person] = {}
    # The matched persons and every head of the page's households, in one query.
    for person in Person.objects.filter(Q(pk__in=person_ids) | Q(household_id__in=households.keys(), relation="1",
                                                            merged_into__isnull=True))\
            .order_by("-id"):
        if person.pk in person_ids:
            persons[person.pk] = person
        if person.relation == "1":
            heads[person.household_id] = person  # descending ids: the oldest head record wins
    hits = []
    for household_id, person_id, score, matched in rows:
        household = households[household_id]
        household.head = heads.get(household_id)
        hits.append(Hit(household=household, person=persons.get(person_id) if person_id else None,
                        score=round(score, 2), matched=matched))
    return hits
