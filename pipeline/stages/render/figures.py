"""Live figures in the analyst's chapter texts: `{{dataset[key=value].column:format}}`.

A placeholder names one cell of an aggregated hand-over (pipeline.catalog.AGGREGATED): the dataset,
a row chosen by the dataset's key (programme_totals has one row and takes no selector), a column,
and a format that maps to the report's own Swedish formatters (pipeline/formatting.py). Values
come from `catalog.load`, typed; nothing in the analyst's text is ever evaluated (no Jinja, no
eval): a placeholder is matched by a regular expression and looked up, and anything else is an
error naming the file, the line and what is valid. docs/report-text.md lists every name; its
reference section is `reference_markdown()` (a test compares; `make generated` rewrites it).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ... import catalog
from ...column_docs import COLUMN_DOCS
from ...errors import PipelineError, TextError
from ...formatting import (
    format_count_words,
    format_date,
    format_mnkr,
    format_number,
    format_pct,
    format_tkr,
    format_whole_kr,
)
from ...paths import OutputPaths

OPEN, CLOSE = "{{", "}}"
_INNER = re.compile(
    r"\s*(?P<dataset>\w+)(?:\[(?P<selector>[^\]]*)\])?\.(?P<column>\w+)"
    r":(?P<format>\w+?)(?:\.(?P<decimals>\d))?\s*"
)
_SELECTOR_PART = re.compile(r"\s*(?P<column>\w+)\s*=\s*(?P<value>[^,=\s]+)\s*")
# What looks like a figure but is not one: a dotted name in single braces ({programme_totals.
# total_cost:mnkr} would otherwise print as it stands), and a "}}" that closes nothing.
_SINGLE_BRACES = re.compile(r"(?<!\{)\{\s*(\w+(?:\[[^\]{}]*\])?\.\w+(?::\w+(?:\.\d)?)?)\s*\}(?!\})")


@dataclass(frozen=True)
class Format:
    """A format name of the placeholder syntax: which column kinds it takes and how it formats."""

    kinds: tuple[str, ...]
    apply: Callable[..., str]
    decimals: int | None  # the default number of decimals, None when it takes none
    words: str  # what it gives, for the analyst's guide (docs/report-text.md, Swedish)


FORMATS: dict[str, Format] = {
    "mnkr": Format(("amount",), format_mnkr, 1, "miljoner kronor: 140,5 mnkr"),
    "tkr": Format(("amount",), format_tkr, 0, "tusental kronor: 140 487 tkr"),
    "kr": Format(
        ("amount",), format_whole_kr, None, "hela kronor, avrundat uppåt vid exakt hälften: 140 486 558 kr"
    ),
    "pct": Format(("pct",), format_pct, 1, "procent: 39,9 %"),
    "number": Format(("amount", "pct", "int"), format_number, 0, "ett tal utan enhet: 1 799"),
    "count": Format(("int",), format_count_words, None, "ett antal, 0–12 i ord: ett, tolv; 40 i siffror"),
    "count_en": Format(
        ("int",),
        lambda value: format_count_words(value, common_gender=True),
        None,
        "som count, med en i stället för ett (en träff)",
    ),
    "text": Format(
        ("text",), lambda value: "\u2013" if value is None else str(value), None, "texten som den står"
    ),
    "date": Format(("date",), format_date, None, "ett datum: 15 mars 2018"),
}


class FigureError(PipelineError):
    """A placeholder that names no figure; the message says what is valid, and `suggestion` the
    valid name closest to the one written (substitute() adds the file, line and column)."""

    def __init__(self, message: str, suggestion: str | None = None) -> None:
        super().__init__(message)
        self.suggestion = suggestion


def _unknown(what: str, written: str, valid: list[str]) -> FigureError:
    """'<what> finns inte', with the closest valid name as a suggestion, or every valid name."""
    close = difflib.get_close_matches(written, valid, n=1, cutoff=0.6)
    if close:
        return FigureError(what, suggestion=close[0])
    return FigureError(f"{what}; välj en av: {_listing(valid)}")


def _listing(values: list[str], limit: int = 25) -> str:
    shown = ", ".join(values[:limit])
    return shown + (f" … ({len(values)} i allt)" if len(values) > limit else "")


class Figures:
    """The aggregated hand-overs of one run, loaded on first use, and the placeholders' values."""

    def __init__(self, outputs: OutputPaths) -> None:
        self.outputs = outputs
        self._rows: dict[str, dict[tuple, dict[str, Any]]] = {}

    def _table(self, name: str) -> dict[tuple, dict[str, Any]]:
        if name not in self._rows:
            ds = catalog.dataset(name)
            records = catalog.load_rows(name, self.outputs)
            self._rows[name] = {tuple(r[k] for k in ds.key): r for r in records}
        return self._rows[name]

    def format(self, inner: str) -> str:
        """The formatted value of a placeholder's inner text; FigureError says what is wrong."""
        match = _INNER.fullmatch(inner)
        if not match:
            raise FigureError(
                f"{OPEN}{inner}{CLOSE} följer inte mönstret {OPEN}tabell.kolumn:format{CLOSE} eller "
                f"{OPEN}tabell[nyckel=värde].kolumn:format{CLOSE}"
            )
        name, column, fmt = match["dataset"], match["column"], match["format"]
        if name not in catalog.AGGREGATED:
            raise _unknown(f"tabellen {name!r} finns inte", name, list(catalog.AGGREGATED))
        ds = catalog.dataset(name)
        if column not in ds.columns:
            raise _unknown(f"tabellen {name} har ingen kolumn {column!r}", column, list(ds.columns))
        kind = ds.kinds[column]
        if fmt not in FORMATS:
            raise _unknown(f"formatet {fmt!r} finns inte", fmt, list(FORMATS))
        spec = FORMATS[fmt]
        if kind not in spec.kinds:
            fitting = [n for n, f in FORMATS.items() if kind in f.kinds]
            raise FigureError(
                f"kolumnen {name}.{column} är {_KIND_WORDS[kind]} och kan inte visas som {fmt}; "
                f"välj en av: {', '.join(fitting) or 'inget format'}"
            )
        if match["decimals"] is not None and spec.decimals is None:
            raise FigureError(f"formatet {fmt} tar inga decimaler (skriv :{fmt} utan .{match['decimals']})")
        row = self._row(name, match["selector"])
        value = row[column]
        if spec.decimals is None:
            return spec.apply(value)
        decimals = spec.decimals if match["decimals"] is None else int(match["decimals"])
        return spec.apply(value, decimals)

    def _row(self, name: str, selector: str | None) -> dict[str, Any]:
        ds = catalog.dataset(name)
        try:
            rows = self._table(name)
        except catalog.CatalogError as exc:  # the hand-over is missing or stale
            raise FigureError(str(exc).rstrip(".")) from None
        if not ds.key:
            if selector is not None:
                raise FigureError(f"tabellen {name} har en enda rad; skriv {OPEN}{name}.kolumn:format{CLOSE}")
            if len(rows) != 1:
                raise FigureError(f"tabellen {name} har {len(rows)} rader, väntade en. Kör aggregate igen")
            return next(iter(rows.values()))
        pattern = f"[{', '.join(f'{k}=…' for k in ds.key)}]"
        if selector is None:
            raise FigureError(f"tabellen {name} har en rad per nyckel; välj rad med {name}{pattern}")
        chosen: dict[str, str] = {}
        for part in selector.split(","):
            found = _SELECTOR_PART.fullmatch(part)
            if not found or found["column"] not in ds.key or found["column"] in chosen:
                raise FigureError(
                    f"radvalet [{selector}] ska ha formen {pattern} (nyckel: {', '.join(ds.key)})"
                )
            chosen[found["column"]] = found["value"]
        if set(chosen) != set(ds.key):
            raise FigureError(f"radvalet [{selector}] ska ange hela nyckeln: {name}{pattern}")
        key = tuple(_key_value(ds.kinds[k], chosen[k]) for k in ds.key)
        if key not in rows:
            existing = [", ".join(f"{k}={v}" for k, v in zip(ds.key, values, strict=True)) for values in rows]
            # A code's neighbour (county 02 for 03) is no likelier than any other: suggest only for names.
            close = difflib.get_close_matches(selector.strip(), existing, n=1, cutoff=0.6)
            if close and len(ds.key) == 1 and not chosen[ds.key[0]].isdigit():
                raise FigureError(
                    f"tabellen {name} har ingen rad med {selector.strip()}", suggestion=close[0]
                )
            raise FigureError(
                f"tabellen {name} har ingen rad med {selector.strip()}; finns: {_listing(existing) or 'inga rader'}"
            )
        return rows[key]


_KIND_WORDS = {
    "text": "text",
    "int": "ett heltal",
    "amount": "ett belopp",
    "pct": "en procentsats",
    "date": "ett datum",
    "bool": "ett sanningsvärde",
}


def _key_value(kind: str, text: str) -> Any:
    if kind == "int":
        try:
            return int(text)
        except ValueError:
            return text
    return text


def substitute(line: str, figures: Figures, path: str, number: int, token: Callable[[str], str]) -> str:
    """The line with each placeholder replaced by `token(formatted value)`. A bad placeholder, a
    "{{" without its "}}", a "}}" without its "{{" or a figure in single braces raises TextError
    naming the file (`path`), the line (`number`) and the column, and quoting the line."""

    def error(problem: str, column: int, suggestion: str | None = None) -> TextError:
        return TextError(
            problem, path=path, line=number, column=column, source_line=line, suggestion=suggestion
        )

    # str.find, not a regular expression: `\{\{(.*?)\}\}` rescans the rest of the line from every
    # "{{" that has no "}}", quadratic in a line of many "{" (100,000 took half a minute).
    pieces, position = [], 0
    while (start := line.find(OPEN, position)) >= 0 and (end := line.find(CLOSE, start + len(OPEN))) >= 0:
        _check_plain(line, position, start, error)
        pieces.append(line[position:start])
        try:
            pieces.append(token(figures.format(line[start + len(OPEN) : end])))
        except FigureError as exc:
            raise error(str(exc), start + 1, exc.suggestion) from None
        position = end + len(CLOSE)
    rest = line[position:]
    if OPEN in rest:
        raise error(f"{OPEN} utan avslutande {CLOSE} på samma rad", position + rest.index(OPEN) + 1)
    _check_plain(line, position, len(line), error)
    pieces.append(rest)
    return "".join(pieces)


def _check_plain(line: str, start: int, end: int, error: Callable[..., TextError]) -> None:
    """Text between placeholders: no figure in single braces, no "}}" that closes nothing."""
    text = line[start:end]
    single = _SINGLE_BRACES.search(text)
    if single:
        raise error(
            f"ett levande tal skrivs inom dubbla klamrar, men här står {single[0]!r} med enkla "
            "(det skulle tryckas som det står)",
            start + single.start() + 1,
            f"{OPEN}{single[1]}{CLOSE}",
        )
    if CLOSE in text:
        raise error(f"{CLOSE} utan inledande {OPEN}", start + text.index(CLOSE) + 1)


# --- The documentation: every name, from the catalog's declarations ------------------------------


_KIND_NAMES = {
    "text": "text",
    "int": "heltal",
    "amount": "belopp",
    "pct": "procentsats",
    "date": "datum",
    "bool": "ja/nej",
}
_UNIT_NAMES = {"SEK": "kr", "procent": "%"}


def reference_markdown() -> str:
    """The reference section of docs/report-text.md, in Swedish: the formats, then every dataset
    and column with its Swedish title and unit (pipeline/column_docs)."""
    lines = ["| format | för | ger |", "|---|---|---|"]
    for name, spec in FORMATS.items():
        decimals = (
            f" (`:{name}.N` ger N decimaler, utan .N {spec.decimals})" if spec.decimals is not None else ""
        )
        kinds = ", ".join(_KIND_NAMES[kind] for kind in spec.kinds)
        lines.append(f"| `{name}` | {kinds} | {spec.words}{decimals} |")
    for name in catalog.AGGREGATED:
        ds = catalog.dataset(name)
        lines += ["", f"### `{name}`: {ds.title}", "", ds.description, ""]
        if ds.key:
            lines.append(f"En rad per nyckel: `{name}[{', '.join(f'{k}=…' for k in ds.key)}]`.")
        else:
            lines.append(f"En enda rad, inget radval: `{OPEN}{name}.kolumn:format{CLOSE}`.")
        lines += ["", "| kolumn | svensk titel | enhet | slag | format |", "|---|---|---|---|---|"]
        for column, kind in ds.kinds.items():
            docs = COLUMN_DOCS[column]
            unit = _UNIT_NAMES.get(docs.get("unit", ""), docs.get("unit", "")) or "–"
            formats = ", ".join(f"`{n}`" for n, f in FORMATS.items() if kind in f.kinds) or "–"
            lines.append(f"| `{column}` | {docs['title']} | {unit} | {_KIND_NAMES[kind]} | {formats} |")
    return "\n".join(lines) + "\n"


DOCS = Path(__file__).resolve().parents[3] / "docs" / "report-text.md"
BEGIN, END = "<!-- names: begin (generated) -->\n", "<!-- names: end -->\n"


def docs_section(text: str) -> str:
    """The generated part of docs/report-text.md, between its markers."""
    return text.split(BEGIN, 1)[1].split(END, 1)[0]


def write_docs() -> None:
    """Rewrite the generated part of docs/report-text.md from the catalog."""
    current = DOCS.read_text(encoding="utf-8")
    head, tail = current.split(BEGIN, 1)[0], current.split(END, 1)[1]
    DOCS.write_text(head + BEGIN + reference_markdown() + END + tail, encoding="utf-8")
