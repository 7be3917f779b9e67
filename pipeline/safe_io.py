"""Reading and writing the CSV hand-overs between stages, with the project's CSV conventions.

- UTF-8, header row, "\\n" line ends, columns in the declared order.
- Written atomically (temporary file, then rename), so a failed run never leaves half a file.
- A text cell that Excel or LibreOffice would run as a formula (it begins with =, +, -, @, tab or
  carriage return) is written with a leading apostrophe; `read_rows` removes it again, so the
  hand-over is lossless for the pipeline and harmless in a spreadsheet.
- Numbers are written as given: ints and Decimals, never floats with binary artefacts.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import os
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from .errors import PipelineError

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")
# The first characters that make `neutralise` change a text; any other text passes unchanged.
NEUTRALISED_STARTS = frozenset(FORMULA_TRIGGERS) | {"'"}
UMASK = os.umask(0)  # read once: os.umask can only be read by setting it
os.umask(UMASK)


def neutralise(value: str) -> str:
    """Prefix an apostrophe to a text that a spreadsheet would treat as a formula."""
    if value.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    if value.startswith("'") and value[1:2] in NEUTRALISED_STARTS:
        return "'" + value  # keep an original leading apostrophe through the round trip
    return value


def restore(value: str) -> str:
    """Undo `neutralise`."""
    if value.startswith("'") and value[1:2] in NEUTRALISED_STARTS:
        return value[1:]
    return value


def format_cell(value: Any) -> str:
    """A value as a CSV hand-over cell holds it: text neutralised against formula injection."""
    if isinstance(value, str):
        return neutralise(value)
    return value_text(value)


def value_text(value: Any) -> str:
    """A typed value as plain text, as the CSVs write it: "" for no value, ISO dates, exact decimals."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value:  # NaN means "no value"
            return ""
        if value.is_integer():
            return str(int(value))
        # A fractional float would carry binary artefacts (0.1 + 0.2): compute with Decimal.
        raise TypeError(f"float {value!r} in a CSV hand-over; use Decimal for exact amounts")
    if isinstance(value, Decimal):
        return decimal_text(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def decimal_text(amount: Decimal) -> str:
    """An exact decimal as plain text without exponent or trailing zeros: 1.50E+3 → "1500"."""
    text = format(amount, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def write_rows(path: Path, columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> int:
    """Write dict rows to `path` atomically; return the number of rows written."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([format_cell(row.get(c)) for c in columns])
        count += 1
    write_text_atomic(path, buffer.getvalue())
    return count


def read_rows(path: Path) -> list[dict[str, str]]:
    """Read a hand-over as a list of dicts of strings (empty string for no value)."""
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = []
        for row in reader:
            if None in row or None in row.values():  # more or fewer cells than the header
                raise PipelineError(
                    f"{path}, rad {reader.line_num}: fel antal kolumner. Filen är skapad av pipelinen "
                    "och ska inte redigeras för hand; kör om steget som skrev den."
                )
            rows.append({k: restore(v) for k, v in row.items()})
        return rows


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file."""
    with atomic_path(path) as temporary:
        temporary.write_bytes(data)


@contextlib.contextmanager
def atomic_path(path: Path):
    """A temporary path beside `path` for a writer that needs a file name (e.g. xlsxwriter).

    On success it gets the usual permissions (mkstemp makes 0600) and replaces `path`; on any
    failure it is removed, so `path` is never half-written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, 0o666 & ~UMASK)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def checksums(files: Sequence[tuple[Path, bytes]], root: Path) -> str:
    """`sha256sum` lines ("<hex>  <path relative to root>") for files given with their bytes, for
    the files the manifest cannot hold: the PDF (the manifest is attached inside it) and the
    editions made beside it (`cd outputs && sha256sum -c report.sha256 review.sha256`)."""
    return "".join(
        f"{hashlib.sha256(data).hexdigest()}  {path.relative_to(root).as_posix()}\n" for path, data in files
    )
