"""Ingest: corpus/ -> load -> clean -> chunk -> embed -> store (Chroma + manifest).

This package never imports ``app``. ``app`` may import the store contract from here.
"""
