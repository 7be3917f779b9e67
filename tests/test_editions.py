"""Two editions from one build (issue 20 point 1): the ministry's report.pdf holds no internals;
the reviewers' underlag.pdf holds them all, and maps each table and chart of the report to the
file it comes from. Read with pdftotext, as a reader's tools would (fixture `rendered`)."""

from __future__ import annotations

import re

import pytest

from pipeline import catalog
from pipeline.formatting import format_count_words as words
from pipeline.stages.render.underlag_document import report_map
from tests.conftest import catalog_rows
from tests.spelling import html_text, pdf_text


def _internals(rule_ids: list[str]) -> dict[str, re.Pattern]:
    return {
        "file name": re.compile(r"\b[\w.-]+\.(?:csv|xlsx|xls|toml|md|json)\b", re.I),
        "checksum": re.compile(r"\b[0-9a-f]{64}\b"),
        "snake_case identifier": re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b"),
        "rule id": re.compile(r"\b(?:" + "|".join(map(re.escape, rule_ids)) + r")\b"),
        "cell reference": re.compile(r"\bcell(?:en)? [A-Z]{1,3}\d+\b"),
    }


def test_the_ministrys_edition_holds_no_internals_and_the_reviewers_edition_holds_them(rendered):
    rule_ids = [r["rule_id"] for r in catalog_rows(rendered.outputs, "findings_by_rule")]
    patterns = _internals(rule_ids)
    report = pdf_text(rendered.outputs.report_pdf).replace("\u00ad", "")
    found = {what: pattern.findall(report) for what, pattern in patterns.items()}
    assert not any(found.values()), found
    # The patterns find what they look for: the reviewers' edition has each kind (the small
    # programme has a report set aside, so a rule fired and a file is named beside it).
    underlag = pdf_text(rendered.outputs.underlag_pdf)
    assert all(pattern.search(underlag) for what, pattern in patterns.items() if what != "cell reference")
    assert "Kontroller och avvikelser" in underlag and "Rapportens underlag" in report


def test_the_ministrys_edition_ends_with_its_basis_in_plain_swedish(rendered):
    totals = catalog_rows(rendered.outputs, "programme_totals")[0]
    basis = pdf_text(rendered.outputs.report_pdf).split("Bilaga 2. Rapportens underlag")[-1]
    basis = " ".join(basis.split())
    assert "Vad som har lästs" in basis and "Hur en läsare kan kontrollera rapporten" in basis
    accepted, decisions = (words(totals[c]) for c in ("decisions_accepted", "decisions"))
    assert totals["decisions_set_aside"] == 1  # the small programme has one report with an error
    assert (
        f"Slutredovisningarna från {accepted} av de {decisions} projekt som beviljats stöd godkändes "
        "och ingår i rapportens siffror. En innehöll fel och ingår inte."
    ) in basis


def test_each_table_and_chart_of_the_report_is_mapped_to_its_files(rendered):
    """As many entries as the report has numbered tables and charts, each naming catalog files."""
    body = rendered.html.split("</nav>", 1)[1]
    mapped = report_map(body)
    captions = len(re.findall(r"<caption id=", body)) - len(re.findall(r'<table class="facts">', body))
    assert len(mapped) == captions + body.count("<figure")
    assert [m["label"].split(".")[0] for m in mapped][:2] == ["Tabell 1", "Tabell 2"]
    paths = {d.path for d in catalog.DATASETS.values()}
    assert all(set(m["files"]) <= paths for m in mapped)
    assert sum(1 for m in mapped if m["files"]) >= len(mapped) - 2  # only the comparison's tables have none
    underlag = " ".join(pdf_text(rendered.outputs.underlag_pdf).split())
    assert "Tabell 1. Beslut om stöd och programmets ram (kr)" in underlag


def test_the_web_edition_holds_no_internals_either(rendered):
    """html/index.html is the ministry's edition too: its downloads are named by their titles."""
    rule_ids = [r["rule_id"] for r in catalog_rows(rendered.outputs, "findings_by_rule")]
    text = html_text(rendered.outputs.html_edition / "index.html")
    found = {what: pattern.findall(text) for what, pattern in _internals(rule_ids).items()}
    assert not any(found.values()), found
    assert "Per län" in text and "Data att ladda ner" in text


@pytest.mark.parametrize("edition", ["report_html", "underlag_html"])
def test_headings_never_skip_a_level(rendered, edition):
    """PDF/UA-1 (7.4.2-1): after an h1 comes an h2, never an h3 (veraPDF fails the PDF otherwise)."""
    html = getattr(rendered.outputs, edition).read_text(encoding="utf-8").split("</nav>", 1)[1]
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
    assert levels and levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
