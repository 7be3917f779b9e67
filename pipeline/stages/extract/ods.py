"""The formula cells of an OpenDocument spreadsheet's sheets (content.xml), with their addresses.

A cell with `table:formula` holds a formula; its result is stored when the cell has a value type
(`office:value-type`), which LibreOffice always writes and a tool that does not calculate omits.
Rows and cells may be repeated (`number-rows-repeated`, `number-columns-repeated`): positions
count the repeats, as calamine's grid does, and only positions within the rows read are listed,
so a repeat count in the millions costs nothing here; the span of the filled cells is measured
too, since calamine would hold all of it.
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


def formula_cells(root: ET.Element, max_rows: int) -> tuple[dict[str, Formulas], dict[str, tuple[int, int]]]:
    """(sheet name → {(row, column): (A1 address, whether the result is stored)}, sheet name →
    (rows, columns) of the rectangle its filled cells span, repeats counted).

    The rectangle is what calamine holds in memory, cell by cell: a few kilobytes of repeated
    cells can span millions (measured: an 18 KB .ods of 4,000 × 16,000 repeated cells took
    calamine 34 s and 6.4 GB), so the caller checks it before calamine sees the file."""
    sheets: dict[str, Formulas] = {}
    spans: dict[str, tuple[int, int]] = {}
    for sheet in root.iter(_SHEET):
        cells: Formulas = {}
        row = height = width = 0
        for row_element in sheet.iter(_ROW):  # header rows and row groups included, in order
            rows = _count(row_element.get(_ROWS_REPEATED))
            column = 0
            for cell in row_element:
                if cell.tag not in _CELLS:
                    continue
                columns = _count(cell.get(_COLUMNS_REPEATED))
                formula = cell.get(_FORMULA) is not None
                if formula or cell.get(_VALUE_TYPE) is not None:
                    height, width = max(height, row + rows), max(width, column + columns)
                if formula and row < max_rows:
                    stored = cell.get(_VALUE_TYPE) is not None
                    for r in range(row, min(row + rows, max_rows)):
                        for c in range(column, min(column + columns, _MAX_COLUMNS)):
                            cells[(r, c)] = (cell_address(r, c), stored)
                column += columns
            row += rows
        name = sheet.get(_NAME, "")
        sheets.setdefault(name, cells)
        spans.setdefault(name, (height, width))
    return sheets, spans


def _count(text: str | None) -> int:
    try:
        return max(1, int(text)) if text else 1
    except ValueError:
        return 1
