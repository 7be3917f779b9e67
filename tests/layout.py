"""The print layout of a rendered report, read back from the PDF (issue 20, point 5).

pdfplumber gives every character's box and, through the PDF/UA structure tree, what each
character belongs to (a heading, a paragraph, a table cell, a caption). `problems(path)` returns,
in words, every place where the layout does not hold:

- a heading (or a heading and at most two lines of text), a table caption without rows, or a
  table's or chart's introduction (the paragraph right before it) is the last thing on a page;
- a page in mid-chapter (the next page does not open a chapter) is less than 60 % full, unless
  the next page opens with a chart or short table (which may not break) too tall for the rest;
- the table of contents leaves a few lines on a page of their own;
- a cell of a numeric table (most cells numbers) runs over more than two lines (a column heading
  over three);
- anything (text or drawing) stands outside the text area, other than the running header and the
  page number in the margins.

The checks are used on the small programme, on the committed sample (tests/test_report_layout.py)
and on a generated 400-project programme (tests/test_layout_at_scale.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pdfplumber

MM = 72 / 25.4
PAGE_MARGINS = {"top": 25 * MM, "right": 22 * MM, "bottom": 22 * MM, "left": 25 * MM}  # report.css @page
SLACK = 0.6  # pt: glyph boxes may overhang their line box by a hair
LEAST_FILL = 0.60  # of the text area's height, on a page in mid-chapter
LEAST_TOC_TAIL = 0.50  # the contents' last page, if it is not its first
MOST_CELL_LINES = {"TD": 2, "TH": 2, "column heading": 3}
HEADINGS = {"H", "H1", "H2", "H3", "H4", "H5", "H6"}
BLOCKS = HEADINGS | {"P", "L", "Table", "Figure", "BlockQuote", "Caption", "TOC"}
_NUMBER = re.compile(r"[−\-–+]?[\d\s,.%()+−–]*\d[\d\s,.%()]*|[–—-]")


@dataclass
class Block:
    """One element of the page's flow: a heading, paragraph, list, table or figure."""

    kind: str
    chars: list[dict] = field(default_factory=list)
    cells: list[tuple[str, list[dict]]] = field(default_factory=list)  # tables: (TH|TD|column heading, chars)
    rows: int = 0  # tables: body or head rows with content on this page
    captioned: bool = False  # tables: its caption is on this page

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in sorted(self.chars, key=lambda c: (round(c["bottom"]), c["x0"])))

    @property
    def bottom(self) -> float:
        return max((c["bottom"] for c in self.chars if c["text"].strip()), default=0.0)


@dataclass
class Page:
    number: int
    width: float
    height: float
    blocks: list[Block]
    chars: list[dict]  # every visible character, margins included
    drawings: list[dict]  # rects, lines and curves

    @property
    def area(self) -> tuple[float, float]:
        """The text area's top and bottom."""
        return PAGE_MARGINS["top"], self.height - PAGE_MARGINS["bottom"]

    @property
    def fill(self) -> float:
        top, bottom = self.area
        lowest = max((b.bottom for b in self.blocks if b.chars), default=top)
        return (lowest - top) / (bottom - top)

    def starts_chapter(self) -> bool:
        return bool(self.blocks) and self.blocks[0].kind == "H1"


def _descend(node: dict, by_mcid: dict[int, list[dict]], block: Block | None, out: list[Block]) -> None:
    kind = node.get("type")
    if block is None and kind in BLOCKS:
        block = Block(kind)
        out.append(block)
        if kind == "Table":
            for child in node.get("children", []):
                _table_part(child, by_mcid, block)
            return
    for mcid in node.get("mcids") or []:
        if block is not None:
            block.chars.extend(by_mcid.get(mcid, []))
    for child in node.get("children", []):
        _descend(child, by_mcid, block, out)


def _table_part(node: dict, by_mcid: dict[int, list[dict]], table: Block) -> None:
    kind = node.get("type")
    chars = _chars_under(node, by_mcid)
    table.chars.extend(chars)
    if kind == "Caption":
        table.captioned = True
    elif kind == "TR":
        if chars:
            table.rows += 1
        for cell in node.get("children", []):
            if cell.get("type") in ("TH", "TD"):
                heading = (cell.get("attributes") or {}).get("Scope") == "Column"
                table.cells.append(
                    ("column heading" if heading else cell["type"], _chars_under(cell, by_mcid))
                )
    else:
        for child in node.get("children", []):
            _table_part(child, by_mcid, table)


def _chars_under(node: dict, by_mcid: dict[int, list[dict]]) -> list[dict]:
    found = [c for mcid in node.get("mcids") or [] for c in by_mcid.get(mcid, [])]
    for child in node.get("children", []):
        found.extend(_chars_under(child, by_mcid))
    return found


def read_pages(path) -> list[Page]:
    pages = []
    with pdfplumber.open(path) as document:
        for page in document.pages:
            chars = [c for c in page.chars if c["text"].strip()]
            by_mcid: dict[int, list[dict]] = {}  # spaces kept: a block's text reads as text
            for char in page.chars:
                if char.get("mcid") is not None:
                    by_mcid.setdefault(char["mcid"], []).append(char)
            blocks: list[Block] = []
            for root in page.structure_tree:
                _descend(root, by_mcid, None, blocks)
            drawings = [*page.rects, *page.lines, *page.curves]
            pages.append(Page(page.page_number, page.width, page.height, blocks, chars, drawings))
    return pages


def _lines(chars: list[dict]) -> int:
    """Distinct baselines (to the nearest 2 pt)."""
    baselines = sorted({c["bottom"] for c in chars})
    count, last = 0, None
    for baseline in baselines:
        if last is None or baseline - last > 2:
            count += 1
            last = baseline
    return count


def _is_number(chars: list[dict]) -> bool:
    text = "".join(c["text"] for c in chars)
    return bool(text) and bool(_NUMBER.fullmatch(text))


def stranded(pages: list[Page]) -> list[str]:
    """A heading, a caption without its rows, or a table's or chart's introduction ends a page."""
    found = []
    for index, page in enumerate(pages[:-1]):
        content = [b for b in page.blocks if b.chars]
        if not content:
            continue
        last = content[-1]
        following = next((b for p in pages[index + 1 :] for b in p.blocks if b.chars), None)
        heading = next((b for b in content[::-1] if b.kind in HEADINGS), None)
        after = content[content.index(heading) + 1 :] if heading else []
        if last.kind in HEADINGS:
            found.append(f"s. {page.number}: rubriken «{last.text[:60]}» står sist på sidan")
        elif heading and all(b.kind == "P" for b in after) and sum(_lines(b.chars) for b in after) <= 2:
            found.append(
                f"s. {page.number}: rubriken «{heading.text[:60]}» står med bara två rader sist på sidan"
            )
        elif last.kind == "Table" and last.captioned and last.rows == 0:
            found.append(f"s. {page.number}: tabellrubriken «{last.text[:60]}» står utan rader sist på sidan")
        elif last.kind == "P" and following is not None and following.kind in ("Table", "Figure"):
            found.append(
                f"s. {page.number}: inledningen «{last.text[-60:]}» står sist, dess "
                f"{'tabell' if following.kind == 'Table' else 'diagram'} på nästa sida"
            )
    return found


def front_matter(pages: list[Page]) -> tuple[int, list[Page]]:
    """How many pages come before the first chapter (cover, colophon, contents), and the pages of
    the contents: from the page opening with the heading "Innehåll" to the next chapter."""
    start = next(
        (i for i, p in enumerate(pages) if p.starts_chapter() and p.blocks[0].text.strip() == "Innehåll"),
        None,
    )
    if start is None:
        return 0, []
    end = next((i for i in range(start + 1, len(pages)) if pages[i].starts_chapter()), len(pages))
    return end, pages[start:end]


def half_empty(pages: list[Page]) -> list[str]:
    """A page in mid-chapter less than LEAST_FILL full (the page before a chapter may be short),
    and a contents page of a few lines."""
    found = []
    front, contents = front_matter(pages)
    for index, page in enumerate(pages[:-1]):
        if index < front:
            continue
        following = pages[index + 1]
        if following.starts_chapter() or not page.blocks:
            continue
        if page.fill < LEAST_FILL and not _could_not_fit(page, following):
            found.append(f"s. {page.number}: bara {page.fill:.0%} av sidan är fylld mitt i ett kapitel")
    if len(contents) > 1 and contents[-1].fill < LEAST_TOC_TAIL:
        found.append(
            f"s. {contents[-1].number}: innehållsförteckningen lämnar {contents[-1].fill:.0%} av en sida för sig"
        )
    return found


def _could_not_fit(page: Page, following: Page) -> bool:
    """The next page opens with a chart or a short table (neither may break) that, with the
    headings and introduction kept with it, is taller than the space left on this page."""
    content = [b for b in following.blocks if b.chars]
    whole = next(
        (i for i, b in enumerate(content) if b.kind == "Figure" or (b.kind == "Table" and b.rows < 12)), None
    )
    if whole is None or any(b.kind not in HEADINGS | {"P", "Caption"} for b in content[:whole]):
        return False
    kept = content[: whole + 1] + [b for b in content[whole + 1 : whole + 2] if b.kind == "Caption"]
    end = max(b.bottom for b in kept)
    top, bottom = page.area
    return end - top > (1 - page.fill) * (bottom - top)


def wrapped_cells(pages: list[Page]) -> list[str]:
    """In a numeric table (at least half its data cells numbers), a cell over two lines (a column
    heading over three)."""
    found = []
    for page in pages:
        for block in page.blocks:
            if block.kind != "Table":
                continue
            data = [chars for kind, chars in block.cells if kind == "TD" and chars]
            if not data or sum(map(_is_number, data)) * 2 < len(data):
                continue
            for kind, chars in block.cells:
                if _lines(chars) > MOST_CELL_LINES[kind]:
                    text = "".join(c["text"] for c in chars)
                    found.append(f"s. {page.number}: cellen «{text[:50]}» går över {_lines(chars)} rader")
    return found


def outside_text_area(pages: list[Page]) -> list[str]:
    """Text or drawing outside the text area (the running header and the page number excepted:
    8pt text in the top and bottom margins)."""
    found = []
    for page in pages:
        left, right = PAGE_MARGINS["left"] - SLACK, page.width - PAGE_MARGINS["right"] + SLACK
        top, bottom = page.area
        for char in page.chars:
            sideways = char["x0"] < left or char["x1"] > right
            in_margin = char["bottom"] < top - SLACK or char["top"] > bottom + SLACK
            if sideways or (in_margin and char["size"] > 8.5):
                found.append(f"s. {page.number}: «{char['text']}» utanför satsytan")
        for drawing in page.drawings:
            if (
                drawing["x0"] < left
                or drawing["x1"] > right
                or drawing["top"] < top - SLACK
                or drawing["bottom"] > bottom + SLACK
            ):
                found.append(f"s. {page.number}: en linje eller yta utanför satsytan")
    return sorted(set(found), key=found.index)


def problems(path) -> list[str]:
    """Every layout problem of the PDF at `path`. The front matter (cover, colophon, contents) is
    exempt from the fill check, but the contents are checked for a short last page."""
    pages = read_pages(path)
    return [
        *stranded(pages),
        *half_empty(pages),
        *wrapped_cells(pages),
        *outside_text_area(pages),
    ]
