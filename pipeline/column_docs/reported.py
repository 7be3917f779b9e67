"""Columns of the reported facts: identity, provenance, costs and financing as reported, changes,
meetings, files and the findings of the checks."""

from __future__ import annotations

from ..schema import amount, count, doc

REPORTED_DOCS: dict[str, dict[str, str]] = {
    # --- Project facts and identity ---
    "project_id": doc("Ärende-id", 'Tillväxtverkets ärende-id för projektet, t.ex. "Ä 2014-001234".'),
    "title": doc("Projektnamn", "Projektets namn som det står i arbetsboken (i registret: i beslutet)."),
    "county_code": doc(
        "Länskod",
        "Tvåsiffrig länskod (01–25) för det län projektet avser; text, så att inledande nolla behålls.",
    ),
    "county_name": doc("Län", "Länets namn enligt länskoden."),
    "owner": doc("Projektägare", "Organisationen som äger projektet."),
    "owner_org_number": doc("Organisationsnummer", "Projektägarens organisationsnummer, NNNNNN-NNNN."),
    "contact_role": doc("Kontaktperson (roll)", "Kontaktpersonens roll (aldrig namn)."),
    "start_date": doc("Startdatum", "Projektets startdatum (ÅÅÅÅ-MM-DD).", "date"),
    "end_date": doc("Slutdatum", "Projektets slutdatum (ÅÅÅÅ-MM-DD).", "date"),
    "decision_date": doc("Beslutsdatum", "Datum för Tillväxtverkets beslut om stöd (ÅÅÅÅ-MM-DD).", "date"),
    "granted_amount": amount(
        "Beviljat belopp",
        "Belopp som Tillväxtverket beviljat enligt beslutet, i kronor. "
        "I sammanställningarna hämtas det från beslutsregistret.",
    ),
    # --- Provenance ---
    "source_file": doc("Källfil", "Filen värdet kommer från, relativt inputs-mappen."),
    "file": doc("Fil", "Filen fyndet gäller, relativt inputs-mappen; tomt om fyndet inte gäller en fil."),
    "sheet": doc("Flik", "Fliken i arbetsboken där värdet står."),
    "row": count("Rad", "Radnummer i fliken (1 = första raden), där posten står."),
    "cell": doc(
        "Cell", "Cellen (A1-notation) där värdet står; i sheet_headers cellen där kolumnens rubrik hittades."
    ),
    # --- Costs, financing, indicators as reported ---
    "year": count("År", "Kalenderår."),
    "category": doc("Kostnadsslag (kod)", "Kod för kostnadsslaget, t.ex. personnel eller project_income."),
    "category_label": doc("Kostnadsslag", "Kostnadsslagets namn som i Tillväxtverkets blanketter."),
    "budget": amount(
        "Budget", "Budgeterat belopp i kronor, som det rapporterats (projektintäkter positiva)."
    ),
    "actual": amount("Utfall", "Utfall i kronor, som det rapporterats (projektintäkter positiva)."),
    "budget_signed": amount(
        "Budget med tecken",
        "Budgeterat belopp i kronor som det räknas i budget totalt: projektintäkter negativa (avdrag).",
    ),
    "actual_signed": amount(
        "Utfall med tecken",
        "Utfall i kronor som det räknas i total kostnad: projektintäkter negativa (avdrag).",
    ),
    "deducted": doc(
        "Avdrag",
        "true om kostnadsslaget dras av från den totala kostnaden (projektintäkter), annars false.",
        "boolean",
    ),
    "source": doc("Finansiär (kod)", "Kod för finansieringskällan, t.ex. tillvaxtverket eller public_cash."),
    "source_label": doc("Finansiär", "Finansieringskällans namn."),
    "amount": amount("Belopp", "Belopp i kronor som finansiären betalat in."),
    "indicator": doc("Indikator (kod)", "Kod för indikatorn, t.ex. participating_employers."),
    "indicator_label": doc("Indikator", "Indikatorns namn."),
    "target": count("Mål", "Målvärde för indikatorn (antal)."),
    "outcome": count("Utfall (antal)", "Uppnått värde för indikatorn (antal)."),
    "field": doc("Fält", "Berättelsens fält: results, lessons, good_example_title eller good_example."),
    "text": doc("Text", "Fritexten som den står i arbetsboken."),
    "table": doc(
        "Tabell",
        "Vilken tabell i arbetsboken summaraden gäller (costs, financing …); i changes "
        "vilken tabell i outputs ändringen gäller (inputs för indatafilerna i manifest.json).",
    ),
    "column": doc(
        "Kolumn",
        "Vilken kolumn (kanoniskt namn) summaraden eller rubriken gäller, t.ex. actual; i "
        "changes vilken kolumn som ändrats.",
    ),
    # --- Changes since a previous run ---
    "change_kind": doc(
        "Typ av ändring",
        "input_added, input_removed, input_changed (indatafil tillagd, "
        "borttagen, ändrad enligt SHA-256), project_accepted, project_set_aside, "
        "project_status (projekt nyss godkänt, nyss åsidosatt, annan ändring av status som "
        "no_workbook eller borta; nyckeln är ärende-id), finding_new, "
        "finding_resolved (fynd nytt, löst), row_added, row_removed (rad tillagd, borttagen i en "
        "sammanställning), figure (ett tal i rapporten har ändrats) eller value (annat värde, "
        "t.ex. text eller datum, har ändrats).",
    ),
    "key": doc(
        "Nyckel",
        'Radens nyckel i tabellen (katalogens nyckelkolumner, åtskilda av " | "); för '
        "fynd regel, fil, flik, cell och ärende-id; för projekt ärende-id; tomt i programme_totals (en rad).",
    ),
    "before": doc("Före", "Värdet i föregående körning, som det står i dess CSV; tomt om det inte fanns."),
    "after": doc("Efter", "Värdet i denna körning, som det står i dess CSV; tomt om det inte finns längre."),
    "difference": doc(
        "Skillnad",
        "Efter minus före, exakt, i kolumnens enhet (kronor, antal eller "
        "procentenheter); bara för tal som finns i båda körningarna.",
        "number",
    ),
    "stated": amount("Angiven summa", "Summan som står på arbetsbokens Summa-rad, i kronor."),
    "rows_sum": amount("Radernas summa", "Summan av raderna ovanför Summa-raden, i kronor."),
    # --- Meetings ---
    "date": doc("Datum", "Datum för träffen (ÅÅÅÅ-MM-DD).", "date"),
    "meeting_type": doc(
        "Typ av träff (kod)", "experience_meeting (erfarenhetsträff) eller theme_meeting (tematräff)."
    ),
    "meeting_type_label": doc("Typ av träff", "Erfarenhetsträff eller tematräff."),
    "theme": doc("Tema", "Träffens tema."),
    "place": doc("Ort", "Orten där träffen hölls."),
    "participants": count("Deltagare", "Antal deltagare."),
    "meetings": count("Träffar", "Antal träffar."),
    "meeting_participants": count(
        "Deltagare i träffar", "Antal deltagare i programmets träffar, alla typer och år."
    ),
    # --- Files ---
    "kind": doc(
        "Filtyp",
        "Vad filen är: workbook (projektets arbetsbok), register, meetings, config, "
        "documentation (README eller .md i inputs-mappen, läses inte), lock_file (Excels låsfil), "
        "hidden (dold fil) eller other (okänd fil, ger en varning).",
    ),
    "status": doc(
        "Status",
        "Utfallet för filen eller projektet: för projekt accepted (godkänt), "
        "set_aside (åsidosatt på grund av fel) eller no_workbook (beslut i registret som ingen "
        "arbetsbok kommit in eller kunnat läsas för: inväntar slutredovisning); för filer om den "
        "gick att läsa.",
    ),
    "size_bytes": doc("Storlek", "Filens storlek i byte.", "integer", "byte"),
    "sha256": doc("SHA-256", "Filens SHA-256-kontrollsumma (hex), för spårbarhet."),
    # --- Validation ---
    "rule_id": doc("Regel", "Id för kontrollregeln som gav fyndet."),
    "severity": doc("Allvarlighet", "fel (projektet åsidosätts) eller varning (projektet tas med)."),
    "value": doc("Värde", "Värdet som fyndet gäller, som det stod i indata."),
    "message": doc("Meddelande", "Vad som är fel och hur det rättas."),
    "errors": count("Fel", "Antal fel som kontrollerna hittade för projektet."),
    "warnings": count("Varningar", "Antal varningar som kontrollerna hittade för projektet."),
    "first_error": doc("Första felet", "Meddelandet för projektets första fel; tomt om inga fel."),
    "checks": doc("Kontrollerar", "Vad regeln kontrollerar (för metodavsnittet); tomt om okänt."),
    "findings": count("Fynd", "Antal fynd."),
}
