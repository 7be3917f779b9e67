"""Reading rules: what the extract stage checks while it reads a file (one Rule per check).

The extract stage raises these; each is bound by its id to its declaration in rules.toml (severity,
what it checks, the message), as the validation rules in the other modules are. Also here, because
they are part of what a reading rule tells a person: the example written into the message about a
blank cell (`BLANK_CELL_EXAMPLES`) and which blank cells mean zero (none).
"""

from __future__ import annotations

from ..contract import Field
from .base import Rule
from .declarations import declaration


def reading_rule(rule_id: str) -> Rule:
    """The reading rule declared as [rule_id] in rules.toml."""
    return Rule(rule_id, **declaration(rule_id)._asdict())


EMPTY_FILE = reading_rule("extract_empty_file")
WRONG_EXTENSION = reading_rule("extract_wrong_extension")
UNSUPPORTED_FORMAT = reading_rule("extract_unsupported_format")
SAME_PROJECT_TWO_FORMATS = reading_rule("extract_same_workbook_two_formats")
PASSWORD_PROTECTED = reading_rule("extract_password_protected")
TEXT_RENAMED = reading_rule("extract_text_renamed")
NOT_A_WORKBOOK = reading_rule("extract_not_a_workbook")
CORRUPT_FILE = reading_rule("extract_corrupt_file")
TOO_LARGE = reading_rule("extract_too_large")
XML_ENTITIES = reading_rule("extract_xml_entities")
UNREADABLE = reading_rule("extract_unreadable")
WORKER_FAILED = reading_rule("extract_worker_failed")
MISSING_SHEET = reading_rule("extract_missing_sheet")
MISSING_HEADER = reading_rule("extract_missing_header")
MISSING_FIELD = reading_rule("extract_missing_field")
UNLABELLED_VALUE = reading_rule("extract_unlabelled_value")
DUPLICATE_FIELD = reading_rule("extract_duplicate_field")
TOO_MANY_ROWS = reading_rule("extract_too_many_rows")
UNKNOWN_LABEL = reading_rule("extract_unknown_label")
BLANK_CELL = reading_rule("extract_blank_cell")
BAD_AMOUNT = reading_rule("extract_bad_amount")
BAD_DATE = reading_rule("extract_bad_date")
BAD_YEAR = reading_rule("extract_bad_year")
BAD_INT = reading_rule("extract_bad_int")
BAD_COUNTY = reading_rule("extract_bad_county")
FORMULA_WITHOUT_RESULT = reading_rule("extract_formula_without_result")
ROWS_AFTER_TOTALS = reading_rule("extract_rows_after_totals")
TOO_MANY_FINDINGS = reading_rule("extract_too_many_findings")
LOCK_FILE = reading_rule("extract_lock_file")
IGNORED_FILE = reading_rule("extract_ignored_file")
REGISTER_MISSING = reading_rule("extract_register_missing")
MEETINGS_MISSING = reading_rule("extract_meetings_missing")
PAYMENTS_MISSING = reading_rule("extract_payments_missing")

READING_RULES: tuple[Rule, ...] = tuple(v for v in list(globals().values()) if isinstance(v, Rule))

# --- Blank cells in a table row. ------------------------------------------------------------------
# Decision (issue 10, point 1): no blank cell means zero. Every column of the costs, financing,
# indicators, register and meetings tables is required on a row that has any content; a blank is
# an error for the project, and the message says to write 0 where zero is what is meant. The
# example is what a person could write in that column (a column name means the same in every table).

BLANK_CELL_EXAMPLES: dict[str, tuple[str, str]] = {
    # column name → (what to write, in Swedish; an example)
    "year": ("årtalet", "2015"),
    "category": ("kostnadsslaget", '"Personal" (ett av mallens kostnadsslag)'),
    "budget": ("det budgeterade beloppet i kronor", "250 000"),
    "actual": ("utfallet i kronor", "250 000"),
    "source": ("finansiären", '"Tillväxtverket" (en av mallens finansiärer)'),
    "amount": ("beloppet i kronor", "250 000"),
    "indicator": ("indikatorns namn", '"Deltagande arbetsgivare" (en av mallens indikatorer)'),
    "target": ("målvärdet (ett antal)", "12"),
    "outcome": ("utfallet (ett antal)", "12"),
    "project_id": ("ärende-id", "Ä 2014-001234"),
    "county_code": ("länskoden", "14"),
    "owner": ("projektägaren", "Region Halland"),
    "title": ("projektets namn", "Kompetensplattform Halland"),
    "decision_date": ("beslutsdatumet", "2014-03-01"),
    "granted_amount": ("det beviljade beloppet i kronor", "1 500 000"),
    "start_date": ("startdatumet", "2014-03-01"),
    "end_date": ("slutdatumet", "2016-12-31"),
    "date": ("datumet för träffen", "2015-05-20"),
    "meeting_type": ("typen av träff", '"Erfarenhetsträff" eller "Tematräff"'),
    "theme": ("träffens tema", "Validering i vården"),
    "place": ("orten", "Jönköping"),
    "participants": ("antalet deltagare", "40"),
    "payment_date": ("utbetalningsdatumet", "2015-06-30"),
    "payment_amount": ("beloppet i kronor (återkrav negativt)", "250 000"),
    "payment_kind": (
        "typen av utbetalning",
        '"Förskott", "Delutbetalning", "Slututbetalning" eller "Återkrav"',
    ),
}
_ZERO = {"amount": " Är beloppet noll, skriv 0.", "int": " Blev det inget, skriv 0."}


def blank_cell_details(field: Field) -> dict[str, str]:
    """The message details of BLANK_CELL for a blank cell in the column `field`."""
    what, example = BLANK_CELL_EXAMPLES[field.name]
    return {"label": field.label, "what": what, "example": example, "zero": _ZERO.get(field.kind, "")}


__all__ = [
    "BLANK_CELL_EXAMPLES",
    "READING_RULES",
    "blank_cell_details",
    *(name for name, value in list(globals().items()) if isinstance(value, Rule)),
]
