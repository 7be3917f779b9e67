"""Reading rules: what the extract stage checks while it reads a file (one Rule per check).

The extract stage raises these; validation rules live beside their checks in the other modules.
Also here, because they are part of what a reading rule tells a person: the example written into
the message about a blank cell (`BLANK_CELL_EXAMPLES`) and which blank cells mean zero (none).
"""

from __future__ import annotations

from ..contract import Field
from .base import ERROR, WARNING, Rule

_RESAVE = "Öppna filen i Excel eller LibreOffice och spara den som Excel-arbetsbok (.xlsx)."

EMPTY_FILE = Rule("extract_empty_file", ERROR, "Filen är inte tom.", "Filen är tom (0 byte). " + _RESAVE)
WRONG_EXTENSION = Rule(
    "extract_wrong_extension",
    WARNING,
    "Filens ändelse stämmer med dess format.",
    "Filen är {actual} men har ändelsen {suffix}; den lästes som {actual}. Spara den som "
    "Excel-arbetsbok (.xlsx), eller ge den ändelsen {actual_suffix}.",
)
UNSUPPORTED_FORMAT = Rule(
    "extract_unsupported_format",
    ERROR,
    "Arbetsboken är sparad i ett format som läses med samma kontroller som .xlsx "
    "(.xlsx, .xlsm, .xls eller .ods).",
    "Filen är {format}, som inte läses: {reason}. " + _RESAVE,
)
SAME_PROJECT_TWO_FORMATS = Rule(
    "extract_same_workbook_two_formats",
    ERROR,
    "Varje arbetsbok finns i ett format, inte i flera med samma namn.",
    "Arbetsboken finns i flera format med samma namn: {files}. Behåll den som gäller (helst "
    "som .xlsx) och ta bort de andra ur mappen projects.",
)
PASSWORD_PROTECTED = Rule(
    "extract_password_protected",
    ERROR,
    "Arbetsboken är inte lösenordsskyddad.",
    "Arbetsboken är lösenordsskyddad och kan inte läsas. Ta bort lösenordet (Arkiv > Info > "
    "Skydda arbetsbok > Kryptera med lösenord, töm fältet) och spara igen.",
)
TEXT_RENAMED = Rule(
    "extract_text_renamed",
    ERROR,
    "Filen är en arbetsbok, inte en textfil (CSV).",
    "Filen är en textfil (t.ex. CSV) med ändelsen {suffix}. " + _RESAVE,
)
NOT_A_WORKBOOK = Rule(
    "extract_not_a_workbook",
    ERROR,
    "Filen är en Excel-arbetsbok.",
    "Filen är ingen Excel-arbetsbok ({reason}). " + _RESAVE,
)
CORRUPT_FILE = Rule(
    "extract_corrupt_file",
    ERROR,
    "Filen är en hel, oskadad zip-fil.",
    "Filen är skadad eller avkortad ({reason}). Spara om den från Excel eller skicka den på nytt.",
)
TOO_LARGE = Rule(
    "extract_too_large",
    ERROR,
    "Arbetsboken packas inte upp till orimligt mycket data.",
    "Arbetsboken läses inte: {reason}. En projektarbetsbok är normalt under 1 MB; ta bort "
    "överflödiga rader och bilder och spara om den.",
)
XML_ENTITIES = Rule(
    "extract_xml_entities",
    ERROR,
    "Arbetsboken innehåller inga XML-entitetsdeklarationer.",
    "Delen {part} innehåller en DOCTYPE/ENTITY-deklaration, som Excel aldrig skriver; den läses "
    "inte av säkerhetsskäl. " + _RESAVE,
)
UNREADABLE = Rule(
    "extract_unreadable", ERROR, "Arbetsboken kan läsas.", "Arbetsboken kan inte läsas ({reason}). " + _RESAVE
)
WORKER_FAILED = Rule(
    "extract_worker_failed",
    ERROR,
    "Läsningen av arbetsboken blir klar inom tids- och minnesgränsen.",
    "Läsningen avbröts ({reason}). Kontrollera att arbetsboken inte är onormalt stor, spara om "
    "den i Excel och kör igen.",
)
MISSING_SHEET = Rule(
    "extract_missing_sheet",
    ERROR,
    "Arbetsboken har alla flikar i mallen.",
    'Fliken "{wanted}" saknas. Lägg till den som i mallen; arbetsboken har flikarna: {present}.',
)
MISSING_HEADER = Rule(
    "extract_missing_header",
    ERROR,
    "Tabellflikarna har alla rubriker i mallen.",
    'Rubriken "{label}" hittas inte i rubrikraden (sökt i de {rows} första raderna). Skriv '
    "rubrikerna som i mallen: {labels}.",
)
MISSING_FIELD = Rule(
    "extract_missing_field",
    ERROR,
    "Alla uppgifter i mallen finns med.",
    'Raden "{label}" saknas i kolumn A. Lägg till den som i mallen, med värdet i kolumn B.',
)
UNLABELLED_VALUE = Rule(
    "extract_unlabelled_value",
    WARNING,
    "Varje värde i kolumn B har en känd etikett i kolumn A.",
    "Raden har ett värde i kolumn B men etiketten i kolumn A är {state}, så värdet läses inte. "
    "Skriv en av etiketterna i mallen: {labels}.",
)
DUPLICATE_FIELD = Rule(
    "extract_duplicate_field",
    WARNING,
    "Varje uppgift finns en gång.",
    'Raden "{label}" finns flera gånger; den första ({first}) används. Ta bort dubbletten.',
)
TOO_MANY_ROWS = Rule(
    "extract_too_many_rows",
    ERROR,
    "Fliken har ett rimligt antal rader.",
    "Fliken har fler än {limit} rader; bara de {limit} första lästes. Ta bort överflödiga rader "
    "(markera dem och välj Ta bort rader) och spara.",
)
UNKNOWN_LABEL = Rule(
    "extract_unknown_label",
    ERROR,
    "Kostnadsslag, finansiärer, indikatorer, mötestyper och utbetalningstyper är de i mallen.",
    'Okänt {what} "{value}". Använd en av: {valid}.',
)
BLANK_CELL = Rule(
    "extract_blank_cell",
    ERROR,
    "Varje cell på en ifylld tabellrad är ifylld (en tom cell räknas aldrig som noll).",
    'Cellen i kolumnen "{label}" är tom, men raden har andra uppgifter. Skriv {what} här, '
    "t.ex. {example}.{zero} Hör raden inte till tabellen, töm hela raden.",
)
BAD_AMOUNT = Rule("extract_bad_amount", ERROR, "Belopp går att läsa som tal.", "{reason}")
BAD_DATE = Rule("extract_bad_date", ERROR, "Datum går att läsa.", "{reason}")
BAD_YEAR = Rule("extract_bad_year", ERROR, "Årtal går att läsa.", "{reason}")
BAD_INT = Rule("extract_bad_int", ERROR, "Antal går att läsa som heltal.", "{reason}")
BAD_COUNTY = Rule("extract_bad_county", ERROR, "Länskoden är en giltig länskod.", "{reason}")
FORMULA_WITHOUT_RESULT = Rule(
    "extract_formula_without_result",
    ERROR,
    "Formler har ett sparat resultat.",
    "Cellen har en formel utan sparat resultat (filen har sparats av ett program som inte "
    "räknar), så värdet är okänt, inte noll. Öppna och spara arbetsboken i Excel eller LibreOffice.",
)
ROWS_AFTER_TOTALS = Rule(
    "extract_rows_after_totals",
    WARNING,
    "Inga poster står under Summa-raden.",
    "Raden står under Summa-raden och lästes inte. Flytta posten ovanför Summa-raden.",
)
TOO_MANY_FINDINGS = Rule(
    "extract_too_many_findings",
    WARNING,
    "Antalet fel per flik är begränsat i rapporten.",
    "Fler än {limit} fel på fliken; resten redovisas inte. Rätta dessa och kör igen.",
)
LOCK_FILE = Rule(
    "extract_lock_file",
    WARNING,
    "Inga arbetsböcker är öppna under körningen.",
    "Låsfilen ({program}) ignoreras; arbetsboken {name} verkar vara öppen. Stäng den i "
    "{program} så att de senaste ändringarna är sparade.",
)
IGNORED_FILE = Rule(
    "extract_ignored_file",
    WARNING,
    "Inputs-mappen innehåller bara indatafiler.",
    "Filen läses inte: {reason}. Flytta den ur inputs-mappen om den inte hör dit.",
)
REGISTER_MISSING = Rule(
    "extract_register_missing",
    ERROR,
    "Beslutsregistret finns och kan läsas.",
    'Beslutsregistret saknas: lägg {name} i inputs-mappen (flik "{sheet_name}").',
)
MEETINGS_MISSING = Rule(
    "extract_meetings_missing",
    ERROR,
    "Listan över träffar finns och kan läsas.",
    'Listan över träffar saknas: lägg {name} i inputs-mappen (flik "{sheet_name}").',
)

PAYMENTS_MISSING = Rule(
    "extract_payments_missing",
    WARNING,
    "Tillväxtverkets utbetalningar finns, så att beslutat, utbetalt och redovisat kan stämmas av.",
    "Utbetalningarna är inte avstämda: {name} saknas i inputs-mappen. Rapporten redovisar "
    "projektens egen redovisning av finansieringen från Tillväxtverket, inte vad som betalats ut. "
    'Lägg ekonomisystemets utbetalningar i {name} (flik "{sheet_name}") och kör igen.',
)

READING_RULES: tuple[Rule, ...] = tuple(v for v in list(globals().values()) if isinstance(v, Rule))

# --- Blank cells in a table row. ------------------------------------------------------------------
# Decision (issue 10, point 1): no blank cell means zero. Every column of the costs, financing,
# indicators, register and meetings tables is required on a row that has any content; a blank is
# an error for the project, and the message says to write 0 where zero is what is meant. The
# example is what a person could write in that column (a column name means the same in every table).

BLANK_CELL_EXAMPLES: dict[str, tuple[str, str]] = {
    # column name → (what to write, in Swedish; an example)
    "year": ("årtalet", "2015"),
    "category": ("kostnadsslaget", '"Personal" (ett av mallens kostnadsslag)'),
    "budget": ("det budgeterade beloppet i kronor", "250 000"),
    "actual": ("utfallet i kronor", "250 000"),
    "source": ("finansiären", '"Tillväxtverket" (en av mallens finansiärer)'),
    "amount": ("beloppet i kronor", "250 000"),
    "indicator": ("indikatorns namn", '"Deltagande arbetsgivare" (en av mallens indikatorer)'),
    "target": ("målvärdet (ett antal)", "12"),
    "outcome": ("utfallet (ett antal)", "12"),
    "project_id": ("ärende-id", "Ä 2014-001234"),
    "county_code": ("länskoden", "14"),
    "owner": ("projektägaren", "Region Halland"),
    "title": ("projektets namn", "Kompetensplattform Halland"),
    "decision_date": ("beslutsdatumet", "2014-03-01"),
    "granted_amount": ("det beviljade beloppet i kronor", "1 500 000"),
    "start_date": ("startdatumet", "2014-03-01"),
    "end_date": ("slutdatumet", "2016-12-31"),
    "date": ("datumet för träffen", "2015-05-20"),
    "meeting_type": ("typen av träff", '"Erfarenhetsträff" eller "Tematräff"'),
    "theme": ("träffens tema", "Validering i vården"),
    "place": ("orten", "Jönköping"),
    "participants": ("antalet deltagare", "40"),
    "payment_date": ("utbetalningsdatumet", "2015-06-30"),
    "payment_amount": ("beloppet i kronor (återkrav negativt)", "250 000"),
    "payment_kind": (
        "typen av utbetalning",
        '"Förskott", "Delutbetalning", "Slututbetalning" eller "Återkrav"',
    ),
}
_ZERO = {"amount": " Är beloppet noll, skriv 0.", "int": " Blev det inget, skriv 0."}


def blank_cell_details(field: Field) -> dict[str, str]:
    """The message details of BLANK_CELL for a blank cell in the column `field`."""
    what, example = BLANK_CELL_EXAMPLES[field.name]
    return {"label": field.label, "what": what, "example": example, "zero": _ZERO.get(field.kind, "")}


__all__ = [
    "BLANK_CELL_EXAMPLES",
    "READING_RULES",
    "blank_cell_details",
    *(name for name, value in list(globals().items()) if isinstance(value, Rule)),
]
