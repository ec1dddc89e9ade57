"""Consult Analyser: offline analysis of public consultation responses."""

__version__ = "0.1.0"
