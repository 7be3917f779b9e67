"""Review stage on the tiny fixture: datapackage.json, review.xlsx and manifest.json."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from pipeline import __version__
from pipeline.column_docs import COLUMN_DOCS, TABLE_DOCS
from pipeline.contract import (
    AGGREGATED_COLUMNS,
    EXTRACTED_COLUMNS,
    FINDING_COLUMNS,
    PROJECT_STATUS_COLUMNS,
)
from pipeline.rules.base import Rule
from pipeline.paths import InputPaths, OutputPaths
from pipeline.stages import aggregate, review
from pipeline.tables import read_rows, write_rows

FIXTURE = Path(__file__).parent / "fixtures" / "tiny"
RULES = (Rule("V010", "fel", "Projektets berättelse är ifylld.", "Fyll i {value}."),)
INJECTIONS = ("=cmd|' /C calc'!A0", "+1", "-2+3", "@SUM(A1)", '=HYPERLINK("http://example.com","klicka")')


def run_both(root: Path) -> tuple[InputPaths, OutputPaths, dict]:
    shutil.copytree(FIXTURE / "inputs", root / "inputs")
    shutil.copytree(FIXTURE / "outputs", root / "outputs")
    inputs, outputs = InputPaths(root / "inputs"), OutputPaths(root / "outputs")
    aggregate.run(inputs, outputs, rules=RULES)
    return inputs, outputs, review.run(inputs, outputs)


@pytest.fixture
def reviewed(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return run_both(tmp_path)


def all_csvs(outputs: OutputPaths) -> list[Path]:
    return sorted(p for p in outputs.root.rglob("*.csv"))


def csv_header(path: Path) -> list[str]:
    with open(path, newline="", encoding="utf-8") as handle:
        return next(csv.reader(handle))


def test_every_contract_column_is_documented():
    contract_columns = {c for cols in EXTRACTED_COLUMNS.values() for c in cols}
    contract_columns |= set(PROJECT_STATUS_COLUMNS) | set(FINDING_COLUMNS)
    contract_columns |= {c for cols in AGGREGATED_COLUMNS.values() for c in cols}
    assert sorted(contract_columns - set(COLUMN_DOCS)) == []
    for name, doc in COLUMN_DOCS.items():
        assert doc["title"] and doc["description"], name
        assert doc["type"] in {"string", "integer", "number", "date", "boolean"}, name
    assert set(AGGREGATED_COLUMNS) | set(EXTRACTED_COLUMNS) <= set(TABLE_DOCS)


# Every CSV a run writes: each extracted and aggregated table, extract_findings, project_status, findings.
CSV_COUNT = len(EXTRACTED_COLUMNS) + len(AGGREGATED_COLUMNS) + 3


def test_datapackage_covers_every_column_of_every_csv(reviewed):
    _, outputs, summary = reviewed
    package = json.loads(outputs.datapackage.read_text(encoding="utf-8"))
    resources = {r["path"]: r for r in package["resources"]}
    csvs = all_csvs(outputs)
    assert len(csvs) == CSV_COUNT and summary["tabeller"] == CSV_COUNT
    assert summary["odokumenterade_kolumner"] == 0
    assert sorted(resources) == sorted(p.relative_to(outputs.root).as_posix() for p in csvs)
    for path in csvs:
        resource = resources[path.relative_to(outputs.root).as_posix()]
        assert resource["format"] == "csv" and resource["encoding"] == "utf-8" and resource["title"]
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == csv_header(path)
        for f in fields:
            assert f["name"] in COLUMN_DOCS and f["title"] and f["description"], (path.name, f["name"])
        assert resource["hash"] == "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    assert len({r["name"] for r in package["resources"]}) == len(package["resources"])
    assert package["profile"] == "tabular-data-package" and package["version"] == __version__


def test_datapackage_types_units_and_keys(reviewed):
    _, outputs, _ = reviewed
    package = json.loads(outputs.datapackage.read_text(encoding="utf-8"))
    summary = next(r for r in package["resources"] if r["path"] == "3_aggregated/project_summary.csv")
    fields = {f["name"]: f for f in summary["schema"]["fields"]}
    assert fields["total_cost"]["type"] == "number" and fields["total_cost"]["unit"] == "SEK"
    assert fields["agency_share_pct"]["unit"] == "procent"
    assert fields["county_code"]["type"] == "string"  # "01" keeps its leading zero
    assert fields["start_date"]["type"] == "date" and fields["has_good_example"]["type"] == "boolean"
    assert summary["schema"]["primaryKey"] == ["project_id"]
    region_year = next(r for r in package["resources"] if r["path"] == "3_aggregated/region_by_year.csv")
    assert region_year["schema"]["primaryKey"] == ["county_code", "year"]


def test_a_column_whose_values_do_not_fit_its_type_is_described_as_text(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    inputs, outputs, _ = run_both(tmp_path)
    meetings = read_rows(outputs.extracted_table("meetings"))
    meetings[0]["date"] = "20 maj 2014"
    meetings[1]["row"] = meetings[0]["row"]  # no longer a key
    write_rows(outputs.extracted_table("meetings"), tuple(meetings[0]), meetings)
    review.run(inputs, outputs)
    package = json.loads(outputs.datapackage.read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["path"] == "1_extracted/meetings.csv")
    date_field = next(f for f in resource["schema"]["fields"] if f["name"] == "date")
    assert date_field["type"] == "string" and "beskrivs därför som text" in date_field["description"]
    assert "primaryKey" not in resource["schema"]


def test_formula_like_texts_are_neutralised_in_csv_and_text_cells_in_xlsx(reviewed):
    _, outputs, _ = reviewed
    raw = outputs.aggregated_table("good_examples").read_text(encoding="utf-8")
    assert "'=cmd|' /C calc'!A0" in raw and "'@SUM(A1)" in raw and "'=HYPERLINK(" in raw
    workbook = openpyxl.load_workbook(outputs.review_workbook)
    found = {}
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value in INJECTIONS:
                    found.setdefault(cell.value, set()).add(cell.data_type)
    assert set(found) == set(INJECTIONS)
    assert all(types == {"s"} for types in found.values()), found


def test_review_workbook_has_a_sheet_per_csv_frozen_headers_and_real_numbers(reviewed):
    _, outputs, _ = reviewed
    workbook = openpyxl.load_workbook(outputs.review_workbook)
    names = workbook.sheetnames
    assert names[0] == "Innehåll" and len(names) == 1 + len(all_csvs(outputs))
    assert all(len(n) <= 31 for n in names) and len({n.lower() for n in names}) == len(names)
    sheet = workbook["3 project_summary"]
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header == list(AGGREGATED_COLUMNS["project_summary"])
    first = {h: c for h, c in zip(header, sheet[2])}
    assert first["total_cost"].value == 609000 and first["total_cost"].data_type == "n"
    assert first["public_cash"].value == 295000.5
    assert first["county_code"].value == "01" and first["county_code"].data_type == "s"
    assert first["has_good_example"].value is True
    assert sheet.column_dimensions["A"].width > 10
    assert workbook["findings"].max_row == 4  # header + three findings


def test_sheet_names_are_short_and_unique():
    long = ["3_aggregated/" + "x" * 40 + ".csv", "1_extracted/" + "x" * 40 + ".csv",
            "2_validated/" + "x" * 40 + ".csv"]
    names = review._sheet_names(long + ["1_extracted/a:b?.csv"])
    assert all(len(n) <= 31 for n in names.values())
    assert len(set(names.values())) == 4 and names["1_extracted/a:b?.csv"] == "1 a_b_"


def test_manifest_lists_inputs_outputs_version_config_and_timestamp(reviewed):
    inputs, outputs, _ = reviewed
    manifest = json.loads(outputs.manifest.read_text(encoding="utf-8"))
    assert manifest["pipeline_version"] == __version__
    assert manifest["run_timestamp"] == "2018-03-15T00:00:00Z"
    assert manifest["config"]["report"]["date"] == "2018-03-15"
    assert manifest["config"]["programme"]["frame_amount"] == 1000000
    config_bytes = inputs.config.read_bytes()
    assert manifest["inputs"] == [{"path": "programme.toml", "size_bytes": len(config_bytes),
                                   "sha256": hashlib.sha256(config_bytes).hexdigest()}]
    listed = {e["path"]: e for e in manifest["outputs"]}
    expected = {p.relative_to(outputs.root).as_posix() for p in all_csvs(outputs)}
    expected |= {"datapackage.json", "review.xlsx"}
    assert set(listed) == expected
    assert listed["3_aggregated/by_region.csv"]["rows"] == 21
    assert listed["findings.csv"]["rows"] == 3
    xlsx = outputs.review_workbook.read_bytes()
    assert listed["review.xlsx"] == {"path": "review.xlsx", "size_bytes": len(xlsx),
                                     "sha256": hashlib.sha256(xlsx).hexdigest()}
    text = outputs.manifest.read_text(encoding="utf-8")
    assert text == json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def test_source_date_epoch_sets_the_timestamp(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1521158400")
    _, outputs, _ = run_both(tmp_path)
    manifest = json.loads(outputs.manifest.read_text(encoding="utf-8"))
    assert manifest["run_timestamp"] == "2018-03-16T00:00:00Z"
    assert manifest["timestamp_source"] == "SOURCE_DATE_EPOCH"
    assert json.loads(outputs.datapackage.read_text(encoding="utf-8"))["created"] == "2018-03-16T00:00:00Z"
    assert openpyxl.load_workbook(outputs.review_workbook).properties.created.isoformat() == "2018-03-16T00:00:00"


def test_two_runs_give_byte_identical_files(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    _, first, _ = run_both(tmp_path / "first")
    _, second, _ = run_both(tmp_path / "second")
    names = [p.relative_to(first.root) for p in sorted(first.root.rglob("*")) if p.is_file()]
    assert len(names) == CSV_COUNT + 3  # + datapackage.json, review.xlsx, manifest.json
    for name in names:
        assert (first.root / name).read_bytes() == (second.root / name).read_bytes(), name
    # A rerun in place changes nothing either.
    before = {n: (first.root / n).read_bytes() for n in names}
    aggregate.run(InputPaths(tmp_path / "first" / "inputs"), first, rules=RULES)
    review.run(InputPaths(tmp_path / "first" / "inputs"), first)
    assert {n: (first.root / n).read_bytes() for n in names} == before
