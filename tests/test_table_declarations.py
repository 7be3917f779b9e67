"""The aggregated tables' declaration file (pipeline/aggregated_tables/tables.toml) and its loader,
schema.load_tables: what it builds, and each mistake it refuses, naming the file, table and column."""

from __future__ import annotations

import re

import pytest

from pipeline.aggregated_tables import AGGREGATED_TABLES, DECLARATION_FILE
from pipeline.catalog.values import KINDS, _kind_of
from pipeline.column_docs import COLUMN_DOCS
from pipeline.schema import KIND_ENTRIES, DeclarationError, check_references, load_tables

# A small file of one shared column and one table, each mistake below made in it.
GOOD = """\
[phrases]
every_county = "alla {county_count} län"

[column.total_cost]
kind = "amount"
title = "Total kostnad"
definition = "Summa utfall."

[table.by_region]
title = "Per län"
description = \"\"\"
    En rad för vart och ett av
    {every_county}.\"\"\"
columns = ["county_code", "total_cost", "new_share"]
key = ["county_code"]
accepted = { county_code = "county_codes" }

[table.by_region.column.new_share]
kind = "pct"
title = "Ny andel"
definition = "Något / något × 100."
"""


def _load(tmp_path, text):
    path = tmp_path / "tables.toml"
    path.write_text(text, encoding="utf-8")
    return path, load_tables(path, {"county_count": "21"}, {"county_codes": ("01", "03")})


def _refused(tmp_path, text) -> str:
    path = tmp_path / "tables.toml"
    with pytest.raises(DeclarationError) as refused:
        _load(tmp_path, text)
    message = str(refused.value)
    assert message.startswith(f"{path}: ")
    return message[len(f"{path}: ") :]


def test_a_table_is_built_with_its_texts_folded_and_filled_in(tmp_path):
    _, declared = _load(tmp_path, GOOD)
    table = declared.tables["by_region"]
    assert table.description == "En rad för vart och ett av alla 21 län."
    assert table.column_names == ("county_code", "total_cost", "new_share")
    assert table.key == ("county_code",) and table.accepted == {"county_code": ("01", "03")}
    assert declared.columns["total_cost"] == {
        "title": "Total kostnad",
        "description": "Summa utfall.",
        "type": "number",
        "unit": "SEK",
    }
    assert table.own_docs["new_share"]["unit"] == "procent"


def test_every_kind_is_the_catalogs_kind_of_the_entry_it_makes():
    assert tuple(KIND_ENTRIES) == KINDS
    assert {kind: _kind_of(make("T", "D")) for kind, make in KIND_ENTRIES.items()} == {k: k for k in KINDS}


def test_a_column_without_a_definition_is_refused(tmp_path):
    text = GOOD.replace('definition = "Något / något × 100."\n', "")
    assert _refused(tmp_path, text) == "table 'by_region', column 'new_share': lacks definition"


def test_a_shared_column_without_kind_and_title_is_refused(tmp_path):
    text = GOOD.replace('kind = "amount"\ntitle = "Total kostnad"\n', "")
    assert _refused(tmp_path, text) == "column 'total_cost': lacks kind, title"


def test_an_unknown_kind_is_refused(tmp_path):
    text = GOOD.replace('kind = "pct"', 'kind = "percent"')
    assert _refused(tmp_path, text) == (
        "table 'by_region', column 'new_share': unknown kind 'percent' "
        "(one of text, int, amount, pct, date, bool)"
    )


def test_a_table_declared_twice_is_refused(tmp_path):
    text = GOOD + '\n[table.by_region]\ntitle = "Igen"\n'
    # The words are tomllib's (they may change between Python versions): the file, the table, the line.
    assert re.fullmatch(r".*\bby_region\b.*\btwice\b.*\bline 23\b.*", _refused(tmp_path, text))


def test_two_tables_written_to_one_file_are_refused(tmp_path):
    text = GOOD + '\n[table.region_copy]\ntitle = "T"\ndescription = "D"\ncolumns = ["county_code"]\n'
    text += 'file = "by_region"\n'
    assert _refused(tmp_path, text) == "table 'region_copy': by_region.csv is table 'by_region''s file"


def test_a_key_column_not_among_the_columns_is_refused(tmp_path):
    text = GOOD.replace('key = ["county_code"]', 'key = ["county_code", "year"]')
    assert _refused(tmp_path, text) == "table 'by_region': key column 'year' is not among its columns"


def test_an_unknown_placeholder_is_refused(tmp_path):
    text = GOOD.replace("{every_county}", "{every_town}")
    assert _refused(tmp_path, text) == (
        "table 'by_region': unknown placeholder {every_town} (known: county_count, every_county)"
    )


@pytest.mark.parametrize("accepted", ['["01", "03"]', '"towns"'])
def test_accepted_values_are_named_not_listed(tmp_path, accepted):
    text = GOOD.replace(
        'accepted = { county_code = "county_codes" }', f"accepted = {{ county_code = {accepted} }}"
    )
    assert _refused(tmp_path, text).startswith("table 'by_region': accepted values ")
    assert _refused(tmp_path, text).endswith(" of county_code are unknown (known: county_codes)")


def test_a_line_break_in_a_text_reads_as_one_space_and_a_no_break_space_stays(tmp_path):
    text = GOOD.replace('title = "Per län"', 'title = """\n    Per\u00a0län\n    och år"""')
    _, declared = _load(tmp_path, text)
    assert declared.tables["by_region"].title == "Per\u00a0län och år"


def test_a_column_defined_both_shared_and_as_a_tables_own_is_refused(tmp_path):
    text = GOOD.replace("new_share", "total_cost").replace(', "total_cost"]', "]")
    assert _refused(tmp_path, text) == (
        "table 'by_region', column 'total_cost': defined here and as [column.total_cost]"
    )


def test_a_column_defined_nowhere_is_refused_once_the_glossary_is_known(tmp_path):
    path, declared = _load(tmp_path, GOOD.replace('"new_share"]', '"new_share", "no_such_column"]'))
    glossary = {**COLUMN_DOCS, **declared.tables["by_region"].own_docs}
    with pytest.raises(DeclarationError) as refused:
        check_references(declared.tables.values(), glossary, path)
    assert str(refused.value) == (
        f"{path}: table 'by_region', column 'no_such_column': not defined (neither a "
        "[column.no_such_column] of the file nor in the glossary, pipeline/column_docs)"
    )


def test_the_real_declarations_name_only_defined_columns():
    # As pipeline/column_docs checks on import.
    check_references(AGGREGATED_TABLES.values(), COLUMN_DOCS, DECLARATION_FILE)
