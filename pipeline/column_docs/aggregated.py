"""Columns of the aggregated figures in 3_aggregated/ (the tables the report shows)."""

from __future__ import annotations

from .kinds import amount, count, doc, pct

AGGREGATED_DOCS: dict[str, dict[str, str]] = {
    "projects": count(
        "Projekt",
        "Antal godkända projekt (åsidosatta ingår inte); i findings_by_rule antal "
        "projekt med minst ett fynd.",
    ),
    "projects_set_aside": count(
        "Åsidosatta projekt",
        "Antal inkomna slutredovisningar som åsidosatts på grund av fel (raderna i set_aside: ett "
        "projekt, eller en arbetsbok utan ärende-id). Beslut utan arbetsbok räknas inte här: de "
        "inväntar sin slutredovisning och räknas i decisions_without_workbook.",
    ),
    "projects_reporting": count(
        "Rapporterande projekt", "Antal godkända projekt som rapporterat indikatorn."
    ),
    "regions": count("Län med projekt", "Antal län med minst ett godkänt projekt."),
    "budget_total": amount(
        "Budget totalt", "Summa budget i kronor för kostnadsslagen, med projektintäkter avdragna."
    ),
    "total_cost": amount(
        "Total kostnad", "Summa utfall i kronor för kostnadsslagen, med projektintäkter avdragna."
    ),
    "agency_paid": amount(
        "Redovisad finansiering från Tillväxtverket",
        "Tillväxtverkets finansiering i "
        "kronor så som projekten redovisar den i sin ekonomiska redovisning (inte "
        "Tillväxtverkets utbetalningar, som inte är indata).",
    ),
    "public_cash": amount("Offentlig kontant finansiering", "Offentlig medfinansiering i pengar, i kronor."),
    "public_in_kind": amount(
        "Offentligt bidrag i annat än pengar", "Offentlig medfinansiering i annat än pengar, i kronor."
    ),
    "private_cash": amount("Privat kontant finansiering", "Privat medfinansiering i pengar, i kronor."),
    "private_in_kind": amount(
        "Privat bidrag i annat än pengar", "Privat medfinansiering i annat än pengar, i kronor."
    ),
    "cofinancing_total": amount(
        "Medfinansiering totalt", "Summa finansiering från andra än Tillväxtverket, i kronor."
    ),
    "frame_amount": amount(
        "Programmets ram", "Programmets totala ram i kronor enligt programkonfigurationen."
    ),
    "agency_share_pct": pct(
        "Tillväxtverkets andel", "Redovisad finansiering från Tillväxtverket / total kostnad × 100."
    ),
    "actual_vs_budget_pct": pct(
        "Utfall mot budget",
        "Total kostnad / budget totalt × 100, båda netto "
        "(projektintäkter avdragna); i category_totals kostnadsslagets utfall / dess "
        "budget × 100, båda som rapporterade (brutto).",
    ),
    "financing_total": amount(
        "Finansiering totalt", "Redovisad finansiering från Tillväxtverket plus medfinansiering, i kronor."
    ),
    "financing_of_cost_pct": pct("Finansiering mot kostnad", "Finansiering totalt / total kostnad × 100."),
    "unpaid_granted": amount(
        "Beviljat men inte redovisat",
        "Beviljat belopp (godkända projekt) minus redovisad finansiering från Tillväxtverket, i kronor.",
    ),
    "paid_of_granted_pct": pct(
        "Redovisat av beviljat",
        "Redovisad finansiering från Tillväxtverket / beviljat belopp (godkända projekt) × 100.",
    ),
    "paid_of_frame_pct": pct(
        "Redovisat av ramen", "Redovisad finansiering från Tillväxtverket / programmets ram × 100."
    ),
    "granted_of_frame_pct": pct("Beviljat av ramen", "Beviljat belopp / programmets ram × 100."),
    "cost_of_budget_pct": pct(
        "Kostnad mot budget",
        "Total kostnad / budget totalt × 100; båda netto, efter "
        "avdrag för projektintäkter, så att lika jämförs med lika.",
    ),
    "public_total": amount(
        "Offentlig medfinansiering", "Offentlig medfinansiering i pengar och i annat än pengar, i kronor."
    ),
    "private_total": amount(
        "Privat medfinansiering", "Privat medfinansiering i pengar och i annat än pengar, i kronor."
    ),
    "in_kind_total": amount(
        "Medfinansiering i annat än pengar", "Offentligt och privat bidrag i annat än pengar, i kronor."
    ),
    "public_of_cofinancing_pct": pct(
        "Offentlig andel av medfinansieringen", "Offentlig medfinansiering / medfinansiering totalt × 100."
    ),
    "private_of_cofinancing_pct": pct(
        "Privat andel av medfinansieringen", "Privat medfinansiering / medfinansiering totalt × 100."
    ),
    "in_kind_of_cofinancing_pct": pct(
        "Andel i annat än pengar av medfinansieringen",
        "Medfinansiering i annat än pengar / medfinansiering totalt × 100.",
    ),
    "share_pct": pct("Andel av finansieringen", "Finansiärens belopp / finansiering totalt × 100."),
    "share_of_cost_pct": pct("Andel av kostnaderna", "Finansiärens belopp / total kostnad × 100."),
    "agency_share_avg_pct": pct(
        "Tillväxtverkets andel, medel per projekt",
        "Medelvärdet av projektens andelar (projekt med kostnad över noll).",
    ),
    "agency_share_weighted_pct": pct(
        "Tillväxtverkets andel, vägd",
        "Summa redovisad finansiering från Tillväxtverket / summa total kostnad × 100.",
    ),
    # Issue 10: the register's decisions in full, and the cash cost beside the total cost.
    "decisions": count("Beslut", "Antal beslut (rader) i beslutsregistret."),
    "decisions_set_aside": count(
        "Beslut för åsidosatta projekt", "Antal beslut i registret vars projektarbetsbok åsidosatts."
    ),
    "decisions_without_workbook": count(
        "Beslut utan arbetsbok",
        "Antal beslut i registret utan godkänd "
        "eller åsidosatt projektarbetsbok (ingen skickades in, eller den "
        "kunde inte läsas); de listas i register_decisions.",
    ),
    "granted_register_total": amount(
        "Beviljat enligt beslutsregistret",
        "Summa beviljade belopp för alla "
        "beslut i beslutsregistret, i kronor: beviljat för godkända projekt + "
        "för åsidosatta projekt + för beslut utan arbetsbok.",
    ),
    "granted_accepted": amount(
        "Beviljat, godkända projekt",
        "Summa beviljade belopp för de godkända projekten (samma tal som granted_amount), i kronor.",
    ),
    "granted_set_aside": amount(
        "Beviljat, åsidosatta projekt",
        "Summa beviljade belopp i registret för "
        "projekt vars arbetsbok åsidosatts, i kronor; ingår inte i övriga "
        "sammanställningar.",
    ),
    "granted_without_workbook": amount(
        "Beviljat, beslut utan arbetsbok",
        "Summa beviljade belopp i registret för beslut utan godkänd eller åsidosatt arbetsbok, i kronor.",
    ),
    "frame_remaining": amount(
        "Kvar av ramen",
        "Programmets ram minus beviljat enligt beslutsregistret (alla "
        "beslut), i kronor; negativt om besluten överskrider ramen.",
    ),
    "cash_cost": amount(
        "Kostnad i pengar",
        "Total kostnad minus medfinansiering i annat än pengar, i kronor "
        "(kostnader i annat än pengar motsvaras av lika stora bidrag i annat än pengar).",
    ),
    "agency_share_of_cash_pct": pct(
        "Tillväxtverkets andel av kostnaden i pengar",
        "Redovisad finansiering "
        "från Tillväxtverket / kostnad i pengar × 100; jämför med "
        "agency_share_weighted_pct, andelen av den totala kostnaden.",
    ),
    "workbook_status": doc(
        "Arbetsbokens status",
        "Vad som hänt med beslutets projektarbetsbok: accepted "
        "(godkänd, ingår i sammanställningarna), set_aside (åsidosatt på grund av fel) "
        "eller no_workbook (ingen arbetsbok med detta ärende-id gick att läsa).",
    ),
    "outcome_pct": pct("Utfall mot mål", "Utfall / mål × 100."),
    "target_met": doc(
        "Målet nått",
        "true om utfallet når minst målet och målet är större än noll, annars false.",
        "boolean",
    ),
    "decisions_accepted": count(
        "Beslut för godkända projekt", "Antal beslut i registret vars projektarbetsbok godkänts."
    ),
    "indicators_reported": count(
        "Redovisade indikatorer", "Antal indikatorer som minst ett godkänt projekt redovisat."
    ),
    "indicators_met": count(
        "Indikatorer där målet nåtts",
        "Antal redovisade indikatorer vars summerade utfall når minst det summerade målet (target_met).",
    ),
    "has_good_example": doc(
        "Gott exempel", "true om projektet beskriver ett gott exempel, annars false.", "boolean"
    ),
    "good_example_title": doc("Gott exempel – rubrik", "Rubriken på projektets goda exempel."),
    "good_example": doc("Gott exempel – beskrivning", "Beskrivningen av projektets goda exempel."),
    "results": doc("Resultat", "Projektets beskrivning av sina resultat."),
    "lessons": doc("Lärdomar", "Projektets lärdomar."),
    # Issue 14: the agency's payments, and decided, paid and reported side by side.
    "payment_date": doc("Utbetalningsdatum", "Dag då Tillväxtverket betalade ut (ÅÅÅÅ-MM-DD).", "date"),
    "payment_amount": amount("Utbetalt belopp", "Utbetalningens belopp i kronor; ett återkrav är negativt."),
    "payment_kind": doc(
        "Utbetalningstyp",
        "advance (förskott), part_payment (delutbetalning), final_payment (slututbetalning) "
        "eller recovery (återkrav).",
    ),
    "decided": amount("Beslutat", "Beviljat belopp enligt beslutsregistret, i kronor."),
    "paid": amount(
        "Utbetalt",
        "Summa utbetalningar enligt Tillväxtverkets utbetalningar (utbetalningar.xlsx), "
        "återkrav avdragna, i kronor; tomt när utbetalningarna inte är avstämda.",
    ),
    "reported": amount(
        "Redovisat",
        "Finansiering från Tillväxtverket som projekten själva redovisar (fliken Finansiering), i kronor.",
    ),
    "paid_minus_decided": amount(
        "Utbetalt minus beslutat",
        "Utbetalt − beslutat, i kronor; negativt när inte hela beslutet betalats ut.",
    ),
    "reported_minus_paid": amount(
        "Redovisat minus utbetalt",
        "Redovisat − utbetalt, i kronor; positivt när projektet redovisar mer än det fått.",
    ),
    "recovered": amount(
        "Återkrävt",
        "Summa återkrav (som positivt belopp) till godkända projekt, i kronor; en del av utbetalt.",
    ),
    "payments": count(
        "Utbetalningar",
        "Antal rader med läsbart belopp i utbetalningarna (återkrav inräknade): projektets, och i "
        "payments_totals hela filens, oavsett ärende.",
    ),
    "last_payment_date": doc("Senaste utbetalning", "Datum för den senaste utbetalningen.", "date"),
    "payments_reconciled": doc(
        "Utbetalningar avstämda",
        "true när utbetalningarna (utbetalningar.xlsx) lästes och stämts av; false när filen saknas "
        "eller inte kunde läsas, och utbetalt då är tomt.",
        "boolean",
    ),
    "paid_before_period": amount(
        "Utbetalt före perioden",
        "Summa av utbetalningarnas rader daterade före programperiodens första dag, oavsett ärende "
        "(en del av utbetalt totalt), i kronor; varje sådan rad har en varning V33.",
    ),
    "paid_after_period": amount(
        "Utbetalt efter perioden",
        "Summa av utbetalningarnas rader daterade efter programperiodens sista dag, oavsett ärende "
        "(en del av utbetalt totalt), i kronor; varje sådan rad har en varning V33.",
    ),
    "paid_other": amount(
        "Utbetalt till övriga ärenden",
        "Summa utbetalningar till ärenden som inte är godkända projekt (undantagna, utan arbetsbok, "
        "okända eller utan ärende-id), i kronor.",
    ),
    "paid_all": amount(
        "Utbetalt totalt",
        "Summa av alla rader med läsbart belopp i utbetalningarna, i kronor: utbetalt + utbetalt till "
        "övriga. En rad utan läsbart belopp räknas inte och har ett fel vid sin cell.",
    ),
    "payment_deviation": doc(
        "Avvikelse i utbetalningarna",
        "true när redovisat och utbetalt skiljer sig med mer än payment_tolerance (V31, V32) eller "
        "utbetalt är mer än beslutat (V29): exakt de projekt som har ett sådant fynd. En skillnad "
        "inom toleransen och ett beslut som inte betalats ut helt är ingen avvikelse. Tomt när "
        "utbetalningarna inte är avstämda.",
        "boolean",
    ),
    "projects_differing": count(
        "Projekt med avvikelser",
        "Antal godkända projekt med payment_deviation = true; tomt när utbetalningarna inte är avstämda.",
    ),
}
