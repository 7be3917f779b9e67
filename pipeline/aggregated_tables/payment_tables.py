"""Decided, paid and reported side by side (issue 14): per project, per project and year, in total."""

from __future__ import annotations

from ..schema import Table, amount, count, doc, flag

PAYMENT_TABLES = (
    Table(
        "payments_by_project",
        "Beslutat, utbetalt och redovisat per projekt",
        "En rad per godkänt projekt: beviljat enligt beslutsregistret, utbetalt enligt "
        "utbetalningarna och Tillväxtverkets finansiering som projektet redovisar, med skillnaderna.",
        (
            "project_id",
            "county_code",
            "decided",
            "paid",
            "reported",
            "paid_minus_decided",
            "reported_minus_paid",
            "recovered",
            "payments",
            (
                "last_payment_date",
                doc(
                    "Senaste utbetalning",
                    "Datum för projektets senaste rad i utbetalningarna med läsbart belopp, återkrav "
                    "inräknade (ett återkrav efter slututbetalningen ger återkravets datum); tomt när "
                    "projektet inte har någon utbetalning eller utbetalningarna inte är avstämda.",
                    "date",
                ),
            ),
            (
                "payment_deviation",
                flag(
                    "Avvikelse i utbetalningarna",
                    "true när redovisat och utbetalt skiljer sig med mer än payment_tolerance (V31, "
                    "V32) eller utbetalt är mer än beslutat (V29): exakt de projekt som har ett sådant "
                    "fynd. En skillnad inom toleransen och ett beslut som inte betalats ut helt är "
                    "ingen avvikelse. Tomt när utbetalningarna inte är avstämda.",
                ),
            ),
        ),
        key=("project_id",),
    ),
    Table(
        "payments_by_project_year",
        "Utbetalt och redovisat per projekt och år",
        "En rad per godkänt projekt och år då projektet antingen fått en utbetalning (utbetalningens "
        "datum avgör året, också före och efter programperioden: en slututbetalning 2018 ger en rad "
        "för 2018) eller redovisar finansiering från Tillväxtverket (fliken Finansiering, också med "
        "beloppet 0). Ett år utan utbetalning har utbetalt 0, ett år utan redovisning redovisat 0; "
        "när utbetalningarna inte är avstämda finns bara de redovisade åren, med utbetalt tomt. "
        "Skillnaderna ett enskilt år är oftast tidsförskjutning (utbetalning i efterskott).",
        ("project_id", "year", "paid", "reported", "reported_minus_paid"),
        key=("project_id", "year"),
    ),
    Table(
        "payments_totals",
        "Beslutat, utbetalt och redovisat totalt",
        "En rad: programmets summor av beslutat, utbetalt och redovisat, avstämda på kronan mot "
        "projekttabellerna; payments_reconciled säger om utbetalningarna stämts av. Utbetalningarna "
        "räknas över hela filen: varje rad med läsbart belopp ingår i paid_all = paid (godkända "
        "projekt) + paid_other (alla andra ärenden), och före och efter perioden gäller alla ärenden.",
        (
            (
                "payments_reconciled",
                flag(
                    "Utbetalningar avstämda",
                    "true när utbetalningarna (utbetalningar.xlsx) lästes och stämts av; false när "
                    "filen saknas eller inte kunde läsas, och utbetalt då är tomt.",
                ),
            ),
            "decided",
            "paid",
            "reported",
            "paid_minus_decided",
            "reported_minus_paid",
            "recovered",
            (
                "paid_before_period",
                amount(
                    "Utbetalt före perioden",
                    "Summa av utbetalningarnas rader daterade före programperiodens första dag, "
                    "oavsett ärende (en del av utbetalt totalt), i kronor; varje sådan rad har en "
                    "varning V33.",
                ),
            ),
            (
                "paid_after_period",
                amount(
                    "Utbetalt efter perioden",
                    "Summa av utbetalningarnas rader daterade efter programperiodens sista dag, "
                    "oavsett ärende (en del av utbetalt totalt), i kronor; varje sådan rad har en "
                    "varning V33.",
                ),
            ),
            (
                "paid_other",
                amount(
                    "Utbetalt till övriga ärenden",
                    "Summa utbetalningar till ärenden som inte är godkända projekt (undantagna, utan "
                    "arbetsbok, okända eller utan ärende-id), i kronor.",
                ),
            ),
            (
                "paid_all",
                amount(
                    "Utbetalt totalt",
                    "Summa av alla rader med läsbart belopp i utbetalningarna, i kronor: utbetalt + "
                    "utbetalt till övriga. En rad utan läsbart belopp räknas inte och har ett fel "
                    "vid sin cell.",
                ),
            ),
            "payments",
            (
                "projects_differing",
                count(
                    "Projekt med avvikelser",
                    "Antal godkända projekt med payment_deviation = true; tomt när utbetalningarna "
                    "inte är avstämda.",
                ),
            ),
        ),
    ),
)
