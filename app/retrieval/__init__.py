"""Retrieval: hybrid dense + BM25 search with fusion and small-to-big neighbours. Entry point: ``Retriever``."""
from app.retrieval.retriever import Retriever

__all__ = ["Retriever"]
