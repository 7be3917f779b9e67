"""The web edition on a phone (issue 20, point 7), without a browser: a compact table of contents
(chapters on one line each, their sections folded in <details>), each chart with a variant drawn
for a phone's width, shown there by a <picture>. The browser check (axe-core, the first chapter
within two screens, chart text at 11 px as drawn, tables that show they scroll) is
tools/axe/audit.mjs, run by `make check-html`."""

from __future__ import annotations

import re

from pipeline.charts import NARROW_WIDTH


def test_the_contents_list_chapters_with_their_sections_folded(rendered):
    page = (rendered.outputs.html_edition / "index.html").read_text(encoding="utf-8")
    toc = page.split('<nav class="toc"')[1].split("</nav>")[0]
    chapters = re.findall(r'<h1 id="([^"]+)"', page.split('<main id="rapporten"')[1])
    top = re.findall(r'^    <li><a href="#([^"]+)">', toc, re.M)
    assert top == chapters  # every chapter, in order, one entry each
    folded = re.findall(r"<details>\s*<summary>(\d+) avsnitt<span class=\"visually-hidden\"> i ", toc)
    assert folded and all(int(n) >= 1 for n in folded)
    assert "<details open" not in toc


def test_each_chart_has_a_phone_variant_shown_by_a_picture(rendered):
    folder = rendered.outputs.html_edition
    page = (folder / "index.html").read_text(encoding="utf-8")
    pictures = re.findall(r'<picture><source media="\(max-width: 40rem\)" srcset="([^"]+)"[^>]*><img', page)
    assert len(pictures) == rendered.summary["diagram"] >= 1
    for href in pictures:
        svg = (folder / href).read_text(encoding="utf-8")
        assert f'viewBox="0 0 {NARROW_WIDTH:g} ' in svg and 'role="img"' in svg
        assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", svg)
