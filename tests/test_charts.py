"""The hand-built SVG charts (pipeline/charts.py) on tiny inline rows: what they draw, where, and
the promises of the module docstring (accessible, inline-ready, reproducible, text inside the
viewBox, ids per chart). The charts inside the rendered PDF: test_render_pdf.py."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from pipeline import charts

SVG = "{http://www.w3.org/2000/svg}"
COUNTIES = [
    "Stockholms län", "Uppsala län", "Södermanlands län", "Östergötlands län", "Jönköpings län",
    "Kronobergs län", "Kalmar län", "Gotlands län", "Blekinge län", "Skåne län", "Hallands län",
    "Västra Götalands län", "Värmlands län", "Örebro län", "Västmanlands län", "Dalarnas län",
    "Gävleborgs län", "Västernorrlands län", "Jämtlands län", "Västerbottens län", "Norrbottens län",
]  # fmt: skip
INDICATORS = [
    ("Kompetensbehovsanalyser och prognoser", "98.0", False),
    ("Deltagande arbetsgivare", "100.2", True),
    ("Branschråd eller branschsamverkan som startats", "105.1", True),
    ("Valideringsmodeller som utvecklats", "110.5", True),
]


def regions(*pairs) -> list[dict]:
    return [
        {"county_name": name, "agency_share_pct": None if pct is None else Decimal(pct)}
        for name, pct in pairs
    ]


def indicators(rows=INDICATORS) -> list[dict]:
    return [
        {"indicator_label": label, "outcome_pct": Decimal(pct), "target_met": met} for label, pct, met in rows
    ]


def share_chart(rows=None, programme="41.0") -> charts.Chart:
    rows = rows or regions(("Stockholms län", "40.4"), ("Uppsala län", None), ("Kalmar län", "45.8"))
    return charts.agency_share_by_region(
        rows, Decimal("0.50"), None if programme is None else Decimal(programme)
    )


def tree(chart: charts.Chart) -> ET.Element:
    return ET.fromstring(str(chart.svg))  # well-formed XML, or this fails


def group(chart: charts.Chart, name: str) -> ET.Element:
    found = tree(chart).find(f".//{SVG}g[@id='{chart.key}-{name}']")
    assert found is not None, name
    return found


def texts(element: ET.Element) -> list[ET.Element]:
    return list(element.iter(f"{SVG}text"))


def by_text(chart: charts.Chart, text: str) -> ET.Element:
    [found] = [t for t in texts(tree(chart)) if t.text == text]
    return found


def box(text: ET.Element) -> tuple[float, float, float, float]:
    """The text's extent (left, right, top, bottom), its width estimated as the module does."""
    x, y, size = float(text.get("x")), float(text.get("y")), float(text.get("font-size"))
    width = charts.text_width(text.text, size)
    left = {"start": x, "middle": x - width / 2, "end": x - width}[text.get("text-anchor", "start")]
    return left, left + width, y - 0.8 * size, y + 0.25 * size


def overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def tick_x(chart: charts.Chart, label: str) -> float:
    return float(by_text(chart, label).get("x"))


# --- The county chart ----------------------------------------------------------------------------


def test_one_bar_per_county_with_a_share_highest_first():
    chart = share_chart()
    bars = list(group(chart, "bars").iter(f"{SVG}rect"))
    assert len(bars) == 2  # Uppsala has no share and is left out
    assert [float(b.get("y")) for b in bars] == sorted(float(b.get("y")) for b in bars)
    labels = [t.text for t in sorted(texts(group(chart, "labels")), key=lambda t: float(t.get("y")))]
    assert labels[-2:] == ["Kalmar län", "Stockholms län"]  # below the two lines' labels
    assert "Uppsala" not in str(chart.svg)
    zero, fifty = tick_x(chart, "0 %"), tick_x(chart, "50 %")
    for bar, pct in zip(bars, ("45.8", "40.4"), strict=True):
        assert float(bar.get("x")) == zero
        assert float(bar.get("width")) == pytest.approx((fifty - zero) * float(pct) / 50, abs=0.02)
        assert bar.get("fill") == charts.COLOURS[0]


def test_ties_are_sorted_by_county_name():
    chart = share_chart(regions(("Örebro län", "40.0"), ("Blekinge län", "40.0"), ("Dalarnas län", "41.0")))
    assert chart.alt.endswith(
        ": Dalarnas län 41,0 procent; Blekinge län 40,0 procent; Örebro län 40,0 procent."
    )


def test_the_ceiling_line_is_at_50_percent_and_the_programme_line_at_its_share():
    chart = share_chart()
    solid, dashed = list(group(chart, "lines").iter(f"{SVG}line"))
    zero, fifty = tick_x(chart, "0 %"), tick_x(chart, "50 %")
    assert float(solid.get("x1")) == float(solid.get("x2")) == fifty
    assert solid.get("stroke") == charts.COLOURS[1] and solid.get("stroke-dasharray") is None
    assert float(dashed.get("x1")) == pytest.approx(zero + (fifty - zero) * 41.0 / 50, abs=0.01)
    assert dashed.get("stroke-dasharray") and dashed.get("stroke") == charts.COLOURS[5]
    assert [t.text for t in texts(group(chart, "axis"))] == [
        "0 %", "10 %", "20 %", "30 %", "40 %", "50 %", "Tillväxtverkets andel av länets kostnader",
    ]  # fmt: skip
    grid = [float(line.get("x1")) for line in group(chart, "grid").iter(f"{SVG}line")]
    assert grid == [tick_x(chart, f"{pct} %") for pct in range(0, 60, 10)]


@pytest.mark.parametrize("programme", ["41.0", "49.6", "50.0", "52.3", "3.2", None])
def test_the_lines_labels_never_meet_each_other_or_the_other_line(programme):
    chart = share_chart(regions(*((name, str(30 + i)) for i, name in enumerate(COUNTIES))), programme)
    tak = by_text(chart, "Tak 50 %")
    assert tak.get("fill") == charts.COLOURS[1]
    if programme is None:
        assert "Hela programmet" not in str(chart.svg)
        return
    whole = by_text(chart, f"Hela programmet {programme.replace('.', ',')} %")
    assert not overlap(box(tak), box(whole))
    for label, line in zip((tak, whole), group(chart, "lines").iter(f"{SVG}line"), strict=True):
        other = [x for x in group(chart, "lines").iter(f"{SVG}line") if x is not line][0]
        left, right, top, bottom = box(label)
        crosses = left < float(other.get("x1")) < right and float(other.get("y1")) < bottom
        assert not crosses, (label.text, other.get("x1"))


# --- The indicator chart -------------------------------------------------------------------------


def test_bars_start_at_zero_green_when_met_orange_when_not_with_a_line_at_the_target():
    chart = charts.indicator_outcomes(indicators())
    marks = group(chart, "marks")
    bars, [target] = list(marks.iter(f"{SVG}rect")), list(marks.iter(f"{SVG}line"))
    zero, hundred = tick_x(chart, "0 %"), tick_x(chart, "100 %")
    assert float(target.get("x1")) == float(target.get("x2")) == hundred
    colours = [charts.COLOURS[2] if met else charts.COLOURS[1] for _, _, met in INDICATORS]
    assert [b.get("fill") for b in bars] == colours
    for bar, (_, pct, _) in zip(bars, INDICATORS, strict=True):
        assert float(bar.get("x")) == zero
        assert float(bar.get("width")) == pytest.approx((hundred - zero) * float(pct) / 100, abs=0.02)
    heights = [float(b.get("y")) for b in bars]
    assert heights == sorted(heights)  # top to bottom in the given order
    assert "axeln från 0 procent" in chart.alt


def test_value_labels_stand_right_of_the_bar_or_of_the_target_line_in_swedish():
    chart = charts.indicator_outcomes(indicators())
    bars = list(group(chart, "marks").iter(f"{SVG}rect"))
    hundred = tick_x(chart, "100 %")
    for bar, (_, pct, _) in zip(bars, INDICATORS, strict=True):
        label = by_text(chart, pct.replace(".", ",") + " %")
        end = float(bar.get("x")) + float(bar.get("width"))
        assert float(label.get("x")) == pytest.approx(max(end, hundred) + charts.GAP, abs=0.01)
        assert label.get("text-anchor") is None
        middle = float(bar.get("y")) + float(bar.get("height")) / 2
        assert float(label.get("y")) == pytest.approx(middle + 0.36 * 8, abs=0.01)
    assert "Utfall i procent av målet (linjen: målet, 100 %)" in [t.text for t in texts(group(chart, "axis"))]


def test_long_indicator_labels_wrap_onto_two_lines_of_text():
    chart = charts.indicator_outcomes(indicators())
    lines = [t.text for t in texts(group(chart, "labels"))]
    assert "Branschråd eller" in lines and "branschsamverkan som startats" in lines
    assert "Deltagande arbetsgivare" in lines


# --- Both: the module's promises -----------------------------------------------------------------


def both() -> list[charts.Chart]:
    many = regions(*((name, str(Decimal(33) + Decimal(i) / 3)) for i, name in enumerate(COUNTIES)))
    return [share_chart(), share_chart(many, "39.9"), charts.indicator_outcomes(indicators())]


@pytest.mark.parametrize("index", range(3))
def test_inline_ready_and_accessible(index):
    chart = both()[index]
    svg = str(chart.svg)
    alt = charts.escape(chart.alt)
    assert svg.startswith("<svg ") and "<?xml" not in svg and "<metadata" not in svg and "<image" not in svg
    opening = svg[: svg.index(">") + 1]
    assert 'role="img"' in opening and f'aria-label="{alt}"' in opening
    assert svg[len(opening) :].startswith(f"<title>{alt}</title>")
    assert 'width="453.6pt"' in opening and re.search(r'viewBox="0 0 453\.6 [\d.]+"', opening)
    assert "style=" not in svg
    ids = re.findall(r'\bid="([^"]+)"', svg)
    assert ids and all(i.startswith(f"{chart.key}-") for i in ids) and len(set(ids)) == len(ids)
    root = tree(chart)
    assert root.find(f"{SVG}g").get("font-family") == "DejaVu Sans"


@pytest.mark.parametrize("index", range(3))
def test_text_is_readable_and_inside_the_viewbox_without_overlaps(index):
    chart = both()[index]
    root = tree(chart)
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    boxes = [(t.text, box(t)) for t in texts(root)]
    assert all(float(t.get("font-size")) >= 8 for t in texts(root))
    for text, (left, right, top, bottom) in boxes:
        assert 0 <= left and right <= width and 0 <= top and bottom <= height, text
    for i, (text, first) in enumerate(boxes):
        for other, second in boxes[i + 1 :]:
            assert not overlap(first, second), (text, other)


def test_identical_input_gives_identical_bytes():
    assert [str(c.svg) for c in both()] == [str(c.svg) for c in both()]
    assert len({str(c.svg) for c in both()}) == 3


def test_labels_are_escaped():
    chart = share_chart(regions(("Forskning & <Utveckling> län", "42.0")))
    svg = str(chart.svg)
    assert ">Forskning &amp; &lt;Utveckling&gt; län</text>" in svg and "<Utveckling>" not in svg
    assert by_text(chart, "Forskning & <Utveckling> län") is not None
    dots = charts.indicator_outcomes(indicators([('Möten "ute" & <inne>', "101.0", True)]))
    assert by_text(dots, 'Möten "ute" & <inne>') is not None and "<inne>" not in str(dots.svg)


def test_the_two_charts_never_share_an_id():
    first, _, second = both()
    assert not set(re.findall(r'\bid="([^"]+)"', str(first.svg))) & set(
        re.findall(r'\bid="([^"]+)"', str(second.svg))
    )


@pytest.mark.parametrize("index", range(3))
def test_the_narrow_variant_draws_text_at_11_px_on_a_390_px_phone_inside_its_viewbox(index):
    """The web edition shows `narrow` on a phone: 390 px less the page's 2 × 16 px padding."""
    chart = both()[index]
    narrow = dataclasses.replace(chart, svg=chart.narrow)
    root = tree(narrow)
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    assert width == charts.NARROW_WIDTH
    assert min(float(t.get("font-size")) for t in texts(root)) * (390 - 32) / width >= 11
    boxes = [(t.text, box(t)) for t in texts(root)]
    for text, (left, right, top, bottom) in boxes:
        assert 0 <= left and right <= width and 0 <= top and bottom <= height, text
    for i, (text, first) in enumerate(boxes):
        for other, second in boxes[i + 1 :]:
            assert not overlap(first, second), (text, other)
    assert narrow.alt == chart.alt and f'aria-label="{charts.escape(chart.alt)}"' in str(chart.narrow)
