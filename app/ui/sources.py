"""The Sources tab: what is in the store, each document's cleaned text, and a re-ingest button."""
from __future__ import annotations

import logging

import gradio as gr

from app import sources
from app.ui.chat import error_message

log = logging.getLogger("corroborate.chat")

HEADERS = ["Title", "Author", "Chunks", "Last ingested", "Document id"]


def _table(settings) -> tuple[list[list], list[tuple[str, str]], str]:
    try:
        rows = sources.list_documents(settings)
    except Exception as exc:
        log.exception("listing documents failed")
        return [], [], f"⚠ Could not read the store: {error_message(exc)}"
    data = [[r.title, r.author, r.chunks, r.ingested_at, r.doc_id] for r in rows]
    choices = [(f"{r.title} — {r.doc_id}" if r.title else r.doc_id, r.doc_id) for r in rows]
    note = f"{len(rows)} documents in the store." if rows else "The store is empty: press “Re-ingest corpus”."
    return data, choices, note


def store_notice(settings) -> str:
    """One line for the chat tab when the store cannot answer anything (empty or unreadable)."""
    try:
        if sources.list_documents(settings):
            return ""
        return ("⚠ The store is empty: run `corroborate ingest` (or press “Re-ingest corpus” on the Sources tab) "
                "before asking.")
    except Exception as exc:
        log.exception("reading the store failed")
        return f"⚠ The store cannot be read: {error_message(exc)}"


def _summary_text(summary) -> str:
    """The pipeline's one-line headline, then one line per file that failed."""
    lines = [summary.headline()] + [f"- {e}" for e in summary.errors]
    return "\n".join(lines)


def _progress_adapter(progress):
    """The pipeline reports ``(fraction, message)``; forward it to Gradio's progress bar."""

    def callback(fraction: float, message: str) -> None:
        progress(float(fraction), desc=message or "Ingesting")

    return callback


def build_sources_tab(settings) -> None:
    """Lay out the tab inside the current gr.Blocks/gr.Tab context and wire its events."""
    gr.Markdown("Documents in the store. Pick one to read it exactly as the answers quote it (cleaned text).")
    note = gr.Markdown(elem_id="sources-note")
    table = gr.Dataframe(headers=HEADERS, interactive=False, wrap=True, elem_id="sources-table")
    with gr.Row():
        picker = gr.Dropdown(label="Read a document", choices=[], scale=3, elem_id="sources-picker")
        refresh = gr.Button("Refresh list", scale=1, size="sm")
    text = gr.Textbox(label="Cleaned text", lines=16, max_lines=40, interactive=False, elem_id="sources-text")
    with gr.Row():
        reingest_btn = gr.Button("Re-ingest corpus", variant="secondary", elem_id="reingest")
    summary = gr.Markdown(elem_id="reingest-summary")

    def load_table():
        data, choices, msg = _table(settings)
        return data, gr.update(choices=choices, value=None), msg

    def read(doc_id):
        if not doc_id:
            return ""
        try:
            return sources.clean_text(settings, doc_id)
        except Exception as exc:
            log.exception("reading %s failed", doc_id)
            return f"⚠ Could not read {doc_id}: {error_message(exc)}"

    def run(progress=gr.Progress()):
        progress(0, desc="Starting ingest")
        try:
            result = sources.reingest(settings, progress=_progress_adapter(progress))
            return _summary_text(result)
        except Exception as exc:
            log.exception("re-ingest failed")
            return f"⚠ Ingest failed: {error_message(exc)}"

    outs = [table, picker, note]
    refresh.click(load_table, outputs=outs, api_visibility="private")
    picker.change(read, inputs=picker, outputs=text, api_visibility="private")
    done = reingest_btn.click(run, outputs=summary, api_visibility="private", concurrency_id="ingest",
                              concurrency_limit=1)
    done.then(load_table, outputs=outs, api_visibility="private")
    return load_table, outs, done
