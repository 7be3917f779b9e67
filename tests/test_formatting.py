"""Swedish formatting of amounts, shares and dates (pipeline/formatting.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.formatting import (
    FILTERS,
    format_amount,
    format_date,
    format_kr,
    format_mnkr,
    format_number,
    format_pct,
    format_period,
    format_share,
    format_thousands,
    format_tkr,
    register_filters,
    to_decimal,
)

NNBSP = "\u202f"  # narrow no-break space: the group separator
NBSP = "\u00a0"  # no-break space before a unit
MINUS = "\u2212"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        ("60000000", 0, f"60{NNBSP}000{NNBSP}000"),
        (1234567, 0, f"1{NNBSP}234{NNBSP}567"),
        (Decimal("1234567.891"), 2, f"1{NNBSP}234{NNBSP}567,89"),
        ("999", 0, "999"),
        ("-1234.5", 1, f"{MINUS}1{NNBSP}234,5"),
        ("2.25", 1, "2,3"),  # half up, not Babel's half even
        ("2.35", 1, "2,4"),
        ("-0.04", 1, "0,0"),  # no negative zero
        ("0", 0, "0"),
    ],
)
def test_format_number(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_empty_value_is_an_en_dash():
    assert format_number("") == "\u2013"
    assert format_kr(None) == "\u2013"
    assert format_pct("") == "\u2013"
    assert format_date("") == "\u2013"


def test_format_kr_whole_and_ore():
    assert format_kr("60000000") == f"60{NNBSP}000{NNBSP}000{NBSP}kr"
    assert format_kr("1234.5") == f"1{NNBSP}234,50{NBSP}kr"
    assert format_kr("-500") == f"{MINUS}500{NBSP}kr"
    assert format_kr(Decimal("10.00")) == f"10{NBSP}kr"
    assert format_kr("0") == f"0{NBSP}kr"
    assert format_kr("0.005") == f"0,01{NBSP}kr"  # öre are rounded half up


def test_format_amount_is_exact():
    assert format_amount("141561496.5") == f"141{NNBSP}561{NNBSP}496,50"
    assert format_amount("56871846") == f"56{NNBSP}871{NNBSP}846"
    assert format_amount("-10000") == f"{MINUS}10{NNBSP}000"
    assert format_amount("") == "\u2013"


def test_format_mnkr_and_tkr():
    assert format_mnkr(60_000_000) == f"60,0{NBSP}mnkr"
    assert format_mnkr("16450000") == f"16,5{NBSP}mnkr"
    assert format_mnkr("1234567890", decimals=0) == f"1{NNBSP}235{NBSP}mnkr"
    assert format_tkr("1234567") == f"1{NNBSP}235{NBSP}tkr"
    assert format_tkr("-1500") == f"{MINUS}2{NBSP}tkr"


def test_format_pct():
    assert format_pct("48.3") == f"48,3{NBSP}%"
    assert format_pct("45") == f"45,0{NBSP}%"
    assert format_pct(Decimal("100"), 0) == f"100{NBSP}%"
    assert format_pct("-2.55") == f"{MINUS}2,6{NBSP}%"


def test_format_thousands_rounds_each_cell_half_up_without_unit():
    assert format_thousands(Decimal("1234567")) == f"1{NNBSP}235"
    assert format_thousands(Decimal("-76500")) == f"{MINUS}77"  # half up, away from zero
    assert format_thousands(Decimal("499.99")) == "0"
    assert format_thousands(Decimal("-400")) == "0"  # no "−0"
    assert format_thousands(None) == "\u2013"
    assert format_thousands(Decimal("1234567"), 1) == f"1{NNBSP}234,6"


def test_format_share_shows_a_fraction_in_percent():
    assert format_share(0.5, 0) == f"50{NBSP}%"
    assert format_share(Decimal("0.4525")) == f"45,3{NBSP}%"
    assert format_share(None) == "\u2013"


def test_format_date():
    assert format_date(dt.date(2018, 3, 15)) == "15 mars 2018"
    assert format_date("2017-12-01") == "1 december 2017"
    assert format_date(dt.datetime(2014, 5, 1, 12, 30)) == "1 maj 2014"
    assert format_period("2014-03-01", "2016-12-31") == "1 mars 2014 \u2013 31 december 2016"
    with pytest.raises(ValueError):
        format_date("15/3 2018")


def test_to_decimal_rejects_text_and_accepts_numpy_like_floats():
    assert to_decimal("12.50") == Decimal("12.50")
    assert to_decimal(f"{MINUS}3") == Decimal(-3)
    assert to_decimal(1.5) == Decimal("1.5")
    with pytest.raises(ValueError):
        to_decimal("ca 40 000")
    with pytest.raises(ValueError):
        to_decimal("NaN")


def test_register_filters_adds_every_formatter():
    from jinja2 import Environment

    environment = Environment(autoescape=True)
    register_filters(environment)
    assert set(FILTERS) <= set(environment.filters)
    rendered = environment.from_string(
        "{{ a | kr }} · {{ b | pct }} · {{ d | sv_date }} · {{ a | thousands }} · {{ s | share(0) }}"
    ).render(a=Decimal("60000000"), b=Decimal("48.25"), d=dt.date(2018, 3, 15), s=0.5)
    assert rendered == (
        f"60{NNBSP}000{NNBSP}000{NBSP}kr · 48,3{NBSP}% · 15 mars 2018 · 60{NNBSP}000 · 50{NBSP}%"
    )


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_format_number_round_trips_integers(value):
    text = format_number(value)
    assert " " not in text and "-" not in text  # only narrow no-break spaces and true minus signs
    assert int(text.replace(NNBSP, "").replace(MINUS, "-")) == value


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_format_number_one_decimal_is_within_half_a_tenth(value):
    text = format_number(value, 1)
    back = Decimal(text.replace(NNBSP, "").replace(MINUS, "-").replace(",", "."))
    assert abs(back - value) <= Decimal("0.05")
