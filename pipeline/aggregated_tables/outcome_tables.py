"""What the projects achieved and what became of each decision and workbook: indicators, meetings,
good examples, narratives, the set-aside projects, the findings per rule and the register."""

from __future__ import annotations

from ..contract import STATUS_ACCEPTED, STATUS_NO_WORKBOOK, STATUS_SET_ASIDE
from ..schema import Table, count, doc, flag, pct
from .money_tables import COUNTY_CODES, EVERY_COUNTY

_EVERY_INDICATOR = "kontraktets indikatorer i dess ordning, nollor där ingen redovisat"

OUTCOME_TABLES = (
    Table(
        "indicator_totals",
        "Indikatorer",
        f"En rad per indikator ({_EVERY_INDICATOR}): mål och utfall summerade för de godkända "
        "projekten (filen 3_aggregated/indicators.csv).",
        (
            "indicator",
            "indicator_label",
            (
                "projects_reporting",
                count(
                    "Rapporterande projekt",
                    "Antal godkända projekt som angett mål eller utfall för indikatorn.",
                ),
            ),
            "target",
            "outcome",
            ("outcome_pct", pct("Utfall mot mål", "Summerat utfall / summerat mål × 100.")),
            (
                "target_met",
                flag(
                    "Målet nått",
                    "true när det summerade utfallet är minst det summerade målet och målet är "
                    "större än noll; annars false (ett mål på 0 räknas aldrig som nått).",
                ),
            ),
        ),
        key=("indicator",),
        file="indicators",
    ),
    Table(
        "indicators_by_region",
        "Indikatorer per län",
        f"En rad per indikator och län: {_EVERY_INDICATOR}, gånger {EVERY_COUNTY}.",
        ("indicator", "indicator_label", "county_code", "county_name", "target", "outcome"),
        key=("indicator", "county_code"),
        accepted={"county_code": COUNTY_CODES},
    ),
    Table(
        "meetings_by_type_year",
        "Träffar per typ och år",
        "En rad per typ av träff och år (programperiodens år och varje år med en träff): antal "
        "träffar och deltagare, nollor där inga träffar hölls.",
        ("meeting_type", "meeting_type_label", "year", "meetings", "participants"),
        key=("meeting_type", "year"),
    ),
    Table(
        "meetings_by_type",
        "Träffar per typ",
        "En rad per typ av träff: antal träffar och deltagare under hela perioden.",
        ("meeting_type", "meeting_type_label", "meetings", "participants"),
        key=("meeting_type",),
    ),
    Table(
        "good_examples",
        "Goda exempel",
        "En rad per godkänt projekt som beskriver ett gott exempel, med cellen där det står.",
        (
            "project_id",
            "county_code",
            "county_name",
            "owner",
            "title",
            ("good_example_title", doc("Gott exempel – rubrik", "Rubriken på projektets goda exempel.")),
            ("good_example", doc("Gott exempel – beskrivning", "Beskrivningen av projektets goda exempel.")),
            "source_file",
            "sheet",
            "cell",
        ),
        key=("project_id",),
    ),
    Table(
        "set_aside",
        "Åsidosatta projekt",
        "En rad per inkommen slutredovisning som kontrollerna åsidosatt på grund av fel: ett projekt "
        "(ärende-id), eller en arbetsbok utan ärende-id (känd bara genom sin fil). De ingår inte i "
        "sammanställningarna. Beslut utan arbetsbok (inväntar slutredovisning) står inte här utan i "
        "register_decisions och project_status.",
        ("project_id", "source_file", "errors", "first_error"),
        key=("project_id", "source_file"),
        key_may_be_empty=("project_id",),
    ),
    Table(
        "project_narratives",
        "Projektens berättelser",
        "En rad per godkänt projekt: resultat och lärdomar, med cellerna där de står.",
        (
            "project_id",
            ("results", doc("Resultat", "Projektets beskrivning av sina resultat.")),
            ("lessons", doc("Lärdomar", "Projektets lärdomar.")),
            "source_file",
            "sheet",
            "results_cell",
            "lessons_cell",
        ),
        key=("project_id",),
    ),
    Table(
        "findings_by_rule",
        "Fynd per regel",
        "En rad per deklarerad regel (noll där den inte hittade något) och per annan regel som gett "
        "fynd: antal fynd och berörda projekt.",
        ("rule_id", "severity", "checks", "findings", "projects"),
        key=("rule_id",),
    ),
    Table(
        "register_decisions",
        "Beslut i beslutsregistret",
        "En rad per rad i beslutsregistret, med beviljat belopp och vad som hänt med projektets "
        "arbetsbok; beslut för åsidosatta projekt och beslut utan arbetsbok redovisas här i stället "
        "för att falla bort.",
        (
            "project_id",
            "county_code",
            "county_name",
            "owner",
            "title",
            "decision_date",
            "granted_amount",
            (
                "workbook_status",
                doc(
                    "Arbetsbokens status",
                    f"Vad som hänt med beslutets projektarbetsbok: {STATUS_ACCEPTED} (godkänd, ingår i "
                    f"sammanställningarna), {STATUS_SET_ASIDE} (åsidosatt på grund av fel) eller "
                    f"{STATUS_NO_WORKBOOK} (ingen arbetsbok med detta ärende-id har kommit in eller gått "
                    "att läsa: beslutet inväntar sin slutredovisning).",
                ),
            ),
            "source_file",
            "sheet",
            "row",
            "granted_amount_cell",
        ),
        key=("source_file", "row"),
        order=("project_id", "source_file", "row"),
    ),
)
