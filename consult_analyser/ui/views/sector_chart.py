"""The Sector review card's chart of the model's view of a respondent: the same figures as the card's text."""

from __future__ import annotations

from consult_analyser.store.browse import ReviewRow

#: the model's probabilities as they are
PROBABILITIES = "The model’s probabilities"
#: a run that drew its proposal's figure down from the model's: that figure, the one the card's text gives
PROPOSAL = "The model’s proposal (held down: too few labels here to go by its own figure)"


def model_figures(row: ReviewRow, probabilities: dict[str, float], proposal: float = 0.0,
                  shown: int = 4) -> tuple[str, list[tuple[str, float]]]:
    """The chart's caption and its (sector key, figure) bars for ``row``, from the last retrain's ``probabilities``
    and, for a respondent it left unclassified, ``proposal``: the figure it gave its proposal.

    A respondent the run left unclassified because the model knows organisations' sectors from too few labels is
    proposed at a figure drawn towards an even share ("it proposes 'Non-profit …' (44%)"), while the model's own
    probability may be 100%: a trial's card showed both, one above the other. The chart then shows the run's
    figure for its proposal, the one the text gives, and no other bar (the others are on the model's own scale)."""
    top = sorted(probabilities.items(), key=lambda kv: -kv[1])[:shown]
    if not row.sector and top and proposal > 0 and abs(top[0][1] - proposal) >= 0.005:
        return PROPOSAL, [(top[0][0], proposal)]
    return PROBABILITIES, [(k, v) for k, v in top if v > 0.01]
