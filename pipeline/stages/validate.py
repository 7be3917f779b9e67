"""Validate stage: check the extracted layer against the programme's rules.

Reads outputs/1_extracted (written by the extract stage) and writes
- outputs/findings.csv: the extract findings and the validation findings of this run, sorted;
- outputs/2_validated/project_status.csv: each project accepted or set aside (any "fel" ⇒ set aside).

Every rule is declared as data in RULES (id, severity, what it checks, a Swedish message that says
what is wrong and how to fix it) and evaluated by the small function named beside it in CHECKS.
Each finding points at the cell a person opens to fix it, as the extract stage located it (columns
are found by their header label, so no cell is ever inferred from the contract's column order): the
offending value's cell or, for sums that disagree, the workbook's "Summa" cell, else the header
cell of the amount column (1_extracted/sheet_headers.csv).

A value the extract stage could not read arrives as "" (and already has an extract finding): every
rule that needs it skips that row instead of guessing. Amounts are Decimals, never floats.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from ..config import ProgrammeConfig, load_config
from ..contract import (
    AGENCY_SOURCE,
    COST_COLUMNS,
    COUNTIES,
    signed_cost,
    EXTRACTED_COLUMNS,
    FACT_FIELDS,
    FINDING_COLUMNS,
    INDICATORS,
    MEETINGS_SHEET,
    NARRATIVE_FIELDS,
    PROJECT_STATUS_COLUMNS,
    REGISTER_COLUMNS,
    REGISTER_SHEET,
    SEVERITY_ERROR,
    SEVERITY_WARNING,
    SHEET_COSTS,
    SHEET_FACTS,
    SHEET_FINANCING,
    SHEET_NARRATIVE,
    STATUS_ACCEPTED,
    STATUS_SET_ASIDE,
)
from ..errors import PipelineError
from ..rules.base import ERROR, WARNING, Rule, sort_findings
from ..formatting import format_amount, format_kr, format_pct
from ..paths import MEETINGS_NAME, REGISTER_NAME, InputPaths, OutputPaths
from ..tables import read_rows, write_rows

Finding = dict[str, str]
Row = dict[str, str]

# --- The rules, as data. -------------------------------------------------------------------------

MISSING_FACT = Rule(
    "V01", ERROR,
    "Varje obligatorisk uppgift på fliken Projektuppgifter är ifylld.",
    "Uppgiften ”{label}” saknas eller är tom. Fyll i den i kolumn B på raden med etiketten "
    "”{label}” (lägg till raden om den saknas).",
)
MISSING_REGISTER_VALUE = Rule(
    "V02", ERROR,
    "Varje beslut i beslutsregistret har alla obligatoriska uppgifter.",
    "Beslutsregistret saknar ”{label}” för ett beslut. Fyll i värdet i kolumnen ”{label}” "
    "(exportera registret på nytt ur ärendesystemet om uppgiften finns där).",
)
INVALID_COUNTY = Rule(
    "V03", ERROR,
    "Länskoden är en av de 21 tvåsiffriga länskoderna.",
    "Länskoden {value} finns inte. Ange länets tvåsiffriga kod, t.ex. 01 för Stockholms län eller "
    "14 för Västra Götalands län (koderna 02, 11, 15 och 16 används inte).",
)
DATE_OUTSIDE_PERIOD = Rule(
    "V04", ERROR,
    "Start- och slutdatum, beslutens projektperioder och träffarnas datum ligger inom programperioden.",
    "{label} {value} ligger utanför programperioden {first} – {last}. Rätta datumet "
    "(format ÅÅÅÅ-MM-DD).",
)
START_AFTER_END = Rule(
    "V05", ERROR,
    "Startdatum ligger inte efter slutdatum.",
    "Slutdatum {value} ligger före startdatum {start}. Rätta start- eller slutdatum.",
)
YEAR_OUTSIDE_PROJECT = Rule(
    "V06", ERROR,
    "Kostnader och finansiering redovisas bara för år inom projektets period.",
    "Året {value} ligger utanför projektets period {start} – {end}. Redovisa beloppet på ett år "
    "inom perioden, eller rätta projektets start- eller slutdatum på fliken Projektuppgifter.",
)
NEGATIVE_AMOUNT = Rule(
    "V07", ERROR,
    "Inga belopp är negativa (projektintäkter anges som positiva belopp och dras av).",
    "Beloppet {amount} är negativt. Ange beloppet som ett positivt tal; projektintäkter "
    "redovisas som positiva belopp på raden Projektintäkter och dras av automatiskt.",
)
NO_COSTS = Rule(
    "V08", ERROR,
    "Varje projekt redovisar minst en kostnadsrad.",
    "Fliken Kostnader har inga kostnadsrader. Fyll i projektets kostnader per år och "
    "kostnadsslag under rubrikraden.",
)
COSTS_NOT_FINANCED = Rule(
    "V09", ERROR,
    "Projektets totala kostnad (utfall minus projektintäkter) är lika med dess finansiering, "
    "inom beloppstoleransen.",
    "Den totala kostnaden {cost} (utfall minus projektintäkter, fliken Kostnader) är inte lika med "
    "finansieringen {financing} (fliken Finansiering); skillnaden är {difference}. Rätta beloppen "
    "så att kostnaderna och finansieringen blir lika stora.",
)
AGENCY_SHARE_TOTAL = Rule(
    "V10", ERROR,
    "Tillväxtverket finansierar högst den tillåtna andelen av projektets totala kostnad.",
    "Tillväxtverkets finansiering {agency} är {share} av den totala kostnaden {cost}; högst "
    "{limit} ({allowed}) är tillåtet. Rätta Tillväxtverkets belopp på fliken Finansiering eller "
    "öka medfinansieringen.",
)
AGENCY_SHARE_YEAR = Rule(
    "V11", WARNING,
    "Tillväxtverkets andel av kostnaden ett enskilt år överstiger inte den tillåtna andelen.",
    "År {year} är Tillväxtverkets finansiering {agency} men årets kostnad {cost}; andelen är "
    "{share}, över {limit}. Kontrollera att finansieringen är redovisad på rätt år.",
)
AGENCY_OVER_GRANTED = Rule(
    "V12", ERROR,
    "Tillväxtverkets utbetalda finansiering överstiger inte det beviljade beloppet.",
    "Tillväxtverkets finansiering {agency} är större än det beviljade beloppet {granted} "
    "({granted_source}). Rätta Tillväxtverkets belopp på fliken Finansiering.",
)
FRAME_EXCEEDED = Rule(
    "V13", ERROR,
    "Summan av beviljade belopp i beslutsregistret ryms inom programmets ram.",
    "Summan av beviljade belopp i beslutsregistret är {granted}, mer än programmets ram {frame}. "
    "Kontrollera beslutsregistret (dubbletter, felskrivna belopp) eller ramen i programme.toml.",
)
REGISTER_EMPTY = Rule(
    "V14", ERROR,
    "Beslutsregistret innehåller programmets beslut.",
    "Beslutsregistret innehåller inga beslut, så inget projekt kan stämmas av mot ett beslut. "
    "Lägg beslutsregistret (fliken Beslut) i inputs-mappen.",
)
REGISTER_WITHOUT_WORKBOOK = Rule(
    "V15", ERROR,
    "Varje beslut i beslutsregistret har exakt en projektarbetsbok.",
    "Beslutet {value} har {count} projektarbetsböcker; det ska ha exakt en. Lägg projektets "
    "arbetsbok i mappen projects (eller ta bort dubbletten) och kontrollera ärende-id:t.",
)
WORKBOOK_WITHOUT_REGISTER = Rule(
    "V16", ERROR,
    "Varje projektarbetsbok har ett beslut i beslutsregistret.",
    "Ärende-id {value} finns inte i beslutsregistret. Rätta ärende-id:t i arbetsboken eller lägg "
    "till beslutet i registret.",
)
DUPLICATE_WORKBOOK_ID = Rule(
    "V17", ERROR,
    "Inga två projektarbetsböcker har samma ärende-id.",
    "Ärende-id {value} finns i {count} arbetsböcker ({files}). Rätta ärende-id:t eller ta bort "
    "den arbetsbok som inte gäller.",
)
DUPLICATE_REGISTER_ID = Rule(
    "V18", ERROR,
    "Inget ärende-id förekommer mer än en gång i beslutsregistret.",
    "Ärende-id {value} förekommer {count} gånger i beslutsregistret (rad {rows}). Behåll ett "
    "beslut per ärende.",
)
COUNTY_DIFFERS = Rule(
    "V19", ERROR,
    "Arbetsbokens länskod stämmer med beslutsregistret.",
    "Länskoden {value} stämmer inte med beslutsregistret, som anger {register}. Rätta länskoden i "
    "arbetsboken (eller i registret om det är fel där).",
)
GRANTED_DIFFERS = Rule(
    "V20", ERROR,
    "Arbetsbokens beviljade belopp stämmer med beslutsregistret, inom beloppstoleransen.",
    "Beviljat belopp {amount} stämmer inte med beslutsregistret, som anger {register}. Ange "
    "beloppet i Tillväxtverkets beslut.",
)
PERIOD_DIFFERS = Rule(
    "V21", WARNING,
    "Arbetsbokens projektperiod stämmer med beslutsregistret (avvikelse tyder på förlängning).",
    "{label} {value} skiljer sig från beslutsregistret, som anger {register}. Om projektet har "
    "förlängts: uppdatera beslutsregistret; annars rätta datumet i arbetsboken.",
)
INDICATOR_NOT_COUNT = Rule(
    "V22", ERROR,
    "Indikatorernas mål och utfall är icke-negativa heltal.",
    "{label} för indikatorn ”{indicator}” är ”{value}”, inte ett icke-negativt heltal. Ange "
    "ett antal (0, 1, 2 …).",
)
OUTCOME_BELOW_TARGET = Rule(
    "V23", WARNING,
    "Indikatorernas utfall når minst den angivna andelen av målet.",
    "Utfallet {value} för indikatorn ”{indicator}” är under {ratio} av målet {target}. "
    "Kontrollera värdet, och förklara avvikelsen på fliken Berättelse om det stämmer.",
)
TOTALS_ROW_DIFFERS = Rule(
    "V24", WARNING,
    "En Summa-rad i arbetsboken är lika med summan av raderna ovanför.",
    "Summa-raden anger {stated} men raderna ovanför summerar till {rows_sum}. Rapporten använder "
    "raderna; rätta raderna eller summan så att de stämmer.",
)
NARRATIVE_EMPTY = Rule(
    "V25", WARNING,
    "Berättelsens resultat och lärdomar är ifyllda.",
    "”{label}” på fliken Berättelse är tom. Beskriv projektets {what} med några meningar i "
    "kolumn B.",
)

RULES: tuple[Rule, ...] = (
    MISSING_FACT, MISSING_REGISTER_VALUE, INVALID_COUNTY, DATE_OUTSIDE_PERIOD, START_AFTER_END,
    YEAR_OUTSIDE_PROJECT, NEGATIVE_AMOUNT, NO_COSTS, COSTS_NOT_FINANCED, AGENCY_SHARE_TOTAL,
    AGENCY_SHARE_YEAR, AGENCY_OVER_GRANTED, FRAME_EXCEEDED, REGISTER_EMPTY, REGISTER_WITHOUT_WORKBOOK,
    WORKBOOK_WITHOUT_REGISTER, DUPLICATE_WORKBOOK_ID, DUPLICATE_REGISTER_ID, COUNTY_DIFFERS,
    GRANTED_DIFFERS, PERIOD_DIFFERS, INDICATOR_NOT_COUNT, OUTCOME_BELOW_TARGET, TOTALS_ROW_DIFFERS,
    NARRATIVE_EMPTY,
)

# --- Small value helpers. ------------------------------------------------------------------------

_FACT_LABELS = {f.name: f.label for f in FACT_FIELDS}
_REGISTER_LABELS = {f.name: f.label for f in REGISTER_COLUMNS}
_INDICATOR_LABELS = {code: label for label, code in INDICATORS.items()}
_FIRST_ERROR_LENGTH = 160
# The extract stage's rule ids for a missing sheet and a missing label row, as extract_findings.csv
# carries them (the label in the value column): validate does not report those again.
_EXTRACT_MISSING_SHEET = "extract_missing_sheet"
_EXTRACT_MISSING_FIELD = "extract_missing_field"
_AMOUNT_COLUMNS = frozenset({"budget", "actual", "amount", "granted_amount"})
_WORKBOOK_KIND = "workbook"  # files.csv kind of a project workbook (extract stage)


def _amount(text: str) -> Decimal | None:
    """The exact amount of a cell, or None when empty or unreadable (extract reports those)."""
    try:
        number = Decimal(text.strip())
    except (InvalidOperation, AttributeError):
        return None
    return number if number.is_finite() else None


def _year(text: str) -> int | None:
    number = _amount(text)
    if number is None or number != number.to_integral_value():
        return None
    return int(number)


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        return None


def _figure(column: str, number: Decimal) -> str:
    """An amount column in kronor, a count (indicators, participants) as a plain number."""
    return format_kr(number) if column in _AMOUNT_COLUMNS else format_amount(number)


def _percent(ratio: Decimal) -> str:
    """A computed share: 0.4833 → '48,3 %'."""
    return format_pct(ratio * 100)


def _limit_percent(share: Decimal) -> str:
    """A configured limit as written: 0.5 → '50 %', 0.525 → '52,5 %'."""
    percent = (share * 100).normalize()
    return format_pct(percent, max(0, -percent.as_tuple().exponent))


# --- The extracted layer, loaded and indexed once. ----------------------------------------------


@dataclass
class Workbook:
    """One project workbook: its facts row and the rows it contributed to each table."""

    facts: Row
    costs: list[Row] = field(default_factory=list)
    financing: list[Row] = field(default_factory=list)
    indicators: list[Row] = field(default_factory=list)
    narratives: list[Row] = field(default_factory=list)
    totals: list[Row] = field(default_factory=list)
    headers: dict[tuple[str, str], str] = field(default_factory=dict)  # (sheet, column) → header cell

    @property
    def file(self) -> str:
        return self.facts["source_file"]

    @property
    def project_id(self) -> str:
        return self.facts["project_id"]

    def total_cell(self, table: str, column: str, sheet: str) -> tuple[str, str]:
        """(sheet, cell) to open for a sum: the "Summa" cell if any, else the column's header cell
        as extract located it (A1 of the sheet when extract found no header: it reported that)."""
        for total in self.totals:
            if total["table"] == table and total["column"] == column and total["cell"]:
                return total["sheet"] or sheet, total["cell"]
        return sheet, self.headers.get((sheet, column), "A1")

    def period(self) -> tuple[dt.date, dt.date] | None:
        start, end = _date(self.facts["start_date"]), _date(self.facts["end_date"])
        return (start, end) if start and end else None


@dataclass
class Layer:
    """The extracted layer and the config, indexed once for the checks (workbooks by file and by
    id, register entries by id, the cells extract already reported)."""

    config: ProgrammeConfig
    tables: dict[str, list[Row]]
    extract_findings: list[Finding]
    workbooks: list[Workbook]
    workbooks_by_id: dict[str, list[Workbook]]
    register_by_id: dict[str, list[Row]]
    extract_cells: set[tuple[str, str, str]]
    # (file, sheet) → messages of the extract errors that have no cell (missing label or sheet)
    extract_missing: set[tuple[str, str, str, str]]  # sheets and label rows extract reported missing

    def header_cell(self, file: str, sheet: str, column: str) -> str:
        """The located header cell of a column of a list or workbook sheet; A1 when not found."""
        for row in self.tables["sheet_headers"]:
            if (row["source_file"], row["sheet"], row["column"]) == (file, sheet, column):
                return row["cell"]
        return "A1"

    def register_entry(self, project_id: str) -> Row | None:
        """The register's decision for a project, when there is exactly one."""
        entries = self.register_by_id.get(project_id, [])
        return entries[0] if len(entries) == 1 else None

    def reported_by_extract(self, file: str, sheet: str, cell: str) -> bool:
        """True when extract already reported this cell (unreadable value): say it once only."""
        return (file, sheet, cell) in self.extract_cells

    def label_reported_by_extract(self, file: str, sheet: str, label: str) -> bool:
        """True when extract already reported the sheet missing, or this label row missing."""
        reported = self.extract_missing
        return (file, sheet, _EXTRACT_MISSING_SHEET, "") in reported or \
            (file, sheet, _EXTRACT_MISSING_FIELD, label) in reported


def load_layer(outputs: OutputPaths, config: ProgrammeConfig) -> Layer:
    """Read every extracted table; a missing or stale layer is a PipelineError saying what to run."""
    expected = [outputs.extracted_table(name) for name in EXTRACTED_COLUMNS] + [outputs.extract_findings]
    missing = [path for path in expected if not path.is_file()]
    if missing:
        names = ", ".join(p.name for p in missing[:4]) + (" …" if len(missing) > 4 else "")
        raise PipelineError(
            f"Det extraherade lagret i {outputs.extracted} saknas eller är ofullständigt ({names}). "
            "Kör `python -m pipeline extract` (eller `make report`) först."
        )
    tables = {name: _read_checked(outputs.extracted_table(name), columns)
              for name, columns in EXTRACTED_COLUMNS.items()}
    extract_findings = _read_checked(outputs.extract_findings, FINDING_COLUMNS)

    workbooks = [Workbook(row) for row in tables["projects"]]
    by_file = {w.file: w for w in workbooks}
    for table, attribute in (("costs", "costs"), ("financing", "financing"), ("indicators", "indicators"),
                             ("narratives", "narratives"), ("workbook_totals", "totals")):
        for row in tables[table]:
            workbook = by_file.get(row["source_file"])
            if workbook is not None:  # rows of a workbook without facts: extract reported it
                getattr(workbook, attribute).append(row)
    for row in tables["sheet_headers"]:
        workbook = by_file.get(row["source_file"])
        if workbook is not None:
            workbook.headers[(row["sheet"], row["column"])] = row["cell"]

    workbooks_by_id: dict[str, list[Workbook]] = defaultdict(list)
    for workbook in workbooks:
        if workbook.project_id:
            workbooks_by_id[workbook.project_id].append(workbook)
    register_by_id: dict[str, list[Row]] = defaultdict(list)
    for row in tables["register"]:
        if row["project_id"]:
            register_by_id[row["project_id"]].append(row)
    return Layer(
        config=config, tables=tables, extract_findings=extract_findings, workbooks=workbooks,
        workbooks_by_id=dict(workbooks_by_id), register_by_id=dict(register_by_id),
        extract_cells={(f["file"], f["sheet"], f["cell"]) for f in extract_findings if f["cell"]},
        extract_missing=_missing_in_extract(extract_findings),
    )


def _missing_in_extract(findings: list[Finding]) -> set[tuple[str, str, str, str]]:
    """(file, sheet, rule id, label) of the sheets and label rows extract reported missing."""
    return {(f["file"], f["sheet"], f["rule_id"], f["value"] if f["rule_id"] == _EXTRACT_MISSING_FIELD else "")
            for f in findings if f["rule_id"] in (_EXTRACT_MISSING_SHEET, _EXTRACT_MISSING_FIELD)}


def _read_checked(path: Path, columns: tuple[str, ...]) -> list[Row]:
    rerun = "Kör `python -m pipeline extract` (eller `make report`) igen."
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            header = next(csv.reader(handle), [])
        absent = [c for c in columns if c not in header]
        if absent:
            raise PipelineError(f"{path}: kolumnerna {', '.join(absent)} saknas; filen är skriven av en "
                                f"annan version av pipelinen. {rerun}")
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise PipelineError(f"{path} kan inte läsas ({exc}). {rerun}") from None
    try:
        return read_rows(path)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise PipelineError(f"{path} kan inte läsas ({exc}). {rerun}") from None
    except PipelineError as exc:  # a row with too many or too few cells
        raise PipelineError(f"{exc} {rerun}") from None


# --- One small function per rule. Each yields findings of its own rule only. --------------------


def _missing_facts(layer: Layer) -> Iterator[Finding]:
    for workbook in layer.workbooks:
        facts = workbook.facts
        for fact in FACT_FIELDS:
            if not fact.required or facts[fact.name].strip():
                continue
            cell = facts[f"{fact.name}_cell"] or "A1"  # A1 of the facts sheet when the label row is missing
            sheet = facts["sheet"] or SHEET_FACTS
            label_missing = not facts[f"{fact.name}_cell"]
            if layer.reported_by_extract(workbook.file, sheet, cell) or (
                    label_missing and layer.label_reported_by_extract(workbook.file, sheet, fact.label)):
                continue
            yield MISSING_FACT.finding(project_id=workbook.project_id, file=workbook.file, sheet=sheet,
                                       cell=cell, label=fact.label)


def _missing_register_values(layer: Layer) -> Iterator[Finding]:
    for row in layer.tables["register"]:
        for column in REGISTER_COLUMNS:
            if not column.required or row[column.name].strip():
                continue
            cell = row[f"{column.name}_cell"]
            if layer.reported_by_extract(row["source_file"], row["sheet"], cell):
                continue
            yield MISSING_REGISTER_VALUE.finding(project_id=row["project_id"], file=row["source_file"],
                                                 sheet=row["sheet"], cell=cell, label=column.label)


def _invalid_counties(layer: Layer) -> Iterator[Finding]:
    places = [(w.project_id, w.file, w.facts["sheet"], w.facts["county_code_cell"], w.facts["county_code"])
              for w in layer.workbooks]
    places += [(r["project_id"], r["source_file"], r["sheet"], r["county_code_cell"], r["county_code"])
               for r in layer.tables["register"]]
    for project_id, file, sheet, cell, code in places:
        if code and code not in COUNTIES and not layer.reported_by_extract(file, sheet, cell):
            yield INVALID_COUNTY.finding(project_id=project_id, file=file, sheet=sheet, cell=cell, value=code)


def _dates_outside_period(layer: Layer) -> Iterator[Finding]:
    first, last = layer.config.period_first_day, layer.config.period_last_day
    details = {"first": first.isoformat(), "last": last.isoformat()}

    def outside(text: str) -> bool:
        date = _date(text)
        return date is not None and not first <= date <= last

    for workbook in layer.workbooks:
        for name in ("start_date", "end_date"):
            if outside(workbook.facts[name]):
                yield DATE_OUTSIDE_PERIOD.finding(
                    project_id=workbook.project_id, file=workbook.file, sheet=workbook.facts["sheet"],
                    cell=workbook.facts[f"{name}_cell"], value=workbook.facts[name],
                    label=_FACT_LABELS[name], **details)
    for row in layer.tables["register"]:
        for name in ("start_date", "end_date"):
            if outside(row[name]):
                yield DATE_OUTSIDE_PERIOD.finding(
                    project_id=row["project_id"], file=row["source_file"], sheet=row["sheet"],
                    cell=row[f"{name}_cell"], value=row[name],
                    label=_REGISTER_LABELS[name], **details)
    for row in layer.tables["meetings"]:
        if outside(row["date"]):
            yield DATE_OUTSIDE_PERIOD.finding(
                file=row["source_file"] or MEETINGS_NAME, sheet=row["sheet"] or MEETINGS_SHEET,
                cell=row["date_cell"], value=row["date"],
                label="Träffens datum", **details)


def _start_after_end(layer: Layer) -> Iterator[Finding]:
    for workbook in layer.workbooks:
        start, end = _date(workbook.facts["start_date"]), _date(workbook.facts["end_date"])
        if start and end and start > end:
            yield START_AFTER_END.finding(
                project_id=workbook.project_id, file=workbook.file, sheet=workbook.facts["sheet"],
                cell=workbook.facts["end_date_cell"], value=workbook.facts["end_date"],
                start=workbook.facts["start_date"])
    for row in layer.tables["register"]:
        start, end = _date(row["start_date"]), _date(row["end_date"])
        if start and end and start > end:
            yield START_AFTER_END.finding(
                project_id=row["project_id"], file=row["source_file"], sheet=row["sheet"],
                cell=row["end_date_cell"], value=row["end_date"],
                start=row["start_date"])


def _years_outside_project(layer: Layer) -> Iterator[Finding]:
    for workbook in layer.workbooks:
        period = workbook.period()
        if period is None or period[0] > period[1]:
            continue  # missing or reversed dates are reported by V01/V05
        start, end = period
        for rows in (workbook.costs, workbook.financing):
            for row in rows:
                year = _year(row["year"])
                if year is not None and not start.year <= year <= end.year:
                    yield YEAR_OUTSIDE_PROJECT.finding(
                        project_id=workbook.project_id, file=workbook.file, sheet=row["sheet"],
                        cell=row["year_cell"], value=row["year"],
                        start=start.isoformat(), end=end.isoformat())


def _negative_amounts(layer: Layer) -> Iterator[Finding]:
    for table, columns in (("projects", ("granted_amount",)), ("costs", ("budget", "actual")),
                           ("financing", ("amount",)), ("register", ("granted_amount",))):
        for row in layer.tables[table]:
            for column in columns:
                amount = _amount(row[column])
                if amount is not None and amount < 0:
                    yield NEGATIVE_AMOUNT.finding(
                        project_id=row["project_id"], file=row["source_file"], sheet=row["sheet"],
                        cell=row[f"{column}_cell"], value=row[column], amount=format_kr(amount))


def _no_costs(layer: Layer) -> Iterator[Finding]:
    for workbook in layer.workbooks:
        if not workbook.costs:
            # The header row, where the rows go below (A1 when extract found no header: it said so).
            yield NO_COSTS.finding(project_id=workbook.project_id, file=workbook.file, sheet=SHEET_COSTS,
                                   cell=workbook.headers.get((SHEET_COSTS, COST_COLUMNS[0].name), "A1"))


def _sum(rows: Iterable[Row], column: str) -> Decimal | None:
    """Σ of a column, or None when any value is unreadable (the sum would be wrong)."""
    total = Decimal(0)
    for row in rows:
        amount = _amount(row[column])
        if amount is None:
            return None
        total += amount
    return total


def _total_cost(cost_rows: list[Row]) -> Decimal | None:
    """Σ actual of the cost categories minus Σ project income (DEDUCTED_CATEGORIES)."""
    total = Decimal(0)
    for row in cost_rows:
        amount = _amount(row["actual"])
        if amount is None:
            return None  # an unreadable amount: the total would be wrong
        total += signed_cost(row["category"], amount)
    return total


def _agency_rows(workbook: Workbook) -> list[Row]:
    return [r for r in workbook.financing if r["source"] == AGENCY_SOURCE]


def _financing_total_cell(workbook: Workbook) -> tuple[str, str]:
    return workbook.total_cell("financing", "amount", SHEET_FINANCING)


def _costs_not_financed(layer: Layer) -> Iterator[Finding]:
    tolerance = layer.config.amount_tolerance
    for workbook in layer.workbooks:
        if not workbook.costs:
            continue  # V08
        cost, financing = _total_cost(workbook.costs), _sum(workbook.financing, "amount")
        if cost is None or financing is None or abs(cost - financing) <= tolerance:
            continue
        sheet, cell = _financing_total_cell(workbook)
        yield COSTS_NOT_FINANCED.finding(
            project_id=workbook.project_id, file=workbook.file, sheet=sheet, cell=cell,
            value=financing, cost=format_kr(cost), financing=format_kr(financing), difference=format_kr(financing - cost))


def _agency_share_total(layer: Layer) -> Iterator[Finding]:
    limit = layer.config.max_agency_share
    for workbook in layer.workbooks:
        if not workbook.costs:
            continue  # V08
        cost, agency = _total_cost(workbook.costs), _sum(_agency_rows(workbook), "amount")
        if cost is None or agency is None or cost <= 0 or agency <= limit * cost:
            continue
        sheet, cell = _financing_total_cell(workbook)
        yield AGENCY_SHARE_TOTAL.finding(
            project_id=workbook.project_id, file=workbook.file, sheet=sheet, cell=cell, value=agency,
            agency=format_kr(agency), cost=format_kr(cost), share=_percent(agency / cost),
            limit=_limit_percent(limit), allowed=format_kr(limit * cost))


def _agency_share_by_year(layer: Layer) -> Iterator[Finding]:
    limit = layer.config.max_agency_share
    for workbook in layer.workbooks:
        if not workbook.costs or any(_year(r["year"]) is None for r in workbook.costs):
            continue  # no costs (V08), or a cost year unreadable: a year's cost would be too low
        costs_by_year: dict[str, list[Row]] = defaultdict(list)
        for row in workbook.costs:
            costs_by_year[row["year"]].append(row)
        agency_by_year: dict[str, list[Row]] = defaultdict(list)
        for row in _agency_rows(workbook):
            agency_by_year[row["year"]].append(row)
        for year, agency_rows in agency_by_year.items():
            if _year(year) is None:
                continue
            cost, agency = _total_cost(costs_by_year.get(year, [])), _sum(agency_rows, "amount")
            if cost is None or agency is None or agency <= 0 or agency <= limit * cost:
                continue
            share = _percent(agency / cost) if cost > 0 else "–"
            yield AGENCY_SHARE_YEAR.finding(
                project_id=workbook.project_id, file=workbook.file, sheet=agency_rows[0]["sheet"],
                cell=agency_rows[0]["amount_cell"], value=agency, year=year, agency=format_kr(agency),
                cost=format_kr(cost), share=share, limit=_limit_percent(limit))


def _agency_over_granted(layer: Layer) -> Iterator[Finding]:
    for workbook in layer.workbooks:
        entry = layer.register_entry(workbook.project_id) if workbook.project_id else None
        granted = _amount(entry["granted_amount"]) if entry else None
        source = "enligt beslutsregistret"
        if granted is None:
            granted, source = _amount(workbook.facts["granted_amount"]), "enligt fliken Projektuppgifter"
        agency = _sum(_agency_rows(workbook), "amount")
        if granted is None or agency is None or agency <= granted:
            continue
        sheet, cell = _financing_total_cell(workbook)
        yield AGENCY_OVER_GRANTED.finding(
            project_id=workbook.project_id, file=workbook.file, sheet=sheet, cell=cell, value=agency,
            agency=format_kr(agency), granted=format_kr(granted), granted_source=source)


def _frame_exceeded(layer: Layer) -> Iterator[Finding]:
    register = layer.tables["register"]
    amounts = [a for a in (_amount(r["granted_amount"]) for r in register) if a is not None]
    total, frame = sum(amounts, Decimal(0)), layer.config.frame_amount
    if not register or total <= frame:
        return
    file, sheet = register[0]["source_file"] or REGISTER_NAME, register[0]["sheet"] or REGISTER_SHEET
    yield FRAME_EXCEEDED.finding(file=file, sheet=sheet, cell=layer.header_cell(file, sheet, "granted_amount"),
                                 value=total, granted=format_kr(total), frame=format_kr(frame))


def _register_missing(layer: Layer) -> bool:
    return not layer.tables["register"]


def _register_empty(layer: Layer) -> Iterator[Finding]:
    if not _register_missing(layer):
        return
    if any(f["file"] == REGISTER_NAME and f["severity"] == SEVERITY_ERROR for f in layer.extract_findings):
        return  # extract already said the register is missing or unreadable
    yield REGISTER_EMPTY.finding(file=REGISTER_NAME, sheet=REGISTER_SHEET, cell="A1")


def _register_without_workbook(layer: Layer) -> Iterator[Finding]:
    for project_id, entries in layer.register_by_id.items():
        count = len(layer.workbooks_by_id.get(project_id, []))
        if count == 1:
            continue
        for row in entries:
            yield REGISTER_WITHOUT_WORKBOOK.finding(
                project_id=project_id, file=row["source_file"], sheet=row["sheet"],
                cell=row["project_id_cell"], value=project_id,
                count=count)


def _workbook_without_register(layer: Layer) -> Iterator[Finding]:
    if _register_missing(layer):
        return  # V14 says the register is missing; one finding, not one per project
    for workbook in layer.workbooks:
        if workbook.project_id and workbook.project_id not in layer.register_by_id:
            yield WORKBOOK_WITHOUT_REGISTER.finding(
                project_id=workbook.project_id, file=workbook.file, sheet=workbook.facts["sheet"],
                cell=workbook.facts["project_id_cell"], value=workbook.project_id)


def _duplicate_workbook_ids(layer: Layer) -> Iterator[Finding]:
    for project_id, workbooks in layer.workbooks_by_id.items():
        if len(workbooks) < 2:
            continue
        files = ", ".join(sorted(w.file for w in workbooks))
        for workbook in workbooks:
            yield DUPLICATE_WORKBOOK_ID.finding(
                project_id=project_id, file=workbook.file, sheet=workbook.facts["sheet"],
                cell=workbook.facts["project_id_cell"], value=project_id, count=len(workbooks), files=files)


def _duplicate_register_ids(layer: Layer) -> Iterator[Finding]:
    for project_id, entries in layer.register_by_id.items():
        if len(entries) < 2:
            continue
        rows = ", ".join(r["row"] for r in entries)
        for row in entries:
            yield DUPLICATE_REGISTER_ID.finding(
                project_id=project_id, file=row["source_file"], sheet=row["sheet"],
                cell=row["project_id_cell"], value=project_id,
                count=len(entries), rows=rows)


def _matched_workbooks(layer: Layer) -> Iterator[tuple[Workbook, Row]]:
    """Workbooks whose id has exactly one workbook and one register entry (otherwise V15–V18)."""
    for workbook in layer.workbooks:
        if workbook.project_id and len(layer.workbooks_by_id[workbook.project_id]) == 1:
            entry = layer.register_entry(workbook.project_id)
            if entry is not None:
                yield workbook, entry


def _county_differs(layer: Layer) -> Iterator[Finding]:
    for workbook, entry in _matched_workbooks(layer):
        mine, theirs = workbook.facts["county_code"], entry["county_code"]
        if mine in COUNTIES and theirs in COUNTIES and mine != theirs:  # unknown codes: V03
            yield COUNTY_DIFFERS.finding(
                project_id=workbook.project_id, file=workbook.file, sheet=workbook.facts["sheet"],
                cell=workbook.facts["county_code_cell"], value=mine, register=theirs)


def _granted_differs(layer: Layer) -> Iterator[Finding]:
    tolerance = layer.config.amount_tolerance
    for workbook, entry in _matched_workbooks(layer):
        mine, theirs = _amount(workbook.facts["granted_amount"]), _amount(entry["granted_amount"])
        if mine is not None and theirs is not None and abs(mine - theirs) > tolerance:
            yield GRANTED_DIFFERS.finding(
                project_id=workbook.project_id, file=workbook.file, sheet=workbook.facts["sheet"],
                cell=workbook.facts["granted_amount_cell"], value=workbook.facts["granted_amount"],
                amount=format_kr(mine), register=format_kr(theirs))


def _period_differs(layer: Layer) -> Iterator[Finding]:
    for workbook, entry in _matched_workbooks(layer):
        for name in ("start_date", "end_date"):
            mine, theirs = _date(workbook.facts[name]), _date(entry[name])
            if mine and theirs and mine != theirs:
                yield PERIOD_DIFFERS.finding(
                    project_id=workbook.project_id, file=workbook.file, sheet=workbook.facts["sheet"],
                    cell=workbook.facts[f"{name}_cell"], value=workbook.facts[name],
                    label=_FACT_LABELS[name], register=theirs.isoformat())


def _indicator_values_not_counts(layer: Layer) -> Iterator[Finding]:
    for row in layer.tables["indicators"]:
        for column, label in (("target", "Mål"), ("outcome", "Utfall")):
            text, cell = row[column].strip(), row[f"{column}_cell"]
            if not text or layer.reported_by_extract(row["source_file"], row["sheet"], cell):
                continue
            number = _amount(text)
            if number is None or number < 0 or number != number.to_integral_value():
                yield INDICATOR_NOT_COUNT.finding(
                    project_id=row["project_id"], file=row["source_file"], sheet=row["sheet"], cell=cell,
                    value=row[column], label=label,
                    indicator=_INDICATOR_LABELS.get(row["indicator"], row["indicator"]))


def _outcomes_below_target(layer: Layer) -> Iterator[Finding]:
    ratio = layer.config.outcome_warning_ratio
    for row in layer.tables["indicators"]:
        target, outcome = _amount(row["target"]), _amount(row["outcome"])
        if target is None or outcome is None or target <= 0 or outcome < 0 or outcome >= ratio * target:
            continue
        yield OUTCOME_BELOW_TARGET.finding(
            project_id=row["project_id"], file=row["source_file"], sheet=row["sheet"],
            cell=row["outcome_cell"], value=row["outcome"], target=row["target"],
            ratio=_limit_percent(ratio), indicator=_INDICATOR_LABELS.get(row["indicator"], row["indicator"]))


def _totals_rows_differ(layer: Layer) -> Iterator[Finding]:
    cent = Decimal("0.01")
    rows_by_table: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for table in ("costs", "financing", "indicators", "register", "meetings"):
        for row in layer.tables[table]:
            rows_by_table[(row["source_file"], table)].append(row)
    for total in layer.tables["workbook_totals"]:
        rows = rows_by_table.get((total["source_file"], total["table"]), [])
        column = total["column"]
        if any(column not in row or not row[column].strip() for row in rows):
            continue  # an unreadable row (an extract finding) would make any comparison misleading
        stated = _amount(total["stated"])
        rows_sum = _amount(total["rows_sum"])
        if rows_sum is None and rows:
            rows_sum = _sum(rows, column)
        if stated is None or rows_sum is None:
            continue
        if stated.quantize(cent, rounding=ROUND_HALF_UP) == rows_sum.quantize(cent, rounding=ROUND_HALF_UP):
            continue
        yield TOTALS_ROW_DIFFERS.finding(
            project_id=total["project_id"], file=total["source_file"], sheet=total["sheet"],
            cell=total["cell"], value=total["stated"], stated=_figure(column, stated),
            rows_sum=_figure(column, rows_sum))


def _narratives_empty(layer: Layer) -> Iterator[Finding]:
    for workbook in layer.workbooks:
        texts = {row["field"]: row for row in workbook.narratives}
        for required in (f for f in NARRATIVE_FIELDS if f.required):
            name, label, what = required.name, required.label, required.label.lower()
            row = texts.get(name)
            if row is not None and row["text"].strip():
                continue
            if row is None and layer.label_reported_by_extract(workbook.file, SHEET_NARRATIVE, label):
                continue
            yield NARRATIVE_EMPTY.finding(
                project_id=workbook.project_id, file=workbook.file,
                sheet=(row["sheet"] if row else "") or SHEET_NARRATIVE,
                cell=(row["cell"] if row else "") or "A1", label=label, what=what)


CHECKS: dict[str, Callable[[Layer], Iterable[Finding]]] = {
    MISSING_FACT.rule_id: _missing_facts,
    MISSING_REGISTER_VALUE.rule_id: _missing_register_values,
    INVALID_COUNTY.rule_id: _invalid_counties,
    DATE_OUTSIDE_PERIOD.rule_id: _dates_outside_period,
    START_AFTER_END.rule_id: _start_after_end,
    YEAR_OUTSIDE_PROJECT.rule_id: _years_outside_project,
    NEGATIVE_AMOUNT.rule_id: _negative_amounts,
    NO_COSTS.rule_id: _no_costs,
    COSTS_NOT_FINANCED.rule_id: _costs_not_financed,
    AGENCY_SHARE_TOTAL.rule_id: _agency_share_total,
    AGENCY_SHARE_YEAR.rule_id: _agency_share_by_year,
    AGENCY_OVER_GRANTED.rule_id: _agency_over_granted,
    FRAME_EXCEEDED.rule_id: _frame_exceeded,
    REGISTER_EMPTY.rule_id: _register_empty,
    REGISTER_WITHOUT_WORKBOOK.rule_id: _register_without_workbook,
    WORKBOOK_WITHOUT_REGISTER.rule_id: _workbook_without_register,
    DUPLICATE_WORKBOOK_ID.rule_id: _duplicate_workbook_ids,
    DUPLICATE_REGISTER_ID.rule_id: _duplicate_register_ids,
    COUNTY_DIFFERS.rule_id: _county_differs,
    GRANTED_DIFFERS.rule_id: _granted_differs,
    PERIOD_DIFFERS.rule_id: _period_differs,
    INDICATOR_NOT_COUNT.rule_id: _indicator_values_not_counts,
    OUTCOME_BELOW_TARGET.rule_id: _outcomes_below_target,
    TOTALS_ROW_DIFFERS.rule_id: _totals_rows_differ,
    NARRATIVE_EMPTY.rule_id: _narratives_empty,
}


# --- Pure steps: findings from a layer, statuses from findings. ----------------------------------


def validate_layer(layer: Layer) -> list[Finding]:
    """The validation findings of every rule, in RULES order (callers sort)."""
    findings: list[Finding] = []
    for rule in RULES:
        findings.extend(CHECKS[rule.rule_id](layer))
    return findings


def project_statuses(layer: Layer, findings: list[Finding]) -> list[dict[str, object]]:
    """One row per project id known from workbooks, register or file list; a workbook without an
    id gets its own row (empty id), judged by the findings in its file. Any "fel" ⇒ set aside."""
    files_by_id: dict[str, set[str]] = defaultdict(set)
    for workbook in layer.workbooks:
        if workbook.project_id:
            files_by_id[workbook.project_id].add(workbook.file)
    for project_id, entries in layer.register_by_id.items():
        if project_id not in files_by_id:
            files_by_id[project_id].update(r["source_file"] for r in entries)
    for row in layer.tables["files"]:
        if row["project_id"] and row["project_id"] not in layer.workbooks_by_id:
            files_by_id[row["project_id"]].add(row["source_file"])

    counts: Counter[tuple[str, str]] = Counter()
    counts_by_file: Counter[tuple[str, str]] = Counter()
    first_error: dict[str, str] = {}
    first_error_by_file: dict[str, str] = {}
    for finding in findings:  # already sorted: the first error seen is the one a reader sees first
        counts[(finding["project_id"], finding["severity"])] += 1
        counts_by_file[(finding["file"], finding["severity"])] += 1
        if finding["severity"] == SEVERITY_ERROR:
            summary = _short(f"{finding['rule_id']}: {finding['message']}")
            first_error.setdefault(finding["project_id"], summary)
            first_error_by_file.setdefault(finding["file"], summary)

    statuses = []
    for project_id, files in files_by_id.items():
        errors = counts[(project_id, SEVERITY_ERROR)]
        statuses.append(_status(project_id, "; ".join(sorted(files)), errors,
                                counts[(project_id, SEVERITY_WARNING)], first_error.get(project_id, "")))
    # Workbooks with no id: no facts, unreadable, or the id cell empty. Listed by file, so that
    # every workbook's fate is visible.
    files_without_id = {w.file for w in layer.workbooks if not w.project_id}
    files_with_facts = {w.file for w in layer.workbooks}
    files_without_id.update(r["source_file"] for r in layer.tables["files"]
                            if r["kind"] == _WORKBOOK_KIND and r["source_file"] not in files_with_facts
                            and not r["project_id"])
    for file in files_without_id:
        statuses.append(_status("", file, counts_by_file[(file, SEVERITY_ERROR)],
                                counts_by_file[(file, SEVERITY_WARNING)], first_error_by_file.get(file, "")))
    return sorted(statuses, key=lambda s: (s["project_id"], s["source_file"]))


def _status(project_id: str, source_file: str, errors: int, warnings: int,
            first_error: str) -> dict[str, object]:
    return {
        "project_id": project_id, "source_file": source_file,
        "status": STATUS_SET_ASIDE if errors else STATUS_ACCEPTED,
        "errors": errors, "warnings": warnings, "first_error": first_error,
    }


def _short(text: str) -> str:
    return text if len(text) <= _FIRST_ERROR_LENGTH else text[: _FIRST_ERROR_LENGTH - 1].rstrip() + "…"


# --- The stage. ----------------------------------------------------------------------------------


def run(inputs: InputPaths, outputs: OutputPaths) -> dict:
    """Validate the extracted layer; write findings.csv and project_status.csv; return counts."""
    config = load_config(inputs.config)
    layer = load_layer(outputs, config)
    findings = sort_findings(layer.extract_findings + validate_layer(layer))
    statuses = project_statuses(layer, findings)
    write_rows(outputs.findings, FINDING_COLUMNS, findings)
    write_rows(outputs.project_status, PROJECT_STATUS_COLUMNS, statuses)
    set_aside = sum(1 for s in statuses if s["status"] == STATUS_SET_ASIDE)
    return {
        "projekt": len(statuses),
        "godkända": len(statuses) - set_aside,
        "undantagna": set_aside,
        "fel": sum(1 for f in findings if f["severity"] == SEVERITY_ERROR),
        "varning": sum(1 for f in findings if f["severity"] == SEVERITY_WARNING),
    }
