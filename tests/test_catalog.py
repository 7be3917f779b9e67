"""The catalog: one declaration per hand-over, typed load, checked save."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal

import pandas as pd
import pytest

from pipeline import catalog
from pipeline.catalog import CatalogError

# A value of each kind, for the columns a test does not care about: the rows follow the declaration,
# so a column added to a table needs no edit here.
_SAMPLE = {"text": "x", "int": 1, "amount": Decimal("1"), "pct": Decimal("1.0"), "date": dt.date(2015, 1, 1)}


def _region_row(code: str, **overrides):
    kinds = catalog.dataset("by_region").kinds
    row = {column: _SAMPLE.get(kind, True) for column, kind in kinds.items()}
    return (
        row | {"county_code": code, "county_name": f"Län {code}", "total_cost": Decimal("90.50")} | overrides
    )


def test_save_then_load_keeps_codes_as_text_amounts_exact_and_dates_as_dates(tmp_path):
    frame = catalog.frame_from_records("by_region", [_region_row("09")])
    catalog.save("by_region", frame, tmp_path)
    loaded = catalog.load("by_region", tmp_path)
    assert loaded.loc[0, "county_code"] == "09"
    assert loaded.loc[0, "total_cost"] == Decimal("90.50")
    assert str(loaded["projects"].dtype) == "Int64"
    header, line = (tmp_path / "3_aggregated" / "by_region.csv").read_text(encoding="utf-8").splitlines()
    written = dict(zip(header.split(","), line.split(","), strict=True))
    assert (written["county_code"], written["total_cost"], written["projects"]) == ("09", "90.5", "1")

    summary = catalog.empty("project_summary")
    assert list(summary.columns) == list(catalog.dataset("project_summary").columns)


def test_dates_are_written_iso_and_read_back_as_dates(tmp_path):
    row = {
        "date": dt.date(2015, 3, 2),
        "meeting_type": "theme_meeting",
        "theme": "Validering",
        "place": "Umeå",
        "participants": 40,
        "source_file": "traffar.xlsx",
        "sheet": "Träffar",
        "row": 2,
        "date_cell": "A2",
        "meeting_type_cell": "B2",
        "theme_cell": "C2",
        "place_cell": "D2",
        "participants_cell": "E2",
    }
    catalog.save("meetings", catalog.frame_from_records("meetings", [row]), tmp_path)
    loaded = catalog.load("meetings", tmp_path)
    assert loaded.loc[0, "date"] == dt.date(2015, 3, 2)


def test_a_float_in_an_amount_column_is_refused(tmp_path):
    frame = catalog.frame_from_records("by_region", [_region_row("01")])
    frame["total_cost"] = [0.1 + 0.2]
    with pytest.raises(CatalogError, match="kolumn total_cost: flyttal"):
        catalog.save("by_region", frame, tmp_path)
    assert not (tmp_path / "3_aggregated" / "by_region.csv").exists()


def test_a_float_object_in_a_decimal_column_names_row_and_column(tmp_path):
    frame = catalog.frame_from_records("by_region", [_region_row("01"), _region_row("03", total_cost=1.5)])
    with pytest.raises(CatalogError, match=r"by_region.csv, rad 3, kolumn total_cost: float 1.5"):
        catalog.save("by_region", frame, tmp_path)


def test_a_duplicate_key_is_refused_naming_both_rows(tmp_path):
    frame = catalog.frame_from_records("by_region", [_region_row("01"), _region_row("01")])
    with pytest.raises(CatalogError, match=r"rad 2 och 3: samma nyckel \(county_code='01'\)"):
        catalog.save("by_region", frame, tmp_path)


def test_an_empty_key_is_refused(tmp_path):
    frame = catalog.frame_from_records("by_region", [_region_row(None)])
    with pytest.raises(CatalogError, match="nyckelkolumnen county_code är tom"):
        catalog.save("by_region", frame, tmp_path)


def _set_aside_row(project_id, source_file):
    return {"project_id": project_id, "source_file": source_file, "errors": 1, "first_error": "V01: …"}


def test_a_key_column_that_may_be_empty_identifies_the_row_by_the_rest(tmp_path):
    # Decisions share the register's file; workbooks without an ärende-id are known by their file.
    rows = [
        _set_aside_row("Ä 2013-000001", "beslutsregister.xlsx"),
        _set_aside_row("Ä 2013-000002", "beslutsregister.xlsx"),
        _set_aside_row(None, "projects/a.xlsx"),
        _set_aside_row(None, "projects/b.xlsx"),
    ]
    catalog.save("set_aside", catalog.frame_from_records("set_aside", rows), tmp_path)
    loaded = catalog.load_rows("set_aside", tmp_path)
    assert [(r["project_id"], r["source_file"]) for r in loaded] == [
        ("Ä 2013-000001", "beslutsregister.xlsx"),
        ("Ä 2013-000002", "beslutsregister.xlsx"),
        (None, "projects/a.xlsx"),
        (None, "projects/b.xlsx"),
    ]


def test_a_key_with_an_empty_part_is_still_unique_and_its_other_parts_filled(tmp_path):
    twice = [_set_aside_row(None, "projects/a.xlsx"), _set_aside_row(None, "projects/a.xlsx")]
    with pytest.raises(CatalogError, match=r"rad 2 och 3: samma nyckel \(project_id=None, source_file="):
        catalog.save("set_aside", catalog.frame_from_records("set_aside", twice), tmp_path)
    without_file = [_set_aside_row("Ä 2013-000001", None)]
    with pytest.raises(CatalogError, match="nyckelkolumnen source_file är tom"):
        catalog.save("set_aside", catalog.frame_from_records("set_aside", without_file), tmp_path)


def test_missing_or_extra_columns_are_refused(tmp_path):
    frame = catalog.frame_from_records("by_region", [_region_row("01")])
    with pytest.raises(CatalogError, match="saknas: projects; okända: –"):
        catalog.save("by_region", frame.drop(columns=["projects"]), tmp_path)
    with pytest.raises(CatalogError, match="saknas: –; okända: surplus"):
        catalog.save("by_region", frame.assign(surplus=1), tmp_path)


def test_rows_are_sorted_by_the_declared_order_with_codes_in_contract_order(tmp_path):
    rows = [
        {
            "category": code,
            "category_label": code,
            "budget": Decimal(1),
            "actual": Decimal(1),
            "actual_vs_budget_pct": None,
        }
        for code in ("project_income", "travel", "personnel")
    ]
    catalog.save("category_totals", catalog.frame_from_records("category_totals", rows), tmp_path)
    assert list(catalog.load("category_totals", tmp_path)["category"]) == [
        "personnel",
        "travel",
        "project_income",
    ]


def test_findings_are_ordered_by_file_sheet_and_cell_row_before_column(tmp_path):
    def finding(cell):
        return {
            "rule_id": "V07",
            "severity": "fel",
            "project_id": "Ä 1",
            "file": "projects/a.xlsx",
            "sheet": "Kostnader",
            "cell": cell,
            "value": "",
            "message": "m",
        }

    catalog.save(
        "findings", catalog.frame_from_records("findings", [finding("A10"), finding("B2")]), tmp_path
    )
    assert list(catalog.load("findings", tmp_path)["cell"]) == ["B2", "A10"]


def test_formula_like_text_is_neutralised_in_the_file_and_restored_on_load(tmp_path):
    row = {
        "rule_id": "V07",
        "severity": "fel",
        "project_id": "Ä 1",
        "file": "a.xlsx",
        "sheet": "S",
        "cell": "A1",
        "value": '=HYPERLINK("http://x")',
        "message": "m",
    }
    catalog.save("findings", catalog.frame_from_records("findings", [row]), tmp_path)
    assert "'=HYPERLINK" in (tmp_path / "findings.csv").read_text(encoding="utf-8")
    assert catalog.load("findings", tmp_path).loc[0, "value"] == '=HYPERLINK("http://x")'


def test_a_value_that_does_not_fit_its_type_names_file_row_and_column(tmp_path):
    path = tmp_path / "3_aggregated" / "by_year.csv"
    path.parent.mkdir(parents=True)
    columns = catalog.dataset("by_year").columns
    rows = [[str(year)] + ["1"] * (len(columns) - 1) for year in (2014, 2015)]
    rows[1][columns.index("total_cost")] = "tio"
    path.write_text("\n".join(",".join(r) for r in [list(columns), *rows]) + "\n", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"by_year.csv, rad 3, kolumn total_cost: 'tio' är inget belopp"):
        catalog.load("by_year", tmp_path)


def test_a_missing_file_says_which_stage_to_run(tmp_path):
    with pytest.raises(CatalogError, match="saknas. Kör om steget aggregate"):
        catalog.load("by_year", tmp_path)


def test_an_unknown_dataset_lists_the_names(tmp_path):
    with pytest.raises(CatalogError, match="Ingen tabell heter 'cost'"):
        catalog.load("cost", tmp_path)


def test_every_declared_column_has_a_kind_and_every_dataset_a_title():
    for ds in catalog.DATASETS.values():
        assert set(ds.kinds.values()) <= set(catalog.KINDS), ds.name
        assert ds.title and ds.description, ds.name
        assert set(ds.key) <= set(ds.columns) and set(ds.sort_by) <= set(ds.columns), ds.name


# What a row can be known by (issue 22): a file and a place in it, an ärende-id, a rule, or the
# code of a dimension the figures are broken down by. Never a column several rows can share.
IDENTITIES = {
    "source_file",
    "sheet",
    "row",
    "cell",
    "field",
    "table",
    "column",
    "project_id",
    "rule_id",
    "county_code",
    "year",
    "category",
    "source",
    "indicator",
    "meeting_type",
}
# Tables whose rows have no identity: the same finding may stand twice; one row of totals; the
# changes in the order the stage writes them.
KEYLESS = {"extract_findings", "findings", "programme_totals", "payments_totals", "changes"}


def test_every_key_is_a_real_identity_never_a_column_rows_can_share():
    for ds in (*catalog.DATASETS.values(), *catalog.ON_REQUEST.values()):
        assert bool(ds.key) != (ds.name in KEYLESS), ds.name
        assert set(ds.key) <= IDENTITIES, ds.name
        if ds.key:
            assert set(ds.key_may_be_empty) < set(ds.key), ds.name  # some part is always filled
    # The file alone is a key only where a table has one row per file read: every decision
    # without a workbook carries the register's file (two missing reports stopped the run).
    by_file_alone = {ds.name for ds in catalog.DATASETS.values() if ds.key == ("source_file",)}
    assert by_file_alone == {"files", "projects"}


def test_typed_frames_support_pandas_grouping_with_exact_sums(tmp_path):
    frame = catalog.frame_from_records(
        "by_region",
        [_region_row("01", total_cost=Decimal("0.1")), _region_row("03", total_cost=Decimal("0.2"))],
    )
    assert frame["total_cost"].sum() == Decimal("0.3")
    assert isinstance(frame, pd.DataFrame)


def test_the_notebook_door_imports_no_cli_or_renderer():
    code = (
        "import sys; from pipeline import catalog; "
        "print(sorted(m for m in ('click', 'weasyprint', 'matplotlib') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_load_rows_gives_the_values_load_gives(tmp_path):
    rows = [_region_row("09"), _region_row("01", total_cost=Decimal("12.50"))]
    catalog.save("by_region", catalog.frame_from_records("by_region", rows), tmp_path)
    loaded = catalog.load_rows("by_region", tmp_path)
    frame = catalog.load("by_region", tmp_path)
    as_dicts = [{k: (None if v is pd.NA else v) for k, v in r.items()} for r in frame.to_dict("records")]
    assert (
        loaded == as_dicts
        and loaded[0]["county_code"] == "01"
        and loaded[0]["total_cost"] == Decimal("12.50")
    )


def test_stages_that_only_read_values_never_import_pandas():
    code = (
        "import sys; import pipeline.stages.review, pipeline.stages.workbook, pipeline.stages.render; "
        "import pipeline.stages.html; "
        "from pipeline import catalog; print('pandas' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_load_with_bytes_gives_the_frame_and_the_file_as_written(tmp_path):
    path = catalog.save("by_region", catalog.frame_from_records("by_region", [_region_row("09")]), tmp_path)
    frame, data = catalog.load_with_bytes("by_region", tmp_path)
    assert data == path.read_bytes() and frame.loc[0, "county_code"] == "09"
