"""tools/verapdf/run.sh: veraPDF (PDF/A-3a, PDF/UA-1) on a tiny WeasyPrint PDF, before and after
pipeline.pdf_accessibility, and on a copy stripped of /MarkInfo and /Lang (the harness can fail).

Slow (a JVM per run, ~5 s each) and needs Java: skipped unless RUN_VERAPDF=1. The first run
installs Java and JAXB (apt-get, as root) and fetches veraPDF into .cache/verapdf (git-ignored);
VERAPDF_CACHE moves that cache.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pikepdf
import pytest

from pipeline.pdf_accessibility import finisher

pytestmark = pytest.mark.skipif(
    os.environ.get("RUN_VERAPDF") != "1", reason="veraPDF is slow and needs Java: set RUN_VERAPDF=1"
)

HARNESS = Path(__file__).resolve().parent.parent / "tools" / "verapdf" / "run.sh"
HTML = """<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Liten rapport</title>
<style>@page { size: A6; margin: 20mm 10mm; font-family: DejaVu Sans;
               @bottom-right { content: "Sida " counter(page) " av " counter(pages); } }
       html { font-family: DejaVu Sans; }</style></head>
<body><h1>Rubrik</h1>
<table><caption>Tabell</caption>
<thead><tr><th scope="col">År</th><th scope="col">Belopp</th></tr></thead>
<tbody><tr><th scope="row">2014</th><td>100</td></tr></tbody></table>
</body></html>
"""
PDFA_PASS = "3a (PDF/A-3a validation profile): compliant"
PDFUA_PASS = "ua1 (PDF/UA-1 validation profile): compliant"


def validate(pdf: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(HARNESS), str(pdf)], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def weasyprint_pdf(tmp_path_factory) -> Path:
    from weasyprint import HTML as Document

    path = tmp_path_factory.mktemp("verapdf") / "weasyprint.pdf"
    path.write_bytes(Document(string=HTML).write_pdf(pdf_variant="pdf/a-3a", pdf_tags=True))
    return path


def test_weasyprint_output_passes_pdfa_3a_and_fails_only_pdfua_5_1(weasyprint_pdf):
    result = validate(weasyprint_pdf)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(PDFA_PASS)
    assert lines[1].startswith("ua1 (PDF/UA-1 validation profile): NOT compliant, 1 failed rule(s)")
    assert lines[2].startswith("  FAILED ISO 14289-1:2014 5-1 ")
    assert len(lines) == 3


def test_with_the_finisher_both_profiles_pass(tmp_path):
    from weasyprint import HTML as Document

    fixed = tmp_path / "fixed.pdf"
    fixed.write_bytes(
        Document(string=HTML).write_pdf(pdf_variant="pdf/a-3a", pdf_tags=True, finisher=finisher)
    )
    result = validate(fixed)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(",")[0] for line in lines] == [PDFA_PASS, PDFUA_PASS]


def test_the_harness_fails_a_pdf_without_markinfo_and_lang(weasyprint_pdf, tmp_path):
    stripped = tmp_path / "stripped.pdf"
    with pikepdf.open(weasyprint_pdf) as pdf:
        del pdf.Root.MarkInfo
        del pdf.Root.Lang
        pdf.save(stripped)
    result = validate(stripped)
    assert result.returncode == 1, result.stdout + result.stderr
    failed = [line.split()[3] for line in result.stdout.splitlines() if line.startswith("  FAILED")]
    assert "6.7.2.2-1" in failed  # PDF/A-3a: MarkInfo /Marked true
    assert "6.2-1" in failed  # PDF/UA-1: MarkInfo /Marked true
    assert "7.2-34" in failed  # PDF/UA-1: natural language of page content


def test_a_missing_file_is_a_setup_error_not_a_pass(tmp_path):
    result = validate(tmp_path / "finns-inte.pdf")
    assert result.returncode == 2
    assert "filen finns inte" in result.stderr


def test_a_file_verapdf_cannot_parse_is_a_setup_error_not_a_rule_failure(tmp_path):
    broken = tmp_path / "trasig.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot a pdf\n")
    result = validate(broken)
    assert result.returncode == 2
    assert "veraPDF kunde inte läsa filen" in result.stderr


@pytest.mark.parametrize("edition", ["report_pdf", "underlag_pdf"])
def test_both_editions_pass_both_profiles(rendered, edition):
    """The ministry's report and the reviewers' underlag: same render path, same finisher."""
    result = validate(getattr(rendered.outputs, edition))
    assert result.returncode == 0, result.stdout + result.stderr
    assert [line.split(",")[0] for line in result.stdout.splitlines()] == [PDFA_PASS, PDFUA_PASS]
