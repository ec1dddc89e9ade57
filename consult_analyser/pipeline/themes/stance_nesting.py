"""Theme nesting against the sides respondents took: the model nests themes by the answers' meaning
alone, so on a question with a closed agree/disagree answer a supporters' point could sit under the
opponents' theme. :func:`unnest_opposed` lifts such sub-themes after each run."""

from __future__ import annotations

from consult_analyser.domain import ThemeStatus
from consult_analyser.store import theme_edits, theme_report
from consult_analyser.store import themes as store_themes
from consult_analyser.store.project import Project

#: a theme's side on a question's closed answer: at least this share of its respondents who took a
#: side took this one, and at least ``SIDE_MIN`` of them
SIDE_SHARE = 0.75
SIDE_MIN = 5


def unnest_opposed(project: Project, question_id: str) -> int:
    """Lift the model's sub-themes whose respondents took the other side from their parent's on the
    question's closed answer ("Rise protects services", said by those who supported the rise, under
    "Money on consultants", said by those who opposed it): nested by the answers' meaning alone, they
    read as one side's point. Returns how many were lifted."""
    split = theme_report.agreement_split(project, question_id)
    if split is None:
        return 0

    def side(theme_id: str) -> str | None:
        counts = split.by_theme.get(theme_id, {})
        agree, disagree = counts.get("agree", 0), counts.get("disagree", 0)
        if agree + disagree < SIDE_MIN:
            return None
        return "agree" if agree >= SIDE_SHARE * (agree + disagree) else \
            "disagree" if disagree >= SIDE_SHARE * (agree + disagree) else None

    opposed = [t.theme.id for t in store_themes.list_themes(project, question_id)
               if t.theme.status == ThemeStatus.CANDIDATE and t.theme.parent_id
               and side(t.theme.id) is not None and side(t.theme.parent_id) not in (None, side(t.theme.id))]
    if opposed:
        theme_edits.set_parent(project, opposed, None)
    return len(opposed)
