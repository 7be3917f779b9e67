"""Issue 22, point 1: the run completes however many of the final reports have not come in.

The analyst runs the pipeline while the regions' reports trickle in. From none to all but one of
the sample's workbooks removed (a copy of inputs/), the data stages exit 0; each decision without
a workbook is listed as awaiting its report (project_status and register_decisions say
no_workbook; it is never set aside); every remaining project's figures are those of the full run,
and the programme's totals are the sums over the remaining projects. The hand-overs' keys are
checked by the catalog on every save, so two decisions sharing the register's file, or two
workbooks without an ärende-id, would stop the run here.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from pipeline import catalog
from pipeline.cli import cli
from pipeline.paths import REGISTER_NAME, REPO_ROOT, OutputPaths
from pipeline.safe_io import read_rows

SAMPLE = REPO_ROOT / "inputs"
WORKBOOKS = tuple(sorted(path.name for path in (SAMPLE / "projects").glob("*.xlsx")))
# The aggregated tables with one row (or one row a year) per accepted project.
PER_PROJECT = (
    "project_summary",
    "project_narratives",
    "good_examples",
    "payments_by_project",
    "payments_by_project_year",
)
# programme_totals' sums over accepted projects, each the sum of project_summary's column.
SUMMED = (
    "budget_total",
    "total_cost",
    "granted_amount",
    "agency_paid",
    "public_cash",
    "public_in_kind",
    "private_cash",
    "private_in_kind",
    "cofinancing_total",
)


def rows(outputs: Path, name: str) -> list[dict[str, str]]:
    return read_rows(catalog.dataset(name).file(outputs))


def copy_without(root: Path, removed) -> Path:
    """A copy of the sample's inputs without the workbooks named in `removed`."""
    inputs = root / "inputs"
    shutil.copytree(SAMPLE, inputs, ignore=lambda folder, names: [n for n in names if n in removed])
    return inputs


def run_data_stages(inputs: Path, outputs: Path) -> None:
    """extract, validate, aggregate through the CLI, each expected to exit 0 (not --strict)."""
    for stage, *options in (("extract", "--workers", "1"), ("validate",), ("aggregate",)):
        done = CliRunner().invoke(cli, [stage, "--inputs", str(inputs), "--outputs", str(outputs), *options])
        assert done.exit_code == 0, f"{stage} exited {done.exit_code}: {done.output}"


class FullRun:
    """The sample with every workbook: what each project's figures must stay."""

    def __init__(self, outputs: Path):
        self.outputs = outputs
        self.file_of = {r["project_id"]: r["source_file"] for r in rows(outputs, "projects")}
        self.id_of = {Path(file).name: pid for pid, file in self.file_of.items()}
        self.granted = {
            r["project_id"]: Decimal(r["granted_amount"]) for r in rows(outputs, "register_decisions")
        }
        self.by_project = {name: _by_project(rows(outputs, name)) for name in PER_PROJECT}
        self.status = {r["project_id"]: r for r in rows(outputs, "project_status")}
        self.findings = _by_project(read_rows(OutputPaths(outputs).findings))
        self.payments = rows(outputs, "payments_totals")[0]


def _by_project(records: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    grouped: dict[str, list[dict[str, str]]] = {}
    for record in records:
        grouped.setdefault(record["project_id"], []).append(record)
    return grouped


@pytest.fixture(scope="module")
def full_run(tmp_path_factory) -> FullRun:
    root = tmp_path_factory.mktemp("sample-full")
    run_data_stages(copy_without(root, ()), root / "outputs")
    full = FullRun(root / "outputs")
    assert sorted(Path(file).name for file in full.file_of.values()) == list(WORKBOOKS)
    assert all(r["status"] == "accepted" for r in full.status.values())  # the sample sets none aside
    return full


def check_the_rest_is_reported(full: FullRun, outputs: Path, removed) -> None:
    """Removed decisions await their report; remaining projects' figures are unchanged; totals
    are the sums over the remaining projects."""
    missing = {full.id_of[name] for name in removed}
    remaining = set(full.file_of) - missing

    status = {r["project_id"]: r for r in rows(outputs, "project_status")}
    assert {pid for pid, r in status.items() if r["status"] == "no_workbook"} == missing
    assert all(status[pid]["source_file"] == REGISTER_NAME for pid in missing)
    assert {pid: status[pid] for pid in remaining} == {pid: full.status[pid] for pid in remaining}
    assert rows(outputs, "set_aside") == []
    decisions = {r["project_id"]: r["workbook_status"] for r in rows(outputs, "register_decisions")}
    assert {pid for pid, s in decisions.items() if s == "no_workbook"} == missing
    assert {pid for pid, s in decisions.items() if s == "accepted"} == remaining

    # Every remaining project's figures, row for row and cell for cell, and its findings.
    for name in PER_PROJECT:
        got = _by_project(rows(outputs, name))
        assert got == {pid: r for pid, r in full.by_project[name].items() if pid in remaining}, name
    findings = _by_project(read_rows(OutputPaths(outputs).findings))
    assert {pid: findings.get(pid) for pid in remaining} == {pid: full.findings.get(pid) for pid in remaining}
    for pid in missing:  # its V15 (no workbook); nothing new besides (a check of the workbook
        # against the ledger, V31, has no workbook to compare any more)
        assert [f["rule_id"] for f in findings[pid]].count("V15") == 1, pid
        before = full.findings.get(pid, [])
        assert all(f in before for f in findings[pid] if f["rule_id"] != "V15"), pid

    # The programme's totals: the sums over the remaining projects, the rest apart.
    totals = rows(outputs, "programme_totals")[0]
    summary = full.by_project["project_summary"]
    for column in SUMMED:
        expected = sum((Decimal(summary[pid][0][column]) for pid in remaining), Decimal(0))
        assert Decimal(totals[column]) == expected, column
    assert int(totals["projects"]) == int(totals["decisions_accepted"]) == len(remaining)
    assert int(totals["regions"]) == len({summary[pid][0]["county_code"] for pid in remaining})
    assert (int(totals["projects_set_aside"]), int(totals["decisions_set_aside"])) == (0, 0)
    assert int(totals["decisions_without_workbook"]) == len(missing)
    assert int(totals["decisions"]) == len(full.file_of)
    assert Decimal(totals["granted_without_workbook"]) == sum((full.granted[p] for p in missing), Decimal(0))
    assert Decimal(totals["granted_accepted"]) == sum((full.granted[p] for p in remaining), Decimal(0))

    payments = rows(outputs, "payments_totals")[0]
    for column in ("decided", "paid", "reported", "recovered"):
        expected = sum(
            (Decimal(full.by_project["payments_by_project"][pid][0][column]) for pid in remaining), Decimal(0)
        )
        assert Decimal(payments[column]) == expected, column
    assert payments["paid_all"] == full.payments["paid_all"]  # the whole ledger, whatever came in
    assert Decimal(payments["paid"]) + Decimal(payments["paid_other"]) == Decimal(payments["paid_all"])


@settings(max_examples=8, deadline=None)
@given(removed=st.sets(st.sampled_from(WORKBOOKS), min_size=1, max_size=len(WORKBOOKS) - 1))
@example(removed=set(WORKBOOKS[:2]))  # issue 22's report: two decisions sharing the register's file
@example(removed=set(WORKBOOKS[1:]))  # all but one
def test_any_subset_of_missing_workbooks_leaves_the_rest_reported_unchanged(full_run, removed):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        run_data_stages(copy_without(root, removed), root / "outputs")
        check_the_rest_is_reported(full_run, root / "outputs", removed)


SHUFFLED = random.Random(22).sample(WORKBOOKS, len(WORKBOOKS))


@pytest.mark.parametrize("count", [0, 1, 2, 5, 39])
def test_none_one_two_five_or_all_but_one_missing_exit_0_and_1_with_strict(full_run, tmp_path, count):
    removed = set(SHUFFLED[:count])
    inputs = copy_without(tmp_path, removed)
    run_data_stages(inputs, tmp_path / "outputs")
    check_the_rest_is_reported(full_run, tmp_path / "outputs", removed)
    strict = CliRunner().invoke(
        cli, ["validate", "--strict", "--inputs", str(inputs), "--outputs", str(tmp_path / "outputs")]
    )
    assert strict.exit_code == (1 if count else 0), strict.output


def test_workbooks_without_an_id_are_set_aside_by_their_file_beside_missing_ones(full_run, tmp_path):
    # Two files that cannot be read (no ärende-id, so each is known by its file) and two decisions
    # without a workbook: four rows no single shared column tells apart.
    removed = set(SHUFFLED[:2])
    inputs = copy_without(tmp_path, removed)
    for name in ("trasig_1.xlsx", "trasig_2.xlsx"):
        (inputs / "projects" / name).write_bytes(b"inte en arbetsbok")
    run_data_stages(inputs, tmp_path / "outputs")
    set_aside = [(r["project_id"], r["source_file"]) for r in rows(tmp_path / "outputs", "set_aside")]
    assert set_aside == [("", "projects/trasig_1.xlsx"), ("", "projects/trasig_2.xlsx")]
    totals = rows(tmp_path / "outputs", "programme_totals")[0]
    assert (totals["projects_set_aside"], totals["decisions_without_workbook"]) == ("2", "2")
    assert int(totals["projects"]) == len(WORKBOOKS) - 2


def test_pipeline_run_with_all_but_one_missing_reports_them_as_awaiting(full_run, tmp_path):
    removed = set(SHUFFLED[1:])
    inputs = copy_without(tmp_path, removed)
    outputs = tmp_path / "outputs"
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--inputs", str(inputs), "--outputs", str(outputs)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    assert f"1 projekt lästa (0 undantagna, {len(removed)} beslut inväntar slutredovisning)" in done.stdout

    def text(name: str) -> str:
        return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(outputs / name).pages)

    report, underlag = text("report.pdf"), text("underlag.pdf")
    assert f"för {len(removed)} beslut inväntas slutredovisningen." in report
    assert f"Inväntar slutredovisning ({len(removed)} beslut):" in underlag  # the reviewers' edition
    for project_id in (full_run.id_of[name] for name in removed):
        assert project_id in report and project_id in underlag, project_id


def test_an_empty_projects_folder_stays_a_usage_error(tmp_path):
    inputs = copy_without(tmp_path, set(WORKBOOKS))
    done = CliRunner().invoke(cli, ["run", "--inputs", str(inputs), "--outputs", str(tmp_path / "outputs")])
    assert done.exit_code == 2
    assert "innehåller inga arbetsböcker" in done.output and "Traceback" not in done.output
