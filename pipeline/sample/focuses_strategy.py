"""Phrase banks for the focuses that name how a platform works and what it weighs: its collaboration
process, gender equality, integration and education planning (see `focuses`)."""

from __future__ import annotations

STRATEGY_FOCUSES: dict[str, dict[str, tuple]] = {
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
            (
                "Processledning med årlig uppföljning",
                (
                    "{owner} har anställt en processledare som håller ihop plattformens arbete och "
                    "rapporterar till styrgruppen.",
                    "Varje år följer styrgruppen upp vad insatserna för {sector} har lett till och beslutar om "
                    "nästa års prioriteringar.",
                    "Uppföljningen har gjort det lättare att visa de förtroendevalda vad plattformen ger, och "
                    "arbetet finansieras nu inom den ordinarie verksamheten.",
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
            (
                "Gemensamt underlag för planeringen av yrkesprogram",
                (
                    "Kommunerna {region_in} använder numera samma underlag när de planerar sina "
                    "yrkesprogram.",
                    "Underlaget visar elevernas val, arbetsgivarnas behov inom {sector} och var "
                    "utbildningarna ges, och {owner} tar fram det en gång om året.",
                    "Det har gjort att kommunerna i {place} och {place2} har delat upp utbildningarna mellan "
                    "sig i stället för att konkurrera om samma elever.",
                ),
            ),
        ),
    },
}
