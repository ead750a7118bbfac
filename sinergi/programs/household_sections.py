"""The household page's programme sections: what the family receives, its welfare score, its findings."""

from . import sections_catalogue, sections_findings, sections_welfare  # noqa: F401  (each registers itself)
