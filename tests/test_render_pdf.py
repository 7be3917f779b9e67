"""Render stage: the PDF itself (PDF/A-3a, tags, metadata, attachments, fonts, reproducible
bytes, checksums), the renderer's safety (no network, no other files) and the charts.

Uses the report of the small programme rendered once per session (fixture `rendered` in
conftest.py). Any WARNING or worse that WeasyPrint logs fails the tests unless a test expects it.
"""

from __future__ import annotations

import hashlib
import subprocess
from decimal import Decimal

import pikepdf
import pytest

from pipeline import charts
from pipeline.paths import TEMPLATES_DIR
from pipeline.stages import render
from tests.conftest import IMAGE, SCRIPT, catalog_rows, no_network

pytestmark = pytest.mark.usefixtures("fail_on_weasyprint_warnings")


# --- Safety --------------------------------------------------------------------------------------


def test_narrative_html_reaches_the_pdf_as_text(rendered):
    assert SCRIPT in rendered.text
    assert IMAGE.replace(" ", "") in rendered.text.replace(" ", "")  # the URL may wrap after a "/"
    assert SCRIPT not in rendered.html and IMAGE not in rendered.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered.html
    assert not rendered.network_attempts


def test_fetcher_serves_only_allowed_roots(tmp_path):
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    (allowed / "ok.css").write_text("p {}", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    fetcher = render.make_url_fetcher([allowed])
    assert fetcher((allowed / "ok.css").as_uri()).read() == b"p {}"
    assert fetcher("data:text/plain,hej").read() == b"hej"
    refused = [
        "http://example.com/x.png",
        "https://example.com/",
        (tmp_path / "secret.txt").as_uri(),
        (allowed / ".." / "secret.txt").as_uri(),
        "ftp://example.com/x",
    ]
    with no_network() as attempts:
        for url in refused:
            with pytest.raises(ValueError):
                fetcher(url)
    assert fetcher.refused == refused
    assert not attempts


def test_weasyprint_with_the_fetcher_makes_no_request(expect_weasyprint_warnings):
    from weasyprint import HTML

    fetcher = render.make_url_fetcher([TEMPLATES_DIR])
    html = (
        f'<html lang="sv"><body><p>Bild:</p>{IMAGE}'
        '<link rel="stylesheet" href="https://example.com/a.css"></body></html>'
    )
    with no_network() as attempts:
        HTML(string=html, base_url=str(TEMPLATES_DIR) + "/", url_fetcher=fetcher).write_pdf()
    assert not attempts
    assert "http://example.com/x.png" in fetcher.refused
    assert "https://example.com/a.css" in fetcher.refused
    assert any("x.png" in record.getMessage() for record in expect_weasyprint_warnings)  # refusal is logged


# --- PDF/A, tags, metadata, attachments, fonts, reproducibility -----------------------------------


def test_tagged_pdf_a3_with_language_and_output_intent(pdf):
    root = pdf.Root
    assert "/StructTreeRoot" in root
    assert root.MarkInfo.Marked is True
    assert str(root.Lang) == "sv"
    intents = root.OutputIntents
    assert len(intents) >= 1 and intents[0].S == "/GTS_PDFA1" and "/DestOutputProfile" in intents[0]
    metadata = pdf.open_metadata()
    assert metadata.get("pdfaid:part") == "3"
    assert metadata.get("pdfaid:conformance") == "A"  # pdf/a-3a: tagged


def test_charts_are_figures_with_alt_text(pdf):
    alts = []

    def walk(node, depth=0):
        if depth > 60 or not isinstance(node, pikepdf.Dictionary):
            return
        if node.get("/S") == "/Figure" and "/Alt" in node:
            alts.append(str(node.Alt))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            walk(kid, depth + 1)

    walk(pdf.Root.StructTreeRoot)
    assert len(alts) == 2
    assert all(alt.startswith(("Liggande stapeldiagram", "Punktdiagram")) for alt in alts)
    assert any("taket 50 procent" in alt for alt in alts) and any("målet 100 procent" in alt for alt in alts)


def test_bookmarks_per_chapter_and_per_project(rendered, pdf):
    def walk(items, depth=0):
        for item in items:
            yield depth, item.title
            yield from walk(item.children, depth + 1)

    with pdf.open_outline() as outline:
        entries = list(walk(outline.root))
    top = [title for depth, title in entries if depth == 0]
    assert top[0] == "Innehåll"
    projects_bilaga, basis = (
        "Bilaga 1. Projektförteckning och projektprofiler",
        "Bilaga 2. Rapportens underlag",
    )
    assert {"Ekonomisk redovisning", "Resultat", projects_bilaga, basis} <= set(top)
    assert top[-2:] == [projects_bilaga, basis]  # the bilagor come last, the basis of the report last of all
    projects = [r["title"] for r in catalog_rows(rendered.outputs, "project_summary")]
    deep = [title for depth, title in entries if depth >= 2]
    assert projects and all(title in deep for title in projects)  # each profile, named by its project


def test_document_metadata(rendered, pdf):
    info = pdf.docinfo
    assert str(info.Title) == rendered.config.report_title
    assert str(info.Author) == rendered.config.author
    assert "Näringsdepartementet" in str(info.Subject)
    assert rendered.config.diarienummer in str(info.Keywords)
    assert str(info.CreationDate) == str(info.ModDate) == "D:20180315000000Z"  # the config's date
    assert pdf.open_metadata().get("xmp:CreateDate", "").startswith("2018-03-15")


def test_hand_over_files_are_attached(rendered, pdf):
    expected = {name for name, _, _ in render.attachment_files(rendered.outputs)}
    assert set(pdf.attachments) == expected
    assert {"findings.csv", "datapackage.json", "manifest.json", "3_aggregated/by_region.csv"} <= expected
    attached = pdf.attachments["3_aggregated/by_region.csv"].get_file().read_bytes()
    assert attached == rendered.outputs.aggregated_table("by_region").read_bytes()
    assert all(str(spec) for spec in pdf.Root.AF)  # PDF/A-3 associated files


def test_all_fonts_embedded(pdf):
    descriptors = [
        obj
        for obj in pdf.objects
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor"
    ]
    assert descriptors
    for descriptor in descriptors:
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor or "/FontFile" in descriptor, (
            descriptor.get("/FontName")
        )


def test_two_renders_are_byte_identical(rendered):
    for name in ("report.pdf", "4_report/report.html", "report.sha256"):
        first = (rendered.outputs.root / name).read_bytes()
        assert first == (rendered.second_outputs.root / name).read_bytes(), name


def test_charts_are_drawn_in_this_process(rendered):
    assert not rendered.child_processes
    assert rendered.summary["diagram"] == 2


def test_checksums_verify_with_sha256sum(rendered, tmp_path):
    text = rendered.outputs.report_checksums.read_text(encoding="utf-8")
    pdf_hash = hashlib.sha256(rendered.outputs.report_pdf.read_bytes()).hexdigest()
    html_hash = hashlib.sha256(rendered.outputs.report_html.read_bytes()).hexdigest()
    assert text == f"{pdf_hash}  report.pdf\n{html_hash}  4_report/report.html\n"
    done = subprocess.run(
        ["sha256sum", "-c", "report.sha256"], cwd=rendered.outputs.root, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == "report.pdf: OK\n4_report/report.html: OK\n"
    # The check can fail: a changed HTML no longer matches.
    copy = tmp_path / "outputs"
    (copy / "4_report").mkdir(parents=True)
    (copy / "report.pdf").write_bytes(rendered.outputs.report_pdf.read_bytes())
    (copy / "report.sha256").write_text(text, encoding="utf-8")
    (copy / "4_report" / "report.html").write_text(rendered.html + " ", encoding="utf-8")
    done = subprocess.run(["sha256sum", "-c", "report.sha256"], cwd=copy, capture_output=True, text=True)
    assert done.returncode == 1 and "4_report/report.html: FAILED" in done.stdout


def test_outputs_written_whole_and_html_kept(rendered):
    assert rendered.outputs.report_html.is_file()
    assert '<html lang="sv">' in rendered.html and "<title>" in rendered.html
    leftovers = [p.name for p in rendered.outputs.root.rglob("*.tmp")]
    assert not leftovers


def test_chart_svg_is_accessible_vector_and_reproducible():
    rows = [
        {"indicator_label": "Branschråd", "outcome_pct": Decimal("105.1"), "target_met": True},
        {"indicator_label": "Analyser", "outcome_pct": Decimal("98.0"), "target_met": False},
    ]
    first, second = charts.indicator_outcomes(rows), charts.indicator_outcomes(rows)
    assert str(first.svg) == str(second.svg)
    svg = str(first.svg)
    assert svg.startswith("<svg") and "<?xml" not in svg and "<image" not in svg
    assert 'role="img"' in svg and f'aria-label="{first.alt}"' in svg and f"<title>{first.alt}</title>" in svg
    assert "DejaVu Sans" in svg and "<text" in svg  # text stays text, in the document's font
    assert "Branschråd 105,1 procent; Analyser 98,0 procent" in first.alt  # Swedish style
    assert "98,0 %" in svg and "100 %" in svg  # each dot labelled; the axis in percent around the target
    assert 'id="indicator_outcomes-' in svg  # ids are namespaced per chart
    labelled = charts.accessible_svg('<?xml version="1.0"?>\n<svg width="1"><g/></svg>', 'a "b" <c>')
    assert labelled.startswith('<svg width="1" role="img" aria-label="a &#34;b&#34; &lt;c&gt;">')


def test_county_share_chart_is_sorted_and_leaves_counties_without_projects_out():
    rows = [
        {"county_name": "Stockholms län", "agency_share_pct": Decimal("40.4")},
        {"county_name": "Uppsala län", "agency_share_pct": None},  # no accepted project
        {"county_name": "Kalmar län", "agency_share_pct": Decimal("45.8")},
    ]
    chart = charts.agency_share_by_region(rows, Decimal("0.50"), Decimal("41.0"))
    assert chart.alt.endswith(": Kalmar län 45,8 procent; Stockholms län 40,4 procent.")
    assert "taket 50 procent" in chart.alt and "hela programmets andel 41,0 procent" in chart.alt
    assert "Uppsala" not in chart.alt and "Uppsala" not in str(chart.svg)
    assert "Tak 50 %" in str(chart.svg)
