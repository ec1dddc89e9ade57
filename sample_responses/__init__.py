"""A generated sample consultation modelled on the 2018 Integrated Communities Strategy green paper.

``python -m sample_responses.generate`` writes an online survey export, e-mailed letters and
truth tables (used only by tests and benchmarks). See README.md in this folder.
"""
