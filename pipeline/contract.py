"""The input contract and the canonical table layout, declared as data.

Everything that names a sheet, a Swedish label, a category or a column lives here, so that the
template writer, the sample generator, the extract stage and the documentation agree by
construction. Swedish labels are what a person sees in a workbook; the English snake_case names
are what every stage after extraction uses (renamed once, at the boundary). The columns of the
aggregated tables, the report's own, are declared in pipeline/aggregated_tables.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- Counties (länskod → län). Codes 02, 11, 15 and 16 are unused since the county mergers. ---
COUNTIES: dict[str, str] = {
    "01": "Stockholms län",
    "03": "Uppsala län",
    "04": "Södermanlands län",
    "05": "Östergötlands län",
    "06": "Jönköpings län",
    "07": "Kronobergs län",
    "08": "Kalmar län",
    "09": "Gotlands län",
    "10": "Blekinge län",
    "12": "Skåne län",
    "13": "Hallands län",
    "14": "Västra Götalands län",
    "17": "Värmlands län",
    "18": "Örebro län",
    "19": "Västmanlands län",
    "20": "Dalarnas län",
    "21": "Gävleborgs län",
    "22": "Västernorrlands län",
    "23": "Jämtlands län",
    "24": "Västerbottens län",
    "25": "Norrbottens län",
}


@dataclass(frozen=True)
class Field:
    """One labelled value: the Swedish label a person reads and the canonical column name."""

    name: str
    label: str
    kind: str  # "text", "amount", "date", "county", "int", "year"
    required: bool = True
    help: str = ""


# --- Project workbook: one per project. ---------------------------------------------------------

SHEET_FACTS = "Projektuppgifter"
SHEET_COSTS = "Kostnader"
SHEET_FINANCING = "Finansiering"
SHEET_INDICATORS = "Indikatorer"
SHEET_NARRATIVE = "Berättelse"
PROJECT_SHEETS = (SHEET_FACTS, SHEET_COSTS, SHEET_FINANCING, SHEET_INDICATORS, SHEET_NARRATIVE)

# Projektuppgifter: label in column A, value in column B, one fact per row (any order).
FACT_FIELDS: tuple[Field, ...] = (
    Field("project_id", "Ärende-id", "text", help="Tillväxtverkets ärende-id, t.ex. Ä 2014-001234"),
    Field("title", "Projektnamn", "text"),
    Field("county_code", "Län (länskod)", "county", help="Tvåsiffrig länskod, t.ex. 01 eller 14"),
    Field("owner", "Projektägare", "text"),
    Field("owner_org_number", "Organisationsnummer", "text", help="NNNNNN-NNNN"),
    Field("contact_role", "Kontaktperson (roll)", "text", help="Roll, inte namn"),
    Field("start_date", "Startdatum", "date", help="ÅÅÅÅ-MM-DD"),
    Field("end_date", "Slutdatum", "date", help="ÅÅÅÅ-MM-DD"),
    Field("granted_amount", "Beviljat belopp (kr)", "amount", help="Tillväxtverkets beslut"),
)

# Tabular sheets: a header row (labels below), then one row per record. A row whose first cell
# reads "Summa" is a totals row: it is checked against the rows above, never added to them.
TOTALS_LABEL = "Summa"

COST_COLUMNS: tuple[Field, ...] = (
    Field("year", "År", "year"),
    Field("category", "Kostnadsslag", "text"),
    Field("budget", "Budget (kr)", "amount"),
    Field("actual", "Utfall (kr)", "amount"),
)
FINANCING_COLUMNS: tuple[Field, ...] = (
    Field("year", "År", "year"),
    Field("source", "Finansiär", "text"),
    Field("amount", "Belopp (kr)", "amount"),
)
INDICATOR_COLUMNS: tuple[Field, ...] = (
    Field("indicator", "Indikator", "text"),
    Field("target", "Mål", "int"),
    Field("outcome", "Utfall", "int"),
)
# Berättelse: label in column A, text in column B.
NARRATIVE_FIELDS: tuple[Field, ...] = (
    Field("results", "Resultat", "text"),
    Field("lessons", "Lärdomar", "text"),
    Field("good_example_title", "Gott exempel – rubrik", "text", required=False),
    Field(
        "good_example",
        "Gott exempel – beskrivning",
        "text",
        required=False,
        help="Fyll i om projektet vill lyfta ett gott exempel",
    ),
)

# Tillväxtverket's cost categories (Swedish label → canonical code), named as on the agency's
# form for the financial report; the form's "Investeringar, materiel och externa lokaler" without
# its comma, which a drop-down list in the workbook cannot hold. Project income is reported as a
# positive amount and deducted from the total cost.
COST_CATEGORIES: dict[str, str] = {
    "Personal": "personnel",
    "Extern sakkunskap och externa tjänster": "external_services",
    "Resor och logi": "travel",
    "Investeringar och materiel samt externa lokaler": "premises_investments",
    "Övriga kostnader": "other_costs",
    "Schablonkostnader": "indirect_flat_rate",
    "Projektintäkter": "project_income",
}
# The shorter names of earlier versions of the project workbook, still read as the same category
# (a workbook filled in before the names followed the form stays valid); never written.
COST_CATEGORY_ALIASES: dict[str, str] = {
    "Externa tjänster": "external_services",
    "Resor": "travel",
    "Lokaler och investeringar": "premises_investments",
    "Indirekta kostnader (schablon)": "indirect_flat_rate",
}
DEDUCTED_CATEGORIES = frozenset({"project_income"})


def signed_cost(category: str, amount):
    """An amount as it counts towards a project's total cost: deducted categories count negative.

    The one place that says how income nets against costs; every stage sums signed_cost values.
    """
    return -amount if category in DEDUCTED_CATEGORIES else amount


FINANCING_SOURCES: dict[str, str] = {
    "Tillväxtverket": "tillvaxtverket",
    "Offentlig kontant finansiering": "public_cash",
    "Offentligt bidrag i annat än pengar": "public_in_kind",
    "Privat kontant finansiering": "private_cash",
    "Privat bidrag i annat än pengar": "private_in_kind",
}
AGENCY_SOURCE = "tillvaxtverket"

INDICATORS: dict[str, str] = {
    "Kompetensbehovsanalyser och prognoser": "skills_analyses",
    "Deltagande arbetsgivare": "participating_employers",
    "Deltagande utbildningsanordnare": "participating_education_providers",
    "Branschråd eller branschsamverkan som startats": "sector_councils_started",
    "Utbildningar som startats eller förändrats": "education_programmes_changed",
    "Valideringsmodeller som utvecklats": "validation_models",
    "Möten och aktiviteter": "meetings_and_activities",
}

# --- Programme-level inputs. --------------------------------------------------------------------

REGISTER_SHEET = "Beslut"
REGISTER_COLUMNS: tuple[Field, ...] = (
    Field("project_id", "Ärende-id", "text"),
    Field("county_code", "Länskod", "county"),
    Field("owner", "Projektägare", "text"),
    Field("title", "Projektnamn", "text"),
    Field("decision_date", "Beslutsdatum", "date"),
    Field("granted_amount", "Beviljat belopp", "amount"),
    Field("start_date", "Projektstart", "date"),
    Field("end_date", "Projektslut", "date"),
)

MEETINGS_SHEET = "Träffar"
MEETING_COLUMNS: tuple[Field, ...] = (
    Field("date", "Datum", "date"),
    Field("meeting_type", "Typ", "text"),
    Field("theme", "Tema", "text"),
    Field("place", "Ort", "text"),
    Field("participants", "Antal deltagare", "int"),
)
MEETING_TYPES: dict[str, str] = {
    "Erfarenhetsträff": "experience_meeting",
    "Tematräff": "theme_meeting",
}

# The agency's payments as the finance system exports them (issue 14): one row per payment; a
# recovery (återkrav) is a negative amount.
PAYMENTS_SHEET = "Utbetalningar"
PAYMENT_COLUMNS: tuple[Field, ...] = (
    Field("project_id", "Ärende-id", "text"),
    Field("payment_date", "Utbetalningsdatum", "date"),
    Field("payment_amount", "Belopp", "amount"),
    Field("payment_kind", "Typ", "text"),
)
PAYMENT_KINDS: dict[str, str] = {
    "Förskott": "advance",
    "Delutbetalning": "part_payment",
    "Slututbetalning": "final_payment",
    "Återkrav": "recovery",
}
RECOVERY_KIND = "recovery"

# --- Canonical extracted tables (outputs/1_extracted). Every row carries its provenance: the
# source file (relative to the inputs folder), the sheet, and the A1 cell of each value. ---------

PROVENANCE = ("source_file", "sheet")


def _with_cells(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(names) + PROVENANCE + tuple(f"{n}_cell" for n in names)


EXTRACTED_COLUMNS: dict[str, tuple[str, ...]] = {
    "projects": _with_cells(tuple(f.name for f in FACT_FIELDS)),
    "costs": ("project_id", "year", "category")
    + PROVENANCE
    + ("row", "budget", "actual", "budget_cell", "actual_cell", "year_cell", "category_cell"),
    "financing": ("project_id", "year", "source")
    + PROVENANCE
    + ("row", "amount", "amount_cell", "year_cell", "source_cell"),
    "indicators": ("project_id", "indicator")
    + PROVENANCE
    + ("row", "target", "outcome", "target_cell", "outcome_cell", "indicator_cell"),
    "narratives": ("project_id", "field") + PROVENANCE + ("cell", "text"),
    "workbook_totals": ("project_id", "table", "column") + PROVENANCE + ("cell", "stated", "rows_sum"),
    "register": tuple(f.name for f in REGISTER_COLUMNS)
    + PROVENANCE
    + ("row",)
    + tuple(f"{f.name}_cell" for f in REGISTER_COLUMNS),
    "meetings": tuple(f.name for f in MEETING_COLUMNS)
    + PROVENANCE
    + ("row",)
    + tuple(f"{f.name}_cell" for f in MEETING_COLUMNS),
    "payments": tuple(f.name for f in PAYMENT_COLUMNS)
    + PROVENANCE
    + ("row",)
    + tuple(f"{f.name}_cell" for f in PAYMENT_COLUMNS),
    # The located header cell of each column of every tabular sheet (columns are found by their
    # label, so they may stand anywhere): where a finding about a whole column points.
    "sheet_headers": PROVENANCE + ("column", "cell"),
    # Every cell read whose value is a formula's stored result, for reviewers to check.
    "formula_cells": ("project_id",) + PROVENANCE + ("cell", "value"),
    "files": ("source_file", "kind", "status", "size_bytes", "sha256", "project_id"),
}

# --- Findings: one row per problem, in every stage that finds problems. -------------------------

SEVERITY_ERROR = "fel"
SEVERITY_WARNING = "varning"
FINDING_COLUMNS = ("rule_id", "severity", "project_id", "file", "sheet", "cell", "value", "message")

# --- Validated layer (outputs/2_validated): each project's fate after the checks. ---------------

PROJECT_STATUS_COLUMNS = ("project_id", "source_file", "status", "errors", "warnings", "first_error")
STATUS_ACCEPTED = "accepted"
STATUS_SET_ASIDE = "set_aside"
# A register decision whose project has no accepted or set-aside workbook (none was sent, or it
# could not be read): see register_decisions.workbook_status.
STATUS_NO_WORKBOOK = "no_workbook"

# --- Changes since a previous run (outputs/changes.csv, `python -m pipeline changes`). -----------

CHANGES_COLUMNS = ("change_kind", "table", "key", "column", "before", "after", "difference")
