"""The changes command: what changed between two runs, and a clear exit 2 for a previous run it
cannot read.

Two real runs (extract → validate → aggregate → review, through the CLI) on a three-project
programme: run A has projects 1 and 2; run B corrects one budget amount in project 1's workbook and
adds project 3 (its workbook and its register row). Expected changes are derived independently
from the two runs' CSV text, not from the code under test.
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import catalog
from pipeline import contract as c
from pipeline.aggregated_tables import AGGREGATED_COLUMNS
from pipeline.cli import cli
from pipeline.formatting import format_kr
from pipeline.paths import OutputPaths
from pipeline.stages.changes import comparison, wording
from pipeline.stages.render import data as render_data
from tests.factories import (
    default_costs,
    register_row,
    write_programme,
    write_project_workbook,
    write_register,
)

CORRECTION = 1_000  # kronor added to project 1's personnel budget for the first year
FIGURE_KINDS = ("amount", "int", "pct")


def _run_stages(inputs: Path, outputs: Path) -> Path:
    for stage in ("extract", "validate", "aggregate", "review"):
        extra = ["--workers", "1"] if stage == "extract" else []
        arguments = ["-q", stage, "--inputs", str(inputs), "--outputs", str(outputs), *extra]
        result = CliRunner().invoke(cli, arguments)
        assert result.exit_code == 0, (stage, result.output)
    return outputs


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("changes")
    inputs_a = write_programme(root / "inputs_a", n_projects=3)  # frame_amount covers all three
    (inputs_a / "projects" / "projekt_0003.xlsx").unlink()
    write_register(inputs_a / "beslutsregister.xlsx", [register_row(1), register_row(2)])
    inputs_b = Path(shutil.copytree(inputs_a, root / "inputs_b"))
    corrected = default_costs(1)
    corrected[0] = {**corrected[0], "budget": corrected[0]["budget"] + CORRECTION}
    assert corrected[0]["category"] == "personnel"
    write_project_workbook(inputs_b / "projects" / "projekt_0001.xlsx", index=1, costs=corrected)
    write_project_workbook(inputs_b / "projects" / "projekt_0003.xlsx", index=3)
    write_register(inputs_b / "beslutsregister.xlsx", [register_row(i) for i in (1, 2, 3)])
    return {
        "inputs_a": inputs_a,
        "a": _run_stages(inputs_a, root / "a"),
        "a_again": _run_stages(inputs_a, root / "a_again"),
        "b": _run_stages(inputs_b, root / "b"),
    }


def _changes_cli(since: Path, outputs: Path):
    return CliRunner().invoke(cli, ["changes", "--since", str(since), "--outputs", str(outputs)])


def _compared_copy(runs, tmp_path: Path, name: str = "b") -> Path:
    """A copy of a run, so that changes.csv is written into tmp_path and never shared."""
    return Path(shutil.copytree(runs[name], tmp_path / name))


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _raw_tables(outputs: Path) -> dict[str, dict[str, dict[str, str]]]:
    """Every aggregated CSV as key text → raw row, keyed as the catalog declares."""
    tables = {}
    for name in catalog.AGGREGATED:
        ds = catalog.dataset(name)
        rows = _rows(ds.file(outputs))
        tables[name] = {(" | ".join(r[k] for k in ds.key) if ds.key else ""): r for r in rows}
    return tables


def _expected_table_changes(a: Path, b: Path) -> tuple[set, set]:
    """(rows added/removed, figures moved) computed from the raw CSV text of both runs."""
    before, after = _raw_tables(a), _raw_tables(b)
    rows, figures = set(), set()
    for name, ds in ((n, catalog.dataset(n)) for n in catalog.AGGREGATED):
        rows |= {("row_added", name, k) for k in after[name].keys() - before[name].keys()}
        rows |= {("row_removed", name, k) for k in before[name].keys() - after[name].keys()}
        for key in before[name].keys() & after[name].keys():
            for column, kind in ds.kinds.items():
                old, new = before[name][key][column], after[name][key][column]
                if kind in FIGURE_KINDS and old != new:
                    difference = str(Decimal(new) - Decimal(old)) if old and new else ""
                    figures.add((name, key, column, old, new, difference))
    return rows, figures


def _net(costs, field: str) -> int:
    return sum(c.signed_cost(row["category"], row[field]) for row in costs)


def test_a_corrected_amount_and_an_added_project_are_exactly_the_changes(runs, tmp_path):
    outputs = _compared_copy(runs, tmp_path)
    result = _changes_cli(runs["a"], outputs)
    assert result.exit_code == 0, result.output
    listed = _rows(outputs / "changes.csv")
    by_kind: dict[str, list[dict[str, str]]] = {}
    for row in listed:
        by_kind.setdefault(row["change_kind"], []).append(row)

    assert [(r["change_kind"], r["key"]) for r in listed if r["table"] == "inputs"] == [
        ("input_added", "projects/projekt_0003.xlsx"),
        ("input_changed", "beslutsregister.xlsx"),
        ("input_changed", "projects/projekt_0001.xlsx"),
    ]
    added = next(r for r in by_kind["input_added"])
    sha_b = {e["path"]: e["sha256"] for e in json.loads((runs["b"] / "manifest.json").read_text())["inputs"]}
    assert added["after"] == sha_b["projects/projekt_0003.xlsx"] and added["before"] == ""
    assert [(r["key"], r["before"], r["after"]) for r in by_kind["project_accepted"]] == [
        ("Ä 2014-000003", "", "accepted")
    ]

    expected_rows, expected_figures = _expected_table_changes(runs["a"], runs["b"])
    table_rows = by_kind["row_added"] + by_kind.get("row_removed", [])
    assert {(r["change_kind"], r["table"], r["key"]) for r in table_rows} == expected_rows
    assert {
        (r["table"], r["key"], r["column"], r["before"], r["after"], r["difference"])
        for r in by_kind["figure"]
    } == expected_figures
    assert len(by_kind["figure"]) == len(expected_figures)
    # Nothing else: no findings moved, no text changed, no kinds beyond these.
    assert set(by_kind) == {"input_added", "input_changed", "project_accepted", "row_added", "figure"}

    totals = {r["column"]: r for r in by_kind["figure"] if r["table"] == "programme_totals"}
    assert (totals["projects"]["before"], totals["projects"]["after"]) == ("2", "3")
    assert Decimal(totals["budget_total"]["difference"]) == CORRECTION + _net(default_costs(3), "budget")
    assert Decimal(totals["total_cost"]["difference"]) == _net(default_costs(3), "actual")
    assert ("row_added", "project_summary", "Ä 2014-000003") in expected_rows

    # Biggest first: amounts before counts before percentages, each by falling |difference|.
    kinds = [catalog.COLUMN_KINDS[r["column"]] for r in by_kind["figure"]]
    assert kinds == sorted(kinds, key=FIGURE_KINDS.index)
    amounts = [
        abs(Decimal(r["difference"]))
        for r in by_kind["figure"]
        if catalog.COLUMN_KINDS[r["column"]] == "amount" and r["difference"]
    ]
    assert amounts == sorted(amounts, reverse=True)

    summary = (outputs / "changes.md").read_text(encoding="utf-8")
    assert summary.startswith("# Ändringar sedan föregående version\n")
    assert "tillagda: 1, borttagna: 0, ändrade: 2" in summary
    assert "nyss godkänt: Ä 2014-000003 (projects/projekt_0003.xlsx)" in summary
    assert f"Tal i rapporten som ändrats: {len(expected_figures)};" in summary
    assert summary in result.output


def test_the_report_page_lists_the_biggest_moves_in_swedish(runs, tmp_path):
    outputs = _compared_copy(runs, tmp_path)
    assert wording.report_page(OutputPaths(outputs)) is None  # no comparison made: no page
    assert _changes_cli(runs["a"], outputs).exit_code == 0
    page = wording.report_page(OutputPaths(outputs), limit=2)
    listed = _rows(outputs / "changes.csv")
    kinds = [r["change_kind"] for r in listed]
    assert page["counts"] == {kind: kinds.count(kind) for kind in kinds}
    assert page["inputs"][0] == {"change": "tillagd", "file": "projects/projekt_0003.xlsx"}
    assert page["projects"] == [
        {"change": "nyss godkänt", "project_id": "Ä 2014-000003", "file": "projects/projekt_0003.xlsx"}
    ]
    before = Decimal(_rows(runs["a"] / "3_aggregated" / "programme_totals.csv")[0]["budget_total"])
    moved = CORRECTION + _net(default_costs(3), "budget")
    assert page["figures"][0] == {
        "place": "Programmet totalt",
        "column": "Budget totalt",
        "before": format_kr(before),
        "after": format_kr(before + moved),
        "difference": "+" + format_kr(moved),
    }
    assert format_kr(moved) == "7\u202f921\u202f000\u00a0kr"
    assert page["figures"][1]["place"] == "Per län, Södermanlands län"  # county 04 by its name
    assert page["more_figures"] == kinds.count("figure") - 2


def test_the_render_stage_reads_the_page_the_changes_stage_handed_over(runs, tmp_path):
    outputs = _compared_copy(runs, tmp_path)
    assert render_data._changes_page(OutputPaths(outputs)) is None  # no comparison made: no page
    assert _changes_cli(runs["a"], outputs).exit_code == 0
    handed_over = json.loads((outputs / "changes_page.json").read_text(encoding="utf-8"))
    assert handed_over == wording.report_page(OutputPaths(outputs))
    assert render_data._changes_page(OutputPaths(outputs)) == handed_over


def test_identical_runs_give_an_empty_change_list(runs, tmp_path):
    outputs = _compared_copy(runs, tmp_path, "a_again")
    result = _changes_cli(runs["a"], outputs)
    assert result.exit_code == 0, result.output
    assert (outputs / "changes.csv").read_text(encoding="utf-8") == ",".join(c.CHANGES_COLUMNS) + "\n"
    assert "Inga ändringar" in (outputs / "changes.md").read_text(encoding="utf-8")


def test_changes_csv_loads_back_through_the_catalog_with_exact_differences(runs, tmp_path):
    outputs = _compared_copy(runs, tmp_path)
    assert _changes_cli(runs["a"], outputs).exit_code == 0
    frame = catalog.load("changes", outputs)
    rows = comparison.plain_records(frame)
    for row in rows:
        if row["change_kind"] == "figure" and row["before"] and row["after"]:
            assert row["difference"] == Decimal(row["after"]) - Decimal(row["before"]), row
        else:  # a figure that was or became empty (a share over zero projects) has no difference
            assert row["difference"] is None, row
    assert ("by_region", "04", "agency_share_pct", None, "50") in {
        (r["table"], r["key"], r["column"], r["before"], r["after"]) for r in rows
    }


def _broken_previous(runs, tmp_path: Path, damage) -> Path:
    previous = Path(shutil.copytree(runs["a"], tmp_path / "previous"))
    damage(previous)
    return previous


def _write(relative: str, data: str | bytes, *, vouched: bool = False):
    """Overwrite a file of the previous run; `vouched`: its manifest.json lists the new SHA-256 too
    (a file broken when it was made, not after), so the check behind the checksum is reached."""

    def damage(previous: Path) -> None:
        path = previous / relative
        path.write_bytes(data) if isinstance(data, bytes) else path.write_text(data, encoding="utf-8")
        if vouched:
            _vouch(previous, relative)

    return damage


def _vouch(previous: Path, relative: str) -> None:
    manifest = json.loads((previous / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["outputs"]:
        if entry["path"] == relative:
            entry["sha256"] = hashlib.sha256((previous / relative).read_bytes()).hexdigest()
    (previous / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def _edit_manifest(edit):
    def damage(previous: Path) -> None:
        manifest = json.loads((previous / "manifest.json").read_text(encoding="utf-8"))
        edit(manifest)
        (previous / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    return damage


def _append(relative: str, text: str):
    def damage(previous: Path) -> None:
        with open(previous / relative, "a", encoding="utf-8", newline="") as handle:
            handle.write(text)

    return damage


def _programme(fact: str, value):
    return _edit_manifest(lambda manifest: manifest["config"]["programme"].__setitem__(fact, value))


BY_YEAR_HEADER = ",".join(AGGREGATED_COLUMNS["by_year"])


@pytest.mark.parametrize(
    "damage, named, words",
    [
        (lambda p: (p / "manifest.json").unlink(), "manifest.json", "saknas"),
        (_write("manifest.json", '{"inputs": ['), "manifest.json", "JSON"),
        (_write("manifest.json", b"\xff\xfe\x00"), "manifest.json", "JSON"),
        (_write("manifest.json", "[]"), "manifest.json", "ingen manifest.json"),
        (
            _write("manifest.json", '{"inputs": [{"path": "x"}], "outputs": []}'),
            "manifest.json",
            "saknar path eller sha256",
        ),
        (
            lambda p: (p / "3_aggregated" / "by_region.csv").unlink(),
            "by_region.csv",
            "saknas i föregående körning",
        ),
        (
            _write(
                "3_aggregated/by_year.csv",
                BY_YEAR_HEADER + "\nett år" + "," * BY_YEAR_HEADER.count(",") + "\n",
                vouched=True,
            ),
            "by_year.csv",
            "inget heltal",
        ),
        (_write("findings.csv", b"\xff\xfe\xfa", vouched=True), "findings.csv", "UTF-8"),
        # Changed after the run: refused by its checksum before anything is compared.
        (
            _append("3_aggregated/by_region.csv", "\n"),
            "by_region.csv",
            "kontrollsumma (SHA-256) stämmer inte",
        ),
        (
            _write("2_validated/project_status.csv", "project_id,source_file,status,errors,warnings\n"),
            "project_status.csv",
            "har ändrats efter körningen",
        ),
        (
            _edit_manifest(lambda m: [e.pop("sha256") for e in m["outputs"] if e["path"] == "findings.csv"]),
            "findings.csv",
            "anger ingen kontrollsumma",
        ),
        # Another programme: refused, naming the fact that differs.
        (
            _programme("name", "Regionala tillväxtplattformar"),
            "manifest.json",
            "namn 'Regionala tillväxtplattformar' där",
        ),
        (_programme("commissions", ["N2012/6275/RT"]), "manifest.json", "uppdrag [N2012/6275/RT] där"),
        (_programme("frame_amount", 50_000_000), "manifest.json", "ram 50000000 där"),
        (lambda p: shutil.rmtree(p), "previous", "finns inte"),
    ],
)
def test_an_unreadable_previous_run_is_exit_2_naming_the_file(runs, tmp_path, damage, named, words):
    previous = _broken_previous(runs, tmp_path, damage)
    outputs = _compared_copy(runs, tmp_path)
    result = _changes_cli(previous, outputs)
    assert result.exit_code == 2, result.output
    assert named in result.output and words in result.output
    assert "Föregående" in result.output or "--since" in result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)  # no crash
    assert not any((outputs / name).exists() for name in ("changes.csv", "changes.md", "changes_page.json"))


def test_a_current_run_without_manifest_is_exit_1_saying_to_run_review(runs, tmp_path):
    outputs = _compared_copy(runs, tmp_path)
    (outputs / "manifest.json").unlink()
    result = _changes_cli(runs["a"], outputs)
    assert result.exit_code == 1 and "manifest.json saknas" in result.output and "review" in result.output


def test_a_previous_run_of_an_older_version_is_compared_where_it_can_be(runs, tmp_path):
    def older(previous: Path) -> None:  # a table this version added, and a column it added
        manifest = json.loads((previous / "manifest.json").read_text(encoding="utf-8"))
        manifest["outputs"] = [
            e for e in manifest["outputs"] if e["path"] != "3_aggregated/good_examples.csv"
        ]
        (previous / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        (previous / "3_aggregated" / "good_examples.csv").unlink()
        path = previous / "3_aggregated" / "by_year.csv"
        rows = _rows(path)
        with open(path, "w", newline="", encoding="utf-8") as handle:
            columns = [k for k in rows[0] if k != "financing_total"]
            writer = csv.DictWriter(handle, columns, extrasaction="ignore", lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        _vouch(previous, "3_aggregated/by_year.csv")  # the older version's own manifest

    previous = _broken_previous(runs, tmp_path, older)
    outputs = _compared_copy(runs, tmp_path, "a_again")
    result = _changes_cli(previous, outputs)
    assert result.exit_code == 0, result.output
    assert _rows(outputs / "changes.csv") == []
    summary = (outputs / "changes.md").read_text(encoding="utf-8")
    assert "3_aggregated/good_examples.csv finns inte i föregående körning" in summary
    assert "3_aggregated/by_year.csv i föregående körning saknar kolumnerna financing_total" in summary


# --- compare() on tiny frames: statuses and findings --------------------------------------------


def _status(project_id: str, source_file: str, status: str) -> dict:
    return {
        "project_id": project_id,
        "source_file": source_file,
        "status": status,
        "errors": 0,
        "warnings": 0,
    }


def _finding(rule_id: str, cell: str, severity: str = c.SEVERITY_ERROR) -> dict:
    return {
        "rule_id": rule_id,
        "severity": severity,
        "project_id": "Ä 1",
        "file": "projects/a.xlsx",
        "sheet": "Kostnader",
        "cell": cell,
        "value": "x",
        "message": f"Rätta {cell}.",
    }


def _run(statuses: list[dict], findings: list[dict]) -> comparison.Run:
    tables = {
        "project_status": catalog.frame_from_records("project_status", statuses),
        "findings": catalog.frame_from_records("findings", findings),
    }
    return comparison.Run(Path("x"), {}, tables)


def test_compare_lists_statuses_by_project_and_findings_new_and_resolved():
    before = _run(
        [
            _status("Ä 1", "projects/a.xlsx", "accepted"),
            _status("Ä 2", "projects/b.xlsx", "set_aside"),
            _status("Ä 3", "projects/c.xlsx", "accepted"),
            _status("Ä 4", "beslutsregister.xlsx", "no_workbook"),
        ],
        [_finding("V30", "C5"), _finding("V30", "C5"), _finding("V10", "B2")],
    )
    after = _run(
        [
            _status("Ä 1", "projects/a.xlsx", "set_aside"),
            _status("Ä 2", "projects/b.xlsx", "accepted"),
            _status("Ä 4", "projects/d.xlsx", "accepted"),  # the decision's workbook arrived
            _status("Ä 5", "beslutsregister.xlsx", "no_workbook"),
        ],
        [_finding("V30", "C5"), _finding("V40", "D7", c.SEVERITY_WARNING)],
    )
    listed = [
        (r["change_kind"], r["key"], r["before"], r["after"])
        for r in comparison.plain_records(comparison.compare(before, after))
    ]
    assert listed == [
        ("project_accepted", "Ä 2", "set_aside", "accepted"),
        ("project_accepted", "Ä 4", "no_workbook", "accepted"),
        ("project_set_aside", "Ä 1", "accepted", "set_aside"),
        ("project_status", "Ä 3", "accepted", ""),
        ("project_status", "Ä 5", "", "no_workbook"),
        ("finding_new", "V40 | projects/a.xlsx | Kostnader | D7 | Ä 1", "", "Rätta D7."),
        ("finding_resolved", "V30 | projects/a.xlsx | Kostnader | C5 | Ä 1", "Rätta C5.", ""),  # one of two
        ("finding_resolved", "V10 | projects/a.xlsx | Kostnader | B2 | Ä 1", "Rätta B2.", ""),
    ]


def test_a_shared_or_empty_project_id_keys_the_project_by_its_file_too():
    frame = catalog.frame_from_records(
        "project_status",
        [
            _status("Ä 1", "projects/a.xlsx", "set_aside"),
            _status("Ä 1", "projects/b.xlsx", "set_aside"),
            {**_status("", "projects/c.xlsx", "set_aside"), "project_id": None},
        ],
    )
    assert list(comparison.project_rows(frame)) == [
        "Ä 1 | projects/a.xlsx",
        "Ä 1 | projects/b.xlsx",
        "projects/c.xlsx",
    ]


def test_the_same_programme_facts_written_otherwise_are_the_same_programme(runs, tmp_path):
    def as_float(manifest: dict) -> None:  # 60000000 and 60000000.0 are the same frame
        programme = manifest["config"]["programme"]
        programme["frame_amount"] = float(programme["frame_amount"])
        programme["commissions"] = programme["commissions"][::-1]  # the same commissions
        assert len(set(programme["commissions"])) > 1

    previous = _broken_previous(runs, tmp_path, _edit_manifest(as_float))
    result = _changes_cli(previous, _compared_copy(runs, tmp_path, "a_again"))
    assert result.exit_code == 0, result.output
