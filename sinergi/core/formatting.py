"""Indonesian number and money formatting, framework-free."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def thousands(value: int | float | Decimal, sep: str = ".") -> str:
    number = int(Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    text = f"{abs(number):,}".replace(",", sep)
    return f"-{text}" if number < 0 else text


def rupiah(value: int | float | Decimal | None) -> str:
    """Rp 1.250.000 (whole rupiah, dot thousands separator, as on Indonesian government documents)."""
    if value is None or value == "":
        return "–"
    return f"Rp {thousands(value)}" if Decimal(str(value)) >= 0 else f"-Rp {thousands(-Decimal(str(value)))}"
