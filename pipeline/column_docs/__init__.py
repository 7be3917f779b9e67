"""What every CSV column means, as data: one entry per column name, used for datapackage.json.

The entries are in reported.py (what the workbooks report, the files and the checks) and
aggregated.py (the figures of 3_aggregated/); kinds.py makes an entry of each kind.

A name means the same thing in every table where it appears (e.g. `total_cost` is always the
net cost in kronor after project income is deducted), so it is documented once. `type` is a
Frictionless Table Schema type (string, integer, number, date, boolean); `unit` is given where a
figure has one ("SEK", "procent", "byte"). Amounts are exact decimals in kronor (öre after the
point where an input had öre).
"""

from __future__ import annotations

from typing import Any

from ..contract import EXTRACTED_COLUMNS
from .aggregated import AGGREGATED_DOCS
from .kinds import doc
from .reported import REPORTED_DOCS

_BASE: dict[str, dict[str, str]] = {**REPORTED_DOCS, **AGGREGATED_DOCS}


def _cell_docs(names: list[str]) -> dict[str, dict[str, str]]:
    """`<name>_cell` for every value whose cell address the extracted layer records."""
    return {
        f"{name}_cell": doc(
            f"Cell: {_BASE[name]['title'].lower()}", f"Cellen (A1-notation) där värdet i {name} står."
        )
        for name in names
    }


_CELL_COLUMNS = sorted(
    {c[: -len("_cell")] for cols in EXTRACTED_COLUMNS.values() for c in cols if c.endswith("_cell")}
    | {"results", "lessons"}
)

COLUMN_DOCS: dict[str, dict[str, str]] = {**_BASE, **_cell_docs(_CELL_COLUMNS)}


def field_descriptor(name: str) -> dict[str, Any]:
    """A Frictionless Table Schema field for a column (undocumented: string, titled by its name)."""
    entry = COLUMN_DOCS.get(name)
    if entry is None:
        return {"name": name, "type": "string", "title": name, "description": ""}
    return {"name": name, **entry}
