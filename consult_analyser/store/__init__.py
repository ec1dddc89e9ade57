"""The project store: the only package that speaks SQL."""

from consult_analyser.store.project import Changes, Project, ProjectError, ProjectLocked, PROJECT_SUFFIX

__all__ = ["Changes", "Project", "ProjectError", "ProjectLocked", "PROJECT_SUFFIX"]
