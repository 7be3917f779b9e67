"""The report as its reader sees it (issue 11), tested on the text positions of the rendered PDF
(pdfplumber) of the small programme (fixture `rendered` in conftest.py):

- (that the ministry's edition holds no internals: test_editions.py);
- nothing is set beyond the page's text area (only the running header and footer stand in the
  margins);
- a heading or a table caption never ends a page;
- the project profiles are compact (not a page each) and the outline names every project.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pdfplumber
import pytest

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


def test_no_text_outside_the_text_area(rendered):
    """Every character lies within the margins left and right; above and below the text area only
    the running header (chapter, agency) and the footer ("Sida X av Y") are set."""
    outside, margins = [], []
    for number, page in enumerate(_layout(str(rendered.outputs.report_pdf)), start=1):
        left, right = PAGE_MARGINS["left"] - SLACK, page["width"] - PAGE_MARGINS["right"] + SLACK
        for char in page["chars"]:
            if char["x0"] < left or char["x1"] > right:
                outside.append((number, char["text"], round(char["x0"]), round(char["x1"])))
            if char["bottom"] < PAGE_MARGINS["top"] or char["top"] > page["height"] - PAGE_MARGINS["bottom"]:
                margins.append(char)
        footer = "".join(
            c["text"] for c in margins if c["page_number"] == number and c["top"] > page["height"] / 2
        )
        if number > 1:
            assert footer.replace(" ", "") == f"Sida{number}av{len(rendered.pages)}", (number, footer)
    assert not outside
    assert all(c["size"] < 8.5 for c in margins)  # only the 8pt margin boxes stand in the margins


def test_no_heading_or_table_caption_ends_a_page(rendered):
    """After the last heading on a page, and after the last "Tabell N." caption, something of
    ordinary size follows on the same page (the table's rows, the section's text)."""
    stranded = []
    for number, page in enumerate(_layout(str(rendered.outputs.report_pdf)), start=1):
        lines = page["lines"]
        if number <= 3 or not lines:  # cover, front matter, contents
            continue
        last = lines[-1]
        if last.size >= HEADING_SIZE or (last.bold and last.size >= 9):
            stranded.append((number, last.text))
        captions = [i for i, line in enumerate(lines) if re.match(r"Tabell \d+\.", line.text)]
        if captions and not any(
            line.size <= 8.5 and not line.text.startswith("Källa") for line in lines[captions[-1] + 1 :]
        ):
            stranded.append((number, lines[captions[-1]].text))
    assert not stranded


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
