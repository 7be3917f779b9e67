"""Every hand-over of the outputs folder, declared once: path, columns, key, order, title."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import contract as c
from ..aggregated_columns import AGGREGATED_COLUMNS
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


def _aggregated(
    name: str,
    key: tuple[str, ...],
    order: tuple[str, ...] = (),
    file: str = "",
    key_may_be_empty: tuple[str, ...] = (),
) -> Dataset:
    columns = AGGREGATED_COLUMNS[file or name]
    path = f"{AGGREGATED_DIR}/{file or name}.csv"
    return Dataset(name, path, columns, key, order, "aggregate", key_may_be_empty)


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
        _aggregated("project_summary", ("project_id",)),
        _aggregated("by_region", ("county_code",)),
        _aggregated("by_year", ("year",)),
        _aggregated("category_by_year", ("category", "year")),
        _aggregated("category_totals", ("category",)),
        _aggregated("financing_by_year", ("source", "year")),
        _aggregated("financing_totals", ("source",)),
        _aggregated("region_by_year", ("county_code", "year")),
        _aggregated("indicator_totals", ("indicator",), file="indicators"),
        _aggregated("indicators_by_region", ("indicator", "county_code")),
        _aggregated("programme_totals", ()),
        _aggregated("meetings_by_type_year", ("meeting_type", "year")),
        _aggregated("meetings_by_type", ("meeting_type",)),
        _aggregated("good_examples", ("project_id",)),
        _aggregated("set_aside", _PROJECT_OR_FILE, key_may_be_empty=("project_id",)),
        _aggregated("project_narratives", ("project_id",)),
        _aggregated("findings_by_rule", ("rule_id",)),
        _aggregated("register_decisions", ("source_file", "row"), ("project_id", "source_file", "row")),
        _aggregated("payments_by_project", ("project_id",)),
        _aggregated("payments_by_project_year", ("project_id", "year")),
        _aggregated("payments_totals", ()),
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


TABLE_DOCS: dict[str, dict[str, str]] = {
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
    # Aggregated layer: godkända projekt only.
    "project_summary": _table(
        "Projektsammanställning", "En rad per godkänt projekt: budget, kostnad, finansiering och andelar."
    ),
    "by_region": _table("Per län", "Alla 21 län, med nollor där inga godkända projekt finns."),
    "by_year": _table("Per år", "Budget, kostnad och finansiering per år under programperioden."),
    "category_by_year": _table(
        "Kostnadsslag per år",
        "Budget och utfall per kostnadsslag och år; "
        "projektintäkter positiva på egen rad (dras av i totalerna).",
    ),
    "category_totals": _table(
        "Kostnadsslag hela perioden",
        "Budget och utfall per kostnadsslag för hela "
        "perioden; projektintäkter positiva på egen rad (dras av i totalerna).",
    ),
    "financing_by_year": _table("Finansiering per år", "Inbetald finansiering per finansiär och år."),
    "financing_totals": _table(
        "Finansiering hela perioden",
        "Inbetald finansiering per finansiär för hela "
        "perioden, med andel av finansieringen och av kostnaderna.",
    ),
    "region_by_year": _table("Län per år", "Total kostnad och Tillväxtverkets finansiering per län och år."),
    "indicator_totals": _table(
        "Indikatorer",
        "Mål och utfall per indikator, summerat för godkända projekt (filen 3_aggregated/indicators.csv).",
    ),
    "indicators_by_region": _table("Indikatorer per län", "Mål och utfall per indikator och län."),
    "programme_totals": _table(
        "Programmet totalt", "Programmets totaler; varje uppdelning är avstämd mot dessa på kronan."
    ),
    "meetings_by_type_year": _table("Träffar per typ och år", "Antal träffar och deltagare per typ och år."),
    "meetings_by_type": _table("Träffar per typ", "Antal träffar och deltagare per typ under hela perioden."),
    "good_examples": _table("Goda exempel", "Godkända projekt som beskriver ett gott exempel."),
    "set_aside": _table(
        "Åsidosatta projekt",
        "Inkomna slutredovisningar som inte ingår i sammanställningarna på grund av fel; beslut "
        "utan arbetsbok (inväntar slutredovisning) står i register_decisions och project_status.",
    ),
    "project_narratives": _table(
        "Projektens berättelser", "Resultat och lärdomar för varje godkänt projekt."
    ),
    "findings_by_rule": _table("Fynd per regel", "Antal fynd och berörda projekt per kontrollregel."),
    "register_decisions": _table(
        "Beslut i beslutsregistret",
        "Varje beslut i registret med beviljat belopp "
        "och vad som hänt med projektets arbetsbok; beslut för åsidosatta projekt och "
        "beslut utan arbetsbok redovisas här i stället för att falla bort.",
    ),
    "payments_by_project": _table(
        "Beslutat, utbetalt och redovisat per projekt",
        "Beviljat enligt beslutsregistret, utbetalt enligt utbetalningarna och Tillväxtverkets "
        "finansiering som projektet redovisar, med skillnaderna; godkända projekt.",
    ),
    "payments_by_project_year": _table(
        "Utbetalt och redovisat per projekt och år",
        "Utbetalt per utbetalningsår och redovisad finansiering från Tillväxtverket per år; "
        "skillnaderna ett enskilt år är oftast tidsförskjutning (utbetalning i efterskott).",
    ),
    "payments_totals": _table(
        "Beslutat, utbetalt och redovisat totalt",
        "Programmets summor av beslutat, utbetalt och redovisat, avstämda på kronan mot "
        "projekttabellerna; payments_reconciled säger om utbetalningarna stämts av. Utbetalningarna "
        "räknas över hela filen: varje rad med läsbart belopp ingår i paid_all = paid (godkända "
        "projekt) + paid_other (alla andra ärenden), och före och efter perioden gäller alla ärenden.",
    ),
    "changes": _table(
        "Ändringar sedan föregående version",
        "Varje skillnad mot en tidigare körning: indatafiler, "
        "projektens status, fynd, rader och tal i sammanställningarna, med före, efter och skillnad.",
    ),
}
