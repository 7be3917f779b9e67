"""The report's charts: matplotlib (Agg) drawn to inline SVG, vector and reproducible.

Each chart function takes the typed rows of an aggregated CSV (as the catalog loads them:
Decimal amounts, int years, None for an empty cell) and returns a `Chart` whose `svg` is markup
ready to place inside the HTML: no XML prolog, `role="img"`, an `aria-label` and a
`<title>` (the alt text, which WeasyPrint writes as the /Figure's /Alt). Text stays text
(svg.fonttype "none") in the document's font, so the PDF embeds one set of fonts and the chart
labels can be searched and copied. Fixed `svg.hashsalt` and no date make the SVG byte-identical
from run to run. matplotlib is imported only when a chart is drawn (it costs ~0.8 s).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from .formatting import format_number

CHART_FONT = "DejaVu Sans"
# Colours with enough contrast against white and against each other in greyscale print.
COLOURS = ("#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#404040")
WIDTH_IN = 6.3  # fits the A4 text block (16 cm)
_HASH_SALT = "regionala-kompetensplattformar"


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    alt: str  # what the chart shows, in words, for screen readers and the PDF /Alt
    source: str  # the CSV the numbers come from, relative to the outputs folder
    svg: Markup


def _new_figure(height_in: float):
    """A figure with its axes, styled once; no pyplot (its import and state are not needed)."""
    import matplotlib
    from matplotlib.figure import Figure

    matplotlib.rcParams.update(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": _HASH_SALT,
            "font.family": "sans-serif",
            "font.sans-serif": [CHART_FONT],
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.axisbelow": True,
            "axes.grid": True,
            "grid.color": "#d9d9d9",
            "grid.linewidth": 0.6,
            "legend.frameon": False,
        }
    )
    figure = Figure(figsize=(WIDTH_IN, height_in))
    return figure, figure.subplots()


def _to_svg(figure, key: str) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    return styles_to_attributes(namespace_ids(buffer.getvalue(), key))


_SVG_OPEN = re.compile(r"<svg\b[^>]*>")


def accessible_svg(svg_text: str, alt: str) -> Markup:
    """Strip the XML prolog and give the root <svg> role="img", an aria-label and a <title>."""
    start = svg_text.index("<svg")
    body = svg_text[start:]
    match = _SVG_OPEN.match(body)
    if match is None:
        raise ValueError("no <svg> root element")
    label = str(escape(alt))
    opening = match.group(0)[:-1] + f' role="img" aria-label="{label}">'
    return Markup(opening + f"<title>{label}</title>" + body[match.end() :])


_ID = re.compile(r'\bid="([^"]+)"')
_REFERENCE = re.compile(r'(url\(#|href="#)([^)"]+)')


def namespace_ids(svg_text: str, prefix: str) -> str:
    """Prefix every id (and every reference to one): matplotlib numbers ids per figure, and two
    inline charts with the same id="patch_1" would clash in one HTML document."""
    svg_text = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', svg_text)
    return _REFERENCE.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg_text)


_STYLE = re.compile(r'\sstyle="([^"]*)"')


def styles_to_attributes(svg_text: str) -> str:
    """Turn matplotlib's style="fill: #fff; stroke-width: 0.8" into presentation attributes.

    Inside HTML, WeasyPrint reads an inline SVG's style attributes as HTML CSS and warns about
    every SVG property; presentation attributes mean the same to its SVG renderer, silently."""

    def attributes(match: re.Match) -> str:
        pairs = (part.split(":", 1) for part in match.group(1).split(";") if ":" in part)
        return "".join(
            f' {name.strip()}="{value.strip().replace(chr(34), "&quot;")}"' for name, value in pairs
        )

    return _STYLE.sub(attributes, svg_text)


def _mnkr_axis(axis) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda value, _: format_number(value / 1_000_000, 1)))


Row = Mapping[str, Any]


def _amount(row: Row, key: str) -> float:
    # Floats are fine here: they only position bars; every printed figure comes from Decimals.
    return float(row[key] or 0)


def costs_by_year(by_year: Sequence[Row]) -> Chart:
    """Grouped bars: budget and actual cost per year (3_aggregated/by_year.csv), in mnkr."""
    years = [str(row["year"]) for row in by_year]
    figure, axes = _new_figure(2.8)
    positions = range(len(years))
    width = 0.38
    axes.bar(
        [p - width / 2 for p in positions],
        [_amount(r, "budget_total") for r in by_year],
        width,
        label="Budget",
        color=COLOURS[0],
    )
    axes.bar(
        [p + width / 2 for p in positions],
        [_amount(r, "total_cost") for r in by_year],
        width,
        label="Utfall",
        color=COLOURS[1],
    )
    axes.set_xticks(list(positions), years)
    axes.grid(axis="x", visible=False)
    _mnkr_axis(axes.yaxis)
    axes.set_ylabel("mnkr")
    axes.legend(loc="upper left")
    alt = (
        "Stapeldiagram över budget och utfall per år i miljoner kronor: "
        + "; ".join(
            f"{r['year']}: budget {format_number(_amount(r, 'budget_total') / 1e6, 1)}, "
            f"utfall {format_number(_amount(r, 'total_cost') / 1e6, 1)}"
            for r in by_year
        )
        + "."
    )
    return Chart(
        "costs_by_year",
        "Budget och utfall per år",
        alt,
        "3_aggregated/by_year.csv",
        accessible_svg(_to_svg(figure, "costs_by_year"), alt),
    )


def financing_by_source(sources: Sequence[Row]) -> Chart:
    """Horizontal bars: the programme's financing per source (3_aggregated/financing_totals.csv), in mnkr."""
    labels = [row["source_label"] for row in sources][::-1]
    values = [_amount(row, "amount") for row in sources][::-1]
    figure, axes = _new_figure(0.45 * len(labels) + 0.8)
    # The agency (listed first, drawn last from the bottom) stands out from the co-financiers.
    axes.barh(labels, values, color=[COLOURS[2]] * (len(values) - 1) + [COLOURS[0]])
    axes.grid(axis="y", visible=False)
    _mnkr_axis(axes.xaxis)
    axes.set_xlabel("mnkr")
    alt = (
        "Liggande stapeldiagram över finansieringen per källa i miljoner kronor: "
        + "; ".join(f"{r['source_label']} {format_number(_amount(r, 'amount') / 1e6, 1)}" for r in sources)
        + "."
    )
    return Chart(
        "financing_by_source",
        "Finansiering per källa",
        alt,
        "3_aggregated/financing_totals.csv",
        accessible_svg(_to_svg(figure, "financing_by_source"), alt),
    )


def costs_by_region(by_region: Sequence[Row]) -> Chart:
    """Horizontal bars: total cost and Tillväxtverket's payments per county, in mnkr
    (3_aggregated/by_region.csv)."""
    rows = list(by_region)[::-1]
    names = [r["county_name"] for r in rows]
    figure, axes = _new_figure(0.32 * len(rows) + 1.0)
    positions = range(len(rows))
    height = 0.4
    axes.barh(
        [p + height / 2 for p in positions],
        [_amount(r, "total_cost") for r in rows],
        height,
        label="Kostnad totalt",
        color=COLOURS[0],
    )
    axes.barh(
        [p - height / 2 for p in positions],
        [_amount(r, "agency_paid") for r in rows],
        height,
        label="Därav Tillväxtverket",
        color=COLOURS[1],
    )
    axes.set_yticks(list(positions), names)
    axes.grid(axis="y", visible=False)
    _mnkr_axis(axes.xaxis)
    axes.set_xlabel("mnkr")
    axes.legend(loc="lower right")
    alt = (
        "Liggande stapeldiagram över kostnad och Tillväxtverkets utbetalningar per län i miljoner kronor: "
        + "; ".join(
            f"{r['county_name']}: kostnad {format_number(_amount(r, 'total_cost') / 1e6, 1)}, "
            f"Tillväxtverket {format_number(_amount(r, 'agency_paid') / 1e6, 1)}"
            for r in by_region
        )
        + "."
    )
    return Chart(
        "costs_by_region",
        "Kostnad och utbetalning per län",
        alt,
        "3_aggregated/by_region.csv",
        accessible_svg(_to_svg(figure, "costs_by_region"), alt),
    )


def indicator_outcomes(indicators: Sequence[Row]) -> Chart:
    """Horizontal bars: each indicator's outcome in percent of its target (3_aggregated/indicators.csv),
    with a 100 % line."""
    rows = list(indicators)[::-1]
    figure, axes = _new_figure(0.38 * len(rows) + 0.9)
    values = [_amount(r, "outcome_pct") for r in rows]
    axes.barh(
        [r["indicator_label"] for r in rows],
        values,
        color=[COLOURS[2] if v >= 100 else COLOURS[1] for v in values],
    )
    axes.axvline(100, color="#000000", linewidth=0.8)
    axes.grid(axis="y", visible=False)
    from matplotlib.ticker import FuncFormatter

    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: format_number(value, 0)))
    axes.set_xlabel("Utfall i procent av målet")
    alt = (
        "Liggande stapeldiagram över utfall i procent av målet per indikator: "
        + "; ".join(
            f"{r['indicator_label']} {format_number(r['outcome_pct'], 1)} procent" for r in indicators
        )
        + "."
    )
    return Chart(
        "indicator_outcomes",
        "Utfall i procent av målet per indikator",
        alt,
        "3_aggregated/indicators.csv",
        accessible_svg(_to_svg(figure, "indicator_outcomes"), alt),
    )
