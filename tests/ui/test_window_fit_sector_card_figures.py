"""The Sector review card gives one figure for the model's proposal (trial 51, minor 5: "it proposes
'Non-profit, voluntary or community organisation' (44%)" sat directly above "The model's probabilities" at
100%: the run draws its proposal's figure down when the model knows too few labels, the chart drew the
model's own)."""

from __future__ import annotations

import re

import pytest

from consult_analyser.store import sectors as store_sectors


def _bars(view) -> dict[str, float]:  # type: ignore[no-untyped-def]
    return {bar.label: bar.value for bar in view.chart.bars}


def test_the_cards_text_and_chart_give_the_same_figure(window, project_of):  # type: ignore[no-untyped-def]
    view = window.show_view("sectors")
    taxonomy = store_sectors.taxonomy(project_of)
    proposed = next(s for s in taxonomy if s.is_organisation and not s.label.startswith("Other"))
    other = next(s for s in taxonomy if s.key != proposed.key)
    rid = view.model.rows[0].respondent_id
    why = (f"unclassified: the model knows organisations' sectors from 13 label(s) here, too few to decide: it "
           f"proposes {proposed.label!r} (44%); confirm or correct")
    with project_of.transaction() as conn:  # as a retrain with too few labels left it: unclassified, proposed
        conn.execute("DELETE FROM sector_assignments WHERE respondent_id = ? AND source != 'analyst'", (rid,))
    store_sectors.save_assignments(project_of, [], review={**store_sectors.review_reasons(project_of), rid: why})
    # what the retrain hands the view: the model's own figures, and the figure the run gave its proposal
    view._retrained(([], {rid: {proposed.key: 1.0, other.key: 0.0}}, [], [], {rid: 0.44}))
    view.select_row(next(i for i, r in enumerate(view.model.rows) if r.respondent_id == rid))
    text = view.current_source.text()
    said = [int(n) / 100 for n in re.findall(r"\((\d+)%\)", text)]
    assert said == [0.44], text
    assert _bars(view) == {proposed.label: pytest.approx(0.44)}, view.chart_caption.text()

    # a sector the model decided is drawn at its own probabilities, as before (the text gives the same figure)
    decided = next((i for i, r in enumerate(view.model.rows) if r.source == "model" and r.sector), None)
    if decided is not None:
        row = view.model.rows[decided]
        rest = next(s.key for s in taxonomy if s.key != row.sector)
        view.probabilities = {row.respondent_id: {row.sector: row.confidence, rest: 1 - row.confidence}}
        view.select_row(decided)
        view._show_current()
        assert _bars(view)[next(s.label for s in taxonomy if s.key == row.sector)] == pytest.approx(row.confidence)
        assert view.chart_caption.text() == "The model’s probabilities"
