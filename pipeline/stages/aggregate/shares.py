"""Percentages as the report states them: exact Decimal division, one decimal (rounding.round_to)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, localcontext

from ...rounding import round_to

ZERO = Decimal(0)
_HUNDRED = Decimal(100)


def exact_share(part: Decimal, whole: Decimal) -> Decimal:
    """part / whole × 100, unrounded (50 digits, so rounding happens once, in `round_pct`)."""
    with localcontext() as ctx:
        ctx.prec = 50
        return Decimal(part) * _HUNDRED / Decimal(whole)


def round_pct(value: Decimal) -> Decimal:
    return round_to(value, 1)


def percent(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """part / whole × 100 with one decimal, half up; None (an empty cell) when whole is zero."""
    if not whole:
        return None
    return round_pct(exact_share(part, whole))


def percents(parts: Iterable, wholes: Iterable) -> list[Decimal | None]:
    """`percent` element by element (a column of a frame over another)."""
    return [percent(part, whole) for part, whole in zip(parts, wholes, strict=True)]


def mean_pct(shares: list[Decimal]) -> Decimal | None:
    """The rounded mean of unrounded shares; None when there are none."""
    return round_pct(sum(shares, ZERO) / len(shares)) if shares else None
