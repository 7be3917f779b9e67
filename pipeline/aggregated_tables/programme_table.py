"""The programme's totals: one row, summed from the detail rows, and the register's decisions in full.

Most of its columns only this table has, so they are defined here; the shared ones (total_cost,
agency_paid, …) are the glossary's (pipeline/column_docs).
"""

from __future__ import annotations

from ..schema import Table, amount, count, pct

PROGRAMME_TABLES = (
    Table(
        "programme_totals",
        "Programmet totalt",
        "En rad: programmets totaler för de godkända projekten, och beslutsregistrets beslut i sin "
        "helhet. Varje uppdelning (per län, år, kostnadsslag, finansiär) är avstämd mot dessa på kronan.",
        (
            "projects",
            (
                "projects_set_aside",
                count(
                    "Åsidosatta projekt",
                    "Antal inkomna slutredovisningar som åsidosatts på grund av fel (raderna i "
                    "set_aside: ett projekt, eller en arbetsbok utan ärende-id). Beslut utan arbetsbok "
                    "räknas inte här: de inväntar sin slutredovisning och räknas i "
                    "decisions_without_workbook.",
                ),
            ),
            ("regions", count("Län med projekt", "Antal län med minst ett godkänt projekt.")),
            "budget_total",
            "total_cost",
            "granted_amount",
            "agency_paid",
            (
                "frame_amount",
                amount(
                    "Programmets ram", "Programmets totala ram i kronor enligt programme.toml (frame_amount)."
                ),
            ),
            (
                "agency_share_avg_pct",
                pct(
                    "Tillväxtverkets andel, medel per projekt",
                    "Medelvärdet av projektens oavrundade andelar (agency_paid / total_cost × 100, "
                    "projekt med kostnad över noll), avrundat en gång.",
                ),
            ),
            (
                "agency_share_weighted_pct",
                pct(
                    "Tillväxtverkets andel, vägd",
                    "Summa redovisad finansiering från Tillväxtverket / summa total kostnad × 100.",
                ),
            ),
            "public_cash",
            "public_in_kind",
            "private_cash",
            "private_in_kind",
            "cofinancing_total",
            "financing_total",
            (
                "financing_of_cost_pct",
                pct("Finansiering mot kostnad", "Finansiering totalt / total kostnad × 100."),
            ),
            (
                "unpaid_granted",
                amount(
                    "Beviljat men inte redovisat",
                    "Beviljat belopp (godkända projekt) minus redovisad finansiering från "
                    "Tillväxtverket, i kronor.",
                ),
            ),
            (
                "paid_of_granted_pct",
                pct(
                    "Redovisat av beviljat",
                    "Redovisad finansiering från Tillväxtverket / beviljat belopp (godkända projekt) × 100.",
                ),
            ),
            (
                "paid_of_frame_pct",
                pct(
                    "Redovisat av ramen",
                    "Redovisad finansiering från Tillväxtverket / programmets ram × 100.",
                ),
            ),
            (
                "granted_of_frame_pct",
                pct("Beviljat av ramen", "Beviljat belopp (godkända projekt) / programmets ram × 100."),
            ),
            (
                "cost_of_budget_pct",
                pct(
                    "Kostnad mot budget",
                    "Total kostnad / budget totalt × 100; båda netto, efter avdrag för "
                    "projektintäkter, så att lika jämförs med lika.",
                ),
            ),
            (
                "public_total",
                amount(
                    "Offentlig medfinansiering",
                    "Offentlig medfinansiering i pengar och i annat än pengar, i kronor.",
                ),
            ),
            (
                "private_total",
                amount(
                    "Privat medfinansiering",
                    "Privat medfinansiering i pengar och i annat än pengar, i kronor.",
                ),
            ),
            (
                "in_kind_total",
                amount(
                    "Medfinansiering i annat än pengar",
                    "Offentligt och privat bidrag i annat än pengar, i kronor.",
                ),
            ),
            (
                "public_of_cofinancing_pct",
                pct(
                    "Offentlig andel av medfinansieringen",
                    "Offentlig medfinansiering / medfinansiering totalt × 100.",
                ),
            ),
            (
                "private_of_cofinancing_pct",
                pct(
                    "Privat andel av medfinansieringen",
                    "Privat medfinansiering / medfinansiering totalt × 100.",
                ),
            ),
            (
                "in_kind_of_cofinancing_pct",
                pct(
                    "Andel i annat än pengar av medfinansieringen",
                    "Medfinansiering i annat än pengar / medfinansiering totalt × 100.",
                ),
            ),
            "meetings",
            "meeting_participants",
            # Issue 10: the register's decisions in full, and the agency's share of the cash cost.
            ("decisions", count("Beslut", "Antal beslut (rader) i beslutsregistret.")),
            (
                "decisions_set_aside",
                count(
                    "Beslut för åsidosatta projekt",
                    "Antal beslut i registret vars projektarbetsbok åsidosatts.",
                ),
            ),
            (
                "decisions_without_workbook",
                count(
                    "Beslut utan arbetsbok",
                    "Antal beslut i registret utan godkänd eller åsidosatt projektarbetsbok (ingen "
                    "har kommit in, eller den kunde inte läsas): de inväntar sin slutredovisning och "
                    "listas i register_decisions med workbook_status no_workbook.",
                ),
            ),
            (
                "granted_register_total",
                amount(
                    "Beviljat enligt beslutsregistret",
                    "Summa beviljade belopp för alla beslut i beslutsregistret, i kronor: beviljat "
                    "för godkända projekt + för åsidosatta projekt + för beslut utan arbetsbok.",
                ),
            ),
            (
                "granted_accepted",
                amount(
                    "Beviljat, godkända projekt",
                    "Summa beviljade belopp för de godkända projekten (samma tal som granted_amount), "
                    "i kronor.",
                ),
            ),
            (
                "granted_set_aside",
                amount(
                    "Beviljat, åsidosatta projekt",
                    "Summa beviljade belopp i registret för projekt vars arbetsbok åsidosatts, i "
                    "kronor; ingår inte i övriga sammanställningar.",
                ),
            ),
            (
                "granted_without_workbook",
                amount(
                    "Beviljat, beslut utan arbetsbok",
                    "Summa beviljade belopp i registret för beslut utan godkänd eller åsidosatt "
                    "arbetsbok, i kronor.",
                ),
            ),
            (
                "frame_remaining",
                amount(
                    "Kvar av ramen",
                    "Programmets ram minus beviljat enligt beslutsregistret (alla beslut), i kronor; "
                    "negativt om besluten överskrider ramen.",
                ),
            ),
            (
                "cash_cost",
                amount(
                    "Kostnad i pengar",
                    "Total kostnad minus medfinansiering i annat än pengar (in_kind_total), i kronor: "
                    "en kostnad i annat än pengar (t.ex. nedlagd tid) motsvaras av ett lika stort "
                    "bidrag i annat än pengar, så resten är det som betalats med pengar.",
                ),
            ),
            (
                "agency_share_of_cash_pct",
                pct(
                    "Tillväxtverkets andel av kostnaden i pengar",
                    "Redovisad finansiering från Tillväxtverket (agency_paid) / kostnad i pengar "
                    "(cash_cost) × 100; jämför med agency_share_weighted_pct, andelen av den totala "
                    "kostnaden.",
                ),
            ),
            # Issue 11: counts the report states in words.
            (
                "decisions_accepted",
                count(
                    "Beslut för godkända projekt", "Antal beslut i registret vars projektarbetsbok godkänts."
                ),
            ),
            (
                "indicators_reported",
                count(
                    "Redovisade indikatorer",
                    "Antal indikatorer som minst ett godkänt projekt redovisat (projects_reporting > 0 "
                    "i indicators).",
                ),
            ),
            (
                "indicators_met",
                count(
                    "Indikatorer där målet nåtts",
                    "Antal redovisade indikatorer med target_met = true i indicators: det summerade "
                    "utfallet når minst det summerade målet, och målet är större än noll.",
                ),
            ),
        ),
    ),
)
