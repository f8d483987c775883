"""Disagreement helpers kept from the value-comparison design: typed values (``values``), the comparison of two
values (``compare``) and the author's adjudication, found by structure (``adjudicate``). The answer path compares
the spans of its sources in app/answer/corroborate.py.
"""
from app.disagreement.adjudicate import find_adjudication

__all__ = ["find_adjudication"]
