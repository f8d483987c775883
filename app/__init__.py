"""App: retrieve -> rerank -> answer -> verify quotes -> detect disagreement.

Public entry points used by the CLI, the chat and the eval suite live in
``app.engine``. Everything renders an ``app.types.Answer``; nothing re-derives it.
"""
