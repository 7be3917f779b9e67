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


Row = Mapping[str, Any]


def _amount(row: Row, key: str) -> float:
    # Floats are fine here: they only position bars; every printed figure comes from Decimals.
    return float(row[key] or 0)


def _pct_axis(axis) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda value, _: f"{format_number(value, 0)} %"))


def agency_share_by_region(by_region: Sequence[Row], ceiling: Any, programme_pct: Any) -> Chart:
    """Horizontal bars, highest first: Tillväxtverket's share of each county's cost (by_region.csv,
    counties with projects) against the ceiling (a fraction, e.g. 0.50) and the programme's share."""
    rows = sorted(
        (r for r in by_region if r["agency_share_pct"] is not None),
        key=lambda r: (-r["agency_share_pct"], r["county_name"]),
    )
    ceiling_pct = float(ceiling) * 100
    shown = rows[::-1]  # barh draws from the bottom: the highest share on top
    figure, axes = _new_figure(0.24 * len(rows) + 1.1)
    axes.barh(
        [r["county_name"] for r in shown],
        [_amount(r, "agency_share_pct") for r in shown],
        height=0.62,
        color=COLOURS[0],
    )
    axes.axvline(ceiling_pct, color=COLOURS[1], linewidth=1.4)
    axes.text(
        ceiling_pct,
        len(rows) - 0.3,
        f" Tak {format_number(ceiling_pct, 0)} %",
        color=COLOURS[1],
        va="bottom",
        ha="center",
        fontsize=8,
    )
    if programme_pct is not None:
        axes.axvline(float(programme_pct), color="#404040", linewidth=0.9, linestyle=(0, (3, 2)))
        axes.text(
            float(programme_pct),
            len(rows) - 0.3,
            f"Hela programmet {format_number(programme_pct, 1)} %",
            color="#404040",
            va="bottom",
            ha="right",
            fontsize=8,
        )
    axes.set_xlim(0, max([ceiling_pct * 1.1] + [_amount(r, "agency_share_pct") * 1.05 for r in rows]))
    axes.set_ylim(-0.6, len(rows) + 0.4)
    axes.grid(axis="y", visible=False)
    _pct_axis(axes.xaxis)
    axes.set_xlabel("Tillväxtverkets andel av länets kostnader")
    alt = (
        "Liggande stapeldiagram över Tillväxtverkets andel av kostnaderna per län, från högsta till lägsta "
        f"andel, med taket {format_number(ceiling_pct, 0)} procent markerat"
        + (
            f" och hela programmets andel {format_number(programme_pct, 1)} procent"
            if programme_pct is not None
            else ""
        )
        + ": "
        + "; ".join(f"{r['county_name']} {format_number(r['agency_share_pct'], 1)} procent" for r in rows)
        + "."
    )
    return Chart(
        "agency_share_by_region",
        f"Tillväxtverkets andel av kostnaderna per län, mot taket på {format_number(ceiling_pct, 0)} %",
        alt,
        "3_aggregated/by_region.csv",
        accessible_svg(_to_svg(figure, "agency_share_by_region"), alt),
    )


def indicator_outcomes(indicators: Sequence[Row]) -> Chart:
    """Dots on stems from the 100 % line: each indicator's outcome in percent of its target
    (3_aggregated/indicators.csv); the axis spans the data, so a difference of a few percent shows.
    Green where aggregate says the target was met (target_met), orange where not."""
    rows = [r for r in indicators if r["outcome_pct"] is not None][::-1]
    figure, axes = _new_figure(0.34 * len(rows) + 0.9)
    values = [_amount(r, "outcome_pct") for r in rows]
    positions = list(range(len(rows)))
    colours = [COLOURS[2] if r.get("target_met") else COLOURS[1] for r in rows]
    axes.hlines(positions, 100, values, color=colours, linewidth=2)
    axes.scatter(values, positions, color=colours, s=28, zorder=3)
    for position, value, row in zip(positions, values, rows, strict=True):
        right = value >= 100  # the label on the far side of the dot from the 100 % line
        axes.text(
            value,
            position,
            f"  {format_number(row['outcome_pct'], 1)} %  ",
            ha="left" if right else "right",
            va="center",
            fontsize=7.5,
        )
    axes.axvline(100, color="#000000", linewidth=0.9)
    low, high = min(values + [100.0]), max(values + [100.0])
    pad = max((high - low) * 0.25, 3.0)
    axes.set_xlim(low - pad, high + pad)
    axes.set_ylim(-0.6, len(rows) - 0.2)
    axes.set_yticks(positions, [r["indicator_label"] for r in rows])
    axes.grid(axis="y", visible=False)
    _pct_axis(axes.xaxis)
    axes.set_xlabel("Utfall i procent av målet (linjen: målet, 100 %)")
    alt = (
        "Punktdiagram över utfall i procent av målet per indikator, med målet 100 procent som linje: "
        + "; ".join(
            f"{r['indicator_label']} {format_number(r['outcome_pct'], 1)} procent"
            for r in indicators
            if r["outcome_pct"] is not None
        )
        + "."
    )
    return Chart(
        "indicator_outcomes",
        "Utfall mot mål per indikator",
        alt,
        "3_aggregated/indicators.csv",
        accessible_svg(_to_svg(figure, "indicator_outcomes"), alt),
    )
