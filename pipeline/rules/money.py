"""Validation rules on amounts: signs, costs against financing, the agency's share and grant, the
programme frame, and the workbooks' own Summa rows (V07–V13, V24).

Sums are exact (Decimal) and per workbook (groupby on source_file); a sum with a missing amount
is not compared at all, since the extract stage already reported the cell and any figure would
mislead. The total cost is Σ actual with project income deducted (contract.signed_cost).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pandas as pd

from ..contract import COST_COLUMNS, REGISTER_SHEET, SHEET_COSTS
from ..formatting import format_amount, format_kr
from ..paths import REGISTER_NAME
from ..rounding import round_to
from .layer import (
    Finding,
    Layer,
    ValidationRule,
    compare,
    exact_sums,
    limit_percent,
    percent,
    rows,
    signed_actuals,
    validation_rule,
)

ZERO = Decimal(0)
_AMOUNT_COLUMNS = frozenset({"budget", "actual", "amount", "granted_amount"})
_SUMMED_TABLES = ("costs", "financing", "indicators", "register", "meetings")


def _figure(column: str, number: Decimal) -> str:
    """An amount column in kronor, a count (indicators, participants) as a plain number."""
    return format_kr(number) if column in _AMOUNT_COLUMNS else format_amount(number)


def _known(*series: pd.Series) -> pd.Series:
    known = series[0].notna()
    for more in series[1:]:
        known &= more.notna()
    return known.astype(bool)


def _workbook_sums(layer: Layer) -> pd.DataFrame:
    """Per workbook with cost rows (index source_file): project_id, cost, financing, agency."""
    return layer.shared(_layer_workbook_sums)  # V09 and V10 compare the same sums


def _layer_workbook_sums(layer: Layer) -> pd.DataFrame:
    cost = layer.total_costs
    financing_rows = layer.workbook_rows("financing")
    financing = exact_sums(financing_rows["amount"], financing_rows["source_file"]).reindex(
        cost.index, fill_value=ZERO
    )
    return pd.DataFrame(
        {
            "project_id": layer.project_ids.reindex(cost.index),
            "cost": cost,
            "financing": financing,
            "agency": layer.agency_totals(cost.index),
        },
        index=cost.index,
    )


@validation_rule("V07")
def NEGATIVE_AMOUNT(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    for table, columns in (
        ("projects", ("granted_amount",)),
        ("costs", ("budget", "actual")),
        ("financing", ("amount",)),
        ("register", ("granted_amount",)),
    ):
        frame = layer[table]
        for column in columns:
            negative = compare(frame[column], lambda amounts: amounts < 0, ZERO)
            if not negative.any():  # the common case: no rows to select from a wide frame
                continue
            for row in rows(frame[negative]):
                yield rule.at(row, column, amount=format_kr(row[column]))


@validation_rule("V08")
def NO_COSTS(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    workbooks = layer.workbooks
    for row in rows(workbooks[~workbooks["source_file"].isin(layer["costs"]["source_file"])]):
        # The header row, where the rows go below (A1 when extract found no header: it said so).
        yield rule.at(
            row,
            sheet=SHEET_COSTS,
            cell=layer.header_cell(row["source_file"], SHEET_COSTS, COST_COLUMNS[0].name),
        )


@validation_rule("V09")
def COSTS_NOT_FINANCED(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    sums = _workbook_sums(layer)  # workbooks without cost rows: V08
    known = _known(sums["cost"], sums["financing"])
    difference = sums["financing"].where(known, ZERO) - sums["cost"].where(known, ZERO)
    flagged = known & (difference.map(abs) > layer.config.amount_tolerance).astype(bool)
    for file, row in sums[flagged].iterrows():
        yield rule.at(
            None,
            **layer.financing_total(file),
            project_id=row["project_id"],
            value=row["financing"],
            cost=format_kr(row["cost"]),
            financing=format_kr(row["financing"]),
            difference=format_kr(row["financing"] - row["cost"]),
        )


@validation_rule("V10")
def AGENCY_SHARE_TOTAL(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    limit = layer.config.max_agency_share
    sums = _workbook_sums(layer)
    known = _known(sums["cost"], sums["agency"])
    cost, agency = sums["cost"].where(known, ZERO), sums["agency"].where(known, ZERO)
    flagged = known & (cost > 0).astype(bool) & (agency > cost * limit).astype(bool)
    for file, row in sums[flagged].iterrows():
        yield rule.at(
            None,
            **layer.financing_total(file),
            project_id=row["project_id"],
            value=row["agency"],
            agency=format_kr(row["agency"]),
            cost=format_kr(row["cost"]),
            share=percent(row["agency"] / row["cost"]),
            limit=limit_percent(limit),
            allowed=format_kr(limit * row["cost"]),
        )


@validation_rule("V11")
def AGENCY_SHARE_YEAR(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    limit = layer.config.max_agency_share
    costs = layer.workbook_rows("costs")
    # A workbook with a cost year missing is left out: one year's cost would be too low.
    costs = costs[~costs["source_file"].isin(costs.loc[costs["year"].isna(), "source_file"])]
    agency = layer.agency_rows
    agency = agency[agency["source_file"].isin(costs["source_file"]) & agency["year"].notna()]
    keys = ["source_file", "year"]
    first_rows = agency.drop_duplicates(keys).set_index(keys)  # the year's first row, in sheet order
    paid = exact_sums(agency["amount"], [agency["source_file"], agency["year"]])
    cost = exact_sums(signed_actuals(costs), [costs["source_file"], costs["year"]]).reindex(
        paid.index, fill_value=ZERO
    )
    known = _known(paid, cost)
    paid_known, cost_known = paid.where(known, ZERO), cost.where(known, ZERO)
    flagged = known & (paid_known > 0).astype(bool) & (paid_known > cost_known * limit).astype(bool)
    for (file, year), amount in paid[flagged].items():
        first, year_cost = first_rows.loc[(file, year)], cost[(file, year)]
        yield rule.at(
            None,
            project_id=layer.project_ids[file],
            file=file,
            sheet=first["sheet"],
            cell=first["amount_cell"],
            value=amount,
            year=year,
            agency=format_kr(amount),
            cost=format_kr(year_cost),
            share=percent(amount / year_cost) if year_cost > 0 else "–",
            limit=limit_percent(limit),
        )


@validation_rule("V12")
def AGENCY_OVER_GRANTED(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    workbooks = layer.workbooks.set_index("source_file")
    decided = layer.register_entries["granted_amount"]
    from_register = workbooks["project_id"].map(lambda pid: decided.get(pid) if pid is not pd.NA else None)
    from_register = from_register.astype(object).where(from_register.notna(), None)
    granted = from_register.where(from_register.notna(), workbooks["granted_amount"])
    agency = layer.agency_totals(workbooks.index)
    known = _known(granted, agency)
    flagged = known & (agency.where(known, ZERO) > granted.where(known, ZERO)).astype(bool)
    for file in workbooks.index[flagged]:
        source = (
            "enligt beslutsregistret" if from_register[file] is not None else "enligt fliken Projektuppgifter"
        )
        yield rule.at(
            None,
            **layer.financing_total(file),
            project_id=workbooks.at[file, "project_id"],
            value=agency[file],
            agency=format_kr(agency[file]),
            granted=format_kr(granted[file]),
            granted_source=source,
        )


@validation_rule("V13")
def FRAME_EXCEEDED(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    register = layer.register
    total, frame = sum(register["granted_amount"].dropna(), ZERO), layer.config.frame_amount
    if register.empty or total <= frame:
        return
    first = rows(register.head(1))[0]
    file, sheet = first["source_file"] or REGISTER_NAME, first["sheet"] or REGISTER_SHEET
    yield rule.at(
        None,
        file=file,
        sheet=sheet,
        cell=layer.header_cell(file, sheet, "granted_amount"),
        value=total,
        granted=format_kr(total),
        frame=format_kr(frame),
    )


def _rows_sums(layer: Layer, totals: pd.DataFrame) -> pd.DataFrame:
    """Per Summa row: has_rows (its table has rows in that file) and computed (Σ of the rows
    above, None when one is missing or the column is not the table's)."""
    parts = []
    for table in _SUMMED_TABLES:
        frame = layer[table]
        for column in totals.loc[totals["table"] == table, "column"].dropna().unique():
            if column not in frame.columns:
                continue
            present = frame[column].notna()  # counts (Int64) are summed as Decimals too
            values = (
                frame[column]
                .astype(object)
                .where(present, None)
                .map(lambda v: None if v is None else Decimal(v))
            )
            sums = exact_sums(values, frame["source_file"])
            parts.append(
                pd.DataFrame(
                    {"source_file": sums.index, "table": table, "column": column, "computed": sums.to_numpy()}
                )
            )
    computed = (
        pd.concat(parts, ignore_index=True)
        if parts
        else pd.DataFrame(columns=["source_file", "table", "column", "computed"])
    )
    merged = totals.merge(
        computed.astype({"source_file": "string", "table": "string", "column": "string"}),
        on=["source_file", "table", "column"],
        how="left",
    )
    files_with_rows = {
        (table, file) for table in _SUMMED_TABLES for file in layer[table]["source_file"].unique()
    }
    merged["has_rows"] = [
        (t, f) in files_with_rows
        for t, f in zip(merged["table"].to_numpy(object), merged["source_file"].to_numpy(object), strict=True)
    ]  # numpy arrays: iterating a string array costs ~2 µs a value
    merged["computed"] = merged["computed"].astype(object).where(merged["computed"].notna(), None)
    return merged


def _cents(amount: Decimal) -> Decimal:
    return round_to(amount, 2)


@validation_rule("V24")
def TOTALS_ROW_DIFFERS(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    totals = _rows_sums(layer, layer["workbook_totals"])
    # With a row's value missing (an extract finding) any comparison would mislead; the sum extract
    # recorded is used when given, else the rows' sum.
    comparable = ~totals["has_rows"] | totals["computed"].notna()
    rows_sum = totals["rows_sum"].where(
        totals["rows_sum"].notna(), totals["computed"].where(totals["has_rows"])
    )
    rows_sum = rows_sum.astype(object).where(rows_sum.notna(), None)
    known = comparable & _known(totals["stated"], rows_sum)
    differs = pd.Series(
        [
            bool(k) and _cents(s) != _cents(r)
            for k, s, r in zip(known, totals["stated"], rows_sum, strict=True)
        ],
        index=totals.index,
        dtype=bool,
    )
    for row, total in zip(rows(totals[differs]), rows_sum[differs], strict=True):
        yield rule.at(
            row,
            cell=row["cell"],
            value=row["stated"],
            stated=_figure(row["column"], row["stated"]),
            rows_sum=_figure(row["column"], total),
        )


RULES: tuple[ValidationRule, ...] = (
    NEGATIVE_AMOUNT,
    NO_COSTS,
    COSTS_NOT_FINANCED,
    AGENCY_SHARE_TOTAL,
    AGENCY_SHARE_YEAR,
    AGENCY_OVER_GRANTED,
    FRAME_EXCEEDED,
    TOTALS_ROW_DIFFERS,
)
