"""What every CSV column means, as data: one entry per column name, used for datapackage.json.

A name means the same thing in every table where it appears (e.g. `total_cost` is always the
net cost in kronor after project income is deducted), so it is documented once. `type` is a
Frictionless Table Schema type (string, integer, number, date, boolean); `unit` is given where a
figure has one ("SEK", "procent", "byte"). Amounts are exact decimals in kronor (öre after the
point where an input had öre).
"""

from __future__ import annotations

from typing import Any

from .contract import EXTRACTED_COLUMNS

SEK = "SEK"
PERCENT = "procent"


def _doc(title: str, description: str, type: str = "string", unit: str | None = None) -> dict[str, str]:
    doc = {"title": title, "description": description, "type": type}
    if unit:
        doc["unit"] = unit
    return doc


def _amount(title: str, description: str) -> dict[str, str]:
    return _doc(title, description, "number", SEK)


def _pct(title: str, description: str) -> dict[str, str]:
    return _doc(
        title,
        description + " Procent med en decimal, avrundat uppåt vid exakt hälften; tomt när nämnaren är noll.",
        "number",
        PERCENT,
    )


def _count(title: str, description: str) -> dict[str, str]:
    return _doc(title, description, "integer")


_BASE: dict[str, dict[str, str]] = {
    # --- Project facts and identity ---
    "project_id": _doc("Ärende-id", 'Tillväxtverkets ärende-id för projektet, t.ex. "Ä 2014-001234".'),
    "title": _doc("Projektnamn", "Projektets namn som det står i arbetsboken (i registret: i beslutet)."),
    "county_code": _doc(
        "Länskod",
        "Tvåsiffrig länskod (01–25) för det län projektet avser; text, så att inledande nolla behålls.",
    ),
    "county_name": _doc("Län", "Länets namn enligt länskoden."),
    "owner": _doc("Projektägare", "Organisationen som äger projektet."),
    "owner_org_number": _doc("Organisationsnummer", "Projektägarens organisationsnummer, NNNNNN-NNNN."),
    "contact_role": _doc("Kontaktperson (roll)", "Kontaktpersonens roll (aldrig namn)."),
    "start_date": _doc("Startdatum", "Projektets startdatum (ÅÅÅÅ-MM-DD).", "date"),
    "end_date": _doc("Slutdatum", "Projektets slutdatum (ÅÅÅÅ-MM-DD).", "date"),
    "decision_date": _doc("Beslutsdatum", "Datum för Tillväxtverkets beslut om stöd (ÅÅÅÅ-MM-DD).", "date"),
    "granted_amount": _amount(
        "Beviljat belopp",
        "Belopp som Tillväxtverket beviljat enligt beslutet, i kronor. "
        "I sammanställningarna hämtas det från beslutsregistret.",
    ),
    # --- Provenance ---
    "source_file": _doc("Källfil", "Filen värdet kommer från, relativt inputs-mappen."),
    "file": _doc("Fil", "Filen fyndet gäller, relativt inputs-mappen; tomt om fyndet inte gäller en fil."),
    "sheet": _doc("Flik", "Fliken i arbetsboken där värdet står."),
    "row": _count("Rad", "Radnummer i fliken (1 = första raden), där posten står."),
    "cell": _doc(
        "Cell", "Cellen (A1-notation) där värdet står; i sheet_headers cellen där kolumnens rubrik hittades."
    ),
    # --- Costs, financing, indicators as reported ---
    "year": _count("År", "Kalenderår."),
    "category": _doc("Kostnadsslag (kod)", "Kod för kostnadsslaget, t.ex. personnel eller project_income."),
    "category_label": _doc("Kostnadsslag", "Kostnadsslagets namn som i Tillväxtverkets blanketter."),
    "budget": _amount(
        "Budget", "Budgeterat belopp i kronor, som det rapporterats (projektintäkter positiva)."
    ),
    "actual": _amount("Utfall", "Utfall i kronor, som det rapporterats (projektintäkter positiva)."),
    "budget_signed": _amount(
        "Budget med tecken",
        "Budgeterat belopp i kronor som det räknas i budget totalt: projektintäkter negativa (avdrag).",
    ),
    "actual_signed": _amount(
        "Utfall med tecken",
        "Utfall i kronor som det räknas i total kostnad: projektintäkter negativa (avdrag).",
    ),
    "deducted": _doc(
        "Avdrag",
        "true om kostnadsslaget dras av från den totala kostnaden (projektintäkter), annars false.",
        "boolean",
    ),
    "source": _doc("Finansiär (kod)", "Kod för finansieringskällan, t.ex. tillvaxtverket eller public_cash."),
    "source_label": _doc("Finansiär", "Finansieringskällans namn."),
    "amount": _amount("Belopp", "Belopp i kronor som finansiären betalat in."),
    "indicator": _doc("Indikator (kod)", "Kod för indikatorn, t.ex. participating_employers."),
    "indicator_label": _doc("Indikator", "Indikatorns namn."),
    "target": _count("Mål", "Målvärde för indikatorn (antal)."),
    "outcome": _count("Utfall (antal)", "Uppnått värde för indikatorn (antal)."),
    "field": _doc("Fält", "Berättelsens fält: results, lessons, good_example_title eller good_example."),
    "text": _doc("Text", "Fritexten som den står i arbetsboken."),
    "table": _doc(
        "Tabell",
        "Vilken tabell i arbetsboken summaraden gäller (costs, financing …); i changes "
        "vilken tabell i outputs ändringen gäller (inputs för indatafilerna i manifest.json).",
    ),
    "column": _doc(
        "Kolumn",
        "Vilken kolumn (kanoniskt namn) summaraden eller rubriken gäller, t.ex. actual; i "
        "changes vilken kolumn som ändrats.",
    ),
    # --- Changes since a previous run ---
    "change_kind": _doc(
        "Typ av ändring",
        "input_added, input_removed, input_changed (indatafil tillagd, "
        "borttagen, ändrad enligt SHA-256), project_accepted, project_set_aside, "
        "project_status (projekt nyss godkänt, nyss åsidosatt, annan ändring av status som "
        "no_workbook eller borta; nyckeln är ärende-id), finding_new, "
        "finding_resolved (fynd nytt, löst), row_added, row_removed (rad tillagd, borttagen i en "
        "sammanställning), figure (ett tal i rapporten har ändrats) eller value (annat värde, "
        "t.ex. text eller datum, har ändrats).",
    ),
    "key": _doc(
        "Nyckel",
        'Radens nyckel i tabellen (katalogens nyckelkolumner, åtskilda av " | "); för '
        "fynd regel, fil, flik, cell och ärende-id; för projekt ärende-id; tomt i programme_totals (en rad).",
    ),
    "before": _doc("Före", "Värdet i föregående körning, som det står i dess CSV; tomt om det inte fanns."),
    "after": _doc("Efter", "Värdet i denna körning, som det står i dess CSV; tomt om det inte finns längre."),
    "difference": _doc(
        "Skillnad",
        "Efter minus före, exakt, i kolumnens enhet (kronor, antal eller "
        "procentenheter); bara för tal som finns i båda körningarna.",
        "number",
    ),
    "stated": _amount("Angiven summa", "Summan som står på arbetsbokens Summa-rad, i kronor."),
    "rows_sum": _amount("Radernas summa", "Summan av raderna ovanför Summa-raden, i kronor."),
    # --- Meetings ---
    "date": _doc("Datum", "Datum för träffen (ÅÅÅÅ-MM-DD).", "date"),
    "meeting_type": _doc(
        "Typ av träff (kod)", "experience_meeting (erfarenhetsträff) eller theme_meeting (tematräff)."
    ),
    "meeting_type_label": _doc("Typ av träff", "Erfarenhetsträff eller tematräff."),
    "theme": _doc("Tema", "Träffens tema."),
    "place": _doc("Ort", "Orten där träffen hölls."),
    "participants": _count("Deltagare", "Antal deltagare."),
    "meetings": _count("Träffar", "Antal träffar."),
    "meeting_participants": _count(
        "Deltagare i träffar", "Antal deltagare i programmets träffar, alla typer och år."
    ),
    # --- Files ---
    "kind": _doc(
        "Filtyp",
        "Vad filen är: workbook (projektets arbetsbok), register, meetings, config, "
        "documentation (README eller .md i inputs-mappen, läses inte), lock_file (Excels låsfil), "
        "hidden (dold fil) eller other (okänd fil, ger en varning).",
    ),
    "status": _doc(
        "Status",
        "Utfallet för filen eller projektet: för projekt accepted (godkänt) eller "
        "set_aside (åsidosatt på grund av fel); för filer om den gick att läsa.",
    ),
    "size_bytes": _doc("Storlek", "Filens storlek i byte.", "integer", "byte"),
    "sha256": _doc("SHA-256", "Filens SHA-256-kontrollsumma (hex), för spårbarhet."),
    # --- Validation ---
    "rule_id": _doc("Regel", "Id för kontrollregeln som gav fyndet."),
    "severity": _doc("Allvarlighet", "fel (projektet åsidosätts) eller varning (projektet tas med)."),
    "value": _doc("Värde", "Värdet som fyndet gäller, som det stod i indata."),
    "message": _doc("Meddelande", "Vad som är fel och hur det rättas."),
    "errors": _count("Fel", "Antal fel som kontrollerna hittade för projektet."),
    "warnings": _count("Varningar", "Antal varningar som kontrollerna hittade för projektet."),
    "first_error": _doc("Första felet", "Meddelandet för projektets första fel; tomt om inga fel."),
    "checks": _doc("Kontrollerar", "Vad regeln kontrollerar (för metodavsnittet); tomt om okänt."),
    "findings": _count("Fynd", "Antal fynd."),
    # --- Aggregated figures ---
    "projects": _count(
        "Projekt",
        "Antal godkända projekt (åsidosatta ingår inte); i findings_by_rule antal "
        "projekt med minst ett fynd.",
    ),
    "projects_set_aside": _count("Åsidosatta projekt", "Antal projekt som åsidosatts på grund av fel."),
    "projects_reporting": _count(
        "Rapporterande projekt", "Antal godkända projekt som rapporterat indikatorn."
    ),
    "regions": _count("Län med projekt", "Antal län med minst ett godkänt projekt."),
    "budget_total": _amount(
        "Budget totalt", "Summa budget i kronor för kostnadsslagen, med projektintäkter avdragna."
    ),
    "total_cost": _amount(
        "Total kostnad", "Summa utfall i kronor för kostnadsslagen, med projektintäkter avdragna."
    ),
    "agency_paid": _amount(
        "Redovisad finansiering från Tillväxtverket",
        "Tillväxtverkets finansiering i "
        "kronor så som projekten redovisar den i sin ekonomiska redovisning (inte "
        "Tillväxtverkets utbetalningar, som inte är indata).",
    ),
    "public_cash": _amount("Offentlig kontant finansiering", "Offentlig medfinansiering i pengar, i kronor."),
    "public_in_kind": _amount(
        "Offentligt bidrag i annat än pengar", "Offentlig medfinansiering i annat än pengar, i kronor."
    ),
    "private_cash": _amount("Privat kontant finansiering", "Privat medfinansiering i pengar, i kronor."),
    "private_in_kind": _amount(
        "Privat bidrag i annat än pengar", "Privat medfinansiering i annat än pengar, i kronor."
    ),
    "cofinancing_total": _amount(
        "Medfinansiering totalt", "Summa finansiering från andra än Tillväxtverket, i kronor."
    ),
    "frame_amount": _amount(
        "Programmets ram", "Programmets totala ram i kronor enligt programkonfigurationen."
    ),
    "agency_share_pct": _pct(
        "Tillväxtverkets andel", "Redovisad finansiering från Tillväxtverket / total kostnad × 100."
    ),
    "actual_vs_budget_pct": _pct(
        "Utfall mot budget",
        "Total kostnad / budget totalt × 100, båda netto "
        "(projektintäkter avdragna); i category_totals kostnadsslagets utfall / dess "
        "budget × 100, båda som rapporterade (brutto).",
    ),
    "financing_total": _amount(
        "Finansiering totalt", "Redovisad finansiering från Tillväxtverket plus medfinansiering, i kronor."
    ),
    "financing_of_cost_pct": _pct("Finansiering mot kostnad", "Finansiering totalt / total kostnad × 100."),
    "unpaid_granted": _amount(
        "Beviljat men inte redovisat",
        "Beviljat belopp (godkända projekt) minus redovisad finansiering från Tillväxtverket, i kronor.",
    ),
    "paid_of_granted_pct": _pct(
        "Redovisat av beviljat",
        "Redovisad finansiering från Tillväxtverket / beviljat belopp (godkända projekt) × 100.",
    ),
    "paid_of_frame_pct": _pct(
        "Redovisat av ramen", "Redovisad finansiering från Tillväxtverket / programmets ram × 100."
    ),
    "granted_of_frame_pct": _pct("Beviljat av ramen", "Beviljat belopp / programmets ram × 100."),
    "cost_of_budget_pct": _pct(
        "Kostnad mot budget",
        "Total kostnad / budget totalt × 100; båda netto, efter "
        "avdrag för projektintäkter, så att lika jämförs med lika.",
    ),
    "public_total": _amount(
        "Offentlig medfinansiering", "Offentlig medfinansiering i pengar och i annat än pengar, i kronor."
    ),
    "private_total": _amount(
        "Privat medfinansiering", "Privat medfinansiering i pengar och i annat än pengar, i kronor."
    ),
    "in_kind_total": _amount(
        "Medfinansiering i annat än pengar", "Offentligt och privat bidrag i annat än pengar, i kronor."
    ),
    "public_of_cofinancing_pct": _pct(
        "Offentlig andel av medfinansieringen", "Offentlig medfinansiering / medfinansiering totalt × 100."
    ),
    "private_of_cofinancing_pct": _pct(
        "Privat andel av medfinansieringen", "Privat medfinansiering / medfinansiering totalt × 100."
    ),
    "in_kind_of_cofinancing_pct": _pct(
        "Andel i annat än pengar av medfinansieringen",
        "Medfinansiering i annat än pengar / medfinansiering totalt × 100.",
    ),
    "share_pct": _pct("Andel av finansieringen", "Finansiärens belopp / finansiering totalt × 100."),
    "share_of_cost_pct": _pct("Andel av kostnaderna", "Finansiärens belopp / total kostnad × 100."),
    "agency_share_avg_pct": _pct(
        "Tillväxtverkets andel, medel per projekt",
        "Medelvärdet av projektens andelar (projekt med kostnad över noll).",
    ),
    "agency_share_weighted_pct": _pct(
        "Tillväxtverkets andel, vägd",
        "Summa redovisad finansiering från Tillväxtverket / summa total kostnad × 100.",
    ),
    # Issue 10: the register's decisions in full, and the cash cost beside the total cost.
    "decisions": _count("Beslut", "Antal beslut (rader) i beslutsregistret."),
    "decisions_set_aside": _count(
        "Beslut för åsidosatta projekt", "Antal beslut i registret vars projektarbetsbok åsidosatts."
    ),
    "decisions_without_workbook": _count(
        "Beslut utan arbetsbok",
        "Antal beslut i registret utan godkänd "
        "eller åsidosatt projektarbetsbok (ingen skickades in, eller den "
        "kunde inte läsas); de listas i register_decisions.",
    ),
    "granted_register_total": _amount(
        "Beviljat enligt beslutsregistret",
        "Summa beviljade belopp för alla "
        "beslut i beslutsregistret, i kronor: beviljat för godkända projekt + "
        "för åsidosatta projekt + för beslut utan arbetsbok.",
    ),
    "granted_accepted": _amount(
        "Beviljat, godkända projekt",
        "Summa beviljade belopp för de godkända projekten (samma tal som granted_amount), i kronor.",
    ),
    "granted_set_aside": _amount(
        "Beviljat, åsidosatta projekt",
        "Summa beviljade belopp i registret för "
        "projekt vars arbetsbok åsidosatts, i kronor; ingår inte i övriga "
        "sammanställningar.",
    ),
    "granted_without_workbook": _amount(
        "Beviljat, beslut utan arbetsbok",
        "Summa beviljade belopp i registret för beslut utan godkänd eller åsidosatt arbetsbok, i kronor.",
    ),
    "frame_remaining": _amount(
        "Kvar av ramen",
        "Programmets ram minus beviljat enligt beslutsregistret (alla "
        "beslut), i kronor; negativt om besluten överskrider ramen.",
    ),
    "cash_cost": _amount(
        "Kostnad i pengar",
        "Total kostnad minus medfinansiering i annat än pengar, i kronor "
        "(kostnader i annat än pengar motsvaras av lika stora bidrag i annat än pengar).",
    ),
    "agency_share_of_cash_pct": _pct(
        "Tillväxtverkets andel av kostnaden i pengar",
        "Redovisad finansiering "
        "från Tillväxtverket / kostnad i pengar × 100; jämför med "
        "agency_share_weighted_pct, andelen av den totala kostnaden.",
    ),
    "workbook_status": _doc(
        "Arbetsbokens status",
        "Vad som hänt med beslutets projektarbetsbok: accepted "
        "(godkänd, ingår i sammanställningarna), set_aside (åsidosatt på grund av fel) "
        "eller no_workbook (ingen arbetsbok med detta ärende-id gick att läsa).",
    ),
    "outcome_pct": _pct("Utfall mot mål", "Utfall / mål × 100."),
    "target_met": _doc(
        "Målet nått",
        "true om utfallet når minst målet och målet är större än noll, annars false.",
        "boolean",
    ),
    "decisions_accepted": _count(
        "Beslut för godkända projekt", "Antal beslut i registret vars projektarbetsbok godkänts."
    ),
    "indicators_reported": _count(
        "Redovisade indikatorer", "Antal indikatorer som minst ett godkänt projekt redovisat."
    ),
    "indicators_met": _count(
        "Indikatorer där målet nåtts",
        "Antal redovisade indikatorer vars summerade utfall når minst det summerade målet (target_met).",
    ),
    "has_good_example": _doc(
        "Gott exempel", "true om projektet beskriver ett gott exempel, annars false.", "boolean"
    ),
    "good_example_title": _doc("Gott exempel – rubrik", "Rubriken på projektets goda exempel."),
    "good_example": _doc("Gott exempel – beskrivning", "Beskrivningen av projektets goda exempel."),
    "results": _doc("Resultat", "Projektets beskrivning av sina resultat."),
    "lessons": _doc("Lärdomar", "Projektets lärdomar."),
    # Issue 14: the agency's payments, and decided, paid and reported side by side.
    "payment_date": _doc("Utbetalningsdatum", "Dag då Tillväxtverket betalade ut (ÅÅÅÅ-MM-DD).", "date"),
    "payment_amount": _amount("Utbetalt belopp", "Utbetalningens belopp i kronor; ett återkrav är negativt."),
    "payment_kind": _doc(
        "Utbetalningstyp",
        "advance (förskott), part_payment (delutbetalning), final_payment (slututbetalning) "
        "eller recovery (återkrav).",
    ),
    "decided": _amount("Beslutat", "Beviljat belopp enligt beslutsregistret, i kronor."),
    "paid": _amount(
        "Utbetalt",
        "Summa utbetalningar enligt Tillväxtverkets utbetalningar (utbetalningar.xlsx), "
        "återkrav avdragna, i kronor; tomt när utbetalningarna inte är avstämda.",
    ),
    "reported": _amount(
        "Redovisat",
        "Finansiering från Tillväxtverket som projekten själva redovisar (fliken Finansiering), i kronor.",
    ),
    "paid_minus_decided": _amount(
        "Utbetalt minus beslutat",
        "Utbetalt − beslutat, i kronor; negativt när inte hela beslutet betalats ut.",
    ),
    "reported_minus_paid": _amount(
        "Redovisat minus utbetalt",
        "Redovisat − utbetalt, i kronor; positivt när projektet redovisar mer än det fått.",
    ),
    "recovered": _amount("Återkrävt", "Summa återkrav (som positivt belopp), i kronor."),
    "payments": _count("Utbetalningar", "Antal rader i utbetalningarna (återkrav inräknade)."),
    "last_payment_date": _doc("Senaste utbetalning", "Datum för den senaste utbetalningen.", "date"),
    "payments_reconciled": _doc(
        "Utbetalningar avstämda",
        "true när utbetalningarna (utbetalningar.xlsx) lästes och stämts av; false när filen saknas "
        "eller inte kunde läsas, och utbetalt då är tomt.",
        "boolean",
    ),
    "paid_after_period": _amount(
        "Utbetalt efter perioden", "Summa utbetalningar daterade efter programperiodens sista dag, i kronor."
    ),
    "paid_other": _amount(
        "Utbetalt till övriga ärenden",
        "Summa utbetalningar till ärenden som inte är godkända projekt (åsidosatta, utan arbetsbok "
        "eller okända), i kronor.",
    ),
    "paid_all": _amount(
        "Utbetalt totalt", "Summa av alla rader i utbetalningarna, i kronor: utbetalt + utbetalt till övriga."
    ),
    "payment_deviation": _doc(
        "Avvikelse i utbetalningarna",
        "true när redovisat och utbetalt skiljer sig eller utbetalt är mer än beslutat; ett beslut "
        "som inte betalats ut helt är ingen avvikelse. Tomt när utbetalningarna inte är avstämda.",
        "boolean",
    ),
    "projects_differing": _count(
        "Projekt med avvikelser",
        "Antal godkända projekt med payment_deviation = true; tomt när utbetalningarna inte är avstämda.",
    ),
}


def _cell_docs(names: list[str]) -> dict[str, dict[str, str]]:
    """`<name>_cell` for every value whose cell address the extracted layer records."""
    return {
        f"{name}_cell": _doc(
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
    doc = COLUMN_DOCS.get(name)
    if doc is None:
        return {"name": name, "type": "string", "title": name, "description": ""}
    return {"name": name, **doc}
