"""The formula cells of an OpenDocument spreadsheet's sheets (content.xml), with their addresses.

A cell with `table:formula` holds a formula; its result is stored when the cell has a value type
(`office:value-type`), which LibreOffice always writes and a tool that does not calculate omits.
Rows and cells may be repeated (`number-rows-repeated`, `number-columns-repeated`): positions
count the repeats, as calamine's grid does, and only positions within the rows read are listed,
so a repeat count in the millions costs nothing.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ...parsing import cell_address

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_SHEET = f"{{{_TABLE}}}table"
_ROW = f"{{{_TABLE}}}table-row"
_CELLS = (f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell")
_NAME = f"{{{_TABLE}}}name"
_FORMULA = f"{{{_TABLE}}}formula"
_ROWS_REPEATED = f"{{{_TABLE}}}number-rows-repeated"
_COLUMNS_REPEATED = f"{{{_TABLE}}}number-columns-repeated"
_VALUE_TYPE = f"{{{_OFFICE}}}value-type"
_MAX_COLUMNS = 16_384  # Excel's last column (XFD); no sheet read here is wider

Formulas = dict[tuple[int, int], tuple[str, bool]]


def formula_cells(root: ET.Element, max_rows: int) -> dict[str, Formulas]:
    """Sheet name → {(row, column): (A1 address, whether the result is stored)}."""
    sheets: dict[str, Formulas] = {}
    for sheet in root.iter(_SHEET):
        cells: Formulas = {}
        row = 0
        for row_element in sheet.iter(_ROW):  # header rows and row groups included, in order
            if row >= max_rows:
                break
            rows = _count(row_element.get(_ROWS_REPEATED))
            column = 0
            for cell in row_element:
                if cell.tag not in _CELLS:
                    continue
                columns = _count(cell.get(_COLUMNS_REPEATED))
                if cell.get(_FORMULA) is not None:
                    stored = cell.get(_VALUE_TYPE) is not None
                    for r in range(row, min(row + rows, max_rows)):
                        for c in range(column, min(column + columns, _MAX_COLUMNS)):
                            cells[(r, c)] = (cell_address(r, c), stored)
                column += columns
            row += rows
        sheets.setdefault(sheet.get(_NAME, ""), cells)
    return sheets


def _count(text: str | None) -> int:
    try:
        return max(1, int(text)) if text else 1
    except ValueError:
        return 1
