"""Review and workbook stages on the small programme of conftest.py (made by the real earlier
stages): datapackage.json and manifest.json (review), review.xlsx (workbook), all from the
catalog's declarations."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from pipeline import __version__, catalog
from pipeline.aggregated_tables import AGGREGATED_DOCS
from pipeline.catalog import TABLE_DOCS
from pipeline.column_docs import COLUMN_DOCS
from pipeline.column_docs.reported import REPORTED_DOCS
from pipeline.errors import PipelineError
from pipeline.paths import InputPaths, OutputPaths
from pipeline.stages import review, workbook
from tests.conftest import INJECTIONS, SET_ASIDE_FILE, writable_again


@pytest.fixture
def reviewed(small_programme, tmp_path, monkeypatch):
    """A copy of the session's run with review and workbook run again in this process."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    inputs, outputs = small_programme.copy_to(tmp_path)
    summary = review.run(inputs, outputs)
    workbook.run(inputs, outputs)
    yield inputs, outputs, summary
    writable_again(inputs.root)


def csv_header(path: Path) -> list[str]:
    with open(path, newline="", encoding="utf-8") as handle:
        return next(csv.reader(handle))


def csv_rows(path: Path) -> int:
    with open(path, newline="", encoding="utf-8") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def test_every_catalog_column_and_table_is_documented():
    for dataset in catalog.DATASETS.values():
        assert dataset.title and dataset.description, dataset.name
        assert set(dataset.columns) <= set(COLUMN_DOCS), dataset.name
    for name, doc in COLUMN_DOCS.items():
        assert doc["title"] and doc["description"], name
        assert doc["type"] in {"string", "integer", "number", "date", "boolean"}, name
    assert set(catalog.DATASETS) <= set(TABLE_DOCS)


def test_a_column_is_documented_in_one_place_only():
    # The two tables are merged into COLUMN_DOCS: a name in both would silently take the second.
    assert sorted(REPORTED_DOCS.keys() & AGGREGATED_DOCS.keys()) == []


def test_datapackage_describes_every_dataset_as_declared(reviewed):
    _, outputs, summary = reviewed
    package = json.loads(outputs.datapackage.read_text(encoding="utf-8"))
    resources = {r["path"]: r for r in package["resources"]}
    assert sorted(resources) == sorted(d.path for d in catalog.DATASETS.values())
    assert summary == {
        "tabeller": len(catalog.DATASETS),
        "rader": sum(csv_rows(d.file(outputs)) for d in catalog.DATASETS.values()),
    }
    for dataset in catalog.DATASETS.values():
        resource = resources[dataset.path]
        path = dataset.file(outputs)
        assert (resource["title"], resource["description"]) == (dataset.title, dataset.description)
        assert resource["format"] == "csv" and resource["encoding"] == "utf-8"
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == csv_header(path) == list(dataset.columns)
        for f in fields:
            doc = COLUMN_DOCS[f["name"]]
            assert (f["title"], f["description"], f["type"], f.get("unit")) == (
                doc["title"],
                doc["description"],
                doc["type"],
                doc.get("unit"),
            ), (dataset.name, f["name"])
        assert resource["schema"].get("primaryKey") == (list(dataset.primary_key) or None)
        unique = [list(dataset.key)] if dataset.key and not dataset.primary_key else None
        assert resource["schema"].get("uniqueKeys") == unique
        enums = {f["name"]: f["constraints"]["enum"] for f in fields if "enum" in f.get("constraints", {})}
        assert enums == {column: list(values) for column, values in dataset.accepted.items()}
        required = [f["name"] for f in fields if f.get("constraints", {}).get("required")]
        assert sorted(required) == sorted(dataset.key_required)
        data = path.read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert resource["bytes"] == len(data)
    assert len({r["name"] for r in package["resources"]}) == len(package["resources"])
    assert package["profile"] == "tabular-data-package" and package["version"] == __version__
    layers = [r["path"].split("/")[0] for r in package["resources"]]
    assert layers == sorted(layers, key=["1_extracted", "2_validated", "3_aggregated", "findings.csv"].index)


def test_datapackage_types_units_and_keys(reviewed):
    _, outputs, _ = reviewed
    package = json.loads(outputs.datapackage.read_text(encoding="utf-8"))
    by_path = {r["path"]: r for r in package["resources"]}
    summary = by_path["3_aggregated/project_summary.csv"]
    fields = {f["name"]: f for f in summary["schema"]["fields"]}
    assert fields["total_cost"]["type"] == "number" and fields["total_cost"]["unit"] == "SEK"
    assert fields["agency_share_pct"]["unit"] == "procent"
    assert fields["county_code"]["type"] == "string"  # "01" keeps its leading zero
    assert fields["start_date"]["type"] == "date" and fields["has_good_example"]["type"] == "boolean"
    assert summary["schema"]["primaryKey"] == ["project_id"]
    assert by_path["3_aggregated/region_by_year.csv"]["schema"]["primaryKey"] == ["county_code", "year"]
    assert by_path["1_extracted/meetings.csv"]["schema"]["primaryKey"] == ["source_file", "row"]
    assert by_path["3_aggregated/indicators.csv"]["title"] == TABLE_DOCS["indicator_totals"]["title"]
    assert "primaryKey" not in by_path["3_aggregated/programme_totals.csv"]["schema"]
    assert "primaryKey" not in by_path["findings.csv"]["schema"]
    # A workbook without an ärende-id is known by its file: a unique key, not a primary key.
    status = by_path["2_validated/project_status.csv"]["schema"]
    assert "primaryKey" not in status and status["uniqueKeys"] == [["project_id", "source_file"]]


def _rewrite_csv(path: Path, change) -> None:
    with open(path, newline="", encoding="utf-8") as handle:
        records = list(csv.reader(handle))
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(change(records))


def test_a_value_that_does_not_fit_its_type_stops_review(reviewed):
    inputs, outputs, _ = reviewed
    path = outputs.extracted_table("meetings")

    def change(records):
        records[1][records[0].index("date")] = "20 maj 2014"
        return records

    _rewrite_csv(path, change)
    with pytest.raises(
        PipelineError,
        match=r"1_extracted/meetings\.csv, rad 2, kolumn date: '20 maj 2014' "
        r"är inget datum.*Kör om steget extract",
    ):
        review.run(inputs, outputs)


def test_a_duplicate_key_or_a_missing_file_stops_review(reviewed):
    inputs, outputs, _ = reviewed
    path = outputs.extracted_table("meetings")
    _rewrite_csv(path, lambda records: [*records, records[1]])
    with pytest.raises(PipelineError, match=r"meetings\.csv, rad 2 och 5: samma nyckel"):
        review.run(inputs, outputs)
    path.unlink()
    with pytest.raises(PipelineError, match=r"1_extracted/meetings\.csv saknas\. Kör om steget extract"):
        review.run(inputs, outputs)


def test_formula_like_texts_are_neutralised_in_csv_and_text_cells_in_xlsx(reviewed):
    _, outputs, _ = reviewed
    fields: set[str] = set()  # as written, before the pipeline's reader removes the apostrophe
    for name in ("project_narratives", "good_examples"):
        with open(outputs.aggregated_table(name), newline="", encoding="utf-8") as handle:
            fields |= {field for record in csv.reader(handle) for field in record}
    assert {f"'{text}" for text in INJECTIONS} <= fields
    book = openpyxl.load_workbook(outputs.review_workbook)
    found: dict[str, set[str]] = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value in INJECTIONS:
                    found.setdefault(cell.value, set()).add(cell.data_type)
    assert set(found) == set(INJECTIONS)
    assert all(types == {"s"} for types in found.values()), found


def test_review_workbook_heads_columns_with_title_and_name_and_keeps_types(reviewed):
    _, outputs, _ = reviewed
    book = openpyxl.load_workbook(outputs.review_workbook)
    names = book.sheetnames
    assert names[:2] == ["Innehåll", "findings"] and len(names) == 1 + len(catalog.DATASETS)
    assert all(len(n) <= 31 for n in names) and len({n.lower() for n in names}) == len(names)
    sheet = book["3 project_summary"]
    columns = catalog.dataset("project_summary").columns
    assert sheet.freeze_panes == "A3"  # title and name rows stay in view
    assert [c.value for c in sheet[1]] == [COLUMN_DOCS[c]["title"] for c in columns]
    assert [c.value for c in sheet[2]] == list(columns)
    assert sheet.auto_filter.ref.startswith("A2:")
    frame = catalog.load("project_summary", outputs)
    for row, expected in zip(sheet.iter_rows(min_row=3), frame.to_dict("records"), strict=True):
        cells = dict(zip(columns, row, strict=True))
        assert (
            cells["total_cost"].data_type == "n"
            and Decimal(str(cells["total_cost"].value)) == expected["total_cost"]
        )
        assert cells["county_code"].value == expected["county_code"] and cells["county_code"].data_type == "s"
        assert cells["start_date"].value == dt.datetime.combine(expected["start_date"], dt.time())
        assert cells["start_date"].number_format == "yyyy-mm-dd"
        assert cells["has_good_example"].value is expected["has_good_example"]
        assert cells["agency_share_pct"].number_format == "0.0"
    public_cash = [
        c.value for c in next(sheet.iter_cols(min_row=3, min_col=columns.index("public_cash") + 1))
    ]
    assert any(v % 1 == 0.5 for v in public_cash)  # öre kept (project 3)
    assert sheet.cell(3, columns.index("public_cash") + 1).number_format == "#,##0.00"
    assert sheet.cell(3, columns.index("granted_amount") + 1).number_format == "#,##0"
    findings = book["findings"]
    assert findings.max_row == 2 + csv_rows(outputs.findings)
    assert findings.cell(3, catalog.dataset("findings").columns.index("file") + 1).value == SET_ASIDE_FILE


def test_a_date_excel_cannot_hold_is_written_as_text(tmp_path):
    frame = catalog.frame_from_records(
        "meetings",
        [
            {
                "date": dt.date(1014, 5, 20),
                "meeting_type": "theme_meeting",
                "participants": 3,
                "source_file": "traffar.xlsx",
                "sheet": "Träffar",
                "row": 2,
            },
            {
                "date": dt.date(2014, 5, 20),
                "meeting_type": "theme_meeting",
                "source_file": "traffar.xlsx",
                "sheet": "Träffar",
                "row": 3,
            },
        ],
    )
    rows = [{k: (None if v is pd.NA else v) for k, v in r.items()} for r in frame.to_dict("records")]
    table = workbook.WorkbookTable(catalog.dataset("meetings"), rows)
    workbook.write_review_workbook(tmp_path / "r.xlsx", [table], "2018-03-15T00:00:00Z")
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx")["1 meetings"]
    assert (sheet["A3"].value, sheet["A3"].data_type) == ("1014-05-20", "s")
    assert sheet["A4"].value == dt.datetime(2014, 5, 20)
    participants = catalog.dataset("meetings").columns.index("participants") + 1
    assert sheet.cell(3, participants).value == 3 and sheet.cell(4, participants).value is None


def test_the_workbook_checksum_verifies_with_sha256sum(reviewed):
    _, outputs, _ = reviewed
    text = outputs.review_checksums.read_text(encoding="utf-8")
    assert text == f"{hashlib.sha256(outputs.review_workbook.read_bytes()).hexdigest()}  review.xlsx\n"
    done = subprocess.run(
        ["sha256sum", "-c", "review.sha256"], cwd=outputs.root, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and done.stdout == "review.xlsx: OK\n"


def test_sheet_names_are_short_and_unique():
    long = [
        "3_aggregated/" + "x" * 40 + ".csv",
        "1_extracted/" + "x" * 40 + ".csv",
        "2_validated/" + "x" * 40 + ".csv",
    ]
    names = workbook._sheet_names(long + ["1_extracted/a:b?.csv"])
    assert all(len(n) <= 31 for n in names.values())
    assert len(set(names.values())) == 4 and names["1_extracted/a:b?.csv"] == "1 a_b_"


def test_manifest_lists_inputs_outputs_version_config_and_timestamp(reviewed):
    inputs, outputs, _ = reviewed
    manifest = json.loads(outputs.manifest.read_text(encoding="utf-8"))
    assert manifest["pipeline_version"] == __version__
    assert manifest["run_timestamp"] == "2018-03-15T00:00:00Z"
    assert manifest["timestamp_source"] != "SOURCE_DATE_EPOCH"
    assert manifest["config"]["report"]["date"] == "2018-03-15"
    assert manifest["config"]["programme"]["frame_amount"] == 14_510_000  # written by conftest.py
    files = sorted(p for p in inputs.root.rglob("*") if p.is_file())
    assert manifest["inputs"] == [
        {
            "path": p.relative_to(inputs.root).as_posix(),
            "size_bytes": p.stat().st_size,
            "sha256": hashlib.sha256(p.read_bytes()).hexdigest(),
        }
        for p in files
    ]
    assert len(manifest["inputs"]) == 7  # config, register, meetings, four workbooks
    listed = {e["path"]: e for e in manifest["outputs"]}
    # review.xlsx is a view of these CSVs, made beside the report: the manifest holds the CSVs.
    assert set(listed) == {d.path for d in catalog.DATASETS.values()} | {"datapackage.json"}
    for dataset in catalog.DATASETS.values():
        assert listed[dataset.path]["rows"] == csv_rows(dataset.file(outputs))
    assert listed["3_aggregated/by_region.csv"]["rows"] == 21
    package = outputs.datapackage.read_bytes()
    assert listed["datapackage.json"] == {
        "path": "datapackage.json",
        "size_bytes": len(package),
        "sha256": hashlib.sha256(package).hexdigest(),
    }
    text = outputs.manifest.read_text(encoding="utf-8")
    assert text == json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def test_source_date_epoch_sets_the_timestamp(reviewed, monkeypatch):
    inputs, outputs, _ = reviewed
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1521158400")
    review.run(inputs, outputs)
    workbook.run(inputs, outputs)
    manifest = json.loads(outputs.manifest.read_text(encoding="utf-8"))
    assert manifest["run_timestamp"] == "2018-03-16T00:00:00Z"
    assert manifest["timestamp_source"] == "SOURCE_DATE_EPOCH"
    assert json.loads(outputs.datapackage.read_text(encoding="utf-8"))["created"] == "2018-03-16T00:00:00Z"
    assert (
        openpyxl.load_workbook(outputs.review_workbook).properties.created.isoformat()
        == "2018-03-16T00:00:00"
    )


def test_review_is_byte_reproducible(small_programme, reviewed):
    """The CLI's run (session fixture) and this process's run on a copy give the same bytes."""
    inputs, outputs, _ = reviewed
    written = ("datapackage.json", "review.xlsx", "manifest.json")
    for name in written:
        assert (outputs.root / name).read_bytes() == (small_programme.outputs.root / name).read_bytes(), name
    before = {name: (outputs.root / name).read_bytes() for name in written}
    rerun = InputPaths(inputs.root), OutputPaths(outputs.root)
    review.run(*rerun)  # a rerun in place changes nothing
    workbook.run(*rerun)
    assert {name: (outputs.root / name).read_bytes() for name in written} == before
    assert not list(outputs.root.rglob("*.tmp"))
