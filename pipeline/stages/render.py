"""Render stage: the ministry's PDF (and its HTML) from the aggregated hand-over files.

Reads only files: the CSVs of outputs/3_aggregated, findings.csv, 2_validated/project_status.csv,
manifest.json, datapackage.json and the programme config. Builds a template context of exact
Decimals (pure functions), draws the charts, renders Jinja2 templates from templates/ into one
self-contained HTML (CSS and SVG inline, kept for reviewers), and lets WeasyPrint write a tagged
PDF/A-3a with the hand-over files attached. Output is byte-identical for identical inputs: every
date comes from the config (or SOURCE_DATE_EPOCH), never from the clock. WeasyPrint fetches
through a fetcher that serves only templates/ and this run's outputs folder.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import mimetypes
import re
import time
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import click

from ..config import ProgrammeConfig, load_config, run_timestamp
from ..contract import (
    AGGREGATED_COLUMNS, DEDUCTED_CATEGORIES, FINDING_COLUMNS, PROJECT_STATUS_COLUMNS,
    SEVERITY_ERROR, SEVERITY_WARNING, STATUS_ACCEPTED, STATUS_SET_ASIDE, signed_cost,
)
from ..errors import PipelineError
from ..formatting import register_filters, to_decimal
from ..paths import TEMPLATES_DIR, InputPaths, OutputPaths
from ..tables import read_rows, write_bytes_atomic, write_text_atomic

PDF_VARIANT = "pdf/a-3a"  # tagged PDF/A-3: archivable, accessible, and allows file attachments
# Every write_pdf option but the attachments (the benchmark renders the bare HTML with these).
PDF_OPTIONS = {"pdf_variant": PDF_VARIANT, "pdf_tags": True}
BODY_TEMPLATE = "body.html.j2"
REPORT_TEMPLATE = "report.html.j2"
STYLESHEET = "report.css"
PROFILE_TEXT_LIMIT = 1200  # characters per narrative field on a one-page project profile

# Columns that are text in the aggregated tables; every other declared column must be a number.
TEXT_COLUMNS = frozenset({
    "project_id", "title", "county_code", "county_name", "owner", "start_date", "end_date",
    "has_good_example", "source_file", "category", "category_label", "source", "source_label",
    "indicator", "indicator_label", "meeting_type", "meeting_type_label", "good_example_title",
    "good_example", "sheet", "cell", "first_error", "results", "lessons", "results_cell",
    "lessons_cell", "rule_id", "severity", "checks",
})
SEVERITY_LABELS = {SEVERITY_ERROR: "Fel", SEVERITY_WARNING: "Varning"}


# --- Reading the hand-over files (I/O at the edge) ---------------------------------------------

@dataclass(frozen=True)
class ReportData:
    """Everything the report is made from, as read from the hand-over files."""

    config: ProgrammeConfig
    tables: dict[str, list[dict[str, str]]]
    findings: list[dict[str, str]]
    project_status: list[dict[str, str]]
    manifest: dict


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _read_checked(path: Path, columns: tuple[str, ...], outputs: OutputPaths, stage_hint: str,
                  numeric: bool = False) -> list[dict[str, str]]:
    """Read a hand-over CSV; a missing file, column or number is a PipelineError naming it."""
    name = _relative(path, outputs.root)
    if not path.is_file():
        raise PipelineError(f"{path}: filen saknas. Kör {stage_hint} först (eller hela kedjan med "
                            "`python -m pipeline run`).")
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            header = next(csv.reader(handle), [])
        rows = read_rows(path)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise PipelineError(f"{path}: kan inte läsas som CSV i UTF-8 ({exc}). Kör {stage_hint} igen.") from None
    missing = [c for c in columns if c not in header]
    if missing:
        raise PipelineError(f"{name}: kolumnen/kolumnerna {', '.join(missing)} saknas. Filen följer inte "
                            f"kontraktet i pipeline/contract.py; kör {stage_hint} igen.")
    if numeric:
        for line, row in enumerate(rows, start=2):
            for column in columns:
                if column in TEXT_COLUMNS:
                    continue
                try:
                    to_decimal(row[column])
                except ValueError:
                    raise PipelineError(
                        f"{name}, rad {line}, kolumn {column}: {row[column]!r} är inte ett tal. "
                        f"Kör {stage_hint} igen."
                    ) from None
    return rows


def _read_json(path: Path, stage_hint: str) -> dict:
    if not path.is_file():
        raise PipelineError(f"{path}: filen saknas. Kör {stage_hint} först.")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PipelineError(f"{path}: är inte giltig JSON ({exc}). Kör {stage_hint} igen.") from None
    if not isinstance(data, dict):
        raise PipelineError(f"{path}: väntade ett JSON-objekt överst. Kör {stage_hint} igen.")
    return data


def load_report_data(inputs: InputPaths, outputs: OutputPaths) -> ReportData:
    config = load_config(inputs.config)
    tables = {
        name: _read_checked(outputs.aggregated_table(name), columns, outputs,
                            "aggregate-steget (`python -m pipeline aggregate`)", numeric=True)
        for name, columns in AGGREGATED_COLUMNS.items()
    }
    findings = _read_checked(outputs.findings, FINDING_COLUMNS, outputs,
                             "validate-steget (`python -m pipeline validate`)")
    status = _read_checked(outputs.project_status, PROJECT_STATUS_COLUMNS, outputs,
                           "validate-steget (`python -m pipeline validate`)")
    manifest = _read_json(outputs.manifest, "review-steget (`python -m pipeline review`)")
    _read_json(outputs.datapackage, "review-steget (`python -m pipeline review`)")
    if len(tables["programme_totals"]) != 1:
        raise PipelineError(
            f"{_relative(outputs.aggregated_table('programme_totals'), outputs.root)}: väntade exakt en "
            f"rad, fann {len(tables['programme_totals'])}. Kör aggregate-steget igen."
        )
    return ReportData(config, tables, findings, status, manifest)


# --- The template context (pure) ---------------------------------------------------------------

def _d(value: Any) -> Decimal:
    """A number cell as Decimal; empty counts as zero (sums and pivots)."""
    return to_decimal(value) or Decimal(0)


def _years(rows: list[dict[str, str]]) -> list[str]:
    return sorted({row["year"] for row in rows if row.get("year")})


def _paragraphs(text: str, limit: int | None = None) -> tuple[list[str], bool]:
    """Split a narrative into paragraphs at blank lines; cut at `limit` characters if given."""
    text = (text or "").strip()
    shortened = limit is not None and len(text) > limit
    if shortened:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(" ,.;:") + " …"
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()], shortened


def _by_year(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    keys = ("budget_total", "total_cost", "agency_paid", "cofinancing_total", "financing_total")
    return [{"year": r["year"], **{k: _d(r[k]) for k in keys}, "agency_share_pct": to_decimal(r["agency_share_pct"])}
            for r in rows]


def _categories(by_year_rows: list[dict[str, str]], totals_rows: list[dict[str, str]]) -> dict[str, Any]:
    """Cost category × year (actual) beside each category's whole-period figures; the CSVs hold
    project income positive, the table shows it with a minus sign, as the deduction it is."""
    years = _years(by_year_rows)
    cells = {(r["category"], r["year"]): _d(r["actual"]) for r in by_year_rows}
    rows = [{"label": r["category_label"],
             "by_year": [signed_cost(r["category"], cells.get((r["category"], y), Decimal(0))) for y in years],
             "budget": signed_cost(r["category"], _d(r["budget"])),
             "actual": signed_cost(r["category"], _d(r["actual"])),
             "actual_vs_budget_pct": to_decimal(r["actual_vs_budget_pct"]),
             "deducted": r["category"] in DEDUCTED_CATEGORIES}
            for r in totals_rows]
    return {"years": years, "rows": rows}


def _financing(by_year_rows: list[dict[str, str]], totals_rows: list[dict[str, str]]) -> dict[str, Any]:
    """Financing source × year beside each source's whole-period amount and shares."""
    years = _years(by_year_rows)
    cells = {(r["source"], r["year"]): _d(r["amount"]) for r in by_year_rows}
    rows = [{"label": r["source_label"], "by_year": [cells.get((r["source"], y), Decimal(0)) for y in years],
             "total": _d(r["amount"]), "share_pct": to_decimal(r["share_pct"]),
             "share_of_cost_pct": to_decimal(r["share_of_cost_pct"])}
            for r in totals_rows]
    return {"years": years, "rows": rows}


def _regions(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    keys = ("projects", "budget_total", "total_cost", "granted_amount", "agency_paid", "cofinancing_total")
    return [{"county_code": r["county_code"], "county_name": r["county_name"],
             **{k: _d(r[k]) for k in keys}, "agency_share_pct": to_decimal(r["agency_share_pct"])}
            for r in rows]


def _region_years(rows: list[dict[str, str]], by_region: list[dict[str, str]],
                  by_year: list[dict[str, str]]) -> dict[str, Any]:
    """County × year (actual); each county's total from by_region, each year's from by_year."""
    years = _years(rows)
    cells: dict[str, dict[str, Decimal]] = defaultdict(dict)
    names: dict[str, str] = {}
    for row in rows:
        cells[row["county_code"]][row["year"]] = _d(row["total_cost"])
        names[row["county_code"]] = row["county_name"]
    county_total = {r["county_code"]: _d(r["total_cost"]) for r in by_region}
    year_total = {r["year"]: _d(r["total_cost"]) for r in by_year}
    out_rows = [{"county_name": names[c], "by_year": [cells[c].get(y) for y in years],
                 "total": county_total.get(c, Decimal(0))} for c in sorted(cells)]
    return {"years": years, "rows": out_rows, "year_totals": [year_total.get(y, Decimal(0)) for y in years]}


def _meetings(rows: list[dict[str, str]], by_type: list[dict[str, str]],
              totals: dict[str, str]) -> dict[str, Any]:
    """The meetings table (type × year) with its Summa row and total, as aggregate wrote them."""
    years = _years(rows)
    types = [r["meeting_type"] for r in by_type]
    cells = {(r["meeting_type"], r["year"]): (_d(r["meetings"]), _d(r["participants"])) for r in rows}
    zero = (Decimal(0), Decimal(0))
    out_rows = [{"year": y, "cells": [cells.get((t, y), zero) for t in types]} for y in years]
    return {"types": [r["meeting_type_label"] for r in by_type], "rows": out_rows,
            "total": [(_d(r["meetings"]), _d(r["participants"])) for r in by_type],
            "meetings": _d(totals["meetings"]), "participants": _d(totals["meeting_participants"])}


def _indicators(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    return [{"indicator": r["indicator"],
             "label": r["indicator_label"],
             "projects_reporting": _d(r["projects_reporting"]), "target": _d(r["target"]),
             "outcome": _d(r["outcome"]),
             "outcome_pct": to_decimal(r["outcome_pct"])}
            for r in rows]


def _indicator_regions(rows: list[dict[str, str]], indicators: list[dict[str, Any]]) -> dict[str, Any]:
    codes = [i["indicator"] for i in indicators]
    codes += sorted({r["indicator"] for r in rows} - set(codes))
    cells = {(r["county_code"], r["indicator"]): (_d(r["outcome"]), _d(r["target"])) for r in rows}
    names = {r["county_code"]: r["county_name"] for r in rows}
    labels = {r["indicator"]: r["indicator_label"] for r in rows}
    labels.update({i["indicator"]: i["label"] for i in indicators})
    return {"indicators": [(n, labels.get(c, c)) for n, c in enumerate(codes, start=1)],
            "rows": [{"county_name": names[county], "cells": [cells.get((county, c)) for c in codes]}
                     for county in sorted(names)]}


def _quality(data: ReportData) -> dict[str, Any]:
    severities = defaultdict(int)
    for finding in data.findings:
        severities[finding["severity"]] += 1
    by_rule = [{**r, "severity_label": SEVERITY_LABELS.get(r["severity"], r["severity"]),
                "findings": _d(r["findings"]), "projects": _d(r["projects"])}
               for r in data.tables["findings_by_rule"] if _d(r["findings"]) > 0]
    by_rule.sort(key=lambda r: (0 if r["severity"] == SEVERITY_ERROR else 1, r["rule_id"]))
    status_counts = defaultdict(int)
    for row in data.project_status:
        status_counts[row["status"]] += 1
    return {
        "findings": len(data.findings), "errors": severities[SEVERITY_ERROR],
        "warnings": severities[SEVERITY_WARNING], "by_rule": by_rule,
        "set_aside": [{**r, "errors": _d(r["errors"])} for r in data.tables["set_aside"]],
        "projects_checked": len(data.project_status), "accepted": status_counts[STATUS_ACCEPTED],
        "set_aside_count": status_counts[STATUS_SET_ASIDE],
    }


def _method_rules(data: ReportData) -> list[dict[str, str]]:
    """Every check the pipeline makes: findings_by_rule.csv lists each declared rule, fired or not."""
    return [{"rule_id": r["rule_id"], "severity": r["severity"], "checks": r["checks"],
             "severity_label": SEVERITY_LABELS.get(r["severity"], r["severity"])}
            for r in sorted(data.tables["findings_by_rule"], key=lambda r: r["rule_id"])]


def _manifest_inputs(manifest: dict) -> list[dict[str, Any]]:
    """The source files of manifest.json as rows: path, size, SHA-256 (tolerant of the layout)."""
    entries = manifest.get("inputs") or manifest.get("files") or []
    if isinstance(entries, dict):  # {"path": {"sha256": ..., "size": ...}}
        entries = [{"path": path, **(info if isinstance(info, dict) else {"sha256": info})}
                   for path, info in entries.items()]
    rows = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        path = entry.get("path") or entry.get("source_file") or entry.get("file") or entry.get("name") or ""
        size = entry.get("size_bytes", entry.get("size", entry.get("bytes")))
        rows.append({"path": str(path), "sha256": str(entry.get("sha256", "")),
                     "size": to_decimal(size) if isinstance(size, (int, str)) and str(size).strip() else None})
    return sorted(rows, key=lambda r: r["path"])


def _profiles(data: ReportData) -> tuple[list[dict[str, Any]], int]:
    limit = max(data.config.max_profile_pages, 0)
    narratives = {r["project_id"]: r for r in data.tables["project_narratives"]}
    examples = {r["project_id"]: r for r in data.tables["good_examples"]}
    projects = data.tables["project_summary"]
    profiles = []
    for project in projects[:limit]:
        narrative = narratives.get(project["project_id"], {})
        results, results_cut = _paragraphs(narrative.get("results", ""), PROFILE_TEXT_LIMIT)
        lessons, lessons_cut = _paragraphs(narrative.get("lessons", ""), PROFILE_TEXT_LIMIT)
        profiles.append({
            **project, "results": results, "lessons": lessons, "shortened": results_cut or lessons_cut,
            "good_example_title": examples.get(project["project_id"], {}).get("good_example_title", ""),
        })
    return profiles, max(len(projects) - limit, 0)


def build_context(data: ReportData, timestamp: dt.datetime) -> dict[str, Any]:
    """Everything the templates show, as exact Decimals and plain strings (charts added later)."""
    config = data.config
    totals_row = data.tables["programme_totals"][0]
    totals = {k: to_decimal(v) if k.endswith("_pct") else _d(v)  # no denominator: no share, not 0 %
              for k, v in totals_row.items() if k in AGGREGATED_COLUMNS["programme_totals"]}
    indicators = _indicators(data.tables["indicators"])
    ranked = sorted((i for i in indicators if i["outcome_pct"] is not None),
                    key=lambda i: (-i["outcome_pct"], i["label"]))
    profiles, omitted = _profiles(data)
    return {
        "cfg": {
            "title": config.report_title, "name": config.name, "agency": config.agency,
            "recipient": config.recipient, "commissions": list(config.commissions),
            "diarienummer": config.diarienummer, "date": config.report_date, "place": config.place,
            "approver_role": config.approver_role, "case_officer_role": config.case_officer_role,
            "author": config.author, "period_start": config.period_start, "period_end": config.period_end,
            "max_share_pct": config.max_agency_share * 100,
            "max_profile_pages": config.max_profile_pages,
        },
        "timestamp": timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "totals": totals,
        "by_year": _by_year(data.tables["by_year"]),
        "categories": _categories(data.tables["category_by_year"], data.tables["category_totals"]),
        "financing": _financing(data.tables["financing_by_year"], data.tables["financing_totals"]),
        "financing_sources": [(r["source_label"], _d(r["amount"])) for r in data.tables["financing_totals"]],
        "regions": _regions(data.tables["by_region"]),
        "region_years": _region_years(data.tables["region_by_year"], data.tables["by_region"],
                                      data.tables["by_year"]),
        "meetings": _meetings(data.tables["meetings_by_type_year"], data.tables["meetings_by_type"],
                              data.tables["programme_totals"][0]),
        "indicators": indicators,
        "indicators_top": ranked[:3],
        "indicators_below": [i for i in ranked if i["outcome_pct"] < 100],
        "indicator_regions": _indicator_regions(data.tables["indicators_by_region"], indicators),
        "good_examples": [{**r, "paragraphs": _paragraphs(r["good_example"])[0]}
                          for r in data.tables["good_examples"]],
        "quality": _quality(data),
        "projects": [{**r, **{k: _d(r[k]) for k in ("total_cost", "granted_amount", "agency_paid")},
                      "agency_share_pct": to_decimal(r["agency_share_pct"])}
                     for r in data.tables["project_summary"]],
        "profiles": profiles,
        "profiles_omitted": omitted,
        "source_files": _manifest_inputs(data.manifest),
        "rules": _method_rules(data),
        # Only the names and descriptions are listed, so any outputs root will do here.
        "attachments": [{"name": name, "description": description} for name, _, description in
                        attachment_files(OutputPaths(Path(".")))],
    }


def attachment_files(outputs: OutputPaths) -> list[tuple[str, Path, str]]:
    """(name in the PDF, path, description) of every hand-over file embedded in the PDF."""
    files = [(f"3_aggregated/{name}.csv", outputs.aggregated_table(name),
              f"Aggregerad tabell {name} (CSV, UTF-8)") for name in AGGREGATED_COLUMNS]
    files += [
        ("findings.csv", outputs.findings, "Alla avvikelser som kontrollerna hittat (CSV, UTF-8)"),
        ("2_validated/project_status.csv", outputs.project_status,
         "Varje projekts status efter kontrollerna (CSV, UTF-8)"),
        ("datapackage.json", outputs.datapackage, "Beskrivning av tabellerna (Frictionless Data Package)"),
        ("manifest.json", outputs.manifest, "Källfiler och genererade filer med SHA-256"),
    ]
    return files


def report_timestamp(config: ProgrammeConfig) -> dt.datetime:
    """The run's timestamp (naive UTC, as WeasyPrint's metadata wants), as config.run_timestamp decides."""
    return run_timestamp(config)[0].replace(tzinfo=None)


# --- Templates ---------------------------------------------------------------------------------

@functools.lru_cache(maxsize=8)
def template_environment(templates_dir: Path = TEMPLATES_DIR):
    """Jinja2 over templates/ only: autoescape on, undefined names are errors. One per folder per
    process, so templates compiled while the charts are drawn are reused by render_html."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    environment = Environment(
        loader=FileSystemLoader(str(templates_dir)), autoescape=True, undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    register_filters(environment)
    environment.filters["nowrap_refs"] = nowrap_references
    return environment


_REFERENCE = re.compile(r"[^\s/]+(?:/[^\s/]+)+")


def nowrap_references(text: str):
    """Escape `text` and keep references like N2012/6275/RT on one line (no break after "/")."""
    from markupsafe import Markup, escape

    escaped = str(escape(text))
    return Markup(_REFERENCE.sub(lambda m: f'<span class="nowrap">{m.group(0)}</span>', escaped))


_HEADING = re.compile(r'<h([12]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)


def render_html(context: dict[str, Any], templates_dir: Path = TEMPLATES_DIR) -> str:
    """Body first, then the whole document with a table of contents built from the body's h1/h2."""
    from markupsafe import Markup

    environment = template_environment(templates_dir)
    body = environment.get_template(BODY_TEMPLATE).render(**context)
    toc = [{"level": int(level), "id": anchor, "text": Markup(text.strip())}
           for level, anchor, text in _HEADING.findall(body)]
    stylesheet = (templates_dir / STYLESHEET).read_text(encoding="utf-8")
    return environment.get_template(REPORT_TEMPLATE).render(
        **context, body=Markup(body), toc=toc, stylesheet=Markup(stylesheet))


# --- WeasyPrint --------------------------------------------------------------------------------

def make_url_fetcher(allowed_roots: list[Path]):
    """A WeasyPrint URL fetcher that serves files under `allowed_roots` and data: URLs only.

    Anything else (http, https, ftp, other file paths) is refused and recorded in `.refused`, so
    no text from a workbook can make the renderer reach the network or read other files.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    roots = [Path(root).resolve() for root in allowed_roots]

    class RestrictedURLFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(url2pathname(urlsplit(url).path)).resolve()
                if path.is_file() and any(path.is_relative_to(root) for root in roots):
                    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})
            self.refused.append(url)
            raise ValueError(f"refused: {url} (only templates/ and the run's outputs folder are served)")

    return RestrictedURLFetcher()


def _attachments(outputs: OutputPaths, timestamp: dt.datetime):
    from weasyprint import Attachment

    attachments = []
    for name, path, description in attachment_files(outputs):
        if path.is_file():
            # Explicit dates: WeasyPrint would otherwise stamp the file's ctime or the clock.
            attachments.append(Attachment(string=path.read_bytes(), name=name, description=description,
                                          created=timestamp, modified=timestamp))
    return attachments


def write_pdf(html: str, outputs: OutputPaths, timestamp: dt.datetime,
              templates_dir: Path = TEMPLATES_DIR) -> tuple[bytes, int]:
    """Lay out and write the PDF/A-3a; return its bytes and page count."""
    from weasyprint import HTML

    fetcher = make_url_fetcher([templates_dir, outputs.root])
    options = {**PDF_OPTIONS, "attachments": _attachments(outputs, timestamp)}
    document = HTML(string=html, base_url=str(templates_dir.resolve()) + "/",
                    url_fetcher=fetcher).render(**options)
    return document.write_pdf(**options), len(document.pages)


def build_charts(context: dict[str, Any], data: ReportData) -> dict[str, Any]:
    from .. import charts

    built = [
        charts.costs_by_year(data.tables["by_year"]),
        charts.financing_by_source(context["financing_sources"]),
        charts.costs_by_region(data.tables["by_region"]),
    ]
    if data.tables["indicators"]:
        built.append(charts.indicator_outcomes(data.tables["indicators"]))
    return {chart.key: chart for chart in built}


def _charts_while_loading_weasyprint(context: dict[str, Any], data: ReportData) -> dict[str, Any]:
    """Draw the charts in a forked process while this one imports WeasyPrint.

    Both take ~0.6 s (matplotlib's import is most of the charts' time) and the machine has a
    second core, so the render stage's own work hides behind the import it needs anyway.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():
        return build_charts(context, data)
    global _CHART_INPUTS
    _CHART_INPUTS = (context, data)  # inherited by the forked worker: nothing to pickle going in
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            pending = pool.submit(_build_charts_from_parent)
            import weasyprint  # noqa: F401, PLC0415 — loaded now, used by write_pdf

            environment = template_environment(TEMPLATES_DIR)  # compile while the charts finish
            for name in (BODY_TEMPLATE, REPORT_TEMPLATE):
                environment.get_template(name)
            return pending.result()
    finally:
        _CHART_INPUTS = None


_CHART_INPUTS: tuple[dict[str, Any], ReportData] | None = None


def _build_charts_from_parent() -> dict[str, Any]:
    return build_charts(*_CHART_INPUTS)


def run(inputs: InputPaths, outputs: OutputPaths, *, progress: bool = False) -> dict:
    """Render outputs.report_html and outputs.report_pdf; return pages, tables and charts."""

    def phase(message: str) -> None:
        if progress:
            click.echo(f"render: {message}", err=True)

    started = time.perf_counter()
    phase("läser tabellerna")
    data = load_report_data(inputs, outputs)
    timestamp = report_timestamp(data.config)
    context = build_context(data, timestamp)
    phase("ritar diagrammen")
    context["charts"] = _charts_while_loading_weasyprint(context, data)
    phase("fyller i mallarna")
    html = render_html(context)
    write_text_atomic(outputs.report_html, html)
    own_seconds = time.perf_counter() - started

    phase("sätter sidorna (WeasyPrint)")
    layout_started = time.perf_counter()
    pdf, pages = write_pdf(html, outputs, timestamp)
    write_bytes_atomic(outputs.report_pdf, pdf)
    weasyprint_seconds = time.perf_counter() - layout_started
    phase(f"klar: egen tid {own_seconds:.2f} s, WeasyPrint {weasyprint_seconds:.2f} s")
    return {"sidor": pages, "tabeller": html.count("<table"), "diagram": len(context["charts"])}


__all__ = [
    "ReportData", "attachment_files", "build_charts", "build_context",
    "load_report_data", "make_url_fetcher", "render_html", "report_timestamp", "run",
    "template_environment", "write_pdf",
]
