"""Validation rules on the agency's payments (issue 14, V28–V35): decided, paid and reported.

The payments (`utbetalningar.xlsx`, one row per payment as the finance system exports it, a
recovery negative) are compared with the register (what was decided) and with each workbook's
Tillväxtverket financing (what the project reports); each row is checked on its own (its date
within the programme period, its sign agreeing with its kind, no row listed twice). Without a
usable payments file nothing is compared: extract says the file is missing
(extract_payments_missing), V28 that it could not be used, and the report says that payments were
not reconciled.

The ledger is untrusted and its rows may come in any order: where a rule picks one row of several
(the payment that passes the decision, the first row of an unknown id, the last recovery), it picks
by the row's content (`LEDGER_ORDER`), so that a reordered file gives the same findings at the
same payments. `deviates` is the one definition of a project's payment deviation: aggregate counts
exactly the projects these rules name.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pandas as pd

from ..contract import PAYMENT_KINDS, RECOVERY_KIND, SHEET_FINANCING
from ..formatting import format_kr
from ..paths import PAYMENTS_NAME, REGISTER_NAME
from .layer import Finding, Layer, ValidationRule, filled, rows, validation_rule
from .reading import MISSING_HEADER, MISSING_SHEET, PAYMENTS_MISSING

PAYMENTS_KIND = "payments"  # files.csv kind of the payments file (extract's inventory)
READ, MISSING, UNUSABLE = "read", "missing", "unusable"
# Reading findings after which the file's rows cannot stand for every payment.
_FILE_LEVEL_RULES = frozenset({MISSING_SHEET.rule_id, MISSING_HEADER.rule_id})
ZERO = Decimal(0)
# Rows in the order of their content (date, then amount, kind and case id); the row number only
# separates rows that are alike in every column.
LEDGER_ORDER = ["payment_date", "payment_amount", "payment_kind", "project_id", "row"]


def in_ledger_order(payments: pd.DataFrame) -> pd.DataFrame:
    return payments.sort_values(LEDGER_ORDER, kind="stable")


def deviates(decided: Decimal, paid: Decimal, reported: Decimal, tolerance: Decimal) -> bool:
    """A project's payments deviate when more was paid than decided (V29, to the öre) or reported
    and paid differ by more than payment_tolerance (V31, V32). A difference within the tolerance is
    no deviation, and neither is a decision not paid out in full."""
    return paid > decided or abs(reported - paid) > tolerance


def payments_state(files: pd.DataFrame, findings: pd.DataFrame) -> tuple[str, str]:
    """(state, file): READ when the payments file was read with every column, MISSING when it is
    not in the inputs folder, UNUSABLE when it could not be read (its findings say why)."""
    entries = files[(files["kind"] == PAYMENTS_KIND).fillna(False).astype(bool)]
    if entries.empty:
        return MISSING, PAYMENTS_NAME
    rel = str(entries["source_file"].iloc[0])
    if entries["status"].iloc[0] != "read":
        return UNUSABLE, rel
    mine = findings[(findings["file"] == rel).fillna(False).astype(bool)]
    if mine["rule_id"].isin(_FILE_LEVEL_RULES).any():
        return UNUSABLE, rel
    return READ, rel


def _state(layer: Layer) -> tuple[str, str]:
    return layer.shared(_layer_state)


def _layer_state(layer: Layer) -> tuple[str, str]:
    return payments_state(layer["files"], layer["extract_findings"])


def _payments(layer: Layer) -> pd.DataFrame:
    if _state(layer)[0] != READ:
        from .. import catalog

        return catalog.empty("payments")
    return layer["payments"]


def paid_by_project(payments: pd.DataFrame) -> pd.Series:
    """project id → Σ payment amounts (recoveries negative); None where an amount is missing."""
    known = payments[filled(payments["project_id"])]
    totals = known.groupby("project_id", sort=False)["payment_amount"].sum().astype(object)
    incomplete = known["payment_amount"].isna().groupby(known["project_id"], sort=False).any()
    return totals.where(~incomplete, None)


@validation_rule("V28")
def PAYMENTS_UNUSABLE(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    state, rel = _state(layer)
    if state == UNUSABLE:
        yield rule.at(None, file=rel, value=rel)


@validation_rule("V29")
def PAID_OVER_DECIDED(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    payments = _payments(layer)
    if payments.empty:
        return
    paid = paid_by_project(payments)
    decisions = layer.register_entries
    granted = dict(zip(decisions.index, decisions["granted_amount"], strict=True))  # ids are unique
    for pid, total in paid.items():
        decided = granted.get(pid)
        if total is None or decided is None or total <= decided:
            continue
        decision = decisions.loc[pid]
        own = in_ledger_order(payments[payments["project_id"] == pid])
        running = ZERO
        for row in rows(own):
            running += row["payment_amount"] or ZERO
            if running > decided:
                yield rule.at(
                    row,
                    "payment_amount",
                    project_id=pid,
                    amount=format_kr(row["payment_amount"]),
                    date=row["payment_date"],
                    paid=format_kr(total),
                    decided=format_kr(decided),
                    register_file=decision["source_file"],
                    register_row=decision["row"],
                )
                break


@validation_rule("V30")
def PAYMENT_UNKNOWN_PROJECT(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    payments = _payments(layer)
    if payments.empty or layer.register.empty:
        return  # V14 says the register is empty
    ids = payments["project_id"]
    unknown = payments[filled(ids) & ~ids.isin(layer.register_counts.index).fillna(False).astype(bool)]
    for pid, own in unknown.groupby("project_id", sort=True):
        first = rows(in_ledger_order(own))[0]
        amounts = [a for a in own["payment_amount"] if a is not None]
        yield rule.at(
            first,
            "project_id",
            project_id=pid,
            value=pid,
            register=REGISTER_NAME,
            count="1 rad" if len(own) == 1 else f"{len(own)} rader",
            paid=format_kr(sum(amounts, ZERO)),
        )


def _differences(layer: Layer) -> pd.DataFrame:
    """One row per matched workbook: project_id, source_file, reported, paid, recovered, difference."""
    return layer.shared(_layer_differences)


def _layer_differences(layer: Layer) -> pd.DataFrame:
    payments = _payments(layer)
    if _state(layer)[0] != READ:
        return pd.DataFrame()
    matched = layer.matched
    # Looked up per workbook below: as dicts (each index is unique), a lookup costs no pandas call.
    reported = layer.agency_totals(pd.Index(matched["source_file"])).to_dict()
    paid = paid_by_project(payments).to_dict()
    recoveries = payments[payments["payment_kind"] == RECOVERY_KIND]
    recovered = recoveries.groupby("project_id")["payment_amount"].sum().to_dict()
    out = []
    for pid, file in zip(matched["project_id"], matched["source_file"], strict=True):
        mine, theirs = reported.get(file), paid.get(pid, ZERO)
        if mine is None or theirs is None:
            continue  # an unreadable amount: already a reading finding
        out.append(
            {
                "project_id": pid,
                "source_file": file,
                "reported": mine,
                "paid": theirs,
                "recovered": -recovered.get(pid, ZERO),
                "difference": mine - theirs,
            }
        )
    return pd.DataFrame(out)


def _reported_differs(rule: ValidationRule, layer: Layer, low: Decimal, high: Decimal | None):
    differences = _differences(layer)
    if differences.empty:
        return
    size = differences["difference"].map(abs)
    band = size > low
    if high is not None:
        band &= size <= high
    flagged = rows(differences[band.astype(bool)])
    if not flagged:
        return
    payments = _payments(layer)
    # The last row (by date or year, then row) of each project's recoveries and each workbook's
    # agency financing: one stable sort of all rows orders each project's or workbook's rows as
    # sorting them apart would.
    recoveries = payments[payments["payment_kind"] == RECOVERY_KIND]
    last_recovery = _last_rows(recoveries, LEDGER_ORDER, "project_id")
    last_agency = _last_rows(layer.agency_rows, ["year", "row"], "source_file")
    tolerance = layer.config.payment_tolerance
    for row in flagged:
        common = {
            "project_id": row["project_id"],
            "value": row["difference"],
            "reported": format_kr(row["reported"]),
            "paid": format_kr(row["paid"]),
            "difference": format_kr(row["difference"]),
            "tolerance": format_kr(low),
            "payments_file": PAYMENTS_NAME,
        }
        recovered = row["recovered"]
        if recovered > ZERO and abs(row["reported"] - (row["paid"] + recovered)) <= tolerance:
            # Reported as it was before the recovery: the recovery is the place to look.
            last = last_recovery[row["project_id"]]
            yield rule.at(
                last,
                cell=last["payment_amount_cell"],
                hint=f"Skillnaden är återkravet på {format_kr(recovered)} den {last['payment_date']}: "
                f"projektet har redovisat finansieringen före återkravet. Rätta Tillväxtverkets finansiering "
                f"på fliken {SHEET_FINANCING} i {row['source_file']} så att den visar beloppet efter "
                "återkravet.",
                **common,
            )
            continue
        last = last_agency.get(row["source_file"])
        if last is None:
            sheet, cell = SHEET_FINANCING, layer.header_cell(row["source_file"], SHEET_FINANCING, "amount")
        else:
            sheet, cell = last["sheet"], last["amount_cell"]
        yield rule.at(
            row,
            sheet=sheet,
            cell=cell,
            hint="Rätta Tillväxtverkets finansiering på fliken Finansiering så att den stämmer med "
            "utbetalningarna, eller kontrollera utbetalningarna i ekonomisystemet.",
            **common,
        )


def _last_rows(frame: pd.DataFrame, order: list[str], by: str) -> dict[str, dict]:
    """by value → the last row (as `rows` gives it) of the frame's rows with that value, in `order`."""
    last = frame.sort_values(order, kind="stable").drop_duplicates(by, keep="last")
    return {row[by]: row for row in rows(last)}


@validation_rule("V31")
def REPORTED_DIFFERS_FROM_PAID(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    config = layer.config
    yield from _reported_differs(rule, layer, config.payment_tolerance, config.payment_error_bound)


@validation_rule("V32")
def REPORTED_FAR_FROM_PAID(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    yield from _reported_differs(rule, layer, layer.config.payment_error_bound, None)


@validation_rule("V33")
def PAYMENT_OUTSIDE_PERIOD(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    payments = _payments(layer)
    if payments.empty:
        return
    first_day, last_day = layer.config.period_first_day, layer.config.period_last_day
    outside = [not pd.isna(day) and not first_day <= day <= last_day for day in payments["payment_date"]]
    for row in rows(payments[outside]):
        day = row["payment_date"]
        yield rule.at(
            row,
            "payment_date",
            kind=_kind_word(row["payment_kind"]),
            amount=_amount_words(row["payment_amount"]),
            when="före" if day < first_day else "efter",
            first_day=first_day,
            last_day=last_day,
            hint="kontrollera datumet (ett datum före programmets start är oftast ett felskrivet år) och "
            "att utbetalningen hör till projektet."
            if day < first_day
            else "kontrollera att den hör till projektet och att datumet stämmer (en sen utbetalning "
            "visar att projektet slutredovisades sent).",
        )


@validation_rule("V34")
def PAYMENT_SIGN_AGAINST_KIND(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    payments = _payments(layer)
    if payments.empty:
        return
    known = payments[payments["payment_amount"].notna() & filled(payments["payment_kind"])]
    recovery = (known["payment_kind"] == RECOVERY_KIND).astype(bool)
    wrong = (recovery & (known["payment_amount"] > ZERO)) | (~recovery & (known["payment_amount"] < ZERO))
    for row in rows(known[wrong.astype(bool)]):
        amount = row["payment_amount"]
        if row["payment_kind"] == RECOVERY_KIND:
            problem = "ett återkrav skrivs som ett negativt belopp (med minustecken)."
        else:
            problem = "bara ett återkrav har ett negativt belopp: en utbetalning skrivs utan minustecken."
        yield rule.at(
            row,
            "payment_amount",
            amount=format_kr(amount),
            kind=_kind_word(row["payment_kind"]),
            kind_cell=row["payment_kind_cell"],
            problem=problem,
        )


_ALIKE = ["project_id", "payment_date", "payment_amount", "payment_kind"]


@validation_rule("V35")
def PAYMENT_LISTED_TWICE(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    payments = _payments(layer)
    if payments.empty:
        return
    complete = payments[filled(payments["project_id"]) & filled(payments["payment_kind"])]
    complete = complete[complete["payment_date"].notna() & complete["payment_amount"].notna()]
    repeated = complete[complete.duplicated(_ALIKE, keep=False)]
    # Grouped in Python: the key's Decimal compares by value (1000 == 1000.00), as `duplicated` does.
    alike: dict[tuple, list[dict]] = {}
    for row in rows(repeated.sort_values("row")):
        alike.setdefault(tuple(row[name] for name in _ALIKE), []).append(row)
    for first, *others in alike.values():
        for row in others:
            yield rule.at(
                row,
                "payment_amount",
                first_row=first["row"],
                first_cell=first["payment_amount_cell"],
                date=row["payment_date"],
                amount=format_kr(row["payment_amount"]),
                kind=_kind_word(row["payment_kind"]),
            )


def _kind_word(code: str | None) -> str:
    return KIND_WORDS.get(code, code or "okänd typ")


def _amount_words(amount: Decimal | None) -> str:
    return format_kr(amount) if amount is not None else "belopp saknas"


# payment_kind code → its Swedish word, as a message writes it.
KIND_WORDS = {code: label.lower() for label, code in PAYMENT_KINDS.items()}

RULES: tuple[ValidationRule, ...] = (
    PAYMENTS_UNUSABLE,
    PAID_OVER_DECIDED,
    PAYMENT_UNKNOWN_PROJECT,
    REPORTED_DIFFERS_FROM_PAID,
    REPORTED_FAR_FROM_PAID,
    PAYMENT_OUTSIDE_PERIOD,
    PAYMENT_SIGN_AGAINST_KIND,
    PAYMENT_LISTED_TWICE,
)

__all__ = [
    "LEDGER_ORDER",
    "MISSING",
    "PAYMENTS_MISSING",
    "READ",
    "RULES",
    "UNUSABLE",
    "deviates",
    "in_ledger_order",
    "paid_by_project",
    "payments_state",
]
