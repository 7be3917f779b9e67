"""Issue 14: the payment checks on tiny programmes (tests/factories.py) with a payments file written
here, each finding at the cell a person opens; issue 22: every payment rule passes and fails at its
boundaries (FAIL_CASES, PASS_CASES), as tests/test_validate.py does for V01–V27."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline import catalog
from pipeline.config import load_config
from pipeline.contract import PAYMENT_COLUMNS, PAYMENTS_SHEET
from pipeline.errors import UnreadableInputsError
from pipeline.formatting import format_kr
from pipeline.paths import REPO_ROOT, InputPaths, OutputPaths
from pipeline.rules import payments as payment_rules
from pipeline.sample.workbooks import write_table_workbook
from pipeline.stages import aggregate, extract, validate
from tests.factories import PROGRAMME_TOML, default_facts, project_id, write_programme

PAYMENT_RULES = ("V28", "V29", "V30", "V31", "V32", "V33", "V34", "V35", "extract_payments_missing")
TOLERANCE = load_config(PROGRAMME_TOML).payment_tolerance  # of the tests' programme: 1 kr
BOUND = load_config(PROGRAMME_TOML).payment_error_bound  # 100 000 kr


def _granted(index: int) -> int:
    return default_facts(index)["granted_amount"]


def _payment(index_or_id, amount, day=dt.date(2016, 6, 30), kind="Delutbetalning") -> dict:
    pid = project_id(index_or_id) if isinstance(index_or_id, int) else index_or_id
    return {"project_id": pid, "payment_date": day, "payment_amount": amount, "payment_kind": kind}


def _kr(amount) -> str | int:
    """An amount as the payments file holds it: a whole number, or text with a decimal comma."""
    amount = Decimal(amount)
    return int(amount) if amount == amount.to_integral_value() else f"{amount:.2f}".replace(".", ",")


def _run(
    tmp_path: Path, payments: list[dict] | None, *, aggregate_too: bool = False
) -> tuple[list[dict], OutputPaths]:
    inputs = write_programme(tmp_path / "inputs", 3)
    if payments is not None:
        write_table_workbook(inputs / "utbetalningar.xlsx", PAYMENTS_SHEET, PAYMENT_COLUMNS, payments)
    outputs = OutputPaths(tmp_path / "outputs")
    extract.run(InputPaths(inputs), outputs, workers=1)
    validate.run(InputPaths(inputs), outputs)
    if aggregate_too:
        aggregate.run(InputPaths(inputs), outputs)
    findings = catalog.load("findings", outputs).fillna("").to_dict("records")
    return [f for f in findings if f["rule_id"] in PAYMENT_RULES], outputs


def _paid_in_full(*skip: int) -> list[dict]:
    return [_payment(i, _granted(i)) for i in (1, 2, 3) if i not in skip]


def test_payments_that_match_give_no_finding(tmp_path):
    found, _ = _run(tmp_path, _paid_in_full())
    assert found == []


def test_paid_over_decided_is_an_error_at_the_payment_that_passes_the_decision(tmp_path):
    payments = [
        _payment(1, _granted(1) - 1000, day=dt.date(2015, 3, 1)),
        _payment(1, 5000, day=dt.date(2016, 3, 1), kind="Slututbetalning"),  # row 3: passes the decision
        *_paid_in_full(1),
    ]
    found, outputs = _run(tmp_path, payments)
    over = [f for f in found if f["rule_id"] == "V29"]
    assert [(f["severity"], f["project_id"], f["file"], f["sheet"], f["cell"]) for f in over] == [
        ("fel", project_id(1), "utbetalningar.xlsx", "Utbetalningar", "C3")
    ]
    status = catalog.load("project_status", outputs).set_index("project_id")
    assert status.loc[project_id(1), "status"] == "set_aside"


def test_payment_to_an_id_not_in_the_register_is_one_error_at_its_first_row(tmp_path):
    stranger = "Ä 2014-999999"
    found, _ = _run(tmp_path, [*_paid_in_full(), _payment(stranger, 1000), _payment(stranger, 2000)])
    assert [(f["rule_id"], f["severity"], f["cell"], f["value"]) for f in found] == [
        ("V30", "fel", "A5", stranger)
    ]
    assert "2 rader" in found[0]["message"] and format_kr(3000) in found[0]["message"]


def test_reported_differs_from_paid_warning_then_error_beyond_the_bound(tmp_path):
    config = load_config(write_programme(tmp_path / "probe", 1) / "programme.toml")
    small, large = 5000, int(config.payment_error_bound) + 1
    found, outputs = _run(
        tmp_path,
        [_payment(1, _granted(1) - small), _payment(2, _granted(2) - large), _payment(3, _granted(3))],
    )
    financing = catalog.load("financing", outputs)
    last_agency = {
        pid: rows.sort_values(["year", "row"]).iloc[-1]["amount_cell"]
        for pid, rows in financing[financing["source"] == "tillvaxtverket"].groupby("project_id")
    }
    got = sorted((f["rule_id"], f["severity"], f["project_id"], f["sheet"], f["cell"]) for f in found)
    assert got == [
        ("V31", "varning", project_id(1), "Finansiering", last_agency[project_id(1)]),
        ("V32", "fel", project_id(2), "Finansiering", last_agency[project_id(2)]),
    ]
    assert all("betalats ut" in f["message"] for f in found)


def test_unreported_recovery_points_at_the_recovery(tmp_path):
    payments = [
        *_paid_in_full(1),
        _payment(1, _granted(1), day=dt.date(2016, 1, 10), kind="Slututbetalning"),  # row 4
        _payment(1, -20_000, day=dt.date(2016, 9, 1), kind="Återkrav"),  # row 5
    ]
    found, _ = _run(tmp_path, payments)
    assert [(f["rule_id"], f["file"], f["cell"]) for f in found] == [("V31", "utbetalningar.xlsx", "C5")]
    assert "återkravet" in found[0]["message"]


def test_payment_after_the_period_is_a_warning_at_its_date(tmp_path):
    payments = _paid_in_full(3) + [_payment(3, _granted(3), day=dt.date(2018, 2, 1), kind="Slututbetalning")]
    found, _ = _run(tmp_path, payments)
    assert [(f["rule_id"], f["severity"], f["cell"], f["value"]) for f in found] == [
        ("V33", "varning", "B4", "2018-02-01")
    ]


def test_missing_or_unusable_file_says_payments_were_not_reconciled(tmp_path):
    found, _ = _run(tmp_path / "missing", None)
    assert [(f["rule_id"], f["severity"], f["file"]) for f in found] == [
        ("extract_payments_missing", "varning", "utbetalningar.xlsx")
    ]
    # A sheet without the headers: no row can be trusted, so nothing is compared (no V31 per project).
    inputs = write_programme(tmp_path / "unusable" / "inputs", 3)
    write_table_workbook(inputs / "utbetalningar.xlsx", "Blad1", PAYMENT_COLUMNS, [])
    outputs = OutputPaths(tmp_path / "unusable" / "outputs")
    extract.run(InputPaths(inputs), outputs, workers=1)
    validate.run(InputPaths(inputs), outputs)
    rules = {f["rule_id"] for f in catalog.load("findings", outputs).to_dict("records")}
    assert "V28" in rules and not rules & {"V29", "V30", "V31", "V32", "V33"}


def test_payment_limits_are_required_in_programme_toml(tmp_path):
    toml = write_programme(tmp_path / "inputs", 1) / "programme.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(
        "\n".join(line for line in text.splitlines() if not line.startswith("payment_error_bound"))
    )
    with pytest.raises(UnreadableInputsError, match="payment_error_bound saknas"):
        load_config(toml)
    toml.write_text(text.replace("payment_tolerance = 1 ", "payment_tolerance = 200000 "), encoding="utf-8")
    with pytest.raises(UnreadableInputsError, match="payment_tolerance"):
        load_config(toml)
    assert load_config(REPO_ROOT / "inputs" / "programme.toml").payment_error_bound == Decimal(100000)


# --- Boundaries (issue 22): each payment rule fails just past its limit and passes at it. ----------

G1, G2, G3 = (_granted(i) for i in (1, 2, 3))
SPRING = dt.date(2016, 6, 30)
LAST_AGENCY_CELL = "C8"  # the Tillväxtverket amount of 2016 on Finansiering (tests/factories.py)


def _with(*extra: dict, skip: tuple[int, ...] = ()) -> list[dict]:
    """Every project paid in full (rows 2–4, but for `skip`), then `extra` (from the next row)."""
    return [*_paid_in_full(*skip), *extra]


def _short(index: int, by) -> list[dict]:
    """Project `index` paid `by` kronor less than it reports; the others in full."""
    return _with(_payment(index, _kr(_granted(index) - Decimal(by))), skip=(index,))


STRANGER = "Ä 2014-999999"

# (rule id, payments, expected [(severity, project id, file, sheet, cell)]); the payments file is
# utbetalningar.xlsx, sheet Utbetalningar: A Ärende-id, B Utbetalningsdatum, C Belopp, D Typ.
LEDGER = ("utbetalningar.xlsx", "Utbetalningar")
WORKBOOK_1 = ("projects/projekt_0001.xlsx", "Finansiering")
FAIL_CASES = [
    ("V28", "no sheet Utbetalningar", [("varning", "", "utbetalningar.xlsx", "", "")]),
    ("V28", "no column Typ", [("varning", "", "utbetalningar.xlsx", "", "")]),
    (
        "V29",  # one krona over the decision, at the payment that passes it
        _with(
            _payment(1, G1 - 1000, day=dt.date(2015, 3, 1)),
            _payment(1, 1001, day=dt.date(2016, 3, 1), kind="Slututbetalning"),
            skip=(1,),
        ),
        [("fel", project_id(1), *LEDGER, "C5")],
    ),
    ("V30", _with(_payment(STRANGER, 1)), [("fel", STRANGER, *LEDGER, "A5")]),
    (
        "V31",
        _short(1, TOLERANCE + Decimal("0.01")),
        [("varning", project_id(1), *WORKBOOK_1, LAST_AGENCY_CELL)],
    ),
    ("V31", _short(1, BOUND), [("varning", project_id(1), *WORKBOOK_1, LAST_AGENCY_CELL)]),
    ("V32", _short(1, BOUND + Decimal("0.01")), [("fel", project_id(1), *WORKBOOK_1, LAST_AGENCY_CELL)]),
    (
        "V33",  # the day after the period
        _with(_payment(3, G3, day=dt.date(2018, 1, 1), kind="Slututbetalning"), skip=(3,)),
        [("varning", project_id(3), *LEDGER, "B4")],
    ),
    (
        "V33",  # the day before the period, treated as one after it
        _with(_payment(3, G3, day=dt.date(2012, 12, 31), kind="Förskott"), skip=(3,)),
        [("varning", project_id(3), *LEDGER, "B4")],
    ),
    (
        "V34",  # a negative part payment: only a recovery is negative
        _with(_payment(1, G1 + 5000), _payment(1, -5000, day=dt.date(2016, 9, 1)), skip=(1,)),
        [("fel", project_id(1), *LEDGER, "C5")],
    ),
    (
        "V34",  # a positive recovery
        _with(_payment(1, G1 - 5000), _payment(1, 5000, day=dt.date(2016, 9, 1), kind="Återkrav"), skip=(1,)),
        [("fel", project_id(1), *LEDGER, "C5")],
    ),
    (
        "V35",  # the same payment row twice: at the second
        _with(_payment(2, G2), skip=(2,)) + [_payment(2, G2)],
        [("varning", project_id(2), *LEDGER, "C5")],
    ),
    (
        "V35",  # the same amount typed as a number and as text with öre is the same amount
        _with(_payment(2, G2 - 1000), _payment(2, 1000), _payment(2, "1 000,00"), skip=(2,)),
        [("varning", project_id(2), *LEDGER, "C6")],
    ),
]

PASS_CASES = [
    ("V28", "a row with an unreadable amount"),  # a row-level problem leaves the file usable
    ("V29", _with()),  # paid == decided
    ("V30", _with(_payment(project_id(1), 0))),  # a zero payment to a known id
    ("V31", _short(1, TOLERANCE)),  # exactly the tolerance
    ("V31", _short(1, BOUND + Decimal("0.01"))),  # beyond the bound: V32 alone
    ("V32", _short(1, BOUND)),  # exactly the bound
    ("V33", _with(_payment(3, G3, day=dt.date(2017, 12, 31), kind="Slututbetalning"), skip=(3,))),
    ("V33", _with(_payment(3, G3, day=dt.date(2013, 1, 1), kind="Förskott"), skip=(3,))),
    (
        "V34",  # a recovery is negative; a zero part payment is not negative
        _with(
            _payment(1, G1 + 5000),
            _payment(1, -5000, day=dt.date(2016, 9, 1), kind="Återkrav"),
            _payment(2, 0, day=dt.date(2016, 9, 1)),
            skip=(1,),
        ),
    ),
    (
        "V35",  # alike but for the amount, the date or the kind: four payments
        _with(
            _payment(2, 1000),
            _payment(2, 1000, day=dt.date(2016, 7, 1)),
            _payment(2, 1000, kind="Slututbetalning"),
            _payment(2, G2 - 3000),
            skip=(2,),
        ),
    ),
]


def _payments_file(tmp_path: Path, payments) -> list[dict] | None:
    """The payments of a case; the three file-level cases write their own file and return None."""
    if not isinstance(payments, str):
        return payments
    inputs = tmp_path / "inputs"
    if payments == "no sheet Utbetalningar":
        write_table_workbook(inputs / "utbetalningar.xlsx", "Blad1", PAYMENT_COLUMNS, _with())
    elif payments == "no column Typ":
        write_table_workbook(inputs / "utbetalningar.xlsx", PAYMENTS_SHEET, PAYMENT_COLUMNS[:3], _with())
    else:
        rows = _with(_payment(1, "tusen kronor"), skip=(1,))
        write_table_workbook(inputs / "utbetalningar.xlsx", PAYMENTS_SHEET, PAYMENT_COLUMNS, rows)
    return None


def _case_run(tmp_path: Path, payments) -> list[dict]:
    inputs = write_programme(tmp_path / "inputs", 3)
    ledger = _payments_file(tmp_path, payments)
    if ledger is not None:
        write_table_workbook(inputs / "utbetalningar.xlsx", PAYMENTS_SHEET, PAYMENT_COLUMNS, ledger)
    outputs = OutputPaths(tmp_path / "outputs")
    extract.run(InputPaths(inputs), outputs, workers=1)
    validate.run(InputPaths(inputs), outputs)
    return catalog.load("findings", outputs).fillna("").to_dict("records")


@pytest.mark.parametrize(
    "rule_id, payments, expected", FAIL_CASES, ids=[f"{c[0]}-{n}" for n, c in enumerate(FAIL_CASES)]
)
def test_payment_rule_fires_just_past_its_boundary(tmp_path, rule_id, payments, expected):
    fired = [f for f in _case_run(tmp_path, payments) if f["rule_id"] == rule_id]
    assert [(f["severity"], f["project_id"], f["file"], f["sheet"], f["cell"]) for f in fired] == expected
    assert all(f["message"] and "{" not in f["message"] for f in fired)


@pytest.mark.parametrize(
    "rule_id, payments", PASS_CASES, ids=[f"{c[0]}-{n}" for n, c in enumerate(PASS_CASES)]
)
def test_payment_rule_passes_at_its_boundary(tmp_path, rule_id, payments):
    assert [f for f in _case_run(tmp_path, payments) if f["rule_id"] == rule_id] == []


def test_every_payment_rule_has_failing_and_passing_cases():
    ids = {rule.rule_id for rule in payment_rules.RULES}
    assert {case[0] for case in FAIL_CASES} == ids
    assert {case[0] for case in PASS_CASES} == ids
