"""The HTML edition (outputs/html/, issue 12) of the small programme of conftest.py.

`rendered` (conftest.py) runs the real render stage (the PDF) and the html stage (the edition),
both filled in from render.report_context. These tests read the folder as a browser and a reader would: the page
shell (lang, skip link, table of contents), that nothing refers to the network, that every link
resolves, that the charts are the PDF's SVGs, and that the figures equal the PDF's text. The
browser test (axe-core in headless Chromium, tools/axe/run.sh) runs only with RUN_BROWSER=1.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline import formatting
from pipeline.paths import REPO_ROOT
from pipeline.stages import render
from pipeline.stages.render import html_edition
from tests.conftest import catalog_rows, normalise

# Attributes through which a page makes the browser fetch or go somewhere.
URL_ATTRIBUTES = {
    "src",
    "href",
    "srcset",
    "action",
    "formaction",
    "data",
    "poster",
    "xlink:href",
    "background",
}


class Page(HTMLParser):
    """The parts of index.html the tests look at: elements with attributes, text, headings."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self._skip = 0
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.elements if name == tag]


@pytest.fixture(scope="module")
def edition(rendered):
    folder = rendered.outputs.html_edition
    text = (folder / "index.html").read_text(encoding="utf-8")
    return folder, text, Page(text)


def test_the_folder_holds_the_page_its_css_the_charts_and_the_data(rendered, edition):
    folder, _, page = edition
    assert (folder / "index.html").is_file() and (folder / "screen.css").is_file()
    charts = sorted(p.name for p in (folder / "diagram").glob("*.svg"))
    assert len(charts) == rendered.summary["diagram"] >= 1
    expected = [name for name, path, _ in render.attachment_files(rendered.outputs) if path.is_file()]
    for name in [*expected, "review.xlsx"]:
        assert (folder / "data" / name).read_bytes() == (rendered.outputs.root / name).read_bytes(), name
    assert not [p for p in rendered.outputs.root.iterdir() if p.name.startswith(".html")], (
        "temporary folder left"
    )


def test_page_is_swedish_with_viewport_skip_link_and_main(edition):
    _, text, page = edition
    assert re.search(r'<html lang="sv">', text)
    assert any(
        m.get("name") == "viewport" and "width=device-width" in m.get("content", "") for m in page.all("meta")
    )
    first_link = page.all("a")[0]
    assert "skip-link" in first_link.get("class", "")
    target = first_link["href"].removeprefix("#")
    assert [m for m in page.all("main") if m.get("id") == target], "the skip link must lead to <main>"
    assert page.all("link") == [{"rel": "stylesheet", "href": "screen.css"}]


def test_table_of_contents_links_every_h1_and_h2(edition):
    _, text, page = edition
    ids = re.findall(r'<h[12]\b[^>]*\bid="([^"]+)"', text)
    assert len(ids) >= 10 and len(ids) == len(set(ids))
    nav = text[text.index('<nav class="toc"') : text.index("</nav>")]
    linked = re.findall(r'href="#([^"]+)"', nav)
    assert linked == ids, "the table of contents lists every h1/h2, in order"
    every_id = {attrs["id"] for _, attrs in page.elements if "id" in attrs}
    assert not [href for href in re.findall(r'href="#([^"]+)"', text) if href not in every_id]


def test_nothing_in_the_folder_refers_to_the_network(edition):
    folder, _, page = edition
    for tag, attrs in page.elements:
        for name, value in attrs.items():
            if name in URL_ATTRIBUTES:
                assert not re.match(r"\s*([a-z][a-z0-9+.-]*:|//)", value, re.I), (tag, name, value)
    assert not page.all("script") and not page.all("iframe") and not page.all("object")
    css = re.sub(r"/\*.*?\*/", "", (folder / "screen.css").read_text(encoding="utf-8"), flags=re.S)
    assert "url(" not in css and "@import" not in css
    for svg in (folder / "diagram").glob("*.svg"):
        content = svg.read_text(encoding="utf-8")
        # XML namespace names look like web addresses but are never fetched.
        rest = re.sub(r'\sxmlns(:\w+)?="[^"]*"', "", content)
        assert not re.search(r"https?://|<image\b|<use\b[^>]*href=\"(?!#)", rest), svg.name
    # The narratives' own text (conftest: "<img src=http://example.com/…>") stays text, escaped.
    assert not [img for img in page.all("img") if "example.com" in img.get("src", "")]


def test_every_link_in_the_page_leads_to_a_file_of_the_folder(rendered, edition):
    folder, _, page = edition
    hrefs = {a["href"] for a in page.all("a") if not a["href"].startswith("#")}
    hrefs |= {img["src"] for img in page.all("img")}
    assert hrefs, "the page links its data"
    missing = [href for href in hrefs if not (folder / href).resolve().is_file()]
    assert not missing
    assert all((folder / href).resolve().is_relative_to(folder.resolve()) for href in hrefs)
    csvs = {p.relative_to(folder).as_posix() for p in (folder / "data").rglob("*.csv")}
    assert csvs and csvs <= hrefs, "every CSV of data/ is linked"


def test_charts_are_the_svgs_of_the_pdf_with_their_alt_text(rendered, edition):
    folder, _, page = edition
    inline = re.findall(r"<svg\b.*?</svg>", rendered.html, re.S)  # the HTML the PDF was laid out from
    assert len(inline) == rendered.summary["diagram"] >= 1
    files = {p.read_text(encoding="utf-8") for p in (folder / "diagram").glob("*.svg")}
    assert {f.rstrip() for f in files} == {html_edition.chart_file(svg).rstrip() for svg in inline}
    labels = {re.search(r'aria-label="([^"]+)"', svg).group(1) for svg in inline}
    images = page.all("img")
    assert len(images) == len(inline) and all(img["alt"] for img in images)
    assert {re.sub(r"\s+", " ", img["alt"]) for img in images} == {
        re.sub(r"\s+", " ", Page(f'<p title="{label}">').elements[0][1]["title"]) for label in labels
    }


def _first_chapter_paragraphs(text: str) -> list[str]:
    """The paragraphs of the body's first chapter (the summary), as text."""
    start = text.index("<h1", text.index("<main"))
    end = text.find("<h1", start + 1)
    chapter = text[start : end if end > 0 else None]
    return [normalise("".join(Page(p).text)).strip() for p in re.findall(r"<p>.*?</p>", chapter, re.S)]


def _formatted(value) -> set[str]:
    """A figure in every form the report may print it (the body chooses one per place)."""
    if value is None or isinstance(value, bool | str):
        return set()
    forms = {formatting.format_kr(value), formatting.format_mnkr(value), formatting.format_tkr(value)}
    forms |= {formatting.format_prose_kr(value), formatting.format_whole_kr(value)}
    return {normalise(form) for form in forms if len(form) > 4}


def test_key_figures_equal_those_of_the_pdf(rendered, edition):
    _, text, page = edition
    html_text = normalise(" ".join(page.text))
    totals = catalog_rows(rendered.outputs, "programme_totals")[0]
    in_pdf: set[str] = set()
    for column in ("total_cost", "agency_paid", "granted_amount", "budget_total", "cofinancing_total"):
        for figure in _formatted(totals[column]):
            assert (figure in rendered.text) == (figure in html_text), f"{column}: {figure}"
            if figure in rendered.text:
                in_pdf.add(column)
    assert len(in_pdf) >= 3, "the programme totals are shown in both editions"
    for column in ("agency_share_weighted_pct", "cost_of_budget_pct"):
        figure = normalise(formatting.format_pct(totals[column]))
        assert (figure in rendered.text) == (figure in html_text), f"{column}: {figure}"
    # The summary chapter reads the same, paragraph by paragraph, figures and all.
    summary = _first_chapter_paragraphs(text)
    assert len(summary) >= 2 and sum(bool(re.search(r"\d", p)) for p in summary) >= 1
    assert [p for p in summary if p not in rendered.text] == []


def test_a_failed_write_leaves_the_previous_edition(small_programme, tmp_path, monkeypatch):
    inputs, outputs = small_programme.copy_to(tmp_path)
    data = render.load_report_data(inputs, outputs)
    context = render.build_context(data, render.report_timestamp(data.config))
    context["charts"] = render.build_charts(data)
    index = html_edition.write_html_edition(context, outputs)
    before = {p: p.read_bytes() for p in outputs.html_edition.rglob("*") if p.is_file()}

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(html_edition.shutil, "copyfile", broken)
    with pytest.raises(OSError):
        html_edition.write_html_edition(context, outputs)
    assert {p: p.read_bytes() for p in outputs.html_edition.rglob("*") if p.is_file()} == before
    assert index.is_file()
    assert not [p for p in outputs.root.iterdir() if p.name.startswith(".html")]
    monkeypatch.undo()
    # Written again, the same context gives the same bytes.
    html_edition.write_html_edition(context, outputs)
    assert {p: p.read_bytes() for p in outputs.html_edition.rglob("*") if p.is_file()} == before


def test_tables_without_a_scroll_region_get_one_and_wrapped_ones_are_left():
    bare = '<table><caption>Budget per år<span class="source">Källa: x.csv</span></caption></table>'
    wrapped = f'<div class="table-scroll" role="region" tabindex="0" aria-labelledby="t1">\n{bare}</div>'
    out = html_edition.wrap_tables(f"<p>a</p>{bare}{wrapped}")
    assert out.count('class="table-scroll"') == 2
    assert '<div class="table-scroll" role="region" tabindex="0" aria-label="Budget per år"><table>' in out
    assert html_edition.wrap_tables(out) == out


# --- In a real browser (tools/axe/run.sh: Debian's chromium, axe-core, puppeteer-core) --------------

browser = pytest.mark.skipif(
    os.environ.get("RUN_BROWSER") != "1", reason="RUN_BROWSER=1 runs axe-core in headless Chromium"
)


def _audit(index: Path, tmp_path: Path, *options: str) -> tuple[subprocess.CompletedProcess, dict]:
    report = tmp_path / "axe.json"
    done = subprocess.run(
        [str(REPO_ROOT / "tools" / "axe" / "run.sh"), str(index), "--json", str(report), *options],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert report.is_file(), done.stderr[-3000:]
    return done, json.loads(report.read_text(encoding="utf-8"))


@browser
def test_axe_finds_no_wcag_violation_and_the_page_works_offline(rendered, edition, tmp_path):
    folder, _, _ = edition
    done, result = _audit(folder / "index.html", tmp_path)
    assert done.returncode == 0, done.stdout
    assert result["refused"] == [] and result["failures"] == 0
    assert [w["width"] for w in result["widths"]] == [390, 1280]
    for width in result["widths"]:
        assert (
            width["violations"] == []
            and width["problems"] == []
            and width["charts"] == rendered.summary["diagram"]
        )
        assert width["passes"] > 10


@browser
def test_the_audit_fails_a_page_with_a_violation_or_a_network_request(edition, tmp_path):
    folder, text, _ = edition
    broken = tmp_path / "broken.html"
    # An image from the web, and a chart without its alt text.
    # (before the <picture>: inside it, a phone would take the first <img>'s file from <source>)
    page = text.replace("<picture>", '<img src="https://example.com/x.png"><picture>', 1)
    page = page.replace(' alt="', ' data-alt="', 1).replace(
        'href="screen.css"', f'href="{folder}/screen.css"'
    )
    broken.write_text(page, encoding="utf-8")
    (tmp_path / "diagram").symlink_to(folder / "diagram")
    done, result = _audit(broken, tmp_path, "--widths", "390")
    assert done.returncode == 1
    assert result["refused"] == ["https://example.com/x.png"]
    assert "image-alt" in {v["id"] for w in result["widths"] for v in w["violations"]}
