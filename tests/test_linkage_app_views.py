"""The linkage pages: the review queue with its filters (bad parameters never an error page), one pair, the
decisions posted from both, the runs with their progress and cancel, the merges with their unmerge, the
household page's section, the audit of every page showing persons, and the queue's fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sinergi.accounts import scoping
from sinergi.areas.models import Area
from sinergi.audit.models import AuditEntry
from sinergi.linkage import operations
from sinergi.linkage.models import CandidatePair, LinkRun, Merge, PairState, RunState
from sinergi.registry.models import Person
from tests.conftest import make_household

pytestmark = pytest.mark.django_db(databases=["default", "jobs"])

EVIDENCE = [
    ["name", "equal key", 11.2],
    ["nik", "missing", 0.0],
    ["dob", "equal", 12.24],
    ["area", "same kecamatan", -1.09],
    ["src", "a label the page does not know", -0.3],
]


def aceh_besar() -> Area:
    return Area.objects.get(code="11.06")


@pytest.fixture
def dup(world):
    _household, (person,) = make_household(
        world.desa_y,
        no_kk="",
        address="Dusun Mesjid",
        members=[
            dict(
                name="T. M. Nasir",
                sex="L",
                birth_date=dt.date(1975, 8, 12),
                relation="1",
                birth_place="Aceh Besar",
            )
        ],
    )
    return person


@pytest.fixture
def queued(world, dup):
    """A finished run over Aceh Besar with the head's re-registration pending."""
    started = operations.start_link_run(actor=None, regency=aceh_besar(), incremental=False, enqueue=False)
    operations.execute_run(started)
    return CandidatePair.objects.get(person_a=world.head, person_b=dup)


def add_pairs(world, count: int, *, desa=None, start: int = 0) -> list[CandidatePair]:
    """``count`` pending pairs written directly (the engine is not what these tests are about)."""
    desa = desa or world.desa_x
    run = LinkRun.objects.create(regency=aceh_besar(), state=RunState.DONE)
    pairs = []
    for i in range(start, start + count):
        _h, (a, b) = make_household(
            desa,
            no_kk="",
            address=f"Lorong {i}",
            members=[
                dict(name=f"Rahmat Hidayat {i}", sex="L", relation="1"),
                dict(name=f"Rahmad Hidayat {i}", sex="L", relation="4"),
            ],
        )
        pairs.append(
            CandidatePair.objects.create(
                run=run, person_a=a, person_b=b, desa=desa, probability=0.3 + (i % 7) / 10, evidence=EVIDENCE
            )
        )
    return pairs


# ------------------------------------------------------------------------------------------------- queue


def test_the_queue_shows_both_records_side_by_side_and_audits_the_view(world, personas, client_for, queued):
    response = client_for(personas["kab_operator"]).get(reverse("linkage:queue"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="pair-{queued.pk}"' in html
    assert "Teuku Muhammad Nasir" in html and "T. M. Nasir" in html
    assert world.head.nik not in html and world.head.masked_nik in html  # NIK masked
    assert "tanggal lahir" in html.lower() and "kosong di salah satu catatan" in html
    assert (
        'class="ev-for"' in html and f'id="accept-{queued.pk}"' in html and f'id="reject-{queued.pk}"' in html
    )
    assert "linkage/review.js" in html
    entry = AuditEntry.objects.filter(object_type="linkage.candidatepair", action="view").latest("id")
    assert entry.changes["pairs"] == [queued.pk]
    assert set(entry.changes["persons"]) == {str(world.head.pk), str(queued.person_b_id)}


def test_the_explanation_in_indonesian_with_unknown_labels_as_written(world, personas, client_for):
    (pair,) = add_pairs(world, 1)
    html = client_for(personas["kab_admin"]).get(reverse("linkage:pair", args=[pair.pk])).content.decode()
    assert "sama (setelah gelar dan ejaan lama diseragamkan)" in html
    assert "kecamatan sama, desa lain" in html
    assert "a label the page does not know" in html
    assert "+11,2" in html and "-1,1" in html


def test_filters_by_desa_score_and_run_and_sorts_the_uncertain_first(world, personas, client_for):
    in_x = add_pairs(world, 3)
    in_y = add_pairs(world, 2, desa=world.desa_y, start=10)
    client = client_for(personas["kab_operator"])
    url = reverse("linkage:queue")

    def shown(params):
        return [p.pk for p in client.get(url, params).context["pairs"]]

    assert set(shown({"desa": world.desa_y.code})) == {p.pk for p in in_y}
    assert set(shown({"min": "0.45", "max": "0.55"})) == {
        p.pk for p in in_x + in_y if 0.45 <= p.probability <= 0.55
    }
    assert set(shown({"min": "0.55", "max": "0.45"})) == set(shown({"min": "0.45", "max": "0.55"}))  # swapped
    assert set(shown({"proses": str(in_y[0].run_id)})) == {p.pk for p in in_y}
    by_doubt = shown({"urut": "ragu"})
    doubts = [abs(CandidatePair.objects.get(pk=pk).probability - 0.5) for pk in by_doubt]
    assert doubts == sorted(doubts)
    by_probability = [CandidatePair.objects.get(pk=pk).probability for pk in shown({})]
    assert by_probability == sorted(by_probability, reverse=True)


@pytest.mark.parametrize(
    "params",
    [
        {"min": "abc"},
        {"max": "5"},
        {"min": "-1"},
        {"desa": "99.99"},
        {"desa": "32.12.01.2001"},
        {"proses": "x"},
        {"proses": "999999"},
        {"urut": "drop table"},
        {"page": "abc"},
        {"page": "99999"},
        {"min": "nan"},
        {"max": "inf"},
        {"desa": "\x00"},
    ],
)
def test_bad_parameters_never_give_an_error_page(world, personas, client_for, params):
    add_pairs(world, 2)
    response = client_for(personas["kab_operator"]).get(reverse("linkage:queue"), params)
    assert response.status_code == 200
    if set(params) - {"page"}:
        assert response.context["notice"]
    assert len(response.context["pairs"]) == 2


def test_the_queue_runs_a_fixed_number_of_queries(world, personas, client_for):
    client = client_for(personas["kab_operator"])
    url = reverse("linkage:queue")

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    add_pairs(world, 2)
    few = queries()
    add_pairs(world, 15, start=20)
    many = queries()
    assert many == few
    # session, user, grants, desa choices, runs, count, page, sources, audit, unread count, session save (3)
    assert many <= 13


def test_a_pair_is_visible_only_where_both_records_are(world, personas, client_for, dup, django_user_model):
    """A reviewer of desa X alone does not see a pair whose other record lives in desa Y."""
    from sinergi.accounts.models import Assignment, Role

    (inside,) = add_pairs(world, 1)
    across = CandidatePair.objects.create(
        run=inside.run,
        person_a=world.head,
        person_b=dup,
        desa=world.desa_x,
        probability=0.9,
        evidence=EVIDENCE,
    )
    role = Role.objects.create(code="peninjau-desa", name="Peninjau desa", usual_level=4)
    role.permissions.add(
        *_permissions(
            "linkage.view_candidatepair",
            "linkage.review_pair",
            scoping.VIEW_REGISTRY,
            scoping.CHANGE_REGISTRY,
        )
    )
    user = django_user_model.objects.create_user(username="peninjau", password="x")
    Assignment.objects.create(user=user, role=role, area=world.desa_x)
    client = client_for(user)
    assert [p.pk for p in client.get(reverse("linkage:queue")).context["pairs"]] == [inside.pk]
    assert client.get(reverse("linkage:pair", args=[across.pk])).status_code == 404
    assert client.post(reverse("linkage:pair_accept", args=[across.pk])).status_code == 404
    assert client.get(reverse("linkage:runs")).status_code == 200  # no kabupaten: nothing to run
    assert (
        client.post(reverse("linkage:run_start"), {"kabupaten": "11.06", "jenis": "penuh"}).status_code == 404
    )


def _permissions(*names):
    from django.contrib.auth.models import Permission

    found = []
    for name in names:
        app_label, codename = name.split(".")
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


# --------------------------------------------------------------------------------------------- decisions


def test_accept_from_the_queue_merges_and_comes_back_to_the_next_pair(world, personas, client_for, queued):
    others = add_pairs(world, 2)
    client = client_for(personas["kab_operator"])
    queue = reverse("linkage:queue") + "?urut=ragu"
    page = client.get(queue)
    shown = page.context["pairs"]
    target = next(p for p in shown if p.pk == queued.pk)
    assert target.next_url.startswith(queue + "#pair-")
    response = client.post(
        reverse("linkage:pair_accept", args=[queued.pk]),
        {"keep": str(world.head.pk), "next": target.next_url},
    )
    assert response.status_code == 302 and response.url == target.next_url
    queued.refresh_from_db()
    assert queued.state == PairState.ACCEPTED
    merge = Merge.objects.get()
    assert merge.keep == world.head and merge.drop_id == queued.person_b_id
    after = client.get(queue)
    assert [p.pk for p in after.context["pairs"]] == [p.pk for p in shown if p.pk != queued.pk]
    assert "Digabung" in after.content.decode()
    assert {p.pk for p in after.context["pairs"]} == {p.pk for p in others}


def test_accept_keeping_the_other_record_and_a_keep_outside_the_pair(
    world, personas, client_for, queued, dup
):
    client = client_for(personas["kab_admin"])
    url = reverse("linkage:pair_accept", args=[queued.pk])
    client.post(url, {"keep": str(world.far.members.get().pk)})
    queued.refresh_from_db()
    assert queued.state == PairState.PENDING and not Merge.objects.exists()
    response = client.post(url, {"keep": str(dup.pk), "next": "https://evil.example/"})
    assert response.status_code == 302 and response.url == reverse("linkage:pair", args=[queued.pk])
    assert Merge.objects.get().keep == dup


def test_reject_with_a_note(world, personas, client_for, queued):
    client = client_for(personas["province_admin"])
    response = client.post(reverse("linkage:pair_reject", args=[queued.pk]), {"note": "Kembar"})
    assert response.status_code == 302
    queued.refresh_from_db()
    assert queued.state == PairState.REJECTED and queued.note == "Kembar"
    html = client.get(reverse("linkage:pair", args=[queued.pk])).content.decode()
    assert 'id="pair-note"' in html and "Kembar" in html and f'id="accept-{queued.pk}"' not in html
    # Deciding twice is a message, not an error page.
    again = client.post(reverse("linkage:pair_reject", args=[queued.pk]), follow=True)
    assert again.status_code == 200 and "sudah diputuskan" in again.content.decode()


def test_who_may_not_decide_gets_a_404(world, personas, client_for, queued):
    for persona in ("psm", "kecamatan_tksk", "slrt_desk", "desa_operator", "no_assignment"):
        client = client_for(personas[persona])
        assert client.post(reverse("linkage:pair_accept", args=[queued.pk])).status_code == 404
        assert client.post(reverse("linkage:pair_reject", args=[queued.pk])).status_code == 404
    assert client_for(None).post(reverse("linkage:pair_accept", args=[queued.pk])).status_code == 302
    queued.refresh_from_db()
    assert queued.state == PairState.PENDING


def test_the_pair_page_offers_the_nik_reveal_to_who_may(world, personas, client_for, queued):
    html = (
        client_for(personas["kab_operator"]).get(reverse("linkage:pair", args=[queued.pk])).content.decode()
    )
    assert reverse("registry:reveal_nik", args=[world.head.pk]) in html
    assert reverse("registry:household", args=[world.head.household_id]) in html
    assert AuditEntry.objects.filter(
        object_type="linkage.candidatepair", action="view", changes__pairs=[queued.pk]
    ).exists()


# -------------------------------------------------------------------------------------------------- runs


def test_runs_page_starts_polls_and_cancels_a_run(world, personas, client_for):
    client = client_for(personas["kab_operator"])
    html = client.get(reverse("linkage:runs")).content.decode()
    assert (
        'id="start-11.06"' in html and 'id="start-new-11.06"' not in html
    )  # nothing to be incremental on yet
    response = client.post(reverse("linkage:run_start"), {"kabupaten": "11.06", "jenis": "penuh"})
    assert response.status_code == 302
    run = LinkRun.objects.get()
    assert run.state == RunState.QUEUED and run.started_by == personas["kab_operator"] and not run.incremental
    again = client.post(reverse("linkage:run_start"), {"kabupaten": "11.06", "jenis": "penuh"}, follow=True)
    assert "sedang berjalan" in again.content.decode() and LinkRun.objects.count() == 1
    page = client.get(reverse("linkage:runs")).content.decode()
    assert (
        f'id="progress-{run.pk}"' in page
        and 'hx-trigger="every 2s"' in page
        and 'id="start-11.06"' not in page
    )
    polled = client.get(reverse("linkage:run_progress", args=[run.pk]))
    assert (
        polled.status_code == 200
        and "HX-Refresh" not in polled
        and "Menunggu giliran" in polled.content.decode()
    )
    assert client.post(reverse("linkage:run_cancel", args=[run.pk])).status_code == 302
    run.refresh_from_db()
    assert run.state == RunState.CANCELLED
    assert client.get(reverse("linkage:run_progress", args=[run.pk]))["HX-Refresh"] == "true"


def test_the_runs_page_shows_counts_and_offers_the_incremental_run(world, personas, client_for, queued):
    client = client_for(personas["kab_admin"])
    html = client.get(reverse("linkage:runs")).content.decode()
    run = queued.run
    assert f'id="run-{run.pk}"' in html and f"?proses={run.pk}" in html and 'id="start-new-11.06"' in html
    client.post(reverse("linkage:run_start"), {"kabupaten": "11.06", "jenis": "baru"})
    assert LinkRun.objects.latest("id").incremental


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"kabupaten": "11.06.07"},
        {"kabupaten": "32.12"},
        {"kabupaten": "x" * 30},
        {"kabupaten": "11.06", "jenis": "lain"},
    ],
)
def test_a_bad_start_is_a_404_or_a_full_run(world, personas, client_for, data):
    response = client_for(personas["kab_operator"]).post(reverse("linkage:run_start"), data)
    if data.get("kabupaten") == "11.06":
        assert response.status_code == 302  # an unknown kind is a full run
        assert not LinkRun.objects.get().incremental
    else:
        assert response.status_code == 404 and not LinkRun.objects.exists()


# ------------------------------------------------------------------------------------------------ merges


def test_merges_list_detail_and_unmerge(world, personas, client_for, queued, dup):
    client = client_for(personas["kab_operator"])
    merge = operations.accept_pair(actor=personas["kab_operator"], pair=queued)
    listing = client.get(reverse("linkage:merges"))
    assert listing.status_code == 200 and f'id="unmerge-{merge.pk}"' in listing.content.decode()
    assert AuditEntry.objects.filter(
        object_type="linkage.merge", action="view", changes__merges=[merge.pk]
    ).exists()
    detail = client.get(reverse("linkage:merge", args=[merge.pk])).content.decode()
    assert "T. M. Nasir" in detail and 'id="unmerge-button"' in detail
    response = client.post(reverse("linkage:unmerge", args=[merge.pk]), {"next": reverse("linkage:merges")})
    assert response.status_code == 302 and response.url == reverse("linkage:merges")
    merge.refresh_from_db()
    assert merge.undone_at is not None
    dup.refresh_from_db()
    assert dup.merged_into is None
    assert 'id="unmerge-button"' not in client.get(reverse("linkage:merge", args=[merge.pk])).content.decode()
    assert client.get(reverse("linkage:merges"), {"status": "dibatalkan"}).context["merges"] == [merge]
    assert client.get(reverse("linkage:merges"), {"status": "aktif"}).context["merges"] == []
    assert client.get(reverse("linkage:merges"), {"status": "zzz", "page": "-1"}).status_code == 200
    again = client.post(reverse("linkage:unmerge", args=[merge.pk]), follow=True)
    assert again.status_code == 200 and "sudah dibatalkan" in again.content.decode()
    for persona in ("psm", "kecamatan_tksk", "opd_api_client"):
        assert client_for(personas[persona]).get(reverse("linkage:merge", args=[merge.pk])).status_code == 404
        assert (
            client_for(personas[persona]).post(reverse("linkage:unmerge", args=[merge.pk])).status_code == 404
        )


def test_the_household_page_says_a_member_was_merged_away(world, personas, client_for, queued, dup):
    merge = operations.accept_pair(actor=personas["kab_operator"], pair=queued)
    reviewer = client_for(personas["kab_operator"]).get(
        reverse("registry:household", args=[dup.household_id])
    )
    html = reviewer.content.decode()
    assert f'id="merged-away-{dup.pk}"' in html and "Data ini telah digabung ke" in html
    assert reverse("linkage:merge", args=[merge.pk]) in html
    assert dup not in reviewer.context["sections"][0][1]["members"]
    # A registry reader without linkage rights sees the notice, not the linkage pages.
    reader = client_for(personas["pkh_facilitator"]).get(
        reverse("registry:household", args=[dup.household_id])
    )
    assert "Data ini telah digabung ke" in reader.content.decode()
    assert reverse("linkage:merge", args=[merge.pk]) not in reader.content.decode()
    kept = client_for(personas["kab_operator"]).get(reverse("registry:household", args=[world.home.pk]))
    assert 'id="merged-into-members"' in kept.content.decode()


def test_the_household_page_lists_pending_pairs_to_reviewers(world, personas, client_for, queued):
    html = (
        client_for(personas["kab_admin"])
        .get(reverse("registry:household", args=[world.home.pk]))
        .content.decode()
    )
    assert 'id="pending-pairs"' in html and reverse("linkage:pair", args=[queued.pk]) in html
    reader = (
        client_for(personas["psm"]).get(reverse("registry:household", args=[world.home.pk])).content.decode()
    )
    assert 'id="linkage"' not in reader


def test_the_menu_shows_pencocokan_to_who_may_review(world, personas, client_for):
    assert reverse("linkage:queue") in client_for(personas["kab_operator"]).get("/").content.decode()
    assert reverse("linkage:queue") not in client_for(personas["psm"]).get("/").content.decode()


def test_a_dropped_record_leaves_the_household_members(world, personas, client_for, dup):
    operations.merge_persons(actor=None, keep=world.head, drop=dup)
    members = Person.objects.filter(household=dup.household, merged_into__isnull=True)
    assert not members.exists()


def test_the_merges_list_runs_a_fixed_number_of_queries(world, personas, client_for):
    client = client_for(personas["kab_admin"])
    url = reverse("linkage:merges")

    def merge_some(count, start):
        for pair in add_pairs(world, count, start=start):
            operations.accept_pair(actor=None, pair=pair)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    merge_some(2, 0)
    few = queries()
    merge_some(10, 40)
    assert queries() == few


def test_explanation_lines_skip_malformed_evidence():
    from sinergi.linkage import explain

    lines = explain.lines(
        [["name"], ["dob", "equal", "x"], "junk", ["dob", "equal", 12.2], ["new", "lvl", -1]]
    )
    assert [(line.comparison, line.label, line.level, line.direction) for line in lines] == [
        ("dob", "Tanggal lahir", "sama", "for"),
        ("new", "new", "lvl", "against"),
    ]
    assert explain.lines(None) == []


def test_every_comparison_and_level_of_the_shipped_model_has_an_indonesian_label():
    from sinergi.linkage import engine, explain

    for comparison in engine.default_model().splink["comparisons"]:
        name = comparison["output_column_name"]
        assert explain.comparison_label(name) != name or name == "nik", name
        for level in comparison["comparison_levels"]:
            label = level["label_for_charts"]
            assert explain.level_label(name, label) != label, (name, label)
