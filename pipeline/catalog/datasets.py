"""Every hand-over of the outputs folder, declared once: path, columns, key, order, title."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .. import contract as c
from ..aggregated_tables import AGGREGATED_TABLES
from ..errors import PipelineError
from ..paths import AGGREGATED_DIR, EXTRACTED_DIR, VALIDATED_DIR, OutputPaths
from .values import COLUMN_KINDS


class CatalogError(PipelineError):
    """A frame or a file does not fit its declaration (a bug in a stage, or a stale file)."""


# --- Datasets -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    """One hand-over CSV: where it lives, what it holds, how it is keyed and ordered."""

    name: str
    path: str  # relative to the outputs folder, POSIX
    columns: tuple[str, ...]
    # The row's identity (a file, a row of a file, a project or decision id, a dimension's code),
    # never a column several rows can share: unique, and never empty outside `key_may_be_empty`.
    key: tuple[str, ...] = ()
    order: tuple[str, ...] = ()  # sort order; the key when not given
    producer: str = ""  # the stage that writes it, for messages
    # Key columns that may be empty: a workbook without an ärende-id is known by its file alone.
    # The key is then a unique key, not a primary key (whose columns are never empty).
    key_may_be_empty: tuple[str, ...] = ()
    accepted: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)  # column → values

    @property
    def primary_key(self) -> tuple[str, ...]:
        """The key if none of its columns may be empty (Table Schema's primaryKey), else ()."""
        return () if self.key_may_be_empty else self.key

    @property
    def key_required(self) -> tuple[str, ...]:
        """The key columns that must be filled in every row."""
        return tuple(column for column in self.key if column not in self.key_may_be_empty)

    @property
    def kinds(self) -> dict[str, str]:
        return {name: COLUMN_KINDS[name] for name in self.columns}

    @property
    def sort_by(self) -> tuple[str, ...]:
        return self.order or self.key

    @property
    def title(self) -> str:
        return TABLE_DOCS[self.name]["title"]

    @property
    def description(self) -> str:
        return TABLE_DOCS[self.name]["description"]

    def file(self, outputs: OutputPaths | Path | str) -> Path:
        return _root(outputs) / self.path


def _extracted(name: str, key: tuple[str, ...], order: tuple[str, ...] = ()) -> Dataset:
    return Dataset(name, f"{EXTRACTED_DIR}/{name}.csv", c.EXTRACTED_COLUMNS[name], key, order, "extract")


def _aggregated(name: str) -> Dataset:
    """A table of 3_aggregated as its declaration (pipeline/aggregated_tables) has it."""
    t = AGGREGATED_TABLES[name]
    path = f"{AGGREGATED_DIR}/{t.stem}.csv"
    return Dataset(
        name, path, t.column_names, t.key, t.order, "aggregate", t.key_may_be_empty, accepted=t.accepted
    )


_FINDING_ORDER = ("file", "sheet", "cell", "rule_id", "severity", "project_id", "value", "message")
# A project by its ärende-id, or a workbook without one by its file (see project_status).
_PROJECT_OR_FILE = ("project_id", "source_file")

DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        # 1_extracted: what the files say, every value with its file, sheet and cell.
        _extracted("files", ("source_file",)),
        _extracted("projects", ("source_file",)),
        _extracted("costs", ("source_file", "row")),
        _extracted("financing", ("source_file", "row")),
        _extracted("indicators", ("source_file", "row")),
        _extracted("narratives", ("source_file", "field"), ("source_file", "cell")),
        _extracted("workbook_totals", ("source_file", "table", "column"), ("source_file", "table", "cell")),
        _extracted("register", ("source_file", "row")),
        _extracted("meetings", ("source_file", "row")),
        _extracted("payments", ("source_file", "row")),
        _extracted("sheet_headers", ("source_file", "sheet", "column"), ("source_file", "sheet", "cell")),
        _extracted("formula_cells", ("source_file", "sheet", "cell")),
        Dataset(
            "extract_findings",
            f"{EXTRACTED_DIR}/extract_findings.csv",
            c.FINDING_COLUMNS,
            (),
            _FINDING_ORDER,
            "extract",
        ),
        # 2_validated and the findings of both stages.
        # One row per project, known by its ärende-id; a workbook without an id by its file alone
        # (project_id empty). The file is not a key by itself: every decision without a workbook
        # carries the register's file.
        Dataset(
            "project_status",
            f"{VALIDATED_DIR}/project_status.csv",
            c.PROJECT_STATUS_COLUMNS,
            _PROJECT_OR_FILE,
            producer="validate",
            key_may_be_empty=("project_id",),
        ),
        # No key: the same finding may stand twice (two equal rows in a file), and is counted twice.
        Dataset("findings", "findings.csv", c.FINDING_COLUMNS, (), _FINDING_ORDER, "validate"),
        # 3_aggregated: the figures of the report, accepted projects only.
        *map(_aggregated, AGGREGATED_TABLES),
    )
}

# Written on request after a run (`python -m pipeline changes`), so not one of every run's
# hand-overs in DATASETS (review packages those). changes has no key or order: the stage writes
# it in its own order (by kind of change, figures biggest move first), which a sort would undo.
ON_REQUEST: dict[str, Dataset] = {
    d.name: d for d in (Dataset("changes", "changes.csv", c.CHANGES_COLUMNS, (), (), "changes"),)
}

EXTRACTED = tuple(n for n, d in DATASETS.items() if d.path.startswith(EXTRACTED_DIR + "/"))
AGGREGATED = tuple(n for n, d in DATASETS.items() if d.path.startswith(AGGREGATED_DIR + "/"))


def dataset(name: str) -> Dataset:
    try:
        return DATASETS[name] if name in DATASETS else ON_REQUEST[name]
    except KeyError:
        raise CatalogError(
            f"Ingen tabell heter {name!r} i katalogen; välj en av: {', '.join(DATASETS)}."
        ) from None


def _root(outputs: OutputPaths | Path | str) -> Path:
    return outputs.root if isinstance(outputs, OutputPaths) else Path(outputs)


# --- Tables: title and description of each CSV, keyed by the file's stem. ---------------------


def _table(title: str, description: str) -> dict[str, str]:
    return {"title": title, "description": description}


_LAYER_DOCS: dict[str, dict[str, str]] = {
    # Extracted layer: what the workbooks say, with file, sheet and cell of every value.
    "projects": _table("Projektuppgifter", "En rad per projektarbetsbok: fliken Projektuppgifter."),
    "costs": _table(
        "Kostnader", "En rad per kostnadsrad i arbetsböckerna: år, kostnadsslag, budget och utfall."
    ),
    "financing": _table(
        "Finansiering", "En rad per finansieringsrad i arbetsböckerna: år, finansiär och belopp."
    ),
    "indicators": _table("Indikatorer", "Mål och utfall per indikator och projekt, som i arbetsböckerna."),
    "narratives": _table("Berättelser", "Projektens fritexter: resultat, lärdomar och goda exempel."),
    "workbook_totals": _table(
        "Summarader", "Arbetsböckernas Summa-rader jämförda med summan av raderna ovanför."
    ),
    "register": _table("Beslutsregister", "Tillväxtverkets beslut: ett projekt per rad."),
    "meetings": _table("Träffar", "Erfarenhetsträffar och tematräffar."),
    "payments": _table(
        "Utbetalningar",
        "Tillväxtverkets utbetalningar enligt ekonomisystemet: en rad per utbetalning, återkrav negativa.",
    ),
    "sheet_headers": _table(
        "Kolumnrubriker",
        "Cellen där varje kolumnrubrik hittades, per fil och flik; "
        "kolumnerna hittas på rubriken och kan stå i valfri ordning.",
    ),
    "formula_cells": _table(
        "Formelceller",
        "Varje inläst cell vars värde är en formels sparade resultat "
        "(som Excel eller LibreOffice räknade det när filen sparades), för granskning.",
    ),
    "files": _table("Filer", "Varje inläst fil med storlek, kontrollsumma och utfall."),
    "extract_findings": _table("Fynd vid inläsning", "Problem som hittades när filerna lästes in."),
    # Validated layer.
    "project_status": _table(
        "Projektstatus",
        "Varje projekts utfall efter kontrollerna: godkänt, åsidosatt eller, för ett beslut "
        "utan arbetsbok, no_workbook (inväntar slutredovisning).",
    ),
    "findings": _table("Fynd", "Alla fynd från inläsning och kontroller: fil, flik och cell att rätta."),
    "changes": _table(
        "Ändringar sedan föregående version",
        "Varje skillnad mot en tidigare körning: indatafiler, "
        "projektens status, fynd, rader och tal i sammanställningarna, med före, efter och skillnad.",
    ),
}

# The aggregated tables' titles and descriptions are in their declarations.
TABLE_DOCS: dict[str, dict[str, str]] = {
    **_LAYER_DOCS,
    **{t.name: _table(t.title, t.description) for t in AGGREGATED_TABLES.values()},
}
