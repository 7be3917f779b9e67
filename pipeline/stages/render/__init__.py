"""Render stage: the ministry's PDF from the hand-over files.

Reads only files, all through the catalog or as the review stage wrote them: the CSVs of
outputs/3_aggregated, findings.csv, 2_validated/project_status.csv, manifest.json,
datapackage.json and the programme config. Render only formats the figures it is given:

    data.py      catalog.load → typed rows (Decimal, int, date, bool, str)
    context.py   the rows arranged into the report's tables (pure; no arithmetic on figures)
    templating.py  Jinja2 templates (templates/) with the Swedish formatting filters → one HTML
    pdf.py       WeasyPrint → tagged PDF/A-3a with the hand-overs attached; the checksum lines

The charts (pipeline/charts.py) are drawn here, in this process, from the same typed rows.
Outputs: 4_report/report.html, report.pdf and report.sha256 (the SHA-256 of both, in
`sha256sum` format), each written atomically once the PDF exists. A failed render removes the
previous three (`discard_report`): a report that no longer matches its inputs must not look current. The web edition (html_edition.py) is built from the same context
by its own stage (stages/html.py), which make runs beside this one. Output is byte-identical for identical inputs: every date comes
from the config (or SOURCE_DATE_EPOCH), never from the clock.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import click

from ...paths import InputPaths, OutputPaths
from ...safe_io import checksums, write_bytes_atomic, write_text_atomic
from .context import build_context, reported_indicators
from .data import ReportData, load_report_data, report_timestamp
from .pdf import PDF_OPTIONS, PDF_VARIANT, attachment_files, make_url_fetcher, write_pdf
from .templating import nowrap_references, render_html, template_environment


def build_charts(data: ReportData) -> dict[str, Any]:
    """The report's charts, keyed by name, from the aggregated rows (the indicator chart only
    when a project reported an indicator)."""
    from ... import charts

    tables = data.tables
    totals = tables["programme_totals"][0]
    built = [
        charts.agency_share_by_region(
            tables["by_region"], data.config.max_agency_share, totals["agency_share_weighted_pct"]
        )
    ]
    indicators = reported_indicators(tables["indicator_totals"])
    if indicators:
        built.append(charts.indicator_outcomes(indicators))
    return {chart.key: chart for chart in built}


def report_context(inputs: InputPaths, outputs: OutputPaths) -> tuple[dict[str, Any], dt.datetime]:
    """The context both editions are filled in from (charts included), and the run timestamp."""
    data = load_report_data(inputs, outputs)
    timestamp = report_timestamp(data.config)
    context = build_context(data, timestamp)
    context["charts"] = build_charts(data)
    return context, timestamp


def discard_report(outputs: OutputPaths) -> None:
    """Remove the previous report (PDF, its HTML and checksums): what a failed render leaves."""
    for path in (outputs.report_pdf, outputs.report_checksums, outputs.report_html):
        path.unlink(missing_ok=True)


def run(inputs: InputPaths, outputs: OutputPaths, *, progress: bool = False) -> dict:
    """Render outputs.report_html, outputs.report_pdf and outputs.report_checksums; return pages,
    tables and charts. On any failure the previous report is removed, then the error raised."""
    try:
        return _render(inputs, outputs, progress)
    except Exception:
        discard_report(outputs)
        raise


def _render(inputs: InputPaths, outputs: OutputPaths, progress: bool) -> dict:

    def phase(message: str) -> None:
        if progress:
            click.echo(f"render: {message}", err=True)

    started = time.perf_counter()
    phase("läser tabellerna och ritar diagrammen")
    context, timestamp = report_context(inputs, outputs)
    phase("fyller i mallarna")
    html = render_html(context)
    own_seconds = time.perf_counter() - started

    phase("sätter sidorna (WeasyPrint)")
    layout_started = time.perf_counter()
    pdf, pages = write_pdf(html, outputs, timestamp)
    weasyprint_seconds = time.perf_counter() - layout_started
    html_bytes = html.encode("utf-8")
    write_bytes_atomic(outputs.report_html, html_bytes)
    write_bytes_atomic(outputs.report_pdf, pdf)
    write_text_atomic(
        outputs.report_checksums,
        checksums([(outputs.report_pdf, pdf), (outputs.report_html, html_bytes)], outputs.root),
    )
    phase(f"klar: egen tid {own_seconds:.2f} s, WeasyPrint {weasyprint_seconds:.2f} s")
    return {"sidor": pages, "tabeller": html.count("<table"), "diagram": len(context["charts"])}


__all__ = [
    "PDF_OPTIONS",
    "PDF_VARIANT",
    "ReportData",
    "attachment_files",
    "build_charts",
    "build_context",
    "discard_report",
    "load_report_data",
    "make_url_fetcher",
    "nowrap_references",
    "render_html",
    "report_context",
    "report_timestamp",
    "run",
    "template_environment",
    "write_pdf",
]
