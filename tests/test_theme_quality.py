"""Themes a reader can use, and who said what.

- Non-answers ("N/A", "nothing", "see attached") land in one fixed theme, never clustered.
- No theme label is a stop word or a lone generic word (``LONE_GENERIC``, the list kept in
  :mod:`consult_analyser.pipeline.themes.labels`), on the sample and on real ANES answers.
- Each theme's share among respondents who agreed, were neutral or disagreed in the closed answer
  to the same question (:func:`consult_analyser.store.theme_report.agreement_split`).
- The built-in Stance and Quotable code families; quotes prefer Quotable answers.
"""

from __future__ import annotations

import csv

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consult_analyser.domain import QuestionKind, Source, Theme, ThemeAssignment
from consult_analyser.pipeline.themes.labels import LONE_GENERIC, STANCE_ONLY_LABEL, WEAK_KEYWORDS, acceptable_label
from consult_analyser.pipeline.themes.model import ThemeModel, discover_themes
from consult_analyser.pipeline.themes.nonanswers import NO_ANSWER_LABEL, is_non_answer
from consult_analyser.pipeline.themes.phrases import STOP_WORDS, phrase_key
from consult_analyser.store import codebook, codings, theme_report, theme_runs
from consult_analyser.store.questions import get_question
from tests.conftest import REALDATA, REPO

NON_ANSWERS = ["N/A", "n/a.", "Nothing", "no comment", "See attached", "Please see attached document.", "-",
               "Don't know", "None."]


def test_non_answers_are_recognised_and_answers_are_not():
    assert all(is_non_answer(t) for t in NON_ANSWERS)
    for text in ["Nothing, it is fine as it is", "No more cuts to ESOL classes", "See the attached evidence on bus "
                 "routes: fares doubled", "Attached is nothing compared with what we need: more buses"]:
        assert not is_non_answer(text)


#: pointers and declined answers as real submissions word them (shapes seen in a real consultation)
POINTERS = ["Please refer to SBS's submission (uploaded).", "See attached paper at pages 17 to 19",
            "Received 2040 letters. A sample is attached.", "A copy of our response is attached.",
            "Please see attachement", "Please read attachedd file(s)",
            "This question is discussed in our attached submission.", "See our responses to questions 3 and 6 above.",
            "We do not have a comment on this question at this time.", "I am not qualified for this question.",
            "Response to questions included in the document submitted", "No comment at this stage.",
            "All of our comments are in the attached Submission document.", "SEE ATTACHMENT FOR RESPONSE",
            # covering notes naming who sends the attachment, and a sign-off
            "Please see the attached comments from the City of New York.",
            "Please find attached the comment letter from True Sky Credit Union. Thank you, Jane Doe",
            # and whom to ask about it
            "Please find attached our full response. For queries please contact our policy officer, Owen Example, "
            "on 01632 960000.", "Our full response is attached. Please contact our policy officer with any questions.",
            # the sender first, or no attachment word at all, or a reference number only
            "Gunnison County respectfully submits the attached document containing comments regarding proposed "
            "CEQ-2019-0003.", "Comments from the Michigan Corn Growers Association.",
            "Letter comment submitted by the Interstate Natural Gas Association of America.",
            "The comments of Progressive Management Systems have been uploaded below.",
            "Docket No. OSHA-H005C-2006-0870-0353", "Dear WHD, Please see attached file(s) Thank you!",
            "Comments from the Michigan Corn Growers Association. -",  # a clause of punctuation alone
            "Thank you for this opportunity to provide input.", "Not my area of expertise.",
            "Sorry, I ran out of time to properly address this question.", "I did not have time to answer this question",
            "See separate pdf version of complete submission for formatted version and footnotes.",
            # what the comments are about, however long its title, says no view of it
            "Please find attached comments from the State of Idaho regarding the proposed rulemaking titled: "
            "\"Update to the Regulations Implementing the Procedural Provisions of the National Environmental Policy "
            "Act,\" Docket Number CEQ-2019-0003-0001.",
            "Comments from the Association for Accessible Medicines on behalf of our member companies, regarding "
            "Docket DEA-480: Controlled Substances Quotas.",
            "Re: Comments on Amendment 7 to the Fishery Management Plan, comment submission 12 of 46",
            # "see attached" in other languages
            "Siehe Anhang.", "Voir pièce jointe", "Zie bijlage", "Vedi allegato.", "W załączniku",
            # a note signed with a name (and an address)
            "Please see the attached comment letter. Maren Lindqvist, maren.l@example.net",
            # a list of signatories: names (surname first, initials) and affiliations
            "Okafor Declan J, Northfield Institute Of Health; Brennan Aoife M, Harbour University",
            "Lindqvist Maren C, Corvane Metals Inc; Lindqvist Maren C, Corvane Metals Inc",
            # abbreviations are not sentence ends; a greeting anywhere; a sender's name; titled comments
            "Please find attached a copy of Okafor Chemical Company comments submitted to the U.S. Department of "
            "Transportation concerning Docket No. PHMSA-2012-0082 (HM-251)",
            "Northfield Mining Company of Nevada, Inc. submits the attached comments to CEQ-2019-0003.",
            "See attached file from U.S. Rep. Aoife Brennan",
            "See Attached File September 24, 2018 Dear Ms. Lindqvist, Please Accept The 30,168 Attached Comments From "
            "Harbour Wildlife Members And Supporters Regarding Docket Number FWS-HQ-ES-2018-0006. Sincerely, Harbour "
            "Wildlife",
            "Please find attached the comments on Docket No. CEQ-2019-0003 on behalf of Citizens Against Dumps",
            "Brennan & Okafor LLP comment on behalf of their clients.", "SSA comments on the NS1 proposed rule",
            # a dated letter accepting comments sent in bulk
            "September 24, 2018 Dear Ms. Lindqvist, Please Accept 2,089 Comments From Harbour Wildlife Members And "
            "Supporters Regarding Docket Number FWS-HQ-ES-2018-0007. Sincerely, Harbour Wildlife",
            "Please accept 12,417 comments from Northfield members and supporters regarding Docket Number "
            "FWS-HQ-ES-2018-0006.",
            # an answer put off: not read yet, a reply to come by another way
            "I have not yet read but will and provide an email reply", "Not read it yet",
            "Sorry, haven't had time to read the consultation document", "We will respond separately by letter.",
            "I'll send my comments by email", "Response to follow.",
            # a web address alone points elsewhere as "see attached" does
            "https://example.org/report.pdf", "Please see our report at https://example.org/r.pdf",
            "www.example.org/consultation-response"]
#: answers that carry a view although they mention a submission, or look like a declined answer
VIEWS = ["Yes, see my submission", "No. See attached", "he is not qualified", "Refer to the Privacy Act",
         "Please find attached our response. We should be consulted again and councils must contact landlords.",
         "Contact with neighbours matters most.",
         "I received a letter saying my benefits were cut", "We received 300 letters from parents against the closure",
         "Most of them. See the attached paper on a SECURE AI Regulatory Framework.",
         "See the section of my submission on transparency and how it improves trust in public services.",
         "See attached: we oppose the rule.", "Attached are our comments. The rule should be withdrawn.",
         "Please see the attached comments from the Sierra Club urging you to withdraw the rule.",
         "Yes, these are addressed in my uploaded submission", "Attach it to the National Anti-Corruption Commission.",
         "Those elements (in Attachment C) seem to be a well-thought-out preliminary step.",
         "Exams were open book, students completed in a Word document and uploaded to Blackboard",
         "Please see attached comments of the Environmental Defense Fund opposing the proposal.",
         "8 years was enough", "age, I am 64", "Comments: unfair pricing for rural bus routes",
         "Comments from residents were largely positive", "Our comments were submitted last year and nothing changed",
         "Attachment to place matters most", "Letters from the council are confusing",
         "Please find attached comments on the proposed rule, which would cost small firms $5,000 a year.",
         "Comments on the consultation process: it was far too short for rural parishes",
         "Not enough funding in my area", "No expertise in the council on digital services",
         "Not enough time for consultation on the rule", "We ran out of time in meetings to address tenants' concerns",
         "Please see the attached comments supporting the proposed update to the regulations.",
         "Please find attached our comments regarding the evidence: fares doubled for rural routes.",
         "Submitting on behalf of 230 businesses that oppose delisting. See attached file.",
         "Farmers comment on the drought every year", "Many comments on the rule are fake",
         "Dear friends, the rule is bad for our town", "Please accept our view that the rule must go",
         "September 24, 2018: the rule is bad", "Please find attached our report, which includes evidence that fares doubled",
         # answers in other scripts and languages are answers (they once normalised to nothing)
         "میری والدہ انگریزی سیکھنا چاہتی ہیں لیکن قریب میں کوئی کلاس نہیں ہے",
         "ইংরেজি শেখা খুব জরুরি", "Wir lehnen den Vorschlag ab, siehe Anhang", "Les cours de français sont trop chers",
         # short points split by semicolons are an answer, even when they name people
         "women rights; pull out of war; general for gay rights", "Barack Obama; Joe Biden",
         "ted kennedy been through it all ; so hard right now", "Academic integrity; and the seriousness of the exam.",
         # put off in part only, or about what others have not read or will write
         "Not read it yet, but it looks good", "Never seen a police officer in our street",
         "Not seen enough evidence of change", "Parents did not read the letter the school sent home",
         "The council will respond to complaints by email", "haven't seen any confirmed facts of anything that he has done",
         "We will write to the minister separately about funding cuts which hurt our members",
         "The evidence at https://example.org/r shows fares doubled", "We oppose it, see www.example.org"]


def test_an_answer_that_only_says_how_to_reach_its_writer_is_no_answer():
    """An inquiry's "Anything else?" answered "Please contact me on [phone] or [email]. Stephen Price":
    left to the topic model, such answers became a theme labelled "Please contact me on or . <a name>"."""
    for text in ("Please contact me on 07700 900123 or stephen.price@example.com. Stephen Price",
                 "Please contact me on or . Blessing Holroyd", "Call me on 01632 960000. Thanks, Jo Bloggs",
                 "Please contact me if you have any questions."):
        assert is_non_answer(text), text
    for text in ("Please contact me, the hospital failed my mother badly.",
                 "Please contact me on 07700 900123. The parking is terrible.", "I live near the hospital."):
        assert not is_non_answer(text), text


def test_pointers_and_declined_answers_are_non_answers_but_views_are_not():
    assert [t for t in POINTERS if not is_non_answer(t)] == []
    assert [t for t in VIEWS if is_non_answer(t)] == []


def test_label_rule():
    for bad in ["High", "Cuts", "None", "No", "Question", "The", "Fine", "Things", "Conservative conservatives",
                "Supporters", "Opponents",  # a side, not a topic: a re-test's "Supporters" held 20 opposing answers of 24
                "Deputy Director", "Head of Policy", "Chief Executive",  # a signature's job title
                "Feet", "Trouble", "Hour", "Hand", "Step", "Lovely", "Ward",  # a patient survey's lone words
                "Words", "Vision set", "Council needs", "Responsibility just", "ADM included",
                "Docket Number FWS-HQ-ES-2018", "RIN 1235-AA20", "Comment on E7-01631", "Comment Tracking Number",
                "Attached", "Sample", "Comments of the American Road Builders", "Letter from Cleveland Metroparks",
                "PHMSA-2012", "Nyu School Of Law Respectfully Submits", "Paper", "Topic", "Regards",
                "Behalf of the Lindqvist Tribal Council", "Upload Number"]:
        assert not acceptable_label(bad), bad
    for good in ["Health care", "English language classes", "Bus services in rural villages", "Immigration",
                 "Climate change", "Tax cuts", "Covid-19 vaccines", "H-1B visas", "16-18 education",
                 "Face-to-face services", "Response times", "Letters to parents", "Agenda 2030", "Euro 2028"]:
        assert acceptable_label(good), good


def test_a_web_address_never_names_a_theme():
    from consult_analyser.pipeline.themes.labels import fallback_label

    assert fallback_label(["https://example.org/evidence/report.pdf"] * 5, []) != "Https://example.org/evidence/report.pdf"


def test_keyword_pairs_are_written_together_within_one_answer():
    from consult_analyser.pipeline.embeddings import get_embedder

    # a form's "What is your major?": lists of majors, one answer after another
    majors = (["Computer Science"] * 8 + ["Data Science, Computer Science", "Computer Science & Economics",
                                           "computer engineering", "Computer Science / Data Science"] * 2
              + ["Economics"] * 8 + ["Economics, Economics", "Economics and Finance", "Finance"] * 3
              + ["Civil Engineering"] * 6 + ["Mechanical engineering", "Civil and environmental engineering"] * 3)
    result = discover_themes(majors, get_embedder().encode(majors))
    pairs = [k for t in result.themes for k in t.keywords if " " in k]
    for bad in ("science computer", "science economics", "economics computer", "economics economics",
                "engineering civil", "science data"):
        assert bad not in pairs, pairs


def check_labels(texts: list[str]) -> None:
    """Discover themes with the app's embedder for ``texts`` plus a few non-answers; check labels."""
    from consult_analyser.pipeline.embeddings import get_embedder
    from consult_analyser.pipeline.themes.model import discover_themes

    texts = list(texts) + NON_ANSWERS
    embedder = get_embedder()
    result = discover_themes(texts, embedder.encode(texts))
    labels = [t.label for t in result.themes]
    assert len(result.themes) <= 70  # the theme-set rules: at most 70 themes, each of a reportable size
    assert all(t.size >= max(5, 0.001 * len(texts)) for t in result.themes if t.label != NO_ANSWER_LABEL)
    assert np.mean(result.assignments < 0) <= 0.10  # at most 10% far from every theme ("Other")
    assert len({phrase_key(label) for label in labels}) == len(labels), labels  # no two themes share a label
    for label in labels:
        words = phrase_key(label).split()
        assert words, labels
        assert not (len(words) == 1 and (words[0] in STOP_WORDS or words[0] in LONE_GENERIC)), labels
        assert label in (NO_ANSWER_LABEL, STANCE_ONLY_LABEL) or acceptable_label(label), labels
    for theme in result.themes:  # keyword chips name something too: no "does", "say", "things"
        assert not set(theme.keywords) & WEAK_KEYWORDS, (theme.label, theme.keywords)
    fixed = [t for t in result.themes if t.label == NO_ANSWER_LABEL]
    assert len(fixed) == 1
    for i in range(len(texts) - len(NON_ANSWERS), len(texts)):
        assert result.assignments[i] == fixed[0].key, texts[i]
    assert all(result.assignments[i] != fixed[0].key for i, t in enumerate(texts) if not is_non_answer(t))


def test_sample_labels_are_phrases_and_non_answers_are_fixed():
    path = REPO / "sample_responses" / "data" / "online_survey.csv"
    if not path.exists():
        pytest.skip("sample not generated")
    with path.open(newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    column = next(c for c in rows[0] if c.startswith("Q2. "))
    check_labels([r[column] for r in rows if r[column].strip()][:600])


@pytest.mark.realdata
@pytest.mark.parametrize("dataset", ["dataset3", "dataset4"])
def test_anes_labels_are_phrases_and_non_answers_are_fixed(dataset):
    path = REALDATA / "anes2008_open_ended" / f"{dataset}.csv"
    if not path.exists():
        pytest.skip("real data not available")
    with path.open(newline="", encoding="utf-8") as fh:
        texts = [r["verbatim"] for r in csv.DictReader(fh)][:700]
    check_labels(texts)


# ------------------------------------------------------------------------------- who said what
def _themes(project, question_id, groups):
    themes = [Theme(question_id=question_id, label=label, description="", keywords=[], model="test",
                    source=Source.MODEL) for label in groups]
    rows = [ThemeAssignment(t.id, rid, 0.9, Source.MODEL, False) for t, ids in zip(themes, groups.values(), strict=True)
            for rid in ids]
    theme_runs.save_run(project, question_id, model="test", params={}, themes=themes, assignments=rows)
    return themes


def test_agreement_split_in_the_read_model(imported_project):
    project = imported_project
    q1 = get_question(project, "Q1")
    answers = dict(codings.answer_texts(project, q1.id))
    choice = {r[0]: r[1] for r in project.query("SELECT id, choice FROM responses WHERE question_id = ?", (q1.id,))}
    agreed = [rid for rid in answers if answers[rid].strip() and "agree" in choice[rid].lower()
              and "dis" not in choice[rid].lower()]
    disagreed = [rid for rid in answers if answers[rid].strip() and "disagree" in choice[rid].lower()
                 and "neither" not in choice[rid].lower()]
    assert agreed and disagreed
    themes = _themes(project, q1.id, {"Mixing in communities": agreed[:1], "Faith groups left out": disagreed})
    report = theme_report.question_report(project, q1.id)
    assert report.answered_by_stance["agree"] == len(agreed)
    assert report.answered_by_stance["disagree"] == len(disagreed)
    by_label = {t.theme.label: t for t in report.themes}
    faith = by_label["Faith groups left out"]
    assert faith.stance_share["disagree"] == pytest.approx(1.0)
    assert faith.stance_share["agree"] == 0.0
    mixing = by_label["Mixing in communities"]
    assert mixing.stance_share["agree"] == pytest.approx(1 / len(agreed))
    assert "Disagreed 100%" in theme_report.stance_summary(faith, report.answered_by_stance)
    assert themes


def test_open_only_question_has_no_split(imported_project):
    q2 = get_question(imported_project, "Q2")
    assert theme_report.agreement_split(imported_project, q2.id) is None
    assert theme_report.question_report(imported_project, q2.id).answered_by_stance == {}


def test_stance_of_choice():
    assert theme_report.stance_of_choice("Strongly agree") == "agree"
    assert theme_report.stance_of_choice("Tend to disagree") == "disagree"
    assert theme_report.stance_of_choice("Neither agree nor disagree") == "neutral"
    # "Don't know" takes no side: it is not "neither agree nor disagree" (a trial's 36 were counted as neutral)
    assert theme_report.stance_of_choice("Don't know") is None
    assert theme_report.stance_of_choice("Not sure") is None and theme_report.stance_of_choice("Je ne sais pas") is None
    assert theme_report.stance_of_choice("No opinion") == "neutral"
    assert theme_report.stance_of_choice("Blue") is None
    # a bilingual consultation's French (and other) scale: accented words read whole ("désaccord")
    assert theme_report.stance_of_choice("Tout à fait en désaccord") == "disagree"
    assert theme_report.stance_of_choice("Plutôt d’accord") == "agree"
    assert theme_report.stance_of_choice("Ni en accord ni en désaccord") == "neutral"
    assert theme_report.stance_of_choice("Stimme nicht zu") == "disagree"
    assert theme_report.stance_of_choice("Pour les entreprises") is None  # "pour" only as the whole answer
    assert theme_report.yes_no_of_choice("Yes, definitely") == "agree"
    assert theme_report.yes_no_of_choice("No") == "disagree"
    assert theme_report.yes_no_of_choice("Definitely not") == "disagree"
    assert theme_report.yes_no_of_choice("Not sure") == "neutral"
    assert theme_report.yes_no_of_choice("Nottingham") is None
    assert theme_report.stance_phrase("neutral") == "were neutral"
    assert theme_report.stance_phrase("agree", "yes_no") == "answered yes"


def test_yes_no_question_with_a_why_column_splits_its_themes(project, tmp_path):
    """A yes/no question followed by "Why?" (as survey tools export it): each theme's share among
    those who answered yes and no, in the read model, the annex and the Word report."""
    from openpyxl import load_workbook

    from consult_analyser.export.annex_xlsx import export_annex
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.store.questions import list_questions

    path = tmp_path / "form.csv"
    rows = ["Response ID,Should the library open on Sundays?,Why?"]
    rows += [f"Y{i},Yes,Families are free at weekends {i}" for i in range(6)]
    rows += [f"N{i},No,It costs too much money {i}" for i in range(4)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    import_files(project, [path])
    (question,) = list_questions(project)
    assert question.kind == QuestionKind.HYBRID
    ids = {rid: text for rid, text in codings.answer_texts(project, question.id)}
    yes = [r for r in ids if "weekends" in ids[r]]
    no = [r for r in ids if "costs" in ids[r]]
    _themes(project, question.id, {"Weekend time for families": yes, "Cost of opening": no + yes[:1]})
    report = theme_report.question_report(project, question.id)
    assert report.stance_scale == "yes_no"
    assert report.answered_by_stance == {"agree": 6, "neutral": 0, "disagree": 4}
    cost = next(t for t in report.themes if t.theme.label == "Cost of opening")
    assert cost.stance_share["disagree"] == pytest.approx(1.0) and cost.stance_share["agree"] == pytest.approx(1 / 6)
    assert theme_report.stance_summary(cost, report.answered_by_stance, report.stance_scale).startswith("Yes 17% (1 of 6)")
    out = tmp_path / "annex.xlsx"
    export_annex(project, out)
    cells = [str(c) for ws in load_workbook(out, read_only=True) for row in ws.iter_rows(values_only=True) for c in row if c]
    assert "Share among those who answered yes" in cells
    # (4 answered no: too few to show shares of, the group's size in full instead; trial 48)
    assert "Share among those who answered no" not in cells
    assert any("no: 4 respondents, too few to show shares" in c for c in cells)


def test_a_question_s_own_closed_answer_splits_its_themes(project, tmp_path):
    """Trial 48: `themes --list --by C2` on C2 ("Do you support ...?" with its explanation) said "nothing to split
    by named 'C2': give ... one of C1, C2, sector". A question's own choices split its themes."""
    from consult_analyser.export.theme_split import theme_split
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.store.questions import list_questions

    path = tmp_path / "form.csv"
    rows = ["Response ID,Do you support the proposed rule?,Please explain your views"]
    rows += [f"S{i},Support,It protects the river wildlife {i}" for i in range(5)]
    rows += [f"O{i},Oppose,It costs farmers too much money {i}" for i in range(3)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    import_files(project, [path])
    (question,) = list_questions(project)
    assert question.kind == QuestionKind.HYBRID
    ids = {rid: text for rid, text in codings.answer_texts(project, question.id)}
    _themes(project, question.id, {"Cost to farmers": [r for r in ids if "costs" in ids[r]]})
    split = theme_split(project, question.id, question.key)
    assert split.values == ["Support", "Oppose"]


def test_a_rating_with_a_please_tell_us_why_column_splits_its_themes(project, tmp_path):
    """The NHS Friends and Family Test: "Very good" ... "Very poor" and "Don't know", then "Please can
    you tell us why you gave your answer?": each theme's share among those who rated it well and poorly
    ("Don't know" takes no side), in the read model and the annex."""
    from openpyxl import load_workbook

    from consult_analyser.export.annex_xlsx import export_annex
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.store.questions import list_questions

    path = tmp_path / "fft.csv"
    rows = ["Response ID,Overall how was your experience of our service?,Please can you tell us why you gave your answer?"]
    rows += [f"G{i},{'Very good' if i % 2 else 'Good'},The nurses were kind and patient {i}" for i in range(24)]
    rows += [f"P{i},{'Poor' if i % 2 else 'Very poor'},I waited four hours in the corridor {i}" for i in range(12)]
    rows += [f"M{i},Neither good nor poor,Kind nurses but a long wait {i}" for i in range(2)]
    rows += [f"D{i},Don't know,The nurses were kind to my mum {i}" for i in range(2)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    import_files(project, [path])
    (question,) = list_questions(project)
    assert question.kind == QuestionKind.HYBRID
    ids = {rid: text for rid, text in codings.answer_texts(project, question.id)}
    _themes(project, question.id, {"Kind nurses": [r for r in ids if "kind" in ids[r].lower()],
                                   "Long waits": [r for r in ids if "wait" in ids[r]]})
    report = theme_report.question_report(project, question.id)
    assert report.stance_scale == "rating"
    assert report.answered_by_stance == {"agree": 24, "neutral": 2, "disagree": 12}
    waits = next(t for t in report.themes if t.theme.label == "Long waits")
    assert waits.stance_share["disagree"] == pytest.approx(1.0) and waits.stance_share["agree"] == 0.0
    assert theme_report.stance_summary(waits, report.answered_by_stance, report.stance_scale).startswith("Positive 0%")
    out = tmp_path / "annex.xlsx"
    export_annex(project, out)
    cells = [str(c) for ws in load_workbook(out, read_only=True) for row in ws.iter_rows(values_only=True) for c in row if c]
    assert "Share among those who rated it negatively" in cells


def test_themes_split_by_another_closed_question_or_a_detail(project, tmp_path, capsys):
    """A patient survey asks its rating once, then "What could be better?"; a trust wants each theme by
    site: `themes --list --by` splits a question's themes by any closed question or respondent detail,
    never by a personal one."""
    from consult_analyser.cli.main import main
    from consult_analyser.export.theme_split import split_choices, theme_split
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.store.questions import find_question, list_questions

    path = tmp_path / "survey.csv"
    rows = ["Response ID,Site,Overall how was your experience of our service?,What could have been better?,"
            "Your telephone number"]
    rows += [f"A{i},Northgate,Good,The car park was full every day {i},0161 496 00{i:02d}" for i in range(20)]
    rows += [f"B{i},Westbrook,Poor,I waited four hours for a bed {i},0161 496 01{i:02d}" for i in range(10)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    import_files(project, [path])
    better = next(q for q in list_questions(project) if q.text.startswith("What could"))
    ids = dict(codings.answer_texts(project, better.id))
    parking, waits = _themes(project, better.id, {"Car park full": [r for r in ids if "car park" in ids[r]],
                                                  "Long waits for a bed": [r for r in ids if "waited" in ids[r]]})
    rating = find_question(project, "Overall how was your experience of our service?")
    split = theme_split(project, better.id, rating.key)
    assert split.values == ["Good", "Poor"] and split.answered == {"Good": 20, "Poor": 10}
    assert split.share(waits.id, "Poor") == 1.0 and split.share(waits.id, "Good") == 0.0
    by_site = theme_split(project, better.id, "Site")
    assert by_site.share(parking.id, "Northgate") == 1.0 and by_site.share(parking.id, "Westbrook") == 0.0
    assert not any("telephone" in c.lower() for c in split_choices(project))
    from consult_analyser.export.theme_split import SplitError

    with pytest.raises(SplitError, match="is a personal detail"):  # said why, not "nothing to split by"
        theme_split(project, better.id, "Your telephone number")
    with pytest.raises(SplitError, match="is an open question"):  # an open question has no choices
        theme_split(project, rating.id, better.key)
    with pytest.raises(SplitError, match="classify them first"):  # before the sectors step
        theme_split(project, better.id, "sector")
    # those with no sector are "Unclassified", last (trial 39 read 143 organisations as "Not answered", first)
    assert main(["-q", "sectors", str(project.path), "--set", "A1", "business"]) == 0
    by_sector = theme_split(project, better.id, "sector")
    assert by_sector.values[-1] == "Unclassified" and by_sector.answered["Unclassified"] == 29
    assert main(["-q", "themes", str(project.path), "--list", "--question", better.key, "--by", "Site"]) == 0
    out = capsys.readouterr().out
    assert "Car park full" in out and "[Northgate 100% · Westbrook 0%]" in out
    # the annex: a table per question of its themes' respondents by the same split (small counts withheld)
    from openpyxl import load_workbook

    assert main(["-q", "export", str(project.path), str(tmp_path / "a.xlsx"), "--by", "Site"]) == 0
    sheet = next(ws for ws in load_workbook(tmp_path / "a.xlsx", read_only=True) if ws.title.endswith("themes"))
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(rows) if r[:3] == ["Theme", "Northgate", "Westbrook"])
    assert rows[header + 1][:3] == ["Car park full", 20, 0] and rows[header + 2][:3] == ["Long waits for a bed", 0, 10]
    assert main(["-q", "export", str(project.path), str(tmp_path / "b.xlsx"), "--by", "Shoe size"]) == 1
    assert "nothing to split by named 'Shoe size'" in capsys.readouterr().err
    # the Word report: each theme's share among those who gave each answer
    import docx

    assert main(["-q", "export", str(project.path), str(tmp_path / "r.docx"), "--by", "Site"]) == 0
    table = next(t for t in docx.Document(str(tmp_path / "r.docx")).tables if t.rows[0].cells[1].text.startswith("Northgate"))
    assert [c.text for c in table.rows[0].cells] == ["Theme", "Northgate (20)", "Westbrook (10)"]
    assert [c.text for c in table.rows[1].cells] == ["Car park full", "100%", "0%"]
    # under a heading of its own, not the last theme's
    headings = [p.text for p in docx.Document(str(tmp_path / "r.docx")).paragraphs if p.style.name == "Heading 2"]
    assert headings[-1].startswith(f"{better.key} themes by ") and headings[-1].endswith("Site")
    # a word of one closed question's wording names it ("experience": "Overall how was your experience ...?")
    assert theme_split(project, better.id, "experience").values == ["Good", "Poor"]


# ------------------------------------------------------------------------------ built-in codes
def test_builtin_families_and_quotable_quotes_first(imported_project):
    from consult_analyser.actions.coding import ImportCodebook
    from consult_analyser.pipeline.coding.families import builtin_rows

    project = imported_project
    op = ImportCodebook(builtin_rows())
    op.apply(project)
    stance = codebook.code_at_path(project, "Stance")
    assert stance is not None
    assert {c.name for c in codebook.children(project, stance.id)} == {"Supports", "Opposes", "Mixed", "No position"}
    from consult_analyser.pipeline.coding.autocode import exclusive_families

    assert [set(g) for g in exclusive_families(project)] == [{c.id for c in codebook.children(project, stance.id)}]
    from consult_analyser.pipeline.coding.autocode import family_cues

    sides = {c.name: c.id for c in codebook.children(project, stance.id)}
    assert set(family_cues(project)) == {sides["Supports"], sides["Opposes"], sides["Mixed"]}  # cue phrases
    quotable = codebook.code_at_path(project, theme_report.QUOTABLE_CODE)
    assert quotable is not None
    q1 = get_question(project, "Q1")
    ids = [rid for rid, text in codings.answer_texts(project, q1.id) if len(text.strip()) >= 20]
    assert len(ids) >= 3
    (theme,) = _themes(project, q1.id, {"Views on the vision": ids})
    first = theme_report.quotes(project, theme.id, n=len(ids))
    last = first[-1].response_id
    codings.add_coding(project, quotable.id, last)
    assert theme_report.quotes(project, theme.id, n=len(ids))[0].response_id == last


def test_coder_thresholds_ranks_and_learning_order():
    from consult_analyser.pipeline.coding.model import FewShotCoder

    rng = np.random.default_rng(0)
    words = {"bus": "buses and trains fares", "school": "schools teachers classes", "park": "parks trees green"}
    texts, labels = [], []
    for code, phrase in words.items():
        for i in range(12):
            texts.append(f"more {phrase} please {i}")
            labels.append([code])
    vectors = rng.normal(size=(len(texts), 8)).astype(np.float32)
    model = FewShotCoder().fit(texts, vectors, labels)
    thresholds = model.code_thresholds()
    assert thresholds.shape == (3,) and np.all((thresholds > 0) & (thresholds < 1))
    new = ["cheaper buses and trains", "better schools and teachers", "zzzz"]
    emb = rng.normal(size=(3, 8)).astype(np.float32)
    ranked = model.rank(new, emb)
    assert all(len(r) == 3 for r in ranked)
    assert ranked[0][0][0] == "bus" and ranked[0][0][2]
    assert ranked[1][0][0] == "school"
    assert [c for c, _ in model.suggest(new, emb)[0]][:1] == ["bus"]
    order = model.learning_order(new, emb)
    assert sorted(order) == [0, 1, 2] and order[0] == 2  # the answer it knows least about first


def test_an_answer_gets_one_stance_at_most():
    """The built-in Stance codes are one family: an answer takes one side, so auto-coding suggests
    the likeliest stance only, while topic codes stay multi-label."""
    from consult_analyser.pipeline.coding.model import FewShotCoder

    texts = ["I support this rule, it protects workers and costs little",
             "I oppose this rule, it costs jobs and protects nobody"] * 6 + ["it protects workers, costs jobs"] * 2
    labels = [["Supports", "Workers"], ["Opposes", "Costs"]] * 6 + [["Supports", "Opposes", "Workers", "Costs"]] * 2
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(len(texts), 8)).astype(np.float32)
    vectors[-2:] = vectors[-1]
    test, test_vectors = texts[-1:], vectors[-1:]  # like the answers coded with both sides
    free = FewShotCoder(best_floor=0.0).fit(texts, vectors, labels).predict(test, test_vectors)
    model = FewShotCoder(best_floor=0.0).fit(texts, vectors, labels, exclusive_groups=[["Supports", "Opposes"]])
    picked = model.predict(test, test_vectors)[0]
    index = {c: j for j, c in enumerate(model.classes_)}
    assert free[0][index["Supports"]] + free[0][index["Opposes"]] == 2  # both sides without the family rule
    assert picked[index["Supports"]] + picked[index["Opposes"]] == 1
    assert picked[index["Workers"]] + picked[index["Costs"]] >= 1


def test_a_verb_phrase_label_keeps_its_particle():
    """"Bring people" is a fragment: when the answers write "bring people together", so does the label."""
    from consult_analyser.pipeline.themes.label_forms import completed

    texts = ["Faith groups bring people together", "sport can bring people together", "events bring people together",
             "we need to bring people from different places"]
    assert completed("Bring people", texts) == "Bring people together"
    assert completed("Health care", ["health care in towns", "health care costs", "health care is stretched"]) == \
        "Health care"
    assert completed("Thought", ["well thought out", "thought out plans", "thought out"]) == "Thought"
    assert acceptable_label("Bring people together") and not acceptable_label("Health care in")


def test_a_completed_label_is_not_another_themes_label():
    """Two themes of one question are never both "Bring people together" (one phrase completed)."""
    from consult_analyser.pipeline.themes.build import ThemeBuilder

    texts = ["sport can bring people together", "we bring people together", "festivals bring people together",
             "funding for festivals"]
    label = ThemeBuilder._label(["Bring people", "Festivals"], "Mixed answers", [], {"bring people together"}, 3, texts)
    assert label == "Festivals"


def test_a_label_keeps_the_negation_its_answers_write():
    """"Enough substance" for answers saying "not enough substance" says the opposite of them."""
    from consult_analyser.pipeline.themes.label_forms import completed

    texts = ["there is not enough substance here", "not enough substance on delivery",
             "the paper has not enough substance", "enough substance for me"]
    assert completed("Enough substance", texts) == "Not enough substance"
    assert completed("Funding", ["lack of funding for ESOL", "a lack of funding", "lack of funding hurts",
                                 "funding is fine"]) == "Lack of funding"
    assert completed("Funding", ["more funding for ESOL", "funding is key", "no funding", "long-term funding"]) == \
        "Funding"
    pairs = ["apply it to public and private organisations", "public and private organisations alike",
             "both public and private sectors", "public and private organisations should", "public or private"]
    assert completed("Public", pairs) == "Public and private organisations"  # not the fragment "Public"
    assert completed("Local", ["local and national", "local and regional bodies", "local or national"]) == "Local"
    going_on = ["it is vague and does not say how", "vague and doesn't say", "vague and does nothing", "vague and does little"]
    assert completed("Vague", going_on) == "Vague"  # a verb going on is not the other half of a pair


def test_contractions_with_either_apostrophe_are_never_keywords():
    """Typed answers write "doesn’t" with a curly apostrophe as often as "doesn't": neither is a keyword."""
    from consult_analyser.pipeline.themes.model import discover_themes

    rng = np.random.default_rng(2)
    texts = ([f"It doesn’t feel like one, a hotdog isn’t bread ({i})" for i in range(8)]
             + [f"It doesn't fit, a sandwich can't be a taco ({i})" for i in range(8)])
    vectors = rng.normal(size=(len(texts), 8))
    result = discover_themes(texts, vectors / np.linalg.norm(vectors, axis=1, keepdims=True))
    shown = {k for t in result.themes for k in t.keywords} | {w for t in result.themes for k in t.keywords for w in k.split()}
    assert not shown & {"doesn’t", "doesn't", "isn’t", "can't"}, shown


def test_labels_keywords_and_descriptions_name_no_person_or_address():
    """Covering notes signed by a person, with an e-mail address, must not give a theme named
    after either (a label, keyword or description reaches the published annex)."""
    from consult_analyser.pipeline.themes.model import discover_themes

    rng = np.random.default_rng(0)
    notes = [f"Questions about our view on bus fares can go to Ms. Okafor at okafor.office@transport-example.org "
             f"or to Declan Brennan ({i})" for i in range(12)]
    others = [f"Bus fares are too high for young people ({i})" for i in range(12)] + \
             [f"Libraries should open on Sundays ({i})" for i in range(12)]
    texts = notes + others
    vectors = rng.normal(size=(len(texts), 8))
    vectors[:12] += 6.0  # the notes form a group of their own
    vectors[12:24] -= 6.0
    result = discover_themes(texts, vectors / np.linalg.norm(vectors, axis=1, keepdims=True))
    assert any("fare" in t.label.lower() for t in result.themes)
    published = " ".join([t.label for t in result.themes] + [t.description for t in result.themes]
                         + [k for t in result.themes for k in t.keywords]).lower()
    assert "okafor" not in published and "@" not in published and "transport-example" not in published
    assert "brennan" not in published  # a name by its shape alone stays out of chips and descriptions


def test_a_question_answered_mostly_in_other_languages_warns(project, tmp_path):
    """The theme model reads English: a run on a question whose answers are mostly German says so."""
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.pipeline.themes.discover import discover_project_themes, language_warning

    german = ["Die Busverbindungen auf dem Land sind viel zu selten und zu teuer für Familien",
              "Wir brauchen mehr Sprachkurse für Menschen, die neu in der Stadt angekommen sind",
              "Die Bibliothek sollte auch am Sonntag geöffnet sein, damit Berufstätige sie nutzen können"]
    english = ["Rural buses are far too rare and too expensive for families with children",
               "We need more language classes for people who have just arrived in the town"]
    rows = [german[i % 3] + f" ({i})" for i in range(24)] + [english[i % 2] + f" ({i})" for i in range(8)]
    path = tmp_path / "feedback.csv"
    path.write_text("id,What do you think?\n" + "".join(f"R{i},\"{t}\"\n" for i, t in enumerate(rows)),
                    encoding="utf-8")
    import_files(project, [path])
    summary = discover_project_themes(project, embedder="tfidf-svd")
    assert "not in English (de 75%)" in summary
    assert language_warning("Q1", {"en": 95, "fr": 5, "": 40}) == ""  # a few answers in French: no warning
    # a Welsh consultation's usual share (a trial's 12%) already makes themes of its own: warned
    assert "not in English (cy 12%)" in language_warning("Q1", {"en": 88, "cy": 12})
    # the German answers' themes say so, and read as German phrases, not stop words
    from consult_analyser.store import themes as store_themes
    from consult_analyser.store.questions import list_questions

    labels = [t.theme.label for t in store_themes.list_themes(project, list_questions(project)[0].id)]
    assert any(label.endswith("(German)") for label in labels), labels
    german_stops = {"die", "der", "das", "und", "zu", "sind", "auf", "dem", "wir", "sie", "auch", "am"}
    assert not any(label.split()[0].lower() in german_stops for label in labels), labels


def test_answers_in_other_languages_get_their_own_stop_words_and_a_marked_label():
    """Keywords and labels of themes answered in German or French leave out those languages' stop
    words ("dass die", "Nous demandons") and name the language; English themes are as before."""
    from consult_analyser.pipeline.themes.languages import question_stop_words
    from consult_analyser.pipeline.themes.model import discover_themes

    rng = np.random.default_rng(0)
    topics = {
        "en": ["Facial recognition in public spaces should be banned; it threatens fundamental rights",
               "Supervisory authorities need more staff and funding for enforcement"],
        "de": ["Gesichtserkennung im öffentlichen Raum muss verboten werden, das ist eine Gefahr für die Grundrechte",
               "Die Aufsichtsbehörden brauchen mehr Personal und Geld für die Durchsetzung"],
        "fr": ["La reconnaissance faciale dans l'espace public doit être interdite, c'est un danger pour les droits",
               "Les autorités de contrôle ont besoin de plus de moyens pour faire appliquer les règles"],
    }
    texts, languages, truth = [], [], []
    centres = rng.normal(size=(6, 24))
    for j, (code, pair) in enumerate(topics.items()):
        for k, text in enumerate(pair):
            for i in range(12):
                texts.append(f"{text} ({i})")
                languages.append(code)
                truth.append(2 * j + k)
    vectors = centres[truth] + 0.05 * rng.normal(size=(len(texts), 24))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    result = discover_themes(texts, vectors, languages=languages)
    stops = question_stop_words(texts, languages)
    assert {"die", "und", "les", "pour", "des"} <= stops
    by_language = {t.label: languages[t.representative[0]] for t in result.themes}
    for label, code in by_language.items():
        words = label.lower().split()
        assert words[0] not in stops and words[-1].strip("()") not in stops, label
        assert label.endswith({"de": "(German)", "fr": "(French)", "en": label[-1:]}[code]), label
    for theme in result.themes:
        assert not any(all(w in stops for w in k.lower().split()) for k in theme.keywords), theme.keywords
    english = [t.label for t in discover_themes(texts[:24], vectors[:24]).themes]
    assert sorted(english) == sorted(label for label, code in by_language.items() if code == "en")
    # a word the English answers use ("die" in "people will die") stays an English word there
    mixed = ["People will die waiting for care"] * 5 + ["Die Pflege ist zu teuer"] * 3
    assert "die" not in question_stop_words(mixed, ["en"] * 5 + ["de"] * 3)
    # Welsh, which spaCy has no list for (the Welsh Government consults in both languages)
    assert {"mae", "yn", "y"} <= question_stop_words(["Mae angen mwy o fysiau yn y pentrefi"] * 3, ["cy"] * 3)


def test_a_fallback_label_keeps_two_keywords_written_together():
    from consult_analyser.pipeline.themes.labels import fallback_label

    texts = ["I think the ban on social scoring in the EU act is right and proper",
             "social scoring must go as it harms many people in the country",
             "we see no place for social scoring here in any of the systems we run"]
    assert fallback_label(texts, ["social", "scoring"]) == "Social scoring"


def test_bare_sides_repeated_answers_and_contact_residue_get_labels_a_reader_can_use():
    """Themes the sample published as "Mixed answers" and "Tel": answers that only take a side get
    a label saying so, a short answer many wrote word for word is its own label (even ending on a
    small word), and the residue of blanked contact details is no label."""
    from consult_analyser.pipeline.themes.labels import STANCE_ONLY_LABEL, fallback_label, stance_only

    sides = ["Agree", "I agree", "Disagree", "Yes", "Same as before", "I strongly disagree.", "Agree"]
    assert stance_only(sides) and not stance_only(["A buddy system", "Yes, more funding", "Agree"])
    assert fallback_label(["One law for all."] * 4 + ["one law for all"], ["law law"]) == "One law for all"
    assert fallback_label(["Not enough money."] * 5, ["money money"]) == "Not enough money"
    unrelated = ["Social scoring is happening on every platform already, and social scoring harms people",
                 "The wider creative industries are missing from the paper entirely, which is a real pity",
                 "Sustainability is missing from the governance mechanisms it describes for AI",
                 "The statistics used to underpin the report are wrong about what happened in America",
                 "I wish it said something more like supporting artists by enforcing responsible AI"]
    assert fallback_label(unrelated, ["scoring", "social", "wider", "creative"]) == "Assorted points"
    assert not acceptable_label("Tel") and not acceptable_label("Email")
    assert not acceptable_label("26 July") and not acceptable_label("March 3, 2019") and acceptable_label("Mayors")
    assert not acceptable_label("Introduction") and not acceptable_label("Previous") and acceptable_label("Previous pilots")
    assert not acceptable_label("Refer") and not acceptable_label("Week") and acceptable_label("Recognise the signs")
    assert not acceptable_label("Systems with the capacity") and not acceptable_label("Voice for the importance")
    assert acceptable_label("Share the aim") and acceptable_label("Miss the opportunity")
    rng = np.random.default_rng(3)
    topics = ["More bus routes to the villages please", "Council tax is far too high this year"]
    texts = ([topics[i % 2] + f" ({i})" for i in range(40)] + [sides[i % len(sides)] for i in range(14)]
             + ["Yes, agree", "Yes I agree", "Agree."] * 3)
    truth = [i % 2 for i in range(40)] + [2] * 14 + [3] * 9  # the tree cut the sides in two
    vectors = rng.normal(size=(4, 16))[truth] + 0.05 * rng.normal(size=(len(texts), 16))
    # on these vectors alone (the answers' words would join the sides in one group to begin with)
    result = ThemeModel(min_theme_size=5, word_weight=0).fit(
        texts, vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).result_
    sided = [t for t in result.themes if t.label == STANCE_ONLY_LABEL]
    assert len(sided) == 1 and sided[0].size == 23, [(t.label, t.size) for t in result.themes]


def test_a_theme_whose_every_name_is_taken_joins_the_theme_of_that_name():
    """Two themes a reader would call "Learn English" (the tree cut the one-line answers apart from
    the longer ones) are one theme, not "Learn English" and "Learn English (28)"."""
    rng = np.random.default_rng(5)
    texts = ([f"People who come here should learn English so they can work ({i})" for i in range(20)]
             + ["Learn English", "learn english", "Learn English.", "Learn english!"] * 3
             + [f"Buses to the villages are far too rare ({i})" for i in range(20)])
    truth = [0] * 20 + [1] * 12 + [2] * 20
    vectors = rng.normal(size=(3, 16))[truth] + 0.05 * rng.normal(size=(len(texts), 16))
    result = discover_themes(texts, vectors / np.linalg.norm(vectors, axis=1, keepdims=True), min_theme_size=5)
    labels = [t.label for t in result.themes]
    assert not any(label.startswith("Learn English (") for label in labels), labels
    english = [t for t in result.themes if t.label.lower().startswith("learn english")]
    assert len(english) == 1 and english[0].size == 32, labels


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["see", "attached", "comments", "from", "regarding", "Docket", "No.", "FWS-HQ-2018-0006",
                                 ":", ";", "-", "!!", "Re:", "Smith", "John", "A,", "Inc", "titled:", "which", "Siehe",
                                 "Anhang", "\n", "Thank", "you", "Letter", "of", "U.S.", "Inc.", "Dear", "Ms.", "Fahey,",
                                 "Please", "accept", "on", "behalf", "September", "24,", "2018", "agree", "Yes,", "Tel",
                                 "die", "und", "(German)", "Learn", "English"]), max_size=40)
       | st.text(max_size=120))
def test_reading_any_answer_never_fails(text):
    """Theme discovery reads every answer: the non-answer and label rules take any text."""
    from consult_analyser.pipeline.themes.label_forms import completed
    from consult_analyser.pipeline.themes.labels import fallback_label, stance_only
    from consult_analyser.pipeline.themes.languages import question_stop_words

    text = " ".join(text) if isinstance(text, list) else text
    assert isinstance(is_non_answer(text), bool)
    assert isinstance(acceptable_label(text[:60]), bool)
    assert completed("Enough substance", [text, text, text])
    assert isinstance(stance_only([text]), bool)
    assert isinstance(fallback_label([text, text, text], [text[:20], "word"]), str)
    assert isinstance(question_stop_words([text] * 3, ["de"] * 3), frozenset)


def test_a_bracketed_keyword_adds_something():
    from consult_analyser.pipeline.themes.build import ThemeBuilder

    texts = ["the rich get richer while the poor man pays", "tax the rich, help the poor man", "like the rich"]
    label = ThemeBuilder._label(["The rich"], "Mixed answers", ["rich rich", "richer", "like", "poor man"], {"the rich"}, 1,
                                texts)
    assert label == "The rich (poor man)"


def test_a_lone_word_label_takes_the_noun_its_answers_always_write_after_it():
    from consult_analyser.pipeline.themes.label_forms import completed

    texts = [f"human oversight of {x}" for x in ("models", "systems", "decisions", "agents", "tools")] + ["humans first"]
    assert completed("Human", texts) == "Human oversight"
    assert completed("Economy", ["economy is weak", "the economy is bad", "economy jobs", "economy", "economy now"]) \
        == "Economy"


def test_a_verb_before_the_subject_of_the_next_clause_makes_no_phrase():
    """"feel integration" is no phrase of "I do not feel integration is working"; "Sharing a
    language" (a gerund subject) and "help the poor" are."""
    from consult_analyser.pipeline.themes.phrases import PhraseLabeler, load_nlp

    if not load_nlp().has_pipe("tagger"):
        pytest.skip("the tagger model is not installed")
    found = PhraseLabeler().phrases(["I do not feel integration is working here",
                                     "Sharing a language is the foundation for everything", "We should help the poor"])
    assert "feel integration" not in found[0] and "Sharing a language" in found[1] and "help the poor" in found[2]


def test_a_contractions_stump_or_a_footnote_number_never_reaches_a_label():
    """"Don" (of "Don’t know") is no label; "requirements:1" loses its footnote's number."""
    from consult_analyser.pipeline.themes.phrases import tidy

    assert not acceptable_label("Don") and not acceptable_label("ve")
    assert tidy("Following regulatory requirements:1") == "Following regulatory requirements"
    assert tidy("regulatory requirements¹") == "Regulatory requirements"
    assert tidy("Section 2") == "Section 2" and tidy("G20") == "G20"


def test_a_lone_word_every_theme_uses_does_not_name_one_of_them():
    """In answers about a risk-based approach "risk" is everywhere: it names the question, not a
    theme; a word the theme holds ("Economy" in its own theme) still names it."""
    from consult_analyser.pipeline.themes.build import ThemeBuilder
    from consult_analyser.pipeline.themes.phrases import PhraseLabeler

    texts = ([f"risk of harm to children online ({i})" for i in range(10)]
             + [f"risk assessment costs small firms ({i})" for i in range(10)]
             + [f"the economy and jobs ({i})" for i in range(10)] + [f"risk to jobs in the economy ({i})" for i in range(3)])
    builder = ThemeBuilder(texts, np.zeros((len(texts), 2)), PhraseLabeler(use_tagger=False), [])
    children, economy = np.arange(10), np.arange(20, 30)
    assert builder._spread(children, "risk") and not builder._spread(economy, "economy")
    label = ThemeBuilder._label(["Risk", "Harm to children"], "Assorted", [], set(), 0, texts[:10],
                                lambda word, lone=False: builder._spread(children, word, lone))
    assert label == "Harm to children"
    # a word standing alone must be mostly this theme's, however few answers use it: a trial's "Pupils" named
    # one of many themes of a schools consultation ("jobs": 3 of its 13 uses in the children's theme)
    assert builder._spread(np.arange(30, 33), "jobs", lone=True) and not builder._spread(economy, "jobs", lone=True)


def test_a_lone_word_few_of_a_themes_answers_write_does_not_name_it():
    """Two answers in twenty say "mudslinging": the word says nothing about the other eighteen."""
    from consult_analyser.pipeline.themes.phrases import MIN_LABEL_SHARE, PhraseLabeler

    texts = ([f"he is too old for the job, really ({i})" for i in range(12)]
             + ["constant mudslinging", "mudslinging in his ads"]
             + [f"a different point entirely, number {w}" for w in ("one", "two", "three", "four", "five", "six")]
             + [f"taxes are too high for families ({i})" for i in range(20)])
    ranked = PhraseLabeler(use_tagger=False).label(texts, [list(range(20)), list(range(20, 40))])
    first = [p.lower() for p, _ in ranked[0]]
    assert "mudslinging" not in first and 2 / 20 < MIN_LABEL_SHARE
    assert any("old" in p for p in first), first


def test_web_and_mail_addresses_an_answer_cites_give_no_keyword():
    from consult_analyser.pipeline.themes.build import without_addresses
    from consult_analyser.pipeline.themes.model import discover_themes

    assert without_addresses("See https://arxiv.org/abs/2301 and dl.acm.org/doi/10, or mail a.b@c.co.uk.").split() \
        == ["see", "and", "or", "mail", "."]
    rng = np.random.default_rng(3)
    texts = ([f"Audit the models before release, see https://arxiv.org/abs/23{i} and www.example.org ({i})"
              for i in range(8)] + [f"Fund local libraries properly, as https://www.gov.uk/libraries shows ({i})"
                                    for i in range(8)])
    vectors = rng.normal(size=(len(texts), 8))
    result = discover_themes(texts, vectors / np.linalg.norm(vectors, axis=1, keepdims=True))
    shown = {w for t in result.themes for k in t.keywords for w in k.split()}
    assert not shown & {"https", "arxiv", "www", "org", "abs", "gov", "uk", "example"}, shown


def test_a_phrase_few_of_a_themes_answers_write_does_not_name_it():
    """Two answers in twenty-eight say "the rich" in a theme about concern for ordinary people:
    the phrase names neither the theme nor its other twenty-six answers."""
    from consult_analyser.pipeline.themes.phrases import MIN_PHRASE_SHARE, PhraseLabeler

    texts = ([f"they care more about ordinary people ({i})" for i in range(14)]
             + ["not only for the rich", "the rich pay less"]
             + [f"they seem concerned for everyone, point {w}" for w in
                ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")]
             + [f"taxes are too high for families ({i})" for i in range(28)])
    ranked = PhraseLabeler(use_tagger=False).label(texts, [list(range(28)), list(range(28, 56))])
    first = [p.lower() for p, _ in ranked[0]]
    assert "the rich" not in first and "rich" not in first and 2 / 28 < MIN_PHRASE_SHARE
    assert any("ordinary people" in p for p in first), first


def test_a_theme_whose_phrase_is_the_questions_word_is_named_by_its_answers():
    """When the theme's best phrase is the question's own word ("Definitions" in answers on the
    definitions), a short answer its answers give names it, not "Definitions (submission)"; when
    another theme took the phrase, it names the rest said near it, so the two join as named alike
    ("submission" is written beside it in one answer of four: no bracketed word)."""
    from consult_analyser.pipeline.themes.build import ThemeBuilder
    from consult_analyser.pipeline.themes.labels import answers_label

    texts = ["the definitions appear appropriate", "definitions appear appropriate to us", "yes, fine",
             "the definitions are appropriate, see our submission"]
    answered = lambda: answers_label(texts, ["definitions", "submission"])  # noqa: E731
    label = ThemeBuilder._label(["Definitions"], "Assorted points", ["definitions", "submission"], set(), 0, texts,
                                lambda word, lone=False: word == "definitions", answered)
    assert label == "The definitions appear appropriate"
    taken = ThemeBuilder._label(["Definitions"], "Assorted points", ["definitions", "submission"], {"definitions"}, 0,
                                texts, lambda word, lone=False: False, answered)
    assert taken == "Other points on definitions"


def test_a_short_answer_among_long_ones_does_not_name_them():
    """"Risk-based is always the wrong approach" is one person's aside among answers explaining why
    a risk-based approach works: it names none of them."""
    from consult_analyser.pipeline.themes.labels import answers_label, fallback_label

    long = [f"A risk-based approach is well understood across organisations and at senior levels, provided "
            f"guidance is clear and proportionate to the harm in each sector ({i})" for i in range(8)]
    texts = ["Risk-based is always the wrong approach", *long]
    assert answers_label(texts, ["organisations"]) is None
    assert fallback_label(texts, ["organisations"]) != "Risk-based is always the wrong approach"
    assert answers_label(["he is for the rich people", "for the rich", "the rich get richer"], []) \
        == "He is for the rich people"


def test_an_answer_in_capitals_is_a_label_in_lower_case():
    from consult_analyser.pipeline.themes.phrases import tidy

    assert tidy("BECAUSE HE IS A DEMOCRAT") == "Because he is a democrat"
    assert tidy("ESOL") == "ESOL" and tidy("More ESOL classes") == "More ESOL classes"


def test_answers_that_are_only_personal_data_are_no_answers():
    """A column of postcodes or telephone numbers read as a question: nothing to theme, and no
    postcode names a theme (the run failed on them: nothing was left once they were blanked)."""
    postcodes = [f"{a}{n % 20 + 1} {n % 10}{b}Q" for a, b, n in zip("ABCDEFGHKLMNPRSTWY" * 3, "DEFGHJLNPQRSTUWXYZ" * 3,
                                                                   range(54), strict=True)]
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(len(postcodes) + 6, 8))
    texts = postcodes + ["Fund the libraries properly", "Libraries need more funding",
                         "Keep the library open on Saturdays", "Saturday opening for the library",
                         "0161 496 0000", "jo.bloggs@example.org"]
    result = discover_themes(texts, vectors / np.linalg.norm(vectors, axis=1, keepdims=True))
    fixed = [t for t in result.themes if t.label == NO_ANSWER_LABEL]
    assert fixed and fixed[0].size == len(postcodes) + 2
    assert all(t.label == NO_ANSWER_LABEL or "librar" in t.label.lower() or "saturday" in t.label.lower()
               for t in result.themes), [t.label for t in result.themes]
    only = discover_themes(postcodes, vectors[: len(postcodes)])
    assert [t.label for t in only.themes] == [NO_ANSWER_LABEL]


def test_answers_pasted_from_emails_are_themed_and_quoted_without_greeting_and_sign_off():
    """"Dear Peat Consultation Team, ... Kind regards, <name> <phone>": themes are not found or
    named by the greeting, and a quote leaves out the greeting and what follows the sign-off."""
    from consult_analyser.letter_text import letter_body
    from consult_analyser.store.theme_report import quote_excerpt

    pasted = "Dear Peat Consultation Team,\n\nAlternatives cost more and margins are thin.\n\nKind regards,\nKirsty Example\n07700 900123"
    assert letter_body(pasted) == "Alternatives cost more and margins are thin."
    assert quote_excerpt(pasted) == "Alternatives cost more and margins are thin."
    assert letter_body("Buses matter.\nThanks, the buses are bad.") == "Buses matter.\nThanks, the buses are bad."
    assert letter_body("Kind regards") == "Kind regards"  # nothing else: kept as it is
    # text from a PDF runs the letterhead, the greeting and the first sentence into one line
    glued = ("3 August 2026Ms Carys Emberton Digital Policy Branch Department for Transport GPO Box 12 "
             "Leeds LS1 4AB e: buses@example.gov.ukDear Ms EmbertonThe Riverside Bus Users Group welcomes the "
             "chance to respond. Evening services matter most.")
    assert letter_body(glued).startswith("The Riverside Bus Users Group welcomes")
    prose = "We think the buses should run later. Dear reader, this matters to families who work shifts in town."
    assert letter_body(prose) == prose
    # an Acknowledgement of Country at a submission's head is a formality, as a greeting is
    acknowledged = ("Acknowledgement of Country We acknowledge the Traditional Custodians of the lands on which we "
                    "work and pay our respects to Elders past and present. Evening buses matter most to carers.")
    assert letter_body(acknowledged) == "Evening buses matter most to carers."
    policy = ("Data about communities should be governed by them. The Government should acknowledge that First "
              "Nations communities must control data about them.")
    assert letter_body(policy) == policy
    rng = np.random.default_rng(0)
    points = ["Peat-free compost is inconsistent and seedlings fail", "Bogs store carbon and shelter curlew",
              "Alternatives cost more and margins are thin", "Gardeners need advice before a ban"]
    texts = [f"Dear Peat Consultation Team,\n\n{points[i % 4]} ({i}).\n\nKind regards,\nPerson {i}" for i in range(40)]
    vectors = rng.normal(size=(40, 8))
    from consult_analyser.pipeline.themes.discover import read_input  # noqa: F401 - the project path trims the same way

    result = discover_themes([letter_body(t) for t in texts], vectors / np.linalg.norm(vectors, axis=1, keepdims=True))
    assert not any("dear" in t.label.lower() or "regards" in t.label.lower() for t in result.themes)


def test_a_lone_verb_or_opening_aside_names_no_theme():
    """"Loneliness will increase" named "Increase", and "Broadly, loneliness will increase" "Broadly"."""
    from consult_analyser.pipeline.themes.build import ThemeBuilder

    texts = ["Loneliness will increase; the library is where I see people.",
             "Broadly, loneliness will increase for older people.", "Frankly, loneliness will increase.",
             "Broadly, loneliness will increase a lot.", "Broadly, I think loneliness will increase."]
    label = ThemeBuilder._label(["Increase", "Broadly", "Loneliness"], "Assorted points", [], set(), 0, texts)
    assert label == "Loneliness", label


def test_a_quote_leaves_out_opening_and_closing_formalities():
    from consult_analyser.store.theme_report import quote_excerpt

    assert quote_excerpt("Thank you for the opportunity to respond. Loneliness will increase; the library is where "
                         "I see people. I would be happy to discuss this further.") == \
        "Loneliness will increase; the library is where I see people."
    assert quote_excerpt("The register must be free. Please ring me on [phone] or email [email].") == \
        "The register must be free."
    assert quote_excerpt("Thank you.") == "Thank you."  # nothing else: kept as it is
    # a re-test's quote of a bus operator's letter opened with its covering line
    assert quote_excerpt("Please find below our response as a rural bus operator. Evening services would need "
                         "a subsidy to run.") == "Evening services would need a subsidy to run."
    assert quote_excerpt("We run a centre for 300 families. Contact: [name], Development Manager, [phone]") == \
        "We run a centre for 300 families."  # a job title beside an organisation points at one person
    # "I am writing to object ..." says where the writer stands: a campaign's quote began after it
    assert quote_excerpt("Dear Minister, I am writing to object to the changes. The green belt stops sprawl.") == \
        "I am writing to object to the changes. The green belt stops sprawl."
    assert quote_excerpt("I am writing in response to the consultation. The green belt stops sprawl.") == \
        "The green belt stops sprawl."


def test_one_persons_typo_or_angle_does_not_name_a_theme():
    """A label reviewer found one answer copied as the label, typos and all ("They try to mhelp people",
    "Not much experence") over answers that say other things."""
    from consult_analyser.pipeline.themes.labels import answers_label

    texts = ["They try to mhelp people", "they are trying something different this time", "fired up about change",
             "they want to change things", "trying new ideas for the country", "full of energy and new ideas"]
    assert answers_label(texts, []) != "They try to mhelp people"
    inexperienced = ["Not much experence", "he lacks experience", "too little experience for the job",
                     "no experience in foreign policy", "experience matters and he has none"]
    assert answers_label(inexperienced, []) != "Not much experence"


def test_a_letters_letterhead_and_addressee_are_not_read_for_themes():
    """Letters' addressee blocks named themes of their own ("Department of Industry", a research
    centre's letterhead): the short lines above the greeting go with it."""
    from consult_analyser.letter_text import letter_body

    letter = ("ARC Centre of Excellence for Automated Decision-Making\nProfessor Jane Citizen\nThe Hon Ed Husic MP\n"
              "Department of Industry, Science and Resources\nGPO Box 2013 Canberra ACT 2601\n4 August 2023\n\n"
              "Dear Minister,\n\nWe welcome the discussion paper. Regulation should be risk based.\n\n"
              "Yours sincerely,\nJane")
    assert letter_body(letter) == "We welcome the discussion paper. Regulation should be risk based."
    prose = ("Libraries matter to us.\nWe think the council has cut too far, and the hours now suit nobody who works "
             "in town.\nDear me, what a mess.")
    assert letter_body(prose) == prose  # a long line first: no letterhead, nothing cut


def test_a_bracketed_word_is_never_one_answers_misspelling():
    """"Republican (amtrack)", "War (heroe)": the word that tells a theme from one named alike came
    from one answer's typo."""
    from consult_analyser.pipeline.themes.build import ThemeBuilder

    texts = ["republicans cut amtrack funding", "the war in iraq was wrong", "the war costs too much money",
             "spending on the war", "the war was a mistake", "money wasted on a war"]
    label = ThemeBuilder._label(["War"], "Assorted points", ["amtrack", "money"], {"war"}, 0, texts)
    assert label == "War (money)"


def test_a_bare_no_to_a_yes_or_no_question_is_a_side_not_a_non_answer():
    """A label reviewer found "Yes" counted with the sides and "No" with the non-answers: to "Should
    the rules differ?" a bare "No" is an answer; to "Any other comments?" it is none."""
    import numpy as np

    from consult_analyser.pipeline.themes.discover import ThemeInput, compute_themes
    from consult_analyser.pipeline.themes.nonanswers import asks_yes_or_no, is_non_answer

    assert asks_yes_or_no("Should different approaches apply to public and private sector use of AI?")
    assert asks_yes_or_no("Q6. Do you agree with the vision?")
    assert not asks_yes_or_no("Do you have any other comments?") and not asks_yes_or_no("What would help?")
    # a patient survey's "Is there anything that would have made it better?": "No" is "nothing", no side
    assert not asks_yes_or_no("Is there anything that would have made your experience better?")
    assert not asks_yes_or_no("Q7. Was there anything you did not like?")
    assert asks_yes_or_no("Are there any circumstances in which it should be allowed?")
    # asked for ideas, "No" is none: no side taken
    assert not asks_yes_or_no("Do you have any ideas for how the council could save money or raise income?")
    assert not asks_yes_or_no("Can you suggest other ways to save?")
    assert is_non_answer("No") and not is_non_answer("No.", no_is_a_side=True) and is_non_answer("N/A", no_is_a_side=True)
    # a trial's "What exemptions, if any, should apply?": its 10 bare "None" (no exemptions) had gone to "No
    # substantive answer", and its "Same as previous answer" into a theme
    assert asks_yes_or_no("What exemptions, if any, should apply?") and not is_non_answer("None", no_is_a_side=True)
    assert not is_non_answer("None whatsoever.", no_is_a_side=True) and is_non_answer("Nothing to add", no_is_a_side=True)
    assert is_non_answer("Same as previous answer") and is_non_answer("same as above") and is_non_answer("Ditto")
    seen: dict = {}

    def discover(texts, vectors, **options):  # type: ignore[no-untyped-def]
        seen.update(options)
        raise RuntimeError("stop here")

    inp = ThemeInput("q", "Q6", ["a", "b"], ["No", "Yes"], "d", "tfidf-svd", "k", {}, [], "", [], {},
                     question_text="Should the rules differ?")

    class Flat:
        name = "flat"

        def encode(self, texts, progress=None):  # type: ignore[no-untyped-def]
            return np.ones((len(texts), 2), dtype=np.float32)

    try:
        compute_themes(inp, embedder=Flat(), discover=discover)
    except RuntimeError:
        pass
    assert seen.get("no_is_a_side") is True


@pytest.mark.parametrize("text", ["Aucun commentaire", "Rien à ajouter.", "S.O.", "s/o", "Pas de commentaire",
                                  "Keine Anmerkungen", "N.v.t.", "Sin comentarios", "Nessun commento", "Non", "Nein."])
def test_non_answers_in_other_languages_are_set_aside(text):
    assert is_non_answer(text)


def test_a_bare_no_in_another_language_answers_a_yes_or_no_question():
    assert not is_non_answer("Non", no_is_a_side=True)
    assert not is_non_answer("Non, je ne suis pas d'accord : le coût est trop élevé")


def test_what_a_split_by_names_and_what_groups_no_one():
    """`--by Ward` names a column headed "Ward/Department"; a date and time of its own for nearly every
    respondent groups no one (a re-test split a theme into groups of one)."""
    from consult_analyser.export.theme_split import _groups, _named

    assert _named("Ward", ["Ward/Department", "Site"]) == "Ward/Department"
    assert _named("site", ["Ward/Department", "Site"]) == "Site"
    assert _named("War", ["Ward/Department"]) is None and _named("Ward", ["Ward (A)", "Ward (B)"]) is None
    stamps = {f"r{i}": [f"2024-03-01 10:{i:02d}"] for i in range(40)}
    assert not _groups(stamps)
    assert _groups({f"r{i}": ["North" if i % 2 else "South"] for i in range(40)})


def test_answers_that_only_say_all_was_well_make_one_fixed_theme():
    """A patient survey's "What could have been better?" had five themes of one point ("Nothing, all good",
    "All good", "No it was fine", "No thank you", "Nothing everything was great"): one, named as such."""
    import numpy as np

    from consult_analyser.pipeline.themes.labels import PLEASED_LABEL, pleased_only_answer
    from consult_analyser.pipeline.themes.model import discover_themes

    for text in ("All good", "Nothing, all good", "No it was fine", "No thank you", "Nothing everything was great",
                 "Very happy, thank you!", "keep up the good work"):
        assert pleased_only_answer(text), text
    for text in ("The nurses were good", "No, the parking was fine", "thank you to the porter",
                 "All good apart from the food", "Good parking"):
        assert not pleased_only_answer(text), text
    assert is_non_answer("no nothing")
    pleased = ["All good", "Nothing, all good", "No it was fine", "No thank you", "Nothing everything was great"] * 4
    points = [f"The car park was full and cost {i} pounds" for i in range(20)]
    texts = pleased + points
    rng = np.random.default_rng(0)
    vectors = np.vstack([rng.normal(size=(len(pleased), 16)) + 3, rng.normal(size=(20, 16)) - 3]).astype(np.float32)
    result = discover_themes(texts, vectors)
    fixed = [t for t in result.themes if t.label == PLEASED_LABEL]
    assert len(fixed) == 1
    # ("No thank you" says no more than "No": no substantive answer, as a signed-off "No" is)
    assert {i for i, a in enumerate(result.assignments) if a == fixed[0].key} == {
        i for i, t in enumerate(pleased) if t != "No thank you"}


def test_a_surname_the_answers_write_after_first_names_never_labels_a_theme():
    """Five "I'm Cedric Oakshott and I've lived here 30 years" answers of one family named their theme
    "Oakshott" in the published annex; a label is never a word written inside people's full names."""
    from consult_analyser.pipeline.themes.model import discover_themes

    rng = np.random.default_rng(0)
    firsts = ["Cedric", "Elwyn", "Hermione", "Verity", "Petunia", "Rupert", "Imogen", "Barnaby", "Tamsin", "Ottilie"]
    intros = [f"I'm {first} Wrexcombe and I've lived here 30 years. Good to be consulted ({i})"
              for i, first in enumerate(firsts)]
    others = [f"Bus fares are too high for young people ({i})" for i in range(12)] + \
             [f"Libraries should open on Sundays ({i})" for i in range(12)]
    texts = intros + others
    vectors = rng.normal(size=(len(texts), 8))
    vectors[:10] += 6.0
    vectors[10:22] -= 6.0
    result = discover_themes(texts, vectors / np.linalg.norm(vectors, axis=1, keepdims=True))
    published = " ".join([t.label for t in result.themes] + [t.description for t in result.themes]
                         + [k for t in result.themes for k in t.keywords]).lower()
    assert "wrexcombe" not in published, [t.label for t in result.themes]


def test_a_sub_theme_of_the_other_side_is_lifted_from_its_parent(project, tmp_path):
    """"Rise protects services" (said by those who supported the rise) was nested under "Money on
    consultants" (said by those who opposed it): a sub-theme read as the parent's side's point."""
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.pipeline.themes.discover import unnest_opposed
    from consult_analyser.store import themes as store_themes
    from consult_analyser.store.questions import list_questions

    rows = ["id,Do you support the rise?,Why?"]
    rows += [f"A{i},Support,The rise protects services for the elderly ({i})" for i in range(12)]
    rows += [f"B{i},Oppose,Too much money goes on consultants ({i})" for i in range(12)]
    rows += [f"C{i},Oppose,The council wastes money on its offices ({i})" for i in range(12)]
    path = tmp_path / "budget.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    import_files(project, [path])
    question = next(q for q in list_questions(project) if q.kind != QuestionKind.CLOSED)
    ids = dict(codings.answer_texts(project, question.id))
    by = {k: [r for r, t in ids.items() if w in t] for k, w in (("rise", "protects"), ("consultants", "consultants"),
                                                                ("offices", "offices"))}
    parent = Theme(question_id=question.id, label="Money on consultants", description="", keywords=[], model="test",
                   source=Source.MODEL)
    lifted = Theme(question_id=question.id, label="Rise protects services", description="", keywords=[],
                   model="test", source=Source.MODEL, parent_id=parent.id)
    kept = Theme(question_id=question.id, label="Offices", description="", keywords=[], model="test",
                 source=Source.MODEL, parent_id=parent.id)
    assignments = [ThemeAssignment(t.id, rid, 0.9, Source.MODEL, False)
                   for t, key in ((parent, "consultants"), (lifted, "rise"), (kept, "offices")) for rid in by[key]]
    theme_runs.save_run(project, question.id, model="test", params={}, themes=[parent, lifted, kept],
                        assignments=assignments)
    assert unnest_opposed(project, question.id) == 1
    parents = {t.theme.label: t.theme.parent_id for t in store_themes.list_themes(project, question.id)}
    assert parents["Rise protects services"] is None and parents["Offices"] == parent.id



def test_a_description_never_quotes_an_answer_with_a_gap_where_a_name_was():
    from consult_analyser.pipeline.themes.labels import describe_examples

    said = describe_examples(["Love this! My name is .", "Love this!", "Great idea"])
    assert "My name is" not in said and "Love this!" in said


def test_a_theme_is_nested_only_under_its_nearest_theme():
    """A chain of themes (trains near buses, cycling near trains but not buses) is not one family:
    the tree's cut put all three in one group under "buses"; cycling's nearest theme is trains, so it
    stands on its own, and trains stays under buses, the theme most answers carry."""
    rng = np.random.default_rng(7)
    unit = np.eye(16)
    bases = [unit[0], unit[0] + 0.8 * unit[1], unit[0] + 0.8 * unit[1] + 1.1 * unit[2], unit[3], unit[4], unit[5]]
    words = ["buses", "trains", "cycling", "schools", "parks", "housing"]
    texts, rows = [], []
    for t, (base, n) in enumerate(zip(bases, [30, 20, 15, 15, 15, 15], strict=True)):
        for i in range(n):
            texts.append(f"Something about {words[t]} in our town number {i}")
            rows.append(base / np.linalg.norm(base) + 0.08 * rng.normal(size=16))
    vectors = np.array(rows)
    result = ThemeModel(min_theme_size=5, word_weight=0).fit(
        texts, vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).result_
    label = {t.key: t.label.split()[0] for t in result.themes}
    assert {label[c]: label[p] for c, p in result.hierarchy.items()} == {"Trains": "Buses"}


def test_a_lone_generic_word_is_refused_in_the_singular_or_plural():
    """"Sides" (of "a two-way street"), "Term" (of "the term needs care") and "Numbers" name no topic,
    as "side", "terms" and "number" do not; "Citizens" and "Buses" do."""
    for label in ("Sides", "Term", "Numbers", "Comment", "Issue"):
        assert not acceptable_label(label), label
    for label in ("Citizens", "Buses", "Access", "Two-way street"):
        assert acceptable_label(label), label


class _TopicEmbedder:
    """A stand-in sentence model: a text's vector is the sum of the topics it names."""

    topics = {w: v for w, v in zip(("buses", "schools", "parks", "housing"), np.eye(16)[:4], strict=True)}

    def encode(self, texts):
        out = np.array([sum((v for w, v in self.topics.items() if w in t.lower()), np.zeros(16)) + 0.01
                        for t in texts])
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_a_long_answer_carries_the_themes_its_paragraphs_make():
    """A letter's paragraphs on buses and on parks carry those themes, read part by part with the
    model's embedder; as a whole (a blur of its paragraphs) it is far from every theme, and without the
    embedder it goes to "Other"."""
    rng = np.random.default_rng(11)
    unit = np.eye(16)
    topics = _TopicEmbedder.topics

    texts, rows = [], []
    for word, base in topics.items():
        for i in range(12):
            texts.append(f"A short answer about {word}, number {i}")
            rows.append(base + 0.08 * rng.normal(size=16))
    letter = ("We write as a residents group about the village and what it needs most now.\n\n"
              "The buses stop too early in the evening and the route misses the estate entirely.\n\n"
              "The parks need better lighting and the play area has been closed for a whole year.")
    texts.append(letter)
    rows.append(unit[1] * 1.2 + unit[0] * 0.5 + unit[2] * 0.5)  # a blur nearest schools
    vectors = np.array(rows)
    result = ThemeModel(min_theme_size=5, word_weight=0).fit(
        texts, vectors / np.linalg.norm(vectors, axis=1, keepdims=True), embedder=_TopicEmbedder()).result_
    label = {t.key: t.label.split()[-1] for t in result.themes}
    carried = [label[result.assignments[-1]]] + [label[k] for k, _ in result.secondary.get(len(texts) - 1, [])]
    assert sorted(carried) == ["buses", "parks"], carried
    whole_only = ThemeModel(min_theme_size=5, word_weight=0).fit(
        texts, vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).result_
    assert whole_only.assignments[-1] == -1 and len(texts) - 1 not in whole_only.secondary


def test_an_answer_whose_every_paragraph_blurs_the_same_points_is_read_in_sentences():
    """A federation's summary of its meetings: nine paragraphs, each a sentence on buses and one on
    parks. Each paragraph is as blurred as the whole, far from every theme, and the 4,477-character
    answer was in no theme; its sentences carry the buses and parks themes."""
    rng = np.random.default_rng(5)
    unit = np.eye(16)
    topics = _TopicEmbedder.topics

    texts, rows = [], []
    for word, base in topics.items():
        for i in range(12):
            texts.append(f"A short answer about {word}, number {i}")
            rows.append(base + 0.08 * rng.normal(size=16))
    paragraph = ("The buses stop too early in the evening and miss the estate. "
                 "The parks need better lighting and the play area is closed.")
    texts.append("\n\n".join([paragraph] * 9))
    rows.append(unit[0] + unit[2])
    vectors = np.array(rows)
    result = ThemeModel(min_theme_size=5, word_weight=0).fit(
        texts, vectors / np.linalg.norm(vectors, axis=1, keepdims=True), embedder=_TopicEmbedder()).result_
    label = {t.key: t.label.split()[-1] for t in result.themes}
    assert result.assignments[-1] >= 0
    carried = [label[result.assignments[-1]]] + [label[k] for k, _ in result.secondary.get(len(texts) - 1, [])]
    assert sorted(carried) == ["buses", "parks"], carried


def test_near_themes_about_different_things_are_not_nested():
    """Two themes whose answers sit close (a blur of the same long answers) but whose labels and
    keywords share no word are different points, not a theme and its sub-theme."""
    rng = np.random.default_rng(7)
    unit = np.eye(16)
    bases = [unit[0], unit[0] + 0.8 * unit[1], unit[3], unit[4], unit[5]]
    phrases = ["Buses arrive late every evening", "Railway stations closed at weekends", "Schools need more teachers",
               "Parks need better lighting", "Housing costs too much"]
    texts, rows = [], []
    for t, (base, n) in enumerate(zip(bases, [30, 20, 15, 15, 15], strict=True)):
        for i in range(n):
            texts.append(f"{phrases[t]} ({i})")
            rows.append(base / np.linalg.norm(base) + 0.08 * rng.normal(size=16))
    vectors = np.array(rows)
    result = ThemeModel(min_theme_size=5, word_weight=0).fit(
        texts, vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).result_
    assert len(result.themes) == 5 and not result.hierarchy, [(t.label, t.keywords) for t in result.themes]


@pytest.mark.parametrize("text", ["as per my previous answer", "As per my previous answer.", "see my email",
                                  "Please see my email", "As per my email", "as stated previously"])
def test_pointers_to_an_earlier_answer_or_an_email_are_no_answer(text):
    """A trial's 27 "as per my previous answer" and 9 "see my email" made substantive themes."""
    from consult_analyser.pipeline.themes.nonanswers import is_non_answer

    assert is_non_answer(text)


def test_neither_alone_takes_no_side_and_gives_no_reason():
    from consult_analyser.pipeline.themes.labels import takes_a_side_only
    from consult_analyser.pipeline.themes.nonanswers import is_non_answer

    assert takes_a_side_only("Neither") and takes_a_side_only("Neither.")
    for view in ("The same rules should apply as before", "per pupil funding is too low",
                 "See above. Phones are a distraction.", "I sent an email about this to my MP"):
        assert not is_non_answer(view)


def test_quotes_do_not_repeat_a_sentence_two_answers_share():
    """A trial's three "Mental health" quotes were one sentence ("Being offline ... rest from dopamine hits")
    written into three answers."""
    from consult_analyser.pipeline.themes.build import ThemeBuilder
    from consult_analyser.pipeline.themes.phrases import PhraseLabeler

    shared = "Being offline at school gives their brains a rest from dopamine hits."
    texts = [f"{shared} My son is calmer ({i})." for i in range(4)] + [
        "Anxiety has gone down since phones were locked away at our school.",
        "Pupils sleep better and worry less when the phone is not with them all day.",
        "Mental health matters more than being reachable every minute of the day."]
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(len(texts), 8))
    vectors[:4] = vectors[0]  # the four sharing the sentence are the most central
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    builder = ThemeBuilder(texts, vectors, PhraseLabeler(use_tagger=False), [])
    quotes = builder._quotes(np.arange(len(texts)), vectors[0])
    assert sum(1 for i in quotes if shared in texts[i]) == 1 and len(quotes) >= 3


def test_a_label_opening_with_a_verb_is_quoted_in_its_description():
    """"Answers about welcome the emphasis, often mentioning ..." reached a desktop trial's annex and report."""
    from consult_analyser.pipeline.themes.labels import describe

    assert describe("Welcome the emphasis", ["support the emphasis"], ["values"]) == \
        "Answers on \u201cwelcome the emphasis\u201d, often mentioning support the emphasis and values."
    assert describe("Know their neighbours", [], []) == "Answers on \u201cknow their neighbours\u201d."
    assert describe("Two-way street", [], ["newcomers"]) == "Answers about two-way street, often mentioning newcomers."
    assert describe("Support", [], []) == "Answers about support."  # a lone word is a topic
    # trial 41: a lead's renaming "Broadly agree with the definitions, with caveats"
    assert describe("Broadly agree with the definitions, with caveats", [], []) == \
        "Answers on \u201cbroadly agree with the definitions, with caveats\u201d."
    assert describe("Early years", [], []) == "Answers about early years."


@pytest.mark.parametrize("text", [
    # covering notes and procedural notes from two trials on real consultations (invented senders)
    'Please Find Attached Comments On Ceq\'s "Update To The Regulations Implementing The Procedural Provisions Of '
    'The National Environmental Policy Act," Which Are Submitted On Behalf Of The Harrow Creek Tribe.',
    "See Attached Letter From Chairman Peter A. Quill.",
    "See Enclosure", "Pfa My Comment.", "Late Comment", "Comments To Proposed Rule", "Request For 15 Day Extension",
    "Brightwater Staffing Services, Inc.",
    "See Attached. Earlier Submittal Did Not Have Attachment",
    "See Larkfield Group submission", "see previous answer (re public-private coordination)",
    "At present, we do not have a position on this issue.", "I do not have data on this.",
    "Thank you for the opportunity to make a submission. Please find our submission attached. We have no objection "
    "to the publication of this submission. Please do not hesitate to contact me.",
    "Contact: Dr Jane Quill, jane@example.org, 0412 345 678",
    # a re-test's annex still quoted these (cut to "Thank You. [name] Majority Counsel")
    "Please See Attached Comment From Members Of The Harrow State Senate Majority. Thank You. Chad Hutchison - "
    "Senate Majority Counsel",
    "Thank You For Considering Our Comments, Attached. Sincerely, Meryl Quillan Executive Director Harrow Stewards",
    # a re-test's "Contact" and "Feedback" themes of a general-comments question
    "No feedback.", "Please contact Dr Leslie Quill with any questions or concerns about the submission. 0412 345 678",
    "Harrow Alliance is happy for our submission to be made public.",
    "We have no objection to publication of this response.",
    "Jh", "Esc",  # a key pressed to get past the box (a re-test's "Hard Copy" theme held "Jh")
    # trial 39: 147 short comments in topic themes, 5 of 13 published quotes such notes
    "Attached You Will Find Harrow's Comments To The Proposed Rulemaking. We Will Send A Hard Copy Version As Well. "
    "Thanks.",
    "Quill F Joseph, Harrow Associated Universities; Quill F Joseph, Harrow Associated Universities; Quill F Joseph, "
    "Harrow Associated Universities",
    "Acgih, Acgih; Acgih, Acgih",
    "Harrow Longline Association Comments On Proposed Update To The Regulations Implementing The Procedural Provisions "
    "Of The National Environmental Policy Act",
    "Attached Please Find The Harrow Institute's Comment Letter With Regard To The Opt Stem Proposal.",
    "The Harrow Company Appreciates The Opportunity To Comment On The Osha Proposed Regulation On Occupational "
    "Exposure To Beryllium, In The Attached Document.",
    "On Behalf Of The Harrow States Coalition, Please See The Attached Comments In Regards To The Docket "
    "Ceq-2019-0003. We Appreciate The Opportunity To Share Our Perspective.",
    "Harrow Submits The Attached Comments On The Proposed Regulation. Thank You For Your Consideration. If You Have "
    "Any Questions Or Need Additional Information, Please Feel Free To Contact Us At 202-555-0100.",
    "Please Find Attached The Comments Of The Harrow Builders Association Regarding Docket No. Fws-R9-Es-2008-0093. "
    "If You Have Any Questions Or Problems With The Document, Please Call 202-555-0100 Ext. 207 Or Email "
    "Quill@Example.org.",
    "Attached Please Find The Comments Of The Harrow Association On The Recent Proposed Rule. Please Let Me Know If "
    "You Have Any Questions. Meryl Quill Director, Regulatory Affairs The Harrow Association",
    "To: Council On Environmental Quality From: Harrow Users Alliance Re: Comments In Docket No. Ceq-2019-0003 "
    "Attached For Your Consideration By The Council Are The Comments Of The Harrow Users Alliance.",
    # trial 41: published in a report's quotes
    "Hi, could you please replace our previous submission with this version? The previous submission had comment "
    "including in the margins that we'd like not made public.",
    "Thank you for the opportunity to make a submission on this important but very complex matter. JT",
])
def test_covering_notes_pointers_and_declined_answers_found_on_real_consultations(text: str) -> None:
    """A trial's "Late Comment" theme mixed such notes with views on both sides and had them quoted in the annex;
    another's "Robodebt" theme held "See Reason Group submission" and "we do not have a position on this issue"."""
    assert is_non_answer(text)


@pytest.mark.parametrize("text", [
    "We support the Larkfield Group submission", "No data should be shared with Police Scotland",
    "The extension of the scheme to rural areas is welcome", "Brightwater Staffing Services, Inc. opposes the rule",
    "See the damage done to Harrow Creek by the floods", "We have no objection to the new bus lane",
    "Thank you for the new buses. They are great.", "Please see the attached letter. Maren Lindqvist thinks fares are too high",
    "We are happy for the council to publish bus times online", "Please contact the council about potholes, they are dangerous",
    "We are happy for our response to be published but we oppose the plan",
    "Yes", "yes", "AI", "EU", "Tax", "Bus",
    # trial 39's rules read notes only: these say something
    "The Harrow Company Appreciates The Opportunity To Comment. The Rule Will Cost Small Firms $5,000 A Year.",
    "Cost; time; quality", "Fares; fares",  # points listed, and one listed twice
    "Please call me if you have questions: the bus is late every day",
    "Thank you for the opportunity to comment. Fares are too high.",
    "Please replace the old timetable with the earlier version, it was clearer",
])
def test_views_that_name_a_body_or_data_are_still_answers(text: str) -> None:
    assert not is_non_answer(text)


@pytest.mark.parametrize("text", [
    "I'd Like To Support This Proposal. Please See My Comment As Attached. Thanks!", "Yes, no further comment.",
    "Yes. See submission", "I support this rule", "We oppose the proposed rule. See attached letter.",
    "Yes we do.", "No I don't.", "No, there isn't", "Positive. Pfa."])
def test_a_side_taken_with_a_pointer_or_no_more_to_say_is_a_side_only(text: str) -> None:
    """A trial on real comments found such answers in no theme at all, not under "Agree or disagree, no reason"."""
    from consult_analyser.pipeline.themes.labels import takes_a_side_only

    assert takes_a_side_only(text)


@pytest.mark.parametrize("text", [
    "Attached Please Find Comments Opposing Harrow's Proposed Changes To The Nepa Regulations.",
    "Please See The Attached Comments By The Harrow Refiners Association In Support Of The Proposed Rule. Thank You.",
    "Please See Attached Letter From Faith Organizations, Urging Rejection Of The Proposed Update To The Regulations.",
    "Please Accept The Attached Document As Comments In Opposition To This Nprm From The Harrow Society."])
def test_a_covering_note_that_takes_a_side_is_a_side_only(text: str) -> None:
    """Trial 39: such notes formed topic themes ("Provisions of the National Environmental Policy Act") and one
    was that theme's only published quote; their side is all they say."""
    from consult_analyser.pipeline.themes.labels import takes_a_side_only
    from consult_analyser.pipeline.themes.nonanswers import is_sided_covering_note

    assert takes_a_side_only(text) and is_sided_covering_note(text) and not is_non_answer(text)
    assert not is_sided_covering_note("The questions plus a supporting case study are in the uploaded submission.")
    assert not is_sided_covering_note("We submit comments in support of the rule because it cuts fares for the poor.")


@pytest.mark.parametrize("text", ["Yes, because buses are late", "No, see the bus timetable for the gaps",
                                  "Yes we do need more buses",
                                  "Yes, but only in towns", "I support this rule. It will cut pollution."])
def test_a_side_with_a_reason_is_more_than_a_side(text: str) -> None:
    from consult_analyser.pipeline.themes.labels import takes_a_side_only

    assert not takes_a_side_only(text)


def test_a_number_alone_is_no_answer():
    """A trial's docket comments held "5" as a whole comment; it was clustered among real points ("Assorted points")."""
    from consult_analyser.pipeline.themes.nonanswers import is_non_answer

    assert all(is_non_answer(t) for t in ("5", "12.5", " 2020 ", "#3"))
    assert not any(is_non_answer(t) for t in ("Section 5", "B5", "5G masts", "Option 2 is best"))


def test_the_side_only_theme_says_how_many_took_each_side():
    """Trial 41: "Agree or disagree, no reason given" lumped 22 "Yes" with one "No I don't." on a yes-or-no question
    and nothing published said how many supported."""
    from consult_analyser.pipeline.themes.labels import sides_taken, stance_only_description

    answers = ["Yes", "yes.", "Agree", "Yes, broadly support.", "No I don't.", "Disagree", "Neutral"]
    assert sides_taken(answers) == (4, 2, 1)
    assert stance_only_description(answers).endswith(": 4 agreed or said yes, 2 disagreed or said no, 1 neither.")
