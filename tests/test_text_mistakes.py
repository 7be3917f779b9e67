"""A mistake in the analyst's text: told once, in Swedish, and no report left looking current;
a saved chapter reruns only what reads it (issue 21)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from pipeline.paths import REPO_ROOT


def _pipeline(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("stage", ["render", "html", "check-text"])
def test_a_misspelt_name_is_told_once_in_swedish_and_the_old_report_removed(programme_with_texts, stage):
    inputs, outputs = programme_with_texts
    path = inputs.text_file("sammanfattning")
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "programme_totals.total_cost", "programme_totals.total_kost"
        ),
        encoding="utf-8",
    )
    (outputs.html_edition).mkdir()
    (outputs.html_edition / "index.html").write_text("förra utgåvan", encoding="utf-8")
    outputs.report_pdf.write_bytes(b"%PDF-1.7 previous report")
    done = _pipeline(stage, "--inputs", str(inputs.root), "--outputs", str(outputs.root))
    assert done.returncode == 2
    assert done.stderr.startswith("Fel: text/sammanfattning.md, rad ")
    assert done.stderr.count("total_kost'; menade du `total_cost`?") == 1 and "Error" not in done.stderr
    if stage == "render":
        assert not outputs.report_pdf.exists()
    if stage == "html":
        assert not outputs.html_edition.exists()


def _make(*args: str, inputs, outputs, state) -> str:
    done = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-C",
            str(REPO_ROOT),
            f"INPUTS={inputs}",
            f"OUTPUTS={outputs}",
            f"CODE_STATE={state / 'code'}",  # the checkout's own make state is left alone
            f"VENV_STAMP={state / 'venv.stamp'}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


@pytest.mark.parametrize(
    "changed, reruns",
    [
        ("text/teman.md", {"review", "check-text", "render", "html"}),
        ("projects/01_2013-009662.xlsx", {"extract", "validate", "aggregate", "review", "check-text"}),
    ],
)
def test_a_saved_chapter_reruns_only_review_and_the_render(tmp_path, changed, reruns):
    """`touch inputs/text/<chapter>.md; make -n report` lists neither extract nor validate nor
    aggregate (a workbook does: the test can fail). make -t marks a whole run as done first."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    inputs, outputs = tmp_path / "inputs", tmp_path / "outputs"
    shutil.copytree(REPO_ROOT / "inputs", inputs)
    for folder in (".make", "1_extracted", "2_validated", "3_aggregated", "html"):
        (outputs / folder).mkdir(parents=True)
    (tmp_path / "code").mkdir()
    run = {"inputs": inputs, "outputs": outputs, "state": tmp_path}
    _make("-t", "report", **run)
    _make("-n", "report", **run)  # the listings as they are (make -t only touched them)
    _make("-t", "report", **run)
    assert "pipeline" not in _make("-n", "report", **run)
    (inputs / changed).touch()
    planned = _make("-n", "report", **run)
    stages = {"extract", "validate", "aggregate", "review", "workbook", "check-text", "render", "html"}
    assert {s for s in stages if f"-m pipeline {s} " in planned or f"pipeline -q {s} " in planned} >= reruns
    if changed.startswith("text/"):
        assert {s for s in stages if f"-m pipeline {s} " in planned} == reruns - {"check-text"}
