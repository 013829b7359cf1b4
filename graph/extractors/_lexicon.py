"""Closed word classes the rules share: titles, collective nouns, pronouns.

These are grammar, not world knowledge: which nouns name an office, which nouns
name a collective of people, how title abbreviations expand. Places and demonyms
come from data packages (see ``graph.gazetteer``).
"""

from __future__ import annotations

TITLE_ABBREVIATIONS: dict[str, str] = {
    "maj.": "Major",
    "gen.": "General",
    "lt.": "Lieutenant",
    "col.": "Colonel",
    "brig.": "Brigadier",
    "sgt.": "Sergeant",
    "capt.": "Captain",
    "adm.": "Admiral",
    "cmdr.": "Commander",
    "sen.": "Senator",
    "sens.": "Senators",
    "rep.": "Representative",
    "reps.": "Representatives",
    "gov.": "Governor",
    "pres.": "President",
    "sec.": "Secretary",
    "amb.": "Ambassador",
    "atty.": "Attorney",
    "supt.": "Superintendent",
    "dr.": "Doctor",
    "prof.": "Professor",
    "rev.": "Reverend",
    "insp.": "Inspector",
    "det.": "Detective",
    "cpl.": "Corporal",
    "pvt.": "Private",
}

# Head nouns of titles and offices ("spokesperson", "secretary", "president").
TITLE_NOUNS: frozenset[str] = frozenset(
    [
        "president",
        "vice-president",
        "chairman",
        "chairwoman",
        "chair",
        "chairperson",
        "ceo",
        "cfo",
        "coo",
        "cto",
        "founder",
        "cofounder",
        "co-founder",
        "director",
        "deputy",
        "minister",
        "secretary",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "spokespeople",
        "representative",
        "senator",
        "congressman",
        "congresswoman",
        "governor",
        "mayor",
        "ambassador",
        "envoy",
        "general",
        "major",
        "lieutenant",
        "colonel",
        "admiral",
        "captain",
        "commander",
        "sergeant",
        "colonel",
        "brigadier",
        "chief",
        "head",
        "leader",
        "premier",
        "chancellor",
        "king",
        "queen",
        "prince",
        "princess",
        "emperor",
        "sheikh",
        "emir",
        "sultan",
        "pope",
        "bishop",
        "cardinal",
        "archbishop",
        "rabbi",
        "imam",
        "judge",
        "justice",
        "attorney",
        "prosecutor",
        "lawyer",
        "counsel",
        "adviser",
        "advisor",
        "aide",
        "strategist",
        "analyst",
        "economist",
        "official",
        "officer",
        "diplomat",
        "negotiator",
        "correspondent",
        "reporter",
        "editor",
        "columnist",
        "anchor",
        "host",
        "commentator",
        "professor",
        "researcher",
        "scientist",
        "expert",
        "candidate",
        "nominee",
        "frontrunner",
        "front-runner",
        "challenger",
        "incumbent",
        "speaker",
        "whip",
        "leader",
        "manager",
        "chairman",
        "treasurer",
        "auditor",
        "commissioner",
        "superintendent",
        "inspector",
        "detective",
        "sheriff",
        "marshal",
        "president-elect",
        "doctor",
        "physician",
        "surgeon",
        "nurse",
        "economist",
        "pollster",
        "strategist",
        "consultant",
        "executive",
        "owner",
        "partner",
        "press-secretary",
        "secretary-general",
        "lawmaker",
        "legislator",
        "delegate",
        "councilman",
        "councilwoman",
        "councillor",
        "mp",
        "pm",
    ]
)

# Titles of those who lead a country or organization: "the Ukrainian leader" may refer
# to a person holding any of them.
LEADER_TITLES: frozenset[str] = frozenset(
    [
        "president",
        "premier",
        "chancellor",
        "king",
        "queen",
        "emperor",
        "emir",
        "sultan",
        "leader",
        "chairman",
        "chairwoman",
        "ceo",
        "head",
        "prime-minister",
        "minister",
        "governor",
        "mayor",
    ]
)

# Collective nouns for groups of people ("North Korean troops", "Ukrainian officials").
GROUP_NOUNS: frozenset[str] = frozenset(
    [
        "soldiers",
        "troops",
        "forces",
        "servicemen",
        "servicemembers",
        "personnel",
        "fighters",
        "militants",
        "rebels",
        "insurgents",
        "officials",
        "diplomats",
        "lawmakers",
        "legislators",
        "politicians",
        "leaders",
        "authorities",
        "officers",
        "police",
        "citizens",
        "people",
        "voters",
        "workers",
        "students",
        "protesters",
        "demonstrators",
        "refugees",
        "migrants",
        "immigrants",
        "civilians",
        "residents",
        "farmers",
        "activists",
        "supporters",
        "critics",
        "opponents",
        "analysts",
        "experts",
        "investigators",
        "prosecutors",
        "negotiators",
        "delegates",
        "conservatives",
        "liberals",
        "republicans",
        "democrats",
    ]
)
MILITARY_NOUNS: frozenset[str] = frozenset(
    ["soldiers", "troops", "forces", "servicemen", "servicemembers", "personnel", "fighters"]
)

PERSON_PRONOUNS: frozenset[str] = frozenset(["he", "she", "him", "her", "his", "hers", "himself", "herself"])
FIRST_PERSON: frozenset[str] = frozenset(["i", "me", "my", "mine", "we", "us", "our", "ours"])


def doc_text(doc) -> str:  # type: ignore[no-untyped-def]
    """The parsed text, computed once: spaCy rebuilds ``Doc.text`` from its tokens on every access."""
    text = doc.user_data.get("kg_text")
    if text is None:
        text = doc.user_data["kg_text"] = doc.text
    return text  # type: ignore[no-any-return]


# Last words that make a name an organization's ("Veltrix Pharma", "Ashby Rovers FC",
# "Vale Borough Council"), whatever the entity recognizer labelled it.
ORG_SUFFIXES: frozenset[str] = frozenset(
    """corp corp. corporation inc inc. incorporated ltd ltd. limited llc llp plc co co. company
    group holdings holding ag sa s.a. nv n.v. gmbh se asa ab oyj spa s.p.a. bv pty kk bhd
    pharma pharmaceuticals therapeutics biotech biosciences bank bancorp banking capital securities
    partners investments investment asset insurance assurance insurers airlines airways aviation
    motors automotive auto energy power utilities oil gas petroleum mining minerals resources
    metals steel chemicals chemie foods food beverages brewery breweries homes properties property
    realty construction engineering industries industrial technologies technology tech systems
    software labs laboratories networks telecom telecoms communications media logistics shipping
    tools appliances electronics devices instruments brands infra freight line lines rail railways ferries buses trains coaches cruises railway transport retail stores markets solutions services ventures
    enterprises consulting studios entertainment records publishing press broadcasting
    fc f.c. afc cf sc rovers athletic wanderers albion rangers hotspur
    council ministry department agency authority commission committee board bureau service
    institute university college school academy hospital clinic trust foundation fund society
    association federation union league party court tribunal police army navy parliament assembly
    senate congress centre center museum church charity alliance coalition organisation
    organization institution exchange observatory laboratory collective network initiative
    news times post journal herald gazette daily weekly tribune telegraph chronicle courier
    ledger radio tv television magazine review broadcasting""".split()
)

# Last words of streets, roads and squares: places, whatever the recognizer said.
STREET_SUFFIXES: frozenset[str] = frozenset(
    """street st st. road rd rd. avenue ave ave. lane boulevard blvd drive terrace crescent square
    highway motorway bridge quay wharf embankment parade promenade""".split()
)

# Nouns that refer back to an organization ("the company said", "the drugmaker said"),
# each with the kind of organization it suits. Nouns ending in "maker" suit companies too.
ORG_DESCRIPTORS: dict[str, str] = {
    **dict.fromkeys(
        """company firm group business corporation conglomerate giant startup start-up maker
        manufacturer producer supplier retailer chain carrier airline operator developer lender bank
        insurer brokerage broker miner refiner exporter importer distributor utility provider
        platform app website publisher broadcaster network outlet builder contractor designer shipper
        automaker carmaker drugmaker chipmaker steelmaker brewer owner investor fund""".split(),
        "company",
    ),
    **dict.fromkeys("club side team franchise outfit".split(), "club"),
    **dict.fromkeys(
        """ministry department agency government administration authority regulator watchdog
        council commission court tribunal office bureau service police army military
        parliament cabinet""".split(),
        "public",
    ),
    **dict.fromkeys(
        """union association federation organisation organization charity foundation trust
        institute university college school hospital society party alliance coalition campaign
        league body committee board""".split(),
        "body",
    ),
}

# Nouns for people by what they do or are ("the former coach said", "the 31-year-old said"):
# a definite one refers back to a person the text has named.
PERSON_NOUNS: frozenset[str] = TITLE_NOUNS | frozenset(
    """coach manager boss striker player midfielder goalkeeper keeper winger defender forward
    captain skipper batsman batter bowler rider cyclist runner athlete swimmer golfer driver
    jockey boxer fighter champion winner veteran star rookie referee umpire trainer
    astronomer physicist biologist chemist geologist ecologist climatologist epidemiologist
    virologist engineer architect author writer novelist poet filmmaker actor actress singer
    musician artist curator conservator historian archaeologist lecturer academic teacher
    headteacher headmaster headmistress principal student pupil shopkeeper owner resident
    farmer pilot firefighter paramedic constable magistrate barrister solicitor defendant
    witness victim juror plaintiff claimant suspect accused activist campaigner organiser
    organizer protester worker employee shareholder trader investor banker broker
    entrepreneur businessman businesswoman landlord tenant mechanic chef father mother son
    daughter brother sister wife husband widow widower man woman boy girl teenager
    grandmother grandfather pensioner volunteer fan organiser planner economist
    councillor councilor alderman mp mep politician campaigner specialist advocate caddie
    psychiatrist psychologist oceanographer scientist surgeon dentist pharmacist landowner
    spokesperson director youngster newcomer winner loser runner-up debutant prodigy
    briton spaniard frenchman frenchwoman dutchman dutchwoman englishman englishwoman scot
    welshman welshwoman irishman irishwoman dane swede finn pole turk kiwi aussie
    mayor-elect president-elect astrophysicist meteorologist forecaster steward
    toxicologist analyst agent promoter""".split()
)

# Honorifics and abbreviated titles that open a personal name ("Cllr Brennan", "Coun. Dubois").
HONORIFICS: frozenset[str] = frozenset(
    """mr mr. mrs mrs. ms ms. miss mx dr dr. prof prof. sir dame lord lady cllr cllr. coun coun.
    councillor rev rev. fr fr. hon hon. mp supt. insp. det. sgt. const. cmdr. lt. gov. sen.
    rep. gen. col. maj. capt.""".split()
)
