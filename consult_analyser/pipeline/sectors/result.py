"""A respondent's sector as a run decides it, and the order in which an analyst reviews them.

Split from :mod:`consult_analyser.pipeline.sectors.model` (the session that decides): a result,
and the review queue built from results.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from consult_analyser.domain import SectorAssignment, Source


@dataclass
class SectorResult:
    """One respondent's sector with where it came from.

    ``source`` is analyst | declared | rules | model; ``detail`` the rule name, the declared
    text, or the model name and version; ``probabilities`` the model's distribution over the
    taxonomy (empty when no model could be used). ``sector`` is "" when nothing could decide
    (the respondent is unclassified and waits in the review queue). ``review`` says why a
    person should look at it first (a declared type that conflicts with the name or e-mail
    domain, or no evidence at all).
    """

    respondent_id: str
    sector: str
    source: str
    confidence: float
    detail: str = ""
    probabilities: dict[str, float] = field(default_factory=dict)
    review: str = ""

    def to_assignment(self, created_by: str = "") -> SectorAssignment:
        """The store's provenance record for this result."""
        return SectorAssignment(self.respondent_id, self.sector, Source(self.source), float(self.confidence),
                                self.detail, reviewed=self.source == "analyst", created_by=created_by)


def _uncertainty(result: SectorResult, row: Mapping[str, float] | None, method: str) -> float:
    if not row:
        return 1.0 - float(result.confidence)
    values = np.asarray(list(row.values()), dtype=float)
    if values.sum() <= 0:
        return 1.0 - float(result.confidence)
    values = values / values.sum()
    if method == "entropy":
        nz = values[values > 0]
        return float(-(nz * np.log(nz)).sum() / math.log(len(values))) if len(values) > 1 else 0.0
    assigned = float(row.get(result.sector, 0.0)) / float(sum(row.values()))
    others = [v / float(sum(row.values())) for k, v in row.items() if k != result.sector]
    margin = assigned - (max(others) if others else 0.0)
    return (1.0 - margin) / 2.0


def review_queue(results: Sequence[SectorResult],
                 probabilities: Mapping[str, Mapping[str, float]] | None = None, *,
                 method: str = "margin", limit: int | None = None,
                 sources: Iterable[str] = ("declared", "rules", "model")) -> list[str]:
    """Respondent ids ordered for review, most uncertain first; analyst-set ones are left out.

    Uncertainty is ``(1 - margin) / 2`` where margin is the model probability of the assigned
    sector minus the best other one (so a declared or rule sector the model doubts ranks high),
    or the normalised entropy with ``method="entropy"``. ``probabilities`` (id -> sector -> p)
    defaults to each result's own. Results flagged for review (unclassified, or a declared type
    that conflicts with the name or e-mail domain) come first. Ties go to the lower confidence,
    then the id.
    """
    if method not in ("margin", "entropy"):
        raise ValueError("method must be 'margin' or 'entropy'")
    wanted = set(sources) - {"analyst"}
    scored = []
    for r in results:
        if r.source not in wanted:
            continue
        row = probabilities.get(r.respondent_id) if probabilities is not None else r.probabilities
        scored.append((0 if r.review else 1, -_uncertainty(r, row, method), float(r.confidence), r.respondent_id))
    scored.sort()
    ids = [rid for *_, rid in scored]
    return ids[:limit] if limit is not None else ids
