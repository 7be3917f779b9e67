"""Opening a workbook safely, and its sheets as grids of calamine values.

Before python-calamine (≈30× openpyxl) sees a workbook: the file's bytes say what it is (an
.xlsx or .xlsm, an .ods, an .xls, or something else: password-protected, text, .xlsb; see
formats.py), whatever its name says; a zip's declared sizes and compression ratios are checked;
and every XML part read is refused if it declares entities. The sheets read are scanned for
formulas, in each format's own way (xlsx here, ods.py, xls.py): a formula without a stored result
is a finding (calamine gives '' for it, which must not pass for an empty cell), and a cell whose
value is a formula's stored result is listed for reviewers (formula_cells). Every format then
gives the same grid, so the same checks and the same cell addresses follow.
"""

from __future__ import annotations

import hashlib
import io
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...parsing import (
    ParseError,
    cell_address,
    label_key,
    parse_amount,
    parse_county_code,
    parse_date,
    parse_int,
    parse_text,
    parse_year,
    text_of,
)
from ...rules.base import Rule
from ...rules.reading import (
    BAD_AMOUNT,
    BAD_COUNTY,
    BAD_DATE,
    BAD_INT,
    BAD_YEAR,
    CORRUPT_FILE,
    EMPTY_FILE,
    FORMULA_WITHOUT_RESULT,
    MISSING_SHEET,
    NOT_A_WORKBOOK,
    PASSWORD_PROTECTED,
    TEXT_RENAMED,
    TOO_LARGE,
    TOO_MANY_ROWS,
    UNREADABLE,
    UNSUPPORTED_FORMAT,
    XML_ENTITIES,
)
from . import ods, xls
from .formats import ODS, UNREAD_SUFFIXES, XLS, XLSB, XLSX, Format, zip_format
from .limits import FileFindings, Limits, Unreadable

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0"
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
_ZIP_MAGIC = b"PK\x03\x04"
_PROLOG_BYTES = 8192  # read of a part that is only checked for entity declarations
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    EOFError,
    ValueError,
    OSError,
    zlib.error,
    RuntimeError,
    NotImplementedError,
)  # RuntimeError: an encrypted member


def read_bytes(path: Path, limits: Limits) -> bytes:
    """The file's bytes, if they can be a workbook; else Unreadable saying what the file is."""
    if path.suffix.lower() in UNREAD_SUFFIXES:
        name, reason = UNREAD_SUFFIXES[path.suffix.lower()]
        raise Unreadable(UNSUPPORTED_FORMAT, format=name, reason=reason)
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise Unreadable(TOO_LARGE, reason=f"filen är {size // 2**20} MB")
        data = path.read_bytes()
    except OSError as exc:
        raise Unreadable(UNREADABLE, reason=exc.strerror or type(exc).__name__) from None
    if not data:
        raise Unreadable(EMPTY_FILE)
    if data.startswith(_OLE2_MAGIC):
        if _ENCRYPTED_MARK in data:
            raise Unreadable(PASSWORD_PROTECTED)
        return data
    if not data.startswith(_ZIP_MAGIC):
        if _looks_like_text(data[:4096]):
            raise Unreadable(TEXT_RENAMED, suffix=path.suffix or "(ingen)")
        raise Unreadable(NOT_A_WORKBOOK, reason="okänt filformat")
    return data


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return head.startswith((b"\xff\xfe", b"\xfe\xff"))  # UTF-16 text has NULs
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the end of the sample
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return False
    return True


def open_workbook(path: Path, limits: Limits) -> tuple[Workbook, str]:
    """(the checked workbook, the SHA-256 of its bytes); Unreadable if it cannot be opened.
    The workbook's `format` is what its bytes are, whatever the file's name says."""
    data = read_bytes(path, limits)
    book = XlsWorkbook(data, limits) if data.startswith(_OLE2_MAGIC) else _zip_workbook(data, limits)
    return book, hashlib.sha256(data).hexdigest()


def _zip_workbook(data: bytes, limits: Limits) -> Workbook:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except _ZIP_ERRORS as exc:
        raise Unreadable(CORRUPT_FILE, reason=f"zip: {exc}") from None
    _check_sizes(members, limits)
    names = {m.filename for m in members}
    mimetype = b""
    if "mimetype" in names:
        try:
            with archive.open("mimetype") as handle:
                mimetype = handle.read(100)
        except _ZIP_ERRORS as exc:
            raise Unreadable(CORRUPT_FILE, reason=f"mimetype: {exc}") from None
    found = zip_format(names, mimetype)
    if found is XLSX:
        return XlsxWorkbook(data, limits, archive, members)
    if found is ODS:
        return OdsWorkbook(data, limits, archive, members)
    if found is XLSB:
        raise Unreadable(
            UNSUPPORTED_FORMAT,
            format=XLSB.name,
            reason="dess formler ligger i binära poster som inte kan kontrolleras",
        )
    raise Unreadable(NOT_A_WORKBOOK, reason="zip-filen saknar xl/workbook.xml")


def _check_sizes(members: list[zipfile.ZipInfo], limits: Limits) -> None:
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > limits.max_member_bytes:
            raise Unreadable(
                TOO_LARGE, reason=f"delen {member.filename} packas upp till {member.file_size // 2**20} MB"
            )
        if member.file_size > limits.ratio_min_bytes and member.file_size > limits.max_ratio * max(
            member.compress_size, 1
        ):
            raise Unreadable(
                TOO_LARGE, reason=f"delen {member.filename} är komprimerad mer än {limits.max_ratio} gånger"
            )
    if total > limits.max_total_bytes:
        raise Unreadable(TOO_LARGE, reason=f"innehållet packas upp till {total // 2**20} MB")


def _calamine_reason(exc: Exception) -> str:
    kind = type(exc).__name__
    if kind == "PasswordError":
        return "lösenordsskyddad"
    return f"{kind}: {exc}"[:200]


class Workbook:
    """A workbook checked before reading, with its sheets as grids of calamine values.

    A format's subclass finds the formula cells of a sheet (`_formulas`) and checks what calamine
    will parse before it does (`_before_calamine`)."""

    format: Format

    def __init__(self, data: bytes, limits: Limits) -> None:
        self.limits = limits
        self._data = data
        self._calamine = None

    def _formulas(self, sheet: str) -> dict[tuple[int, int], tuple[str, bool]]:
        raise NotImplementedError

    def _before_calamine(self) -> None:
        pass

    def _check_span(self, sheet: str, rows: int, columns: int) -> None:
        """Refuse a sheet whose filled cells span more cells than calamine may hold: it keeps the
        whole rectangle in memory (measured: a 5 KB .xlsx with values in A1 and XFD5000 took
        2.5 GB), and a few bytes can place a value far away."""
        if rows * columns > self.limits.max_sheet_cells:
            raise Unreadable(
                TOO_LARGE,
                reason=f"fliken {sheet} sträcker sig över {_grouped(rows)} rader och {_grouped(columns)} kolumner",
            )

    def _book(self):
        if self._calamine is None:
            from python_calamine import CalamineWorkbook

            self._before_calamine()
            try:
                self._calamine = CalamineWorkbook.from_filelike(io.BytesIO(self._data))
            except Exception as exc:  # calamine raises its own error types, all user-fixable here
                raise Unreadable(UNREADABLE, reason=_calamine_reason(exc)) from None
        return self._calamine

    def grid(self, wanted: str, findings: FileFindings) -> Grid | None:
        """The sheet whose name matches `wanted` (case- and space-insensitively), or None with a
        missing-sheet finding."""
        book = self._book()
        key = label_key(wanted)
        name = next((n for n in book.sheet_names if label_key(n) == key), None)
        if name is None:
            findings.add(
                MISSING_SHEET,
                sheet=wanted,
                wanted=wanted,
                present=", ".join(f'"{n}"' for n in book.sheet_names) or "inga",
            )
            return None
        # Before calamine reads the sheet: its span is checked (calamine holds all of it), and its
        # XML for entities (calamine gives a cell holding an undeclared entity as '' silently).
        formulas = self._formulas(name)
        try:
            rows = book.get_sheet_by_name(name).to_python(
                skip_empty_area=False, nrows=self.limits.max_rows + 1
            )
        except Exception as exc:
            raise Unreadable(UNREADABLE, sheet=name, reason=_calamine_reason(exc)) from None
        if len(rows) > self.limits.max_rows:
            rows = rows[: self.limits.max_rows]
            findings.add(TOO_MANY_ROWS, sheet=name, limit=self.limits.max_rows)
        return Grid(name, rows, formulas)


class _ZipWorkbook(Workbook):
    """A workbook in a zip whose directory _check_sizes has passed."""

    def __init__(
        self, data: bytes, limits: Limits, archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]
    ) -> None:
        super().__init__(data, limits)
        self.zip = archive
        self._members = {m.filename: m for m in members}

    def _member(self, name: str, prefix: int = 0) -> bytes:
        """A zip member's bytes (only the first `prefix` bytes if given), refusing XML entity
        declarations. zipfile reads no more than the declared size, which _check_sizes bounded.
        (zipfile, not a hand-rolled inflate: measured on 500 sample workbooks, reading all their
        sheets costs 164 µs with ZipFile.read against 66 µs by hand, 0.1 ms a workbook.)"""
        info = self._members.get(name)
        if info is None:
            raise Unreadable(CORRUPT_FILE, reason=f"delen {name} saknas")
        try:
            if prefix:
                with self.zip.open(info) as handle:
                    data = handle.read(prefix)
            else:
                data = self.zip.read(info)
        except _ZIP_ERRORS as exc:
            raise Unreadable(CORRUPT_FILE, reason=f"{name}: {exc}") from None
        if _DOCTYPE.search(data):
            raise Unreadable(XML_ENTITIES, part=name)
        return data

    def _xml(self, name: str) -> ET.Element:
        """A part parsed by ElementTree, after the entity check."""
        try:
            return ET.fromstring(self._member(name))
        except ET.ParseError as exc:
            raise Unreadable(CORRUPT_FILE, reason=f"{name}: {exc}") from None


class XlsxWorkbook(_ZipWorkbook):
    """Office Open XML: .xlsx and .xlsm (a macro-enabled workbook's macros are never run or read)."""

    format = XLSX

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self._parts = self._sheet_parts()

    def _sheet_parts(self) -> dict[str, str]:
        """Sheet name → zip member, from xl/workbook.xml and its relationships."""
        targets = {}
        if "xl/_rels/workbook.xml.rels" in self._members:
            for relationship in self._xml("xl/_rels/workbook.xml.rels").iterfind("{*}Relationship"):
                target = relationship.get("Target", "")
                targets[relationship.get("Id", "")] = (
                    target.lstrip("/") if target.startswith("/") else "xl/" + target
                )
        parts = {}
        for sheet in self._xml("xl/workbook.xml").iterfind("{*}sheets/{*}sheet"):
            # r:id, in whichever relationships namespace (transitional or strict) the file uses
            rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
            if sheet.get("name") is not None and rid in targets:
                parts[sheet.get("name")] = targets[rid]
        return parts

    def _before_calamine(self) -> None:
        if "xl/sharedStrings.xml" in self._members:  # calamine reads it; we only check it
            self._member("xl/sharedStrings.xml", prefix=_PROLOG_BYTES)

    def _formulas(self, sheet: str) -> dict[tuple[int, int], tuple[str, bool]]:
        part = self._parts.get(sheet)
        if not part:
            return {}
        xml = self._member(part)
        self._check_span(sheet, *_value_span(xml))
        return _formula_cells(xml, part)


class OdsWorkbook(_ZipWorkbook):
    """OpenDocument (.ods): every sheet is in content.xml, parsed once after the entity check."""

    format = ODS

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self._sheets: dict[str, dict] | None = None
        # A password-protected .ods is a zip whose manifest lists how content.xml was encrypted.
        if "META-INF/manifest.xml" in self._members and b"encryption-data" in self._member(
            "META-INF/manifest.xml"
        ):
            raise Unreadable(PASSWORD_PROTECTED)

    def _before_calamine(self) -> None:
        """content.xml checked (entities), parsed and its sheets measured before calamine parses it."""
        self._sheets, spans = ods.formula_cells(self._xml("content.xml"), self.limits.max_rows + 1)
        for name, (rows, columns) in spans.items():
            self._check_span(name, rows, columns)

    def _formulas(self, sheet: str) -> dict[tuple[int, int], tuple[str, bool]]:
        if self._sheets is None:
            self._before_calamine()
        return self._sheets.get(sheet, {})


class XlsWorkbook(Workbook):
    """Excel 97–2003 (.xls): no zip and no XML, so no bomb or entities; its size is bounded by
    max_file_bytes, as it is stored uncompressed."""

    format = XLS

    def __init__(self, data: bytes, limits: Limits) -> None:
        super().__init__(data, limits)
        self._sheets, self._spans = xls.formula_cells(xls.workbook_stream(data))

    def _formulas(self, sheet: str) -> dict[tuple[int, int], tuple[str, bool]]:
        self._check_span(sheet, *self._spans.get(sheet, (0, 0)))
        return self._sheets.get(sheet, {})


# The opening tag of a cell that is not self-closing (an empty, styled cell is <c r="B2" s="1"/>),
# with its address: what calamine makes a cell of.
_VALUE_CELL = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"[^>]*(?<!/)>')


_PREFIX = rb"<(?:[A-Za-z_][\w.-]*:)?"
_CELL_TAG = re.compile(_PREFIX + rb"c[\s>/]")
_ROW_TAG = re.compile(_PREFIX + rb"row[\s>/]")
_ROW_NUMBER = re.compile(_PREFIX + rb'row\s[^>]*?\br="([0-9]{1,7})"')


def _value_span(xml: bytes) -> tuple[int, int]:
    """(rows, columns) from A1 to the farthest cell with content of a sheet's XML, or more.

    Cells and rows may leave out their address (r), and are then placed after the one before:
    when any may, each row without one counts as one more row, and the widest row's cells as
    that many more columns, a bound that no omission can get past."""
    cells = _VALUE_CELL.findall(xml)
    rows = max(map(int, [digits for _, digits in cells]), default=0)
    columns = 0
    for letters in {letters for letters, _ in cells}:  # a few distinct columns
        column = 0
        for letter in letters:
            column = column * 26 + letter - 64
        columns = max(columns, column)
    if xml.count(b' r="') < xml.count(b"<c") + xml.count(b"<row") - xml.count(b"<col"):  # some may lack r
        rows = max(rows, *map(int, _ROW_NUMBER.findall(xml) or [0]))
        rows += len(_ROW_TAG.findall(xml)) - len(_ROW_NUMBER.findall(xml))
        columns += max((len(_CELL_TAG.findall(row)) for row in _ROW_TAG.split(xml)[1:]), default=0)
    return rows, columns


def _grouped(number: int) -> str:
    return f"{number:,}".replace(",", "\N{NO-BREAK SPACE}")


def _formula_cells(xml: bytes, part: str) -> dict[tuple[int, int], tuple[str, bool]]:
    """(row, column) → (A1 address, whether it has a stored result), for every formula cell.

    A sheet without "<f" (or a prefixed ":f") holds no formula and is not parsed. ElementTree,
    not the regular expressions used before: measured on 1,508 sample sheets (400 workbooks) it
    costs 0.36 ms a workbook against 0.1 ms, about 0.5 s of CPU for 4,000 workbooks, for a parse
    that no prefix, attribute order or self-closing tag can fool.
    """
    if b"<f" not in xml and b":f" not in xml:
        return {}
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        raise Unreadable(CORRUPT_FILE, reason=f"{part}: {exc}") from None
    namespace = root.tag[: root.tag.find("}") + 1]  # transitional or strict: whichever the root has
    formula_tag, value_tag = namespace + "f", namespace + "v"
    cells = {}
    for cell in root.iter(namespace + "c"):
        formula = stored = False
        for child in cell:
            if child.tag == formula_tag:
                formula = True
            elif child.tag == value_tag:
                stored = bool(child.text)
        address = cell.get("r")
        if formula and address:
            cells[_position(address)] = (address, stored)
    return cells


def _position(address: str) -> tuple[int, int]:
    """Zero-based (row, column) of an A1 address."""
    letters = address.rstrip("0123456789")
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return int(address[len(letters) :]) - 1, column - 1


# A field's kind → its parser and the rule of the finding when the cell cannot be parsed.
PARSERS: dict[str, tuple[Callable[[Any], Any], Rule]] = {
    "text": (parse_text, UNREADABLE),  # parse_text never raises
    "amount": (parse_amount, BAD_AMOUNT),
    "date": (parse_date, BAD_DATE),
    "year": (parse_year, BAD_YEAR),
    "int": (parse_int, BAD_INT),
    "county": (parse_county_code, BAD_COUNTY),
}


class Grid:
    """One sheet's cells by zero-based (row, column), as calamine gives them ('' when empty)."""

    def __init__(
        self, name: str, rows: list[list[Any]], formulas: dict[tuple[int, int], tuple[str, bool]]
    ) -> None:
        self.name, self.rows, self._formulas = name, rows, formulas
        self.no_result = frozenset(address for address, stored in formulas.values() if not stored)
        self.formula_values: list[tuple[str, str]] = []  # (cell, value): read from a stored result

    @property
    def height(self) -> int:
        return len(self.rows)

    def value(self, row: int, column: int) -> Any:
        """The raw cell, for looking (labels, headers); `read` and `read_raw` are for reading."""
        if row < len(self.rows):
            cells = self.rows[row]
            if column < len(cells):
                return cells[column]
        return ""

    def read_raw(self, row: int, column: int, findings: FileFindings) -> Any:
        """The raw cell as read: '' when blank (with a finding if it is a formula without a
        stored result); a value that is a formula's stored result is noted in formula_values."""
        cells = self.rows[row] if row < len(self.rows) else ()
        raw = cells[column] if column < len(cells) else ""
        formula = self._formulas.get((row, column)) if self._formulas else None
        if raw == "" or raw is None or (type(raw) is str and raw.isspace()):
            if formula is not None and not formula[1]:
                findings.add(FORMULA_WITHOUT_RESULT, sheet=self.name, cell=formula[0])
            return ""
        if formula is not None:
            self.formula_values.append((formula[0], text_of(raw)))
        return raw

    def read(self, row: int, column: int, kind: str, findings: FileFindings) -> Any:
        """The canonical value of a cell, or None (blank, or a finding was made)."""
        raw = self.read_raw(row, column, findings)
        if raw == "":
            return None
        parser, rule = PARSERS[kind]
        try:
            return parser(raw)
        except ParseError as error:
            findings.add(
                rule, sheet=self.name, cell=cell_address(row, column), value=text_of(raw), reason=str(error)
            )
            return None
