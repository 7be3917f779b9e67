"""Every table of outputs/3_aggregated, declared once: the figures the report and the reviewers read.

One `schema.Table` per table, as dbt's schema.yml holds a model's columns, descriptions and tests
together: name, Swedish title, which rows it has, its columns in CSV order (each a glossary name,
pipeline/column_docs, or a column only this table has, with its title, kind, unit and definition),
its key and the values a key column accepts. The catalog (catalog/datasets.py) makes its datasets
of them; datapackage.json, the headers of review.xlsx, docs/figures.md and the catalog's checks
read them. Adding a column: declare it here, compute it in stages/aggregate, and run
`make generated` for the documentation and the golden CSVs.

Amounts are in whole kronor (exact decimals where an input had öre); shares in percent with one
decimal.
"""

from __future__ import annotations

from ..schema import Table
from .money_tables import MONEY_TABLES
from .outcome_tables import OUTCOME_TABLES
from .payment_tables import PAYMENT_TABLES
from .programme_table import PROGRAMME_TABLES

# In the order the catalog lists them (and review.xlsx and datapackage.json after it).
AGGREGATED_TABLES: dict[str, Table] = {
    t.name: t for t in (*MONEY_TABLES, *PROGRAMME_TABLES, *OUTCOME_TABLES, *PAYMENT_TABLES)
}

# The columns of each CSV, by the file's stem (indicator_totals is written as indicators.csv).
AGGREGATED_COLUMNS: dict[str, tuple[str, ...]] = {t.stem: t.column_names for t in AGGREGATED_TABLES.values()}
