"""The words that say which side a declared label is on: individuals, organisations, people's roles
(see :func:`consult_analyser.pipeline.sectors.declared.label_side`), and what an organisation box
holds when it describes a person instead (:func:`describes_a_person`) or names no body at all (:func:`names_no_organisation`:
"N/A", a job title, a department or a legal form alone, as a signature's lines hold them)."""

import re
import unicodedata
from functools import lru_cache

# Phrases (cleaned: lower case, accents removed) that make a declared label a category of
# individuals, in the main European languages. A label is an organisation category unless it
# says it is one of these and names no kind of organisation ("Citizens' association" is one).
INDIVIDUAL_PHRASES = (
    "individual", "individuals", "an individual", "as an individual", "citizen", "citizens", "eu citizen",
    "non eu citizen", "member of the public", "members of the public", "private person", "private individual",
    "private citizen", "person", "personal", "myself", "self", "resident", "residents", "consumer",
    "individual response", "on my own behalf", "private", "retired", "student", "pensioner", "parent",
    "personne physique", "particulier", "particuliers", "citoyen", "citoyenne", "citoyens", "individu",
    "a titre personnel", "a titre individuel", "burger", "burgerin", "burger in", "buerger", "buergerin",
    "privatperson", "einzelperson", "privatperson en", "natuerliche person", "naturliche person",
    "ciudadano", "ciudadana", "ciudadanos", "particular", "persona fisica", "persona fisica privada",
    "cittadino", "cittadina", "cittadini", "privato", "privato cittadino", "persona", "burger nl",
    "particulier persoon", "inwoner", "natuurlijk persoon", "cidadao", "cidada", "pessoa singular",
    "obywatel", "osoba fizyczna", "medborgare", "privatperson sv", "kansalainen", "yksityishenkilo",
    "unigolyn", "fel unigolyn", "aelod or cyhoedd", "dinesydd",  # Welsh
)
ORGANISATION_WORDS = (
    "organisation", "organisations", "organization", "organizations", "association", "associations",
    "union", "unions", "body", "bodies", "authority", "authorities", "company", "companies", "business",
    "ngo", "federation", "council", "group", "institution", "institute", "agency", "administration",
    "government", "ministry", "university", "school", "church", "trust", "charity", "society", "network", "board",
    "firm", "enterprise", "enterprises", "chamber", "academic", "research", "public sector", "private sector",
    "industry", "industries", "private industry", "tribal", "tribe", "tribes", "state government",
    "local government", "corporation", "corporations", "cooperative", "co operative", "law firm", "coalition",
    "verband", "verein", "gewerkschaft", "unternehmen", "behorde", "organisation en", "entreprise",
    "federation fr", "syndicat", "administration publique", "empresa", "asociacion", "sindicato",
    "organizacion", "impresa", "associazione", "sindacato", "organizzazione", "bedrijf", "vereniging",
    "vakbond", "overheid", "stichting", "collectivite", "autorite", "fondation", "foundation",
    "legal person", "legal entity", "personne morale", "juristische person", "persona juridica",
    "persona giuridica", "rechtspersoon", "sefydliad", "busnes", "cyngor", "awdurdod", "elusen", "undeb",
)

#: a person describing themselves, not a kind of organisation: "I'm a teacher", "Mum", "NHS nurse",
#: "Volunteer at food bank" (typed into a free-text "which best describes you?" box)
PERSON_ROLES = (
    "mum", "mother", "dad", "father", "parent", "parents", "grandparent", "grandmother", "grandfather", "grandad",
    "nan", "carer", "teacher", "nurse", "midwife", "doctor", "gp", "farmer", "volunteer", "tenant", "homeowner",
    "worker", "employee", "patient", "service user", "taxpayer", "villager", "local person", "local resident",
    "dog owner", "cyclist", "driver", "commuter", "pupil", "graduate", "apprentice", "unemployed", "self employed",
    "jobseeker", "veteran", "widow", "widower", "husband", "wife", "son", "daughter", "youth worker", "social worker",
    "police officer", "firefighter", "paramedic", "librarian", "lecturer", "researcher", "scientist", "engineer",
    "artist", "writer", "musician", "vicar", "priest", "imam", "rabbi", "minister of religion",
    "undergraduate", "undergraduates", "postgraduate", "postgraduates", "undergrad", "postgrad", "alumnus", "alumna",
    "alumni", "learner", "trainee", "intern", "staff member", "member of staff", "practitioner", "clinician",
    "householder", "landlord", "leaseholder", "small business owner", "sole trader", "freelancer", "self-employed",
    # as an inquiry hears from them ("Bereaved family member"; "Carers' organisation" names an organisation)
    "family member", "family members", "relative", "relatives", "bereaved", "next of kin", "carers", "patients",
    "service users", "survivor", "survivors", "victim", "victims", "witness", "witnesses", "guardian", "guardians",
    "workers", "nurses", "staff", "employees", "whistleblower", "health professional", "care professional",
    # a school's people ("Headteacher", "School governor", "Teaching assistant")
    "headteacher", "headteachers", "head teacher", "head teachers", "governor", "governors", "teaching assistant",
    "teaching staff", "support staff", "teachers", "leader", "leaders",
)

#: roles a person names in an organisation box, beside :data:`PERSON_ROLES` ("I am a local councillor",
#: "School governor"): not organisation categories, so not among the words that decide a label's side
_MORE_ROLES = ("councillor", "local councillor", "parish councillor", "town councillor", "county councillor",
               "governor", "school governor", "magistrate", "foster carer", "childminder", "headteacher",
               "head teacher", "teaching assistant", "support worker", "care worker", "health visitor",
               "pharmacist", "dentist", "solicitor", "academic", "academic researcher", "mother of two",
               "mum of two", "mum of three", "dad of two", "member", "supporter", "campaigner", "activist")
#: words that only qualify a role: "Retired teacher", "NHS nurse", "Former local councillor"
_QUALIFIERS = frozenset("a an the my retired former ex nhs local primary secondary school senior junior part full time "
                        "qualified registered practising practicing trainee semi and concerned young older".split())
#: the same roles in French ("Étudiante", "Consommatrice", "Mère de trois enfants"; accents removed)
_FRENCH_ROLES = ("etudiant", "etudiante", "etudiants", "consommateur", "consommatrice", "consommateurs",
                 "enseignant", "enseignante", "infirmier", "infirmiere", "retraite", "retraitee", "agriculteur",
                 "agricultrice", "parent", "mere", "pere", "maman", "papa", "benevole", "contribuable", "patiente",
                 "medecin", "travailleur", "travailleuse", "salarie", "salariee", "proche aidant", "proche aidante",
                 "grand mere", "grand pere", "mom", "mommy", "momma", "mama",
                 "landwirt", "landwirtin", "studentin", "rentner", "rentnerin", "mutter", "vater", "verbraucher",
                 "verbraucherin", "estudiante", "jubilado", "jubilada", "agricultor", "agricultora", "madre", "padre",
                 "consumidor", "consumidora", "studente", "studentessa", "pensionato", "pensionata", "agricoltore",
                 "consumatore", "consumatrice")
_FIRST_PERSON_BOX = re.compile(r"^(?:i am|i m|im|as an?|speaking as|writing as|responding as)\b")
#: the same in other languages, where the rest must name a person too ("Je suis une citoyenne", "Ich bin
#: Landwirt"; not "Als Partner GmbH")
_FIRST_PERSON_ABROAD = re.compile(r"^(?:je suis|j suis|en tant que|ich bin|als|soy|como|sono|come)"
                                  r"(?: (?:un|une|ein|eine|einer|uno|una|la|le|el))? (.+)$")
_ROLES = frozenset(PERSON_ROLES) | frozenset(_MORE_ROLES) | frozenset(INDIVIDUAL_PHRASES) | frozenset(_FRENCH_ROLES)
#: "Mom of 3", "Mother of two", "Mère de trois": a parent's role with how many children
_OF_CHILDREN = re.compile(r"^(.+?) (?:of|de|von) (?:\d+|one|two|three|four|five|six|un|deux|trois|quatre|cinq|zwei"
                          r"|drei|vier)(?: (?:kids|children|boys|girls|sons|daughters|enfants|kinder))?$")


def describes_a_person(box: str) -> bool:
    """Whether what was typed as an organisation's name describes the person who typed it instead:
    "Retired teacher", "NHS nurse", "Parent", "I am a local councillor", "As a mum of three". Whole
    boxes only: "Carers Manchester" and "Patients Association" name organisations."""
    plain = unicodedata.normalize("NFKD", box.casefold()).encode("ascii", "ignore").decode()
    text = " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())
    if not text or len(text) > 60:
        return False
    if _FIRST_PERSON_BOX.match(text):
        return True
    if (abroad := _FIRST_PERSON_ABROAD.match(text)) is not None:
        return describes_a_person(abroad.group(1))
    if (children := _OF_CHILDREN.match(text)) is not None:
        text = children.group(1)
    if re.search(r"\d", text):
        return False
    words = [w for w in text.split() if w not in _QUALIFIERS]
    return bool(words) and (" ".join(words) in _ROLES or (len(words) == 1 and words[0].rstrip("s") in _ROLES))


#: the words of an individuals' sector that names no role ("Individual", "Member of the public")
PLAIN_INDIVIDUAL = frozenset({"individual", "individuals", "public", "citizen", "citizens", "private", "person",
                              "personal", "myself", "self", "resident", "residents", "unigolyn"})


def only_modifiers(text: str) -> bool:
    """Whether every organisation word of a (cleaned) label qualifies a person's role straight after it
    ("school staff", "university student", "council tenant"), as no organisation's name is put."""
    words = text.split()
    found = False
    for phrase in ORGANISATION_WORDS:
        size = len(phrase.split())
        for i in range(len(words) - size + 1):
            if " ".join(words[i:i + size]) == phrase:
                found = True
                after = " ".join(words[i + size:])
                if not after or not any(after == role or after.startswith(role + " ")
                                        for role in (*INDIVIDUAL_PHRASES, *PERSON_ROLES)):
                    return False
    return found


# A signature's job title, department or bare legal form names no body (see ingest/sender_org.py)
#: words of a job title, English, Welsh and the main European languages (whole words, any case)
JOB_WORDS = re.compile(
    r"\b(?:head|director|chief|manager|officer|chair|chairman|chairwoman|chairperson|secretary|president|"
    r"lead|executive|adviser|advisor|co-?ordinator|clerk|treasurer|trustee|partner|founder|co-founder|member|"
    r"councillor|consultant|specialist|analyst|solicitor|engineer|planner|ceo|coo|cfo|cto|md|vice|deputy|"
    r"assistant|senior|principal|professor|lecturer|researcher|volunteer|owner|proprietor|leader|priest|vicar|"
    r"rector|minister|pastor|imam|rabbi|chaplain|bishop|warden|mayor|headteacher|commissioner|"
    r"counsel|attorney|lawyer|paralegal|representative|administrator|supervisor|organi[sz]er|campaigner|"
    r"spokesperson|spokesman|spokeswoman|editor|economist|scientist|convenor|convener|superintendent|"
    r"vp|svp|evp|gm|intern|strategist|liaison|controller|registrar|associate|"
    # Welsh
    r"cadeirydd|ysgrifennydd|trysorydd|cyfarwyddwr|rheolwr|pennaeth|swyddog|prif\s+weithredwr|clerc|cynghorydd|"
    r"ymddiriedolwr|cydlynydd|is-gadeirydd|llywydd|"
    # French
    r"directeur|directrice|pr[ée]sident|pr[ée]sidente|vice-pr[ée]sidente?|secr[ée]taire|g[ée]rante?|"
    r"conseill(?:er|[èe]re)|coordonn(?:ateur|atrice)|responsable|charg[ée]e?|d[ée]l[ée]gu[ée]e?|"
    r"administrat(?:eur|rice)|fondat(?:eur|rice)|tr[ée]sori(?:er|[èe]re)|porte-parole|juriste|avocate?|"
    # German
    r"gesch[äa]ftsf[üu]hrer(?:in)?|vorsitzende[rn]?|leiter(?:in)?|referent(?:in)?|vorstand|vorst[äa]ndin|"
    r"sprecher(?:in)?|justiziar(?:in)?|syndikus|berater(?:in)?|sachbearbeiter(?:in)?|"
    # Spanish, Italian, Portuguese
    r"directora?|presidenta?|gerente|coordinadora?|secretari[ao]|jef[ae]|asesora?|abogad[ao]|"
    r"direttore|direttrice|responsabile|segretari[ao]|coordinat(?:ore|rice)|consigliere|avvocato|"
    r"diretora?|coordenadora?|"
    # Dutch
    r"voorzitter|secretaris|penningmeester|adviseur|beleidsmedewerker|beleidsadviseur|medewerker|hoofd)\b",
    re.I,
)

#: what a department does ("Government Affairs", "Public Policy", "Service juridique", "Rechtsabteilung")
_FUNCTIONS = {
    "affairs", "relations", "policy", "policies", "communications", "communication", "comms", "compliance",
    "legal", "advocacy", "engagement", "outreach", "campaigns", "marketing", "sales", "finance", "accounts",
    "procurement", "hr", "operations", "strategy", "research", "regulation", "membership", "fundraising",
    "sustainability", "partnerships", "resources",
    # French, German, Spanish, Italian, Dutch
    "affaires", "juridique", "juridiques", "conformite", "politique", "politiques",
    "recht", "rechtsabteilung", "politik", "kommunikation", "offentlichkeitsarbeit", "grundsatzfragen",
    "asuntos", "juridico", "juridica", "relaciones", "comunicacion", "cumplimiento",
    "affari", "legale", "relazioni", "comunicazione", "normativi",
    "zaken", "juridische", "beleid", "communicatie",
}
#: what a department works on, named with its unit ("Conservation Programs Division", "Emergency Planning Unit",
#: "Servicio de Medio Ambiente" aside): a field alone names a body ("Conservation International"), so these make a
#: department only with a unit's word at its end
_FIELDS = {
    "programs", "programmes", "program", "programme", "projects", "project", "conservation", "environment",
    "environmental", "planning", "development", "management", "emergency", "science", "sciences", "technology",
    "technical", "health", "safety", "security", "risk", "audit", "data", "analytics", "economics", "evaluation",
    "monitoring", "enforcement", "licensing", "standards", "quality", "customer", "client", "support",
    "education", "training", "learning", "grants", "services", "administration", "infrastructure", "transport",
    "housing", "energy", "water", "wildlife", "fisheries", "natural", "land", "field", "regional",
    # French, German, Spanish, Italian, Dutch
    "projets", "environnement", "developpement", "amenagement", "urbanisme", "securite",
    "naturschutz", "umwelt", "umweltschutz", "planung", "entwicklung", "projekte", "sicherheit",
    "programas", "proyectos", "medio", "ambiente", "desarrollo", "planificacion", "conservacion", "seguridad",
    "programmi", "progetti", "sviluppo", "pianificazione", "conservazione", "sicurezza",
    "programmas", "projecten", "milieu", "ontwikkeling", "natuurbehoud", "veiligheid",
}
#: words that say which side of a department ("Government", "Public", "External")
_MODIFIERS = {
    "government", "governmental", "public", "external", "corporate", "regulatory", "legislative", "institutional",
    "federal", "state", "eu", "european", "international", "global", "community", "stakeholder", "media",
    "investor", "industry", "member", "members", "political", "human", "legal", "policy", "research",
    "publiques", "publique", "reglementaires", "institutionnelles", "europeennes", "gouvernementales",
    "publicos", "institucionales", "gubernamentales", "regulatorios", "pubblici", "istituzionali", "regolamentari",
    "publieke", "public-affairs",
}
#: words that name a part of an organisation ("Department", "Team", "Abteilung")
_UNITS = {
    "department", "dept", "division", "unit", "team", "office", "directorate", "section", "desk",
    "service", "pole", "departement", "direction", "abteilung", "referat", "stabsstelle", "departamento", "area",
    "ufficio", "afdeling", "branch", "bureau", "divisions", "units", "teams",
    "fachbereich", "bereich", "dienststelle", "servicio", "seccion", "divisione", "sezione", "settore",
    "servizio", "dienst", "sectie", "divisie", "servico", "divisao", "secao",
}
NAME_JOINERS = {"of", "and", "for", "the", "&", "de", "des", "du", "la", "le", "et", "und", "fur", "y", "e", "del",
            "della", "van", "en", "het", "der", "die", "das", "di", "dei", "delle", "el", "los", "las"}

#: legal forms, written without dots and in lower case ("S.p.A." as "spa"); joined ones ("pty ltd", "co kg")
#: are read word by word
LEGAL_FORMS = {
    "inc", "incorporated", "ltd", "limited", "llc", "llp", "lp", "plc", "pllc", "pc", "corp", "corporation",
    "co", "company", "cic", "cio", "ulc", "ltee", "pty", "pte", "dac", "clg", "teoranta", "teo", "cyf",
    "gmbh", "ag", "kg", "ohg", "ev", "ug", "mbh", "kgaa", "sa", "sas", "sasu", "sarl", "eurl", "sca", "scop",
    "asbl", "vzw", "spa", "srl", "srls", "snc", "sl", "slu", "sau", "bv", "nv", "vof", "cv", "ab", "oy", "oyj",
    "as", "asa", "aps", "a/s", "sp", "z", "oo", "lda", "kft", "zrt", "sro",
}


def plain_words(text: str) -> str:
    """Lower case, accents off, apostrophes out: "Öffentlichkeitsarbeit" -> "offentlichkeitsarbeit"."""
    text = unicodedata.normalize("NFKD", (text or "").lower().replace("’", "").replace("'", ""))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def is_legal_form(text: str) -> bool:
    """A legal form alone: "Inc", "Inc.", "LLP", "Pty Ltd", "GmbH & Co. KG", "S.A.", "sp. z o.o."."""
    words = plain_words(text).replace(".", "").replace("&", " ").replace(",", " ").split()
    return bool(words) and len(words) <= 5 and all(w in LEGAL_FORMS for w in words)


def ends_in_legal_form(text: str) -> bool:
    """A name that ends in a legal form ("Brasserie du Port, S.A.R.L.", "Acme Ltd"): a body's."""
    words = text.replace(",", " ").split()
    return len(words) >= 2 and is_legal_form(words[-1]) and not is_legal_form(text)


def tidy_part(part: str) -> str:
    """A part of a line without the stops and commas around it, but for an abbreviated legal form's ("Acme, Inc.",
    "Obstbauern Nord e.V.")."""
    part = part.strip(" ;,:|•·").lstrip(".")
    last = part.rsplit(None, 1)[-1] if part else ""
    return part if last.endswith(".") and is_legal_form(last) else part.rstrip(" .,")


def _content_words(text: str) -> list[str]:
    words = re.findall(r"[a-z][a-z\-]*|&", plain_words(text))
    return [w for w in words if w not in NAME_JOINERS]


def is_department(text: str) -> bool:
    """A department or a team of an organisation, with no name of its own: "Government Affairs", "Public
    Policy", "Legal Department", "Policy Team", "Office of Government Relations", "Service juridique",
    "Rechtsabteilung"; not "Nevada Department of Wildlife", "Department for International Development",
    "Public Affairs Council"."""
    words = _content_words(text)
    if not words or len(words) > 6 or any(c.isdigit() for c in text):
        return False
    if not all(w in _FUNCTIONS or w in _MODIFIERS or w in _UNITS or w in _FIELDS for w in words):
        return False
    if any(w in _FIELDS and w not in _FUNCTIONS and w not in _MODIFIERS and w not in _UNITS for w in words):
        # a field of work names a department only with a unit's word, last ("Conservation Programs Division",
        # "Emergency Planning Unit"; not "Conservation International" nor "Division of Wildlife")
        return words[-1] in _UNITS
    return any(w in _FUNCTIONS for w in words) or all(w in _UNITS for w in words)


def is_post(text: str) -> bool:
    """A job title alone, with at most its department: "Policy Director", "Head of Public Affairs",
    "Executive Director", "Vice President, Government Affairs", "Directrice générale"; not "Office of the
    Mayor" (a body named after its post) nor "Chamber of Commerce"."""
    if not JOB_WORDS.search(text) or any(c.isdigit() for c in text):
        return False
    words = _content_words(text)
    if not words or len(words) > 8 or words[0] in _UNITS:
        return False
    rest = [w for w in _content_words(JOB_WORDS.sub(" ", text)) if w not in {"general", "generale", "generales",
                                                                           "executive", "managing", "adjoint",
                                                                           "adjointe", "co", "interim"}]
    return all(w in _FUNCTIONS or w in _MODIFIERS or w in _UNITS for w in rest)


@lru_cache(maxsize=1 << 16)
def names_no_body(text: str) -> bool:
    """A job title, a department or a legal form alone: never an organisation's name. (Cached: the sector step asks
    it of every respondent's box, and 100,000 respondents write a few thousand distinct ones.)"""
    text = " ".join((text or "").split()).strip(" .,;:-–—")
    return bool(text) and (is_legal_form(text) or is_department(text) or is_post(text))


#: an organisation box that names none ("N/A", "None", "-", "Myself", "Individual", "Aucune", "s.o."), whole
_NAMES_NONE = re.compile(r"\W*(?:n\.?\s?/?\s?a\.?|none|nil|no|nothing|not applicable|-+|\.+|\?+|myself|self|me|individual"
                         r"|private(?: individual)?|personal|aucune?|s\.?\s?/?\s?o\.?|sans objet|keine?|ninguna?)\W*", re.I)


def names_no_organisation(box: str) -> bool:
    """Whether what an organisation box holds names no organisation at all (shown in its place: the person's name):
    "N/A", "Myself", or a job title, a department or a legal form alone ("Policy Director", "Government Affairs",
    "Inc")."""
    return bool(_NAMES_NONE.fullmatch(box or "")) or names_no_body(box)

