"""Validation rules between the workbooks and the decision register (V14–V21, V26, V27).

A workbook is compared with its decision only when its id has exactly one workbook and exactly
one decision (`Layer.matched`); every other case is reported by V15–V18 instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pandas as pd

from ..contract import COUNTIES, REGISTER_SHEET, SEVERITY_ERROR
from ..formatting import format_kr
from ..paths import PROJECTS_DIRNAME, REGISTER_NAME
from .facts import FACT_LABELS
from .layer import Finding, Layer, ValidationRule, filled, rows, validation_rule


@validation_rule("V14")
def REGISTER_EMPTY(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    if not layer.register.empty:
        return
    found = layer["extract_findings"]
    if ((found["file"] == REGISTER_NAME) & (found["severity"] == SEVERITY_ERROR)).any():
        return  # extract already said the register is missing or unreadable
    yield rule.at(None, file=REGISTER_NAME, sheet=REGISTER_SHEET, cell="A1")


@validation_rule("V15")
def REGISTER_WITHOUT_WORKBOOK(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    register = layer.register[filled(layer.register["project_id"])]
    counts = layer.workbook_counts.reindex(register["project_id"]).fillna(0).astype(int).to_numpy()
    # A workbook that is there but could not be read is never reported as missing: one that
    # extract could tie to its decision (by its name) has its own fel with the decision's id;
    # the others, and any other file in projects/, are named here: any may be the decision's.
    files = layer["files"]
    unread = files[
        (
            (files["kind"] == "workbook")
            | ((files["kind"] == "other") & files["source_file"].str.startswith(f"{PROJECTS_DIRNAME}/"))
        ).fillna(False)
        & ~files["source_file"].isin(layer.workbooks["source_file"])
    ]
    tied = set(unread.loc[filled(unread["project_id"]), "project_id"])
    loose = sorted(unread.loc[~filled(unread["project_id"]), "source_file"])
    note = (
        f" som kunde läsas (lästes inte: {', '.join(loose)}; är någon av dem projektets, rätta "
        "den enligt felet för filen)"
        if loose
        else ""
    )
    for row, count in zip(rows(register[counts != 1]), counts[counts != 1], strict=True):
        if count == 0 and row["project_id"] in tied:
            continue
        yield rule.at(row, "project_id", count=count, unread=note if count == 0 else "")


@validation_rule("V16")
def WORKBOOK_WITHOUT_REGISTER(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    if layer.register.empty:
        return  # V14 says the register is missing; one finding, not one per project
    ids = layer.workbooks["project_id"]
    unknown = filled(ids) & ~ids.isin(layer.register_counts.index).fillna(False).astype(bool)
    for row in rows(layer.workbooks[unknown]):
        yield rule.at(
            row,
            "project_id",
        )


def _rows_sharing_an_id(
    frame: pd.DataFrame, counts: pd.Series, listed: str, join: Callable[[pd.Series], str]
) -> Iterator[tuple[dict, int, str]]:
    """Each row of `frame` whose ärende-id stands in more than one row, with how many rows have the
    id and the `listed` values of them all, joined (the files, the register's row numbers)."""
    shared = frame[frame["project_id"].isin(counts[counts > 1].index).fillna(False)]
    listing = shared.groupby("project_id")[listed].agg(join)
    for row in rows(shared):
        yield row, counts[row["project_id"]], listing[row["project_id"]]


@validation_rule("V17")
def DUPLICATE_WORKBOOK_ID(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    shared = _rows_sharing_an_id(
        layer.workbooks, layer.workbook_counts, "source_file", lambda files: ", ".join(sorted(files))
    )
    for row, count, files in shared:
        yield rule.at(row, "project_id", count=count, files=files)


@validation_rule("V18")
def DUPLICATE_REGISTER_ID(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    shared = _rows_sharing_an_id(
        layer.register, layer.register_counts, "row", lambda numbers: ", ".join(str(n) for n in numbers)
    )
    for row, count, numbers in shared:
        yield rule.at(row, "project_id", count=count, rows=numbers)


@validation_rule("V19")
def COUNTY_DIFFERS(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    matched = layer.matched
    mine, theirs = matched["county_code"], matched["county_code_register"]
    known = mine.isin(list(COUNTIES)).fillna(False) & theirs.isin(list(COUNTIES)).fillna(False)  # else V03
    for row in rows(matched[known & (mine != theirs).fillna(False)]):
        yield rule.at(
            row,
            "county_code",
            register=row["county_code_register"],
        )


@validation_rule("V20")
def GRANTED_DIFFERS(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    matched = layer.matched
    mine, theirs = matched["granted_amount"], matched["granted_amount_register"]
    known = (mine.notna() & theirs.notna()).astype(bool)
    difference = (mine.where(known, 0) - theirs.where(known, 0)).map(abs)
    for row in rows(matched[known & (difference > layer.config.amount_tolerance).astype(bool)]):
        yield rule.at(
            row,
            "granted_amount",
            amount=format_kr(row["granted_amount"]),
            register=format_kr(row["granted_amount_register"]),
        )


@validation_rule("V21")
def PERIOD_DIFFERS(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    matched = layer.matched
    for name in ("start_date", "end_date"):
        mine, theirs = matched[name], matched[f"{name}_register"]
        known = (mine.notna() & theirs.notna()).astype(bool)
        for row in rows(matched[known & (mine != theirs).astype(bool)]):
            yield rule.at(
                row,
                name,
                label=FACT_LABELS[name],
                register=row[f"{name}_register"],
            )


def _comparable_title(titles: pd.Series) -> pd.Series:
    """A title as compared: case and runs of spaces (no-break spaces too) do not count."""
    return titles.fillna("").map(lambda title: re.sub(r"\s+", " ", title).strip().casefold())


@validation_rule("V26")
def TITLE_DIFFERS(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    matched = layer.matched
    known = filled(matched["title"]) & filled(matched["title_register"])  # a blank title: V01, V02
    differs = known & (_comparable_title(matched["title"]) != _comparable_title(matched["title_register"]))
    for row in rows(matched[differs]):
        yield rule.at(
            row,
            "title",
            register=row["title_register"],
            register_file=row["source_file_register"],
            register_row=row["row"],
        )


@validation_rule("V27")
def YEAR_AFTER_DECISION(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    matched = layer.matched
    decided = matched.loc[
        matched["end_date_register"].notna(),
        ["source_file", "project_id", "end_date_register", "source_file_register", "row"],
    ]
    decided = decided.rename(columns={"row": "register_row"})
    decided["last_year"] = [end.year for end in decided["end_date_register"]]
    for name in ("costs", "financing"):
        merged = layer[name].merge(decided, on="source_file", suffixes=("", "_workbook"))
        late = merged[(merged["year"] > merged["last_year"]).fillna(False).astype(bool)]
        if late.empty:
            continue
        # A year outside the workbook's own period is an error (V06) at the same cell: said once.
        outside = layer.years_outside_period(name)
        reported = set(zip(outside["source_file"], outside["row"], strict=True))
        late = late[
            [(file, row) not in reported for file, row in zip(late["source_file"], late["row"], strict=True)]
        ]
        counts = late.groupby(["source_file", "sheet", "year"])["row"].transform("size")
        late = late.assign(rows_in_year=counts).drop_duplicates(["source_file", "sheet", "year"])
        for row in rows(late):
            count = row["rows_in_year"]
            yield rule.at(
                row,
                "year",
                project_id=row["project_id_workbook"],
                end=row["end_date_register"],
                register_file=row["source_file_register"],
                register_row=row["register_row"],
                sheet_name=row["sheet"],
                count="1 rad" if count == 1 else f"{count} rader",
            )


RULES: tuple[ValidationRule, ...] = (
    REGISTER_EMPTY,
    REGISTER_WITHOUT_WORKBOOK,
    WORKBOOK_WITHOUT_REGISTER,
    DUPLICATE_WORKBOOK_ID,
    DUPLICATE_REGISTER_ID,
    COUNTY_DIFFERS,
    GRANTED_DIFFERS,
    PERIOD_DIFFERS,
    TITLE_DIFFERS,
    YEAR_AFTER_DECISION,
)
