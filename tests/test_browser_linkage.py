"""The review queue in the browser (the issue's acceptance): the kabupaten's operator opens the queue after a
run, accepts one pair with the keyboard (a), rejects the next one (r), opens the merges and unmerges the merge;
the database is checked after each step. The queue must also fit a 360 px phone."""

import datetime as dt
import re

import pytest

from sinergi.areas.models import Area
from sinergi.linkage import operations
from sinergi.linkage.models import CandidatePair, Merge, PairState
from tests.browser import log_in
from tests.conftest import PASSWORD, make_household

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases=["default", "jobs"])]


@pytest.fixture
def queue(world, personas):
    """Two re-registrations in desa Y: the head of ``home`` (T. M. Nasir, no NIK) and his wife (Siti Aminah with
    her title left out); one full run puts both pairs in the queue."""
    _h, (head_again,) = make_household(
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
    _h, (wife_again,) = make_household(
        world.desa_y,
        no_kk="",
        address="Dusun Mesjid",
        members=[dict(name="Siti Aminah", sex="P", birth_date=dt.date(1980, 1, 5), relation="1")],
    )
    started = operations.start_link_run(
        actor=None, regency=Area.objects.get(code="11.06"), incremental=False, enqueue=False
    )
    operations.execute_run(started)
    wife = world.home.members.get(name__startswith="Hj.")
    head_pair = CandidatePair.objects.get(person_a=world.head, person_b=head_again, state=PairState.PENDING)
    wife_pair = CandidatePair.objects.get(person_a=wife, person_b=wife_again, state=PairState.PENDING)
    return head_pair, wife_pair


def test_accept_reject_with_the_keyboard_then_unmerge(page, live_server, personas, world, queue):
    head_pair, wife_pair = queue
    base = live_server.url
    log_in(page, base, "kab_operator", PASSWORD)
    page.click("nav.menu >> text=Pencocokan")
    page.wait_for_url(re.compile(r"/pencocokan/"))
    page.wait_for_selector("body[data-review-keys=ready]")
    # Only these two pairs: the queue filtered to desa X (where the smaller ids live), the surest first.
    page.select_option("#id_desa", world.desa_x.code)
    page.click("#filters button[type=submit]")
    page.wait_for_url(re.compile(r"desa="))
    page.wait_for_selector("body[data-review-keys=ready]")
    cards = page.locator("[data-pair]")
    assert cards.count() >= 2

    # Move with j/k to the head's pair, accept it with "a" (the record with the NIK is kept by default).
    for _ in range(cards.count()):
        if page.locator(f"#pair-{head_pair.pk}.current").count():
            break
        page.keyboard.press("j")
    page.wait_for_selector(f"#pair-{head_pair.pk}.current")
    with page.expect_navigation():
        page.keyboard.press("a")
    page.wait_for_selector("body[data-review-keys=ready]")
    assert page.locator(f"#pair-{head_pair.pk}").count() == 0
    assert "Digabung" in page.locator(".messages").inner_text()
    head_pair.refresh_from_db()
    assert head_pair.state == PairState.ACCEPTED
    merge = Merge.objects.get()
    assert (
        merge.keep == world.head
        and merge.drop_id == head_pair.person_b_id
        and merge.actor == personas["kab_operator"]
    )
    assert merge.drop.__class__.objects.get(pk=merge.drop_id).merged_into_id == world.head.pk

    # The queue came back at the pair after the decided one; go to the wife's pair and reject it with "r".
    for _ in range(page.locator("[data-pair]").count()):
        if page.locator(f"#pair-{wife_pair.pk}.current").count():
            break
        page.keyboard.press("k")
    page.wait_for_selector(f"#pair-{wife_pair.pk}.current")
    with page.expect_navigation():
        page.keyboard.press("r")
    page.wait_for_selector("body[data-review-keys=ready]")
    assert page.locator(f"#pair-{wife_pair.pk}").count() == 0
    wife_pair.refresh_from_db()
    assert wife_pair.state == PairState.REJECTED and wife_pair.decided_by == personas["kab_operator"]

    # Merges: undo the merge; both records come back and the pair returns to the queue.
    page.click(".section-nav >> text=Penggabungan")
    page.wait_for_url(re.compile(r"/pencocokan/penggabungan/"))
    page.click(f"#unmerge-{merge.pk}")
    page.wait_for_selector(".messages >> text=Penggabungan dibatalkan")
    merge.refresh_from_db()
    assert merge.undone_at is not None and merge.undone_by == personas["kab_operator"]
    assert merge.drop.__class__.objects.get(pk=merge.drop_id).merged_into_id is None
    head_pair.refresh_from_db()
    assert head_pair.state == PairState.PENDING


def test_the_queue_fits_a_phone(phone, live_server, personas, world, queue):
    head_pair, _wife_pair = queue
    base = live_server.url
    log_in(phone, base, "kab_admin", PASSWORD)
    phone.goto(f"{base}/pencocokan/")
    phone.wait_for_selector(f"#pair-{head_pair.pk}")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert phone.locator(f"#accept-{head_pair.pk}").is_visible()
    # Without the keyboard: the buttons are plain forms.
    with phone.expect_navigation():
        phone.click(f"#reject-{head_pair.pk}")
    head_pair.refresh_from_db()
    assert head_pair.state == PairState.REJECTED
