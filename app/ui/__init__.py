"""The Gradio web chat (``corroborate chat``): a thin renderer of ``app.types.Answer``."""
