"""The HTML edition: outputs/html/, a self-contained folder for the screen (issue 12).

The same context and the same body template as the PDF (body.html.j2), in a page shell of its
own (html_edition.html.j2: lang="sv", viewport, skip link, a linked table of contents from the
body's h1/h2 ids, a list of the data files) and a screen stylesheet (screen.css). Every chart is
the SVG the PDF inlines, written as a file (diagram/<key>.svg) and shown with its alt text;
the hand-overs the PDF attaches, and review.xlsx, are copied to data/ and linked. Nothing in the folder refers to the network.

    html/index.html  html/screen.css  html/diagram/*.svg  html/diagram/smal/*.svg  html/data/…

The folder is built beside its place (a hidden temporary folder in outputs/) and then swapped
in, so a failed run leaves the previous edition whole.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ... import catalog
from ...paths import TEMPLATES_DIR, OutputPaths
from .pdf import attachment_files, attachment_title
from .templating import BODY_TEMPLATE, template_environment

INDEX = "index.html"
SHELL_TEMPLATE = "html_edition.html.j2"
SCREEN_STYLESHEET = "screen.css"
CHART_DIR = "diagram"
NARROW_DIR = "smal"  # diagram/smal/<key>.svg: each chart drawn for a phone
DATA_DIR = "data"


def downloads(outputs: OutputPaths) -> list[dict[str, Any]]:
    """The files the edition offers (those the PDF attaches, and review.xlsx), under data/ with
    the layout of the outputs folder, so datapackage.json's paths hold there too."""
    files = [*attachment_files(outputs)]
    files.append(
        ("review.xlsx", outputs.review_workbook, "Alla tabeller och avvikelserna i en Excel-arbetsbok")
    )
    return [
        {
            "href": f"{DATA_DIR}/{name}",
            "name": name,
            "title": attachment_title(name),  # the link's text: the edition names no file
            "source": path,
            "description": text,
            "size": path.stat().st_size,
        }
        for name, path, text in files
        if path.is_file()
    ]


_VIEWBOX = re.compile(r'viewBox="[\d.]+ [\d.]+ ([\d.]+) ([\d.]+)"')


def chart_file(svg: str) -> str:
    """The chart's SVG as a file: the markup the PDF inlines (it carries its own xmlns)."""
    return str(svg)


# A phone shows the chart drawn for its width (charts.NARROW_WIDTH): at print width its text
# would be drawn at about 6 px. Below this width the page's column is narrower than 40rem.
NARROW_MEDIA = "(max-width: 40rem)"


def _size(svg) -> str:
    match = _VIEWBOX.search(str(svg))
    return f' width="{round(float(match.group(1)))}" height="{round(float(match.group(2)))}"' if match else ""


def chart_image(chart, href: str, narrow_href: str | None = None):
    """An <img> for the chart file, with the chart's alt text and its size (no layout shift); with
    a narrow variant, a <picture> that shows it on a phone."""
    from markupsafe import Markup, escape

    image = f'<img class="chart" src="{escape(href)}" alt="{escape(chart.alt)}"{_size(chart.svg)}>'
    if narrow_href and chart.narrow is not None:
        source = f'<source media="{NARROW_MEDIA}" srcset="{escape(narrow_href)}"{_size(chart.narrow)}>'
        image = f"<picture>{source}{image}</picture>"
    return Markup(
        image
        + f'<p class="chart-file"><a href="{escape(href)}">Öppna diagrammet i full storlek (SVG)</a></p>'
    )


_HEADING = re.compile(r'<h([12])\b[^>]*?\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)


def table_of_contents(body: str) -> list[dict[str, Any]]:
    """The body's h1 headings, each with its h2s, as linked entries."""
    from markupsafe import Markup

    toc: list[dict[str, Any]] = []
    for level, anchor, text in _HEADING.findall(body):
        entry = {"id": anchor, "text": Markup(text.strip()), "children": []}
        if level == "1" or not toc:
            toc.append(entry)
        else:
            toc[-1]["children"].append(entry)
    return toc


_TABLE = re.compile(r"<table\b.*?</table>", re.S)
_WRAPPER_BEFORE = re.compile(r'<div\b[^>]*\bclass="[^"]*\btable-scroll\b[^"]*"[^>]*>\s*$')
_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)(?:<span class=\"source\">.*?)?</caption>", re.S)
_TAG = re.compile(r"<[^>]+>")


def wrap_tables(body: str) -> str:
    """Put each table that is not yet in a scroll region (the body's data_table macro makes one) in
    one: a wide table then scrolls by itself, with the keyboard too, instead of the page."""

    def wrap(match: re.Match) -> str:
        if _WRAPPER_BEFORE.search(body[max(match.start() - 400, 0) : match.start()]):
            return match.group(0)
        caption = _CAPTION.search(match.group(0))
        label = " ".join(_TAG.sub("", caption.group(1)).split()) if caption else "Tabell"
        return (
            f'<div class="table-scroll" role="region" tabindex="0" aria-label="{label}">'
            f"{match.group(0)}</div>"
        )

    return _TABLE.sub(wrap, body)


def render_edition(
    context: dict[str, Any], outputs: OutputPaths, templates_dir: Path = TEMPLATES_DIR
) -> tuple[str, dict[str, str], list[dict[str, Any]]]:
    """index.html, the chart files (path → SVG) and the downloads, from the PDF's context."""
    from markupsafe import Markup

    environment = template_environment(templates_dir)
    charts, chart_files = {}, {}
    for key, chart in context["charts"].items():
        href, narrow_href = f"{CHART_DIR}/{key}.svg", f"{CHART_DIR}/{NARROW_DIR}/{key}.svg"
        chart_files[href] = chart_file(chart.svg)
        if chart.narrow is not None:
            chart_files[narrow_href] = chart_file(chart.narrow)
        charts[key] = dataclasses.replace(chart, svg=chart_image(chart, href, narrow_href))
    files = downloads(outputs)
    # `edition` and `table_links` (dataset name → its copy in data/) let the body link its sources.
    table_links = {name: f"{DATA_DIR}/{catalog.dataset(name).path}" for name in catalog.AGGREGATED}
    edition = {**context, "charts": charts, "edition": "html", "table_links": table_links}
    body = environment.get_template(BODY_TEMPLATE).render(**edition)
    body = wrap_tables(body)
    page = environment.get_template(SHELL_TEMPLATE).render(
        **edition,
        body=Markup(body),
        toc=table_of_contents(body),
        downloads=files,
        stylesheet=SCREEN_STYLESHEET,
    )
    return page, chart_files, files


def write_html_edition(
    context: dict[str, Any], outputs: OutputPaths, templates_dir: Path = TEMPLATES_DIR
) -> Path:
    """Write outputs/html/ whole from the render context (charts included); return its index."""
    page, chart_files, files = render_edition(context, outputs, templates_dir)
    target = outputs.html_edition
    built = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=outputs.root))
    try:
        (built / INDEX).write_text(page, encoding="utf-8")
        shutil.copyfile(templates_dir / SCREEN_STYLESHEET, built / SCREEN_STYLESHEET)
        for href, svg in chart_files.items():
            (built / href).parent.mkdir(parents=True, exist_ok=True)
            (built / href).write_text(svg, encoding="utf-8")
        for entry in files:
            (built / entry["href"]).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(entry["source"], built / entry["href"])
        for path in [built, *built.rglob("*")]:  # mkdtemp makes 0700; a web server must read it
            path.chmod(0o755 if path.is_dir() else 0o644)
        _swap_in(built, target)
    except BaseException:
        shutil.rmtree(built, ignore_errors=True)
        raise
    return target / INDEX


def _swap_in(built: Path, target: Path) -> None:
    """Replace `target` by `built`; if that fails, the previous `target` is put back."""
    previous = None
    if target.exists():
        previous = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        previous.rmdir()
        os.replace(target, previous)
    try:
        os.replace(built, target)
    except BaseException:
        if previous is not None:
            os.replace(previous, target)
        raise
    if previous is not None:
        shutil.rmtree(previous, ignore_errors=True)
