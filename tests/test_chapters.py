"""The agency's chapter texts (inputs/text/*.md): order from the config, Markdown with raw HTML off,
live figures equal to the aggregated CSVs, and every mistake stopped with its file and line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from markupsafe import Markup

from pipeline import catalog
from pipeline import config as config_module
from pipeline.config import load_config
from pipeline.errors import PipelineError, TextError, UnreadableInputsError
from pipeline.formatting import (
    format_count_words,
    format_mnkr,
    format_number,
    format_pct,
    format_whole_kr,
)
from pipeline.paths import REPO_ROOT, InputPaths, OutputPaths
from pipeline.stages.render import figures as figures_module
from pipeline.stages.render.chapters import GENERATED_CHAPTERS, Chapter, chapter_plan, text_chapter
from pipeline.stages.render.figures import Figures
from tests.conftest import writable_again

SAMPLE_TEXT = REPO_ROOT / "inputs" / "text"
WHERE = "inputs/text/prov.md"


@pytest.fixture
def programme(small_programme, tmp_path):
    """A writable copy of the small programme's inputs with the sample texts, and its outputs."""
    inputs, outputs = small_programme.copy_to(tmp_path)
    writable_again(inputs.root)
    shutil.copytree(SAMPLE_TEXT, inputs.text_dir)
    return inputs, outputs


def _chapter(source: str, outputs: OutputPaths, chapter_id: str = "prov") -> Chapter:
    return text_chapter(chapter_id, source, WHERE, Figures(outputs))


def _set_chapters(inputs: InputPaths, chapters: list[str]) -> None:
    text = inputs.config.read_text(encoding="utf-8")
    listed = ", ".join(f'"{c}"' for c in chapters)
    inputs.config.write_text(
        text.replace("[report]\n", f"[report]\nchapters = [{listed}]\n", 1), encoding="utf-8"
    )


def _text(html: str) -> str:
    """The html's text with any run of (no-break) spaces as one space."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html).replace("\u202f", " ").replace("\u00a0", " "))


# --- The sample texts: live figures equal the aggregated CSVs ----------------------------------


def test_sample_texts_open_the_report_and_their_figures_equal_the_csvs(programme):
    inputs, outputs = programme
    plan = chapter_plan(load_config(inputs.config), inputs, outputs)
    assert [c.id for c in plan][:3] == ["sammanfattning", "uppdraget", "genomforande"]
    assert "andringar" not in [c.id for c in plan]  # no changes.csv in this run
    chapters = {c.id: c for c in plan}
    assert chapters["sammanfattning"].title == "Sammanfattning"
    assert chapters["sammanfattning"].source == "text/sammanfattning.md"
    assert chapters["ekonomi"] == Chapter("generated", "ekonomi", "Ekonomisk redovisning", None, "")
    summary = _text(chapters["sammanfattning"].html)
    assert summary.startswith("Tillväxtverket bedömer att")

    totals = catalog.load("programme_totals", outputs).iloc[0]
    indicators = catalog.load("indicator_totals", outputs).set_index("indicator")
    meetings = catalog.load("meetings_by_type", outputs).set_index("meeting_type")
    plain = lambda s: s.replace("\u202f", " ").replace("\u00a0", " ")  # noqa: E731
    expected = [
        f"har {format_count_words(int(totals['projects']))} projekt i "
        f"{format_count_words(int(totals['regions']))} län redovisat kostnader på sammanlagt "
        f"{format_mnkr(totals['total_cost'])}",
        f"ram på {format_mnkr(totals['frame_amount'])} beviljade Tillväxtverket projekten "
        f"{format_mnkr(totals['granted_register_total'])}, och projekten redovisar "
        f"{format_mnkr(totals['agency_paid'])} i finansiering från verket.",
        f"blev därmed {format_pct(totals['agency_share_weighted_pct'])}",
        f"tagit fram {format_number(int(indicators.loc['skills_analyses', 'outcome']))} kompetensbehovsanalyser",
        f"till {format_count_words(int(meetings.loc['theme_meeting', 'meetings']), common_gender=True)} tematräffar",
    ]
    for fragment in expected:
        assert plain(fragment) in summary
    assert "{{" not in summary and "\ue000" not in summary
    # The counts are words in the small programme (four projects, one set aside): "tre projekt".
    assert int(totals["projects"]) <= 12 and re.search(r"har [a-zåäö]+ projekt i [a-zåäö]+ län", summary)


def test_every_sample_text_resolves_and_has_no_hand_typed_amounts(programme):
    inputs, outputs = programme
    for chapter in chapter_plan(load_config(inputs.config), inputs, outputs):
        if chapter.kind == "text":
            source = (SAMPLE_TEXT / f"{chapter.id}.md").read_text(encoding="utf-8")
            prose = re.sub(r"\{\{.*?\}\}", "", source)
            assert not re.search(r"\d[\d ]*(?:,\d+)? ?(?:mnkr|tkr|kr|%)", prose), chapter.id
            assert isinstance(chapter.html, Markup) and "<h1" not in chapter.html


def test_kr_format_rounds_to_whole_kronor(programme):
    _, outputs = programme
    totals = catalog.load("programme_totals", outputs).iloc[0]
    html = _chapter("# T\n\nKostnad {{programme_totals.total_cost:kr}}.\n", outputs).html
    assert format_whole_kr(totals["total_cost"]) in html and ",5" not in html


# --- Mistakes stop the render with the file and line -------------------------------------------


@pytest.mark.parametrize(
    "placeholder, message",
    [
        (
            "{{programme_total.total_cost:mnkr}}",
            "tabellen 'programme_total' finns inte; menade du `programme_totals`?",
        ),
        ("{{programme_totals.totl_cost:mnkr}}", "ingen kolumn 'totl_cost'; menade du `total_cost`?"),
        ("{{programme_totals.xyz:mnkr}}", "ingen kolumn 'xyz'; välj en av: projects"),
        (
            "{{by_region[county_code=02].total_cost:mnkr}}",
            "ingen rad med county_code=02; finns: county_code=01",
        ),
        ("{{programme_totals.total_cost:mkr}}", "formatet 'mkr' finns inte; menade du `mnkr`?"),
        ("{{programme_totals.total_cost:pct}}", "är ett belopp och kan inte visas som pct; välj en av: mnkr"),
        ("{{programme_totals.total_cost}}", "följer inte mönstret"),
        ("{{by_region.total_cost:mnkr}}", "välj rad med by_region[county_code=…]"),
        ("{{programme_totals[projects=3].total_cost:mnkr}}", "har en enda rad"),
        ("{{by_region[year=2013].total_cost:mnkr}}", "ska ha formen [county_code=…]"),
        ("{{programme_totals.total_cost:mnkr", "{{ utan avslutande }}"),
        ("{{programme_totals.projects:count.1}}", "tar inga decimaler"),
        (
            "{{indicator_totals[indicator=validation_model].outcome:number}}",
            "menade du `indicator=validation_models`?",
        ),
        # Nothing that looks like a figure slips through (issue 21).
        ("{programme_totals.total_cost:mnkr}", "menade du `{{programme_totals.total_cost:mnkr}}`?"),
        ("{by_region[county_code=01].total_cost}", "dubbla klamrar"),
        ("programme_totals.total_cost:mnkr}}", "}} utan inledande {{"),
        ("{{programme_totals.projects:count}} }}", "}} utan inledande {{"),
    ],
)
def test_a_bad_placeholder_names_the_file_and_line(programme, placeholder, message):
    _, outputs = programme
    source = f"# Prov\n\nFörsta stycket.\n\nAndra stycket med {placeholder} i sig.\n"
    with pytest.raises(TextError) as caught:
        _chapter(source, outputs)
    assert re.match(rf"{re.escape(WHERE)}, rad 5, kolumn \d+: ", str(caught.value))
    assert message in str(caught.value)
    assert caught.value.exit_code == 2 and caught.value.source_line == source.split("\n")[4]


def test_a_figure_from_a_missing_csv_names_the_text_and_the_csv(programme, tmp_path):
    _, outputs = programme
    catalog.dataset("by_region").file(outputs).unlink()
    with pytest.raises(PipelineError) as caught:
        _chapter("# Prov\n\n{{by_region[county_code=01].total_cost:mnkr}}\n", outputs)
    assert str(caught.value).startswith(f"{WHERE}, rad 3, kolumn 1: ")
    assert "by_region.csv saknas" in str(caught.value)


def test_a_misspelt_figure_in_a_sample_text_stops_the_plan_naming_file_and_line(programme):
    inputs, outputs = programme
    path = inputs.text_file("sammanfattning")
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines, start=1) if "programme_totals.total_cost" in line)
    lines[number - 1] = lines[number - 1].replace(
        "programme_totals.total_cost", "programme_totals.total_kost"
    )
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(
        PipelineError,
        match=rf"text/sammanfattning\.md, rad {number}, kolumn \d+: .*total_kost'; menade du `total_cost`",
    ):
        chapter_plan(load_config(inputs.config), inputs, outputs)


# --- Markdown: raw HTML is text, images refused, headings with unique ids ------------------------


def test_raw_html_and_script_come_out_as_text(programme):
    _, outputs = programme
    source = (
        "# Prov\n\nEtt stycke med <b>fet</b> och <script>alert(1)</script> i.\n\n"
        '<div onclick="x()">block</div>\n\n<script>alert(2)</script>\n'
    )
    html = str(_chapter(source, outputs).html)
    assert "<script" not in html and "<b>" not in html and "<div" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;b&gt;fet&lt;/b&gt;" in html
    assert "&lt;div onclick=&quot;x()&quot;&gt;block&lt;/div&gt;" in html


def test_an_image_is_refused_with_its_line(programme):
    _, outputs = programme
    with pytest.raises(PipelineError, match=rf"^{re.escape(WHERE)}, rad 4: bilder tas inte med"):
        _chapter("# Prov\n\nText.\n![karta](http://example.com/karta.png)\n", outputs)


def test_headings_title_sections_and_unique_ids(programme):
    _, outputs = programme
    source = "# Bedömning\n\nIntro.\n\n## Lärdomar\n\nA.\n\n### Första\n\nB.\n\n## Lärdomar\n\nC.\n"
    chapter = _chapter(source, outputs, "bedomning")
    assert chapter.title == "Bedömning" and "Bedömning" not in chapter.html
    assert '<h2 id="bedomning-lardomar">Lärdomar</h2>' in chapter.html
    assert '<h3 id="bedomning-forsta">Första</h3>' in chapter.html
    assert '<h2 id="bedomning-lardomar-2">Lärdomar</h2>' in chapter.html


@pytest.mark.parametrize(
    "source, line, message",
    [
        ("Ingen rubrik.\n", 1, "ska börja med kapitlets rubrik"),
        ("# A\n\n# B\n", 3, "en enda '# '-rubrik"),
        ("# A\n\n### B\n", 3, "behöver ett '## '-avsnitt före"),
        ("# A\n\n## B\n\n#### C\n", 5, "rubriknivån #### används inte"),
        ("# A\n\n[länk]({{programme_totals.projects:number}})\n", 3, "inte i en länkadress"),
    ],
)
def test_structure_mistakes_name_the_line(programme, source, line, message):
    _, outputs = programme
    with pytest.raises(PipelineError) as caught:
        _chapter(source, outputs)
    assert str(caught.value).startswith(f"{WHERE}, rad {line}: ") and message in str(caught.value)


# --- The config: order honoured, a missing file refused ----------------------------------------


def test_config_order_is_honoured_and_andringar_only_with_changes_csv(programme):
    inputs, outputs = programme
    _set_chapters(inputs, ["ekonomi", "rekommendationer", "andringar", "sammanfattning", "projekt"])
    config = load_config(inputs.config)
    assert config.chapters == ("ekonomi", "rekommendationer", "andringar", "sammanfattning", "projekt")
    assert [c.id for c in chapter_plan(config, inputs, outputs)] == [
        "ekonomi",
        "rekommendationer",
        "sammanfattning",
        "projekt",
    ]
    catalog.dataset("changes").file(outputs).write_text("", encoding="utf-8")
    plan = chapter_plan(config, inputs, outputs)
    assert [(c.kind, c.id) for c in plan][1:3] == [("text", "rekommendationer"), ("generated", "andringar")]


def test_a_missing_chapter_file_is_refused_naming_it(programme):
    inputs, _ = programme
    _set_chapters(inputs, ["sammanfattning", "slutsatser", "ekonomi"])
    with pytest.raises(UnreadableInputsError) as caught:
        load_config(inputs.config)
    message = str(caught.value)
    assert "programme.toml" in message and "'slutsatser'" in message and str(inputs.text_dir) in message
    assert "slutsatser.md finns inte" in message


@pytest.mark.parametrize("entry", ["../programme", "sammanfattning.md", ""])
def test_a_chapter_entry_that_is_not_a_plain_name_is_refused(programme, entry):
    inputs, _ = programme
    _set_chapters(inputs, [entry])
    with pytest.raises(UnreadableInputsError, match="chapters"):
        load_config(inputs.config)


def test_without_the_key_the_default_order_keeps_the_texts_that_exist(programme):
    inputs, _ = programme
    inputs.text_file("teman").unlink()
    chapters = load_config(inputs.config).chapters
    assert "teman" not in chapters
    assert chapters == tuple(c for c in config_module.DEFAULT_CHAPTERS if c != "teman")


def test_generated_chapter_ids_are_the_configs():
    assert tuple(GENERATED_CHAPTERS) == config_module.GENERATED_CHAPTER_IDS


# --- Formatters for running text, and the documentation ----------------------------------------


def test_counts_in_words_and_whole_kronor():
    assert [format_count_words(n) for n in (0, 1, 7, 12)] == ["noll", "ett", "sju", "tolv"]
    assert format_count_words(1, common_gender=True) == "en" and format_count_words(13) == "13"
    assert format_count_words(1799) == "1\u202f799" and format_count_words(None) == "\u2013"
    assert format_whole_kr("1234.50") == "1\u202f235\u00a0kr"


def test_the_docs_list_every_name_as_the_catalog_declares_it():
    docs = (REPO_ROOT / "docs" / "report-text.md").read_text(encoding="utf-8")
    assert figures_module.docs_section(docs) == figures_module.reference_markdown(), (
        "docs/report-text.md is out of date: run `make generated`"
    )
    for name in catalog.AGGREGATED:
        assert f"### `{name}`" in docs
        for column in catalog.dataset(name).columns:
            assert f"| `{column}` |" in docs


def test_sample_text_folder_is_the_default_chapters_texts():
    stems = {p.stem for p in Path(SAMPLE_TEXT).glob("*.md")}
    assert stems == set(config_module.DEFAULT_CHAPTERS) - set(GENERATED_CHAPTERS)
