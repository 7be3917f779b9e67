"""The extracted layer as the validation rules see it, and the rule class that checks it.

A `ValidationRule` is a `Rule` that owns its check: `@validation_rule(id)` binds a function
`check(rule, layer) -> findings` to the rule's declaration in rules.toml (severity, what it checks,
the message), found by id (frictionless-py's checks are the model).

`Layer` holds the typed catalog frames of 1_extracted (text as "string" with <NA>, amounts as
Decimal or None, dates as datetime.date or None, counts as "Int64") and the lookups several rules
share, each computed once: workbooks by id, the register entry matched to each workbook, the
cells the extract stage already reported, located header and Summa cells, exact sums.

A value the extract stage could not read, or a blank cell, arrives as None/<NA> and already has a
reading finding: every check skips it instead of guessing, and never reports that cell again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any, TypeVar

import pandas as pd

from ..config import ProgrammeConfig
from ..contract import AGENCY_SOURCE, SHEET_FINANCING, signed_cost
from ..formatting import format_pct
from .base import Rule
from .declarations import declaration
from .reading import MISSING_FIELD, MISSING_SHEET

Finding = dict[str, str]
T = TypeVar("T")
Check = Callable[["ValidationRule", "Layer"], Iterable[Finding]]


# --- Rules that own their check. ------------------------------------------------------------------


@dataclass(frozen=True)
class ValidationRule(Rule):
    check: Check | None = field(default=None, compare=False, repr=False)

    def findings(self, layer: Layer) -> list[Finding]:
        """The findings of this rule on `layer` (in no particular order; the stage sorts)."""
        return list(self.check(self, layer)) if self.check else []

    def finding(self, **fields: Any) -> Finding:
        """As Rule.finding, but typed values (<NA>, None, dates) become the text a reader sees."""
        return super().finding(**{name: plain(value) for name, value in fields.items()})

    def at(self, row: Mapping[str, Any] | None, column: str | None = None, **fields: Any) -> Finding:
        """The finding about one place: the one path every validation rule reports through.

        From `row` of the extracted layer come its project (`project_id`), file (`source_file`)
        and sheet, and with `column` the value's cell (`<column>_cell`) and the value itself.
        A place field given by name overrides the row's (a located Summa cell, the register's
        file); the other fields fill the rule's message. Without a row (a programme-level
        finding) every place field is given by name.
        """
        place: dict[str, Any] = {}
        if row is not None:
            from_row = {"project_id": "project_id", "file": "source_file", "sheet": "sheet"}
            if column is not None:
                from_row |= {"cell": f"{column}_cell", "value": column}
            place = {
                name: row.get(key) if name == "project_id" else row[key]  # a meeting has no project
                for name, key in from_row.items()
                if name not in fields
            }
        return self.finding(**place, **fields)


def validation_rule(rule_id: str) -> Callable[[Check], ValidationRule]:
    """Decorator: the function below is the check of the rule declared as [rule_id] in rules.toml."""
    declared = declaration(rule_id)  # at import, so an undeclared id fails there

    def bind(check: Check) -> ValidationRule:
        return ValidationRule(rule_id, **declared._asdict(), check=check)

    return bind


# --- Values and masks. -----------------------------------------------------------------------------


def plain(value: Any) -> Any:
    """A typed value as a finding carries it: "" for a missing one, ISO text for a date."""
    if value is None or value is pd.NA:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def blank(series: pd.Series) -> pd.Series:
    """True where a value is missing, or text of only spaces."""
    if isinstance(series.dtype, pd.StringDtype):
        # One pass over the values (a text is a str, a missing one <NA>): on the layer's small
        # columns, .str.strip() and the masks around it cost several times more.
        values = series.to_numpy(object)
        return pd.Series(
            [type(v) is not str or not v.strip() for v in values],
            index=series.index,
            name=series.name,
            dtype=bool,
        )
    return series.isna().astype(bool)


def filled(series: pd.Series) -> pd.Series:
    return ~blank(series)


def compare(series: pd.Series, test: Callable[[pd.Series], pd.Series], stand_in: Any) -> pd.Series:
    """`test` on the present values of an object column (Decimals, dates); False where missing.

    Missing values are replaced by `stand_in` (any value of the column's kind) only so that the
    comparison can run; the result is masked with presence."""
    present = series.notna()
    return (present & test(series.where(present, stand_in)).astype(bool)).astype(bool)


def exact_sums(values: pd.Series, keys: Any) -> pd.Series:
    """Σ of Decimal `values` per key; None for a key with any missing value (its sum would be wrong)."""
    totals = values.groupby(keys, sort=False).sum().astype(object)
    incomplete = values.isna().groupby(keys, sort=False).any()
    return totals.where(~incomplete, None)


def cost_signs(categories: pd.Series) -> pd.Series:
    """+1 or −1 per cost row, as contract.signed_cost nets project income against costs."""
    signs = {category: signed_cost(category, 1) for category in categories.dropna().unique()}
    return categories.map(signs).fillna(1).astype(int).astype(object)


def percent(ratio: Decimal) -> str:
    """A computed share: 0.4833 → '48,3 %'."""
    return format_pct(ratio * 100)


def limit_percent(share: Decimal) -> str:
    """A configured limit as written: 0.5 → '50 %', 0.525 → '52,5 %'."""
    number = (share * 100).normalize()
    return format_pct(number, max(0, -number.as_tuple().exponent))


def cells(frame: pd.DataFrame, file: str, sheet: str, cell: str) -> list[tuple[str, str, str]]:
    """(file, sheet, cell) of each row, "" for missing parts."""
    columns = [frame[name].fillna("").astype(str) for name in (file, sheet, cell)]
    return list(zip(*columns, strict=True))


# --- The layer. --------------------------------------------------------------------------------------


@dataclass
class Layer:
    """The extracted layer and the programme config, with the lookups the rules share."""

    config: ProgrammeConfig
    frames: Mapping[str, pd.DataFrame]
    _shared: dict[Callable[[Layer], Any], Any] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.frames[name]

    def shared(self, compute: Callable[[Layer], T]) -> T:
        """`compute(self)`, computed once per layer: a lookup that several rules of one module share
        (as the cached properties below are for lookups of every module)."""
        if compute not in self._shared:
            self._shared[compute] = compute(self)
        return self._shared[compute]

    @property
    def workbooks(self) -> pd.DataFrame:
        """One row per project workbook with a facts sheet (the projects table)."""
        return self.frames["projects"]

    @property
    def register(self) -> pd.DataFrame:
        return self.frames["register"]

    def workbook_rows(self, name: str) -> pd.DataFrame:
        """Rows of `name` that belong to a workbook with facts (rows of a workbook without facts
        cannot be judged against its period or its register entry: extract reported that file)."""
        frame = self.frames[name]
        return frame[frame["source_file"].isin(self.workbooks["source_file"])]

    # Findings the extract stage already made. ----------------------------------------------------

    @cached_property
    def extract_cells(self) -> set[tuple[str, str, str]]:
        found = self.frames["extract_findings"]
        return {place for place in cells(found, "file", "sheet", "cell") if place[2]}

    def unreported(self, candidates: pd.DataFrame, cell: str) -> pd.DataFrame:
        """The rows of `candidates` (already filtered to what a rule would report) whose
        (source_file, sheet, `cell`) extract has not reported: each cell is reported once only."""
        reported = self.extract_cells
        if not reported or candidates.empty:
            return candidates
        places = cells(candidates, "source_file", "sheet", cell)
        return candidates[[place not in reported for place in places]]

    @cached_property
    def _missing_sheets_and_labels(self) -> tuple[set[tuple[str, str]], set[tuple[str, str, str]]]:
        found = self.frames["extract_findings"].fillna("")
        sheets = found[found["rule_id"] == MISSING_SHEET.rule_id]
        labels = found[found["rule_id"] == MISSING_FIELD.rule_id]  # the label is in the value column
        return (
            set(zip(sheets["file"], sheets["sheet"], strict=True)),
            set(zip(labels["file"], labels["sheet"], labels["value"], strict=True)),
        )

    def label_reported_by_extract(self, file: str, sheet: str, label: str) -> bool:
        """True when extract reported the sheet missing, or this label row missing."""
        sheets, labels = self._missing_sheets_and_labels
        return (file, sheet) in sheets or (file, sheet, label) in labels

    # Where a finding about a column or a sum points. -------------------------------------------------

    @cached_property
    def _headers(self) -> dict[tuple[str, str, str], str]:
        headers = self.frames["sheet_headers"].fillna("")
        return dict(
            zip(
                zip(headers["source_file"], headers["sheet"], headers["column"], strict=True),
                headers["cell"],
                strict=True,
            )
        )

    def header_cell(self, file: str, sheet: str, column: str) -> str:
        """The located header cell of a column; A1 when extract found no header (it said so)."""
        return self._headers.get((file, sheet, column), "A1")

    @cached_property
    def _totals_cells(self) -> dict[tuple[str, str, str], tuple[str, str]]:
        totals = self.frames["workbook_totals"].fillna("")
        totals = totals[totals["cell"] != ""].drop_duplicates(["source_file", "table", "column"])
        return {
            (f, t, c): (s, cell)
            for f, t, c, s, cell in zip(
                totals["source_file"],
                totals["table"],
                totals["column"],
                totals["sheet"],
                totals["cell"],
                strict=True,
            )
        }

    def total_cell(self, file: str, table: str, column: str, sheet: str) -> tuple[str, str]:
        """(sheet, cell) to open for a sum: the "Summa" cell if any, else the column's header."""
        stated_sheet, cell = self._totals_cells.get((file, table, column), ("", ""))
        if cell:
            return stated_sheet or sheet, cell
        return sheet, self.header_cell(file, sheet, column)

    def financing_total(self, file: str) -> dict[str, str]:
        """Where a finding about a workbook's whole financing points: its Summa cell (file, sheet, cell)."""
        sheet, cell = self.total_cell(file, "financing", "amount", SHEET_FINANCING)
        return {"file": file, "sheet": sheet, "cell": cell}

    # Identity: workbooks and decisions by project id. ----------------------------------------------

    @cached_property
    def project_ids(self) -> pd.Series:
        """source_file → the project id its facts sheet gives (<NA> when empty)."""
        return self.workbooks.set_index("source_file")["project_id"]

    @cached_property
    def workbook_counts(self) -> pd.Series:
        """project id → number of workbooks with that id (workbooks without an id not counted)."""
        ids = self.workbooks["project_id"]
        return ids[filled(ids)].value_counts()

    @cached_property
    def register_counts(self) -> pd.Series:
        ids = self.register["project_id"]
        return ids[filled(ids)].value_counts()

    @cached_property
    def register_entries(self) -> pd.DataFrame:
        """The register's decisions whose id occurs exactly once, indexed by project id."""
        counts = self.register_counts
        single = counts[counts == 1].index
        entries = self.register[self.register["project_id"].isin(single)]
        return entries.set_index("project_id", drop=False)

    @cached_property
    def matched(self) -> pd.DataFrame:
        """Workbooks whose id has exactly one workbook and one decision (otherwise V15–V18), each
        beside its decision: register columns end in "_register"."""
        counts = self.workbook_counts
        workbooks = self.workbooks[self.workbooks["project_id"].isin(counts[counts == 1].index)]
        return workbooks.merge(
            self.register_entries.reset_index(drop=True),
            on="project_id",
            suffixes=("", "_register"),
            validate="one_to_one",
        )

    # Money per workbook. -----------------------------------------------------------------------------

    @cached_property
    def total_costs(self) -> pd.Series:
        """source_file → Σ actual minus project income, for workbooks with cost rows (None when an
        amount is missing)."""
        costs = self.workbook_rows("costs")
        return exact_sums(signed_actuals(costs), costs["source_file"])

    @cached_property
    def agency_rows(self) -> pd.DataFrame:
        financing = self.workbook_rows("financing")
        return financing[financing["source"] == AGENCY_SOURCE]

    def agency_totals(self, files: pd.Index) -> pd.Series:
        """source_file → Σ Tillväxtverket's financing (0 without rows, None when one is missing)."""
        agency = self.agency_rows
        return exact_sums(agency["amount"], agency["source_file"]).reindex(files, fill_value=Decimal(0))

    # Periods. -----------------------------------------------------------------------------------------

    @cached_property
    def periods(self) -> pd.DataFrame:
        """source_file, project_id, start_date, end_date, first_year, last_year of each workbook
        whose dates are present and in order (missing or reversed dates: V01, V05)."""
        workbooks = self.workbooks
        start, end = workbooks["start_date"], workbooks["end_date"]
        both = start.notna() & end.notna()
        valid = workbooks[both].loc[lambda w: w["start_date"] <= w["end_date"]]
        periods = valid[["source_file", "project_id", "start_date", "end_date"]].copy()
        periods["first_year"] = [date.year for date in periods["start_date"]]
        periods["last_year"] = [date.year for date in periods["end_date"]]
        return periods

    def years_outside_period(self, name: str) -> pd.DataFrame:
        """Rows of costs or financing whose year lies outside their workbook's period, with the
        workbook's project id and period (columns ending in "_workbook")."""
        merged = self.frames[name].merge(self.periods, on="source_file", suffixes=("", "_workbook"))
        year = merged["year"]
        outside = year.notna() & ((year < merged["first_year"]) | (year > merged["last_year"]))
        return merged[outside.fillna(False).astype(bool)]


def signed_actuals(costs: pd.DataFrame) -> pd.Series:
    """Each cost row's actual as it counts towards the total cost (None stays None)."""
    actual = costs["actual"]
    present = actual.notna()
    signed = actual.where(present, Decimal(0)) * cost_signs(costs["category"])
    return signed.astype(object).where(present, None)


def rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a (small, already filtered) frame as dicts, None for every missing value."""
    if frame.empty:
        return []
    return [
        {name: None if _missing(value) else value for name, value in record.items()}
        for record in frame.to_dict("records")
    ]


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)
