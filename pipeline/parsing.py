"""Turning one spreadsheet cell into one canonical value.

Pure functions, no I/O. Each takes what python-calamine returns for a cell (str, float, int, bool,
date or datetime; '' for an empty cell) and returns the canonical value, None for an empty cell, or
raises ParseError whose message (Swedish) says what is wrong and how to write the value instead.

Amounts come back as Decimal, never float: a calamine float goes through repr() (the shortest text
that round-trips), so 1234.5 stays exactly 1234.5.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache
from typing import Any

from .contract import COUNTIES


class ParseError(ValueError):
    """A cell value that cannot be read as the expected kind; the message is Swedish."""


# Every kind of space a person or Excel may put into a number: space, no-break space (U+00A0),
# narrow no-break space (U+202F), thin space (U+2009), figure space (U+2007), tab.
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007\u200a\u2008\u2006\u2005]+")
_MINUS_SIGNS = ("-", "\u2212", "\u2013")  # hyphen-minus, minus sign, en dash
_CURRENCY = re.compile(r"(?i)^(?:kr\.?|sek)\s*|\s*(?::-|:–|:\u2212|kr\.?|sek)$")
# Integer part: plain digits, or groups of three separated consistently by space or dot.
_AMOUNT = re.compile(
    r"(?P<int>\d+|\d{1,3}(?:(?P<sep>[ .])\d{3})(?:(?P=sep)\d{3})*)"
    r"(?:(?P<dec>[,.])(?P<frac>\d{1,2}))?"
)
_INTEGER_FLOAT_LIMIT = 2**53  # floats above this are not exact integers

# Excel serial day numbers of 1990-01-01 and 2099-12-31 (1900 date system): a date cell whose
# date format was lost comes back as such a number.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_MIN, _SERIAL_MAX = 32874, 73050

_SWEDISH_MONTHS = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "feb": 2,
    "mars": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "maj": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "augusti": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]00:00(?::00(?:\.0+)?)?)?")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_TEXT_DATE = re.compile(r"(\d{1,2})(?::[ae])?\s+([a-zåäö]+)\.?\s+(\d{4})")
_YEAR = re.compile(r"\d{4}")
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-"})


def is_empty(value: Any) -> bool:
    """True for what calamine gives for an empty cell (''), None, or only spaces (NBSP too)."""
    return value is None or value == "" or (type(value) is str and value.isspace())


def label_key(label: Any) -> str:
    """A label compared case-, space-, NBSP- and dash-insensitively ("Budget (kr)" ≈ " budget(KR)")."""
    if not isinstance(label, str):
        label = text_of(label)
    return _label_key(label)


@lru_cache(maxsize=8192)  # the same few labels recur in every workbook
def _label_key(label: str) -> str:
    return _SPACES.sub("", label.translate(_DASHES)).casefold()


def text_of(value: Any) -> str:
    """A cell as text: numbers without float artefacts (2024.0 → "2024"), dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "SANT" if value else "FALSKT"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < _INTEGER_FLOAT_LIMIT:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value).strip()


def parse_text(value: Any) -> str | None:
    """Free text: stripped; None when empty."""
    text = text_of(value)
    return text or None


def parse_amount(value: Any) -> Decimal | None:
    """An amount in kronor, exactly, from a number or Swedish-formatted text.

    Accepts "1 234 567,50", "1.234.567", "1234,5 kr", "12 000:-", "−500" (any kind of space, a
    minus sign or hyphen-minus, "kr"/"SEK"/":-"). A single dot is a decimal point when one or two
    digits follow it, a thousands separator when three follow ("1.234" is 1234).
    """
    if type(value) is float and value.is_integer() and abs(value) < _INTEGER_FLOAT_LIMIT:
        return Decimal(int(value))  # the common case first: calamine gives every number as float
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise ParseError(f"”{text_of(value)}” är inte ett belopp; skriv ett tal i kronor, t.ex. 125 000.")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ParseError("cellen innehåller inget giltigt tal; skriv beloppet i kronor.")
        return Decimal(repr(value))  # whole floats returned above; repr is the shortest exact text
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ParseError("cellen innehåller inget giltigt tal; skriv beloppet i kronor.")
        return value
    if not isinstance(value, str):
        raise ParseError(
            f"”{text_of(value)}” är inte ett belopp (cellen är formaterad som datum eller tid); "
            "skriv beloppet som ett tal i kronor."
        )
    return _parse_amount_text(value)


def _parse_amount_text(raw: str) -> Decimal:
    text = _SPACES.sub(" ", raw).strip()
    text = _CURRENCY.sub("", text).strip()
    negative = False
    if text[:1] in _MINUS_SIGNS:
        negative, text = True, text[1:].lstrip()
    elif text[:1] == "+":
        text = text[1:].lstrip()
    match = _AMOUNT.fullmatch(text)
    if not match or not _separators_agree(match):
        raise ParseError(
            f"”{raw}” kan inte läsas som ett belopp; skriv ett tal i kronor, t.ex. 1 234 567 "
            "eller 1 234,50 (mellanslag mellan tusental, decimalkomma)."
        )
    digits = match["int"].replace(" ", "").replace(".", "")
    if match["frac"]:
        digits += "." + match["frac"]
    amount = Decimal(digits)
    return -amount if negative else amount


def _separators_agree(match: re.Match) -> bool:
    """Dots as thousands separators need a decimal comma; "1.234.567.89" is not an amount."""
    if match["sep"] == "." and match["dec"] == ".":
        return False
    return True


def parse_int(value: Any) -> int | None:
    """A whole number (indicator counts, participants): 12, 12.0, "1 200"; not 12.5."""
    try:
        amount = parse_amount(value)
    except ParseError:
        raise ParseError(f"”{text_of(value)}” är inte ett heltal; skriv ett antal, t.ex. 12.") from None
    if amount is None:
        return None
    if amount != amount.to_integral_value():
        raise ParseError(f"”{text_of(value)}” är inte ett heltal; skriv ett antal utan decimaler.")
    return int(amount)


def parse_year(value: Any) -> int | None:
    """A calendar year: 2014, 2014.0 or "2014" (1900–2100)."""
    if is_empty(value):
        return None
    year: int | None = None
    if isinstance(value, float) and value.is_integer() and abs(value) < 10_000:
        year = int(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        year = value
    elif isinstance(value, str):
        text = _SPACES.sub("", value)
        if _YEAR.fullmatch(text):
            year = int(text)
    if year is None or not 1900 <= year <= 2100:
        raise ParseError(f"”{text_of(value)}” är inte ett årtal; skriv året med fyra siffror, t.ex. 2015.")
    return year


def parse_date(value: Any) -> dt.date | None:
    """A date: an Excel date cell, "2014-03-01", "2014-03-01 00:00:00", "20140301" or "1 mars 2014"."""
    if is_empty(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and _SERIAL_MIN <= value <= _SERIAL_MAX:
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ParseError(
            f"”{text_of(value)}” är inte ett datum; skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2014-03-01."
        )
    if not isinstance(value, str):
        raise ParseError(f"”{text_of(value)}” är inte ett datum; skriv datumet som ÅÅÅÅ-MM-DD.")
    return _parse_date_text(value)


def _parse_date_text(raw: str) -> dt.date:
    text = _SPACES.sub(" ", raw).strip().casefold()
    parts: tuple[int, int, int] | None = None
    if match := _ISO_DATE.fullmatch(text):
        parts = int(match[1]), int(match[2]), int(match[3])
    elif match := _COMPACT_DATE.fullmatch(text):
        parts = int(match[1]), int(match[2]), int(match[3])
    elif (match := _TEXT_DATE.fullmatch(text)) and match[2] in _SWEDISH_MONTHS:
        parts = int(match[3]), _SWEDISH_MONTHS[match[2]], int(match[1])
    if parts is not None:
        try:
            return dt.date(*parts)
        except ValueError:
            raise ParseError(f"”{raw}” är inget giltigt datum (finns inte i kalendern).") from None
    raise ParseError(f"”{raw}” kan inte läsas som ett datum; skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2014-03-01.")


def parse_county_code(value: Any) -> str | None:
    """A county code as two digits: 1, 1.0, "1" or "01" → "01"; must be a current county."""
    if is_empty(value):
        return None
    code: str | None = None
    if isinstance(value, float) and value.is_integer() and 0 < value < 100:
        code = f"{int(value):02d}"
    elif isinstance(value, int) and not isinstance(value, bool) and 0 < value < 100:
        code = f"{value:02d}"
    elif isinstance(value, str):
        text = _SPACES.sub("", value)
        if text.isascii() and text.isdigit() and 1 <= len(text) <= 2:
            code = text.zfill(2)
    if code is None or code not in COUNTIES:
        valid = ", ".join(COUNTIES)
        raise ParseError(f"”{text_of(value)}” är ingen länskod; skriv en av {valid}.")
    return code


def cell_address(row: int, column: int) -> str:
    """The A1 address of zero-based (row, column): (0, 0) → "A1", (2, 27) → "AB3"."""
    if column < len(_LETTERS):
        return f"{_LETTERS[column]}{row + 1}"
    return f"{column_letters(column)}{row + 1}"


def column_letters(column: int) -> str:
    letters = ""
    column += 1
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


_LETTERS = tuple(column_letters(n) for n in range(702))  # A … ZZ
