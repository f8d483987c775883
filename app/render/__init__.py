"""Rendering an Answer for people: HTML cards (``cards``), the disagreement card (``conflict``), the Markdown
export (``markdown``), and the honest-quote checks that flag damaged source text (``quality``). The chat, the
Sources reader and the export read an ``Answer``; they never re-derive it."""
