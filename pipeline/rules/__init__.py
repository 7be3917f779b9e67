"""Every rule the pipeline checks, one object per rule (frictionless-py's checks are the model).

A rule has an id, a severity, the Swedish sentence saying what it checks (for the report's method
note and docs/input-format.md) and the message a person reads to fix the input. These are declared
in one data file, `rules.toml`, the register a Swedish reader reads top to bottom; the code binds
each rule to its declaration by id (`declarations.py`). Reading rules (`reading.py`) are raised by
the extract stage while it reads a file; validation rules (the other modules here) each also own
the check they run over the extracted layer. Stages and docs get the rules from here, never from
another stage's module.

A new rule: a table `[id]` in rules.toml (placed where docs/input-format.md lists it), then
`NAME = reading_rule("id")` in reading.py or `@validation_rule("id")` over its check in the module
of its kind (and in that module's RULES); `make generated` rewrites the documented rule table.
"""

from __future__ import annotations

from .base import ERROR, WARNING, Rule, sort_findings
from .reading import READING_RULES

__all__ = ["ERROR", "READING_RULES", "VALIDATION_RULES", "WARNING", "Rule", "sort_findings"]


def __getattr__(name: str):
    # The validation rules' checks import pandas; the extract stage, which only needs the reading
    # rules, should not pay for that import.
    if name == "VALIDATION_RULES":
        from .validation import VALIDATION_RULES

        return VALIDATION_RULES
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
