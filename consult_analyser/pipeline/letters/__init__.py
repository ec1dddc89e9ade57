"""Letters in the analysis: documents split into passages, each mapped to the question it addresses."""
