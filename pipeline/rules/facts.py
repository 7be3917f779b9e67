"""Validation rules on single facts: presence, county codes, dates and years (V01–V06)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pandas as pd

from ..contract import COUNTIES, FACT_FIELDS, MEETINGS_SHEET, REGISTER_COLUMNS, SHEET_FACTS
from ..paths import MEETINGS_NAME
from .layer import Finding, Layer, ValidationRule, blank, compare, rows, validation_rule

FACT_LABELS = {f.name: f.label for f in FACT_FIELDS}
REGISTER_LABELS = {f.name: f.label for f in REGISTER_COLUMNS}
_DATES = ("start_date", "end_date")


@validation_rule("V01")
def MISSING_FACT(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    workbooks = layer.workbooks
    for fact in (f for f in FACT_FIELDS if f.required):
        missing = blank(workbooks[fact.name])
        if not missing.any():  # the common case: no rows to select from a wide frame
            continue
        for row in rows(workbooks[missing]):
            located = row[f"{fact.name}_cell"]
            # A1 of the facts sheet when the label row itself is missing.
            sheet, cell = row["sheet"] or SHEET_FACTS, located or "A1"
            if (row["source_file"], sheet, cell) in layer.extract_cells:
                continue
            if not located and layer.label_reported_by_extract(row["source_file"], sheet, fact.label):
                continue
            yield rule.at(row, sheet=sheet, cell=cell, label=fact.label)


@validation_rule("V02")
def MISSING_REGISTER_VALUE(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    register = layer.register
    for column in (c for c in REGISTER_COLUMNS if c.required):
        cell = f"{column.name}_cell"
        missing = blank(register[column.name])
        if not missing.any():  # the common case: no rows to select from a wide frame
            continue
        for row in rows(layer.unreported(register[missing], cell)):
            yield rule.at(row, cell=row[cell], label=column.label)


@validation_rule("V03")
def INVALID_COUNTY(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    columns = ["project_id", "source_file", "sheet", "county_code_cell", "county_code"]
    places = pd.concat([layer.workbooks[columns], layer.register[columns]], ignore_index=True)
    code = places["county_code"]
    unknown = code.notna() & ~code.isin(list(COUNTIES)).fillna(False).astype(bool)
    for row in rows(layer.unreported(places[unknown], "county_code_cell")):
        yield rule.at(row, "county_code")


@validation_rule("V04")
def DATE_OUTSIDE_PERIOD(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    first, last = layer.config.period_first_day, layer.config.period_last_day

    def outside(frame: pd.DataFrame, name: str) -> pd.DataFrame:
        return frame[compare(frame[name], lambda dates: (dates < first) | (dates > last), first)]

    for frame, labels in ((layer.workbooks, FACT_LABELS), (layer.register, REGISTER_LABELS)):
        for name in _DATES:
            for row in rows(outside(frame, name)):
                yield rule.at(row, name, label=labels[name], first=first, last=last)
    for row in rows(outside(layer["meetings"], "date")):
        yield rule.at(
            row,
            "date",
            file=row["source_file"] or MEETINGS_NAME,
            sheet=row["sheet"] or MEETINGS_SHEET,
            label="Träffens datum",
            first=first,
            last=last,
        )


@validation_rule("V05")
def START_AFTER_END(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    for frame in (layer.workbooks, layer.register):
        start, end = frame["start_date"], frame["end_date"]
        both = start.notna() & end.notna()
        # Missing dates are stood in for by one same date, so that only real pairs can be reversed.
        reversed_ = both & (start.where(both, dt.date.min) > end.where(both, dt.date.min)).astype(bool)
        for row in rows(frame[reversed_]):
            yield rule.at(row, "end_date", start=row["start_date"])


@validation_rule("V06")
def YEAR_OUTSIDE_PROJECT(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    for name in ("costs", "financing"):
        for row in rows(layer.years_outside_period(name)):
            yield rule.at(
                row,
                "year",
                project_id=row["project_id_workbook"],
                start=row["start_date"],
                end=row["end_date"],
            )


RULES: tuple[ValidationRule, ...] = (
    MISSING_FACT,
    MISSING_REGISTER_VALUE,
    INVALID_COUNTY,
    DATE_OUTSIDE_PERIOD,
    START_AFTER_END,
    YEAR_OUTSIDE_PROJECT,
)
