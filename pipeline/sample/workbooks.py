"""Writing workbooks: a project's workbook following the contract (a pure function of its
`ProjectSpec`), and the one-sheet tables of the register and the meetings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from .. import contract
from ..parsing import cell_address, parse_amount
from .projects import ProjectSpec


def _write_amount(worksheet, row: int, column: int, value, formats: dict) -> None:
    if isinstance(value, str):
        worksheet.write_string(row, column, value)
    else:
        worksheet.write_number(row, column, value, formats["amount"])


def _numeric(value) -> Decimal:
    """The amount a cell stands for, read the way the extract stage reads it."""
    return parse_amount(value)


def _write_total(
    worksheet, row: int, column: int, rows_first: int, total: Decimal, typed: bool, formats: dict
) -> None:
    whole = total == total.to_integral_value()
    number = int(total) if whole else float(total)
    style = formats["total_amount"] if whole else formats["total_decimal"]
    if typed:
        worksheet.write_number(row, column, number, style)
    else:
        first, last = cell_address(rows_first, column), cell_address(row - 1, column)
        worksheet.write_formula(row, column, f"=SUM({first}:{last})", style, number)


def write_project_workbook(path: Path, spec: ProjectSpec) -> None:
    """Write one project workbook following the contract (pure function of `spec`)."""
    from ..template import (
        FACTS_TITLE,
        FIRST_FACT_ROW,
        new_workbook,
        set_column_widths,
        value_format,
        workbook_formats,
        write_header,
    )

    workbook = new_workbook(str(path))
    formats = workbook_formats(workbook)

    facts = workbook.add_worksheet(contract.SHEET_FACTS)
    set_column_widths(facts, contract.SHEET_FACTS)
    facts.write_string(0, 0, FACTS_TITLE, formats["title"])
    values = {
        "project_id": spec.project_id,
        "title": spec.title,
        "county_code": spec.county_code,
        "owner": spec.owner,
        "owner_org_number": spec.org_number,
        "contact_role": spec.contact_role,
        "start_date": spec.start_date_text or spec.start_date,
        "end_date": spec.end_date,
        "granted_amount": spec.granted,
    }
    order = spec.facts_order or tuple(range(len(contract.FACT_FIELDS)))
    for offset, field_index in enumerate(order):
        fact = contract.FACT_FIELDS[field_index]
        row = FIRST_FACT_ROW + offset
        value = values[fact.name]
        facts.write_string(row, 0, fact.label, formats["label"])
        if isinstance(value, dt.date):
            facts.write_datetime(row, 1, value, formats["date"])
        elif isinstance(value, int):
            facts.write_number(row, 1, value, formats["amount"])
        else:
            facts.write_string(row, 1, value, value_format(fact.kind, formats))

    costs = workbook.add_worksheet(contract.SHEET_COSTS)
    set_column_widths(costs, contract.SHEET_COSTS)
    write_header(costs, contract.COST_COLUMNS, formats)
    for row, (year, label, budget, actual) in enumerate(spec.cost_rows, start=1):
        costs.write_number(row, 0, year)
        costs.write_string(row, 1, label)
        _write_amount(costs, row, 2, budget, formats)
        _write_amount(costs, row, 3, actual, formats)
    total_row = len(spec.cost_rows) + 1
    costs.write_string(total_row, 0, contract.TOTALS_LABEL, formats["total_label"])
    costs.write_blank(total_row, 1, None, formats["total_label"])
    _write_total(
        costs, total_row, 2, 1, sum(_numeric(r[2]) for r in spec.cost_rows), spec.totals_typed, formats
    )
    actual_sum = sum(_numeric(r[3]) for r in spec.cost_rows)
    if spec.cost_total_actual_typed is not None:
        _write_total(costs, total_row, 3, 1, spec.cost_total_actual_typed, True, formats)
    else:
        _write_total(costs, total_row, 3, 1, actual_sum, spec.totals_typed, formats)

    financing = workbook.add_worksheet(contract.SHEET_FINANCING)
    set_column_widths(financing, contract.SHEET_FINANCING)
    write_header(financing, contract.FINANCING_COLUMNS, formats)
    for row, (year, label, amount) in enumerate(spec.financing_rows, start=1):
        financing.write_number(row, 0, year)
        financing.write_string(row, 1, label)
        _write_amount(financing, row, 2, amount, formats)
    total_row = len(spec.financing_rows) + 1
    financing.write_string(total_row, 0, contract.TOTALS_LABEL, formats["total_label"])
    financing.write_blank(total_row, 1, None, formats["total_label"])
    _write_total(
        financing,
        total_row,
        2,
        1,
        sum(_numeric(r[2]) for r in spec.financing_rows),
        spec.totals_typed,
        formats,
    )

    indicators = workbook.add_worksheet(contract.SHEET_INDICATORS)
    set_column_widths(indicators, contract.SHEET_INDICATORS)
    write_header(indicators, contract.INDICATOR_COLUMNS, formats)
    for row, (label, target, outcome) in enumerate(spec.indicator_rows, start=1):
        indicators.write_string(row, 0, label)
        indicators.write_number(row, 1, target, formats["int"])
        indicators.write_number(row, 2, outcome, formats["int"])

    narrative = workbook.add_worksheet(contract.SHEET_NARRATIVE)
    set_column_widths(narrative, contract.SHEET_NARRATIVE)
    for row, narrative_field in enumerate(contract.NARRATIVE_FIELDS):
        narrative.write_string(row, 0, narrative_field.label, formats["label"])
        text = spec.narrative.get(narrative_field.label)
        if text:
            narrative.write_string(row, 1, text, formats["wrap"])

    if spec.extra_sheet:
        notes = workbook.add_worksheet("Anteckningar")
        notes.set_column(0, 0, 90)
        notes.write_string(0, 0, "Interna anteckningar – läses inte av Tillväxtverket", formats["title"])
        notes.write_string(1, 0, "Underlaget till lägesrapporten stämdes av med ekonomienheten.")
        notes.write_string(2, 0, "Slutrapporten granskades av styrgruppen innan den skickades in.")
    workbook.close()


def write_table_workbook(path: Path, sheet_name: str, columns, rows: list[dict]) -> None:
    from ..template import new_workbook, workbook_formats, write_header

    workbook = new_workbook(str(path))
    formats = workbook_formats(workbook)
    sheet = workbook.add_worksheet(sheet_name)
    write_header(sheet, columns, formats)
    for column, spec_field in enumerate(columns):
        width = {"date": 12, "amount": 16, "county": 9, "int": 16}.get(spec_field.kind, 40)
        sheet.set_column(column, column, width)
    for row, record in enumerate(rows, start=1):
        for column, spec_field in enumerate(columns):
            value = record[spec_field.name]
            if isinstance(value, dt.date):
                sheet.write_datetime(row, column, value, formats["date"])
            elif isinstance(value, int):
                style = formats["amount"] if spec_field.kind == "amount" else None
                sheet.write_number(row, column, value, style)
            else:
                sheet.write_string(row, column, value, formats["text"])
    sheet.autofilter(0, 0, len(rows), len(columns) - 1)
    workbook.close()
