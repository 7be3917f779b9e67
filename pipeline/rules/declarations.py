"""The rules' declarations: rules.toml beside this module, read once.

rules.toml is the register of every rule a Swedish reader reads top to bottom: per rule id its
severity, the sentence saying what it checks and the message template. The code binds a rule to
its declaration by id only (`reading_rule`, `@validation_rule`). A malformed declaration, or an id
the code asks for that the file lacks, stops the import with an error naming the id and the file.
"""

from __future__ import annotations

import functools
import string
import tomllib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from ..contract import SEVERITY_ERROR, SEVERITY_WARNING
from ..errors import DeclarationError

RULES_FILE = Path(__file__).with_name("rules.toml")
SEVERITIES = (SEVERITY_ERROR, SEVERITY_WARNING)


class RuleDeclarationError(DeclarationError):
    """rules.toml and the code disagree, or a declaration in it is malformed (a developer's mistake)."""


class Declaration(NamedTuple):
    severity: str
    checks: str  # what the rule checks, in Swedish, for the report's method note
    message: str  # Swedish, str.format template with {name} fields the check fills in


def read_declarations(path: Path) -> Mapping[str, Declaration]:
    """Every declaration in `path`, in the file's order, each checked."""
    try:
        with path.open("rb") as file:
            tables = tomllib.load(file)
    except tomllib.TOMLDecodeError as error:
        raise RuleDeclarationError(f"{path}: {error}") from None
    declared = {rule_id: _declaration(rule_id, table, path) for rule_id, table in tables.items()}
    return MappingProxyType(declared)


def _declaration(rule_id: str, table: Any, path: Path) -> Declaration:
    where = f"{path}, [{rule_id}]"
    if not isinstance(table, dict):
        raise RuleDeclarationError(f"{where}: not a table of {', '.join(Declaration._fields)}")
    unknown = [key for key in table if key not in Declaration._fields]
    lacking = [key for key in Declaration._fields if key not in table]
    if unknown or lacking:
        said = [f"unknown {', '.join(unknown)}"] * bool(unknown) + [f"lacks {', '.join(lacking)}"] * bool(
            lacking
        )
        raise RuleDeclarationError(
            f"{where}: {'; '.join(said)} (a rule has exactly the keys {', '.join(Declaration._fields)})"
        )
    if not all(isinstance(text, str) and text for text in table.values()):
        raise RuleDeclarationError(f"{where}: severity, checks and message are each a non-empty text")
    if table["severity"] not in SEVERITIES:
        raise RuleDeclarationError(f"{where}: severity {table['severity']!r} is not one of {SEVERITIES}")
    for field in _fields(table["message"], where):
        if not field.isidentifier():
            raise RuleDeclarationError(f"{where}: the message's field {{{field}}} is not a plain {{name}}")
    return Declaration(**table)


def _fields(message: str, where: str) -> list[str]:
    """The replacement fields of a str.format template as written (`{name:>3}` gives "name:>3")."""
    try:
        parsed = list(string.Formatter().parse(message))
    except ValueError as error:  # a lone { or }
        raise RuleDeclarationError(f"{where}: the message is no str.format template ({error})") from None
    return [
        name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
        for _, name, spec, conversion in parsed
        if name is not None
    ]


@functools.cache
def declarations() -> Mapping[str, Declaration]:
    """Every declaration in rules.toml, by id in the file's order (read on first use only)."""
    return read_declarations(RULES_FILE)


def declaration(rule_id: str) -> Declaration:
    """The declaration of `rule_id`; an error naming the id and the file when there is none."""
    try:
        return declarations()[rule_id]
    except KeyError:
        raise RuleDeclarationError(
            f"rule {rule_id!r} is not declared in {RULES_FILE}: add a table [{rule_id}] with "
            "its severity, checks and message"
        ) from None


__all__ = [
    "RULES_FILE",
    "SEVERITIES",
    "Declaration",
    "RuleDeclarationError",
    "declaration",
    "declarations",
    "read_declarations",
]
