"""The template context: the figures of the hand-overs, arranged for the templates (pure).

Every figure comes from a CSV as it is; this module only picks, orders and pivots rows into the
tables the report shows. Formatting (Swedish numbers, kronor, tkr, mnkr, percent, dates) is the
templates' filters (pipeline/formatting.py). No business rule is applied here: signs (project
income as a deduction), sums and shares are aggregate's columns.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

from ... import catalog
from ...contract import (
    SEVERITY_ERROR,
    SEVERITY_WARNING,
    STATUS_ACCEPTED,
    STATUS_NO_WORKBOOK,
    STATUS_SET_ASIDE,
)
from ...paths import OutputPaths
from .chapters import chapter_plan
from .data import ReportData, Row
from .payments_chapter import payments_context
from .pdf import attachment_files, attachment_title

PROFILE_TEXT_LIMIT = 1200  # characters per narrative field on a one-page project profile
SEVERITY_LABELS = {SEVERITY_ERROR: "Fel", SEVERITY_WARNING: "Varning"}
ZERO = Decimal(0)


# --- Pieces of the context -------------------------------------------------------------------------


def _or_zero(value: Any) -> Any:
    """An empty number cell counts as zero in a pivot (a combination with no rows)."""
    return ZERO if value is None else value


def _years(rows: list[Row]) -> list[int]:
    return sorted({row["year"] for row in rows if row["year"] is not None})


def paragraphs(text: str, limit: int | None = None) -> tuple[list[str], bool]:
    """Split a narrative into paragraphs at blank lines; cut at `limit` characters if given."""
    text = (text or "").strip()
    shortened = limit is not None and len(text) > limit
    if shortened:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(" ,.;:") + " …"
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()], shortened


def _by_year(rows: list[Row]) -> list[Row]:
    keys = ("budget_total", "total_cost", "agency_paid", "cofinancing_total", "financing_total")
    return [
        {"year": r["year"], **{k: _or_zero(r[k]) for k in keys}, "agency_share_pct": r["agency_share_pct"]}
        for r in rows
    ]


def _categories(by_year_rows: list[Row], totals_rows: list[Row]) -> dict[str, Any]:
    """Cost category × year (actual) beside each category's whole-period figures, every amount
    with the sign it counts with in the total cost (aggregate's *_signed columns: income negative)."""
    years = _years(by_year_rows)
    cells = {(r["category"], r["year"]): _or_zero(r["actual_signed"]) for r in by_year_rows}
    return {
        "years": years,
        "rows": [
            {
                "label": r["category_label"],
                "by_year": [cells.get((r["category"], y), ZERO) for y in years],
                "budget": _or_zero(r["budget_signed"]),
                "actual": _or_zero(r["actual_signed"]),
                "actual_vs_budget_pct": r["actual_vs_budget_pct"],
                "deducted": r["deducted"],
            }
            for r in totals_rows
        ],
    }


def _financing(by_year_rows: list[Row], totals_rows: list[Row]) -> dict[str, Any]:
    """Financing source × year beside each source's whole-period amount and shares."""
    years = _years(by_year_rows)
    cells = {(r["source"], r["year"]): _or_zero(r["amount"]) for r in by_year_rows}
    rows = [
        {
            "label": r["source_label"],
            "by_year": [cells.get((r["source"], y), ZERO) for y in years],
            "total": _or_zero(r["amount"]),
            "share_pct": r["share_pct"],
            "share_of_cost_pct": r["share_of_cost_pct"],
        }
        for r in totals_rows
    ]
    return {"years": years, "rows": rows}


def _regions(rows: list[Row]) -> list[Row]:
    keys = ("projects", "budget_total", "total_cost", "granted_amount", "agency_paid", "cofinancing_total")
    return [
        {
            "county_code": r["county_code"],
            "county_name": r["county_name"],
            **{k: _or_zero(r[k]) for k in keys},
            "agency_share_pct": r["agency_share_pct"],
        }
        for r in rows
    ]


def _region_years(rows: list[Row], by_region: list[Row], by_year: list[Row]) -> dict[str, Any]:
    """County × year (actual); each county's total from by_region, each year's from by_year."""
    years = _years(rows)
    cells: dict[str, dict[int, Decimal]] = defaultdict(dict)
    names: dict[str, str] = {}
    for row in rows:
        cells[row["county_code"]][row["year"]] = _or_zero(row["total_cost"])
        names[row["county_code"]] = row["county_name"]
    county_total = {r["county_code"]: _or_zero(r["total_cost"]) for r in by_region}
    year_total = {r["year"]: _or_zero(r["total_cost"]) for r in by_year}
    out_rows = [
        {
            "county_name": names[c],
            "by_year": [cells[c].get(y) for y in years],
            "total": county_total.get(c, ZERO),
        }
        for c in sorted(cells)
    ]
    return {"years": years, "rows": out_rows, "year_totals": [year_total.get(y, ZERO) for y in years]}


def _meetings(rows: list[Row], by_type: list[Row], totals: Row) -> dict[str, Any]:
    """The meetings table (type × year) with its Summa row and total, as aggregate wrote them."""
    years = _years(rows)
    types = [r["meeting_type"] for r in by_type]
    cells = {
        (r["meeting_type"], r["year"]): (_or_zero(r["meetings"]), _or_zero(r["participants"])) for r in rows
    }
    out_rows = [{"year": y, "cells": [cells.get((t, y), (0, 0)) for t in types]} for y in years]
    return {
        "types": [r["meeting_type_label"] for r in by_type],
        "rows": out_rows,
        "total": [(_or_zero(r["meetings"]), _or_zero(r["participants"])) for r in by_type],
        "meetings": _or_zero(totals["meetings"]),
        "participants": _or_zero(totals["meeting_participants"]),
    }


def reported_indicators(rows: list[Row]) -> list[Row]:
    """The indicators at least one accepted project reported: aggregate lists every declared
    indicator, with zeros where none did, and the report (table, chart, summary) shows only these."""
    return [r for r in rows if (r["projects_reporting"] or 0) > 0]


def _indicators(rows: list[Row]) -> list[Row]:
    return [
        {
            "indicator": r["indicator"],
            "label": r["indicator_label"],
            "projects_reporting": _or_zero(r["projects_reporting"]),
            "target": _or_zero(r["target"]),
            "outcome": _or_zero(r["outcome"]),
            "outcome_pct": r["outcome_pct"],
            "target_met": bool(r["target_met"]),
        }
        for r in rows
    ]


def _indicator_regions(rows: list[Row], indicators: list[Row], by_region: list[Row]) -> dict[str, Any]:
    """County × indicator: (outcome, target), or None (a dash, as the legend says) where no
    accepted project of the county stands behind the cell."""
    counted = {r["county_code"] for r in by_region if r["projects"]}
    codes = [i["indicator"] for i in indicators]
    codes += sorted({r["indicator"] for r in rows} - set(codes))
    cells = {
        (r["county_code"], r["indicator"]): (_or_zero(r["outcome"]), _or_zero(r["target"]))
        for r in rows
        if r["county_code"] in counted
    }
    names = {r["county_code"]: r["county_name"] for r in rows}
    labels = {r["indicator"]: r["indicator_label"] for r in rows}
    labels.update({i["indicator"]: i["label"] for i in indicators})
    return {
        "indicators": [(n, labels.get(c, c)) for n, c in enumerate(codes, start=1)],
        "rows": [
            {"county_name": names[county], "cells": [cells.get((county, c)) for c in codes]}
            for county in sorted(names)
        ],
    }


def _quality(data: ReportData) -> dict[str, Any]:
    severities = Counter(finding["severity"] for finding in data.findings)
    statuses = Counter(row["status"] for row in data.project_status)
    by_rule = [
        {
            **r,
            "severity_label": SEVERITY_LABELS.get(r["severity"], r["severity"]),
            "findings": _or_zero(r["findings"]),
            "projects": _or_zero(r["projects"]),
        }
        for r in data.tables["findings_by_rule"]
    ]
    by_rule.sort(key=lambda r: r["rule_id"])
    return {
        "rules": by_rule,  # every declared rule, with its findings (zero where it found none)
        "findings": len(data.findings),
        "errors": severities[SEVERITY_ERROR],
        "warnings": severities[SEVERITY_WARNING],
        "by_rule": [r for r in by_rule if r["findings"] > 0],
        "set_aside": [{**r, "errors": _or_zero(r["errors"])} for r in data.tables["set_aside"]],
        "projects_checked": len(data.project_status),
        "accepted": statuses[STATUS_ACCEPTED],
        "set_aside_count": statuses[STATUS_SET_ASIDE],
        # Decisions no workbook came in for (or none could be read): awaiting their report.
        "awaiting_report": [
            r["project_id"]
            for r in data.tables["register_decisions"]
            if r["workbook_status"] == STATUS_NO_WORKBOOK and r["project_id"]
        ],
    }


def _method_rules(data: ReportData) -> list[Row]:
    """Every check the pipeline makes: findings_by_rule.csv lists each declared rule, fired or not."""
    return [
        {
            "rule_id": r["rule_id"],
            "severity": r["severity"],
            "checks": r["checks"],
            "severity_label": SEVERITY_LABELS.get(r["severity"], r["severity"]),
        }
        for r in sorted(data.tables["findings_by_rule"], key=lambda r: r["rule_id"])
    ]


def _source_files(manifest: dict) -> list[Row]:
    """The source files of manifest.json (checked when read): path, size, SHA-256."""
    rows = [{"path": e["path"], "sha256": e["sha256"], "size": e["size_bytes"]} for e in manifest["inputs"]]
    return sorted(rows, key=lambda r: r["path"])


def printed_examples(examples: list[Row], limit: int) -> list[Row]:
    """The good examples the printed report quotes: at most `limit`, the counties taking turns
    (every county's first example before any county's second, in the table's order within a
    county), shown in the table's order. The web edition quotes them all."""
    if len(examples) <= limit:
        return examples
    turn: dict[str, int] = {}
    ranks = []
    for index, example in enumerate(examples):
        county = example["county_code"]
        ranks.append((turn.get(county, 0), index))
        turn[county] = turn.get(county, 0) + 1
    chosen = sorted(index for _, index in sorted(ranks)[:limit])
    return [examples[index] for index in chosen]


def _profiles(data: ReportData) -> tuple[list[Row], int]:
    limit = max(data.config.max_profile_pages, 0)
    narratives = {r["project_id"]: r for r in data.tables["project_narratives"]}
    examples = {r["project_id"]: r for r in data.tables["good_examples"]}
    projects = data.tables["project_summary"]
    profiles = []
    for project in projects[:limit]:
        narrative = narratives.get(project["project_id"], {})
        results, results_cut = paragraphs(narrative.get("results", ""), PROFILE_TEXT_LIMIT)
        lessons, lessons_cut = paragraphs(narrative.get("lessons", ""), PROFILE_TEXT_LIMIT)
        profiles.append(
            {
                **project,
                "results": results,
                "lessons": lessons,
                "shortened": results_cut or lessons_cut,
                "good_example_title": examples.get(project["project_id"], {}).get("good_example_title", ""),
                "anchor": f"profil-{len(profiles) + 1}",
            }
        )
    return profiles, max(len(projects) - limit, 0)


WORKBOOK_WORDS = {
    STATUS_SET_ASIDE: "Slutredovisningen innehöll fel och ingår inte förrän den har rättats",
    STATUS_NO_WORKBOOK: "Slutredovisningen inväntas: den har inte kommit in eller kunnat läsas",
}
_PATH_LIKE = re.compile(r"[\w.-]+\.(?:xlsx|xls|csv|json|md)\b|\b\d_\w+/")


def _decisions_apart(rows: list[Row]) -> list[Row]:
    """The register's decisions whose project is not in the sums (set aside, or no workbook)."""
    return [
        {**r, "granted_amount": r["granted_amount"], "why": WORKBOOK_WORDS[r["workbook_status"]]}
        for r in rows
        if r["workbook_status"] in WORKBOOK_WORDS
    ]


def _cells(data: ReportData, examples: list[Row], profiles: list[Row]) -> list[Row]:
    """Where each text the printed report quotes stands (file, sheet, cell), for the reviewers'
    edition: the good examples it prints and the narratives of the projects it gives a profile."""
    found = [
        {
            "project_id": r["project_id"],
            "what": "Gott exempel",
            "file": r["source_file"],
            "sheet": r["sheet"],
            "cell": r["cell"],
        }
        for r in examples
    ]
    profiled = {r["project_id"] for r in profiles}
    for r in (r for r in data.tables["project_narratives"] if r["project_id"] in profiled):
        for what, cell in (("Resultat", r["results_cell"]), ("Lärdomar", r["lessons_cell"])):
            if cell:
                found.append(
                    {
                        "project_id": r["project_id"],
                        "what": what,
                        "file": r["source_file"],
                        "sheet": r["sheet"],
                        "cell": cell,
                    }
                )
    return sorted(found, key=lambda r: (r["project_id"], r["what"]))


def _attachments() -> list[Row]:
    """Each attached file by the title a reader knows it by, its file name and what it holds."""
    # Only the names and descriptions are listed, so any outputs root will do here.
    return [
        {"name": name, "title": attachment_title(name), "description": description}
        for name, _, description in attachment_files(OutputPaths(Path(".")))
    ]


def _changes(page: dict | None) -> dict | None:
    """The changes page split: counts and project changes in the body; file names (inputs, and any
    figure placed by a file) for the reviewers' appendix."""
    if page is None:
        return None
    figures = [f for f in page["figures"] if not _PATH_LIKE.search(f["place"])]
    return {
        **page,
        "inputs_changed": len(page["inputs"]),
        "figures": figures,
        "figures_by_file": [f for f in page["figures"] if _PATH_LIKE.search(f["place"])],
    }


BASIS_TITLE = "Rapportens underlag"
PROJECTS_TITLE = "Projektförteckning och projektprofiler"


def _bilagor(chapters: list[Any]) -> dict[str, Any]:
    """The bilagor after the chapters: the projects (when the plan has them), then the basis of
    the report. Their numbers follow any text chapter titled "Bilaga N"."""
    number = 1 + sum(1 for c in chapters if re.match(r"Bilaga\s+\d+", c.title or ""))
    projects = next((c for c in chapters if c.kind == "generated" and c.id == "projekt"), None)
    bilagor: dict[str, Any] = {"projekt": None}
    if projects is not None:
        bilagor["projekt"] = {"id": projects.id, "title": PROJECTS_TITLE, "number": number}
        number += 1
    bilagor["underlag"] = {"id": "underlag", "title": BASIS_TITLE, "number": number}
    return bilagor


def chapter_context(data: ReportData, chapters: list[Any]) -> dict[str, Any]:
    """The part of the context that follows the chapter plan (the live preview recomputes it when
    a text is saved): the chapters, the bilagor after them and the basis appendix's counts."""
    return {
        # The chapters; the projects' chapter is a bilaga after them (bilagor).
        "chapters": [c for c in chapters if not (c.kind == "generated" and c.id == "projekt")],
        "bilagor": _bilagor(chapters),
        "basis": _basis(data, chapters),
        "all_chapters": chapters,  # every chapter, for the reviewers' list of text sources
    }


def _basis(data: ReportData, chapters: list[Any]) -> dict[str, Any]:
    """The counts of the basis appendix: reports read, checks made, the agency's own chapters."""
    statuses = Counter(row["status"] for row in data.project_status)
    return {
        "reports_read": statuses[STATUS_ACCEPTED] + statuses[STATUS_SET_ASIDE],
        "checks": len(data.tables["findings_by_rule"]),
        "text_chapters": [c.title for c in chapters if c.kind == "text"],
    }


# The programme's tables are in tkr. A programme whose largest figure in them needs eight digits in
# tkr (ten billion kronor or more) gets them in mnkr with one decimal instead, so that the widest
# (costs per category: five years, budget and outcome, and a share) stays within the page.
MNKR_FROM = Decimal(10) ** 10
# The largest figures of those tables: the programme's totals, and a cost category's budget or
# outcome before project income is deducted (which may exceed the net totals).
_LARGEST_TOTALS = ("budget_total", "total_cost", "financing_total", "granted_amount")
_LARGEST_IN_CATEGORY = ("budget", "actual")


def table_unit(totals: Row, category_totals: list[Row]) -> str:
    """The unit of the programme's tables of amounts: "tkr", or "mnkr" for a very large programme."""
    figures = [totals[name] for name in _LARGEST_TOTALS]
    figures += [row[name] for row in category_totals for name in _LARGEST_IN_CATEGORY]
    largest = max(abs(figure or ZERO) for figure in figures)
    return "mnkr" if largest >= MNKR_FROM else "tkr"


def build_context(data: ReportData, timestamp: dt.datetime) -> dict[str, Any]:
    """Everything the templates show, as exact Decimals, ints, dates and strings (charts added later)."""
    config = data.config
    tables = data.tables
    totals = tables["programme_totals"][0]  # empty shares stay None: no denominator, not 0 %
    indicators = _indicators(reported_indicators(tables["indicator_totals"]))
    ranked = sorted(
        (i for i in indicators if i["outcome_pct"] is not None), key=lambda i: (-i["outcome_pct"], i["label"])
    )
    good_examples = [{**r, "paragraphs": paragraphs(r["good_example"])[0]} for r in tables["good_examples"]]
    profiles, omitted = _profiles(data)
    printed = printed_examples(good_examples, config.max_good_examples)
    chapters = chapter_plan(config, data.inputs, data.outputs) if data.inputs and data.outputs else []
    return {
        **chapter_context(data, chapters),
        "table_titles": {name: catalog.dataset(name).title for name in catalog.AGGREGATED},
        "decisions_apart": _decisions_apart(tables["register_decisions"]),
        "cells": _cells(data, printed, profiles),
        "changes": _changes(data.changes),
        "cfg": {
            "title": config.report_title,
            "name": config.name,
            "agency": config.agency,
            "recipient": config.recipient,
            "commissions": list(config.commissions),
            "diarienummer": config.diarienummer,
            "date": config.report_date,
            "place": config.place,
            "approver_role": config.approver_role,
            "case_officer_role": config.case_officer_role,
            "author": config.author,
            "period_start": config.period_start,
            "period_end": config.period_end,
            "max_agency_share": config.max_agency_share,
            "max_profile_pages": config.max_profile_pages,
            "max_listed_projects": config.max_listed_projects,
        },
        "timestamp": timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "table_unit": table_unit(totals, tables["category_totals"]),
        "totals": {k: v if k.endswith("_pct") else _or_zero(v) for k, v in totals.items()},
        "by_year": _by_year(tables["by_year"]),
        "categories": _categories(tables["category_by_year"], tables["category_totals"]),
        "financing": _financing(tables["financing_by_year"], tables["financing_totals"]),
        "regions": _regions(tables["by_region"]),
        "region_years": _region_years(tables["region_by_year"], tables["by_region"], tables["by_year"]),
        "meetings": _meetings(tables["meetings_by_type_year"], tables["meetings_by_type"], totals),
        "indicators": indicators,
        "indicators_top": ranked[:3],
        "indicators_below": [i for i in ranked if not i["target_met"]],
        "indicator_regions": _indicator_regions(
            tables["indicators_by_region"], indicators, tables["by_region"]
        ),
        "good_examples": good_examples,
        "good_examples_printed": printed,
        "quality": _quality(data),
        "projects": [
            {**r, **{k: _or_zero(r[k]) for k in ("total_cost", "granted_amount", "agency_paid")}}
            for r in tables["project_summary"]
        ],
        "profiles": profiles,
        "profiles_omitted": omitted,
        "source_files": _source_files(data.manifest),
        "rules": _method_rules(data),
        "payments": payments_context(data),
        "attachments": _attachments(),
    }
