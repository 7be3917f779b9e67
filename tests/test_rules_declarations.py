"""rules.toml, the register of every rule's severity and texts, and the code bound to it by id."""

from collections import Counter

import pytest

from pipeline.rules import READING_RULES, VALIDATION_RULES
from pipeline.rules.declarations import (
    RULES_FILE,
    RuleDeclarationError,
    declarations,
    read_declarations,
)
from pipeline.rules.layer import validation_rule
from pipeline.rules.reading import reading_rule

RULES = (*READING_RULES, *VALIDATION_RULES)


def test_every_declaration_is_bound_to_exactly_one_rule_and_every_rule_is_declared():
    bound = Counter(rule.rule_id for rule in RULES)
    assert [rule_id for rule_id, count in bound.items() if count > 1] == []
    assert set(declarations()) - set(bound) == set()  # declared, but no rule in the code
    assert set(bound) - set(declarations()) == set()  # a rule without a declaration


def test_the_register_lists_the_rules_as_the_documentation_does():
    # Reading rules as reading.py binds them, then validation rules by id (docs/input-format.md).
    assert list(declarations()) == [rule.rule_id for rule in RULES]


def test_a_rule_carries_its_declaration_and_a_validation_rule_its_check():
    assert all((rule.severity, rule.checks, rule.message) == declarations()[rule.rule_id] for rule in RULES)
    assert all(rule.check is not None for rule in VALIDATION_RULES)


def test_an_undeclared_id_stops_the_import_naming_the_id_and_the_file():
    with pytest.raises(RuleDeclarationError) as raised:
        validation_rule("V99")  # raised when the decorator is applied, as the module is imported
    assert str(raised.value) == (
        f"rule 'V99' is not declared in {RULES_FILE}: add a table [V99] with its severity, checks and message"
    )
    with pytest.raises(RuleDeclarationError, match=r"^rule 'extract_emtpy_file' is not declared in "):
        reading_rule("extract_emtpy_file")


# --- The file's own checks, on a register of one rule. --------------------------------------------

GOOD = """\
severity = "fel"
checks = "Fältet är ifyllt."
message = "Fyll i {label}; {{ och }} står som de är."
"""


def _register(tmp_path, table: str):
    path = tmp_path / "rules.toml"
    path.write_text(f"[V01]\n{table}", encoding="utf-8")
    return path


def _with(line: str) -> str:
    """GOOD with the line of the same key replaced by `line`."""
    key = line.partition(" = ")[0]
    return "".join(line + "\n" if old.startswith(f"{key} = ") else old for old in GOOD.splitlines(True))


def test_a_declaration_reads_as_written(tmp_path):
    assert dict(read_declarations(_register(tmp_path, GOOD))) == {
        "V01": ("fel", "Fältet är ifyllt.", "Fyll i {label}; {{ och }} står som de är.")
    }


@pytest.mark.parametrize(
    "table, problem",
    [
        (_with('severity = "error"'), "severity 'error' is not one of ('fel', 'varning')"),
        (_with("severity = 1"), "severity, checks and message are each a non-empty text"),
        (_with('checks = ""'), "severity, checks and message are each a non-empty text"),
        (_with('message = "Fyll i {}."'), "the message's field {} is not a plain {name}"),
        (_with('message = "Fyll i {0}."'), "the message's field {0} is not a plain {name}"),
        (_with('message = "Fyll i {row[0]}."'), "the message's field {row[0]} is not a plain {name}"),
        (_with('message = "Fyll i {label!r}."'), "the message's field {label!r} is not a plain {name}"),
        (_with('message = "Fyll i {label:>9}."'), "the message's field {label:>9} is not a plain {name}"),
        (
            _with('message = "Fyll i {label."'),
            "the message is no str.format template (expected '}' before end of string)",
        ),
        (
            GOOD.replace("message", "messages"),
            "unknown messages; lacks message (a rule has exactly the keys severity, checks, message)",
        ),
        (
            GOOD.partition("message")[0],
            "lacks message (a rule has exactly the keys severity, checks, message)",
        ),
    ],
)
def test_a_malformed_declaration_is_refused_naming_the_file_and_the_id(tmp_path, table, problem):
    path = _register(tmp_path, table)
    with pytest.raises(RuleDeclarationError) as raised:
        read_declarations(path)
    assert str(raised.value) == f"{path}, [V01]: {problem}"


def test_a_file_that_is_no_toml_is_refused_naming_the_file(tmp_path):
    path = _register(tmp_path, 'severity = "fel\n')
    with pytest.raises(RuleDeclarationError) as raised:
        read_declarations(path)
    assert str(raised.value).startswith(f"{path}: ")  # then tomllib's own words, line and column
