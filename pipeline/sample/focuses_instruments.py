"""Phrase banks for the focuses that name an instrument a platform builds: analyses and forecasts,
sector councils, validation, learning centres and vocational adult education (see `focuses`)."""

from __future__ import annotations

INSTRUMENT_FOCUSES: dict[str, dict[str, tuple]] = {
    "analysis": {
        "built": (
            "{owner} har under projekttiden byggt upp en analysfunktion som tar fram underlag om "
            "kompetensbehoven {region_in}, med {sector} som första fördjupning.",
            "Projektet har tagit fram en prognos över tillgång och efterfrågan på arbetskraft {region_in} "
            "fram till år {horizon}, med fördjupningar för {sector} och för {sector2}.",
            "Med registerdata från SCB och intervjuer med arbetsgivare inom {sector} har {owner} analyserat "
            "vilka yrken {region_in} som blir svårast att rekrytera till.",
            "Analysarbetet {region_in} har samlats i en kunskapsbank som {kommuner} och Arbetsförmedlingen "
            "använder i sin planering, bland annat av utbildning inom {sector2}.",
        ),
        "changed": (
            "Analyserna används nu i dialogen med {vux} om vilka yrkesutbildningar som ska erbjudas, "
            "senast inför upphandlingen av utbildning till {occupation}.",
            "Prognosen har presenterats för {university} och för yrkeshögskolans anordnare, som har använt "
            "den i ansökningar om nya utbildningar inom {sector}.",
            "Underlagen om {sector} har efterfrågats av arbetsgivare i {place}, som använder dem i sin "
            "egen personalplanering.",
        ),
        "hard": (
            "Det var svårt att göra analyserna begripliga för dem som inte arbetar med statistik; de "
            "första rapporterna om {sector} blev för långa och lästes av få.",
            "Statistiken för små yrkesgrupper är osäker på kommunnivå, och det tog tid att hitta en "
            "redovisning som var både korrekt och användbar i {place}.",
            "Arbetsgivarnas egna bedömningar av behovet av {occupations} skilde sig ibland mycket från "
            "prognosen, och vi fick lägga tid på att förklara skillnaderna.",
        ),
        "examples": (
            (
                "Kompetensbehovsanalys för {sector}",
                (
                    "Analysen byggde på registerdata och intervjuer med arbetsgivare inom {sector} {region_in}.",
                    "Den visade att pensionsavgångarna bland {occupations} blir stora de närmaste tio åren, "
                    "medan få utbildas.",
                    "Underlaget har använts av {vux} för att utöka antalet platser på utbildningen till "
                    "{occupation}.",
                ),
            ),
            (
                "Prognos till år {horizon} för {sector2}",
                (
                    "Prognosen för {region} visar tillgång och efterfrågan per utbildningsgrupp, med {sector2} "
                    "redovisad för sig, och uppdateras vartannat år.",
                    "Den presenteras på ett seminarium där studie- och yrkesvägledare, rektorer och "
                    "arbetsgivare inom {sector2} diskuterar slutsatserna.",
                    "Flera skolor i {place} har ändrat sin information till elever utifrån prognosen.",
                ),
            ),
            (
                "Arbetsgivarenkät för {sector}",
                (
                    "Varje höst svarar arbetsgivare inom {sector} {region_in} på en kort enkät om "
                    "rekryteringar och pensionsavgångar.",
                    "{owner} sammanställer svaren med registerdata och redovisar dem för kommunerna och "
                    "för {university}.",
                    "Enkäten visade tidigt att bristen på {occupations} skulle öka, och {vux} startade en ny "
                    "utbildning redan året därpå.",
                ),
            ),
        ),
    },
    "councils": {
        "built": (
            "{owner} har samordnat arbetet med branschråd där arbetsgivare, fackliga företrädare och "
            "utbildningsanordnare {region_in} möts kring kompetensbehoven, först inom {sector}.",
            "Projektet har byggt upp en struktur för dialog mellan arbetsgivare och utbildning "
            "{region_in}, med branschråden för {sector} och för {sector2} som de viktigaste "
            "mötesplatserna.",
            "Tillsammans med {organisation} har {owner} startat ett branschråd där arbetsgivare inom "
            "{sector} och utbildningsanordnare regelbundet går igenom rekryteringsbehoven.",
        ),
        "changed": (
            "Branschrådet för {sector} har lämnat synpunkter på innehållet i utbildningen till "
            "{occupation}, och flera arbetsgivare tar nu emot praktikanter från den.",
            "Arbetsgivare inom {sector} deltar numera i planeringen av yrkesutbildningarna i {place}, "
            "vilket de inte gjorde före projektet.",
            "Råden har gett {vux} en direkt kontakt med arbetsgivarna inom {sector2} som används även "
            "utanför projektet.",
        ),
        "hard": (
            "Det var svårt att få med små och medelstora företag inom {sector}; många kunde inte gå ifrån "
            "verksamheten för möten dagtid.",
            "Ett av råden tappade fart när den arbetsgivare i {place} som drivit frågan bytte arbete, "
            "vilket visar hur sårbart arbetet är när det bärs av enskilda.",
            "Förväntningarna på vad ett branschråd för {sector2} kan påverka var till en början "
            "orealistiska hos både arbetsgivare och utbildningsanordnare.",
        ),
        "examples": (
            (
                "Branschrådet för {sector}",
                (
                    "Rådet samlar arbetsgivare, fackliga företrädare och utbildningsanordnare {region_in} fyra "
                    "gånger om året, oftast i {place}.",
                    "Det har tagit fram en gemensam bild av behovet av {occupations} och lämnat förslag på hur "
                    "utbildningen kan läggas upp.",
                    "Sekretariatet ligger hos {owner}, medan en arbetsgivare inom {sector} leder mötena.",
                ),
            ),
            (
                "Arbetsgivarnas råd i {place}",
                (
                    "Arbetsgivare i {place}, främst inom {sector}, träffar gymnasieskolan och "
                    "vuxenutbildningen varje termin.",
                    "Mötena är korta och utgår från ett konkret underlag, till exempel antalet sökande till "
                    "utbildningen till {occupation}.",
                    "Rådet har lett till fler platser för arbetsplatsförlagt lärande och till att lärarna på "
                    "utbildningen till {occupation} gör studiebesök hos arbetsgivarna.",
                ),
            ),
            (
                "Praktikplatser genom branschrådet i {place}",
                (
                    "När arbetsgivarna inom {sector} i {place} hade svårt att rekrytera {occupations} tog "
                    "branschrådet fram en gemensam plan för praktikplatser.",
                    "Varje arbetsgivare i rådet har åtagit sig att ta emot minst en praktikant om året från "
                    "utbildningen till {occupation}.",
                    "Planen har gett fler avslutade utbildningar och har blivit en förebild för rådet inom "
                    "{sector2}.",
                ),
            ),
            (
                "Gemensam rekryteringsdag i {place2}",
                (
                    "Branschrådet för {sector} ordnar varje vår en rekryteringsdag i {place2} där deltagare i "
                    "vuxenutbildningen möter arbetsgivare.",
                    "Dagen planeras av {organisation} tillsammans med {vux}, och arbetsgivarna berättar själva "
                    "vilka {occupations} de behöver.",
                    "Flera deltagare har fått anställning direkt, och dagen har gjort utbildningen mer känd "
                    "bland arbetssökande.",
                ),
            ),
        ),
    },
    "validation": {
        "built": (
            "Tillsammans med {organisation} och {vux} har {owner} utvecklat ett arbetssätt för validering "
            "av yrkeskunnande {region_in}.",
            "Projektet har byggt upp en samordning av validering {region_in}, så att den som vill få sina "
            "kunskaper inom {sector} bedömda vet vart hen ska vända sig.",
            "{owner} har kartlagt vilken validering som erbjuds {region_in} och tillsammans med "
            "branscherna fyllt luckorna inom {sector}.",
        ),
        "changed": (
            "Deltagare som validerats som {occupations} har fått sina kunskaper dokumenterade och "
            "erbjudits en kortare, kompletterande utbildning.",
            "Validering är nu ett första steg i {vux} för blivande {occupations}, vilket har kortat "
            "studietiden för flera deltagare.",
            "Arbetsförmedlingen {region_in} hänvisar nu arbetssökande med erfarenhet inom {sector} till "
            "valideringen i {place}.",
        ),
        "hard": (
            "Det tog längre tid än planerat att få branschens godkännande av bedömningsunderlagen för "
            "{occupations}, eftersom kraven sätts nationellt.",
            "Validering är dyr för små anordnare, och finansieringen efter projekttiden är ännu inte löst "
            "för alla yrken inom {sector2}.",
            "Många deltagare behövde mer språkstöd än vi räknat med för att kunna visa sitt kunnande som "
            "{occupations}.",
        ),
        "examples": (
            (
                "Validering av {occupations}",
                (
                    "Modellen har tagits fram tillsammans med {organisation} och prövats på arbetsplatser i "
                    "{place}.",
                    "Deltagarna visar sitt kunnande som {occupation} i praktiska moment, och en yrkeskunnig "
                    "bedömare dokumenterar vad som saknas.",
                    "Den som behöver komplettera får en individuell studieplan hos {vux} i {place2}.",
                ),
            ),
            (
                "En väg in till validering i {place}",
                (
                    "Den som vill få sitt yrkeskunnande bedömt kontaktar en samordnare i {place}, som lotsar "
                    "vidare till rätt bransch.",
                    "Samordnaren har kontakt med Arbetsförmedlingen och med arbetsgivare inom {sector} och "
                    "inom {sector2}.",
                    "Arbetssättet har gjort att fler blivande {occupations} har kunnat validera sina kunskaper "
                    "utan att själva leta upp en bedömare.",
                ),
            ),
            (
                "Branschens validering av {occupations}",
                (
                    "Tillsammans med {organisation} har projektet infört branschens egen modell för "
                    "validering av {occupations}.",
                    "Bedömningen görs på en arbetsplats i {place} av en bedömare som branschen har utbildat, "
                    "och resultatet gäller i hela landet.",
                    "Modellen har gjort det lättare för {vux} att korta utbildningen för den som redan kan "
                    "yrket.",
                ),
            ),
        ),
    },
    "learning_centres": {
        "built": (
            "{owner} har tillsammans med {kommuner} byggt upp ett nätverk av lärcentra som samordnas från "
            "kompetensplattformen, med en nod i {place}.",
            "Projektet har utvecklat lärcentra {region_in} till platser där vuxna kan studera på distans "
            "med lokal handledning, bland annat inom {sector}.",
            "Lärcentrumet i {place} har fått en samordnande roll för distansutbildningen {region_in}, med "
            "stöd från {owner}.",
        ),
        "changed": (
            "Fler vuxna i {place2} kan nu läsa en yrkesutbildning utan att flytta, till exempel "
            "utbildningen till {occupation}.",
            "Lärcentra har börjat samarbeta med {university}, så att högskolekurser inom {sector2} kan "
            "läsas på hemorten.",
            "Gemensamma rutiner för handledning och tentamen gör att lärcentra {region_in} kan dela på "
            "utbildningar inom {sector}.",
        ),
        "hard": (
            "Kommunerna har olika förutsättningar, och det var svårt att enas om vad ett lärcentrum i "
            "{place2} minst ska erbjuda.",
            "Tekniken för distansundervisning fungerade inte alltid på de mindre orterna, och mycket tid "
            "gick åt till att lösa praktiska problem i {place}.",
            "Det var svårt att nå dem som har längst till en utbildningsort, och informationen om "
            "utbildningarna inom {sector} fick läggas om under projektets gång.",
        ),
        "examples": (
            (
                "Lärcentrum i {place}",
                (
                    "Lärcentrumet i {place} erbjuder studieplatser, handledning och tentamen för vuxna som "
                    "läser på distans.",
                    "Under projekttiden har utbudet utökats med en yrkesutbildning till {occupation}, där "
                    "praktiken görs hos arbetsgivare på orten.",
                    "Flera deltagare i {place} hade inte kunnat studera om de behövt pendla till en annan ort.",
                ),
            ),
            (
                "Distansutbildning till {occupation} med lokal handledning",
                (
                    "Utbildningen ges på distans från {place} och följs på lärcentra på flera orter {region_in}.",
                    "En handledare på varje lärcentrum håller ihop studiegruppen och har kontakt med "
                    "arbetsgivarna inom {sector}.",
                    "Upplägget används nu som förebild för fler utbildningar, bland annat inom {sector2}.",
                ),
            ),
        ),
    },
    "vocational_adult": {
        "built": (
            "{kommuner} har med stöd av {owner} kommit överens om en gemensam modell för yrkesvux i "
            "samverkan, med start inom {sector}.",
            "Projektet har samordnat planeringen av yrkesvux {region_in}, så att fler yrkesutbildningar "
            "inom {sector} kan erbjudas gemensamt än var och en klarar på egen hand.",
            "{owner} har tillsammans med {vux} och arbetsgivare inom {sector} tagit fram en gemensam "
            "utbildningskatalog för yrkesvux {region_in}.",
        ),
        "changed": (
            "Utbudet av yrkesvux har breddats, och utbildningen till {occupation} erbjuds nu i samverkan "
            "från {place}.",
            "Ansökan till yrkesvux {region_in} görs numera på en gemensam webbplats, vilket har gjort "
            "utbudet inom {sector2} lättare att hitta.",
            "Arbetsgivare inom {sector} är med och utformar kurserna och tar emot deltagare för "
            "arbetsplatsförlagt lärande.",
        ),
        "hard": (
            "Ersättningen mellan kommunerna för deltagare från {place2} tog lång tid att förhandla fram, "
            "och frågan är inte helt löst.",
            "Statsbidragen för yrkesvux beslutas år för år, vilket gjorde det svårt att planera "
            "utbildningar inom {sector2} som sträcker sig över flera terminer.",
            "Det var svårt att hitta lärare till utbildningen för {occupations}, och en kurs fick skjutas "
            "upp en termin.",
        ),
        "examples": (
            (
                "Yrkesvux i samverkan för {occupations}",
                (
                    "Utbildningen planeras gemensamt av vuxenutbildningen i flera kommuner och ges i {place}.",
                    "Arbetsgivare inom {sector} har varit med och tagit fram kursupplägget och tar emot "
                    "deltagarna på praktik.",
                    "Samverkan gör att utbildningen till {occupation} kan starta även när en enskild kommun "
                    "har för få sökande.",
                ),
            ),
            (
                "Gemensam utbildningskatalog för yrkesvux",
                (
                    "Katalogen samlar yrkesutbildningarna {region_in} på ett ställe, med startdatum, studieort "
                    "och vilka jobb de leder till, från {occupation} till {occupation2}.",
                    "Den uppdateras av {vux} och används av studie- och yrkesvägledare och av "
                    "Arbetsförmedlingens kontor som har {place} i sitt område.",
                    "Sökandet till utbildningarna inom {sector} har ökat sedan katalogen infördes.",
                ),
            ),
        ),
    },
}
