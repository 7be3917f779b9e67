"""The blank project workbook (`python -m pipeline template OUT.xlsx`) and the layout it shares
with the sample generator.

Every sheet name, label, category and source comes from `pipeline.contract`, so the template, the
sample workbooks and the extract stage agree by construction. Written with xlsxwriter: fast, and
its output is byte-for-byte reproducible when the created date is fixed and the zip is built in
memory (fixed member timestamps).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from .contract import (
    COST_CATEGORIES,
    COST_COLUMNS,
    COUNTIES,
    FACT_FIELDS,
    FINANCING_COLUMNS,
    FINANCING_SOURCES,
    INDICATOR_COLUMNS,
    INDICATORS,
    NARRATIVE_FIELDS,
    PAYMENT_COLUMNS,
    PAYMENT_KINDS,
    PAYMENTS_SHEET,
    PROJECT_SHEETS,
    SHEET_COSTS,
    SHEET_FACTS,
    SHEET_FINANCING,
    SHEET_INDICATORS,
    SHEET_NARRATIVE,
    TOTALS_LABEL,
)
from .errors import PipelineError
from .paths import PAYMENTS_NAME

INSTRUCTIONS_SHEET = "Instruktioner"
FACTS_TITLE = "Projektuppgifter – Regionala kompetensplattformar"
# Row (0-based) of the first fact label: a title row sits above the facts.
FIRST_FACT_ROW = 1
# A fixed created date keeps the bytes of every generated workbook reproducible.
FIXED_CREATED = dt.datetime(2018, 1, 1, 0, 0, 0)
# Internal (locale-independent) format codes: Swedish Excel shows "#,##0" as "# ##0".
AMOUNT_FORMAT = "#,##0"
DECIMAL_AMOUNT_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
# How many rows of the tabular sheets carry drop-down lists and number formats in the template.
TEMPLATE_ROWS = 200

COLUMN_WIDTHS: dict[str, tuple[int, ...]] = {
    INSTRUCTIONS_SHEET: (110,),
    SHEET_FACTS: (26, 60),
    SHEET_COSTS: (8, 32, 16, 16),
    SHEET_FINANCING: (8, 38, 16),
    SHEET_INDICATORS: (48, 10, 10),
    SHEET_NARRATIVE: (28, 100),
}


def new_workbook(target) -> xlsxwriter.Workbook:  # noqa: F821 - imported lazily
    """An xlsxwriter workbook with reproducible bytes (fixed dates, in-memory zip)."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(target, {"in_memory": True})
    workbook.set_properties(
        {"created": FIXED_CREATED, "author": "Tillväxtverket", "title": "Regionala kompetensplattformar"}
    )
    return workbook


def workbook_formats(workbook) -> dict:
    """The cell styles every generated workbook uses, by role."""
    return {
        "title": workbook.add_format({"bold": True, "font_size": 14}),
        "header": workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "bottom": 1}),
        "label": workbook.add_format({"bold": True, "valign": "top"}),
        "text": workbook.add_format({"num_format": "@", "valign": "top"}),
        "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
        "amount": workbook.add_format({"num_format": AMOUNT_FORMAT}),
        "decimal_amount": workbook.add_format({"num_format": DECIMAL_AMOUNT_FORMAT}),
        "int": workbook.add_format({"num_format": "0"}),
        "date": workbook.add_format({"num_format": DATE_FORMAT, "align": "left"}),
        "total_label": workbook.add_format({"bold": True, "top": 1}),
        "total_amount": workbook.add_format({"bold": True, "top": 1, "num_format": AMOUNT_FORMAT}),
        "total_decimal": workbook.add_format({"bold": True, "top": 1, "num_format": DECIMAL_AMOUNT_FORMAT}),
    }


def set_column_widths(worksheet, sheet_name: str) -> None:
    for column, width in enumerate(COLUMN_WIDTHS.get(sheet_name, ())):
        worksheet.set_column(column, column, width)


def write_header(worksheet, columns, formats: dict, row: int = 0) -> None:
    """The header row of a tabular sheet: the Swedish labels of `columns`, frozen in view."""
    for column, field in enumerate(columns):
        worksheet.write_string(row, column, field.label, formats["header"])
    worksheet.freeze_panes(row + 1, 0)


def value_format(kind: str, formats: dict):
    return {
        "amount": formats["amount"],
        "date": formats["date"],
        "county": formats["text"],
        "text": formats["text"],
        "int": formats["int"],
        "year": formats["int"],
    }.get(kind)


def county_list() -> list[str]:
    return list(COUNTIES)


# --- The template ------------------------------------------------------------------------------


def _instructions() -> list[tuple[str, str]]:
    """(style, text) lines of the Instruktioner sheet, in Swedish, built from the contract."""
    lines: list[tuple[str, str]] = [
        ("title", "Projektmall – Regionala kompetensplattformar 2013–2017"),
        (
            "text",
            "Fyll i en arbetsbok per projekt och skicka den till Tillväxtverket. "
            "Byt inte namn på flikar, rubriker eller ledtexter: de läses maskinellt.",
        ),
        ("text", ""),
        ("label", f"Flik {SHEET_FACTS}"),
        ("text", "Skriv värdet i kolumn B bredvid varje ledtext i kolumn A. Alla uppgifter krävs."),
    ]
    lines += [("text", f"• {f.label}" + (f": {f.help}" if f.help else "")) for f in FACT_FIELDS]
    lines += [
        ("text", ""),
        ("label", f"Flik {SHEET_COSTS}"),
        (
            "text",
            "En rad per år och kostnadsslag: "
            + " | ".join(f.label for f in COST_COLUMNS)
            + ". Belopp i hela kronor.",
        ),
        ("text", "Projektintäkter anges som ett positivt belopp; de dras av från den totala kostnaden."),
        (
            "text",
            f'En summarad får läggas sist med texten "{TOTALS_LABEL}" i kolumn A; '
            "den kontrolleras mot raderna ovanför men räknas inte med.",
        ),
        ("text", "Giltiga kostnadsslag: " + "; ".join(COST_CATEGORIES) + "."),
        ("text", ""),
        ("label", f"Flik {SHEET_FINANCING}"),
        (
            "text",
            "En rad per år och finansiär: " + " | ".join(f.label for f in FINANCING_COLUMNS) + ". "
            "Tillväxtverkets del får vara högst hälften av projektets totala kostnad.",
        ),
        ("text", "Giltiga finansiärer: " + "; ".join(FINANCING_SOURCES) + "."),
        ("text", "Kostnader och finansiering ska vara lika stora, på kronan."),
        ("text", ""),
        ("label", f"Flik {SHEET_INDICATORS}"),
        ("text", "Ange mål och utfall (heltal) för varje indikator; skriv 0 om indikatorn inte är aktuell."),
        ("text", ""),
        ("label", f"Flik {SHEET_NARRATIVE}"),
        (
            "text",
            "Skriv texten i kolumn B. "
            + "; ".join(f.label + ("" if f.required else " (frivilligt)") for f in NARRATIVE_FIELDS)
            + ".",
        ),
        ("text", "Skriv roller, inte namn på personer."),
        ("text", ""),
        ("label", "Format"),
        (
            "text",
            "Datum: ÅÅÅÅ-MM-DD (t.ex. 2015-03-01) eller som Excel-datum. "
            'Belopp: tal i kronor, gärna utan decimaler; "125 000 kr" och decimalkomma '
            '("1 234,50") godtas också.',
        ),
        ("text", ""),
        ("label", "Länskoder"),
    ]
    lines += [("text", f"{code}  {name}") for code, name in COUNTIES.items()]
    return lines


def _list_validation(values, title: str) -> dict:
    return {
        "validate": "list",
        "source": list(values),
        "input_title": title[:32],
        "input_message": "Välj i listan.",
        "error_title": "Ogiltigt värde",
        "error_message": "Välj ett värde i listan (se fliken Instruktioner).",
    }


def _write_template_sheets(workbook, formats: dict) -> None:
    instructions = workbook.add_worksheet(INSTRUCTIONS_SHEET)
    set_column_widths(instructions, INSTRUCTIONS_SHEET)
    for row, (style, text) in enumerate(_instructions()):
        instructions.write_string(row, 0, text, formats["wrap"] if style == "text" else formats[style])

    facts = workbook.add_worksheet(SHEET_FACTS)
    set_column_widths(facts, SHEET_FACTS)
    facts.write_string(0, 0, FACTS_TITLE, formats["title"])
    for offset, field in enumerate(FACT_FIELDS):
        row = FIRST_FACT_ROW + offset
        facts.write_string(row, 0, field.label, formats["label"])
        facts.write_blank(row, 1, None, value_format(field.kind, formats))
        if field.kind == "county":
            facts.data_validation(row, 1, row, 1, _list_validation(county_list(), field.label))
        elif field.help:
            facts.data_validation(
                row,
                1,
                row,
                1,
                {"validate": "any", "input_title": field.label[:32], "input_message": field.help[:255]},
            )

    last = TEMPLATE_ROWS
    costs = workbook.add_worksheet(SHEET_COSTS)
    set_column_widths(costs, SHEET_COSTS)
    write_header(costs, COST_COLUMNS, formats)
    costs.set_column(2, 3, COLUMN_WIDTHS[SHEET_COSTS][2], formats["amount"])
    costs.data_validation(1, 1, last, 1, _list_validation(COST_CATEGORIES, "Kostnadsslag"))

    financing = workbook.add_worksheet(SHEET_FINANCING)
    set_column_widths(financing, SHEET_FINANCING)
    write_header(financing, FINANCING_COLUMNS, formats)
    financing.set_column(2, 2, COLUMN_WIDTHS[SHEET_FINANCING][2], formats["amount"])
    financing.data_validation(1, 1, last, 1, _list_validation(FINANCING_SOURCES, "Finansiär"))

    indicators = workbook.add_worksheet(SHEET_INDICATORS)
    set_column_widths(indicators, SHEET_INDICATORS)
    write_header(indicators, INDICATOR_COLUMNS, formats)
    for row, label in enumerate(INDICATORS, start=1):
        indicators.write_string(row, 0, label)
        indicators.write_blank(row, 1, None, formats["int"])
        indicators.write_blank(row, 2, None, formats["int"])
    indicators.data_validation(1, 0, len(INDICATORS), 0, _list_validation(INDICATORS, "Indikator"))
    indicators.data_validation(
        1,
        1,
        len(INDICATORS),
        2,
        {
            "validate": "integer",
            "criteria": ">=",
            "value": 0,
            "error_title": "Heltal",
            "error_message": "Ange ett heltal, 0 eller större.",
        },
    )

    narrative = workbook.add_worksheet(SHEET_NARRATIVE)
    set_column_widths(narrative, SHEET_NARRATIVE)
    for row, field in enumerate(NARRATIVE_FIELDS):
        narrative.write_string(row, 0, field.label, formats["label"])
        narrative.write_blank(row, 1, None, formats["wrap"])
        narrative.set_row(row, 90)


def payments_template_bytes() -> bytes:
    """The blank payments list (utbetalningar.xlsx, issue 14): its header, formats and the kinds."""
    buffer = io.BytesIO()
    workbook = new_workbook(buffer)
    formats = workbook_formats(workbook)
    sheet = workbook.add_worksheet(PAYMENTS_SHEET)
    write_header(sheet, PAYMENT_COLUMNS, formats)
    for column, field in enumerate(PAYMENT_COLUMNS):
        sheet.set_column(
            column, column, {"date": 14, "amount": 16}.get(field.kind, 24), value_format(field.kind, formats)
        )
    kind_column = next(i for i, f in enumerate(PAYMENT_COLUMNS) if f.name == "payment_kind")
    sheet.data_validation(1, kind_column, TEMPLATE_ROWS, kind_column, _list_validation(PAYMENT_KINDS, "Typ"))
    workbook.close()
    return buffer.getvalue()


def template_bytes() -> bytes:
    """The template workbook as bytes (reproducible)."""
    buffer = io.BytesIO()
    workbook = new_workbook(buffer)
    _write_template_sheets(workbook, workbook_formats(workbook))
    workbook.close()
    return buffer.getvalue()


def write_template(out: Path) -> dict:
    """Write the blank project workbook to `out`; return a summary for the CLI."""
    from .safe_io import write_bytes_atomic

    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise PipelineError(f"{out}: mallen skrivs som Excel-arbetsbok; ge ett filnamn som slutar på .xlsx.")
    if out.parent and not out.parent.is_dir():
        raise PipelineError(
            f"{out.parent}: mappen finns inte. Skapa den eller välj en annan plats för mallen."
        )
    # The file name utbetalningar.xlsx asks for the payments list instead of a project workbook.
    payments = out.name.lower() == PAYMENTS_NAME
    data = payments_template_bytes() if payments else template_bytes()
    try:
        write_bytes_atomic(out, data)
    except OSError as exc:
        raise PipelineError(f"{out}: kan inte skriva mallen ({exc.strerror}). Välj en annan plats.") from None
    return {"fil": str(out), "flikar": 1 if payments else 1 + len(PROJECT_SHEETS), "byte": len(data)}
