"""The project store: the only package that speaks SQL."""

from consult_analyser.store.project import PROJECT_SUFFIX, Changes, Project

__all__ = ["Changes", "Project", "PROJECT_SUFFIX"]
