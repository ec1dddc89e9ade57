"""How different respondents sound: openers, introductions, sign-offs and non-answers.

None of these sentences carries a theme; they give answers a voice and a sector flavour.
"""

from __future__ import annotations

OPENERS_PERSON = ("I think ", "I feel ", "In my view, ", "Personally, ", "Honestly, ", "To be honest ", "Frankly, ",
                  "It seems to me that ", "I would say ", "I strongly believe ", "I believe ", "My view is that ",
                  "Speaking as a local resident, ", "From what I have seen, ", "I'm sure ")
OPENERS_ORG = ("We believe ", "In our view, ", "In our experience, ", "We would argue that ", "Our view is that ",
               "We are clear that ", "We would stress that ", "We note that ", "It is our experience that ",
               "We consider that ", "Our members tell us that ", "The evidence we see suggests that ")
CONNECTORS = ("", "", "", "Also, ", "In addition, ", "Moreover, ", "At the same time, ", "Equally, ", "On top of that, ",
              "Furthermore, ", "Secondly, ", "Another point: ", "And ")

CLOSERS_PERSON = ("Thank you.", "Thanks for asking.", "That's my view anyway.", "Just my opinion.",
                  "Please listen this time.", "Hope this helps.", "Thank you for reading.", "Regards.")
CLOSERS_ORG = ("We would be happy to discuss this further.", "We would welcome the opportunity to discuss this with officials.",
               "We hope these comments are helpful.", "We would be glad to share our experience in more detail.",
               "We look forward to the government's response.")

# Sentences that place the speaker, by sector (templates; see grammar.py).
INTROS = {
    "faith": (
        "As <body> {in|serving} <place>, we {see|know} this {every week|first hand|day in, day out}.",
        "Our {members|worshippers|congregations} {come from|include people from} {over twenty|many|dozens of} {countries|nationalities|backgrounds}.",
        "Our <venue> {runs|hosts} {a food bank|a lunch club|a conversation café|a parent and toddler group|a youth club} {open to all|used by people of all faiths and none}.",
        "{Speaking from|Drawing on} {decades|many years} of {service|community work} in <place>, {we would offer the following|our comments are as follows}.",
    ),
    "local_authority": (
        "As a local authority {we have|we carry} {responsibility for|a duty to} {the whole community|all residents} of <place>.",
        "{Our|The council's} {community cohesion|stronger communities|neighbourhoods} team {has been cut|has lost staff} {as budgets have fallen|since 2010}.",
        "{The council commissions|We commission|We fund|We deliver} {ESOL|youth services|community development work} {across the borough|across the district|in the city}.",
        "<place> is {one of the most diverse places in the country|a place that has changed a great deal in twenty years|home to over {100|150} languages}.",
    ),
    "education": (
        "As <body> {with pupils|with students|whose learners come} from {over forty|many|thirty} {language backgrounds|nationalities}, we {have a view|have experience to share}.",
        "Our {staff|teachers|tutors} {work hard|see it as part of their job} to {bring pupils together|help students feel they belong}.",
        "{Around|Over} {half|a third|sixty per cent} of our {pupils|learners} speak {another language|a language other than English} at home.",
    ),
    "voluntary_community": (
        "As <body> {in <place>|working in <place>} we {support|work with} {hundreds of|around 300|many} {families|people|refugees and asylum seekers} {each year|every year}.",
        "{Our|The} {volunteers|staff and volunteers} {come from|reflect} {the communities we serve|many different backgrounds}.",
        "We have run {drop-ins|advice sessions|women's groups|youth projects} in <place> {for over ten years|since 2004|for many years}.",
    ),
    "academic_research": (
        "{Our research|Research by our centre|The evidence from our research} on {social mixing|migration and integration|ethnic inequalities} {informs|underpins} {this response|what follows}.",
        "We would point the Department to {the extensive literature on|robust evidence on} {intergroup contact|neighbourhood effects|labour market discrimination}.",
        "{This response|Our submission} draws on {fieldwork|a three-year study|survey data} {in|across} {several English cities|<place> and elsewhere}.",
    ),
    "business": (
        "As {an employer|a local business|a firm} {of around {50|120|200|400} people|with staff from many backgrounds|in <place>}, we {see|have seen} {the benefits of a diverse workforce|these issues first hand}.",
        "Our workforce {includes|is made up of} people from {over fifteen|many|twenty} nationalities.",
    ),
    "health_care": (
        "As <body>, we see the {health|mental health} {consequences|impact} of {isolation|loneliness|language barriers} {every day|daily}.",
        "{Interpreting|Translation} {costs|needs} {are a significant pressure|remain high} {for our services|across our services}.",
    ),
    "police_justice_fire": (
        "{As <body>|From a community safety perspective}, {community trust is|confidence in our services is|good relationships with all communities are} {essential|fundamental} to {keeping people safe|our work}.",
        "Our {neighbourhood teams|community safety officers} {work closely with|engage regularly with} {faith leaders|community groups|schools} in <place>.",
    ),
    "other_public_body": (
        "As <body>, we {work with|serve} {communities across|people in} <place> {and beyond|and the region}.",
        "{Our|The} {collections|programmes|services} {are used by|reach} {people of every background|hundreds of thousands of visitors} {each year|every year}.",
    ),
    "other": (
        "{Our members|Our tenants|The people we represent} {live and work|include people} {across|in} <place> and {come from|reflect} {all backgrounds|many communities}.",
        "As <body>, we {see|hear about} these issues {regularly|every week}.",
    ),
}

PERSONAS = (
    "I have lived in <place> for {over thirty|twenty|most of my|fifteen|forty} years.",
    "As a {retired teacher|mum of three|nurse|taxi driver|student|volunteer at a local food bank|grandparent|British Muslim|former refugee|second generation migrant|churchgoer|small business owner|social worker|youth worker|carer}, I {see|have seen} {this|a lot} {every day|first hand|over the years}.",
    "{My|Our} {children|grandchildren|kids} go to a school where {over half|most|many} of the pupils {speak another language at home|are from minority backgrounds}.",
    "I came to this country {in 2004|twenty years ago|as a child|as a student|in 2015} and {have made my home here|now work in <place>}.",
    "I work in {the NHS|a school|a warehouse|retail|the council|a call centre} in <place>, {so|and} I {meet|deal with} people from {all backgrounds|everywhere}.",
)

NON_ANSWERS = ("No comment", "No comment.", "N/a", "n/a", "N/A", "None", "Nothing to add", "No", "Not sure",
               "Don't know", "See above", "As above", "see above", "As above.", "See previous answer",
               "See my answer to Q1", "I agree", "Agree", "Disagree", "Yes", "?", "-", ".", "No opinion",
               "Not applicable", "nothing", "Same as before", "Refer to earlier answer")
ATTACHED = ("See my attached letter", "Please see our attached response", "Our full response has been sent by email",
            "See attached", "Please see the letter we have emailed to the department", "Response submitted by email",
            "see attached letter", "We have set out our views in a letter sent to the integrated communities mailbox")

PII_SENTENCES = (
    "If you want to discuss this you can ring me on <phone>.",
    "My number is <phone> if anyone wants to talk about it.",
    "I live at <address> and {I see this|this happens} on my street.",
    "You can contact me at <email>.",
    "{Please|Feel free to} email me on <email> or call <phone>.",
    "My neighbour {Mrs|Mr|Ms} <other_last> at <address> {has had the same experience|will tell you the same}.",
    "I run a small group at <address> - contact <email>.",
    "My name is <full_name> and I am happy to be contacted on <phone>.",
)
PII_SENTENCES_ORG = (
    "For further information please contact <full_name> on <phone>.",
    "Contact: <full_name>, <email>, <phone>.",
    "Our office is at <address>; please write to <full_name> there.",
    "{Please|Do} get in touch with <full_name> ({<email>|<phone>}) if you would like to discuss this.",
)

# What an organisation calls itself (with its article) and its building, by kind (see orgs.Org.kind).
BODY = {
    "church": "a parish church|a congregation|a church", "diocese": "a diocese", "mosque": "a mosque committee|a mosque",
    "gurdwara": "a gurdwara committee|a Sikh congregation", "temple": "a temple committee|a Hindu community",
    "synagogue": "a synagogue|a Jewish congregation", "interfaith": "a local interfaith forum|a network of faith communities",
    "school": "a school", "college": "a college", "trust": "a multi-academy trust",
    "adult learning": "a local authority adult learning service", "supplementary": "a supplementary school",
    "refugee": "a refugee support charity|a volunteer-led refugee group", "infrastructure": "a council for voluntary service",
    "community": "a community organisation|a community group", "charity": "a local charity|a small charity",
    "residents": "a residents' association", "national charity": "a national charity",
    "nhs trust": "an NHS trust", "ccg": "a clinical commissioning group", "hospice": "a hospice",
    "care provider": "a care provider", "healthwatch": "the local Healthwatch", "gp": "a GP federation",
    "police": "a police force", "pcc": "a police and crime commissioner's office", "fire": "a fire and rescue service",
    "probation": "a probation service", "youth justice": "a youth offending service", "prison": "a prison",
    "museum": "a museum service", "partnership": "a strategic migration partnership", "lep": "a local enterprise partnership",
    "commission": "a public body", "library": "a library service", "agency": "a regional agency",
    "housing": "a housing provider", "union": "a trade union branch", "party": "a local political party",
    "professional body": "a professional body", "humanist": "a humanist group",
}
VENUE = {"church": "church", "diocese": "cathedral", "mosque": "mosque", "gurdwara": "gurdwara", "temple": "temple",
         "synagogue": "synagogue", "interfaith": "forum"}
