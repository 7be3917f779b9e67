"""The extract stage: workbooks in, canonical CSVs with file, sheet and cell of every value out.

Every test writes its inputs with tests/factories.py in tmp_path, changes one thing, and checks the
CSV hand-overs or the findings a person would read.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pytest

try:
    from tests import factories as f
except ImportError:  # tests/ itself on sys.path (pytest's default rootdir-less import mode)
    import factories as f
from pipeline import contract as c
from pipeline.rules import reading
from tests.extract_run import run_extract

P1 = "projects/projekt_0001.xlsx"
P2 = "projects/projekt_0002.xlsx"


@pytest.fixture
def programme(tmp_path) -> Path:
    return f.write_programme(tmp_path / "inputs", n_projects=3)


run = run_extract


def without_payments_notice(findings):
    """The findings but the one that says the (optional) payments file is missing: the factories'
    programme has none, and the round-trip test asserts that notice."""
    return [x for x in findings if x["rule_id"] != reading.PAYMENTS_MISSING.rule_id]


def findings_for(findings, file, rule=None):
    return [x for x in findings if x["file"] == file and (rule is None or x["rule_id"] == rule.rule_id)]


# --- The happy path, exactly. ----------------------------------------------------------------------


def test_valid_programme_round_trip_with_exact_values_and_cells(programme, tmp_path):
    summary, tables, findings = run(programme, tmp_path / "out")
    # The factories' programme has no payments file (optional): its absence is the one finding.
    assert [(f["rule_id"], f["severity"], f["file"]) for f in findings] == [
        (reading.PAYMENTS_MISSING.rule_id, "varning", "utbetalningar.xlsx")
    ]
    assert summary == {"arbetsböcker": 3, "projekt": 3, "fel": 0, "varning": 1}
    for name in tables:  # exactly the declared columns, in order
        header = (tmp_path / "out" / "1_extracted" / f"{name}.csv").read_text().splitlines()[0]
        assert header == ",".join(c.EXTRACTED_COLUMNS[name])

    project = tables["projects"][1]
    assert project == {
        "project_id": "Ä 2014-000002",
        "title": "Kompetensplattform 2 – analys och samverkan",
        "county_code": "03",
        "owner": "Region 2",
        "owner_org_number": "232102-0002",
        "contact_role": "Projektledare",
        "start_date": "2014-01-01",
        "end_date": "2016-12-31",
        "granted_amount": str(f.default_facts(2)["granted_amount"]),
        "source_file": P2,
        "sheet": "Projektuppgifter",
        "project_id_cell": "B3",
        "title_cell": "B4",
        "county_code_cell": "B5",
        "owner_cell": "B6",
        "owner_org_number_cell": "B7",
        "contact_role_cell": "B8",
        "start_date_cell": "B9",
        "end_date_cell": "B10",
        "granted_amount_cell": "B11",
    }
    costs = [r for r in tables["costs"] if r["source_file"] == P1]
    assert len(costs) == len(f.default_costs(1))
    assert costs[0] == {
        "project_id": "Ä 2014-000001",
        "year": "2014",
        "category": "personnel",
        "source_file": P1,
        "sheet": "Kostnader",
        "row": "2",
        "budget": "800000",
        "actual": "780000",
        "budget_cell": "C2",
        "actual_cell": "D2",
        "year_cell": "A2",
        "category_cell": "B2",
    }
    assert costs[6]["category"] == "project_income" and costs[6]["row"] == "8"
    financing = [r for r in tables["financing"] if r["source_file"] == P1]
    assert financing[0] == {
        "project_id": "Ä 2014-000001",
        "year": "2014",
        "source": "tillvaxtverket",
        "source_file": P1,
        "sheet": "Finansiering",
        "row": "2",
        "amount": "660000",
        "amount_cell": "C2",
        "year_cell": "A2",
        "source_cell": "B2",
    }
    indicators = [r for r in tables["indicators"] if r["source_file"] == P1]
    assert [r["indicator"] for r in indicators] == list(c.INDICATORS.values())
    assert (
        indicators[0]["target"],
        indicators[0]["indicator_cell"],
        indicators[0]["target_cell"],
        indicators[0]["outcome_cell"],
    ) == ("10", "A2", "B2", "C2")
    narratives = [r for r in tables["narratives"] if r["source_file"] == P2]
    assert [(r["field"], r["cell"]) for r in narratives] == [
        ("results", "B1"),
        ("lessons", "B2"),
        ("good_example_title", "B3"),
        ("good_example", "B4"),
    ]
    assert narratives[1]["text"] == "Samverkan med arbetsgivare kräver tid.\nBranschråd fungerar väl."
    totals = [r for r in tables["workbook_totals"] if r["source_file"] == P1]
    assert [(r["table"], r["column"], r["cell"]) for r in totals] == [
        ("costs", "budget", "C23"),
        ("costs", "actual", "D23"),
        ("financing", "amount", "C11"),
        ("indicators", "target", "B9"),
        ("indicators", "outcome", "C9"),
    ]
    assert all(r["stated"] == r["rows_sum"] for r in totals)
    assert tables["register"][0] == {
        "project_id": "Ä 2014-000001",
        "county_code": "01",
        "owner": "Region 1",
        "title": "Kompetensplattform 1 – analys och samverkan",
        "decision_date": "2013-11-15",
        "granted_amount": str(f.default_facts(1)["granted_amount"]),
        "start_date": "2014-01-01",
        "end_date": "2016-12-31",
        "source_file": "beslutsregister.xlsx",
        "sheet": "Beslut",
        "row": "2",
        "project_id_cell": "A2",
        "county_code_cell": "B2",
        "owner_cell": "C2",
        "title_cell": "D2",
        "decision_date_cell": "E2",
        "granted_amount_cell": "F2",
        "start_date_cell": "G2",
        "end_date_cell": "H2",
    }
    assert [(m["meeting_type"], m["participants"], m["row"]) for m in tables["meetings"]] == [
        ("experience_meeting", "45", "2"),
        ("theme_meeting", "62", "3"),
        ("experience_meeting", "38", "4"),
    ]
    assert [
        (m["date_cell"], m["meeting_type_cell"], m["theme_cell"], m["place_cell"], m["participants_cell"])
        for m in tables["meetings"]
    ][2] == ("A4", "B4", "C4", "D4", "E4")
    headers = [(h["source_file"], h["sheet"], h["column"], h["cell"]) for h in tables["sheet_headers"]]
    assert [h for h in headers if h[0] == P1] == [  # the catalog's order: file, sheet, cell
        (P1, "Finansiering", "year", "A1"),
        (P1, "Finansiering", "source", "B1"),
        (P1, "Finansiering", "amount", "C1"),
        (P1, "Indikatorer", "indicator", "A1"),
        (P1, "Indikatorer", "target", "B1"),
        (P1, "Indikatorer", "outcome", "C1"),
        (P1, "Kostnader", "year", "A1"),
        (P1, "Kostnader", "category", "B1"),
        (P1, "Kostnader", "budget", "C1"),
        (P1, "Kostnader", "actual", "D1"),
    ]
    assert [h[2:] for h in headers if h[0] == "traffar.xlsx"] == [
        ("date", "A1"),
        ("meeting_type", "B1"),
        ("theme", "C1"),
        ("place", "D1"),
        ("participants", "E1"),
    ]
    assert len(headers) == 3 * 10 + 8 + 5
    files = {r["source_file"]: r for r in tables["files"]}
    assert {k: (v["kind"], v["status"]) for k, v in files.items()} == {
        "beslutsregister.xlsx": ("register", "read"),
        "programme.toml": ("config", "read"),
        "traffar.xlsx": ("meetings", "read"),
        P1: ("workbook", "read"),
        P2: ("workbook", "read"),
        "projects/projekt_0003.xlsx": ("workbook", "read"),
    }
    data = (programme / P1).read_bytes()
    assert files[P1]["sha256"] == hashlib.sha256(data).hexdigest()
    assert files[P1]["size_bytes"] == str(len(data)) and files[P1]["project_id"] == "Ä 2014-000001"


def test_headers_found_anywhere_near_the_top_by_label_not_position(programme, tmp_path):
    """Title row, blank first column, stray spaces/NBSP/case in labels, an extra column between."""
    header = {
        "B3": " år ",
        "C3": "KOSTNADSSLAG",
        "D3": "Kommentar",
        "E3": "Utfall\u00a0(kr)",
        "F3": "budget(KR) ",
    }
    cells = {("Kostnader", a): v for a, v in header.items()}
    cells.update(
        {
            ("Kostnader", "A1"): "Kostnader per år",
            ("Kostnader", "B4"): 2015,
            ("Kostnader", "C4"): "Resor",
            ("Kostnader", "D4"): "tåg",
            ("Kostnader", "E4"): 1200,
            ("Kostnader", "F4"): 1000.5,
            ("Kostnader", "B6"): "2016",
            ("Kostnader", "C6"): " personal ",
            ("Kostnader", "E6"): "3 000",
            ("Kostnader", "F6"): 2500,
        }
    )
    f.write_project_workbook(programme / P1, index=1, drop_sheets=("Kostnader",), overrides=cells)
    _, tables, findings = run(programme, tmp_path / "out")
    assert findings_for(findings, P1) == []
    costs = [r for r in tables["costs"] if r["source_file"] == P1]
    assert [
        (
            r["year"],
            r["category"],
            r["budget"],
            r["actual"],
            r["budget_cell"],
            r["actual_cell"],
            r["year_cell"],
            r["category_cell"],
            r["row"],
        )
        for r in costs
    ] == [
        ("2015", "travel", "1000.5", "1200", "F4", "E4", "B4", "C4", "4"),
        ("2016", "personnel", "2500", "3000", "F6", "E6", "B6", "C6", "6"),
    ]
    assert [
        (h["column"], h["cell"])
        for h in tables["sheet_headers"]
        if h["source_file"] == P1 and h["sheet"] == "Kostnader"
    ] == [("year", "B3"), ("category", "C3"), ("actual", "E3"), ("budget", "F3")]


def test_cells_keep_their_a1_addresses_when_the_first_rows_and_columns_are_empty(programme, tmp_path):
    labels = {"C5": "Indikator", "D5": "Mål", "E5": "Utfall"}
    cells = {("Indikatorer", a): v for a, v in labels.items()}
    cells.update(
        {
            ("Indikatorer", "C6"): "Deltagande arbetsgivare",
            ("Indikatorer", "D6"): 40,
            ("Indikatorer", "E6"): 38,
        }
    )
    f.write_project_workbook(programme / P1, index=1, drop_sheets=("Indikatorer",), overrides=cells)
    _, tables, findings = run(programme, tmp_path / "out")
    assert findings_for(findings, P1) == []
    (row,) = [r for r in tables["indicators"] if r["source_file"] == P1]
    assert (
        row["indicator"],
        row["row"],
        row["target"],
        row["indicator_cell"],
        row["target_cell"],
        row["outcome_cell"],
    ) == ("participating_employers", "6", "40", "C6", "D6", "E6")


def test_register_and_meetings_problems_point_at_their_cells(programme, tmp_path):
    meetings = f.default_meetings()
    meetings[1]["meeting_type"] = "Konferens"
    meetings[2]["participants"] = "många"
    f.write_meetings(programme / "traffar.xlsx", meetings)
    f.write_register(
        programme / "beslutsregister.xlsx",
        [f.register_row(1)],
        overrides={("Beslut", "E2"): "15 nov 2013", ("Beslut", "F2"): "1 980 000 kr", ("Beslut", "B2"): 1.0},
    )
    _, tables, findings = run(programme, tmp_path / "out")
    assert {(x["file"], x["sheet"], x["cell"], x["rule_id"]) for x in without_payments_notice(findings)} == {
        ("traffar.xlsx", "Träffar", "B3", reading.UNKNOWN_LABEL.rule_id),
        ("traffar.xlsx", "Träffar", "E4", reading.BAD_INT.rule_id),
    }
    (decision,) = tables["register"]
    assert (decision["county_code"], decision["decision_date"], decision["granted_amount"]) == (
        "01",
        "2013-11-15",
        "1980000",
    )


def test_every_value_keeps_the_cell_of_its_located_column_in_any_column_order(programme, tmp_path):
    """Utfall before År, the register and the meetings list in another order: each value's cell is
    where its header was found, and so is each finding extract makes."""
    f.write_project_workbook(
        programme / P1,
        index=1,
        column_orders={
            "Kostnader": ["actual", "category", "budget", "year"],
            "Finansiering": ["source", "amount", "year"],
            "Indikatorer": ["outcome", "indicator", "target"],
        },
        totals=False,
        overrides={("Kostnader", "D3"): "tjugohundra"},
    )
    f.write_register(
        programme / "beslutsregister.xlsx",
        [f.register_row(1), f.register_row(2)],
        column_order=[
            "title",
            "granted_amount",
            "project_id",
            "end_date",
            "start_date",
            "county_code",
            "decision_date",
            "owner",
        ],
        overrides={("Beslut", "F3"): "99"},
    )
    f.write_meetings(
        programme / "traffar.xlsx",
        f.default_meetings(),
        column_order=["participants", "place", "theme", "meeting_type", "date"],
    )
    _, tables, findings = run(programme, tmp_path / "out")
    assert {(x["file"], x["sheet"], x["cell"], x["rule_id"]) for x in without_payments_notice(findings)} == {
        (P1, "Kostnader", "D3", reading.BAD_YEAR.rule_id),
        ("beslutsregister.xlsx", "Beslut", "F3", reading.BAD_COUNTY.rule_id),
    }
    cost = next(r for r in tables["costs"] if r["source_file"] == P1)
    assert (
        cost["actual_cell"],
        cost["category_cell"],
        cost["budget_cell"],
        cost["year_cell"],
        cost["year"],
    ) == ("A2", "B2", "C2", "D2", "2014")
    funding = next(r for r in tables["financing"] if r["source_file"] == P1)
    assert (funding["source_cell"], funding["amount_cell"], funding["year_cell"]) == ("A2", "B2", "C2")
    indicator = next(r for r in tables["indicators"] if r["source_file"] == P1)
    assert (indicator["outcome_cell"], indicator["indicator_cell"], indicator["target_cell"]) == (
        "A2",
        "B2",
        "C2",
    )
    decision = tables["register"][1]
    assert decision["county_code"] == "" and {
        name: decision[f"{name}_cell"]
        for name in (
            "title",
            "granted_amount",
            "project_id",
            "end_date",
            "start_date",
            "county_code",
            "decision_date",
            "owner",
        )
    } == {
        "title": "A3",
        "granted_amount": "B3",
        "project_id": "C3",
        "end_date": "D3",
        "start_date": "E3",
        "county_code": "F3",
        "decision_date": "G3",
        "owner": "H3",
    }
    meeting = tables["meetings"][0]
    assert (
        meeting["participants_cell"],
        meeting["place_cell"],
        meeting["theme_cell"],
        meeting["meeting_type_cell"],
        meeting["date_cell"],
        meeting["date"],
    ) == ("A2", "B2", "C2", "D2", "E2", "2014-05-20")
    headers = {(h["source_file"], h["sheet"], h["column"]): h["cell"] for h in tables["sheet_headers"]}
    assert (headers[(P1, "Kostnader", "year")], headers[(P1, "Kostnader", "actual")]) == ("D1", "A1")
    assert headers[("beslutsregister.xlsx", "Beslut", "granted_amount")] == "B1"
    assert headers[("traffar.xlsx", "Träffar", "date")] == "E1"


def test_sheets_in_another_order_and_an_extra_sheet_change_nothing(programme, tmp_path):
    _, before, _ = run(programme, tmp_path / "before")
    f.write_project_workbook(
        programme / P1,
        index=1,
        overrides={("Anteckningar", "A1"): "Egna anteckningar"},
        sheet_order=("Berättelse", "Anteckningar", "Indikatorer", "Kostnader"),
    )
    _, after, findings = run(programme, tmp_path / "after")
    assert without_payments_notice(findings) == []
    for name in ("projects", "costs", "financing", "indicators", "narratives", "workbook_totals"):
        assert after[name] == before[name], name


def test_blank_rows_are_skipped_and_rows_keep_their_sheet_row_numbers(programme, tmp_path):
    costs = f.default_costs(1)[:2]
    f.write_project_workbook(
        programme / P1, index=1, costs=[costs[0], {}, {}, costs[1]], overrides={("Kostnader", "B3"): "   "}
    )
    _, tables, findings = run(programme, tmp_path / "out")
    assert findings_for(findings, P1) == []
    rows = [r for r in tables["costs"] if r["source_file"] == P1]
    assert [(r["row"], r["actual_cell"]) for r in rows] == [("2", "D2"), ("5", "D5")]
    (total,) = [r for r in tables["workbook_totals"] if r["source_file"] == P1 and r["column"] == "actual"]
    assert total["cell"] == "D6" and total["stated"] == total["rows_sum"] == str(
        costs[0]["actual"] + costs[1]["actual"]
    )


def test_numbers_dates_and_codes_typed_as_swedish_text(programme, tmp_path):
    f.write_project_workbook(
        programme / P1,
        index=1,
        overrides={
            ("Projektuppgifter", "B5"): "1",
            ("Projektuppgifter", "B9"): "1 mars 2014",
            ("Projektuppgifter", "B10"): "2016-12-31 00:00:00",
            ("Projektuppgifter", "B11"): "1.980.000 kr",
            ("Kostnader", "A2"): "2014",
            ("Kostnader", "C2"): "1 234 567,50 kr",
            ("Kostnader", "D2"): "\u2212500",
            ("Finansiering", "C2"): "660\u202f000:-",
            ("Indikatorer", "B2"): "1 200",
        },
    )
    _, tables, findings = run(programme, tmp_path / "out")
    assert findings_for(findings, P1) == []
    project = tables["projects"][0]
    assert (
        project["county_code"],
        project["start_date"],
        project["end_date"],
        project["granted_amount"],
    ) == ("01", "2014-03-01", "2016-12-31", "1980000")
    cost = tables["costs"][0]
    assert (cost["year"], cost["budget"], cost["actual"]) == ("2014", "1234567.5", "-500")
    assert tables["financing"][0]["amount"] == "660000"
    assert tables["indicators"][0]["target"] == "1200"


# --- Formulas. -------------------------------------------------------------------------------------


def test_formula_with_a_stored_result_is_read_as_its_result(programme, tmp_path):
    f.write_project_workbook(
        programme / P1,
        index=1,
        overrides={
            ("Kostnader", "D2"): f.Formula("=700000+80000", 780000),
            ("Kostnader", "C3"): f.Formula("=C2*0.375", 300000.5),
        },
    )
    _, tables, findings = run(programme, tmp_path / "out")
    assert findings_for(findings, P1) == []
    assert tables["costs"][0]["actual"] == "780000" and tables["costs"][1]["budget"] == "300000.5"


def test_formula_without_a_stored_result_is_a_finding_not_zero(programme, tmp_path):
    f.save_with_openpyxl(programme / P1, {("Kostnader", "D2"): "=C2-20000"})
    _, tables, findings = run(programme, tmp_path / "out")
    missing = findings_for(findings, P1, reading.FORMULA_WITHOUT_RESULT)
    cells = {(x["sheet"], x["cell"]) for x in missing}
    # D2, and every Summa formula (openpyxl drops all stored results when it saves)
    assert ("Kostnader", "D2") in cells and ("Kostnader", "D23") in cells
    assert ("Finansiering", "C11") in cells
    assert all(x["severity"] == "fel" and x["project_id"] == "Ä 2014-000001" for x in missing)
    assert "spara" in missing[0]["message"]
    cost = [r for r in tables["costs"] if r["source_file"] == P1][0]
    assert cost["actual"] == "" and cost["budget"] == "800000"
    total = [r for r in tables["workbook_totals"] if r["source_file"] == P1][1]
    assert (total["cell"], total["stated"]) == ("D23", "")


def test_missing_sheet_and_missing_header_name_sheet_and_label(programme, tmp_path):
    f.write_project_workbook(
        programme / P1,
        index=1,
        drop_sheets=("Finansiering",),
        overrides={("Kostnader", "C1"): "Budgetbelopp"},
    )
    _, tables, findings = run(programme, tmp_path / "out")
    (sheet,) = findings_for(findings, P1, reading.MISSING_SHEET)
    assert sheet["sheet"] == "Finansiering" and '"Kostnader"' in sheet["message"]
    (header,) = findings_for(findings, P1, reading.MISSING_HEADER)
    assert (header["sheet"], header["cell"]) == ("Kostnader", "C1") and "Budget (kr)" in header["message"]
    assert [r for r in tables["costs"] if r["source_file"] == P1] == []
    assert len([r for r in tables["indicators"] if r["source_file"] == P1]) == 7  # the rest is read
    assert [r["project_id"] for r in tables["projects"]][0] == "Ä 2014-000001"


def test_missing_fact_and_unknown_labels_list_the_valid_ones(programme, tmp_path):
    costs = f.default_costs(1)
    costs[1]["category"] = "Konsulter"
    financing = f.default_financing(1)
    financing[0]["source"] = "EU"
    f.write_project_workbook(
        programme / P1,
        index=1,
        costs=costs,
        financing=financing,
        overrides={("Projektuppgifter", "A7"): "Orgnr"},
    )
    _, tables, findings = run(programme, tmp_path / "out")
    unknown = findings_for(findings, P1, reading.UNKNOWN_LABEL)
    assert [(x["sheet"], x["cell"], x["value"]) for x in unknown] == [
        ("Finansiering", "B2", "EU"),
        ("Kostnader", "B3", "Konsulter"),
    ]
    assert (
        '"Extern sakkunskap och externa tjänster"' in unknown[1]["message"]
        and '"Tillväxtverket"' in unknown[0]["message"]
    )
    (missing,) = findings_for(findings, P1, reading.MISSING_FIELD)
    assert missing["sheet"] == "Projektuppgifter" and "Organisationsnummer" in missing["message"]
    assert tables["projects"][0]["owner_org_number"] == "" and tables["costs"][1]["category"] == ""


def test_unparseable_values_give_findings_with_the_exact_cell(programme, tmp_path):
    f.write_project_workbook(
        programme / P1,
        index=1,
        overrides={
            ("Kostnader", "C4"): "tusen kr",
            ("Kostnader", "A5"): "tjugofjorton",
            ("Projektuppgifter", "B9"): "31/2 2014",
            ("Projektuppgifter", "B5"): "02",
            ("Indikatorer", "C3"): "12,5",
        },
    )
    _, tables, findings = run(programme, tmp_path / "out")
    got = {(x["rule_id"], x["sheet"], x["cell"], x["value"]) for x in findings_for(findings, P1)}
    assert got == {
        (reading.BAD_AMOUNT.rule_id, "Kostnader", "C4", "tusen kr"),
        (reading.BAD_YEAR.rule_id, "Kostnader", "A5", "tjugofjorton"),
        (reading.BAD_DATE.rule_id, "Projektuppgifter", "B9", "31/2 2014"),
        (reading.BAD_COUNTY.rule_id, "Projektuppgifter", "B5", "02"),
        (reading.BAD_INT.rule_id, "Indikatorer", "C3", "12,5"),
    }
    assert tables["costs"][2]["budget"] == "" and tables["projects"][0]["start_date"] == ""


def test_rows_below_the_totals_row_are_not_added_but_warned_about(programme, tmp_path):
    f.write_project_workbook(
        programme / P1,
        index=1,
        overrides={("Kostnader", "A25"): 2016, ("Kostnader", "B25"): "Resor", ("Kostnader", "C25"): 5},
    )
    _, tables, findings = run(programme, tmp_path / "out")
    (warning,) = findings_for(findings, P1)
    assert (warning["rule_id"], warning["severity"], warning["cell"]) == (
        reading.ROWS_AFTER_TOTALS.rule_id,
        "varning",
        "A25",
    )
    assert len([r for r in tables["costs"] if r["source_file"] == P1]) == 21


# --- Every table goes through the catalog: typed values, declared kinds. ------------------------------


def test_extracted_tables_are_the_catalogs_own_bytes_of_their_typed_values(programme, tmp_path):
    """Loading each table with the catalog and saving it again gives the same bytes: extract wrote
    values of the declared kinds (Decimal amounts, dates, ints), in the declared order."""
    from pipeline import catalog

    f.write_project_workbook(
        programme / P1,
        index=1,
        overrides={
            ("Kostnader", "C2"): "1 234,50 kr",
            ("Kostnader", "B3"): "=Personal",
            ("Kostnader", "D3"): None,
        },
    )
    run(programme, tmp_path / "out")
    for name in (*c.EXTRACTED_COLUMNS, "extract_findings"):
        frame = catalog.load(name, tmp_path / "out")
        path = catalog.dataset(name).file(tmp_path / "out")
        assert catalog.to_csv_bytes(name, frame) == path.read_bytes(), name
    costs = catalog.load("costs", tmp_path / "out")
    first = costs[costs["source_file"] == P1].iloc[0]
    assert first["budget"] == Decimal("1234.50") and first["year"] == 2014


def test_every_rule_has_a_unique_id_and_a_swedish_message():
    from pipeline.rules import READING_RULES

    ids = [rule.rule_id for rule in READING_RULES]
    assert len(ids) == len(set(ids)) >= 26 and "extract_blank_cell" in ids
    assert all(rule.severity in ("fel", "varning") and rule.message and rule.checks for rule in READING_RULES)
