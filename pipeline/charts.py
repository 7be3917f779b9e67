"""The report's charts, drawn as SVG by hand: inline-ready, vector and reproducible.

Why by hand: matplotlib cost the render stage ~1.4 s for these two charts at 40 projects (its
import ~0.8 s, drawing the pair ~0.6 s), more than render's whole budget over a bare WeasyPrint
render; built as strings they take a few milliseconds. Each function takes the typed rows of an
aggregated CSV (Decimal, int, None for an empty cell) and returns a `Chart` whose `svg`
- is ready to inline: no XML prolog; the root <svg> has role="img", an aria-label and a <title>,
  the alt text, which WeasyPrint writes as the /Figure's /Alt (PDF/UA);
- has a viewBox in points as wide as the A4 text block (6.3 in): with width 100 % it prints at
  about its own size (no text under 8 pt), and a phone scales it down;
- keeps text as text, in the document's font (DejaVu Sans), with presentation attributes and no
  style="" (WeasyPrint warns about those in SVG inside HTML); its ids start with the chart's key;
- is byte-identical for identical input (no dates, no random ids, positions rounded to 0.01).
Both value axes start at zero: a bar's length is its value.
Floats only place things; every printed number is `format_number` of a Decimal. Text widths are
estimated from the character count (EM_PER_CHAR, above DejaVu Sans' average), so the label
columns and margins hold the longest label and no text leaves the viewBox.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from markupsafe import Markup, escape

from .formatting import format_number

CHART_FONT = "DejaVu Sans"
# Colours with enough contrast against white and against each other in greyscale print; the text
# colours reach WCAG 4.5:1 on white (the orange 5.2:1).
COLOURS = ("#1f4e79", "#b35010", "#548235", "#7f6000", "#7030a0", "#404040")
GRID_COLOUR, TEXT_COLOUR = "#d9d9d9", "#000000"
WIDTH_IN = 6.3  # fits the A4 text block (16 cm)
WIDTH = WIDTH_IN * 72  # viewBox units are points at print size
LABEL_SIZE = 9.0  # row labels and axis titles
SMALL_SIZE = 8.0  # ticks, values and the lines' labels: the smallest text
EM_PER_CHAR = 0.62  # DejaVu Sans: Swedish words average 0.54 em a character, digits 0.64
LINE_HEIGHT = 1.2 * LABEL_SIZE
LABEL_SHARE = 0.42  # a row label wider than this share of the chart goes on two lines
# The web edition's variant for phones: as drawn 358 px wide (a 390 px screen less the page's
# padding), its 8-unit text is 11 px; the print width would draw it at about 6 px.
NARROW_WIDTH = 260.0
GAP, TICK = 4.0, 3.5
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
MARGIN = 18.0  # right of the plot, and the least left of it: half a tick label ("110 %") and air


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    alt: str  # what the chart shows, in words, for screen readers and the PDF /Alt
    source: str  # the CSV the numbers come from, relative to the outputs folder
    svg: Markup
    narrow: Markup | None = None  # the same chart drawn for a phone's width (the web edition)


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


# --- Markup ----------------------------------------------------------------------------------


def text_width(text: str, size: float) -> float:
    """A generous estimate of the width of `text` at `size` points."""
    return len(text) * EM_PER_CHAR * size


def _number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _tag(name: str, content: str | None = None, **attributes: Any) -> str:
    """An element; attribute names are written with hyphens (font_size → font-size)."""
    attrs = "".join(
        f' {key.replace("_", "-")}="{_number(value) if isinstance(value, float) else escape(value)}"'
        for key, value in attributes.items()
        if value is not None
    )
    return f"<{name}{attrs}/>" if content is None else f"<{name}{attrs}>{content}</{name}>"


def _line(x1: float, y1: float, x2: float, y2: float, colour: str, width: float, dash=None) -> str:
    return _tag("line", x1=x1, y1=y1, x2=x2, y2=y2, stroke=colour, stroke_width=width, stroke_dasharray=dash)


def _text(x: float, middle: float, text: str, size: float, anchor: str = "start", colour=None) -> str:
    """One line of text centred on y = middle (the baseline is set here: renderers differ on
    dominant-baseline)."""
    y, anchor = middle + 0.36 * size, None if anchor == "start" else anchor
    return _tag("text", escape(text), x=x, y=y, font_size=size, text_anchor=anchor, fill=colour)


def _beside(x: float, middle: float, text: str, right: bool, colour=None) -> str:
    """Small text a gap to the right of x, or ending a gap to the left of it."""
    return _text(x + GAP if right else x - GAP, middle, text, SMALL_SIZE, "start" if right else "end", colour)


def _svg(key: str, height: float, groups: dict[str, list[str]], alt: str, width: float) -> Markup:
    body = "".join(f'<g id="{key}-{name}">{"".join(parts)}</g>' for name, parts in groups.items() if parts)
    inner, w, h = _tag("g", body, font_family=CHART_FONT, fill=TEXT_COLOUR), _number(width), _number(height)
    root = _tag("svg", inner, xmlns=SVG_NAMESPACE, width=f"{w}pt", height=f"{h}pt", viewBox=f"0 0 {w} {h}")
    return accessible_svg(root + "\n", alt)


# --- Layout ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Scale:
    """Values low..high placed from x = left to x = right."""

    low: float
    high: float
    left: float
    right: float

    def x(self, value: Any) -> float:
        return self.left + (float(value) - self.low) * (self.right - self.left) / (self.high - self.low)

    def value(self, x: float) -> float:
        return self.low + (x - self.left) * (self.high - self.low) / (self.right - self.left)


def _ticks(low: float, high: float, count: int = 6) -> tuple[list[Decimal], int]:
    """Round values 1, 2 or 5 times a power of ten apart, about `count` of them, in low..high;
    and the decimals they need."""
    raw = (high - low) / count
    exponent = math.floor(math.log10(raw))
    step = next(Decimal(m).scaleb(exponent) for m in (1, 2, 5, 10) if m * 10.0**exponent >= raw)
    first, last = math.ceil(low / float(step) - 1e-9), math.floor(high / float(step) + 1e-9)
    return [step * i for i in range(first, last + 1)], max(0, -step.normalize().as_tuple().exponent)


def _wrap(label: str, width: float) -> list[str]:
    """The label on one line, or on two (split where they are most even) if one is too wide."""
    words = label.split(" ")
    if text_width(label, LABEL_SIZE) <= LABEL_SHARE * width or len(words) < 2:
        return [label]
    splits = [[" ".join(words[:i]), " ".join(words[i:])] for i in range(1, len(words))]
    return min(splits, key=lambda lines: max(len(line) for line in lines))


def _row_labels(labels: list[list[str]], middles: list[float]) -> tuple[float, list[str]]:
    """The plot's left edge (the widest label and a gap each side) and the labels, right-aligned
    before it, each label's lines centred on its row."""
    widths = [text_width(line, LABEL_SIZE) for lines in labels for line in lines]
    left = max(max(widths, default=0) + 2 * GAP, MARGIN)
    return left, [
        _text(left - GAP, middle + (i - (len(lines) - 1) / 2) * LINE_HEIGHT, line, LABEL_SIZE, "end")
        for lines, middle in zip(labels, middles, strict=True)
        for i, line in enumerate(lines)
    ]


def _axis(
    scale: _Scale, top: float, bottom: float, title: str, width: float
) -> tuple[list[str], list[str], float]:
    """Gridlines at the percent ticks (drawn behind the marks), the axis lines, the tick labels
    and the axis title under the plot; with the y where the chart ends."""
    # About six ticks, fewer on a narrow chart: a tick label ("100 %") needs some 40 units.
    ticks, decimals = _ticks(scale.low, scale.high, max(2, min(6, int((scale.right - scale.left) // 40))))
    grid = [_line(scale.x(t), top, scale.x(t), bottom, GRID_COLOUR, 0.6) for t in ticks]
    axis = [_line(scale.left, top, scale.left, bottom, TEXT_COLOUR, 0.8)]
    axis.append(_line(scale.left, bottom, scale.right, bottom, TEXT_COLOUR, 0.8))
    label_middle = bottom + TICK + 2 + SMALL_SIZE / 2
    for tick in ticks:
        x = scale.x(tick)
        axis.append(_line(x, bottom, x, bottom + TICK, TEXT_COLOUR, 0.8))
        axis.append(_text(x, label_middle, f"{format_number(tick, decimals)} %", SMALL_SIZE, "middle"))
    title_middle = label_middle + SMALL_SIZE / 2 + 4 + LABEL_SIZE / 2
    words = title.split(" ")
    lines = [title]  # on two lines, split where they are most even, if one is wider than the chart
    if text_width(title, LABEL_SIZE) > width and len(words) > 1:
        splits = [[" ".join(words[:i]), " ".join(words[i:])] for i in range(1, len(words))]
        lines = min(splits, key=lambda pair: max(len(line) for line in pair))
    for line in lines:
        half = text_width(line, LABEL_SIZE) / 2
        centre = min(max((scale.left + scale.right) / 2, half), width - half)  # inside the viewBox
        axis.append(_text(centre, title_middle, line, LABEL_SIZE, "middle"))
        title_middle += LINE_HEIGHT
    return grid, axis, title_middle - LINE_HEIGHT + LABEL_SIZE / 2 + 3


def _line_labels(lines: list[tuple[str, float]], chart_width: float) -> list[tuple[int, bool]]:
    """Where each reference line's label goes, as (row, right of the line?): one row each above
    the plot, beside the top of its line, so two labels never meet. A label stays in the viewBox
    and does not cross a line that reaches its row (one whose label is higher up)."""

    def sides(text: str, x: float, higher: list[float]) -> list[bool]:
        width = text_width(text, SMALL_SIZE) + GAP
        return [
            right
            for right in (True, False)
            if (x + width <= chart_width if right else x - width >= 0)
            and not any((x < h <= x + width) if right else (x - width <= h < x) for h in higher)
        ]

    for order in (list(range(len(lines))), list(range(len(lines)))[::-1]):  # as given, or swapped
        placed = {}
        for row, index in enumerate(order):
            fits = sides(*lines[index], [lines[i][1] for i in order[:row]])
            if not fits:
                break
            placed[index] = (row, fits[0])
        else:
            return [placed[i] for i in range(len(lines))]
    return [
        (row, x + text_width(text, SMALL_SIZE) + GAP <= chart_width) for row, (text, x) in enumerate(lines)
    ]


# --- The charts ------------------------------------------------------------------------------

Row = Mapping[str, Any]
BAR_ROW, BAR_HEIGHT, NOTE_ROW = 12.5, 8.5, 11.0


def agency_share_by_region(by_region: Sequence[Row], ceiling: Any, programme_pct: Any) -> Chart:
    """Horizontal bars, highest first: Tillväxtverket's share of each county's cost (by_region.csv,
    counties with projects) against the ceiling (a fraction, e.g. 0.50) and the programme's share;
    at print width, and narrow for phones."""
    chart = _agency_share_by_region(by_region, ceiling, programme_pct, WIDTH)
    return dataclasses.replace(
        chart, narrow=_agency_share_by_region(by_region, ceiling, programme_pct, NARROW_WIDTH).svg
    )


def _agency_share_by_region(
    by_region: Sequence[Row], ceiling: Any, programme_pct: Any, width: float
) -> Chart:
    rows = sorted(
        (r for r in by_region if r["agency_share_pct"] is not None),
        key=lambda r: (-r["agency_share_pct"], r["county_name"]),
    )
    ceiling_pct = Decimal(str(ceiling)) * 100
    notes = [(f"Tak {format_number(ceiling_pct, 0)} %", ceiling_pct, COLOURS[1], 1.4, None)]
    if programme_pct is not None:
        text = f"Hela programmet {format_number(programme_pct, 1)} %"
        notes.append((text, programme_pct, COLOURS[5], 0.9, "3 2"))
    top = len(notes) * NOTE_ROW + 4
    labels = [_wrap(r["county_name"], width) for r in rows]
    row = 2 * LINE_HEIGHT + 2 if any(len(lines) > 1 for lines in labels) else BAR_ROW
    middles = [top + (i + 0.5) * row for i in range(len(rows))]
    bottom = top + len(rows) * row + 2
    left, texts = _row_labels(labels, middles)
    high = max([float(ceiling_pct) * 1.1, 1.0] + [float(r["agency_share_pct"]) * 1.05 for r in rows])
    scale = _Scale(0.0, high, left, width - MARGIN)
    bars = []
    for r, middle in zip(rows, middles, strict=True):
        y, length = middle - BAR_HEIGHT / 2, max(scale.x(r["agency_share_pct"]) - left, 0.0)
        bars.append(_tag("rect", x=left, y=y, width=length, height=BAR_HEIGHT, fill=COLOURS[0]))
    lines = []
    placed = _line_labels([(text, scale.x(value)) for text, value, *_ in notes], width)
    for (text, value, colour, stroke, dash), (row, right) in zip(notes, placed, strict=True):
        x, middle = scale.x(value), (row + 0.5) * NOTE_ROW + 1
        lines.append(_line(x, middle - SMALL_SIZE / 2, x, bottom, colour, stroke, dash))
        texts.append(_beside(x, middle, text, right, colour))
    grid, axis, height = _axis(scale, top, bottom, "Tillväxtverkets andel av länets kostnader", width)
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
    key = "agency_share_by_region"
    return Chart(
        key,
        f"Tillväxtverkets andel av kostnaderna per län, mot taket på {format_number(ceiling_pct, 0)} %",
        alt,
        "3_aggregated/by_region.csv",
        _svg(
            key,
            height,
            {"grid": grid, "bars": bars, "lines": lines, "axis": axis, "labels": texts},
            alt,
            width,
        ),
    )


def indicator_outcomes(indicators: Sequence[Row]) -> Chart:
    """The indicator chart at print width, and narrow for phones (_indicator_outcomes)."""
    chart = _indicator_outcomes(indicators, WIDTH)
    return dataclasses.replace(chart, narrow=_indicator_outcomes(indicators, NARROW_WIDTH).svg)


def _indicator_outcomes(indicators: Sequence[Row], width: float) -> Chart:
    """Horizontal bars from zero: each indicator's outcome in percent of its target
    (3_aggregated/indicators.csv), against a line at the target, 100 %. The value axis starts at
    zero, so a bar's length is the outcome and ±5 % looks like 5 %. Green where aggregate says the
    target was met (target_met), orange where not. Each value's label stands right of its bar, or
    right of the target line when the bar ends short of it, so no label crosses the line."""
    rows = [r for r in indicators if r["outcome_pct"] is not None]
    values = [float(r["outcome_pct"]) for r in rows]
    labels = [_wrap(r["indicator_label"], width) for r in rows]
    row_height = 2 * LINE_HEIGHT + 5 if any(len(lines) > 1 for lines in labels) else BAR_ROW + 3
    top = 6.0
    middles = [top + (i + 0.5) * row_height for i in range(len(rows))]
    bottom = top + len(rows) * row_height
    left, texts = _row_labels(labels, middles)
    high = max(values + [100.0])
    shown = [f"{format_number(r['outcome_pct'], 1)} %" for r in rows]
    room = GAP + max((text_width(text, SMALL_SIZE) for text in shown), default=0) + GAP
    data = _Scale(0.0, high, left, width - MARGIN - room)
    scale = _Scale(0.0, data.value(width - MARGIN), left, width - MARGIN)
    target = scale.x(100)
    marks = []
    for row, value, text, middle in zip(rows, values, shown, middles, strict=True):
        colour, x = COLOURS[2] if row.get("target_met") else COLOURS[1], scale.x(value)
        marks.append(
            _tag(
                "rect",
                x=left,
                y=middle - BAR_HEIGHT / 2,
                width=max(x - left, 0.0),
                height=BAR_HEIGHT,
                fill=colour,
            )
        )
        texts.append(_beside(max(x, target), middle, text, True))
    marks.append(_line(target, top, target, bottom, TEXT_COLOUR, 1.2))
    grid, axis, height = _axis(scale, top, bottom, "Utfall i procent av målet (linjen: målet, 100 %)", width)
    alt = (
        "Liggande stapeldiagram över utfall i procent av målet per indikator, med axeln från 0 procent "
        "och målet 100 procent som linje: "
        + "; ".join(
            f"{r['indicator_label']} {format_number(r['outcome_pct'], 1)} procent"
            for r in indicators
            if r["outcome_pct"] is not None
        )
        + "."
    )
    key = "indicator_outcomes"
    return Chart(
        key,
        "Utfall mot mål per indikator",
        alt,
        "3_aggregated/indicators.csv",
        _svg(key, height, {"grid": grid, "marks": marks, "axis": axis, "labels": texts}, alt, width),
    )
