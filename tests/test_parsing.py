"""Cell parsers: Swedish amounts, dates, years, counts and county codes, exactly or a ParseError."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.parsing import (
    ParseError,
    cell_address,
    label_key,
    parse_amount,
    parse_county_code,
    parse_date,
    parse_int,
    parse_text,
    parse_year,
    text_of,
)
from pipeline.safe_io import decimal_text

NBSP, NNBSP, THIN = "\u00a0", "\u202f", "\u2009"
MINUS = "\u2212"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("1 234 567,50", "1234567.50"),
        ("1.234.567", "1234567"),
        ("1.234.567,5", "1234567.5"),
        (f"1{NBSP}234{NBSP}567", "1234567"),
        (f"1{NNBSP}234,05 kr", "1234.05"),
        (f"12{THIN}000:-", "12000"),
        ("12 000 :-", "12000"),
        ("SEK 500", "500"),
        ("500 SEK", "500"),
        ("500kr", "500"),
        (f"{MINUS}1 500", "-1500"),
        ("-1 500,25", "-1500.25"),
        ("- 300", "-300"),
        ("1234,5", "1234.5"),
        ("1234.5", "1234.5"),
        ("1.234", "1234"),  # a dot before three digits groups thousands
        ("  42  ", "42"),
        ("0", "0"),
    ],
)
def test_amount_text_in_swedish_formats(raw, expected):
    assert parse_amount(raw) == Decimal(expected)


@pytest.mark.parametrize(
    "raw, expected",
    [
        (2024.0, Decimal(2024)),
        (1234.5, Decimal("1234.5")),
        (0.1, Decimal("0.1")),
        (1234567.89, Decimal("1234567.89")),
        (-250.0, Decimal(-250)),
        (7, Decimal(7)),
        (Decimal("3.10"), Decimal("3.10")),
    ],
)
def test_amount_from_calamine_numbers_is_exact(raw, expected):
    result = parse_amount(raw)
    assert result == expected and isinstance(result, Decimal)
    assert "E" not in decimal_text(result)


@pytest.mark.parametrize(
    "raw",
    [
        "tusen kronor",
        "12,345",
        "1 23 456",
        "1.234.567.89",
        "1,2,3",
        "12.5.3",
        "1 234.567",
        "--5",
        "5-",
        "1e6",
        "NaN",
        "∞",
        "12 %",
        "1234,5 tkr",
        ",50",
    ],
)
def test_amount_garbage_is_a_parse_error_saying_how_to_write_it(raw):
    with pytest.raises(ParseError, match="belopp"):
        parse_amount(raw)


@pytest.mark.parametrize("raw", [True, dt.date(2014, 1, 1), float("nan"), float("inf")])
def test_amount_of_wrong_cell_type_is_a_parse_error(raw):
    with pytest.raises(ParseError):
        parse_amount(raw)


@pytest.mark.parametrize("raw", ["", "   ", NBSP, None])
def test_empty_cells_are_none_not_zero(raw):
    assert parse_amount(raw) is None
    assert parse_date(raw) is None
    assert parse_year(raw) is None
    assert parse_int(raw) is None
    assert parse_county_code(raw) is None
    assert parse_text(raw) is None


@pytest.mark.parametrize(
    "raw, expected",
    [
        (dt.date(2014, 3, 1), dt.date(2014, 3, 1)),
        (dt.datetime(2014, 3, 1, 0, 0), dt.date(2014, 3, 1)),
        ("2014-03-01", dt.date(2014, 3, 1)),
        ("2014-3-1", dt.date(2014, 3, 1)),
        ("2014-03-01 00:00:00", dt.date(2014, 3, 1)),
        ("2014-03-01T00:00:00", dt.date(2014, 3, 1)),
        ("20140301", dt.date(2014, 3, 1)),
        ("1 mars 2014", dt.date(2014, 3, 1)),
        ("1:a mars 2014", dt.date(2014, 3, 1)),
        ("31 December 2016", dt.date(2016, 12, 31)),
        (f"15{NBSP}okt 2015", dt.date(2015, 10, 15)),
        (41699.0, dt.date(2014, 3, 1)),  # an Excel serial whose date format was lost
    ],
)
def test_dates(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "2014-02-30",
        "30 februari 2014",
        "1 mars",
        "mars 2014",
        "01/03/2014",
        "2014",
        2014.0,
        "1 smarch 2014",
        "2014-03-01 12:30",
        41699.5,
        True,
        dt.time(12, 0),
    ],
)
def test_bad_dates_are_parse_errors(raw):
    with pytest.raises(ParseError, match="datum"):
        parse_date(raw)


def test_years_counts_and_county_codes():
    assert parse_year(2024.0) == 2024 and parse_year(" 2015 ") == 2015 and parse_year(2013) == 2013
    for bad in (2014.5, "14", "år 2014", 1800.0, "20 14x", True):
        with pytest.raises(ParseError, match="årtal"):
            parse_year(bad)
    assert parse_int(12.0) == 12 and parse_int("1 200") == 1200 and parse_int("-3") == -3
    for bad in (12.5, "12,5", "tolv"):
        with pytest.raises(ParseError, match="heltal"):
            parse_int(bad)
    assert parse_county_code("1") == "01" and parse_county_code("01") == "01"
    assert parse_county_code(1.0) == "01" and parse_county_code(14) == "14"
    assert parse_county_code(" 25 ") == "25"
    for bad in ("02", "99", "1.5", 1.5, "Stockholm", "001", "١"):
        with pytest.raises(ParseError, match="länskod"):
            parse_county_code(bad)


def test_text_labels_and_addresses():
    assert text_of(2024.0) == "2024" and text_of(1.5) == "1.5" and text_of(" a ") == "a"
    assert text_of(dt.datetime(2014, 3, 1)) == "2014-03-01"
    assert label_key(f" Budget{NBSP}(KR) ") == label_key("budget (kr)") == label_key("Budget(kr)")
    assert label_key("Gott exempel - rubrik") == label_key("Gott exempel – rubrik")
    assert label_key("Budget (kr)") != label_key("Utfall (kr)")
    assert [cell_address(0, 0), cell_address(2, 27), cell_address(9, 701), cell_address(0, 702)] == [
        "A1",
        "AB3",
        "ZZ10",
        "AAA1",
    ]
    assert decimal_text(Decimal("1.50E+3")) == "1500" and decimal_text(Decimal("-0.00")) == "0"
    assert decimal_text(Decimal("12.340")) == "12.34"


# --- Properties. ------------------------------------------------------------------------------------

GROUP_SEPARATORS = ["", " ", NBSP, NNBSP, THIN, "."]
SUFFIXES = ["", " kr", "kr", " SEK", ":-", " :-", f"{NBSP}kr"]


@st.composite
def swedish_amounts(draw):
    """(Decimal with 0–2 decimals, the same amount as a person might type it)."""
    places = draw(st.integers(0, 2))
    amount = Decimal(draw(st.integers(-(10**13), 10**13))).scaleb(-places)
    digits = format(abs(amount), "f")
    integer, _, fraction = digits.partition(".")
    separator = draw(st.sampled_from(GROUP_SEPARATORS))
    groups = []
    while integer:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    text = separator.join(groups)
    if fraction:
        text += "," if separator == "." else draw(st.sampled_from([",", "."]))
        text += fraction
    if amount < 0:
        text = draw(st.sampled_from(["-", MINUS, "- ", f"{MINUS}{NBSP}"])) + text
    text = draw(st.sampled_from(["", " ", NBSP])) + text + draw(st.sampled_from(SUFFIXES))
    return amount, text


@settings(max_examples=400, deadline=None)
@given(swedish_amounts())
def test_swedish_formatted_amounts_parse_to_exactly_the_original(case):
    amount, text = case
    assert parse_amount(text) == amount


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False))
def test_calamine_floats_of_two_decimal_amounts_are_exact(amount):
    assert parse_amount(float(amount)) == amount


ANY_CELL = st.one_of(
    st.text(),
    st.text(alphabet="0123456789 ,.-−:krSEK\u00a0\u202f", max_size=20),
    st.floats(),
    st.integers(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
)


@settings(max_examples=400, deadline=None)
@given(ANY_CELL)
def test_garbage_gives_a_value_or_a_parse_error_never_another_exception(raw):
    for parser in (parse_amount, parse_date, parse_year, parse_int, parse_county_code, parse_text):
        try:
            parser(raw)
        except ParseError as error:
            assert str(error)  # a Swedish reason, never empty


MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.sampled_from(["iso", "iso-time", "swedish", "date", "datetime", "compact"]),
)
def test_dates_in_every_accepted_form_parse_to_the_same_day(day, form):
    raw = {
        "iso": day.isoformat(),
        "iso-time": f"{day.isoformat()} 00:00:00",
        "swedish": f"{day.day} {MONTHS[day.month - 1]} {day.year}",
        "date": day,
        "datetime": dt.datetime.combine(day, dt.time()),
        "compact": day.strftime("%Y%m%d"),
    }[form]
    assert parse_date(raw) == day


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789-: marsjunidecokt", max_size=24))
def test_date_like_garbage_is_a_parse_error_or_a_real_date(raw):
    try:
        result = parse_date(raw)
    except ParseError:
        return
    assert result is None or isinstance(result, dt.date)
