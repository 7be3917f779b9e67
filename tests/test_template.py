"""The blank project workbook: follows the contract, helps the person filling it in, and a filled-in
copy is read by the extract stage without errors. Expected labels come from pipeline.contract."""

from __future__ import annotations

import datetime as dt
import random
import zipfile
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from pipeline import contract as c
from pipeline import sample
from pipeline.errors import PipelineError
from pipeline.paths import InputPaths, OutputPaths
from pipeline.safe_io import read_rows
from pipeline.template import INSTRUCTIONS_SHEET, template_bytes, write_template

DOC = Path(__file__).resolve().parent.parent / "docs" / "input-format.md"


@pytest.fixture(scope="module")
def template_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "projektmall.xlsx"
    summary = write_template(path)
    assert summary["flikar"] == 1 + len(c.PROJECT_SHEETS)
    return path


def _sheets(path: Path) -> dict[str, list[list]]:
    workbook = CalamineWorkbook.from_path(str(path))
    return {name: workbook.get_sheet_by_name(name).to_python() for name in workbook.sheet_names}


def _column(rows: list[list], index: int) -> list:
    return [row[index] if len(row) > index else "" for row in rows]


def _value_by_label(rows: list[list]) -> dict:
    return {row[0]: row[1] for row in rows if row and row[0] and len(row) > 1}


# --- Layout ---------------------------------------------------------------------------------------


def test_sheets_instructions_first_then_the_contract_sheets(template_path):
    names = CalamineWorkbook.from_path(str(template_path)).sheet_names
    assert names == [INSTRUCTIONS_SHEET, *c.PROJECT_SHEETS]


def test_every_label_and_header_of_the_contract_with_empty_values(template_path):
    sheets = _sheets(template_path)
    facts = sheets[c.SHEET_FACTS]
    assert [f.label for f in c.FACT_FIELDS] == [v for v in _column(facts, 0) if v][1:]  # after title
    assert all(v == "" for v in _column(facts, 1))
    assert sheets[c.SHEET_COSTS] == [[f.label for f in c.COST_COLUMNS]]
    assert sheets[c.SHEET_FINANCING] == [[f.label for f in c.FINANCING_COLUMNS]]
    indicators = sheets[c.SHEET_INDICATORS]
    assert indicators[0] == [f.label for f in c.INDICATOR_COLUMNS]
    assert [row[0] for row in indicators[1:]] == list(c.INDICATORS)
    assert all(row[1] == "" and row[2] == "" for row in indicators[1:])
    narrative = sheets[c.SHEET_NARRATIVE]
    assert _column(narrative, 0) == [f.label for f in c.NARRATIVE_FIELDS]
    assert all(v == "" for v in _column(narrative, 1))


def test_no_formulas_and_no_totals_rows(template_path):
    with zipfile.ZipFile(template_path) as archive:
        sheet_xml = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert sheet_xml and not any("<f>" in xml or "<f " in xml for xml in sheet_xml)
    for name, rows in _sheets(template_path).items():
        if name != INSTRUCTIONS_SHEET:
            assert c.TOTALS_LABEL not in _column(rows, 0), name


def test_instructions_list_counties_categories_sources_and_income_rule(template_path):
    text = "\n".join(str(v) for row in _sheets(template_path)[INSTRUCTIONS_SHEET] for v in row)
    for code, name in c.COUNTIES.items():
        assert f"{code}  {name}" in text
    for label in (*c.COST_CATEGORIES, *c.FINANCING_SOURCES):
        assert label in text
    assert "positivt belopp" in text and "dras av" in text
    assert "ÅÅÅÅ-MM-DD" in text


def test_drop_down_lists_for_category_source_indicator_and_county(template_path):
    workbook = openpyxl.load_workbook(template_path)

    def lists(sheet: str) -> dict[str, str]:
        return {
            str(v.sqref): v.formula1
            for v in workbook[sheet].data_validations.dataValidation
            if v.type == "list"
        }

    def covers(sqref: str, cell: str) -> bool:
        return any(cell in openpyxl.worksheet.cell_range.CellRange(part) for part in sqref.split())

    for sheet, cell, values in (
        (c.SHEET_COSTS, "B2", c.COST_CATEGORIES),
        (c.SHEET_FINANCING, "B100", c.FINANCING_SOURCES),
        (c.SHEET_INDICATORS, "A2", c.INDICATORS),
    ):
        ((sqref, formula),) = lists(sheet).items()
        assert covers(sqref, cell)
        assert formula.strip('"').split(",") == list(values)
    county_row = 2 + [f.kind for f in c.FACT_FIELDS].index("county")
    ((sqref, formula),) = lists(c.SHEET_FACTS).items()
    assert sqref == f"B{county_row}"
    assert formula.strip('"').split(",") == list(c.COUNTIES)


def test_column_widths_are_set(template_path):
    workbook = openpyxl.load_workbook(template_path)
    assert workbook[c.SHEET_FACTS].column_dimensions["B"].width >= 40
    assert workbook[c.SHEET_NARRATIVE].column_dimensions["B"].width >= 80
    assert workbook[INSTRUCTIONS_SHEET].column_dimensions["A"].width >= 80


def test_template_bytes_are_reproducible_and_cli_errors_are_user_errors(tmp_path):
    assert template_bytes() == template_bytes()
    with pytest.raises(PipelineError, match=r"\.xlsx"):
        write_template(tmp_path / "mall.ods")
    with pytest.raises(PipelineError, match="finns inte"):
        write_template(tmp_path / "saknas" / "mall.xlsx")


def test_input_format_doc_names_every_label_and_value():
    text = DOC.read_text(encoding="utf-8")
    fields = (
        *c.FACT_FIELDS,
        *c.COST_COLUMNS,
        *c.FINANCING_COLUMNS,
        *c.INDICATOR_COLUMNS,
        *c.NARRATIVE_FIELDS,
        *c.REGISTER_COLUMNS,
        *c.MEETING_COLUMNS,
    )
    for value in (
        *(f.label for f in fields),
        *(f"`{f.name}`" for f in fields),
        *c.PROJECT_SHEETS,
        c.REGISTER_SHEET,
        c.MEETINGS_SHEET,
        *c.COST_CATEGORIES,
        *c.FINANCING_SOURCES,
        *c.INDICATORS,
        *c.MEETING_TYPES,
        *c.COUNTIES.values(),
    ):
        assert value in text, value


# --- Filling it in --------------------------------------------------------------------------------

FACTS = {
    "project_id": "Ä 2015-004321",
    "title": "Branschråd för kompetensförsörjning i Hallands län",
    "county_code": "13",
    "owner": "Region Halland",
    "owner_org_number": "232100-0198",
    "contact_role": "Processledare kompetensförsörjning",
    "start_date": dt.date(2015, 3, 1),
    "end_date": dt.date(2016, 12, 31),
    "granted_amount": 900_000,
}
COSTS = [  # year, category, budget, actual
    (2015, "Personal", 600_000, 580_000),
    (2015, "Resor", 20_000, 18_000),
    (2016, "Personal", 800_000, 820_000),
    (2016, "Externa tjänster", 300_000, 290_000),
    (2016, "Projektintäkter", 0, 8_000),
]
FINANCING = [  # year, source, amount — equals costs minus income per year
    (2015, "Tillväxtverket", 270_000),
    (2015, "Offentlig kontant finansiering", 328_000),
    (2016, "Tillväxtverket", 550_000),
    (2016, "Offentlig kontant finansiering", 452_000),
    (2016, "Privat bidrag i annat än pengar", 100_000),
]
NARRATIVE = [
    "Tre branschråd har startats och 40 arbetsgivare har deltagit.",
    "Arbetsgivarnas medverkan kräver tydlig nytta.",
    "Branschrådet för vård och omsorg",
    "Rådet samlar arbetsgivare och utbildningsanordnare.",
]


def _fill_in(template: Path, target: Path) -> None:
    """What a person does with another tool: type values next to labels and below headers."""
    workbook = openpyxl.load_workbook(template)
    facts = workbook[c.SHEET_FACTS]
    rows = {facts.cell(r, 1).value: r for r in range(1, facts.max_row + 1)}
    for f in c.FACT_FIELDS:
        facts.cell(rows[f.label], 2).value = FACTS[f.name]
    for i, row in enumerate(COSTS, start=2):
        for j, value in enumerate(row, start=1):
            workbook[c.SHEET_COSTS].cell(i, j).value = value
    for i, row in enumerate(FINANCING, start=2):
        for j, value in enumerate(row, start=1):
            workbook[c.SHEET_FINANCING].cell(i, j).value = value
    indicators = workbook[c.SHEET_INDICATORS]
    for i in range(2, 2 + len(c.INDICATORS)):
        indicators.cell(i, 2).value = 10 + i
        indicators.cell(i, 3).value = 12 + i
    for i, text in enumerate(NARRATIVE, start=1):
        workbook[c.SHEET_NARRATIVE].cell(i, 2).value = text
    workbook.save(target)


def test_filled_in_values_land_under_the_right_labels(template_path, tmp_path):
    filled = tmp_path / "ifylld.xlsx"
    _fill_in(template_path, filled)
    sheets = _sheets(filled)
    facts = _value_by_label(sheets[c.SHEET_FACTS])
    for f in c.FACT_FIELDS:
        value = facts[f.label]
        expected = FACTS[f.name]
        if isinstance(expected, dt.date):
            value = value.date() if isinstance(value, dt.datetime) else value
        assert value == expected, f.label
    header = sheets[c.SHEET_COSTS][0]
    costs = [dict(zip(header, row, strict=False)) for row in sheets[c.SHEET_COSTS][1:]]
    assert [(r["År"], r["Kostnadsslag"], r["Budget (kr)"], r["Utfall (kr)"]) for r in costs] == COSTS
    header = sheets[c.SHEET_FINANCING][0]
    assert [
        tuple(dict(zip(header, row, strict=False)).values()) for row in sheets[c.SHEET_FINANCING][1:]
    ] == FINANCING
    indicators = {row[0]: (row[1], row[2]) for row in sheets[c.SHEET_INDICATORS][1:]}
    assert indicators[next(iter(c.INDICATORS))] == (12, 14)
    assert list(_value_by_label(sheets[c.SHEET_NARRATIVE]).values()) == NARRATIVE


def _inputs_folder(root: Path, filled: Path) -> InputPaths:
    """A one-project programme: the filled-in workbook, its decision and the meetings."""
    (root / "projects").mkdir(parents=True)
    filled.replace(root / "projects" / "13_2015-004321.xlsx")
    (root / "programme.toml").write_text(sample.programme_toml(1), encoding="utf-8")
    decision = sample.ProjectSpec(
        project_id=FACTS["project_id"],
        file_name="",
        county_code=FACTS["county_code"],
        owner=FACTS["owner"],
        org_number=FACTS["owner_org_number"],
        contact_role="",
        title=FACTS["title"],
        decision_date=dt.date(2015, 2, 10),
        start_date=FACTS["start_date"],
        end_date=FACTS["end_date"],
        register_end_date=FACTS["end_date"],
        granted=FACTS["granted_amount"],
    )
    sample.write_register(root / "beslutsregister.xlsx", [decision])
    sample.write_meetings(root / "traffar.xlsx", sample.draw_meetings(random.Random(1)))
    return InputPaths(root)


def test_filled_in_template_is_extracted_without_errors(template_path, tmp_path):
    from pipeline.stages import extract

    filled = tmp_path / "ifylld.xlsx"
    _fill_in(template_path, filled)
    inputs = _inputs_folder(tmp_path / "inputs", filled)
    outputs = OutputPaths(tmp_path / "outputs")
    summary = extract.run(inputs, outputs, workers=1)
    findings = read_rows(outputs.extract_findings)
    assert [f for f in findings if f["severity"] == c.SEVERITY_ERROR] == []
    assert summary["fel"] == 0
    projects = read_rows(outputs.extracted_table("projects"))
    assert [(p["project_id"], p["county_code"], p["start_date"]) for p in projects] == [
        (FACTS["project_id"], "13", "2015-03-01")
    ]
    assert len(read_rows(outputs.extracted_table("costs"))) == len(COSTS)
    assert len(read_rows(outputs.extracted_table("financing"))) == len(FINANCING)
    assert len(read_rows(outputs.extracted_table("indicators"))) == len(c.INDICATORS)
