"""The formats a project workbook may be saved in, and which one a file really is.

A file's format is read from its bytes, never taken from its name: a zip holding xl/workbook.xml
is Office Open XML (.xlsx, .xlsm), one holding the OpenDocument spreadsheet mimetype is .ods, an
OLE2 compound file is an Excel 97–2003 .xls. A name whose extension says otherwise gets a warning,
and the file is read as what it is.

Measured with python-calamine 0.9.1 on LibreOffice's .xls, .ods and .xlsm copies of a sample
workbook: every sheet gives the same grid, cell for cell, as the .xlsx (formula results
included); reading the whole project workbook with every check took 1.5 ms (.xls), 3–4 ms (.ods)
and 3–4 ms (.xlsx, .xlsm) on a busy machine. openpyxl reads neither .xls nor .ods, so calamine
stays the one reader; olefile only opens the .xls container for its formula records (xls.py).
.xlsb is refused (UNSUPPORTED_FORMAT): its formulas sit in
binary records this stage does not check, and LibreOffice cannot write one, so no test could show
that it is read like an .xlsx.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    key: str  # xlsx, xls, ods, xlsb
    suffixes: tuple[str, ...]  # the extensions a file of this format has (lower case)
    name: str  # Swedish, for messages: "en Excel 97–2003-arbetsbok (.xls)"


XLSX = Format("xlsx", (".xlsx", ".xlsm"), "en Excel-arbetsbok (.xlsx)")
XLS = Format("xls", (".xls",), "en Excel 97–2003-arbetsbok (.xls)")
ODS = Format("ods", (".ods",), "ett OpenDocument-kalkylark (.ods)")
XLSB = Format("xlsb", (".xlsb",), "en binär Excel-arbetsbok (.xlsb)")
FORMATS = (XLSX, XLS, ODS, XLSB)

# Every extension a project workbook may have (compared in lower case: .XLSX and .Xls too).
WORKBOOK_SUFFIXES = tuple(suffix for f in FORMATS for suffix in f.suffixes)
# Other files a spreadsheet program saves. In projects/ they are workbooks too, so that one is never
# passed over while its decision waits: a template (.xltx, .ots …) is read as the format its bytes
# are (with a warning about its name); the formats below are refused, naming the file, unread.
TEMPLATE_SUFFIXES = (".xltx", ".xltm", ".xlt", ".ots")
UNREAD_SUFFIXES = {
    ".csv": ("en textfil (.csv)", "den har bara värden, inga flikar eller formler"),
    ".tsv": ("en textfil (.tsv)", "den har bara värden, inga flikar eller formler"),
    ".fods": ("ett OpenDocument-kalkylark i XML (.fods)", "formatet läses inte"),
    ".numbers": ("ett Numbers-kalkylark (.numbers)", "formatet läses inte; exportera det till Excel"),
}
SPREADSHEET_SUFFIXES = WORKBOOK_SUFFIXES + TEMPLATE_SUFFIXES + tuple(UNREAD_SUFFIXES)
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def format_of_suffix(suffix: str) -> Format | None:
    """The format a file with this extension should be (None: not one of FORMATS)."""
    return next((f for f in FORMATS if suffix.lower() in f.suffixes), None)


def zip_format(members: set[str], mimetype: bytes) -> Format | None:
    """The format of a zip holding `members` (with the OpenDocument mimetype member's bytes)."""
    if "xl/workbook.xml" in members:
        return XLSX
    if "xl/workbook.bin" in members:
        return XLSB
    if mimetype.strip() == ODS_MIMETYPE and "content.xml" in members:
        return ODS
    return None
