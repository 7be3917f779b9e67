"""The glossary of the aggregated figures: columns that several tables share, or that an extracted
table shares with an aggregated one. A name means the same in every table, so it is defined once,
here; a column only one aggregated table has is declared with that table (pipeline/aggregated_tables)."""

from __future__ import annotations

from ..schema import amount, count, doc, pct

AGGREGATED_DOCS: dict[str, dict[str, str]] = {
    "projects": count(
        "Projekt",
        "Antal godkända projekt (åsidosatta ingår inte); i findings_by_rule antal "
        "projekt med minst ett fynd.",
    ),
    "budget_total": amount(
        "Budget totalt", "Summa budget i kronor för kostnadsslagen, med projektintäkter avdragna."
    ),
    "total_cost": amount(
        "Total kostnad", "Summa utfall i kronor för kostnadsslagen, med projektintäkter avdragna."
    ),
    "agency_paid": amount(
        "Redovisad finansiering från Tillväxtverket",
        "Tillväxtverkets finansiering i kronor så som projekten redovisar den i sin ekonomiska "
        "redovisning (fliken Finansiering), summerad över åren. Vad Tillväxtverket faktiskt betalat "
        "ut enligt utbetalningarna (utbetalningar.xlsx) är paid i payments_by_project och "
        "payments_totals.",
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
    "share_pct": pct("Andel av finansieringen", "Finansiärens belopp / finansiering totalt × 100."),
    "share_of_cost_pct": pct("Andel av kostnaderna", "Finansiärens belopp / total kostnad × 100."),
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
}
