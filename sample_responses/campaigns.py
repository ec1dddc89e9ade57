"""Organised campaign texts (near-identical copies) and answers written in other languages."""

from __future__ import annotations

import random
from dataclasses import dataclass

from sample_responses.grammar import add_typos
from sample_responses.orgs import pick


@dataclass(frozen=True)
class Campaign:
    key: str
    share: float  # copies per online respondent (about 400 and 250 in 3,300)
    email_copies: int  # extra copies sent by e-mail in the bundled sample
    answers: dict[str, list[tuple[str, tuple[str, ...]]]]  # question -> [(sentence, themes)]
    choices: dict[str, tuple[str, ...]]  # question -> tick-box answers campaigners pick
    additions: tuple[str, ...]
    swaps: tuple[tuple[str, tuple[str, ...]], ...]
    subject: str


FAITH_FREEDOM = Campaign(
    key="protect_faith_freedom", share=392 / 3300, email_copies=8,
    answers={
        "Q8": [
            ("I am writing as a Christian who is deeply concerned by the proposals on out-of-school settings.", ()),
            ("Sunday schools, church youth groups and holiday clubs are run by volunteers who give their time freely, "
             "and they should not be subject to registration or inspection by the state.", ("oos_regulation_concern",)),
            ("Existing safeguarding law already protects children and should be properly enforced instead.", ("existing_powers",)),
            ("Asking officials to judge what is taught in churches is a serious threat to religious freedom and to the "
             "right of parents to bring up their children in their faith.", ("religious_freedom",)),
        ],
        "Q20": [
            ("Please do not use integration as a reason to restrict freedom of religion and freedom of speech.", ("religious_freedom",)),
            ("'British values' must not become a test that ordinary Christians fail for holding mainstream beliefs.", ("religious_freedom",)),
            ("I urge you to drop any plans to regulate churches and Sunday schools.", ("oos_regulation_concern",)),
        ],
    },
    choices={},
    additions=("I have taught Sunday school for {n} years.", "Our church holiday club welcomes over {n} local children every summer.",
               "As a grandmother I am very worried about this.", "I am a youth leader at my local church.",
               "I have been a churchgoer all my life.", "Please listen to the thousands of people saying this."),
    swaps=(("deeply concerned", ("very concerned", "extremely concerned", "deeply worried")),
           ("serious threat", ("real threat", "grave threat", "direct threat")),
           ("should not be subject", ("must not be subject", "should never be subject")),
           ("I urge you to", ("I ask you to", "Please", "I call on the government to"))),
    subject="Out-of-school settings and religious freedom",
)

FUND_ESOL = Campaign(
    key="fund_esol_now", share=240 / 3300, email_copies=10,
    answers={
        "Q10": [
            ("English is the key to everything: work, helping your children with school, talking to your doctor and "
             "making friends with your neighbours.", ("english_key",)),
            ("But ESOL funding has been cut by more than half since 2010 and there are long waiting lists in most towns.", ("esol_funding",)),
            ("If English really is a national priority, the government must fund it properly.", ("esol_funding",)),
        ],
        "Q11": [
            ("Classes need to be free for anyone on a low income.", ("free_classes",)),
            ("There must be a crèche so that mothers can attend.", ("childcare_creche",)),
            ("Classes should be held in the evenings and at weekends, in local venues, for people who work.", ("class_times_places",)),
        ],
    },
    choices={"Q10": ("Strongly agree",) * 9 + ("Agree",)},
    additions=("I volunteer as a teacher.", "This matters to my family.", "I am signing this because I care about my community.",
               "My own parents learned English at evening classes in the {n}s.", "Please act now."),
    swaps=(("the key to everything", ("the key to so much", "essential", "the key to everything")),
           ("fund it properly", ("fund it fully", "pay for it", "fund it properly, now")),
           ("Classes need to be free", ("Classes must be free", "Courses need to be free"))),
    subject="Fund ESOL now",
)

CAMPAIGNS = (FAITH_FREEDOM, FUND_ESOL)


def campaign_answers(c: Campaign, rng: random.Random, first: str, last: str) -> dict[str, tuple[str, list[str]]]:
    """One campaigner's copy: question -> (text, theme keys). Small edits keep copies near-identical."""
    questions = list(c.answers)
    if rng.random() < 0.15:
        questions = [pick(rng, questions)]
    out = {}
    sign_q = questions[-1]
    for q in questions:
        sents = list(c.answers[q])
        if len(sents) > 2 and rng.random() < 0.1:
            sents.pop(1 + int(rng.random() * (len(sents) - 1)))
        text_parts = [s for s, _ in sents]
        themes = sorted({t for _, ts in sents for t in ts})
        if rng.random() < 0.3:
            add = pick(rng, c.additions).replace("{n}", str(pick(rng, (10, 15, 20, 25, 30, 40, 50, 60, 70, 1970, 1980))))
            text_parts.insert(1 if rng.random() < 0.5 else len(text_parts), add)
        text = " ".join(text_parts)
        for old, news in c.swaps:
            if old in text and rng.random() < 0.25:
                text = text.replace(old, pick(rng, news))
        if rng.random() < 0.15:
            text = add_typos(text, rng, 0.02)
        if q == sign_q and rng.random() < 0.35:
            text += pick(rng, (f"\n{first} {last}", f" Yours sincerely, {first} {last}", f" - {first}", f"\n\nRegards\n{first}",
                               f" {first} {last[0]}."))
        if rng.random() < 0.04:
            text = " " + text + " "
        out[q] = (text, themes)
    return out


# Real sentences in other languages, each with the question it answers and its themes.
FOREIGN = (
    ("cy", "Q10", "Dylai dysgu Saesneg fod yn flaenoriaeth, ond rhaid cofio hefyd fod y Gymraeg yn iaith swyddogol yng Nghymru a bod llawer o bobl newydd yn dysgu Cymraeg hefyd.", ("mother_tongue_value",)),
    ("pl", "Q11", "Lekcje angielskiego są za drogie i odbywają się w godzinach, kiedy pracuję. Potrzebujemy zajęć wieczorem i w weekendy.", ("free_classes", "class_times_places")),
    ("ur", "Q11", "میری والدہ انگریزی سیکھنا چاہتی ہیں لیکن قریب میں کوئی کلاس نہیں ہے اور بچوں کی دیکھ بھال کا کوئی انتظام نہیں۔", ("class_times_places", "childcare_creche")),
    ("pa", "Q12", "ਸਾਡੇ ਗੁਰਦੁਆਰੇ ਵਿੱਚ ਲੰਗਰ ਹਰ ਕਿਸੇ ਲਈ ਖੁੱਲ੍ਹਾ ਹੈ, ਭਾਵੇਂ ਉਹ ਕਿਸੇ ਵੀ ਧਰਮ ਦਾ ਹੋਵੇ।", ("food_sharing",)),
    ("fr", "Q5", "Les nouveaux arrivants ont besoin d'informations claires, dans leur langue, sur le logement, la santé et l'école.", ("welcome_pack",)),
    ("cy", "Q12", "Mae'r ganolfan gymunedol yn y pentref yn dod â phobl o bob cefndir at ei gilydd, ond mae'r cyngor wedi torri ei chyllid.", ("community_centres_libraries", "funding_cuts")),
    ("pl", "Q5", "Kiedy przyjechałam do Wielkiej Brytanii, nikt mi nie wyjaśnił, jak zarejestrować się u lekarza ani jak znaleźć szkołę dla dzieci.", ("services_navigation",)),
    ("ar", "Q5", "يحتاج اللاجئون إلى دعم نفسي بعد كل ما مروا به من حرب وفقدان.", ("refugee_mental_health",)),
    ("ur", "Q1", "مسلمان برادری کو بار بار ایک مسئلے کے طور پر پیش کیا جاتا ہے، یہ درست نہیں ہے۔", ("muslim_focus_concern",)),
    ("fr", "Q6", "L'intégration doit se faire dans les deux sens : la société d'accueil doit aussi faire un effort.", ("two_way_street",)),
    ("pa", "Q14", "ਬਹੁਤ ਸਾਰੀਆਂ ਔਰਤਾਂ ਕੰਮ ਕਰਨਾ ਚਾਹੁੰਦੀਆਂ ਹਨ ਪਰ ਬੱਚਿਆਂ ਦੀ ਦੇਖਭਾਲ ਬਹੁਤ ਮਹਿੰਗੀ ਹੈ।", ("childcare_work",)),
    ("es", "Q15", "Tengo experiencia como enfermera, pero mi título no está reconocido en el Reino Unido.", ("qualification_recognition",)),
    ("cy", "Q19", "Byddwn yn gwybod bod pethau wedi gwella pan fydd pobl yn teimlo eu bod yn perthyn i'r gymuned ac yn ymddiried yn eu cymdogion.", ("belonging_trust_surveys",)),
    ("pl", "Q15", "Mam dyplom z Polski, ale tutaj nikt go nie uznaje i od lat pracuję w magazynie.", ("qualification_recognition",)),
    ("ar", "Q11", "أريد أن أتعلم اللغة الإنجليزية، لكن قائمة الانتظار في الكلية طويلة جداً.", ("waiting_lists",)),
    ("fr", "Q17", "J'ai été victime d'insultes racistes dans le bus, mais je ne savais pas à qui le signaler.", ("hate_crime_reporting",)),
    ("bn", "Q10", "ইংরেজি শেখা খুব জরুরি, কিন্তু ক্লাসের জন্য টাকা দেওয়ার সামর্থ্য আমার নেই।", ("english_key", "esol_funding")),
    ("ur", "Q12", "ہم ہر سال مسجد میں کھلا دن مناتے ہیں اور تمام پڑوسیوں کو دعوت دیتے ہیں۔", ("interfaith_activity",)),
    ("ro", "Q5", "Ar fi util un ghid simplu despre cum funcționează serviciile publice în Marea Britanie.", ("welcome_pack",)),
    ("pt", "Q11", "As aulas de inglês deveriam ser gratuitas para quem acabou de chegar.", ("free_classes",)),
    ("cy", "Q20", "Mae angen i'r strategaeth gydnabod sefyllfa Cymru. Nid yw'r papur gwyrdd yn sôn am yr iaith Gymraeg o gwbl.", ()),
)
