"""Swedish phrase banks for each focus a sample project's title names (see `sample_phrases` for
the placeholders)."""

from __future__ import annotations

# Each focus (from the project's title): what was built, what changed, what was hard, and good
# examples as (title, description sentences). Built sentences name the owner or the region.
FOCUSES: dict[str, dict[str, tuple]] = {
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
    "process": {
        "built": (
            "{owner} har utvecklat processledningen av kompetensplattformen, med en styrgrupp där "
            "kommunerna, Arbetsförmedlingen, {university} och arbetsmarknadens parter {region_in} ingår.",
            "Projektet har gett kompetensplattformen {region_in} en fast organisation, med processledare "
            "och en handlingsplan där insatser för {sector} och för {sector2} är prioriterade.",
            "Under projekttiden har {owner} tagit fram en strategi för kompetensförsörjning i samverkan "
            "med {kommuner}, med särskild vikt vid {sector}.",
        ),
        "changed": (
            "Kompetensförsörjning är nu ett eget område i den regionala utvecklingsstrategin för {region}, "
            "och behoven inom {sector} lyfts fram särskilt.",
            "Samarbetet med {university} har formaliserats i en avsiktsförklaring om kompetensförsörjning "
            "inom bland annat {sector}.",
            "Handlingsplanen följs upp varje år av styrgruppen, och insatserna för {sector2} prioriterades "
            "vid den senaste uppföljningen.",
        ),
        "hard": (
            "Det tog tid att bygga förtroende mellan parterna {region_in}; de första mötena handlade mer "
            "om roller och mandat än om kompetensbehoven inom {sector}.",
            "Processledning är svår att redovisa som resultat, och vi hade svårt att visa styrgruppen vad "
            "arbetet i {place} ledde till under det första året.",
            "Personalomsättning hos flera parter gjorde att förankringen av handlingsplanen fick göras om "
            "mer än en gång, senast i {place2}.",
        ),
        "examples": (
            (
                "Handlingsplan för kompetensförsörjning inom {sector}",
                (
                    "Handlingsplanen togs fram av styrgruppen efter en serie möten i {place} och {place2} med "
                    "arbetsgivare och utbildningsanordnare.",
                    "Den pekar ut ett fåtal insatser, bland annat för {sector}, och anger vem som ansvarar för "
                    "varje insats.",
                    "Planen följs upp varje år, och {owner} redovisar uppföljningen för {region} i den "
                    "regionala utvecklingsstrategin.",
                ),
            ),
            (
                "En styrgrupp med mandat {region_in}",
                (
                    "Styrgruppen för kompetensplattformen består av chefer som kan fatta beslut i sina egna "
                    "organisationer, bland dem från {university}.",
                    "Det har gjort det möjligt att snabbt komma överens om gemensamma insatser, till exempel "
                    "en utbildning till {occupation} i {place}.",
                    "Processledaren hos {owner} förbereder mötena och följer upp besluten, senast om "
                    "insatserna inom {sector2}.",
                ),
            ),
        ),
    },
    "gender": {
        "built": (
            "{owner} har fört in ett jämställdhetsperspektiv i kompetensplattformens analyser, så att "
            "statistiken redovisas uppdelad på kvinnor och män, även för {sector}.",
            "Projektet har arbetat med att bredda rekryteringen till könsbundna yrken {region_in}, "
            "särskilt inom {sector} och inom {sector2}.",
            "Tillsammans med arbetsgivare inom {sector} har {owner} prövat sätt att göra yrket som "
            "{occupation} mer attraktivt för det underrepresenterade könet.",
        ),
        "changed": (
            "Studie- och yrkesvägledare i {place} har fått utbildning i att motverka könsstereotypa val, "
            "och arbetet fortsätter i deras nätverk.",
            "Andelen kvinnor bland de sökande till utbildningen till {occupation} har ökat något, men "
            "förändringen är liten.",
            "Analyserna redovisar nu kompetensbehoven inom {sector2} uppdelat på kvinnor och män, vilket "
            "har ändrat diskussionen med arbetsgivarna.",
        ),
        "hard": (
            "Det var lätt att få medhåll för jämställdhet i allmänhet men svårt att få arbetsgivarna inom "
            "{sector} att ändra sina egna rekryteringsrutiner.",
            "Ett jämställdhetsperspektiv behöver finnas med från början; där det lades till i efterhand, "
            "som i arbetet med {sector2}, blev det en sidofråga.",
            "Förändringar i könsfördelningen bland {occupations} tar längre tid än en projektperiod, och "
            "det går ännu inte att visa några effekter.",
        ),
        "examples": (
            (
                "Jämställd rekrytering inom {sector}",
                (
                    "Arbetsgivare inom {sector} {region_in} har gått igenom sina platsannonser och "
                    "urvalsrutiner tillsammans med projektet.",
                    "Flera har ändrat hur de beskriver arbetet som {occupation} och bjuder nu in skolklasser "
                    "till öppet hus.",
                    "Arbetet följs upp med statistik över sökande till utbildningarna i {place} uppdelat på "
                    "kvinnor och män.",
                ),
            ),
            (
                "Könsuppdelad statistik i analyserna för {region}",
                (
                    "All statistik i analyserna redovisas nu uppdelat på kvinnor och män, från länsnivå ned "
                    "till {place}.",
                    "Det har gjort det tydligt hur skev könsfördelningen är inom {sector2}, och frågan har "
                    "tagits upp i branschråden.",
                    "Arbetssättet har spridits till vuxenutbildningen i {place}.",
                ),
            ),
        ),
    },
    "integration": {
        "built": (
            "{owner} har tillsammans med Arbetsförmedlingen och {vux} tagit fram ett snabbspår där "
            "nyanländas yrkeskunnande inom {sector} kartläggs och kompletteras.",
            "Projektet har byggt upp ett samarbete mellan sfi, yrkesvux och arbetsgivare {region_in}, så "
            "att nyanlända kan kombinera språkstudier med yrkesutbildning inom {sector}.",
            "Kompetensplattformen {region_in} har fått ett tydligt integrationsperspektiv, med en "
            "kartläggning av nyanländas utbildning och yrkeserfarenhet, till exempel inom {sector2}.",
        ),
        "changed": (
            "En utbildning till {occupation} med språkstöd har startats i {place}, där svenska för "
            "invandrare läses parallellt med yrkeskurserna.",
            "Arbetsgivare inom {sector} har tagit emot nyanlända för praktik, och flera deltagare har fått "
            "anställning efter utbildningen.",
            "Kartläggningen av nyanländas kompetens används nu av etableringsverksamheten i {place2} i "
            "planeringen av insatser.",
        ),
        "hard": (
            "Antalet nyanlända {region_in} förändrades snabbt under projekttiden, och planeringen av "
            "utbildningarna inom {sector} fick göras om mer än en gång.",
            "Det var svårt att samordna insatser från flera myndigheter, eftersom regler och ersättningar "
            "för deltagarna i {place} skiljer sig åt.",
            "Många deltagare behövde mer tid för språket än utbildningen till {occupation} var planerad för.",
        ),
        "examples": (
            (
                "Snabbspår för {occupations}",
                (
                    "Nyanlända med erfarenhet inom {sector} får sitt kunnande kartlagt och validerat tidigt "
                    "under etableringen.",
                    "Den som behöver komplettera läser yrkessvenska och kurser för {occupations} parallellt "
                    "hos {vux}.",
                    "Arbetsgivare i {place} tar emot deltagarna på praktik, och flera har erbjudits "
                    "anställning.",
                ),
            ),
            (
                "Yrkessvenska för {occupations} i {place}",
                (
                    "Sfi-lärare och yrkeslärare planerar undervisningen tillsammans, så att språket övas i "
                    "situationer som {occupations} möter i arbetet.",
                    "Utbildningen har tagits fram med arbetsgivare inom {sector} och ges på kvällstid.",
                    "Upplägget har efterfrågats av fler orter {region_in}, bland annat {place2}.",
                ),
            ),
        ),
    },
    "planning": {
        "built": (
            "{owner} har utvecklat ett underlag för utbildningsplanering där analyserna av arbetsmarknaden "
            "ställs mot utbudet av utbildning {region_in}, först för {sector}.",
            "{owner} har tagit fram en modell för dimensionering av gymnasie- och vuxenutbildning som "
            "{kommuner} har ställt sig bakom, med {sector} som första område.",
            "Tillsammans med {university} och yrkeshögskolans anordnare har {owner} sammanställt vilka "
            "utbildningar som leder till arbete {region_in}, som grund för utbildningsplaneringen.",
        ),
        "changed": (
            "Underlaget har använts när huvudmännen beslutat om antalet platser på gymnasieskolans program "
            "inom {sector}.",
            "Yrkeshögskolans anordnare {region_in} använder nu underlaget i sina ansökningar, bland annat "
            "för en utbildning inom {sector2}.",
            "Planeringen av vuxenutbildningen i {place} utgår nu från den gemensamma analysen i stället "
            "för från tidigare års utbud.",
        ),
        "hard": (
            "Huvudmännen planerar sin utbildning i olika takt, och det var svårt att få underlaget klart i "
            "tid för besluten i {place2}.",
            "Elevernas val styr mycket av utbudet, och en bättre analys räcker inte för att ändra "
            "dimensioneringen av utbildningar inom {sector} på kort sikt.",
            "Det var svårt att få fram jämförbara uppgifter om hur det går för eleverna efter "
            "utbildningarna inom {sector2} hos anordnarna {region_in}.",
        ),
        "examples": (
            (
                "Dimensionering av utbildning inom {sector}",
                (
                    "Analysen ställer antalet som utbildas inom {sector} mot arbetsgivarnas behov och mot "
                    "pensionsavgångarna.",
                    "Den visade att för få utbildas till {occupation}, och huvudmännen har därefter utökat "
                    "antalet platser.",
                    "Analysen uppdateras vartannat år av {owner}, nästa gång med {sector2}.",
                ),
            ),
            (
                "Utbildningsutbudet inom {sector2} på en karta",
                (
                    "Alla yrkesinriktade utbildningar inom {sector2} {region_in} har samlats i en karta med "
                    "utbildningsort, antal platser och vilka yrken de leder till.",
                    "Kartan används av studie- och yrkesvägledare och av arbetsgivare i {place}.",
                    "Den har gjort det tydligt var utbudet överlappar och var det saknas, till exempel i "
                    "{place}.",
                ),
            ),
        ),
    },
}
