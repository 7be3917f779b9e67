"""Swedish as the agency writes it (issue 20 point 4): every word of both editions of the sample
report, and of the sample's own texts, is in Debian's Swedish dictionary or the project's list of
proper names (tests/spelling_words.txt). Hunspell and the dictionary come with `make system-libs`.

The editions are those of the committed sample (inputs/), built once here by the real stages: the
small programme of conftest.py plants hostile texts (formulas, markup) in its narratives on purpose.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from pipeline import catalog
from pipeline.config import load_config
from pipeline.contract import NARRATIVE_FIELDS
from pipeline.paths import PROJECTS_DIRNAME, OutputPaths
from pipeline.rules.declarations import declarations
from tests.conftest import STAGES_BEFORE_RENDER, run_stages
from tests.spelling import html_text, pdf_text, unknown_words, without_identifiers

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs"
# The indicator columns of the table per county are abbreviated I1, I2 … (the legend spells them out).
_COLUMN_ABBREVIATIONS = re.compile(r"\bI\d+\b")


def _ministry_text(text: str, commissions) -> str:
    for reference in commissions:
        text = text.replace(reference, " ")
    return _COLUMN_ABBREVIATIONS.sub(" ", text)


def test_the_check_finds_words_run_together_and_english_ones():
    assert unknown_words("Kontrollerna gav inga felmen åtta varningar och inga findings.") == [
        "felmen",
        "findings",
    ]
    assert unknown_words("Kontrollerna gav inga fel men åtta varningar i Östsam.") == []


@pytest.fixture(scope="module")
def sample_editions(tmp_path_factory) -> OutputPaths:
    """Both editions of the committed sample, as `make report` builds them."""
    outputs = tmp_path_factory.mktemp("sample-editions")
    run_stages(SAMPLE, outputs, (*STAGES_BEFORE_RENDER, "render", "underlag"))
    return OutputPaths(outputs)


def test_the_ministrys_edition_is_swedish(sample_editions):
    commissions = load_config(SAMPLE / "programme.toml").commissions
    text = _ministry_text(pdf_text(sample_editions.report_pdf), commissions)
    assert "Sammanfattning" in text and "Rapportens underlag" in text
    assert unknown_words(text) == []


def test_the_reviewers_edition_is_swedish_apart_from_its_identifiers(sample_editions):
    """The same text as its PDF (render writes both), read from the HTML, where a path is one cell."""
    names = {name for dataset in catalog.DATASETS.values() for name in (dataset.name, *dataset.columns)}
    text = without_identifiers(html_text(sample_editions.underlag_html, without_identifier_cells=True), names)
    assert "Kontroller och avvikelser" in text
    assert unknown_words(text) == []


def _sample_texts() -> str:
    """The sample's chapters (live figures left out) and every project's narrative, title and owner."""
    texts = [
        re.sub(r"\{\{[^}]*\}\}", " ", path.read_text(encoding="utf-8"))
        for path in sorted((SAMPLE / "text").glob("*.md"))
    ]
    for path in sorted((SAMPLE / "projects").glob("*.xlsx")):
        workbook = CalamineWorkbook.from_path(str(path))
        for sheet in ("Berättelse", "Projektuppgifter"):
            for row in workbook.get_sheet_by_name(sheet).to_python():
                texts += [str(cell) for cell in row[1:2] if isinstance(cell, str)]
    return "\n".join(texts)


def test_the_samples_texts_are_swedish():
    """What every new user reads first: the chapters in inputs/text and the generated narratives."""
    text = _sample_texts()
    assert len(text) > 10_000 and len(NARRATIVE_FIELDS) >= 2  # the narratives were read
    text = re.sub(r"\bÄ \d{4}-\d{6}\b|\S+@\S+|\bN\d{4}/\S+", " ", text)  # case ids, addresses, commissions
    assert unknown_words(text) == []


@pytest.mark.parametrize("word", ["fynd", "lagts åt sidan"])
def test_no_jargon_in_the_templates(word):
    """Calques the agency does not use: 'fynd' (avvikelse), 'lagts åt sidan' (inte godkänts)."""
    templates = ROOT / "templates"
    assert not [p.name for p in templates.glob("*.j2") if word in p.read_text(encoding="utf-8")]


def test_the_rules_register_is_swedish():
    """rules.toml, every sentence a person reads when an input is wrong, proofread as one text."""
    texts = [f"{d.checks}\n{d.message}" for d in declarations().values()]
    assert len(texts) > 60  # the register was read
    text = re.sub(r"\{[^}]*\}", " ", "\n".join(texts))  # what the check fills in
    text = re.sub(rf"ÅÅÅÅ-MM-DD|\bmappen {PROJECTS_DIRNAME}\b", " ", text)  # a date format, a folder's name
    assert unknown_words(without_identifiers(text)) == []
