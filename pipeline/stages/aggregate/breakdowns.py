"""Costs and financing of the accepted projects: per project, county, year, category and source.

Every breakdown lists every code of the contract (and every county and year of the period), with
zeros where nothing was reported, so a reader sees an absence rather than a missing row. Costs
count net (project income deducted, `net_*` columns) everywhere except the category tables,
which show each category as reported, income as its own positive row, beside its `*_signed`
figures (as they count towards the total, contract.signed_cost) and its `deducted` flag.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from ...contract import (
    AGENCY_SOURCE,
    COST_CATEGORIES,
    COUNTIES,
    DEDUCTED_CATEGORIES,
    FINANCING_SOURCES,
    signed_cost,
)
from .inputs import Accepted, require_values
from .shares import ZERO, percents

CATEGORY_LABELS = {code: label for label, code in COST_CATEGORIES.items()}
SOURCE_LABELS = {code: label for label, code in FINANCING_SOURCES.items()}
COFINANCING_SOURCES = tuple(code for code in SOURCE_LABELS if code != AGENCY_SOURCE)
COUNTY_CODES = list(COUNTIES)


def codes_in_order(declared: Iterable[str], present: Iterable) -> list[str]:
    """The contract's codes in declared order, then any other code present, sorted."""
    declared = list(declared)
    return declared + sorted(set(pd.Series(present).dropna().unique()) - set(declared))


def summed(frame: pd.DataFrame, by: str | list[str], column: str, index) -> pd.Series:
    """Σ column per key, on exactly the keys of `index` (zeros where none)."""
    if frame.empty:
        return pd.Series([ZERO] * len(index), index=index, dtype=object)
    return frame.groupby(by, sort=False)[column].sum().reindex(index, fill_value=ZERO)


def grid(*levels: Sequence, names: Sequence[str]) -> pd.MultiIndex:
    """Every combination of the levels (e.g. every county × year)."""
    return pd.MultiIndex.from_product([list(level) for level in levels], names=list(names))


def _agency(financing: pd.DataFrame) -> pd.DataFrame:
    return financing[financing["source"] == AGENCY_SOURCE]


def _cofinancing(financing: pd.DataFrame) -> pd.DataFrame:
    return financing[financing["source"] != AGENCY_SOURCE]


def granted_by_project(register: pd.DataFrame) -> pd.Series:
    """Granted amount per project id from the register (the first row where an id repeats)."""
    decisions = register.dropna(subset=["project_id"]).drop_duplicates("project_id", keep="first")
    return pd.Series(
        decisions["granted_amount"].tolist(), index=decisions["project_id"].tolist(), dtype=object
    )


def project_summary(accepted: Accepted, granted: pd.Series) -> pd.DataFrame:
    """One row per accepted project: net budget and cost, financing per source, shares."""
    projects = accepted.projects.sort_values("project_id").reset_index(drop=True)
    pids = projects["project_id"].tolist()
    budget = summed(accepted.costs, "project_id", "net_budget", pids)
    cost = summed(accepted.costs, "project_id", "net_actual", pids)
    by_source = summed(
        accepted.financing,
        ["project_id", "source"],
        "amount",
        grid(pids, SOURCE_LABELS, names=("project_id", "source")),
    ).unstack("source")
    by_source = by_source.reindex(index=pids, columns=list(SOURCE_LABELS))
    good = good_example_texts(accepted.narratives)
    from_register = [granted.get(pid) for pid in pids]
    missing = [i for i, amount in enumerate(from_register) if amount is None]
    if missing:  # not in the register (validate sets such a project aside): the workbook's figure
        require_values(projects.iloc[missing], "Projektuppgifter", ("granted_amount",))
    granted_amount = [
        amount if amount is not None else workbook
        for amount, workbook in zip(from_register, projects["granted_amount"], strict=True)
    ]
    return pd.DataFrame(
        {
            "project_id": pids,
            "title": projects["title"],
            "county_code": projects["county_code"],
            "county_name": projects["county_code"].map(COUNTIES),
            "owner": projects["owner"],
            "start_date": projects["start_date"],
            "end_date": projects["end_date"],
            "budget_total": budget.tolist(),
            "total_cost": cost.tolist(),
            "granted_amount": granted_amount,
            "agency_paid": by_source[AGENCY_SOURCE].tolist(),
            **{source: by_source[source].tolist() for source in COFINANCING_SOURCES},
            "cofinancing_total": [
                sum(amounts, ZERO)
                for amounts in zip(*(by_source[s] for s in COFINANCING_SOURCES), strict=True)
            ],
            "agency_share_pct": percents(by_source[AGENCY_SOURCE], cost),
            "actual_vs_budget_pct": percents(cost, budget),
            "has_good_example": [pid in good for pid in pids],
            "source_file": projects["source_file"],
        }
    )


def good_example_texts(narratives: pd.DataFrame) -> set[str]:
    """Project ids whose good example has text (not only blanks)."""
    rows = narratives[narratives["field"] == "good_example"]
    filled = rows["text"].fillna("").str.strip() != ""
    return set(rows.loc[filled, "project_id"])


def by_region(summary: pd.DataFrame) -> pd.DataFrame:
    """One row per county of the contract, zeros where no accepted project."""
    columns = ["budget_total", "total_cost", "granted_amount", "agency_paid", "cofinancing_total"]
    sums = pd.DataFrame({column: summed(summary, "county_code", column, COUNTY_CODES) for column in columns})
    projects = summary.groupby("county_code").size().reindex(COUNTY_CODES, fill_value=0)
    return pd.DataFrame(
        {
            "county_code": COUNTY_CODES,
            "county_name": list(COUNTIES.values()),
            "projects": projects.tolist(),
            **{column: sums[column].tolist() for column in columns},
            "agency_share_pct": percents(sums["agency_paid"], sums["total_cost"]),
        }
    )


def by_year(accepted: Accepted, years: Sequence[int]) -> pd.DataFrame:
    """Net budget and cost, the agency's and the co-financiers' financing per year."""
    agency = summed(_agency(accepted.financing), "year", "amount", years)
    other = summed(_cofinancing(accepted.financing), "year", "amount", years)
    cost = summed(accepted.costs, "year", "net_actual", years)
    return pd.DataFrame(
        {
            "year": list(years),
            "budget_total": summed(accepted.costs, "year", "net_budget", years).tolist(),
            "total_cost": cost.tolist(),
            "agency_paid": agency.tolist(),
            "cofinancing_total": other.tolist(),
            "agency_share_pct": percents(agency, cost),
            "financing_total": (agency + other).tolist(),
        }
    )


def _categories(costs: pd.DataFrame) -> list[str]:
    return codes_in_order(CATEGORY_LABELS, costs["category"])


def _signed(categories: Sequence[str], amounts: pd.Series) -> list:
    """Each category's amount as it counts towards the total cost (contract.signed_cost)."""
    return [signed_cost(c, amount) for c, amount in zip(categories, amounts.tolist(), strict=True)]


def category_by_year(costs: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    """Budget and actual per category and year as reported (project income positive, own row),
    and the actual as it counts towards the total cost (income negative)."""
    index = grid(_categories(costs), years, names=("category", "year"))
    categories = index.get_level_values("category").tolist()
    actual = summed(costs, ["category", "year"], "actual", index)
    return pd.DataFrame(
        {
            "category": categories,
            "category_label": [CATEGORY_LABELS.get(c, c) for c in categories],
            "year": index.get_level_values("year"),
            "budget": summed(costs, ["category", "year"], "budget", index).tolist(),
            "actual": actual.tolist(),
            "actual_signed": _signed(categories, actual),
        }
    )


def category_totals(costs: pd.DataFrame) -> pd.DataFrame:
    """Whole-period budget and actual per category as reported (project income positive, own row),
    the same as they count towards the totals (income negative), and whether the category is deducted."""
    categories = _categories(costs)
    budget = summed(costs, "category", "budget", categories)
    actual = summed(costs, "category", "actual", categories)
    return pd.DataFrame(
        {
            "category": categories,
            "category_label": [CATEGORY_LABELS.get(c, c) for c in categories],
            "budget": budget.tolist(),
            "actual": actual.tolist(),
            "actual_vs_budget_pct": percents(actual, budget),
            "budget_signed": _signed(categories, budget),
            "actual_signed": _signed(categories, actual),
            "deducted": [c in DEDUCTED_CATEGORIES for c in categories],
        }
    )


def _sources(financing: pd.DataFrame) -> list[str]:
    return codes_in_order(SOURCE_LABELS, financing["source"])


def financing_by_year(financing: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    index = grid(_sources(financing), years, names=("source", "year"))
    return pd.DataFrame(
        {
            "source": index.get_level_values("source"),
            "source_label": [SOURCE_LABELS.get(s, s) for s in index.get_level_values("source")],
            "year": index.get_level_values("year"),
            "amount": summed(financing, ["source", "year"], "amount", index).tolist(),
        }
    )


def financing_totals(financing: pd.DataFrame, total_cost) -> pd.DataFrame:
    """Whole-period amount per source, its share of all financing and of the net cost."""
    sources = _sources(financing)
    amount = summed(financing, "source", "amount", sources)
    grand = sum(amount, ZERO)
    return pd.DataFrame(
        {
            "source": sources,
            "source_label": [SOURCE_LABELS.get(s, s) for s in sources],
            "amount": amount.tolist(),
            "share_pct": percents(amount, [grand] * len(sources)),
            "share_of_cost_pct": percents(amount, [total_cost] * len(sources)),
        }
    )


def with_county(frame: pd.DataFrame, summary: pd.DataFrame) -> pd.DataFrame:
    """The rows with their project's county (every accepted project has one, see inputs)."""
    county_of = dict(zip(summary["project_id"], summary["county_code"], strict=True))
    return frame.assign(county_code=frame["project_id"].map(county_of))


def region_by_year(accepted: Accepted, summary: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    """Net cost and the agency's financing per county and year: every county × every year."""
    index = grid(COUNTY_CODES, years, names=("county_code", "year"))
    keys = ["county_code", "year"]
    return pd.DataFrame(
        {
            "county_code": index.get_level_values("county_code"),
            "county_name": index.get_level_values("county_code").map(COUNTIES),
            "year": index.get_level_values("year"),
            "total_cost": summed(with_county(accepted.costs, summary), keys, "net_actual", index).tolist(),
            "agency_paid": summed(
                with_county(_agency(accepted.financing), summary), keys, "amount", index
            ).tolist(),
        }
    )


def financing_by_source(financing: pd.DataFrame) -> Mapping[str, object]:
    """Σ amount per source (every source present), for the programme's totals."""
    return summed(financing, "source", "amount", _sources(financing)).to_dict()
