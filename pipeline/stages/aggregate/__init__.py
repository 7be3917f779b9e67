"""Aggregate stage: accepted projects' costs, financing and outcomes, reconciled to the krona.

`run` loads the extracted and validated hand-overs and the config through the catalog, calls the
pure function `aggregate(frames, config, rules)`, reconciles every breakdown against the
programme totals, and only then saves every table of the aggregated layer (catalog.save_all
checks every frame before it writes the first file, so a failed run writes nothing).

Set-aside projects are left out of every sum (and listed in `set_aside`); their decisions are
shown apart in `register_decisions` and programme_totals (see totals.py). All arithmetic is on
Decimal and int, never float. Rows are ordered by the catalog's declaration of each table.

Modules: inputs (accepted rows, gap guards), breakdowns (costs and financing by county, year and
category), ledger (the payments file against the reports), results (indicators,
meetings, texts, findings per rule), totals (programme totals, decisions), reconcile, shares (percent).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from ... import catalog
from ...config import ProgrammeConfig, load_config
from ...paths import InputPaths, OutputPaths
from ...rules import Rule
from . import breakdowns, ledger, results, totals
from .inputs import INPUT_TABLES, accepted_rows, meeting_rows, register_decisions
from .reconcile import reconcile
from .shares import percent

__all__ = ["aggregate", "declared_rules", "percent", "reconcile", "run"]

declared_rules = results.declared_rules


def run(inputs: InputPaths, outputs: OutputPaths, *, rules: Iterable[Rule] | None = None) -> dict:
    """Aggregate, reconcile, then write the aggregated layer; return a short summary.

    `rules` describe findings_by_rule; by default every rule pipeline.rules declares.
    """
    config = load_config(inputs.config)
    frames = {name: catalog.load(name, outputs) for name in INPUT_TABLES}
    result = aggregate(frames, config, declared_rules() if rules is None else rules)
    reconcile(result)
    catalog.save_all(result, outputs)
    totals = result["programme_totals"].iloc[0]
    return {
        "projekt": int(totals["projects"]),
        "undantagna": int(totals["projects_set_aside"]),
        "utan arbetsbok": int(totals["decisions_without_workbook"]),
        "tabeller": len(result),
    }


def aggregate(
    frames: Mapping[str, pd.DataFrame], config: ProgrammeConfig, rules: Iterable[Rule]
) -> dict[str, pd.DataFrame]:
    """Every aggregated table (catalog name → frame) from the typed input frames. No I/O."""
    accepted = accepted_rows(frames)
    years = sorted(set(config.years) | set(accepted.costs["year"]) | set(accepted.financing["year"]))
    meetings = meeting_rows(frames["meetings"])
    meeting_years = sorted(set(config.years) | set(meetings["year"]))
    decisions = register_decisions(frames["register"], frames["project_status"])
    summary = breakdowns.project_summary(accepted, breakdowns.granted_by_project(frames["register"]))
    set_aside = results.set_aside(frames["project_status"])
    indicator_totals = results.indicator_totals(accepted.indicators)
    return {
        "project_summary": summary,
        "by_region": breakdowns.by_region(summary),
        "by_year": breakdowns.by_year(accepted, years),
        "category_by_year": breakdowns.category_by_year(accepted.costs, years),
        "category_totals": breakdowns.category_totals(accepted.costs),
        "financing_by_year": breakdowns.financing_by_year(accepted.financing, years),
        "financing_totals": breakdowns.financing_totals(
            accepted.financing, sum(accepted.costs["net_actual"], breakdowns.ZERO)
        ),
        "region_by_year": breakdowns.region_by_year(accepted, summary, years),
        "indicator_totals": indicator_totals,
        "indicators_by_region": results.indicators_by_region(accepted.indicators, summary),
        "programme_totals": totals.programme_totals(
            summary, accepted, decisions, len(set_aside), config.frame_amount, meetings, indicator_totals
        ),
        "meetings_by_type_year": results.meetings_by_type_year(meetings, meeting_years),
        "meetings_by_type": results.meetings_by_type(meetings),
        "good_examples": results.good_examples(summary, accepted.narratives),
        "set_aside": set_aside,
        "project_narratives": results.project_narratives(summary, accepted.narratives),
        "findings_by_rule": results.findings_by_rule(frames["findings"], rules),
        "register_decisions": decisions,
        **ledger.payment_tables(frames, summary, accepted, config),
    }
