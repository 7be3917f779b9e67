"""An Excel 97–2003 workbook (.xls, BIFF8 in an OLE2 compound file): what it is, and its formula cells.

The compound file is opened with olefile (a bounded, well-tried parser of a hostile container);
the Workbook stream is walked record by record: FILEPASS means a password, BOUNDSHEET8 gives each
sheet's name and where its records start, and every FORMULA record is a formula cell. A BIFF8
FORMULA record always holds the formula's last result (Excel and LibreOffice write it), so every
formula here has a stored result, and calamine reads that result.
"""

from __future__ import annotations

import io
import struct

from ...parsing import cell_address
from ...rules.reading import NOT_A_WORKBOOK, PASSWORD_PROTECTED, UNSUPPORTED_FORMAT
from .formats import XLS
from .limits import Unreadable

_BOF, _EOF, _FILEPASS, _BOUNDSHEET, _FORMULA = 0x0809, 0x000A, 0x002F, 0x0085, 0x0006
# Records of one cell with a value, each starting with its row and column; MULRK holds several
# (its last column is in its last two bytes). BLANK and MULBLANK hold no value: calamine skips them.
_VALUE_RECORDS = frozenset((0x0203, 0x00FD, 0x027E, 0x0205, 0x0006, 0x0204, 0x00D6))
_MULRK = 0x00BD
_BIFF8 = 0x0600

Formulas = dict[tuple[int, int], tuple[str, bool]]


def workbook_stream(data: bytes) -> bytes:
    """The BIFF8 Workbook stream of an OLE2 file; Unreadable saying what else the file is."""
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
        streams = {"/".join(entry).lower(): entry for entry in ole.listdir()}
        if "encryptedpackage" in streams:  # an .xlsx with a password is stored as OLE2
            raise Unreadable(PASSWORD_PROTECTED)
        if "workbook" not in streams:
            if "book" in streams:
                raise Unreadable(UNSUPPORTED_FORMAT, format=XLS.name, reason="den är från Excel 5.0/95")
            raise Unreadable(NOT_A_WORKBOOK, reason="en OLE2-fil utan arbetsbok, t.ex. ett Word-dokument")
        stream = ole.openstream(streams["workbook"]).read()
    except Unreadable:
        raise
    except Exception as exc:  # olefile raises its own and struct errors on a damaged container
        raise Unreadable(NOT_A_WORKBOOK, reason=f"skadad OLE2-fil: {type(exc).__name__}") from None
    version = _bof_version(stream, 0)
    if version != _BIFF8:
        raise Unreadable(UNSUPPORTED_FORMAT, format=XLS.name, reason="den är från en Excel-version före 97")
    return stream


def formula_cells(stream: bytes) -> tuple[dict[str, Formulas], dict[str, tuple[int, int]]]:
    """(sheet name → {(row, column): (A1 address, True)} for every FORMULA record of the sheet,
    sheet name → (rows, columns) from A1 to its farthest cell with a value)."""
    sheets: dict[str, int] = {}
    for kind, start, length in _records(stream, 0):
        body = stream[start : start + length]
        if kind == _FILEPASS:
            raise Unreadable(PASSWORD_PROTECTED)
        if kind == _BOUNDSHEET and length >= 8:
            sheets[_sheet_name(body[6:])] = struct.unpack_from("<I", body)[0]
        elif kind == _EOF:
            break
    cells: dict[str, Formulas] = {}
    spans: dict[str, tuple[int, int]] = {}
    for name, offset in sheets.items():
        found: Formulas = {}
        rows = columns = 0
        for kind, start, length in _records(stream, offset):
            if (kind in _VALUE_RECORDS or kind == _MULRK) and length >= 4:
                row, column = struct.unpack_from("<HH", stream, start)
                if kind == _MULRK and length >= 6:
                    column = struct.unpack_from("<H", stream, start + length - 2)[0]
                rows, columns = max(rows, row + 1), max(columns, column + 1)
                if kind == _FORMULA:
                    found[(row, column)] = (cell_address(row, column), True)
            elif kind == _EOF:
                break
        cells[name], spans[name] = found, (rows, columns)
    return cells, spans


def _records(stream: bytes, offset: int):
    """(record type, start of its data, its length) from `offset` to the end of the stream."""
    end = len(stream)
    while offset + 4 <= end:
        kind, length = struct.unpack_from("<HH", stream, offset)
        start = offset + 4
        if start + length > end:
            return
        yield kind, start, length
        offset = start + length


def _bof_version(stream: bytes, offset: int) -> int:
    if len(stream) < offset + 6:
        return 0
    kind, _, version = struct.unpack_from("<HHH", stream, offset)
    return version if kind == _BOF else 0


def _sheet_name(data: bytes) -> str:
    """A ShortXLUnicodeString: character count, a flag byte, then Latin-1 or UTF-16 characters."""
    if len(data) < 2:
        return ""
    count, wide = data[0], data[1] & 1
    chars = data[2 : 2 + count * (2 if wide else 1)]
    return chars.decode("utf-16-le" if wide else "latin-1", errors="replace")
