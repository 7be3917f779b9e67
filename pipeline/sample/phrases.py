"""Swedish phrase banks for the sample programme's narratives (results, lessons, good examples).

Plain data, read by `narratives`; the banks for each focus are in `focuses`. A
template's placeholders are filled per project: {owner}, {region} ("Kalmar län", "Gotland"),
{region_in} ("i Kalmar län", "på Gotland"), {kommuner} ("länets tolv kommuner"), {vux} (the
municipal adult education), {place}/{place2} (towns in the county), {university},
{sector}/{sector2} (read after "inom" or "för"), {organisation} (the first sector's trade body),
{occupation}/{occupations} (singular/plural, the first sector's), {occupation2} (the second
sector's), {end_year}, {next_year}, {horizon}; and counted nouns from the project's indicator
outcomes ({employers}, {providers}, {skills_analyses}, {councils}, {programmes}, {validation},
{meetings}) so the text quotes the figures the workbook reports. A template that names the
municipalities ({kommuner} or the word "kommun…") is never used for Gotland, a single municipality.
"""

from __future__ import annotations

# County → (municipalities, towns, nearest university or university college, typical sectors).
# Municipality counts as since 2007 (SCB); sectors are keys of SECTORS.
COUNTY_FACTS: dict[str, tuple[int, tuple[str, ...], str, tuple[str, ...]]] = {
    "01": (
        26,
        ("Södertälje", "Norrtälje", "Botkyrka", "Huddinge", "Nacka", "Järfälla"),
        "Södertörns högskola",
        ("it", "care", "logistics"),
    ),
    "03": (
        8,
        ("Enköping", "Tierp", "Östhammar", "Heby", "Knivsta", "Älvkarleby"),
        "Uppsala universitet",
        ("lifescience", "manufacturing", "care"),
    ),
    "04": (
        9,
        ("Eskilstuna", "Nyköping", "Katrineholm", "Strängnäs", "Flen", "Gnesta"),
        "Mälardalens högskola",
        ("logistics", "manufacturing", "care"),
    ),
    "05": (
        13,
        ("Norrköping", "Linköping", "Motala", "Finspång", "Mjölby", "Valdemarsvik"),
        "Linköpings universitet",
        ("it", "manufacturing", "logistics"),
    ),
    "06": (
        13,
        ("Värnamo", "Gislaved", "Nässjö", "Tranås", "Vetlanda", "Gnosjö"),
        "Jönköping University",
        ("manufacturing", "wood", "logistics"),
    ),
    "07": (
        8,
        ("Växjö", "Ljungby", "Älmhult", "Markaryd", "Tingsryd", "Uppvidinge"),
        "Linnéuniversitetet",
        ("wood", "manufacturing", "care"),
    ),
    "08": (
        12,
        ("Kalmar", "Västervik", "Oskarshamn", "Nybro", "Vimmerby", "Emmaboda"),
        "Linnéuniversitetet",
        ("food", "hospitality", "manufacturing"),
    ),
    "09": (
        1,
        ("Visby", "Hemse", "Slite", "Klintehamn"),
        "Uppsala universitet Campus Gotland",
        ("hospitality", "food", "construction"),
    ),
    "10": (
        5,
        ("Karlskrona", "Ronneby", "Karlshamn", "Sölvesborg", "Olofström"),
        "Blekinge tekniska högskola",
        ("it", "shipyard", "automotive"),
    ),
    "12": (
        33,
        ("Malmö", "Helsingborg", "Kristianstad", "Hässleholm", "Ystad", "Landskrona"),
        "Malmö högskola",
        ("food", "lifescience", "logistics"),
    ),
    "13": (
        6,
        ("Halmstad", "Varberg", "Falkenberg", "Kungsbacka", "Laholm", "Hylte"),
        "Högskolan i Halmstad",
        ("hospitality", "logistics", "manufacturing"),
    ),
    "14": (
        49,
        ("Borås", "Trollhättan", "Skövde", "Uddevalla", "Lidköping", "Vänersborg"),
        "Högskolan Väst",
        ("automotive", "manufacturing", "care"),
    ),
    "17": (
        16,
        ("Karlstad", "Arvika", "Torsby", "Kristinehamn", "Säffle", "Hagfors"),
        "Karlstads universitet",
        ("forestry", "steel", "hospitality"),
    ),
    "18": (
        12,
        ("Örebro", "Karlskoga", "Lindesberg", "Kumla", "Hallsberg", "Askersund"),
        "Örebro universitet",
        ("logistics", "manufacturing", "care"),
    ),
    "19": (
        10,
        ("Västerås", "Köping", "Sala", "Fagersta", "Arboga", "Norberg"),
        "Mälardalens högskola",
        ("energy", "manufacturing", "logistics"),
    ),
    "20": (
        15,
        ("Borlänge", "Falun", "Mora", "Ludvika", "Avesta", "Malung-Sälen"),
        "Högskolan Dalarna",
        ("steel", "hospitality", "energy"),
    ),
    "21": (
        10,
        ("Gävle", "Sandviken", "Hudiksvall", "Bollnäs", "Söderhamn", "Ljusdal"),
        "Högskolan i Gävle",
        ("steel", "forestry", "care"),
    ),
    "22": (
        7,
        ("Sundsvall", "Härnösand", "Örnsköldsvik", "Sollefteå", "Kramfors", "Timrå"),
        "Mittuniversitetet",
        ("forestry", "it", "energy"),
    ),
    "23": (
        8,
        ("Östersund", "Krokom", "Strömsund", "Åre", "Sveg", "Bräcke"),
        "Mittuniversitetet",
        ("hospitality", "food", "care"),
    ),
    "24": (
        15,
        ("Umeå", "Skellefteå", "Lycksele", "Vilhelmina", "Storuman", "Vindeln"),
        "Umeå universitet",
        ("it", "manufacturing", "care"),
    ),
    "25": (
        14,
        ("Luleå", "Piteå", "Kiruna", "Boden", "Gällivare", "Pajala"),
        "Luleå tekniska universitet",
        ("mining", "steel", "hospitality"),
    ),
}
# Sectors every county recruits for, drawn beside the county's own.
COMMON_SECTORS = ("care", "construction", "transport")

# Sector → (name after "inom"/"för", trade body or college, occupations as (singular, plural)).
SECTORS: dict[str, tuple[str, str, tuple[tuple[str, str], ...]]] = {
    "care": (
        "vård och omsorg",
        "Vård- och omsorgscollege",
        (
            ("undersköterska", "undersköterskor"),
            ("vårdbiträde", "vårdbiträden"),
            ("skötare inom psykiatrin", "skötare inom psykiatrin"),
        ),
    ),
    "construction": (
        "bygg och anläggning",
        "Sveriges Byggindustrier",
        (
            ("betongarbetare", "betongarbetare"),
            ("VVS-montör", "VVS-montörer"),
            ("anläggningsmaskinförare", "anläggningsmaskinförare"),
        ),
    ),
    "transport": (
        "transport",
        "Transportföretagen",
        (("lastbilsförare", "lastbilsförare"), ("bussförare", "bussförare")),
    ),
    "it": (
        "IT och digitalisering",
        "IT&Telekomföretagen",
        (("systemutvecklare", "systemutvecklare"), ("drifttekniker", "drifttekniker")),
    ),
    "logistics": (
        "handel och logistik",
        "Svensk Handel",
        (("lagerarbetare", "lagerarbetare"), ("truckförare", "truckförare")),
    ),
    "manufacturing": (
        "tillverkningsindustrin",
        "Teknikcollege",
        (
            ("CNC-operatör", "CNC-operatörer"),
            ("svetsare", "svetsare"),
            ("underhållstekniker", "underhållstekniker"),
        ),
    ),
    "lifescience": (
        "life science",
        "läkemedelsföretagens nätverk",
        (("laboratorieassistent", "laboratorieassistenter"), ("processoperatör", "processoperatörer")),
    ),
    "wood": (
        "trä- och möbelindustrin",
        "Trä- och möbelföretagen",
        (("träarbetare", "träarbetare"), ("möbelsnickare", "möbelsnickare")),
    ),
    "food": (
        "livsmedelsindustrin",
        "Livsmedelsföretagen",
        (("livsmedelsoperatör", "livsmedelsoperatörer"), ("bagare", "bagare")),
    ),
    "hospitality": ("besöksnäringen", "Visita", (("kock", "kockar"), ("servitör", "servitörer"))),
    "shipyard": (
        "varvs- och marinindustrin",
        "Teknikföretagen",
        (("plåtslagare", "plåtslagare"), ("svetsare", "svetsare")),
    ),
    "automotive": (
        "fordonsindustrin",
        "Teknikcollege",
        (("montör", "montörer"), ("fordonstekniker", "fordonstekniker")),
    ),
    "forestry": (
        "skogsnäringen",
        "Skogsindustrierna",
        (("skogsmaskinförare", "skogsmaskinförare"), ("sågverksoperatör", "sågverksoperatörer")),
    ),
    "steel": (
        "stål- och verkstadsindustrin",
        "Jernkontoret",
        (("processoperatör", "processoperatörer"), ("underhållsmekaniker", "underhållsmekaniker")),
    ),
    "energy": (
        "energi och automation",
        "Teknikcollege",
        (("automationstekniker", "automationstekniker"), ("elektriker", "elektriker")),
    ),
    "mining": (
        "gruv- och mineralnäringen",
        "Svemin",
        (("bergarbetare", "bergarbetare"), ("elektriker", "elektriker")),
    ),
}

# Sentences that quote an indicator outcome; a template is used only when its counts are above zero.
# Employer figures are always written "{employers} och {providers}" (the tests read them back).
COUNTED_SENTENCES: tuple[str, ...] = (
    "I dialogen har {employers} och {providers} deltagit, de flesta med anknytning till {sector} eller "
    "till {sector2}.",
    "Sammanlagt har {employers} och {providers} medverkat i arbetsgrupper, workshoppar och rådsmöten "
    "{region_in}, flest inom {sector2}.",
    "Under projekttiden har {employers} och {providers} deltagit i minst ett av projektets möten, de "
    "flesta från {place} och {place2}.",
    "Projektet har tagit fram {skills_analyses} som underlag för planeringen av utbildning, bland annat "
    "för {occupations} inom {sector}.",
    "{university} har medverkat i arbetet med {skills_analyses}, som har presenterats för huvudmännen och "
    "Arbetsförmedlingen.",
    "Inom projektet har {councils} startats, och arbetsgivarna inom {sector} har varit de mest aktiva i dem.",
    "Projektet har startat {councils} där arbetsgivare och utbildningsanordnare {region_in} möts "
    "regelbundet, det första för {sector2}.",
    "Efter behov som arbetsgivarna lyft har {programmes} startats eller lagts om, senast utbildningen till "
    "{occupation} i {place}.",
    "Projektet har bidragit till att {programmes} inom {sector2} har startats eller förändrats {region_in}.",
    "Tillsammans med {organisation} har {validation} utvecklats och prövats på arbetsplatser i {place}.",
    "Projektet har utvecklat {validation}, som nu används av {vux} för blivande {occupations}.",
    "Totalt har {meetings} genomförts, från små arbetsmöten i {place} till regionala konferenser.",
)

# How results end: what happens to the work after the project.
CONTINUATION: tuple[str, ...] = (
    "Arbetet med {sector} fortsätter inom {owner} efter projekttiden och finansieras med ordinarie medel.",
    "Från {next_year} ingår arbetet med {sector} i den ordinarie verksamheten hos {owner}.",
    "Styrgruppen har beslutat att arbetssättet ska leva kvar efter {end_year}, men finansieringen av "
    "insatserna i {place} är ännu inte helt klar.",
    "Det är för tidigt att säga om förändringarna inom {sector2} håller på sikt, men parterna {region_in} "
    "har kommit överens om att fortsätta träffas.",
    "En del av arbetet har inte kunnat föras vidare efter projekttiden, framför allt insatserna i {place2}.",
    "Resultaten redovisades på en avslutande konferens i {place} {end_year}, där parterna också "
    "diskuterade hur arbetet ska fortsätta.",
    "Efter {end_year} tar {university} och {owner} tillsammans ansvar för att underlagen om {sector2} "
    "hålls aktuella.",
    "Arbetssätten har dokumenterats i en handbok, så att de kan användas även när nya personer tar över "
    "arbetet i {place}.",
)

# Lessons: what worked, and what the project would do differently.
WORKED: tuple[str, ...] = (
    "Det som fungerade bäst var när en arbetsgivare inom {sector} i {place} själv presenterade sina "
    "behov för utbildningsanordnarna.",
    "Samarbetet med {university} gav analyserna en tyngd som gjorde dem lättare att använda i planeringen.",
    "Underlagen om {sector2} fick genomslag först när de togs fram tillsammans med dem som skulle använda "
    "dem, i första hand {vux}.",
    "Arbetsförmedlingen var en viktig part i arbetet i {place}, och samarbetet fungerade bäst där det "
    "fanns en fast kontaktperson.",
    "Korta, konkreta möten på arbetsgivarnas villkor fungerade bättre än stora konferenser, särskilt för "
    "arbetsgivarna inom {sector2} i {place2}.",
    "De mindre kommunerna {region_in} har haft mest nytta av det gemensamma arbetet, eftersom de saknar "
    "egna analysresurser.",
    "Branschråden fungerar bäst när en arbetsgivare leder arbetet och plattformen står för sekretariatet; "
    "rådet för {sector} i {place} visar det.",
    "Studiebesök hos arbetsgivare i {place} gav lärare och vägledare en bild av yrket som {occupation} som "
    "inga rapporter kunnat ge.",
    "Att {organisation} deltog från början gjorde det lättare att få gehör hos arbetsgivarna i {place}.",
)
DIFFERENTLY: tuple[str, ...] = (
    "Om vi började om skulle vi förankra projektets mål hos kommunledningarna {region_in} redan när "
    "ansökan skrevs, särskilt i {place2}.",
    "I efterhand borde mer tid ha avsatts för processledning; en halvtidstjänst räckte inte för att hålla "
    "ihop arbetet med {sector}.",
    "Vi skulle i dag ta med arbetsgivarna inom {sector} tidigare, redan när aktiviteterna planerades.",
    "Nästa gång skulle vi beskriva utgångsläget för {sector} noggrannare vid start, så att det går att "
    "visa vad som har förändrats.",
    "Vi hade behövt konkreta exempel tidigt; när de första resultaten i {place} kunde visas blev det "
    "lättare att få med fler.",
    "Projektet hade för många mål, och i dag skulle vi prioritera arbetet med {sector} och med {sector2} "
    "och låta resten vänta.",
    "Vi skulle ha involverat {vux} i {place} i styrgruppen från början i stället för att informera i "
    "efterhand.",
    "Med facit i hand skulle vi ha lagt mindre tid på stora rapporter och mer på att träffa arbetsgivarna "
    "inom {sector2}.",
    "En lärdom är att avtala tidigt om vem som äger arbetet efter projektet; för insatserna inom {sector} "
    "blev det oklart mot slutet.",
)

# Why an indicator fell short of its target (the lessons explain a low outcome, as the
# warning asks); the sentence after "Målet om … nåddes inte; utfallet blev …".
SHORTFALL_REASONS: dict[str, str] = {
    "skills_analyses": "Analysarbetet försenades när analytikertjänsten stod vakant i nästan ett år, och "
    "analysen för {sector2} fick skjutas upp.",
    "participating_employers": "Vi nådde färre arbetsgivare än planerat, främst för att de mindre "
    "företagen inom {sector} inte hade möjlighet att delta.",
    "participating_education_providers": "Färre utbildningsanordnare än väntat deltog, eftersom flera "
    "upphandlade anordnare i {place} byttes ut under projekttiden.",
    "sector_councils_started": "Flera av de planerade branschråden startade aldrig, eftersom arbetsgivarna "
    "inom {sector2} valde att arbeta vidare i befintliga nätverk.",
    "education_programmes_changed": "Beslut om nya utbildningar tar längre tid än projektperioden, och "
    "flera förslag inom {sector} ligger fortfarande hos huvudmännen.",
    "validation_models": "Valideringsmodellerna tog längre tid än planerat, eftersom kraven för "
    "{occupations} behövde stämmas av med branschen nationellt.",
    "meetings_and_activities": "Parterna ville hellre träffas mer sällan och ha mer tid per möte, så "
    "projektet höll färre men längre möten i {place} än planerat.",
}
