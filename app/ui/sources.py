"""The Sources tab: what is in the store, a reader with ¶ numbers, and a re-ingest button.

"open in source" on a citation card (chat.js) fills a hidden request and presses a hidden button;
``open_request`` then shows the reader at that paragraph with the quote highlighted. A re-ingest
re-renders the open document from the new store (``reopen``), so the reader is never left stale.
"""
from __future__ import annotations

import json
import logging
from types import SimpleNamespace

import gradio as gr

from app.ui import catalog
from app.ui.catalog import plural
from app.ui.chat import error_message
from app.ui.reader import document_html

log = logging.getLogger("corroborate.chat")

HEADERS = ["Title", "Author", "Date", "Chunks", "Last ingested", "Document id"]
READER_PLACEHOLDER = '<p class="muted">Pick a document to read it exactly as the answers quote it, with ¶ numbers.</p>'
SCROLL_JS = """() => {
  const want = window.__corroOpenId; let tries = 0;
  const go = () => {
    const reader = document.querySelector('#sources-reader .reader[data-req="' + want + '"]');
    const hit = reader && reader.querySelector('#src-hit');
    if (!hit) { if (tries++ < 60) setTimeout(go, 100); return; }
    hit.scrollIntoView({block: 'center'});  // scrolls the reader and, if need be, the page
  };
  go();
}"""

KEEP_PLACE_JS = """() => {
  let tries = 0;  // after a re-ingest: the reader (only the reader) goes back to the highlighted quote
  const go = () => {
    const box = document.getElementById('sources-reader'), hit = box && box.querySelector('#src-hit');
    if (!hit) { if (tries++ < 20) setTimeout(go, 100); return; }
    box.scrollTop += hit.getBoundingClientRect().top - box.getBoundingClientRect().top - box.clientHeight / 3;
  };
  go();
}"""


def _table(settings) -> tuple[list[list], list[tuple[str, str]], str]:
    try:
        rows = catalog.list_documents(settings)
    except Exception as exc:
        log.exception("listing documents failed")
        return [], [], f"⚠ Could not read the store: {error_message(exc)}"
    data = [[r.title, r.author, r.date, r.chunks, r.ingested_at, r.doc_id] for r in rows]
    choices = [(f"{r.title} — {r.doc_id}" if r.title else r.doc_id, r.doc_id) for r in rows]
    if rows:
        note = f"{plural(len(rows), 'document')} in the store, {plural(sum(r.chunks for r in rows), 'chunk')}."
    else:
        note = "The store is empty: press “Re-ingest corpus”."
    return data, choices, note


def store_notice(settings) -> str:
    """One line for the chat tab when the store cannot answer anything (empty or unreadable)."""
    try:
        if catalog.list_documents(settings):
            return ""
        return ("⚠ The store is empty: run `corroborate ingest` (or press “Re-ingest corpus” on the Sources tab) "
                "before asking.")
    except Exception as exc:
        log.exception("reading the store failed")
        return f"⚠ The store cannot be read: {error_message(exc)}"


def _summary_text(summary) -> str:
    """The pipeline's one-line headline, then one line per file that failed."""
    lines = [f"**Re-ingest finished.** {summary.headline()}"] + [f"- {e}" for e in summary.errors]
    return "\n".join(lines)


def _progress_adapter(progress):
    """The pipeline reports ``(fraction, message)``; forward it to Gradio's progress bar."""

    def callback(fraction: float, message: str) -> None:
        progress(float(fraction), desc=message or "Ingesting")

    return callback


def reader_html(settings, doc_id: str, paragraph: int | None = None, start: int = 0, end: int = 0,
                req: str = "") -> str:
    if not doc_id:
        return READER_PLACEHOLDER
    try:
        record = catalog.document(settings, doc_id)
    except Exception as exc:
        log.exception("reading %s failed", doc_id)
        return f'<p class="error">⚠ Could not read {doc_id}: {error_message(exc)}</p>'
    if record is None:
        return f'<p class="error">⚠ {doc_id} is no longer in the store (it may have been re-ingested away).</p>'
    html = document_html(record, paragraph, start, end)
    return html.replace('<div class="reader"', f'<div class="reader" data-req="{int(req or 0)}"', 1) if req else html


def opened(settings, doc_id: str, paragraph: int | None = None, start: int = 0, end: int = 0, req: str = "") -> dict:
    """What the reader shows, kept so a re-ingest can show it again: the document, ¶ and the quoted text."""
    view = {"doc": doc_id, "para": paragraph, "start": start, "end": end, "req": req, "quote": ""}
    try:
        record = catalog.document(settings, doc_id) if doc_id and end > start else None
    except Exception:  # the reader itself says what is wrong
        record = None
    if record is not None:
        view["quote"] = (record.metadata_text if paragraph == 0 else record.text)[start:end]
    return view


def reopen(settings, view: dict | None) -> tuple[str, dict]:
    """The open document re-rendered from the store as it is now (after a re-ingest).

    The quote stays highlighted where the document still holds it at the same place; if its text
    changed there, the document is shown at the top; if it left the store, the reader says so.
    """
    view = dict(view or {})
    doc_id = view.get("doc") or ""
    if not doc_id:
        return READER_PLACEHOLDER, view
    para, start, end, req = view.get("para"), int(view.get("start") or 0), int(view.get("end") or 0), view.get("req", "")
    if view.get("quote"):
        now = opened(settings, doc_id, para, start, end, req)
        if now["quote"] != view["quote"]:
            para, start, end, req = None, 0, 0, ""
            view = {**view, "para": None, "start": 0, "end": 0, "req": "", "quote": ""}
    return reader_html(settings, doc_id, para, start, end, req), view


def build_sources_tab(settings) -> SimpleNamespace:
    """Lay out the tab inside the current gr.Blocks/gr.Tab context and wire its events."""
    with gr.Row():
        reingest_btn = gr.Button("Re-ingest corpus", variant="secondary", elem_id="reingest", scale=0)
        refresh = gr.Button("Refresh list", scale=0, size="sm")
        summary = gr.Markdown(elem_id="reingest-summary")
    note = gr.Markdown(elem_id="sources-note")
    table = gr.Dataframe(headers=HEADERS, interactive=False, wrap=True, elem_id="sources-table")
    picker = gr.Dropdown(label="Read a document", choices=[], elem_id="sources-picker")
    reader = gr.HTML(READER_PLACEHOLDER, elem_id="sources-reader")
    view = gr.State({})  # the open document (and ¶, quote), re-rendered after a re-ingest

    def load_table():
        data, choices, msg = _table(settings)
        return data, gr.update(choices=choices), msg  # the open document stays open

    def read(doc_id):
        return reader_html(settings, doc_id), opened(settings, doc_id)

    def run(progress=gr.Progress()):
        try:
            result = catalog.reingest(settings, progress=_progress_adapter(progress))
            return _summary_text(result)
        except Exception as exc:
            log.exception("re-ingest failed")
            return f"⚠ Ingest failed: {error_message(exc)}"

    def open_source(raw):
        try:
            req = json.loads(raw or "{}")
            doc_id, para = str(req["doc"]), int(req["para"])
            start, end, rid = int(req.get("start", 0)), int(req.get("end", 0)), str(int(req.get("id", 0)))
        except (ValueError, KeyError, TypeError):
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        return gr.Tabs(selected="sources"), reader_html(settings, doc_id, para, start, end, rid), \
            gr.update(value=doc_id), opened(settings, doc_id, para, start, end, rid)

    outs = [table, picker, note]
    refresh.click(load_table, outputs=outs, api_visibility="private")
    picker.input(read, inputs=picker, outputs=[reader, view], api_visibility="private")
    done = reingest_btn.click(run, outputs=summary, api_visibility="private", concurrency_id="ingest",
                              concurrency_limit=1, show_progress_on=summary)
    done.then(load_table, outputs=outs, api_visibility="private").then(
        lambda v: reopen(settings, v), inputs=view, outputs=[reader, view], api_visibility="private"
    ).then(None, js=KEEP_PLACE_JS)

    def wire_open(tabs):
        """Call outside the tabs: an unvisited tab's controls are not on the page yet."""
        open_request = gr.Textbox(visible=False)
        open_button = gr.Button("open", elem_id="open-source-btn", elem_classes="hidden-control")
        open_button.click(open_source, inputs=open_request, outputs=[tabs, reader, picker, view], queue=False,
                          js="(x) => [window.__corroOpenRequest || '']", api_visibility="private"
                          ).then(None, js=SCROLL_JS)

    return SimpleNamespace(load_table=load_table, table_outputs=outs, reingested=done,
                           notice=lambda: store_notice(settings), wire_open=wire_open)
