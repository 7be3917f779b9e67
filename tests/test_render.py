"""Render stage on the render_tiny fixture: the PDF's text, structure, metadata and safety.

The report is rendered once per module (twice, to compare bytes) from a copy of the fixture whose
inputs are read-only. Any WARNING or worse that WeasyPrint logs fails the tests: WeasyPrint reports
missing fonts, bad CSS and unreachable resources through its logger, not through warnings.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import logging
import re
import shutil
import socket
import stat
import types
from decimal import Decimal
from pathlib import Path

import pikepdf
import pytest
from markupsafe import Markup
from pypdf import PdfReader

from pipeline import charts
from pipeline.config import load_config
from pipeline.contract import AGGREGATED_COLUMNS
from pipeline.errors import PipelineError
from pipeline.formatting import format_amount, format_kr, format_mnkr, format_number, format_pct
from pipeline.paths import TEMPLATES_DIR, InputPaths, OutputPaths
from pipeline.stages import render
from pipeline.tables import read_rows, write_rows

FIXTURE = Path(__file__).parent / "fixtures" / "render_tiny"
SCRIPT = "<script>alert(1)</script>"
IMAGE = '<img src="http://example.com/x.png">'


# --- Fixtures ------------------------------------------------------------------------------------

class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextlib.contextmanager
def weasyprint_log():
    """Collect the WARNING+ records of the `weasyprint` logger while the block runs."""
    logger = logging.getLogger("weasyprint")
    handler = _Records()
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)


def _messages(records) -> list[str]:
    return [f"{r.levelname}: {r.getMessage()}" for r in records]


@pytest.fixture(autouse=True)
def fail_on_weasyprint_warnings(request):
    """Fail any test during which WeasyPrint logs a warning or an error (unless it expects them)."""
    if "expect_weasyprint_warnings" in request.fixturenames:
        yield
        return
    with weasyprint_log() as records:
        yield
    assert not records, _messages(records)


@pytest.fixture
def expect_weasyprint_warnings():
    with weasyprint_log() as records:
        yield records


@contextlib.contextmanager
def no_network():
    """Record (and refuse) every attempt to open a network connection."""
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access is not allowed in this test")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket, "create_connection", refuse)
        patch.setattr(socket.socket, "connect", lambda self, *a, **k: refuse(*a, **k))
        yield attempts


def _copy_fixture(root: Path) -> tuple[InputPaths, OutputPaths]:
    shutil.copytree(FIXTURE / "inputs", root / "inputs")
    shutil.copytree(FIXTURE / "outputs", root / "outputs")
    for path in [root / "inputs", *(root / "inputs").rglob("*")]:
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    return InputPaths(root / "inputs"), OutputPaths(root / "outputs")


def _normalise(text: str) -> str:
    """One space for any run of whitespace, including (narrow) no-break spaces and line breaks."""
    return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\u00a0", " "))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    first_root = tmp_path_factory.mktemp("render-first")
    second_root = tmp_path_factory.mktemp("render-second")
    inputs, outputs = _copy_fixture(first_root)
    second_inputs, second_outputs = _copy_fixture(second_root)
    with weasyprint_log() as records, no_network() as attempts:
        summary = render.run(inputs, outputs)
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr):
            render.run(second_inputs, second_outputs, progress=True)
    assert not records, _messages(records)
    reader = PdfReader(outputs.report_pdf)
    pages = [page.extract_text() for page in reader.pages]
    yield types.SimpleNamespace(
        inputs=inputs, outputs=outputs, summary=summary, second_pdf=second_outputs.report_pdf,
        progress=stderr.getvalue(), network_attempts=attempts, pages=pages,
        text=_normalise("\n".join(pages)), html=outputs.report_html.read_text(encoding="utf-8"),
        config=load_config(inputs.config),
    )
    for root in (first_root, second_root):  # let pytest clean up the read-only copies
        for path in (root / "inputs").rglob("*"):
            path.chmod(path.stat().st_mode | stat.S_IWUSR)
        (root / "inputs").chmod(0o755)


@pytest.fixture(scope="module")
def pdf(rendered):
    with pikepdf.open(rendered.outputs.report_pdf) as document:
        yield document


def _table(outputs: OutputPaths, name: str) -> list[dict[str, str]]:
    return read_rows(outputs.aggregated_table(name))


# --- The PDF's content ---------------------------------------------------------------------------

def test_summary_counts_pages_tables_and_charts(rendered):
    assert rendered.summary["sidor"] == len(rendered.pages) >= 10
    assert rendered.summary["diagram"] == 4
    assert rendered.summary["tabeller"] == rendered.html.count("<table") >= 12
    assert "render: sätter sidorna (WeasyPrint)" in rendered.progress
    assert "WeasyPrint" in rendered.progress.splitlines()[-1]


def test_key_figures_equal_the_csvs(rendered):
    totals = _table(rendered.outputs, "programme_totals")[0]
    expected = [
        format_kr(totals["total_cost"]), format_kr(totals["agency_paid"]),
        format_kr(totals["granted_amount"]), format_kr(totals["budget_total"]),
        format_kr(totals["cofinancing_total"]), format_mnkr(totals["frame_amount"]),
        format_pct(totals["agency_share_weighted_pct"]), format_pct(totals["agency_share_avg_pct"]),
        f"redovisar {totals['projects']} projekt i {totals['regions']} län",
    ]
    for region in _table(rendered.outputs, "by_region"):
        expected += [region["county_name"], format_amount(region["total_cost"]),
                     format_amount(region["agency_paid"]), format_pct(region["agency_share_pct"])]
    for year in _table(rendered.outputs, "by_year"):
        expected += [f"{year['year']} {format_amount(year['budget_total'])} {format_amount(year['total_cost'])} "
                     f"{format_amount(year['agency_paid'])} {format_amount(year['cofinancing_total'])}"]
    for indicator in _table(rendered.outputs, "indicators"):
        expected += [f"{indicator['indicator_label']} {indicator['projects_reporting']} "
                     f"{format_number(indicator['target'])} {format_number(indicator['outcome'])} "
                     f"{format_pct(indicator['outcome_pct'])}"]
    missing = [figure for figure in expected if _normalise(figure) not in rendered.text]
    assert not missing


def test_key_summary_percentages_equal_programme_totals(rendered):
    totals = _table(rendered.outputs, "programme_totals")[0]
    pct = lambda column: format_pct(totals[column])  # noqa: E731
    kr = lambda column: format_kr(totals[column])  # noqa: E731
    expected = [
        f"vilket är {pct('cost_of_budget_pct')} av den budget",
        f"motsvarar {pct('granted_of_frame_pct')} av programmets ram",
        f"det vill säga {pct('paid_of_granted_pct')} av de beviljade medlen och {pct('paid_of_frame_pct')} av ramen",
        f"{kr('unpaid_granted')}, återgår till ramen",
        f"{kr('public_total')} ({pct('public_of_cofinancing_pct')}) från offentliga och "
        f"{kr('private_total')} ({pct('private_of_cofinancing_pct')}) från privata",
        f"{kr('in_kind_total')} ({pct('in_kind_of_cofinancing_pct')}) bidrag i annat än pengar",
        f"Summa {format_amount(totals['financing_total'])} {pct('financing_of_cost_pct')}",
        f"Summa {totals['projects']} {format_amount(totals['budget_total'])} {format_amount(totals['total_cost'])} "
        f"{format_amount(totals['granted_amount'])} {format_amount(totals['agency_paid'])} "
        f"{pct('agency_share_weighted_pct')}",
    ]
    for category in _table(rendered.outputs, "category_totals"):
        expected += [format_pct(category["actual_vs_budget_pct"])]
    for source in _table(rendered.outputs, "financing_totals"):
        expected += [f"{source['source_label']} {format_amount(source['amount'])} "
                     f"{format_pct(source['share_of_cost_pct'])}"]
    for year in _table(rendered.outputs, "by_year"):
        expected += [f"{format_amount(year['cofinancing_total'])} {format_pct(year['agency_share_pct'])}"]
    missing = [figure for figure in expected if _normalise(figure) not in rendered.text]
    assert not missing


def test_text_uses_swedish_number_format(rendered):
    joined = "\n".join(rendered.pages)
    assert "10\u202f020\u202f000\u00a0kr" in joined  # narrow no-break groups, no-break before kr
    assert "46,1\u00a0%" in joined
    assert "−" in joined  # project income shown as a deduction with a true minus sign
    assert "15 mars 2018" in joined


def test_front_matter_from_config(rendered):
    config = rendered.config
    cover = _normalise(rendered.pages[0])
    assert _normalise(config.report_title) in cover
    assert config.agency in cover and config.diarienummer in cover
    assert all(commission in cover for commission in config.commissions)
    assert "Sida" not in cover  # no page number on the cover
    approval = _normalise(rendered.pages[1])
    assert (f"Beslutet att godkänna denna slutrapport har fattats av {config.approver_role}; "
            f"handläggningen har gjorts av {config.case_officer_role}.") in approval
    assert f"{config.place} den 15 mars 2018" in approval
    assert re.search(r"Sida 2 av \d+", approval)


def test_every_page_after_the_cover_says_sida_x_av_y(rendered):
    total = len(rendered.pages)
    for number, text in enumerate(rendered.pages[1:], start=2):
        assert f"Sida {number} av {total}" in _normalise(text)


def test_every_toc_entry_has_the_page_number_of_its_heading(rendered):
    toc_page = rendered.pages[2]
    assert toc_page.startswith("Innehåll")
    entries = re.findall(r"^(.+?)(?: \.)+ ?(\d+)$", toc_page, flags=re.M)
    headings = re.findall(r'<h[12] id="[^"]+"[^>]*>(.*?)</h[12]>', rendered.html)
    assert len(entries) == len(headings) - 1  # every heading but "Innehåll" itself
    for title, page in entries:
        assert _normalise(title.strip()) in _normalise(rendered.pages[int(page) - 1]), (title, page)


def test_every_table_names_its_source_csv(rendered):
    tables = re.findall(r"<table[^>]*>\s*<caption>(.*?)</caption>", rendered.html, flags=re.S)
    assert len(tables) == rendered.html.count("<table")
    for caption in tables:
        assert re.search(r"Källa: [\w/ .]+\.(csv|json)", caption), caption


def test_all_projects_listed_and_profiles_present(rendered):
    for project in _table(rendered.outputs, "project_summary"):
        assert project["project_id"] in rendered.text
        assert f"Projektprofil {project['project_id']}" in rendered.text
    set_aside = _table(rendered.outputs, "set_aside")[0]
    assert set_aside["project_id"] in rendered.text
    assert "Alla projekt har en profil." in rendered.text


def test_good_examples_and_source_hashes(rendered):
    for example in _table(rendered.outputs, "good_examples"):
        assert _normalise(example["good_example_title"]) in rendered.text
    assert "& uppdateras varje år" in rendered.text  # escaped in HTML, plain in the PDF
    import json

    manifest = json.loads(rendered.outputs.manifest.read_text(encoding="utf-8"))
    for entry in manifest["inputs"]:
        assert entry["sha256"] in rendered.text.replace(" ", "")


def test_method_note_lists_the_checks(rendered):
    for rule in _table(rendered.outputs, "findings_by_rule"):
        assert rule["rule_id"] in rendered.text
        assert _normalise(rule["checks"]) in rendered.text


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
    refused = ["http://example.com/x.png", "https://example.com/", (tmp_path / "secret.txt").as_uri(),
               (allowed / ".." / "secret.txt").as_uri(), "ftp://example.com/x"]
    with no_network() as attempts:
        for url in refused:
            with pytest.raises(ValueError):
                fetcher(url)
    assert fetcher.refused == refused
    assert not attempts


def test_weasyprint_with_the_fetcher_makes_no_request(expect_weasyprint_warnings):
    from weasyprint import HTML

    fetcher = render.make_url_fetcher([TEMPLATES_DIR])
    html = (f'<html lang="sv"><body><p>Bild:</p>{IMAGE}'
            '<link rel="stylesheet" href="https://example.com/a.css"></body></html>')
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
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            walk(kid, depth + 1)

    walk(pdf.Root.StructTreeRoot)
    assert len(alts) == 4
    assert all(alt.startswith(("Stapeldiagram", "Liggande stapeldiagram")) for alt in alts)


def test_bookmarks_per_chapter(pdf):
    with pdf.open_outline() as outline:
        titles = [item.title for item in outline.root]
    assert titles[:2] == ["Innehåll", "1 Sammanfattning"]
    assert "3 Ekonomisk redovisning" in titles and "Bilagor" in titles


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
    descriptors = [obj for obj in pdf.objects
                   if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor"]
    assert descriptors
    for descriptor in descriptors:
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor or "/FontFile" in descriptor, \
            descriptor.get("/FontName")


def test_two_renders_are_byte_identical(rendered):
    first = hashlib.sha256(rendered.outputs.report_pdf.read_bytes()).hexdigest()
    second = hashlib.sha256(rendered.second_pdf.read_bytes()).hexdigest()
    assert first == second


def test_outputs_written_whole_and_html_kept(rendered):
    assert rendered.outputs.report_html.is_file()
    assert '<html lang="sv">' in rendered.html and "<title>" in rendered.html
    leftovers = [p.name for p in rendered.outputs.root.rglob("*.tmp")]
    assert not leftovers


def test_failed_render_leaves_the_previous_pdf(tmp_path, monkeypatch):
    inputs, outputs = _copy_fixture(tmp_path)
    outputs.report_pdf.write_bytes(b"%PDF previous")

    def broken(*args, **kwargs):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(render, "write_pdf", broken)
    monkeypatch.setattr(render, "build_charts", lambda context, data: _fake_charts())
    with pytest.raises(RuntimeError):
        render.run(inputs, outputs)
    assert outputs.report_pdf.read_bytes() == b"%PDF previous"
    assert not list(outputs.root.glob(".report.pdf*"))


# --- User errors and the pure parts --------------------------------------------------------------

def test_missing_table_is_a_swedish_user_error(tmp_path):
    inputs, outputs = _copy_fixture(tmp_path)
    outputs.aggregated_table("by_region").unlink()
    with pytest.raises(PipelineError, match=r"by_region\.csv: filen saknas.*aggregate"):
        render.run(inputs, outputs)


def test_bad_number_names_file_row_and_column(tmp_path):
    inputs, outputs = _copy_fixture(tmp_path)
    path = outputs.aggregated_table("by_year")
    rows = read_rows(path)
    rows[1]["total_cost"] = "ca 40 000"
    write_rows(path, list(rows[0]), rows)
    with pytest.raises(PipelineError, match=r"3_aggregated/by_year\.csv, rad 3, kolumn total_cost"):
        render.run(inputs, outputs)


def test_missing_column_is_a_user_error(tmp_path):
    inputs, outputs = _copy_fixture(tmp_path)
    path = outputs.aggregated_table("indicators")
    rows = read_rows(path)
    write_rows(path, [c for c in rows[0] if c != "outcome_pct"], rows)
    with pytest.raises(PipelineError, match="outcome_pct saknas"):
        render.run(inputs, outputs)


def _fake_charts() -> dict:
    return {key: charts.Chart(key, key, "alt", "x.csv", Markup("<svg></svg>"))
            for key in ("costs_by_year", "financing_by_source", "costs_by_region", "indicator_outcomes")}


def test_profiles_are_capped_and_the_report_says_how_many_were_left_out(tmp_path):
    inputs, outputs = _copy_fixture(tmp_path)
    data = render.load_report_data(inputs, outputs)
    data = dataclasses.replace(data, config=dataclasses.replace(data.config, max_profile_pages=2))
    context = render.build_context(data, render.report_timestamp(data.config))
    assert len(context["profiles"]) == 2 and context["profiles_omitted"] == 1
    assert len(context["projects"]) == 3  # the project list is never capped
    html = render.render_html({**context, "charts": _fake_charts()})
    assert "1 projekt har utelämnats" in html
    assert html.count('class="profile"') == 2


def test_context_figures_are_exact(tmp_path):
    inputs, outputs = _copy_fixture(tmp_path)
    data = render.load_report_data(inputs, outputs)
    context = render.build_context(data, render.report_timestamp(data.config))
    totals = _table(outputs, "programme_totals")[0]
    assert context["totals"]["cost_of_budget_pct"] == Decimal(totals["cost_of_budget_pct"])
    assert context["totals"]["public_total"] + context["totals"]["private_total"] == Decimal(totals["cofinancing_total"])
    assert [r["agency_share_pct"] for r in context["by_year"]] == [
        Decimal(r["agency_share_pct"]) for r in _table(outputs, "by_year")]
    categories = _table(outputs, "category_totals")
    assert [r["budget"] for r in context["categories"]["rows"]] == [
        -Decimal(r["budget"]) if r["category"] == "project_income" else Decimal(r["budget"]) for r in categories]
    assert context["categories"]["rows"][-1]["deducted"] and context["categories"]["rows"][-1]["by_year"][-1] < 0
    assert sum(r["actual"] for r in context["categories"]["rows"]) == Decimal(totals["total_cost"])
    sources = _table(outputs, "financing_totals")
    assert [(r["label"], r["total"], r["share_pct"]) for r in context["financing"]["rows"]] == [
        (r["source_label"], Decimal(r["amount"]), Decimal(r["share_pct"])) for r in sources]
    assert context["region_years"]["year_totals"] == [Decimal(r["total_cost"]) for r in _table(outputs, "by_year")]
    assert [i["label"] for i in context["indicators_below"]] == ["Utbildningar som startats eller förändrats"]
    assert context["source_files"][0]["sha256"]


def test_timestamp_from_source_date_epoch(tmp_path, monkeypatch):
    config = load_config(FIXTURE / "inputs" / "programme.toml")
    assert render.report_timestamp(config).isoformat() == "2018-03-15T00:00:00"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1521072000")
    assert render.report_timestamp(config).isoformat() == "2018-03-15T00:00:00"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "igår")
    with pytest.raises(PipelineError):
        render.report_timestamp(config)


def test_template_environment_is_strict_and_escapes():
    from jinja2 import UndefinedError

    environment = render.template_environment()
    with pytest.raises(UndefinedError):
        environment.from_string("{{ missing.attribute }}").render()
    assert environment.from_string("{{ x }}").render(x="<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;"


def test_chart_svg_is_accessible_vector_and_reproducible():
    rows = [{"year": "2014", "budget_total": "1470000", "total_cost": "1400000"},
            {"year": "2015", "budget_total": "3465000", "total_cost": "3300000"}]
    first, second = charts.costs_by_year(rows), charts.costs_by_year(rows)
    assert str(first.svg) == str(second.svg)
    svg = str(first.svg)
    assert svg.startswith("<svg") and "<?xml" not in svg and "<image" not in svg
    assert 'role="img"' in svg and f'aria-label="{first.alt}"' in svg and f"<title>{first.alt}</title>" in svg
    assert "DejaVu Sans" in svg and "<text" in svg  # text stays text, in the document's font
    assert "1,5" in first.alt and "3,3" in first.alt  # the alt text carries the numbers, Swedish style
    labelled = charts.accessible_svg('<?xml version="1.0"?>\n<svg width="1"><g/></svg>', 'a "b" <c>')
    assert labelled.startswith('<svg width="1" role="img" aria-label="a &#34;b&#34; &lt;c&gt;">')


def test_references_do_not_wrap_and_stay_escaped():
    html = str(render.nowrap_references("Uppdrag N2012/6275/RT & <b>"))
    assert html == 'Uppdrag <span class="nowrap">N2012/6275/RT</span> &amp; &lt;b&gt;'


def test_a_programme_without_accepted_projects_still_renders(tmp_path):
    inputs, outputs = _copy_fixture(tmp_path)
    for name, columns in AGGREGATED_COLUMNS.items():
        if name == "programme_totals":
            # No denominator, no share: every percentage is empty but those of the frame.
            zero = {c: "" if c.endswith("_pct") else 0 for c in columns} | {
                "frame_amount": 60_000_000, "paid_of_frame_pct": 0, "granted_of_frame_pct": 0}
            write_rows(outputs.aggregated_table(name), columns, [zero])
        elif name not in ("set_aside", "findings_by_rule"):
            write_rows(outputs.aggregated_table(name), columns, [])
    summary = render.run(inputs, outputs)
    assert summary["diagram"] == 3  # no indicator chart without indicators
    text = _normalise("\n".join(page.extract_text() for page in PdfReader(outputs.report_pdf).pages))
    assert "redovisar 0 projekt i 0 län" in text
    assert "i genomsnitt – per projekt" in text
    assert "Inga projekt har redovisat indikatorer." in text
