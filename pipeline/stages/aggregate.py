"""Aggregate stage: accepted projects' costs, financing and outcomes, reconciled to the krona.

Reads the extracted layer, the validated layer (project_status, findings) and the config; writes
every table of `contract.AGGREGATED_COLUMNS` to outputs/3_aggregated. Set-aside projects are left
out everywhere (and listed in `set_aside`). All arithmetic is on Decimal/int, never float.

Nothing is written unless every reconciliation holds: the layer is built in a hidden temporary
folder and swapped in whole, so a failed run leaves the previous layer as it was.

Order of rows: by the table's key columns; codes (category, source, indicator, meeting type) in
the order the contract declares them, counties by länskod, years ascending.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from pathlib import Path
from typing import Any

from ..config import load_config
from ..contract import (
    AGENCY_SOURCE,
    AGGREGATED_COLUMNS,
    COST_CATEGORIES,
    COUNTIES,
    signed_cost,
    EXTRACTED_COLUMNS,
    FINANCING_SOURCES,
    FINDING_COLUMNS,
    INDICATORS,
    MEETING_TYPES,
    PROJECT_STATUS_COLUMNS,
    STATUS_ACCEPTED,
    STATUS_SET_ASIDE,
)
from ..errors import PipelineError, ReconciliationError
from ..formatting import format_kr
from ..paths import InputPaths, OutputPaths
from ..tables import UMASK, restore, write_rows

Row = dict[str, Any]
ZERO = Decimal(0)
_ONE_DECIMAL = Decimal("0.1")
_HUNDRED = Decimal(100)

CATEGORY_LABELS = {code: label for label, code in COST_CATEGORIES.items()}
SOURCE_LABELS = {code: label for label, code in FINANCING_SOURCES.items()}
INDICATOR_LABELS = {code: label for label, code in INDICATORS.items()}
MEETING_TYPE_LABELS = {code: label for label, code in MEETING_TYPES.items()}
COFINANCING_SOURCES = tuple(code for code in SOURCE_LABELS if code != AGENCY_SOURCE)
PUBLIC_SOURCES = tuple(code for code in COFINANCING_SOURCES if code.startswith("public_"))
PRIVATE_SOURCES = tuple(code for code in COFINANCING_SOURCES if code.startswith("private_"))
IN_KIND_SOURCES = tuple(code for code in COFINANCING_SOURCES if code.endswith("_in_kind"))

# The extracted tables aggregate reads (the others are for reviewers only).
_EXTRACTED_INPUTS = ("projects", "costs", "financing", "indicators", "narratives", "register", "meetings")


# --- Entry point ---------------------------------------------------------------------------------


def run(inputs: InputPaths, outputs: OutputPaths, *, rules: Iterable[Any] | None = None) -> dict:
    """Aggregate, reconcile, then write the aggregated layer; return a short summary.

    `rules` (objects with rule_id, severity, checks) describe findings_by_rule; by default the
    rules the extract and validate stages declare.
    """
    config = load_config(inputs.config)
    extracted = {name: _read_input(outputs.extracted_table(name), EXTRACTED_COLUMNS[name], "extract")
                 for name in _EXTRACTED_INPUTS}
    status = _read_input(outputs.project_status, PROJECT_STATUS_COLUMNS, "validate")
    findings = _read_input(outputs.findings, FINDING_COLUMNS, "validate")
    declared_rules = list(_declared_rules() if rules is None else rules)

    tables = aggregate_tables(extracted, status, findings, declared_rules,
                              years=config.years, frame_amount=config.frame_amount)
    reconcile(tables)
    _write_layer(outputs.aggregated, tables)
    totals = tables["programme_totals"][0]
    return {"projekt": totals["projects"], "undantagna": totals["projects_set_aside"],
            "tabeller": len(tables)}


# --- Pure aggregation ----------------------------------------------------------------------------


def aggregate_tables(
    extracted: Mapping[str, list[Row]],
    status: list[Row],
    findings: list[Row],
    rules: Sequence[Any],
    *,
    years: Sequence[int],
    frame_amount: Decimal,
) -> dict[str, list[Row]]:
    """Every aggregated table as rows (name → list of dicts), from rows of strings."""
    accepted_files = _accepted_files(status)
    projects = [p for p in extracted["projects"] if _is_accepted(p, accepted_files)]
    _check_projects(projects, accepted_files)
    costs = [_parse_cost(r) for r in extracted["costs"] if _is_accepted(r, accepted_files)]
    financing = [_parse_financing(r) for r in extracted["financing"] if _is_accepted(r, accepted_files)]
    indicators = [r for r in extracted["indicators"] if _is_accepted(r, accepted_files)]
    narratives = _narratives_by_project(r for r in extracted["narratives"] if _is_accepted(r, accepted_files))
    granted = _granted_by_project(extracted["register"])

    all_years = sorted(set(years) | {r["year"] for r in costs} | {r["year"] for r in financing})
    summary = project_summary(projects, costs, financing, granted, narratives)
    meeting_rows = [_parse_meeting(r) for r in extracted["meetings"]]
    meeting_years = sorted(set(years) | {r["year"] for r in meeting_rows})
    set_aside_rows = set_aside(status)

    return {
        "project_summary": summary,
        "by_region": by_region(summary),
        "by_year": by_year(costs, financing, all_years),
        "category_by_year": category_by_year(costs, all_years),
        "category_totals": category_totals(costs),
        "financing_by_year": financing_by_year(financing, all_years),
        "financing_totals": financing_totals(financing, sum((r["actual"] for r in costs), ZERO)),
        "region_by_year": region_by_year(summary, costs, financing, all_years),
        "indicators": indicator_totals(indicators),
        "indicators_by_region": indicators_by_region(indicators, summary),
        "programme_totals": [programme_totals(summary, costs, financing, len(set_aside_rows), frame_amount,
                                              meeting_rows)],
        "meetings_by_type_year": meetings_by_type_year(meeting_rows, meeting_years),
        "meetings_by_type": meetings_by_type(meeting_rows),
        "good_examples": good_examples(summary, narratives),
        "set_aside": set_aside_rows,
        "project_narratives": project_narratives(summary, narratives),
        "findings_by_rule": findings_by_rule(findings, rules),
    }


def project_summary(projects: list[Row], costs: list[Row], financing: list[Row],
                    granted: Mapping[str, Decimal], narratives: Mapping[str, Mapping[str, Row]]) -> list[Row]:
    budget = _sum_by(costs, "budget", key=lambda r: r["project_id"])
    actual = _sum_by(costs, "actual", key=lambda r: r["project_id"])
    paid = _sum_by(financing, "amount", key=lambda r: (r["project_id"], r["source"]))
    rows = []
    for project in sorted(projects, key=lambda p: p["project_id"]):
        pid = project["project_id"]
        by_source = {source: paid.get((pid, source), ZERO) for source in SOURCE_LABELS}
        total_cost = actual.get(pid, ZERO)
        budget_total = budget.get(pid, ZERO)
        good = narratives.get(pid, {}).get("good_example")
        rows.append({
            "project_id": pid,
            "title": project["title"],
            "county_code": project["county_code"],
            "county_name": COUNTIES[project["county_code"]],
            "owner": project["owner"],
            "start_date": project["start_date"],
            "end_date": project["end_date"],
            "budget_total": budget_total,
            "total_cost": total_cost,
            "granted_amount": granted[pid] if pid in granted else _amount(project, "granted_amount", "projects"),
            "agency_paid": by_source[AGENCY_SOURCE],
            **{source: by_source[source] for source in COFINANCING_SOURCES},
            "cofinancing_total": sum((by_source[s] for s in COFINANCING_SOURCES), ZERO),
            "agency_share_pct": percent(by_source[AGENCY_SOURCE], total_cost),
            "actual_vs_budget_pct": percent(total_cost, budget_total),
            "has_good_example": bool(good and good["text"].strip()),
            "source_file": project["source_file"],
        })
    return rows


def by_region(summary: list[Row]) -> list[Row]:
    """One row per county of the contract, zeros where no accepted project."""
    rows = []
    for code, name in COUNTIES.items():
        members = [p for p in summary if p["county_code"] == code]
        sums = {col: sum((p[col] for p in members), ZERO)
                for col in ("budget_total", "total_cost", "granted_amount", "agency_paid", "cofinancing_total")}
        rows.append({"county_code": code, "county_name": name, "projects": len(members), **sums,
                     "agency_share_pct": percent(sums["agency_paid"], sums["total_cost"])})
    return rows


def by_year(costs: list[Row], financing: list[Row], years: Sequence[int]) -> list[Row]:
    budget = _sum_by(costs, "budget", key=lambda r: r["year"])
    actual = _sum_by(costs, "actual", key=lambda r: r["year"])
    agency = _sum_by([f for f in financing if f["source"] == AGENCY_SOURCE], "amount", key=lambda r: r["year"])
    other = _sum_by([f for f in financing if f["source"] != AGENCY_SOURCE], "amount", key=lambda r: r["year"])
    return [{"year": y, "budget_total": budget.get(y, ZERO), "total_cost": actual.get(y, ZERO),
             "agency_paid": agency.get(y, ZERO), "cofinancing_total": other.get(y, ZERO),
             "agency_share_pct": percent(agency.get(y, ZERO), actual.get(y, ZERO)),
             "financing_total": agency.get(y, ZERO) + other.get(y, ZERO)} for y in years]


def category_by_year(costs: list[Row], years: Sequence[int]) -> list[Row]:
    """Budget and actual per category and year as reported: project income positive, own row."""
    budget = _sum_by(costs, "budget", key=lambda r: (r["category"], r["year"]), signed=False)
    actual = _sum_by(costs, "actual", key=lambda r: (r["category"], r["year"]), signed=False)
    categories = _codes_in_order(CATEGORY_LABELS, {r["category"] for r in costs})
    return [{"category": c, "category_label": CATEGORY_LABELS.get(c, c), "year": y,
             "budget": budget.get((c, y), ZERO), "actual": actual.get((c, y), ZERO)}
            for c in categories for y in years]


def category_totals(costs: list[Row]) -> list[Row]:
    """Whole-period budget and actual per category as reported: project income positive, own row."""
    budget = _sum_by(costs, "budget", key=lambda r: r["category"], signed=False)
    actual = _sum_by(costs, "actual", key=lambda r: r["category"], signed=False)
    categories = _codes_in_order(CATEGORY_LABELS, {r["category"] for r in costs})
    return [{"category": c, "category_label": CATEGORY_LABELS.get(c, c), "budget": budget.get(c, ZERO),
             "actual": actual.get(c, ZERO), "actual_vs_budget_pct": percent(actual.get(c, ZERO), budget.get(c, ZERO))}
            for c in categories]


def financing_totals(financing: list[Row], total_cost: Decimal) -> list[Row]:
    """Whole-period amount per source, its share of all financing and of the net cost."""
    amount = _sum_by(financing, "amount", key=lambda r: r["source"])
    grand = sum(amount.values(), ZERO)
    sources = _codes_in_order(SOURCE_LABELS, {r["source"] for r in financing})
    return [{"source": s, "source_label": SOURCE_LABELS.get(s, s), "amount": amount.get(s, ZERO),
             "share_pct": percent(amount.get(s, ZERO), grand),
             "share_of_cost_pct": percent(amount.get(s, ZERO), total_cost)} for s in sources]


def financing_by_year(financing: list[Row], years: Sequence[int]) -> list[Row]:
    amount = _sum_by(financing, "amount", key=lambda r: (r["source"], r["year"]))
    sources = _codes_in_order(SOURCE_LABELS, {r["source"] for r in financing})
    return [{"source": s, "source_label": SOURCE_LABELS.get(s, s), "year": y, "amount": amount.get((s, y), ZERO)}
            for s in sources for y in years]


def region_by_year(summary: list[Row], costs: list[Row], financing: list[Row], years: Sequence[int]) -> list[Row]:
    county_of = {p["project_id"]: p["county_code"] for p in summary}
    actual = _sum_by(costs, "actual", key=lambda r: (county_of[r["project_id"]], r["year"]))
    agency = _sum_by([f for f in financing if f["source"] == AGENCY_SOURCE], "amount",
                     key=lambda r: (county_of[r["project_id"]], r["year"]))
    return [{"county_code": code, "county_name": name, "year": y,
             "total_cost": actual.get((code, y), ZERO), "agency_paid": agency.get((code, y), ZERO)}
            for code, name in COUNTIES.items() for y in years]


def indicator_totals(indicators: list[Row]) -> list[Row]:
    """Target vs outcome per indicator; every indicator of the contract, zeros where none reported."""
    rows = []
    present = {r["indicator"] for r in indicators}
    for code in _codes_in_order(INDICATOR_LABELS, present):
        members = [r for r in indicators if r["indicator"] == code]
        target = sum(_count(r, "target") for r in members)
        outcome = sum(_count(r, "outcome") for r in members)
        reporting = {r["project_id"] for r in members if r["target"].strip() or r["outcome"].strip()}
        rows.append({"indicator": code, "indicator_label": INDICATOR_LABELS.get(code, code),
                     "projects_reporting": len(reporting), "target": target, "outcome": outcome,
                     "outcome_pct": percent(Decimal(outcome), Decimal(target))})
    return rows


def indicators_by_region(indicators: list[Row], summary: list[Row]) -> list[Row]:
    county_of = {p["project_id"]: p["county_code"] for p in summary}
    target: Counter = Counter()
    outcome: Counter = Counter()
    for r in indicators:
        key = (r["indicator"], county_of[r["project_id"]])
        target[key] += _count(r, "target")
        outcome[key] += _count(r, "outcome")
    codes = _codes_in_order(INDICATOR_LABELS, {r["indicator"] for r in indicators})
    return [{"indicator": i, "indicator_label": INDICATOR_LABELS.get(i, i), "county_code": c,
             "county_name": name, "target": target[(i, c)], "outcome": outcome[(i, c)]}
            for i in codes for c, name in COUNTIES.items()]


def programme_totals(summary: list[Row], costs: list[Row], financing: list[Row],
                     projects_set_aside: int, frame_amount: Decimal, meetings: list[Row]) -> Row:
    """The programme's totals, summed from the detail rows (not from the other tables)."""
    paid = _sum_by(financing, "amount", key=lambda r: r["source"])
    total_cost = sum((r["actual"] for r in costs), ZERO)
    agency_paid = paid.get(AGENCY_SOURCE, ZERO)
    shares = [_exact_share(p["agency_paid"], p["total_cost"]) for p in summary if p["total_cost"] > 0]
    budget_total = sum((r["budget"] for r in costs), ZERO)
    granted = sum((p["granted_amount"] for p in summary), ZERO)
    cofinancing = sum((v for s, v in paid.items() if s != AGENCY_SOURCE), ZERO)
    public, private, in_kind = (sum((paid.get(s, ZERO) for s in group), ZERO)
                                for group in (PUBLIC_SOURCES, PRIVATE_SOURCES, IN_KIND_SOURCES))
    return {
        "projects": len(summary),
        "projects_set_aside": projects_set_aside,
        "regions": len({p["county_code"] for p in summary}),
        "budget_total": budget_total,
        "total_cost": total_cost,
        "granted_amount": granted,
        "agency_paid": agency_paid,
        "frame_amount": frame_amount,
        "agency_share_avg_pct": _round_pct(sum(shares, ZERO) / len(shares)) if shares else None,
        "agency_share_weighted_pct": percent(agency_paid, total_cost),
        **{s: paid.get(s, ZERO) for s in COFINANCING_SOURCES},
        "cofinancing_total": cofinancing,
        "financing_total": agency_paid + cofinancing,
        "financing_of_cost_pct": percent(agency_paid + cofinancing, total_cost),
        "unpaid_granted": granted - agency_paid,
        "paid_of_granted_pct": percent(agency_paid, granted),
        "paid_of_frame_pct": percent(agency_paid, frame_amount),
        "granted_of_frame_pct": percent(granted, frame_amount),
        "cost_of_budget_pct": percent(total_cost, budget_total),
        "public_total": public,
        "private_total": private,
        "in_kind_total": in_kind,
        "public_of_cofinancing_pct": percent(public, cofinancing),
        "private_of_cofinancing_pct": percent(private, cofinancing),
        "in_kind_of_cofinancing_pct": percent(in_kind, cofinancing),
        "meetings": len(meetings),
        "meeting_participants": sum(m["participants"] for m in meetings),
    }


def meetings_by_type_year(meetings: list[Row], years: Sequence[int]) -> list[Row]:
    count: Counter = Counter()
    participants: Counter = Counter()
    for m in meetings:
        count[(m["meeting_type"], m["year"])] += 1
        participants[(m["meeting_type"], m["year"])] += m["participants"]
    types = _codes_in_order(MEETING_TYPE_LABELS, {m["meeting_type"] for m in meetings})
    return [{"meeting_type": t, "meeting_type_label": MEETING_TYPE_LABELS.get(t, t), "year": y,
             "meetings": count[(t, y)], "participants": participants[(t, y)]} for t in types for y in years]


def meetings_by_type(meetings: list[Row]) -> list[Row]:
    """Meetings and participants per type over the whole period."""
    count = Counter(m["meeting_type"] for m in meetings)
    participants: Counter = Counter()
    for m in meetings:
        participants[m["meeting_type"]] += m["participants"]
    types = _codes_in_order(MEETING_TYPE_LABELS, set(count))
    return [{"meeting_type": t, "meeting_type_label": MEETING_TYPE_LABELS.get(t, t), "meetings": count[t],
             "participants": participants[t]} for t in types]


def good_examples(summary: list[Row], narratives: Mapping[str, Mapping[str, Row]]) -> list[Row]:
    rows = []
    for p in summary:
        if not p["has_good_example"]:
            continue
        fields = narratives[p["project_id"]]
        example = fields["good_example"]
        rows.append({key: p[key] for key in ("project_id", "county_code", "county_name", "owner", "title")} | {
            "good_example_title": fields.get("good_example_title", {}).get("text", ""),
            "good_example": example["text"],
            "source_file": example["source_file"],
            "sheet": example["sheet"],
            "cell": example["cell"],
        })
    return rows


def set_aside(status: list[Row]) -> list[Row]:
    rows = [{k: r[k] for k in AGGREGATED_COLUMNS["set_aside"]} for r in status if r["status"] == STATUS_SET_ASIDE]
    return sorted(rows, key=lambda r: (r["project_id"], r["source_file"]))


def project_narratives(summary: list[Row], narratives: Mapping[str, Mapping[str, Row]]) -> list[Row]:
    rows = []
    for p in summary:
        fields = narratives.get(p["project_id"], {})
        results, lessons = fields.get("results", {}), fields.get("lessons", {})
        rows.append({
            "project_id": p["project_id"],
            "results": results.get("text", ""),
            "lessons": lessons.get("text", ""),
            "source_file": p["source_file"],
            "sheet": results.get("sheet") or lessons.get("sheet", ""),
            "results_cell": results.get("cell", ""),
            "lessons_cell": lessons.get("cell", ""),
        })
    return rows


def findings_by_rule(findings: list[Row], rules: Sequence[Any]) -> list[Row]:
    """Every declared rule (zero where it found nothing) and every rule id that has findings."""
    declared = {r.rule_id: r for r in rules}
    counts = Counter(f["rule_id"] for f in findings)
    projects: dict[str, set[str]] = defaultdict(set)
    severity: dict[str, str] = {}
    for f in findings:
        severity.setdefault(f["rule_id"], f["severity"])
        if f["project_id"]:
            projects[f["rule_id"]].add(f["project_id"])
    rows = []
    for rule_id in sorted(set(declared) | set(counts)):
        rule = declared.get(rule_id)
        rows.append({"rule_id": rule_id,
                     "severity": rule.severity if rule else severity[rule_id],
                     "checks": getattr(rule, "checks", "") if rule else "",
                     "findings": counts[rule_id], "projects": len(projects[rule_id])})
    return rows


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole × 100 with one decimal, half up; None (an empty cell) when whole is zero."""
    if not whole:
        return None
    return _round_pct(_exact_share(part, whole))


# --- Reconciliation ------------------------------------------------------------------------------


def reconcile(tables: Mapping[str, list[Row]]) -> None:
    """Check that every breakdown adds up to the programme total; raise ReconciliationError if not."""
    totals = tables["programme_totals"][0]
    categories = tables["category_by_year"]

    def category_net(column: str, rows: list[Row] = categories) -> Decimal:
        return sum((signed_cost(r["category"], r[column]) for r in rows), ZERO)

    def agency_from_sources() -> Decimal:
        return sum((r["amount"] for r in tables["financing_by_year"] if r["source"] == AGENCY_SOURCE), ZERO)

    def column_sum(table: str, column: str) -> Decimal:
        return sum((r[column] for r in tables[table]), ZERO)

    checks = {
        "total_cost": (
            ("Σ per län", column_sum("by_region", "total_cost")),
            ("Σ per år", column_sum("by_year", "total_cost")),
            ("Σ per kostnadsslag (intäkter avdragna)", category_net("actual")),
            ("Σ per kostnadsslag hela perioden (intäkter avdragna)",
             category_net("actual", tables["category_totals"])),
            ("Σ per län och år", column_sum("region_by_year", "total_cost")),
            ("Σ per projekt", column_sum("project_summary", "total_cost")),
        ),
        "budget_total": (
            ("Σ per län", column_sum("by_region", "budget_total")),
            ("Σ per år", column_sum("by_year", "budget_total")),
            ("Σ per kostnadsslag (intäkter avdragna)", category_net("budget")),
            ("Σ per kostnadsslag hela perioden (intäkter avdragna)",
             category_net("budget", tables["category_totals"])),
            ("Σ per projekt", column_sum("project_summary", "budget_total")),
        ),
        "agency_paid": (
            ("Σ per län", column_sum("by_region", "agency_paid")),
            ("Σ per år", column_sum("by_year", "agency_paid")),
            ("Σ per finansiär och år", agency_from_sources()),
            ("Σ per län och år", column_sum("region_by_year", "agency_paid")),
            ("Σ per projekt", column_sum("project_summary", "agency_paid")),
        ),
        "cofinancing_total": (
            ("Σ per län", column_sum("by_region", "cofinancing_total")),
            ("Σ per år", column_sum("by_year", "cofinancing_total")),
            ("Σ per projekt", column_sum("project_summary", "cofinancing_total")),
        ),
        "financing_total": (
            ("Σ per år", column_sum("by_year", "financing_total")),
            ("Σ per finansiär", column_sum("financing_totals", "amount")),
            ("Σ per finansiär och år", column_sum("financing_by_year", "amount")),
            ("utbetalt från Tillväxtverket + medfinansiering", totals["agency_paid"] + totals["cofinancing_total"]),
        ),
        "granted_amount": (
            ("Σ per län", column_sum("by_region", "granted_amount")),
            ("Σ per projekt", column_sum("project_summary", "granted_amount")),
        ),
    }
    what = {"total_cost": "total kostnad", "budget_total": "budget",
            "agency_paid": "utbetalt från Tillväxtverket", "cofinancing_total": "medfinansiering",
            "granted_amount": "beviljat belopp", "financing_total": "finansiering totalt"}
    for column, parts in checks.items():
        for label, figure in parts:
            if figure != totals[column]:
                raise ReconciliationError(
                    f"Avstämningen av {what[column]} stämmer inte: {label} {format_kr(figure)} ≠ "
                    f"programtotal {format_kr(totals[column])}. Inget har skrivits till 3_aggregated; "
                    "kontrollera att varje godkänt projekt har giltig länskod och år inom perioden "
                    "och kör om validate och aggregate."
                )
    if totals["projects"] != sum(r["projects"] for r in tables["by_region"]):
        raise ReconciliationError(
            f"Antal projekt per län {sum(r['projects'] for r in tables['by_region'])} ≠ "
            f"programtotal {totals['projects']}."
        )
    for column, total in (("meetings", "meetings"), ("participants", "meeting_participants")):
        for table in ("meetings_by_type_year", "meetings_by_type"):
            figure = sum(r[column] for r in tables[table])
            if figure != totals[total]:
                raise ReconciliationError(
                    f"Avstämningen av träffar stämmer inte: {column} i {table} {figure} ≠ "
                    f"programtotal {totals[total]}. Inget har skrivits till 3_aggregated."
                )


# --- Helpers -------------------------------------------------------------------------------------


def _declared_rules() -> list[Any]:
    """The rules extract and validate declare (imported lazily; a stage not yet written is skipped)."""
    import importlib

    found = []
    for module_name in ("extract", "validate"):
        try:
            module = importlib.import_module(f"pipeline.stages.{module_name}")
        except ImportError:
            continue
        rules = getattr(module, "RULES", ())
        found.extend(rules.values() if isinstance(rules, Mapping) else rules)
    return found


def _accepted_files(status: list[Row]) -> dict[str, str]:
    """source_file → project_id of each accepted project; one accepted file per project id."""
    accepted: dict[str, str] = {}
    seen: dict[str, str] = {}
    for row in status:
        if row["status"] != STATUS_ACCEPTED:
            continue
        pid = row["project_id"]
        if pid in seen:
            raise PipelineError(
                f"project_status.csv: ärende-id {pid} är godkänt i två filer ({seen[pid]} och "
                f"{row['source_file']}). Ta bort eller rätta den ena arbetsboken och kör om validate."
            )
        seen[pid] = row["source_file"]
        accepted[row["source_file"]] = pid
    return accepted


def _is_accepted(row: Row, accepted_files: Mapping[str, str]) -> bool:
    return accepted_files.get(row["source_file"]) == row["project_id"]


def _check_projects(projects: list[Row], accepted_files: Mapping[str, str]) -> None:
    """Every accepted project has exactly one row of facts, with a known county."""
    found = Counter(p["source_file"] for p in projects)
    for source_file, pid in sorted(accepted_files.items()):
        if found[source_file] != 1:
            raise PipelineError(
                f"project_status.csv godkänner {pid} ({source_file}), men projects.csv har "
                f"{found[source_file]} rader för filen. Lagren kommer från olika körningar: "
                "kör om extract och validate."
            )
    for p in projects:
        if p["county_code"] not in COUNTIES:
            raise PipelineError(
                f"{p['source_file']}, flik {p['sheet']}, cell {p.get('county_code_cell', '')}: "
                f"projekt {p['project_id']} har okänd länskod {p['county_code']!r}. Ange en tvåsiffrig "
                "länskod (t.ex. 01 eller 14) och kör om extract, validate och aggregate."
            )


def _parse_cost(row: Row) -> Row:
    """A cost row with amounts as reported (`*_raw`) and signed for totals (income negative)."""
    budget, actual = _amount(row, "budget", "costs"), _amount(row, "actual", "costs")
    category = row["category"]
    return {"project_id": row["project_id"], "year": _year(row, "year", "costs"), "category": category,
            "budget": signed_cost(category, budget), "actual": signed_cost(category, actual),
            "budget_raw": budget, "actual_raw": actual}


def _parse_financing(row: Row) -> Row:
    return {"project_id": row["project_id"], "year": _year(row, "year", "financing"), "source": row["source"],
            "amount": _amount(row, "amount", "financing")}


def _parse_meeting(row: Row) -> Row:
    try:
        year = dt.date.fromisoformat(row["date"].strip()).year
    except ValueError:
        raise _bad_value(row, "date", "meetings", "ett datum (ÅÅÅÅ-MM-DD)") from None
    return {"meeting_type": row["meeting_type"], "year": year, "participants": _count(row, "participants")}


def _narratives_by_project(rows: Iterable[Row]) -> dict[str, dict[str, Row]]:
    by_project: dict[str, dict[str, Row]] = defaultdict(dict)
    for row in rows:
        by_project[row["project_id"]].setdefault(row["field"], row)
    return by_project


def _granted_by_project(register: list[Row]) -> dict[str, Decimal]:
    """Granted amount per project from the register (the first row where an id repeats)."""
    granted: dict[str, Decimal] = {}
    for row in register:
        granted.setdefault(row["project_id"], _amount(row, "granted_amount", "register"))
    return granted


def _sum_by(rows: Iterable[Row], column: str, *, key, signed: bool = True) -> dict[Any, Decimal]:
    """Σ column per key; `signed=False` sums amounts as reported (income positive)."""
    source = column if signed else f"{column}_raw"
    sums: dict[Any, Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        sums[key(row)] += row[source]
    return sums


def _codes_in_order(declared: Mapping[str, str], present: set[str]) -> list[str]:
    """The contract's codes in declared order, then any other code present, sorted."""
    return list(declared) + sorted(present - set(declared))


def _exact_share(part: Decimal, whole: Decimal) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 50
        return part * _HUNDRED / whole


def _round_pct(value: Decimal) -> Decimal:
    return value.quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _amount(row: Row, column: str, table: str) -> Decimal:
    text = (row.get(column) or "").strip()
    if not text:
        return ZERO
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise _bad_value(row, column, table, "ett belopp i kronor (t.ex. 12500 eller 12500.50)")
    return value


def _count(row: Row, column: str) -> int:
    text = (row.get(column) or "").strip()
    if not text:
        return 0
    try:
        return int(text)
    except ValueError:
        raise _bad_value(row, column, "", "ett heltal") from None


def _year(row: Row, column: str, table: str) -> int:
    text = (row.get(column) or "").strip()
    if len(text) == 4 and text.isdigit():
        return int(text)
    raise _bad_value(row, column, table, "ett årtal (ÅÅÅÅ)")


def _bad_value(row: Row, column: str, table: str, expected: str) -> PipelineError:
    where = row.get(f"{column}_cell") or row.get("cell") or (f"rad {row['row']}" if row.get("row") else "")
    origin = ", ".join(x for x in (row.get("source_file", ""), row.get("sheet", ""), where) if x)
    return PipelineError(
        f"{origin or table}: värdet {row.get(column)!r} i kolumnen {column} är inte {expected}. "
        "Rätta värdet i indata och kör om extract, validate och aggregate."
    )


def _read_input(path: Path, columns: Sequence[str], producer: str) -> list[Row]:
    """The rows of a hand-over as dicts of the contract's columns (text restored, see tables.py)."""
    if not path.is_file():
        raise PipelineError(f"{path} saknas. Kör steget {producer} först (t.ex. make report).")
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        missing = [c for c in columns if c not in header]
        if missing:
            raise PipelineError(
                f"{path}: kolumnerna {', '.join(missing)} saknas. Filen kommer från en annan version av "
                f"pipelinen; kör om steget {producer}."
            )
        positions = [(c, header.index(c)) for c in columns]
        return [{c: restore(row[i]) if i < len(row) else "" for c, i in positions} for row in reader]


def _write_layer(target: Path, tables: Mapping[str, list[Row]]) -> None:
    """Write every table into a hidden temporary folder, then swap it in for `target` whole."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.new-"))
    os.chmod(staging, 0o777 & ~UMASK)  # mkdtemp makes 0700; the layer is for reviewers too
    previous = None
    try:
        for name, columns in AGGREGATED_COLUMNS.items():
            write_rows(staging / f"{name}.csv", columns, tables[name])
        if target.exists():
            previous = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.old-"))
            os.replace(target, previous / target.name)
        os.replace(staging, target)
    except BaseException:
        if previous is not None and not target.exists():
            os.replace(previous / target.name, target)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if previous is not None:
            shutil.rmtree(previous, ignore_errors=True)
