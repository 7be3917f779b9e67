"""How every figure is rounded, in one place: to the nearest, exactly half away from zero.

That is Python's ROUND_HALF_UP (2,25 → 2,3; −2,25 → −2,3), what a reader of a Swedish report
expects, and not the banker's rounding (half to even) of Python's round() or of a float. The
percentages of 3_aggregated (one decimal), the report's kr, tkr, mnkr and % (formatting.py) and
the checks' öre all call `round_to`; docs/figures.md states the rule from `RULE`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

MODE = ROUND_HALF_UP
RULE = (
    "Avrundning sker till närmaste värde; exakt hälften avrundas bort från noll (2,25 → 2,3 och "
    "−2,25 → −2,3, det som kallas avrundning uppåt, ROUND_HALF_UP), aldrig till jämnt tal."
)


def round_to(value: Decimal, decimals: int = 0) -> Decimal:
    """`value` with `decimals` decimals, exactly half away from zero."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=MODE)
