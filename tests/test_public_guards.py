"""Tracking numbers, the offline bot check and the rate limiter behind the public pages."""

from __future__ import annotations

import time

import pytest
from django.core import signing
from django.core.cache import cache
from hypothesis import given
from hypothesis import strategies as st

from sinergi.core import botcheck, ratelimit
from sinergi.referrals.tracking import ALPHABET, new_tracking, normalise_tracking


def test_new_tracking_shape_and_uniqueness():
    numbers = {new_tracking("ADU") for _ in range(2000)}
    assert len(numbers) == 2000
    for number in list(numbers)[:50]:
        prefix, *groups = number.split("-")
        assert prefix == "ADU" and [len(g) for g in groups] == [4, 4, 4]
        assert set("".join(groups)) <= set(ALPHABET)


@pytest.mark.parametrize("typed, expected", [
    ("ADU-7KQ4-M2XD-9PZZ", "ADU-7KQ4-M2XD-9PZZ"),
    ("adu 7kq4 m2xd 9pzz", "ADU-7KQ4-M2XD-9PZZ"),
    ("ADU7KQ4M2XD9PZZ", "ADU-7KQ4-M2XD-9PZZ"),
    ("rjk-1o1l-i000-aaaa", "RJK-1011-1000-AAAA"),  # O/I/L typed for 0/1
    (" ADU_7KQ4.M2XD-9PZZ ", "ADU-7KQ4-M2XD-9PZZ"),
])
def test_normalise_tracking_accepts_how_people_type(typed, expected):
    assert normalise_tracking(typed) == expected


@pytest.mark.parametrize("typed", ["", "ADU", "XYZ-7KQ4-M2XD-9PZZ", "ADU-7KQ4-M2XD-9PZ", "ADU-7KQ4-M2XD-9PZZZ",
                                   "ADU-7KQ4-M2XD-9PZU", "SLRT-2026-000001", "' OR 1=1 --"])
def test_normalise_tracking_refuses_what_cannot_be_a_number(typed):
    assert normalise_tracking(typed) is None


@given(st.sampled_from(["ADU", "RJK"]))
def test_round_trip(prefix):
    number = new_tracking(prefix)
    assert normalise_tracking(number.lower().replace("-", " ")) == number


def _answer(challenge):
    a, b = challenge.question.split(" + ")
    return str(int(a) + int(b))


def test_botcheck_passes_a_person(monkeypatch):
    monkeypatch.setattr(botcheck, "MIN_SECONDS", 0)
    challenge = botcheck.new_challenge()
    time.sleep(0.01)
    assert botcheck.verify(token=challenge.token, answer=_answer(challenge), honeypot="") is None


@pytest.mark.parametrize("case", ["honeypot", "wrong-answer", "tampered", "too-fast"])
def test_botcheck_refuses(case, monkeypatch):
    challenge = botcheck.new_challenge()
    answer, token, honeypot = _answer(challenge), challenge.token, ""
    if case == "honeypot":
        honeypot = "http://spam.example"
    elif case == "wrong-answer":
        answer = str(int(answer) + 1)
    elif case == "tampered":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    if case != "too-fast":
        monkeypatch.setattr(botcheck, "MIN_SECONDS", 0)
        time.sleep(0.01)
    assert botcheck.verify(token=token, answer=answer, honeypot=honeypot) == case


def test_botcheck_refuses_an_expired_form(monkeypatch):
    signer = signing.TimestampSigner(salt=botcheck.SALT)
    monkeypatch.setattr(time, "time", lambda: 1_000_000.0)
    token = signer.sign_object({"sum": 5, "nonce": "x"})
    monkeypatch.setattr(time, "time", lambda: 1_000_000.0 + botcheck.MAX_SECONDS + 5)
    assert botcheck.verify(token=token, answer="5", honeypot="") == "expired"


@pytest.fixture
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def test_rate_limit_counts_per_client_and_window(_clean_cache):
    assert all(ratelimit.hit("t", "a", limit=3, window=60, now=120.0) for _ in range(3))
    assert not ratelimit.hit("t", "a", limit=3, window=60, now=121.0)
    assert ratelimit.hit("t", "b", limit=3, window=60, now=121.0)  # another client
    assert ratelimit.hit("other", "a", limit=3, window=60, now=121.0)  # another scope
    assert ratelimit.hit("t", "a", limit=3, window=60, now=180.0)  # the next window


def test_client_key_never_holds_the_ip():
    class Request:
        META = {"REMOTE_ADDR": "203.0.113.7"}

    key = ratelimit.client_key(Request())
    assert "203.0.113.7" not in key and key == ratelimit.client_key(Request())


def test_client_key_behind_the_proxy_uses_the_address_the_proxy_saw(settings):
    from django.test import RequestFactory

    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    spoofed = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    honest = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    neighbour = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert ratelimit.client_key(spoofed) == ratelimit.client_key(honest) != ratelimit.client_key(neighbour)
    settings.SECURE_PROXY_SSL_HEADER = None
    assert ratelimit.client_key(spoofed) == ratelimit.client_key(neighbour)  # no proxy trusted: REMOTE_ADDR
