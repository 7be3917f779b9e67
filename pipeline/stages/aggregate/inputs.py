"""The rows aggregate works on: accepted projects only, typed, and guarded against gaps.

Validate decides which projects are accepted; this module keeps their rows and nothing else, and
checks the few facts every sum relies on. An accepted row with an empty amount, year, code or
county cannot occur once extract reports blank cells as errors, so a gap here is a bug upstream:
it stops the run with a message naming file, sheet and cell, never with a traceback.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from ...contract import (
    COUNTIES,
    STATUS_ACCEPTED,
    STATUS_NO_WORKBOOK,
    STATUS_SET_ASIDE,
    signed_cost,
)
from ...errors import PipelineError

# The hand-overs aggregate reads (catalog names).
INPUT_TABLES = (
    "files",
    "payments",
    "projects",
    "costs",
    "financing",
    "indicators",
    "narratives",
    "register",
    "meetings",
    "project_status",
    "findings",
)
_RERUN = "Rätta cellen och kör om extract, validate och aggregate."


@dataclass(frozen=True)
class Accepted:
    """The accepted projects' rows; costs carry net_budget/net_actual (income deducted)."""

    projects: pd.DataFrame
    costs: pd.DataFrame
    financing: pd.DataFrame
    indicators: pd.DataFrame
    narratives: pd.DataFrame


def accepted_rows(frames: Mapping[str, pd.DataFrame]) -> Accepted:
    """Keep the rows of accepted projects, check them, and add the signed cost columns."""
    accepted = accepted_files(frames["project_status"])
    projects = only_accepted(frames["projects"], accepted)
    check_projects(projects, accepted)
    costs = only_accepted(frames["costs"], accepted)
    financing = only_accepted(frames["financing"], accepted)
    require_values(costs, "Kostnader", ("year", "category", "budget", "actual"))
    require_values(financing, "Finansiering", ("year", "source", "amount"))
    require_values(only_accepted(frames["indicators"], accepted), "Indikatorer", ("indicator",))
    categories = costs["category"].to_numpy(object)  # numpy iterates fast; a string array does not
    costs = costs.assign(
        **{
            f"net_{column}": [
                signed_cost(category, amount)
                for category, amount in zip(categories, costs[column].to_numpy(), strict=True)
            ]
            for column in ("budget", "actual")
        }
    )
    return Accepted(
        projects=projects,
        costs=costs,
        financing=financing,
        indicators=only_accepted(frames["indicators"], accepted),
        narratives=only_accepted(frames["narratives"], accepted),
    )


def accepted_files(status: pd.DataFrame) -> pd.DataFrame:
    """source_file and project_id of each accepted project; one accepted file per project id."""
    accepted = status.loc[status["status"] == STATUS_ACCEPTED, ["source_file", "project_id"]]
    twice = accepted[accepted["project_id"].duplicated(keep=False)]
    if not twice.empty:
        pid = twice["project_id"].iloc[0]
        files = twice.loc[twice["project_id"] == pid, "source_file"].tolist()
        raise PipelineError(
            f"project_status.csv: ärende-id {pid} är godkänt i två filer ({files[0]} och {files[1]}). "
            "Ta bort eller rätta den ena arbetsboken och kör om validate."
        )
    return accepted.reset_index(drop=True)


def only_accepted(frame: pd.DataFrame, accepted: pd.DataFrame) -> pd.DataFrame:
    """The rows whose (source_file, project_id) is an accepted project's, in their original order."""
    keys = pd.MultiIndex.from_frame(frame[["source_file", "project_id"]].astype(object))
    wanted = pd.MultiIndex.from_frame(accepted[["source_file", "project_id"]].astype(object))
    return frame[keys.isin(wanted)].reset_index(drop=True)


def check_projects(projects: pd.DataFrame, accepted: pd.DataFrame) -> None:
    """Every accepted project has its row of facts, with a known county."""
    found = set(projects["source_file"])
    for source_file, pid in sorted(zip(accepted["source_file"], accepted["project_id"], strict=True)):
        if source_file not in found:
            raise PipelineError(
                f"project_status.csv godkänner {pid} ({source_file}), men projects.csv har 0 rader för "
                "filen. Lagren kommer från olika körningar: kör om extract och validate."
            )
    require_values(projects, "Projektuppgifter", ("county_code",))
    unknown = projects[~projects["county_code"].isin(list(COUNTIES))]
    if not unknown.empty:
        p = unknown.iloc[0]
        raise PipelineError(
            f"{p['source_file']}, flik {p['sheet']}, cell {_text(p['county_code_cell'])}: projekt "
            f"{p['project_id']} har okänd länskod {p['county_code']!r}. Ange en tvåsiffrig länskod (t.ex. "
            "01 eller 14) och kör om extract, validate och aggregate."
        )


def require_values(frame: pd.DataFrame, sheet_name: str, columns: Sequence[str]) -> None:
    """Raise a PipelineError naming file, sheet and cell of the first empty value in `columns`."""
    for column in columns:
        empty = frame[column].isna()
        if empty.any():
            row = frame[empty].iloc[0]
            raise PipelineError(
                f"{_where(row, column, sheet_name)}: värdet i kolumnen {column} är tomt i "
                f"ett godkänt projekt ({_text(row['project_id'])}). Tomma celler ska ha "
                f"rapporterats som fel av extract; detta är ett fel i pipelinen. {_RERUN}"
            )


def _where(row: pd.Series, column: str, sheet_name: str) -> str:
    """ "file, flik sheet, cell A1" of a value (the row number when the cell is not recorded)."""
    cell = _text(row.get(f"{column}_cell"))
    if not cell and "row" in row and pd.notna(row["row"]):
        cell = f"rad {row['row']}"
    parts = (
        _text(row.get("source_file")),
        f"flik {_text(row.get('sheet')) or sheet_name}",
        f"cell {cell}" if cell else "",
    )
    return ", ".join(part for part in parts if part)


def _texts(column: pd.Series) -> list[str | None]:
    """A text column as Python values, None for <NA> (pd.NA cannot be looked up in a set)."""
    return [None if pd.isna(v) else str(v) for v in column]


def _text(value) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def meeting_rows(meetings: pd.DataFrame) -> pd.DataFrame:
    """Meetings with their year; a blank participant count counts as 0 (as it always has)."""
    for column in ("date", "meeting_type"):
        empty = meetings[column].isna()
        if empty.any():
            row = meetings[empty].iloc[0]
            expected = "ett datum (ÅÅÅÅ-MM-DD)" if column == "date" else "typ av träff"
            raise PipelineError(
                f"{_where(row, column, 'Träffar')}: värdet i kolumnen {column} är tomt. "
                f"Ange {expected}. {_RERUN}"
            )
    return pd.DataFrame(
        {
            "meeting_type": meetings["meeting_type"].astype(object),
            "year": [d.year for d in meetings["date"]],
            "participants": meetings["participants"].fillna(0).astype(int),
        }
    )


def register_decisions(register: pd.DataFrame, status: pd.DataFrame) -> pd.DataFrame:
    """Every row of the register, with what became of its project's workbook.

    accepted: an accepted workbook has the id; set_aside: only set-aside workbooks have it (one
    that could not be read counts when extract tied it to the decision by its file name);
    no_workbook: no workbook has the id, the decision awaits its report (project_status says the
    same; a blank id is never matched).
    A decision without an amount (a finding of validate) keeps it empty and adds nothing to the
    sums; for an accepted project that cannot happen, and stops the run.
    """
    workbooks = status[status["status"] != STATUS_NO_WORKBOOK]
    accepted = set(_texts(workbooks.loc[workbooks["status"] == STATUS_ACCEPTED, "project_id"]))
    set_aside = set(_texts(workbooks.loc[workbooks["status"] == STATUS_SET_ASIDE, "project_id"]))
    workbook_status = [
        STATUS_ACCEPTED if pid in accepted else STATUS_SET_ASIDE if pid in set_aside else STATUS_NO_WORKBOOK
        for pid in _texts(register["project_id"])
    ]
    decisions = register.loc[
        :,
        [
            "project_id",
            "county_code",
            "owner",
            "title",
            "decision_date",
            "granted_amount",
            "source_file",
            "sheet",
            "row",
            "granted_amount_cell",
        ],
    ]
    decisions = decisions.assign(
        county_name=decisions["county_code"].map(COUNTIES, na_action="ignore"),
        workbook_status=workbook_status,
    )
    require_values(decisions[decisions["workbook_status"] == STATUS_ACCEPTED], "Beslut", ("granted_amount",))
    return decisions
