"""The report as its reader sees it (issues 11 and 20), tested on the rendered PDF (pdfplumber) of
the small programme (fixture `rendered`) and, for the print layout, of the committed 40-project
sample too (fixture `sample_report`, both in conftest.py):

- that the ministry's edition holds no internals: test_editions.py;
- the print layout holds (tests/layout.py): no heading, caption or table introduction ends a page,
  no page in mid-chapter is less than 60 % full, no numeric cell wraps beyond two lines, nothing
  leaves the text area; a 400-project programme: tests/test_layout_at_scale.py;
- the project profiles are compact (not a page each) and the outline names every project.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pdfplumber
import pytest
from weasyprint import HTML

from tests import layout
from tests.conftest import catalog_rows, normalise

pytestmark = pytest.mark.usefixtures("fail_on_weasyprint_warnings")

MM = 72 / 25.4
PAGE_MARGINS = {"top": 25 * MM, "right": 22 * MM, "bottom": 22 * MM, "left": 25 * MM}  # report.css @page
SLACK = 0.6  # pt: glyph boxes may overhang their line box by a hair
APPENDIX = "Bilaga 2. Rapportens underlag"  # the basis of the report, after the projects
HEADING_SIZE = 10.4  # h3 is 10.5pt; body text 10pt and everything smaller is not a heading


@dataclass(frozen=True)
class Line:
    text: str
    top: float
    bottom: float
    size: float
    bold: bool


@cache
def _layout(path: str) -> list[dict]:
    """Per page: its size, every character's box and the body's lines (margins left out)."""
    pages = []
    with pdfplumber.open(path) as document:
        for page in document.pages:
            chars = [c for c in page.chars if c["text"].strip()]
            pages.append(
                {
                    "width": page.width,
                    "height": page.height,
                    "chars": chars,
                    "lines": _lines(page, page.chars),
                }  # spaces kept: lines read as text
            )
    return pages


def _lines(page, chars) -> list[Line]:
    body = [
        c
        for c in chars
        if c["top"] >= PAGE_MARGINS["top"] - SLACK
        and c["bottom"] <= page.height - PAGE_MARGINS["bottom"] + SLACK
    ]
    rows: dict[int, list[dict]] = {}
    for char in body:
        rows.setdefault(round(char["bottom"]), []).append(char)
    lines = []
    for _, row in sorted(rows.items()):
        row.sort(key=lambda c: c["x0"])
        size = max(round(c["size"], 1) for c in row)
        lines.append(
            Line(
                "".join(c["text"] for c in row),
                min(c["top"] for c in row),
                max(c["bottom"] for c in row),
                size,
                all("Bold" in c["fontname"] for c in row if round(c["size"], 1) == size),
            )
        )
    return lines


def _page_texts(rendered) -> list[str]:
    return [normalise(text) for text in rendered.pages]


def _appendix_page(rendered) -> int:
    """The index of the first page whose running header is the basis appendix (after the profiles)."""
    for index, text in enumerate(_page_texts(rendered)):
        if text.startswith(APPENDIX):
            return index
    raise AssertionError("the basis appendix is missing")


@pytest.fixture(
    params=[
        ("rendered", "report_pdf"),
        ("rendered", "underlag_pdf"),
        ("sample_report", "report_pdf"),
        ("sample_report", "underlag_pdf"),
    ],
    ids=lambda param: "-".join(param),
)
def report_pdf(request):
    """The ministry's and the reviewers' editions, of the small programme and of the committed sample."""
    run, edition = request.param
    return str(getattr(request.getfixturevalue(run).outputs, edition))


def test_the_print_layout_holds(report_pdf):
    """No heading, caption or table introduction ends a page; no page in mid-chapter is less than
    60 % full; no cell of a numeric table runs over two lines; nothing leaves the text area
    (tests/layout.py says how each is read from the PDF)."""
    assert layout.problems(report_pdf) == []


def test_the_footer_numbers_every_page_but_the_cover(rendered):
    pages = layout.read_pages(str(rendered.outputs.report_pdf))
    for page in pages[1:]:
        footer = "".join(c["text"] for c in page.chars if c["top"] > page.area[1])
        assert footer == f"Sida{page.number}av{len(pages)}", (page.number, footer)


def test_the_layout_checks_find_what_they_look_for(tmp_path):
    """A report laid out badly on purpose: each check names its page."""
    html = (
        "<html lang='sv'><style>@page { size: A4; margin: 25mm 22mm 22mm 25mm }"
        "h1 { break-before: page } .push { height: 205mm } .wide { margin-left: -20mm }"
        "td { width: 9mm }</style>"
        "<h1>Ett</h1><div class='push'></div><h2>Rubrik sist</h2>"
        "<h1>Två</h1><p>Kort sida.</p><p style='break-after: page'>Mitt i kapitlet.</p><p>Mer.</p>"
        "<h1>Tre</h1><p class='wide'>Utanför satsytan</p>"
        "<table><tbody><tr><td>1 234 567 890 123</td><td>2</td></tr></tbody></table>"
    )
    pdf = tmp_path / "bad.pdf"
    HTML(string=html).write_pdf(pdf, pdf_variant="pdf/ua-1")
    found = " | ".join(layout.problems(str(pdf)))
    assert "s. 1: rubriken «Rubrik sist» står sist på sidan" in found
    assert "s. 2: bara" in found
    assert "s. 4: «U» utanför satsytan" in found
    assert re.search(r"s\. 4: cellen «1 ?234[^»]*» går över [3-9] rader", found), found


def test_tables_use_one_type_size_per_role(rendered):
    """Body text 10pt; table cells and header cells 8pt; captions and chart titles 9pt; sources
    7.5pt. Any other size before the appendix is a heading, a note or a chart's own text."""
    sizes = set()
    for page in _layout(str(rendered.outputs.report_pdf))[3 : _appendix_page(rendered)]:
        for line in page["lines"]:
            if re.match(r"(Tabell|Diagram) \d+\.", line.text):
                sizes.add(("caption", line.size))
            elif line.text.startswith("Källa:"):
                sizes.add(("source", line.size))
    assert sizes == {("caption", 9.0), ("source", 7.5)}


def test_profiles_are_compact_and_the_outline_names_every_project(rendered, pdf):
    projects = catalog_rows(rendered.outputs, "project_summary")
    texts = _page_texts(rendered)
    first = next(i for i, text in enumerate(texts) if "Alla projekt har en profil." in text)
    pages = _appendix_page(rendered) - first
    assert len(projects) >= 3 and pages < len(projects)  # several profiles share a page
    assert "Tabell" not in " ".join(texts[first + 1 : _appendix_page(rendered)])  # facts are not numbered

    def titles(items):
        for item in items:
            yield item.title
            yield from titles(item.children)

    with pdf.open_outline() as outline:
        named = set(titles(outline.root))
    assert all(project["title"] in named for project in projects)
    assert "Ekonomisk redovisning" in named and APPENDIX in named


def test_case_numbers_never_split_from_their_letter(rendered):
    """'Ä' and its number stand together (a no-break space); so do 'Dnr' and 'Ä'."""
    html = rendered.html
    assert "Dnr\u00a0Ä\u00a0" in html
    body = html.split("</nav>")[1]
    assert re.search(r"Ä\u00a0\d{4}-\d{6}", body)
    assert not re.search(r"Ä \d{4}-\d{6}", body.split('id="underlag"')[0])
