"""Corroborate: answers over historical sources, quoted verbatim, with disagreement flagged."""
