"""Swedish number, amount and date formatting for the report (Babel, sv_SE), as Jinja filters.

Conventions (Myndigheternas skrivregler, domain.md): thousands grouped by a narrow no-break space
(U+202F), decimal comma, a true minus sign (U+2212), "mnkr" and "tkr" for millions and thousands
of kronor, a no-break space before a unit so "kr" or "%" never starts a line, dates "15 mars 2018".
Rounding is rounding.round_to (half away from zero: 2,25 → 2,3), on Decimals before Babel sees them.
Inputs are what `catalog.load` gives (Decimals, ints, dates) or exact decimal strings; an empty
value (None) formats as an en dash. The filters only format: which figure is shown, and with
which sign, is decided before (aggregate), never here.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from babel.dates import format_date as _babel_format_date
from babel.numbers import format_decimal as _babel_format_decimal

from .rounding import round_to

LOCALE = "sv_SE"
GROUP_SEPARATOR = "\u202f"  # narrow no-break space
UNIT_SPACE = "\u00a0"  # no-break space between a number and its unit
MINUS = "\u2212"
NO_VALUE = "\u2013"  # en dash for "no value"

Number = Decimal | int | str | float | None


def to_decimal(value: Number) -> Decimal | None:
    """The exact Decimal of a CSV cell, int or Decimal; None for an empty cell."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(float(value)))  # float(): numpy scalars repr as "np.float64(…)"
    text = str(value).strip().replace(MINUS, "-")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"not a number: {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return number


def format_number(value: Number, decimals: int = 0) -> str:
    """'1 234 567' or, with decimals=1, '1 234 567,9' (half up; U+202F groups; true minus)."""
    number = to_decimal(value)
    if number is None:
        return NO_VALUE
    rounded = round_to(number, decimals)
    if rounded == 0:
        rounded = abs(rounded)  # no "−0,0"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    text = _babel_format_decimal(rounded, format=pattern, locale=LOCALE, decimal_quantization=True)
    return text.replace("\u00a0", GROUP_SEPARATOR).replace(" ", GROUP_SEPARATOR).replace("-", MINUS)


def format_amount(value: Number) -> str:
    """An exact amount in kronor without unit: '60 000 000', or '1 234,50' when it has öre."""
    number = to_decimal(value)
    if number is None:
        return NO_VALUE
    return format_number(number, 0 if number == number.to_integral_value() else 2)


def format_kr(value: Number) -> str:
    """'60 000 000 kr'; öre are shown only when the amount has them ('1 234,50 kr')."""
    text = format_amount(value)
    return text if text == NO_VALUE else f"{text}{UNIT_SPACE}kr"


def format_whole_kr(value: Number) -> str:
    """Kronor rounded to whole kronor, for running text: 1 234,50 → '1 235 kr' (half up)."""
    number = to_decimal(value)
    if number is None:
        return NO_VALUE
    return format_kr(round_to(number))


# Numbers up to twelve are written in words in running text (Myndigheternas skrivregler).
_NUMBER_WORDS = tuple("noll ett två tre fyra fem sex sju åtta nio tio elva tolv".split())


def format_count_words(value: Number, common_gender: bool = False) -> str:
    """A count in running text: 0–12 in words ('ett', or 'en' for a noun of common gender such as
    'en träff'), larger counts in digits ('1 799')."""
    number = to_decimal(value)
    if number is None:
        return NO_VALUE
    if number != number.to_integral_value() or not 0 <= number <= 12:
        return format_number(number)
    word = _NUMBER_WORDS[int(number)]
    return "en" if common_gender and word == "ett" else word


def format_thousands(value: Number, decimals: int = 0) -> str:
    """An amount in kronor shown in thousands, without unit, for a table whose caption says (tkr):
    1 234 567 → '1 235'. Each cell is rounded on its own (half up)."""
    number = to_decimal(value)
    if number is None:
        return NO_VALUE
    return format_number(number / 1000, decimals)


def format_tkr(value: Number, decimals: int = 0) -> str:
    """Thousands of kronor: 1 234 567 → '1 235 tkr'."""
    text = format_thousands(value, decimals)
    return text if text == NO_VALUE else f"{text}{UNIT_SPACE}tkr"


def format_millions(value: Number, decimals: int = 1) -> str:
    """An amount in kronor shown in millions with one decimal, without unit, for a table whose caption
    says (mnkr): 14 911 184 000 → '14 911,2'. Each cell is rounded on its own (half up)."""
    number = to_decimal(value)
    if number is None:
        return NO_VALUE
    return format_number(number / 1_000_000, decimals)


# The amounts of a table in its unit, without the unit: the caption names it.
_IN_UNIT = {"tkr": format_thousands, "mnkr": format_millions}


def format_in_unit(value: Number, unit: str) -> str:
    """An amount in kronor in a table's unit ("tkr" or "mnkr"), as `format_thousands` or `format_millions`."""
    formatter = _IN_UNIT.get(unit)
    if formatter is None:
        raise ValueError(f"no table unit {unit!r}; one of {', '.join(_IN_UNIT)}")
    return formatter(value)


def format_mnkr(value: Number, decimals: int = 1) -> str:
    """Millions of kronor: 60 000 000 → '60,0 mnkr'."""
    number = to_decimal(value)
    if number is None:
        return NO_VALUE
    return f"{format_number(number / 1_000_000, decimals)}{UNIT_SPACE}mnkr"


def format_pct(value: Number, decimals: int = 1) -> str:
    """A value already in percent: 48.3 → '48,3 %'."""
    number = to_decimal(value)
    if number is None:
        return NO_VALUE
    return f"{format_number(number, decimals)}{UNIT_SPACE}%"


def format_share(value: Number, decimals: int = 1) -> str:
    """A fraction shown in percent: 0.5 → '50,0 %' (the config states shares as fractions)."""
    number = to_decimal(value)
    if number is None:
        return NO_VALUE
    return format_pct(number * 100, decimals)


def format_date(value: dt.date | str | None) -> str:
    """'15 mars 2018' from a date or an ISO date string ('2018-03-15')."""
    if value is None or value == "":
        return NO_VALUE
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            raise ValueError(f"not an ISO date: {value!r}") from None
    if isinstance(value, dt.datetime):
        value = value.date()
    return _babel_format_date(value, "d MMMM y", locale="sv")


def format_period(start: dt.date | str | None, end: dt.date | str | None) -> str:
    """'1 mars 2014 – 31 december 2016'."""
    return f"{format_date(start)} \u2013 {format_date(end)}"


def format_prose_kr(value: Number) -> str:
    """An amount in running text, never with öre: '140,5 mnkr' from a million up, else whole
    kronor ('150 000 kr')."""
    number = to_decimal(value)
    if number is None:
        return NO_VALUE
    return format_mnkr(number) if abs(number) >= 1_000_000 else format_whole_kr(number)


_CASE_ID = re.compile(r"(Dnr|Ä) (?=Ä|\d)")


def keep_ids_together(text: str) -> str:
    """'Dnr Ä 2018-000318' and 'Ä 2013-000178' with no-break spaces, so a line never ends at 'Ä'."""
    joined = _CASE_ID.sub(lambda m: m.group(1) + UNIT_SPACE, str(text))
    return type(text)(joined) if hasattr(text, "__html__") else joined  # markup stays markup


FILTERS = {
    "number": format_number,
    "words": format_count_words,
    "whole_kr": format_whole_kr,
    "prose_kr": format_prose_kr,
    "keep_ids": keep_ids_together,
    "amount": format_amount,
    "kr": format_kr,
    "tkr": format_tkr,
    "thousands": format_thousands,
    "in_unit": format_in_unit,
    "mnkr": format_mnkr,
    "pct": format_pct,
    "share": format_share,
    "sv_date": format_date,
}


def register_filters(environment) -> None:
    """Add the formatters to a Jinja2 Environment under the names in FILTERS."""
    environment.filters.update(FILTERS)
