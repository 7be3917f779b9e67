"""The shape of a declaration: what a column means (its documentation entry) and what a table is,
and how a declaration file of tables is read.

A column's entry is a Frictionless Table Schema field without its name: Swedish `title`, the
`description` (its definition, what docs/figures.md and datapackage.json say), `type` (string,
integer, number, date, boolean) and, for a number, its `unit` ("SEK" or "procent"). The catalog
derives the column's kind (text, int, amount, pct, date, bool) from type and unit; a declaration
file names the kind, and `KIND_ENTRIES` makes the entry of it.

A `Table` declares one hand-over as dbt's schema.yml declares a model: name, Swedish title, what
its rows are, its columns in CSV order, its key and the values a key column accepts. A column is
named when its meaning is the glossary's (pipeline/column_docs: a name means the same in every
table), or given with its own entry when only this table has it. `load_tables` builds them from a
TOML file (pipeline/aggregated_tables/tables.toml, whose header says what a table holds) and
refuses, naming the file, table and column, whatever it cannot build.

This module imports nothing of the pipeline but its errors, so every declaration can use it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NoReturn

from .errors import DeclarationError

SEK = "SEK"
PERCENT = "procent"
NUMBER_UNITS = (SEK, PERCENT)

# How a figure is rounded, said once; pipeline/rounding.py does it and docs/figures.md states it.
PCT_ROUNDING = (
    "Procent med en decimal, avrundad en gång ur exakta summor (exakt hälften bort från noll, "
    "se docs/figures.md); tomt när nämnaren är noll."
)


def doc(title: str, description: str, type: str = "string", unit: str | None = None) -> dict[str, str]:
    entry = {"title": title, "description": description, "type": type}
    if unit:
        entry["unit"] = unit
    return entry


def amount(title: str, description: str) -> dict[str, str]:
    return doc(title, description, "number", SEK)


def pct(title: str, description: str) -> dict[str, str]:
    return doc(title, f"{description} {PCT_ROUNDING}", "number", PERCENT)


def count(title: str, description: str) -> dict[str, str]:
    return doc(title, description, "integer")


def flag(title: str, description: str) -> dict[str, str]:
    return doc(title, description, "boolean")


def date(title: str, description: str) -> dict[str, str]:
    return doc(title, description, "date")


# A declaration file's column kinds (the catalog's, pipeline/catalog/values.py) → the entry's maker.
KIND_ENTRIES: dict[str, Callable[[str, str], dict[str, str]]] = {
    "text": doc,
    "int": count,
    "amount": amount,
    "pct": pct,
    "date": date,
    "bool": flag,
}


def missing_parts(entry: Mapping[str, str]) -> list[str]:
    """What a column's entry lacks: a title, a definition, or (for a number) its unit."""
    lacking = [part for part in ("title", "description") if not entry.get(part, "").strip()]
    if entry.get("type") == "number" and entry.get("unit") not in NUMBER_UNITS:
        lacking.append("unit")
    return lacking


Column = str | tuple[str, Mapping[str, str]]


@dataclass(frozen=True, eq=False)  # one object per table: compared and hashed by identity
class Table:
    """One hand-over CSV of 3_aggregated, declared once: everything else reads it."""

    name: str
    title: str
    description: str  # which rows the table has, and anything its columns' definitions do not say
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # the row's identity: unique, never empty outside key_may_be_empty
    order: tuple[str, ...] = ()  # sort order; the key when not given
    key_may_be_empty: tuple[str, ...] = ()  # key columns that may be empty (a unique key, not primary)
    file: str = ""  # the CSV's stem when it differs from the name
    accepted: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # column → accepted values

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c if isinstance(c, str) else c[0] for c in self.columns)

    @property
    def own_docs(self) -> dict[str, Mapping[str, str]]:
        """The entries of the columns only this table has (declared here, not in the glossary)."""
        return {c[0]: c[1] for c in self.columns if not isinstance(c, str)}

    @property
    def stem(self) -> str:
        return self.file or self.name


# --- A declaration file of tables (TOML) ----------------------------------------------------------


@dataclass(frozen=True)
class Declarations:
    """What a declaration file declares: the columns its tables share, and the tables, in its order."""

    columns: dict[str, dict[str, str]]
    tables: dict[str, Table]


_FILE_PARTS = ("phrases", "column", "table")
_COLUMN_PARTS = ("kind", "title", "definition")
_TABLE_PARTS = (
    *("title", "description", "columns", "key", "key_may_be_empty", "order", "accepted", "file"),
    "column",  # [table.<name>.column.<column>]: the columns only this table has
)
_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class _Reading:
    """The file being read, and what its {placeholders} and `accepted` may name."""

    path: Path
    values: Mapping[str, str]
    accepted_values: Mapping[str, tuple[str, ...]]

    def fail(self, where: str, problem: str) -> NoReturn:
        raise DeclarationError(f"{self.path}: {where}: {problem}")

    def parts(
        self, raw: object, where: str, allowed: tuple[str, ...] = (), required: tuple[str, ...] = ()
    ) -> dict[str, object]:
        """`raw` as a TOML table: with only `allowed` keys (when given), none of `required` missing
        or blank."""
        if not isinstance(raw, dict):
            self.fail(where, "not a table")
        unknown = [key for key in raw if allowed and key not in allowed]
        if unknown:
            self.fail(where, f"unknown {', '.join(unknown)} (known: {', '.join(allowed)})")
        lacking = [key for key in required if not raw.get(key) or not str(raw[key]).strip()]
        if lacking:
            self.fail(where, f"lacks {', '.join(lacking)}")
        return raw

    def text(self, raw: object, where: str) -> str:
        """A text with its line breaks folded and its {placeholders} filled in."""
        if not isinstance(raw, str):
            self.fail(where, f"{raw!r} is not a text")
        # A line break and the spaces around it read as one space; any other space (a no-break
        # space in "21 län") stays as written.
        folded = _LINE_BREAK.sub(" ", raw.strip())
        if any(brace in _PLACEHOLDER.sub("", folded) for brace in "{}"):
            self.fail(where, "a brace { or } without its pair")
        for name in _PLACEHOLDER.findall(folded):
            if name not in self.values:
                self.fail(where, f"unknown placeholder {{{name}}} (known: {', '.join(self.values)})")
        return _PLACEHOLDER.sub(lambda match: self.values[match.group(1)], folded)

    def names(self, raw: Mapping[str, object], part: str, where: str) -> tuple[str, ...]:
        """A list of column names (empty when not given)."""
        names = raw.get(part, [])
        if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
            self.fail(where, f"{part} is not a list of column names")
        return tuple(names)


def _column(reading: _Reading, raw: object, where: str) -> dict[str, str]:
    parts = reading.parts(raw, where, _COLUMN_PARTS, required=_COLUMN_PARTS)
    if parts["kind"] not in KIND_ENTRIES:
        reading.fail(where, f"unknown kind {parts['kind']!r} (one of {', '.join(KIND_ENTRIES)})")
    entry = KIND_ENTRIES[parts["kind"]]
    return entry(reading.text(parts["title"], where), reading.text(parts["definition"], where))


def _table(reading: _Reading, name: str, raw: object, shared: Mapping[str, object]) -> Table:
    where = f"table {name!r}"
    parts = reading.parts(raw, where, _TABLE_PARTS, required=("title", "description", "columns"))
    columns = reading.names(parts, "columns", where)
    key = reading.names(parts, "key", where)
    order = reading.names(parts, "order", where)
    may_be_empty = reading.names(parts, "key_may_be_empty", where)
    accepted = reading.parts(parts.get("accepted", {}), f"{where}, accepted")
    own = reading.parts(parts.get("column", {}), where)
    for role, named in (("key", key), ("order", order), ("accepted", accepted), ("defined", own)):
        for column in named:
            if column not in columns:
                reading.fail(where, f"{role} column {column!r} is not among its columns")
    for column in sorted({column for column in columns if columns.count(column) > 1}):
        reading.fail(where, f"column {column!r} is listed twice")
    for column in may_be_empty:
        if column not in key:
            reading.fail(where, f"key_may_be_empty column {column!r} is not in its key")
    for column, values in accepted.items():
        if not isinstance(values, str) or values not in reading.accepted_values:
            known = ", ".join(reading.accepted_values)
            reading.fail(where, f"accepted values {values!r} of {column} are unknown (known: {known})")
    for column in own:
        if column in shared:
            reading.fail(f"{where}, column {column!r}", f"defined here and as [column.{column}]")
    entries = {
        column: _column(reading, entry, f"{where}, column {column!r}") for column, entry in own.items()
    }
    return Table(
        name,
        reading.text(parts["title"], where),
        reading.text(parts["description"], where),
        tuple((column, entries[column]) if column in entries else column for column in columns),
        key=key,
        order=order,
        key_may_be_empty=may_be_empty,
        file=reading.text(parts.get("file", ""), where),
        accepted={column: reading.accepted_values[values] for column, values in accepted.items()},
    )


def load_tables(
    path: Path,
    values: Mapping[str, str] | None = None,
    accepted_values: Mapping[str, tuple[str, ...]] | None = None,
) -> Declarations:
    """The tables and shared columns a TOML declaration file declares (its header says the format).

    `values` are what a text's {placeholder} may name besides the file's own [phrases] (a phrase
    may name `values` only); `accepted_values`, the sets of values a table's `accepted` may name.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise DeclarationError(f"{path}: {error}") from None
    reading = _Reading(path, values or {}, accepted_values or {})
    parts = reading.parts(data, "the file", _FILE_PARTS)
    phrases = reading.parts(parts.get("phrases", {}), "[phrases]")
    for name, phrase in phrases.items():
        if name in reading.values:
            reading.fail(f"phrase {name!r}", "a value of the same name is given already")
        phrases[name] = reading.text(phrase, f"phrase {name!r}")
    reading = replace(reading, values={**reading.values, **phrases})
    shared = {
        name: _column(reading, entry, f"column {name!r}")
        for name, entry in reading.parts(parts.get("column", {}), "[column]").items()
    }
    tables = {
        name: _table(reading, name, entry, shared)
        for name, entry in reading.parts(parts.get("table", {}), "[table]").items()
    }
    files: dict[str, str] = {}
    for table in tables.values():
        if table.stem in files:
            reading.fail(f"table {table.name!r}", f"{table.stem}.csv is table {files[table.stem]!r}'s file")
        files[table.stem] = table.name
    return Declarations(shared, tables)


def check_references(tables: Iterable[Table], defined: Mapping[str, object], path: Path) -> None:
    """Every column a table names without defining it is defined: in the file's [column] or in the
    glossary. Called where the whole glossary is known (pipeline/column_docs), as the file's loader
    cannot import it (the glossary holds the tables' own columns)."""
    for table in tables:
        for column in table.column_names:
            if column not in defined:
                raise DeclarationError(
                    f"{path}: table {table.name!r}, column {column!r}: not defined (neither a "
                    f"[column.{column}] of the file nor in the glossary, pipeline/column_docs)"
                )
