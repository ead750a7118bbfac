"""Proxy means test: variables of a household, score, explanation. Framework-free (placeholder until filled)."""


def ensure_default_model(using: str = "default") -> int:
    return 0
