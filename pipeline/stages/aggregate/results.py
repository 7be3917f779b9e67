"""Outcomes and texts: indicators, meetings, narratives, good examples, set-aside projects, findings.

Indicators keep a blank target or outcome as "not reported" (it counts 0 and does not make the
project a reporting one); a blank meeting participant count counts 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from ... import rules as rule_package
from ...aggregated_tables import AGGREGATED_COLUMNS
from ...contract import COUNTIES, INDICATORS, MEETING_TYPES, STATUS_SET_ASIDE
from ...rules import Rule
from .breakdowns import COUNTY_CODES, codes_in_order, grid, with_county
from .shares import percents

INDICATOR_LABELS = {code: label for label, code in INDICATORS.items()}
MEETING_TYPE_LABELS = {code: label for label, code in MEETING_TYPES.items()}
# Where the rules live (pipeline/rules): those the extract stage raises while reading, and those
# validate checks. A collection not yet declared there is skipped.
RULE_COLLECTIONS = ("READING_RULES", "VALIDATION_RULES")


def _counted(frame: pd.DataFrame, by, column: str, index) -> pd.Series:
    """Σ of an integer column per key (blank counts 0), on exactly the keys of `index`."""
    if frame.empty:
        return pd.Series(0, index=index, dtype="int64")
    counts = frame.assign(**{column: frame[column].fillna(0).astype("int64")})
    return counts.groupby(by, sort=False)[column].sum().reindex(index, fill_value=0)


def indicator_totals(indicators: pd.DataFrame) -> pd.DataFrame:
    """Target vs outcome per indicator; every indicator of the contract, zeros where none reported."""
    codes = codes_in_order(INDICATOR_LABELS, indicators["indicator"])
    target = _counted(indicators, "indicator", "target", codes)
    outcome = _counted(indicators, "indicator", "outcome", codes)
    reported = indicators[indicators["target"].notna() | indicators["outcome"].notna()]
    reporting = reported.groupby("indicator")["project_id"].nunique().reindex(codes, fill_value=0)
    return pd.DataFrame(
        {
            "indicator": codes,
            "indicator_label": [INDICATOR_LABELS.get(c, c) for c in codes],
            "projects_reporting": reporting.tolist(),
            "target": target.tolist(),
            "outcome": outcome.tolist(),
            "outcome_pct": percents(outcome.tolist(), target.tolist()),
            # Met: the summed outcome reaches the summed target (a target of 0 is never "met").
            "target_met": [bool(t > 0 and o >= t) for t, o in zip(target, outcome, strict=True)],
        }
    )


def indicators_by_region(indicators: pd.DataFrame, summary: pd.DataFrame) -> pd.DataFrame:
    """Target and outcome per indicator and county: every indicator × every county."""
    index = grid(
        codes_in_order(INDICATOR_LABELS, indicators["indicator"]),
        COUNTY_CODES,
        names=("indicator", "county_code"),
    )
    located = with_county(indicators, summary)
    codes = index.get_level_values("indicator")
    return pd.DataFrame(
        {
            "indicator": codes,
            "indicator_label": [INDICATOR_LABELS.get(c, c) for c in codes],
            "county_code": index.get_level_values("county_code"),
            "county_name": index.get_level_values("county_code").map(COUNTIES),
            "target": _counted(located, ["indicator", "county_code"], "target", index).tolist(),
            "outcome": _counted(located, ["indicator", "county_code"], "outcome", index).tolist(),
        }
    )


def _meeting_types(meetings: pd.DataFrame) -> list[str]:
    return codes_in_order(MEETING_TYPE_LABELS, meetings["meeting_type"])


def meetings_by_type_year(meetings: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    """Meetings and participants per type and year: every type × every year."""
    index = grid(_meeting_types(meetings), years, names=("meeting_type", "year"))
    types = index.get_level_values("meeting_type")
    count = meetings.groupby(["meeting_type", "year"]).size().reindex(index, fill_value=0)
    return pd.DataFrame(
        {
            "meeting_type": types,
            "meeting_type_label": [MEETING_TYPE_LABELS.get(t, t) for t in types],
            "year": index.get_level_values("year"),
            "meetings": count.tolist(),
            "participants": _counted(meetings, ["meeting_type", "year"], "participants", index).tolist(),
        }
    )


def meetings_by_type(meetings: pd.DataFrame) -> pd.DataFrame:
    """Meetings and participants per type over the whole period."""
    types = _meeting_types(meetings)
    return pd.DataFrame(
        {
            "meeting_type": types,
            "meeting_type_label": [MEETING_TYPE_LABELS.get(t, t) for t in types],
            "meetings": meetings.groupby("meeting_type").size().reindex(types, fill_value=0).tolist(),
            "participants": _counted(meetings, "meeting_type", "participants", types).tolist(),
        }
    )


def _field(narratives: pd.DataFrame, field: str) -> pd.DataFrame:
    """One narrative field per project (text, source_file, sheet, cell), indexed by project id."""
    rows = narratives[narratives["field"] == field].drop_duplicates("project_id", keep="first")
    return rows.set_index("project_id")


def good_examples(summary: pd.DataFrame, narratives: pd.DataFrame) -> pd.DataFrame:
    """The accepted projects that describe a good example, with the cell it stands in."""
    projects = summary[summary["has_good_example"].astype(bool)].set_index("project_id")
    example = _field(narratives, "good_example").reindex(projects.index)
    title = _field(narratives, "good_example_title").reindex(projects.index)
    return pd.DataFrame(
        {
            "project_id": projects.index,
            **{
                column: projects[column].tolist()
                for column in ("county_code", "county_name", "owner", "title")
            },
            "good_example_title": title["text"].fillna("").tolist(),
            "good_example": example["text"].tolist(),
            "source_file": example["source_file"].tolist(),
            "sheet": example["sheet"].tolist(),
            "cell": example["cell"].tolist(),
        }
    )


def project_narratives(summary: pd.DataFrame, narratives: pd.DataFrame) -> pd.DataFrame:
    """Results and lessons of every accepted project, with their cells."""
    pids = summary["project_id"]
    results = _field(narratives, "results").reindex(pids)
    lessons = _field(narratives, "lessons").reindex(pids)
    return pd.DataFrame(
        {
            "project_id": pids.tolist(),
            "results": results["text"].fillna("").tolist(),
            "lessons": lessons["text"].fillna("").tolist(),
            "source_file": summary["source_file"].tolist(),
            "sheet": results["sheet"].fillna(lessons["sheet"]).fillna("").tolist(),
            "results_cell": results["cell"].fillna("").tolist(),
            "lessons_cell": lessons["cell"].fillna("").tolist(),
        }
    )


def set_aside(status: pd.DataFrame) -> pd.DataFrame:
    """The projects validate set aside, with their first error."""
    return status.loc[status["status"] == STATUS_SET_ASIDE, list(AGGREGATED_COLUMNS["set_aside"])]


def declared_rules() -> tuple[Rule, ...]:
    """Every rule pipeline.rules declares (reading and validation rules), in declaration order."""
    found: list[Rule] = []
    for name in RULE_COLLECTIONS:
        collection = getattr(rule_package, name, ())
        found.extend(collection.values() if isinstance(collection, dict) else collection)
    return tuple(found)


def findings_by_rule(findings: pd.DataFrame, rules: Iterable[Rule]) -> pd.DataFrame:
    """Every declared rule (zero where it found nothing) and every rule id that has findings."""
    declared = {rule.rule_id: rule for rule in rules}
    grouped = findings.groupby("rule_id", sort=False)
    counts = grouped.size()
    projects = grouped["project_id"].nunique()  # blank project ids are not counted
    first_severity = grouped["severity"].first()
    rule_ids = sorted(set(declared) | set(counts.index))
    return pd.DataFrame(
        {
            "rule_id": rule_ids,
            "severity": [declared[r].severity if r in declared else first_severity[r] for r in rule_ids],
            "checks": [declared[r].checks if r in declared else "" for r in rule_ids],
            "findings": [int(counts.get(r, 0)) for r in rule_ids],
            "projects": [int(projects.get(r, 0)) for r in rule_ids],
        }
    )
