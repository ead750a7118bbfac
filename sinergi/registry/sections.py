"""The household page is a list of sections that apps contribute (registry now; programmes, visits and referrals
later), so the one-door page grows without its view knowing about every app.

A section's ``context`` gets the request and the household (already scoped and loaded) and returns the
template context, or None to hide the section for this user/household.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    template: str
    order: int
    context: Callable[[HttpRequest, Any], dict[str, Any] | None]


_SECTIONS: dict[str, Section] = {}


def register(section: Section) -> None:
    _SECTIONS[section.key] = section


def sections() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))
