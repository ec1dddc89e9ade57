"""Built-in code families that analysts code and auto-coding learns like any other code.

- **Stance** (supports / opposes / mixed / no position): for open-only questions, where no closed
  agree/disagree answer says which side a respondent took. Coded answers teach the auto-coder
  (:mod:`consult_analyser.pipeline.coding.autocode`) exactly as topic codes do, so every answer gets
  a ranked, calibrated stance suggestion.
- **Quotable** (evidence-rich answers worth quoting): answers coded with it, or confidently
  suggested it, are quoted first (:func:`consult_analyser.store.theme_report.quotes`).

They are added to a project's codebook on request (``codebook --add-builtin``, or
:func:`builtin_rows` through the undoable codebook import), never silently.
"""

from __future__ import annotations

import re

from consult_analyser.store.theme_report import QUOTABLE_CODE

STANCE_FAMILY = "Stance"
#: the Stance code that takes no side: the only one an answer with nothing to code may be suggested
NO_POSITION = "No position"
STANCES = {
    "Supports": "The answer supports the proposal or the question's position.",
    "Opposes": "The answer opposes the proposal or the question's position.",
    "Mixed": "The answer supports some parts and opposes others, or weighs both sides.",
    "No position": "The answer takes no side (a comment, a question, an unrelated point).",
}
# Phrases in which a respondent states a side in the first person, or asks for the proposal to be
# adopted or dropped: a view of each answer beside its words and meaning (see FewShotCoder's
# ``code_cues``). Coded answers can outweigh them: which side "supports protection" takes depends
# on the proposal.
_ADVERB = r"(?:strongly |fully |firmly |wholeheartedly |enthusiastically |vehemently |therefore |also |would )?"
# what a third-person statement of a side is about: "the proposed rule", "these changes", "its proposal"
_OBJECT = (r"(?:the|this|these|its|their|your) (?:\w+ ){0,3}?(?:proposed |proposal'?s? )?"
           r"(?:rules?|proposals?|rulemaking|regulations?|changes?|amendments?|revisions?)\b")
STANCE_CUES = {
    "Supports": re.compile(
        rf"\b(?:i|we) {_ADVERB}(?:support|applaud|commend|endorse|welcome|favou?r)\b"
        rf"|\b(?:i|we) {_ADVERB}agree with {_OBJECT}"  # not "we agree with Charlie", "with the concerns raised"
        # not "in support of withdrawing the proposal", "of these comments", "of the following message"
        r"|\bin (?:strong |full )?support of (?!(?:the following|these|this letter|our|my|other|withdraw|preserv|keep|"
        r"maintain|retain|current))"
        r"|\b(?:finali[sz]e|adopt|implement) (?:the|this) (?:proposed )?(?:rule|proposal|change)s?\b"
        # in the third person, anywhere in the letter: "AOGA supports the proposed rule", "is supportive of"
        rf"|(?<!not )(?<!n't )\b(?:supports|endorses|applauds|commends|welcomes) {_OBJECT}"
        r"|\b(?:is|are) (?:strongly |very |fully )?supportive of\b"
        r"|(?<!not )\b(?:should|must) be (?:finali[sz]ed|adopted|promulgated|implemented)\b"
        r"|\burges? (?:you|the \w+|\w+) (?:\w+ ){0,3}?to (?:finali[sz]e|adopt|promulgate|implement)\b", re.I),
    "Opposes": re.compile(
        rf"\b(?:i|we) {_ADVERB}(?:oppose|object to|disagree with|reject)\b"
        r"|\bin (?:strong )?opposition to\b|(?<!\bas )\bopposed to\b"  # not "as opposed to" ("rather than")
        r"|\b(?:withdraw|rescind|abandon|reconsider) (?:the|this|its|your) (?:proposed )?(?:rule|proposal|change)s?\b"
        r"|\b(?:do|does|should) not (?:support|adopt|finali[sz]e)\b|\burge (?:you|the \w+) not to\b"
        rf"|\b(?:opposes|objects to|rejects) {_OBJECT}"
        r"|\b(?:should|must) (?:not be (?:finali[sz]ed|adopted|promulgated|implemented)|be withdrawn|be rescinded)\b"
        r"|\burges? (?:you|the \w+|\w+) (?:\w+ ){0,3}?to (?:withdraw|reject|rescind|abandon)\b", re.I),
    # a side taken with a reservation: "We agree with the principle, but the detail needs careful thought"
    "Mixed": re.compile(
        rf"\b(?:i|we) {_ADVERB}(?:support|agree with|welcome|favou?r|endorse|applaud|commend|accept|oppose|object to|"
        r"disagree with)\b"
        r"[^.!?]{0,160}?\b(?:but|however|although|though|(?<!not )(?<!as )yet|provided (?:that )?|as long as|subject to"
        r"|except)\b"
        r"|\b(?:agree|support\w*|welcome|sympathetic)\b[^.!?]{0,100}[.!?][ \t]*(?:however|but|that said)\b"
        r"|\bin principle\b[^.!?]{0,80}\b(?:but|however)\b"
        r"|\b(?:mixed (?:views|feelings)|partly agree|partially agree|agree in part|support in part|some reservations"
        r"|on the one hand)\b", re.I),
}
#: the Stance code whose cue qualifies a side's ("We support the rule, however ..."): an answer holding it and one
#: side's cue states a reservation, not that side (the cue-only suggestions and the model read it so alike)
MIXED = "Mixed"

QUOTABLE_DESCRIPTION = ("An evidence-rich answer worth quoting: specific, first-hand, clearly put "
                        "(examples, figures, consequences).")


def builtin_rows() -> list[dict[str, str]]:
    """The built-in families as codebook rows (path, description, colour)."""
    rows = [{"path": STANCE_FAMILY, "description": "Which side the answer takes (built-in family).",
             "colour": "#59a14f"}]
    rows += [{"path": f"{STANCE_FAMILY} > {name}", "description": text, "colour": ""} for name, text in STANCES.items()]
    rows.append({"path": QUOTABLE_CODE, "description": QUOTABLE_DESCRIPTION, "colour": "#f28e2b"})
    return rows
