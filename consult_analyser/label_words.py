"""The words that say which side a declared label is on: individuals, organisations, people's roles
(see :func:`consult_analyser.pipeline.sectors.declared.label_side`), and what an organisation box
holds when it describes a person instead (:func:`describes_a_person`)."""

import re
import unicodedata

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


#: an organisation box that names none ("N/A", "None", "-", "Myself", "Individual", "Aucune", "s.o."), whole
_NAMES_NONE = re.compile(r"\W*(?:n\.?\s?/?\s?a\.?|none|nil|no|nothing|not applicable|-+|\.+|\?+|myself|self|me|individual"
                         r"|private(?: individual)?|personal|aucune?|s\.?\s?/?\s?o\.?|sans objet|keine?|ninguna?)\W*", re.I)


def names_no_organisation(box: str) -> bool:
    """Whether what an organisation box holds names no organisation at all (shown in its place: the person's name)."""
    return bool(_NAMES_NONE.fullmatch(box or ""))

