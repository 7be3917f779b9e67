"""Every table of outputs/3_aggregated, declared once: the figures the report and the reviewers read.

The declarations are data, in tables.toml beside this module, as dbt's schema.yml holds a model's
columns, descriptions and tests together: per table its Swedish title and description, its
columns in CSV order (each defined once: kind, Swedish title and definition), its key and the
values a key column accepts. This module loads the file into `schema.Table` objects
(schema.load_tables, which refuses whatever it cannot build, naming the file, table and column);
the catalog (catalog/datasets.py) makes its datasets of them; datapackage.json, the headers of
review.xlsx, docs/figures.md and the catalog's checks read them.

Adding a column: list (and define) it in tables.toml, compute it in pipeline/stages/aggregate, and
run `make generated` for the documentation and the golden CSVs.

Amounts are in whole kronor (exact decimals where an input had öre); shares in percent with one
decimal.
"""

from __future__ import annotations

from pathlib import Path

from ..contract import COUNTIES, STATUS_ACCEPTED, STATUS_NO_WORKBOOK, STATUS_SET_ASIDE
from ..schema import Table, load_tables

DECLARATION_FILE = Path(__file__).with_name("tables.toml")

# What a {placeholder} in the file's texts may name besides its [phrases]: facts of the contract,
# so that a description follows the contract when it changes.
CONTRACT_VALUES: dict[str, str] = {
    "county_count": str(len(COUNTIES)),
    "status_accepted": STATUS_ACCEPTED,
    "status_set_aside": STATUS_SET_ASIDE,
    "status_no_workbook": STATUS_NO_WORKBOOK,
}

# What a table's `accepted` may name: the contract's sets of codes.
ACCEPTED_VALUES: dict[str, tuple[str, ...]] = {"county_codes": tuple(COUNTIES)}

_DECLARED = load_tables(DECLARATION_FILE, CONTRACT_VALUES, ACCEPTED_VALUES)

# The columns several aggregated tables share (or an aggregated table shares with an extracted one):
# part of the glossary (pipeline/column_docs), with the tables' own columns.
AGGREGATED_DOCS: dict[str, dict[str, str]] = _DECLARED.columns

# In the order the catalog lists them (and review.xlsx and datapackage.json after it).
AGGREGATED_TABLES: dict[str, Table] = _DECLARED.tables

# The columns of each CSV, by the file's stem (indicator_totals is written as indicators.csv).
AGGREGATED_COLUMNS: dict[str, tuple[str, ...]] = {t.stem: t.column_names for t in AGGREGATED_TABLES.values()}
