"""The shapes of the sample's building blocks: questions, themes and sectors."""

from __future__ import annotations

from dataclasses import dataclass, field

SECTORS = (
    "individual", "faith", "local_authority", "education", "voluntary_community", "academic_research",
    "business", "health_care", "police_justice_fire", "other_public_body", "other",
)
_SHORT = {
    "ind": "individual", "faith": "faith", "la": "local_authority", "edu": "education",
    "vcs": "voluntary_community", "acad": "academic_research", "bus": "business", "health": "health_care",
    "police": "police_justice_fire", "pub": "other_public_body", "other": "other",
}

AGREE_SCALE = ("Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree", "Don't know")


@dataclass
class Theme:
    """One theme of a question's code frame, with the templates that express it.

    ``stance`` (+1, 0, -1) says whether people raising it tend to agree or disagree with the
    question's closed part; ``weights`` raise or lower how often each sector raises it.
    """

    key: str
    label: str
    description: str
    short: str
    templates: tuple[str, ...]
    stance: int = 0
    weights: dict[str, float] = field(default_factory=dict)

    def weight(self, sector: str) -> float:
        return self.weights.get(sector, 1.0)


def T(key: str, label: str, description: str, short: str, *templates: str, stance: int = 0, w: str = "") -> Theme:
    """Compact theme constructor: ``w`` is like ``"faith=3 la=2 ind=0.3"``."""
    weights = {}
    for item in w.split():
        name, value = item.split("=")
        weights[_SHORT[name]] = float(value)
    return Theme(key, label, description, short, tuple(templates), stance, weights)


@dataclass
class Question:
    """A consultation question. ``closed_text`` is the header of the tick-box column (closed and
    hybrid questions); ``text`` is the header of the free-text column (open and hybrid)."""

    key: str
    kind: str  # open | closed | hybrid
    chapter: str
    text: str
    closed_text: str = ""
    themes: tuple[str, ...] = ()
    # mean agreement (1 = strongly disagree .. 5 = strongly agree) by sector; "*" is the default
    lean: dict[str, float] = field(default_factory=dict)
    answer_rate: float = 0.6

    @property
    def full_text(self) -> str:
        """The question as a reader sees it (closed part first for hybrids)."""
        return self.closed_text if self.kind == "closed" else (
            f"{self.closed_text} {self.text}" if self.kind == "hybrid" else self.text
        )

    def lean_for(self, sector: str) -> float:
        return self.lean.get(sector, self.lean.get("*", 3.4))


def lean(spec: str) -> dict[str, float]:
    """``"*=3.8 ind=3.2 faith=3.5"`` -> {"*": 3.8, "individual": 3.2, "faith": 3.5}."""
    out = {}
    for item in spec.split():
        name, value = item.split("=")
        out["*" if name == "*" else _SHORT[name]] = float(value)
    return out
