"""Generated files are current, and every declared figure is documented (issues 22 and 23)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline import catalog
from pipeline.aggregated_tables import AGGREGATED_TABLES
from pipeline.column_docs import COLUMN_DOCS, _declared_once, field_descriptor
from pipeline.errors import DeclarationError
from pipeline.rounding import round_to
from pipeline.schema import Table, amount, doc, missing_parts
from tools.regenerate import COMMAND, generated_docs


@pytest.mark.parametrize("path", sorted(generated_docs()), ids=lambda p: p.name)
def test_every_generated_page_is_current(path):
    assert path.read_text(encoding="utf-8") == generated_docs()[path], (
        f"{path.name} is stale: run `{COMMAND}`"
    )


def _lacking(tables) -> dict[str, list[str]]:
    """table.column → what its entry lacks (the table's own entry, else the glossary's)."""
    entries = {
        f"{t.name}.{column}": t.own_docs.get(column) or COLUMN_DOCS.get(column, {})
        for t in tables
        for column in t.column_names
    }
    return {where: missing_parts(entry) for where, entry in entries.items() if missing_parts(entry)}


def test_every_declared_aggregated_column_has_a_title_a_definition_and_a_unit():
    assert _lacking(AGGREGATED_TABLES.values()) == {}


def test_a_column_declared_without_title_or_unit_is_caught():
    # The declaration file's loader refuses an own or shared column without kind, title or
    # definition (tests/test_table_declarations.py); a table may still name a glossary entry that
    # lacks one: `difference` (changes.csv) is a number without a unit.
    table = Table(
        "by_region",
        "Per län",
        "En rad per län.",
        ("county_code", "difference", ("new_note", doc("", "Något."))),
    )
    assert _lacking([table]) == {"by_region.difference": ["unit"], "by_region.new_note": ["title"]}


def test_a_name_declared_twice_is_refused_naming_both_places():
    with pytest.raises(DeclarationError) as refused:
        _declared_once(
            {"x.toml [column]": {"total_cost": amount("A", "a")}, "y.py": {"total_cost": amount("B", "b")}}
        )
    assert str(refused.value) == (
        "column 'total_cost' is defined twice, in x.toml [column] and in y.py; a name has one meaning: "
        "keep one definition"
    )


def test_datapackage_fields_and_review_headers_read_the_declaration():
    by_region = catalog.dataset("by_region")
    assert by_region.columns == AGGREGATED_TABLES["by_region"].column_names
    assert by_region.title == AGGREGATED_TABLES["by_region"].title
    assert field_descriptor("cash_cost")["unit"] == "SEK"
    # The agency's payments are an input since issue 14: agency_paid is what projects report.
    assert "inte är indata" not in field_descriptor("agency_paid")["description"]


def test_accepted_key_values_are_checked_on_save(tmp_path):
    rows = [{"county_code": "99", "county_name": "Okänt", "projects": 0}]
    with pytest.raises(catalog.CatalogError, match="kolumn county_code: '99' är inget av de värden"):
        catalog.save("by_region", catalog.frame_from_records("by_region", rows), tmp_path)


@pytest.mark.parametrize(
    ("value", "decimals", "rounded"),
    [("2.25", 1, "2.3"), ("-2.25", 1, "-2.3"), ("0.5", 0, "1"), ("2.5", 0, "3"), ("1.005", 2, "1.01")],
)
def test_rounding_is_half_away_from_zero_never_to_even(value, decimals, rounded):
    assert round_to(Decimal(value), decimals) == Decimal(rounded)
