"""Render stage on the small programme of conftest.py (made by the real earlier stages): the
report's text and figures, the user's errors and the pure parts (context, templates).

The report is rendered once per session (twice, to compare bytes; fixture `rendered` in
conftest.py). Any WARNING or worse that WeasyPrint logs fails the tests. Expected figures are read
from the CSVs and formatted as the report must show them, so the tests hold for any data the
earlier stages write. The PDF's structure, safety and the charts: test_render_pdf.py.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import re
import tempfile
from decimal import Decimal

import pytest
from markupsafe import Markup
from pypdf import PdfReader

from pipeline import charts
from pipeline.config import load_config
from pipeline.errors import PipelineError
from pipeline.formatting import (
    format_amount,
    format_number,
    format_pct,
    format_prose_kr,
    format_thousands,
)
from pipeline.paths import TEMPLATES_DIR
from pipeline.stages import render
from tests.conftest import catalog_rows, normalise, writable_again

pytestmark = pytest.mark.usefixtures("fail_on_weasyprint_warnings")


def _copy(small_programme, tmp_path):
    inputs, outputs = small_programme.copy_to(tmp_path)
    return inputs, outputs


def _rewrite_csv(path, change) -> None:
    """Edit a hand-over as a person with a text editor would: header and rows as text."""
    with open(path, newline="", encoding="utf-8") as handle:
        records = list(csv.reader(handle))
    records = change(records)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(records)


# --- The PDF's content ---------------------------------------------------------------------------


def test_summary_counts_pages_tables_and_charts(rendered):
    assert rendered.summary["sidor"] == len(rendered.pages) >= 10
    assert rendered.summary["diagram"] == 2  # county shares against the ceiling; outcome against target
    assert rendered.summary["tabeller"] == rendered.html.count("<table") >= 12
    assert "render: sätter sidorna (WeasyPrint)" in rendered.progress
    assert "WeasyPrint" in rendered.progress.splitlines()[-1]


def test_key_figures_equal_the_csvs(rendered):
    totals = catalog_rows(rendered.outputs, "programme_totals")[0]
    expected = [
        format_prose_kr(totals["total_cost"]),
        format_prose_kr(totals["agency_paid"]),
        format_prose_kr(totals["granted_register_total"]),
        format_prose_kr(totals["budget_total"]),
        format_prose_kr(totals["cofinancing_total"]),
        format_prose_kr(totals["frame_amount"]),
        format_pct(totals["agency_share_weighted_pct"]),
        format_pct(totals["agency_share_of_cash_pct"]),
        format_pct(totals["agency_share_avg_pct"]),
    ]
    for region in catalog_rows(rendered.outputs, "by_region"):
        expected += [
            f"{region['county_name']} {region['projects']} {format_thousands(region['budget_total'])} "
            f"{format_thousands(region['total_cost'])} {format_thousands(region['granted_amount'])} "
            f"{format_thousands(region['agency_paid'])} {format_pct(region['agency_share_pct'])}"
        ]
    for year in catalog_rows(rendered.outputs, "by_year"):
        expected += [
            f"{year['year']} {format_thousands(year['budget_total'])} {format_thousands(year['total_cost'])} "
            f"{format_thousands(year['agency_paid'])} {format_thousands(year['cofinancing_total'])} "
            f"{format_pct(year['agency_share_pct'])}"
        ]
    for indicator in catalog_rows(rendered.outputs, "indicator_totals"):
        expected += [
            f"{indicator['indicator_label']} {indicator['projects_reporting']} "
            f"{format_number(indicator['target'])} {format_number(indicator['outcome'])} "
            f"{format_pct(indicator['outcome_pct'])}"
        ]
    missing = [figure for figure in expected if normalise(figure) not in rendered.text]
    assert not missing


def test_the_economic_account_reads_as_prose_in_mnkr_and_names_what_is_reported(rendered):
    """Issue 10 point 5 and issue 11 point 3: decisions in full with the set-aside grants apart,
    "redovisad finansiering" (never "utbetalt"), net against net, no öre in prose."""
    totals = catalog_rows(rendered.outputs, "programme_totals")[0]
    kr = lambda column: format_prose_kr(totals[column])  # noqa: E731
    pct = lambda column: format_pct(totals[column])  # noqa: E731
    assert totals["decisions_set_aside"] == 1 and totals["frame_remaining"] > 0  # the test needs both
    expected = [
        f"Programmets ram var {kr('frame_amount')}.",
        f"beslut om stöd på sammanlagt {kr('granted_register_total')}; {kr('frame_remaining')} av ramen "
        "beviljades inte.",
        f"Av beloppet gäller {kr('granted_accepted')} de projekt som ingår i rapporten och "
        f"{kr('granted_set_aside')} projekt vars slutredovisning innehöll fel",
        f"Summa beslut {totals['decisions']} {format_amount(totals['granted_register_total'])}",
        f"Del av ramen som inte beviljades {format_amount(totals['frame_remaining'])}",
        f"redovisat {kr('agency_paid')} som finansiering från Tillväxtverket, {pct('paid_of_granted_pct')}",
        f"Resterande {kr('unpaid_granted')} av de beviljade medlen",
        f"uppgick till {kr('total_cost')}, vilket är {pct('cost_of_budget_pct')} av budgeten på "
        f"{kr('budget_total')}",
        "jämförelsen görs netto mot netto",
        f"{pct('agency_share_weighted_pct')} av de totala kostnaderna och {pct('agency_share_of_cash_pct')} av "
        "kostnaderna i pengar",
        f"{kr('in_kind_total')} ({pct('in_kind_of_cofinancing_pct')}) bidrag i annat än pengar",
    ]
    missing = [figure for figure in expected if normalise(figure) not in rendered.text]
    assert not missing
    body = rendered.text.split("Bilaga 2. Rapportens underlag")
    assert len(body) >= 3  # the contents, then the basis appendix (heading and running header)
    assert "Redovisad finansiering från Tillväxtverket" in body[1]
    # What the projects report is never called paid out (the agency's payments are another figure).
    own = (TEMPLATES_DIR / "body.html.j2").read_text(encoding="utf-8").lower()
    assert "utbetal" not in own.replace("myndighetens utbetalningar", "")
    assert not re.search(r"\d,\d\d kr", body[1]), "öre in the body"


def test_text_uses_swedish_number_format(rendered):
    joined = "\n".join(rendered.pages)
    totals = catalog_rows(rendered.outputs, "programme_totals")[0]
    total_cost = format_thousands(totals["total_cost"])
    assert totals["total_cost"] >= 1_000_000 and "\u202f" in total_cost  # the test needs thousands groups
    assert total_cost in joined  # narrow no-break groups
    assert format_prose_kr(totals["total_cost"]) in joined  # decimal comma, no-break space before mnkr
    assert format_pct(totals["agency_share_weighted_pct"]) in joined  # decimal comma, no-break before %
    income = next(
        r for r in catalog_rows(rendered.outputs, "category_totals") if r["category"] == "project_income"
    )
    by_year = sorted(
        (r["year"], r["actual"])
        for r in catalog_rows(rendered.outputs, "category_by_year")
        if r["category"] == "project_income"
    )
    assert income["actual"] > 0  # the CSV holds income positive; the table shows it deducted:
    cells = [format_thousands(-actual) for _, actual in by_year]
    cells += [
        format_thousands(-income["budget"]),
        format_thousands(-income["actual"]),
        format_pct(income["actual_vs_budget_pct"]),
    ]
    assert any(cell.startswith("−") for cell in cells)
    assert normalise(f"{income['category_label']} (avdrag) {' '.join(cells)}") in rendered.text
    assert "15 mars 2018" in joined


def test_front_matter_from_config(rendered):
    config = rendered.config
    cover = normalise(rendered.pages[0])
    assert normalise(config.report_title) in cover
    assert config.agency in cover and config.diarienummer in cover
    assert all(commission in cover for commission in config.commissions)
    assert "Sida" not in cover  # no page number on the cover
    approval = normalise(rendered.pages[1])
    assert (
        f"Beslutet att godkänna denna slutrapport har fattats av {config.approver_role}; "
        f"handläggningen har gjorts av {config.case_officer_role}."
    ) in approval
    assert f"{config.place} den 15 mars 2018" in approval
    assert re.search(r"Sida 2 av \d+", approval)


def test_every_page_after_the_cover_says_sida_x_av_y(rendered):
    total = len(rendered.pages)
    for number, text in enumerate(rendered.pages[1:], start=2):
        assert f"Sida {number} av {total}" in normalise(text)


def test_every_toc_entry_has_the_page_number_of_its_heading(rendered):
    toc_page = rendered.pages[2]
    assert toc_page.startswith("Innehåll")
    entries = re.findall(r"^(.+?)(?: \.)+ ?(\d+)$", toc_page, flags=re.M)
    headings = re.findall(r'<h[12] id="[^"]+"[^>]*>(.*?)</h[12]>', rendered.html)
    assert len(entries) == len(headings) - 1  # every heading but "Innehåll" itself
    for title, page in entries:
        assert normalise(title.strip()) in normalise(rendered.pages[int(page) - 1]), (title, page)


def test_every_table_has_a_captioned_region_and_names_its_source_in_words(rendered):
    """Each table: wrapped in a labelled region (the HTML edition scrolls it), a <caption id>, a
    source in words; the attached tables it comes from are named only for the reviewers' edition."""
    html = rendered.html
    tables = re.findall(
        r'<div class="table-scroll" role="region" tabindex="0" aria-labelledby="([^"]+)">\s*'
        r'<table[^>]*>\s*<caption id="([^"]+)">(.*?)</caption>',
        html,
        flags=re.S,
    )
    assert len(tables) == html.count("<table") and tables
    for labelled_by, caption_id, caption in tables:
        assert labelled_by == caption_id
        assert "Källa: " in caption or caption.startswith("Nyckeltal för"), caption
    assert len({caption_id for _, caption_id, _ in tables}) == len(tables)  # ids are unique
    body = html.split("</nav>")[1]
    assert not re.search(r"\.(csv|json|xlsx)\b", body)
    assert re.search(
        r'<table class="[^"]*" data-tables="by_region">\s*<caption id="tabell-lan">[^<]*<span class="source">'
        r"Källa: projektens slutredovisningar och Tillväxtverkets beslutsregister.</span>",
        body,
    )


def test_all_projects_listed_and_profiles_present(rendered):
    for project in catalog_rows(rendered.outputs, "project_summary"):
        assert project["project_id"] in rendered.text
        assert normalise(f"Nyckeltal för {project['title']} (tkr)") in rendered.text
    set_aside = catalog_rows(rendered.outputs, "set_aside")[0]
    assert set_aside["project_id"] in rendered.text
    assert "Alla projekt har en profil." in rendered.text


def test_good_examples_and_source_hashes(rendered):
    for example in catalog_rows(rendered.outputs, "good_examples"):
        assert normalise(example["good_example_title"]) in rendered.text
    assert "& uppdateras varje år" in rendered.text  # escaped in HTML, plain in the PDF
    import json

    manifest = json.loads(rendered.outputs.manifest.read_text(encoding="utf-8"))
    underlag = _underlag_text(rendered).replace(" ", "")
    for entry in manifest["inputs"]:
        assert entry["sha256"] in underlag  # in the reviewers' edition
        assert entry["sha256"] not in rendered.text.replace(" ", "")  # not in the ministry's


def _underlag_text(rendered) -> str:
    return normalise(
        "\n".join(page.extract_text() for page in PdfReader(rendered.outputs.underlag_pdf).pages)
    )


def test_method_note_lists_the_checks(rendered):
    """The reviewers' edition lists every rule by its id, with what it checks."""
    text = _underlag_text(rendered)
    squeezed = text.replace(" ", "")  # a long check may wrap after a hyphen
    for rule in catalog_rows(rendered.outputs, "findings_by_rule"):
        assert rule["rule_id"] in text
        assert rule["checks"].replace(" ", "") in squeezed


# --- User errors and the pure parts --------------------------------------------------------------


def test_failed_render_leaves_no_report_that_looks_current(small_programme, tmp_path, monkeypatch):
    """Issue 21: the previous PDF, its HTML and checksums are removed, not left looking current."""
    inputs, outputs = _copy(small_programme, tmp_path)
    previous = {
        outputs.report_pdf: b"%PDF previous",
        outputs.report_html: b"<html>previous",
        outputs.report_checksums: b"previous",
    }
    for path, data in previous.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def broken(*args, **kwargs):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(render, "write_pdf", broken)
    monkeypatch.setattr(render, "build_charts", lambda data: _fake_charts())
    with pytest.raises(RuntimeError):
        render.run(inputs, outputs)
    assert [path for path in previous if path.exists()] == []
    assert not list(outputs.root.rglob("*.tmp"))


def test_missing_table_is_a_swedish_user_error(small_programme, tmp_path):
    inputs, outputs = _copy(small_programme, tmp_path)
    outputs.aggregated_table("by_region").unlink()
    with pytest.raises(PipelineError, match=r"3_aggregated/by_region\.csv saknas\. Kör om steget aggregate"):
        render.run(inputs, outputs)


def test_bad_number_names_file_row_and_column(small_programme, tmp_path):
    inputs, outputs = _copy(small_programme, tmp_path)
    path = outputs.aggregated_table("by_year")

    def change(records):
        records[2][records[0].index("total_cost")] = "ca 40 000"
        return records

    _rewrite_csv(path, change)
    with pytest.raises(
        PipelineError,
        match=r"3_aggregated/by_year\.csv, rad 3, kolumn total_cost: "
        r"'ca 40 000' är inget belopp",
    ):
        render.run(inputs, outputs)


def test_missing_column_is_a_user_error(small_programme, tmp_path):
    inputs, outputs = _copy(small_programme, tmp_path)
    path = outputs.aggregated_table("indicators")

    def change(records):
        drop = records[0].index("outcome_pct")
        return [record[:drop] + record[drop + 1 :] for record in records]

    _rewrite_csv(path, change)
    with pytest.raises(PipelineError, match=r"indicators\.csv: kolumnerna outcome_pct saknas"):
        render.run(inputs, outputs)


def test_incomplete_manifest_is_a_user_error(small_programme, tmp_path):
    inputs, outputs = _copy(small_programme, tmp_path)
    manifest = json.loads(outputs.manifest.read_text(encoding="utf-8"))
    del manifest["inputs"][0]["sha256"]
    outputs.manifest.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(PipelineError, match=r"manifest\.json: listan \"inputs\".*Kör review-steget"):
        render.run(inputs, outputs)


def _fake_charts() -> dict:
    return {
        key: charts.Chart(key, key, "alt", "x.csv", Markup("<svg></svg>"))
        for key in ("agency_share_by_region", "indicator_outcomes")
    }


def test_profiles_are_capped_and_the_report_says_how_many_were_left_out(small_programme):
    data = render.load_report_data(small_programme.inputs, small_programme.outputs)
    data = dataclasses.replace(data, config=dataclasses.replace(data.config, max_profile_pages=2))
    context = render.build_context(data, render.report_timestamp(data.config))
    assert len(context["profiles"]) == 2 and context["profiles_omitted"] == 1
    assert len(context["projects"]) == 3  # the project list is never capped
    html = render.render_html({**context, "charts": _fake_charts()})
    assert "1 projekt har utelämnats" in html
    assert html.count('class="profile"') == 2


def test_context_figures_are_the_csv_figures(small_programme):
    outputs = small_programme.outputs
    data = render.load_report_data(small_programme.inputs, outputs)
    context = render.build_context(data, render.report_timestamp(data.config))
    totals = catalog_rows(outputs, "programme_totals")[0]
    assert context["totals"] == totals
    assert all(isinstance(v, (Decimal, int)) or v is None for v in context["totals"].values())
    assert [r["agency_share_pct"] for r in context["by_year"]] == [
        r["agency_share_pct"] for r in catalog_rows(outputs, "by_year")
    ]
    categories = catalog_rows(outputs, "category_totals")
    assert [(r["budget"], r["actual"], r["deducted"]) for r in context["categories"]["rows"]] == [
        (r["budget_signed"], r["actual_signed"], r["deducted"]) for r in categories
    ]
    income = context["categories"]["rows"][-1]
    income_by_year = {
        r["year"]: r["actual_signed"]
        for r in catalog_rows(outputs, "category_by_year")
        if r["category"] == "project_income"
    }
    assert income["deducted"] and income["by_year"] == [
        income_by_year[y] for y in context["categories"]["years"]
    ]
    assert all(amount <= 0 for amount in income["by_year"]) and income["actual"] < 0
    assert not any(r["deducted"] for r in context["categories"]["rows"][:-1])
    assert sum(r["actual"] for r in context["categories"]["rows"]) == totals["total_cost"]
    sources = catalog_rows(outputs, "financing_totals")
    assert [(r["label"], r["total"], r["share_pct"]) for r in context["financing"]["rows"]] == [
        (r["source_label"], r["amount"], r["share_pct"]) for r in sources
    ]
    assert context["region_years"]["year_totals"] == [
        r["total_cost"] for r in catalog_rows(outputs, "by_year")
    ]
    indicators = sorted(
        catalog_rows(outputs, "indicator_totals"), key=lambda i: (-i["outcome_pct"], i["indicator_label"])
    )
    below = [i["indicator_label"] for i in indicators if i["outcome_pct"] < 100]
    assert 0 < len(below) < len(indicators)  # the small programme has indicators on both sides
    assert [i["label"] for i in context["indicators_below"]] == below
    assert [i["label"] for i in context["indicators_top"]] == [i["indicator_label"] for i in indicators[:3]]
    manifest = json.loads(outputs.manifest.read_text(encoding="utf-8"))
    assert [(f["path"], f["size"], f["sha256"]) for f in context["source_files"]] == sorted(
        (e["path"], e["size_bytes"], e["sha256"]) for e in manifest["inputs"]
    )


def test_the_cost_table_shows_aggregates_signed_figures_and_decides_no_sign_itself():
    """Render applies no sign rule: it shows the *_signed columns and the deducted flag as they are
    (here deliberately at odds with the reported figures, so a rule re-applied in render would show)."""
    from pipeline.stages.render.context import _categories

    by_year = [
        {"category": "project_income", "year": 2014, "actual": Decimal(50), "actual_signed": Decimal(-7)},
        {"category": "project_income", "year": 2015, "actual": None, "actual_signed": None},
    ]
    totals = [
        {
            "category": "project_income",
            "category_label": "Projektintäkter",
            "budget": Decimal(100),
            "actual": Decimal(50),
            "actual_vs_budget_pct": Decimal(50),
            "budget_signed": Decimal(-9),
            "actual_signed": Decimal(-8),
            "deducted": False,
        }
    ]
    assert _categories(by_year, totals) == {
        "years": [2014, 2015],
        "rows": [
            {
                "label": "Projektintäkter",
                "by_year": [Decimal(-7), Decimal(0)],
                "budget": Decimal(-9),
                "actual": Decimal(-8),
                "actual_vs_budget_pct": Decimal(50),
                "deducted": False,
            }
        ],
    }


def test_templates_only_format():
    """No arithmetic on figures in the templates: a unit change is a filter (thousands, mnkr, share)."""
    arithmetic = re.compile(r"\{\{[^}]*?[\w)]\s*[*/]\s*\d[^}]*\}\}")
    for path in sorted(TEMPLATES_DIR.glob("*.j2")):
        found = arithmetic.findall(path.read_text(encoding="utf-8"))
        assert not found, (path.name, found)
    # The pattern finds what it looks for, and leaves paths in captions alone.
    assert arithmetic.search("{{ (value / 1000) | number }}") and arithmetic.search("{{ share * 100 | pct }}")
    assert not arithmetic.search('{{ value | thousands }} {{ m.caption("x", "3_aggregated/by_year.csv") }}')


def test_timestamp_from_source_date_epoch(small_programme, monkeypatch):
    config = load_config(small_programme.inputs.config)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
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


def test_references_do_not_wrap_and_stay_escaped():
    html = str(render.nowrap_references("Uppdrag N2012/6275/RT & <b>"))
    assert html == 'Uppdrag <span class="nowrap">N2012/6275/RT</span> &amp; &lt;b&gt;'


def test_a_programme_without_accepted_projects_still_renders(programme_all_set_aside, tmp_path):
    inputs, outputs = programme_all_set_aside.copy_to(tmp_path)
    try:
        summary = render.run(inputs, outputs)
    finally:
        writable_again(inputs.root)
    assert summary["diagram"] == 1  # no indicator chart without indicators
    text = normalise("\n".join(page.extract_text() for page in PdfReader(outputs.report_pdf).pages))
    assert "Ingen slutredovisning godkändes; två innehöll fel och ingår inte förrän de har rättats." in text
    assert "Per projekt var andelen i genomsnitt –." in text
    assert "Inga projekt har redovisat indikatorer." in text


def test_compiled_templates_are_cached_and_an_edited_or_torn_one_is_compiled_again(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))  # Jinja's cache folder goes here
    (tmp_path / "tmp").mkdir()
    templates = tmp_path / "templates"
    templates.mkdir()
    template = templates / "t.html.j2"
    template.write_text("ett", encoding="utf-8")

    def filled_in_by_a_new_process() -> str:
        # Each stage process makes a new environment; __wrapped__ does so here, past the lru_cache.
        return render.template_environment.__wrapped__(templates).get_template("t.html.j2").render()

    assert filled_in_by_a_new_process() == "ett"
    (cached,) = (tmp_path / "tmp").glob("_jinja2-cache-*/__kompetensplattformar_*.cache")
    stat = template.stat()
    template.write_text("två", encoding="utf-8")
    os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same time: only the text differs
    assert filled_in_by_a_new_process() == "två"
    cached.write_bytes(b"torn")
    assert filled_in_by_a_new_process() == "två"
