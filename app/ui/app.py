"""The Gradio web chat: layout, events, and how it is launched.

The UI renders ``Answer`` objects from the one shared ``Engine``; it holds no retrieval or
answer logic. Each browser session has its own ``gr.State``; the conversation is also kept in
the browser's storage (``gr.BrowserState``), so a reload brings it back with its evidence.
"""
from __future__ import annotations

import ipaddress
import logging
import secrets
from pathlib import Path

from core import offline  # noqa: F401  (before gradio is imported)

import gradio as gr

from app.ui import catalog, chat, session
from app.render.markdown import write_export
from app.ui.sources import build_sources_tab
from core.errors import InputError
from core.settings import Settings

log = logging.getLogger("corroborate.chat")

STATIC = Path(__file__).parent / "static"


EXAMPLE_TITLE_WORDS = 7  # "What is “…” about?" stays within 10 words


def example_questions(settings: Settings) -> list[str]:
    """The example buttons: ``chat.examples`` if set, else short questions about the store's own catalogue:
    titles that fit in ``EXAMPLE_TITLE_WORDS`` words first, longer ones cut to their main title or first words."""
    if settings.chat.examples:
        return list(settings.chat.examples)
    try:
        titles = [row.title for row in catalog.list_documents(settings) if row.title]
    except Exception:  # an unreadable store shows its own notice; the examples just stay generic
        titles = []
    short = list(dict.fromkeys(catalog.short_title(t, EXAMPLE_TITLE_WORDS) for t in titles))
    picked = sorted(short, key=lambda t: t.endswith("…"))[:3]  # stable: catalogue order within each group
    return [f"Who wrote “{t}”?" for t in picked[:1]] + [f"What is “{t}” about?" for t in picked[1:3]]
EVIDENCE_PLACEHOLDER = '<p class="muted">The passages behind each answer appear here, with each quote highlighted.</p>'
# System fonts only (nothing fetched from a CDN); the CJK and other non-Latin faces are fallbacks.
SYSTEM_FONTS = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "Noto Sans",
                "Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "PingFang SC", "Hiragino Sans",
                "Microsoft YaHei", "WenQuanYi Micro Hei", "sans-serif"]
MONO_FONTS = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"]
INTRO = (
    "Ask about the sources in the store. Every answer quotes them **verbatim**, with who said it and where; "
    "click a citation **[n]** to see the quote in its paragraph, and **open in source** to read it in the "
    "document. Where sources disagree you'll see them side by side. If the sources don't answer, Corroborate says so."
)
INTERRUPTED = "Your last question was interrupted by the reload; it is back in the box. Press Ask to send it."


def theme() -> gr.themes.Base:
    """System fonts only: nothing is fetched from Google Fonts or any CDN."""
    return gr.themes.Soft(primary_hue="blue", neutral_hue="stone", font=SYSTEM_FONTS, font_mono=MONO_FONTS)


def _storage_secret(settings: Settings) -> str:
    """A per-store secret for the browser-side copy of the chat, so it survives a server restart."""
    path = Path(settings.data_dir) / "chat-secret"
    try:
        if path.exists():
            return path.read_text().strip()
        path.parent.mkdir(parents=True, exist_ok=True)
        value = secrets.token_hex(16)
        path.write_text(value)
        path.chmod(0o600)
        return value
    except OSError:
        return secrets.token_hex(16)


def build_app(settings: Settings, engine) -> gr.Blocks:
    """The chat and Sources tabs around one shared engine (created by the caller)."""
    keep, max_chars = settings.chat.evidence_turns, settings.retrieval.max_question_chars
    examples = example_questions(settings)
    with gr.Blocks(title="Corroborate", analytics_enabled=False) as demo:
        state = gr.State(session.new_state())
        pending = gr.State("")
        saved = gr.BrowserState(None, storage_key="corroborate-chat", secret=_storage_secret(settings))
        gr.Markdown("## Corroborate — answers you can check against the sources")
        with gr.Tabs(elem_id="tabs") as tabs:
            with gr.Tab("Chat", id="chat"):
                gr.Markdown(INTRO)
                notice = gr.Markdown(elem_id="store-notice")
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(label="Conversation", show_label=False, height=520, elem_id="chatbot",
                                             feedback_options=None, buttons=["copy"], sanitize_html=True,
                                             placeholder="Ask a question, or pick an example below.")
                        with gr.Row():
                            question = gr.Textbox(placeholder="Ask a question about the sources…", show_label=False,
                                                  scale=5, lines=1, max_lines=4, autofocus=True, elem_id="question")
                            ask = gr.Button("Ask", variant="primary", scale=1, elem_id="ask")
                            stop = gr.Button("Stop", variant="stop", scale=0, min_width=70, elem_id="stop")
                        note = gr.HTML("", elem_id="input-note")
                        with gr.Row(elem_classes="examples"):
                            example_buttons = [gr.Button(q, size="sm", elem_classes="example") for q in examples]
                        export = gr.DownloadButton("Export conversation (Markdown)", value=None, size="sm",
                                                   elem_id="export", variant="secondary")
                    with gr.Column(scale=2, elem_id="evidence-col"):
                        gr.Markdown("### Evidence")
                        evidence = gr.HTML(EVIDENCE_PLACEHOLDER, elem_id="evidence")
                answer_json = gr.JSON(visible=False, label="Answer")
                api_button = gr.Button(visible=False)
            with gr.Tab("Sources", id="sources"):
                src = build_sources_tab(settings)
        src.wire_open(tabs)

        def take(q, st):
            q = (q or "").strip()
            if not q:
                return gr.skip(), "", gr.skip(), chat.input_note(chat.EMPTY), gr.skip()
            messages = chat.pending_messages(st, q, chat.question_notes(q, max_chars))
            return "", q, messages, "", session.dump({**(st or session.new_state()), "pending": q})

        def respond(q, st):
            if not q:
                yield (gr.skip(),) * 5
                return
            yield from chat.respond(engine, q, st, keep_turns=keep, max_chars=max_chars,
                                    dates=catalog.doc_dates(settings))

        def api_chat(q, st):
            yield from chat.respond(engine, q, st, keep_turns=keep, max_chars=max_chars,
                                    dates=catalog.doc_dates(settings))

        def save(st):
            return session.dump(st), write_export(session.answers(st), catalog.doc_dates(settings))

        def restore(data):
            st = session.load(data)
            if not st["log"] and not st["messages"] and not st["pending"]:
                return st, [], EVIDENCE_PLACEHOLDER, None, gr.skip(), ""
            shown = session.earlier(st, keep + 1)
            dates = catalog.doc_dates(settings)
            panel = EVIDENCE_PLACEHOLDER
            if shown:
                from app.render import cards as render

                (turn, last), rest = shown[0], shown[1:]
                panel = render.evidence_panel(render.evidence_html(last, turn, dates), rest, dates)
            path = write_export(session.answers(st), dates) if st["log"] else None
            q = st["pending"] or gr.skip()
            return {**st, "pending": ""}, st["messages"], panel, path, q, chat.input_note(INTERRUPTED) if st["pending"] else ""

        outputs = [chatbot, evidence, answer_json, state, note]
        api_button.click(api_chat, inputs=[question, state], outputs=outputs, api_name="chat", show_progress="hidden",
                         concurrency_id="answer")
        answering = []

        def wire(event):
            e = event.then(take, inputs=[question, state], outputs=[question, pending, chatbot, note, saved],
                           queue=False, api_visibility="private")
            r = e.then(respond, inputs=[pending, state], outputs=outputs, show_progress="hidden",
                       concurrency_id="answer", api_visibility="private")
            r.then(save, inputs=state, outputs=[saved, export], api_visibility="private")
            answering.append(r)

        wire(question.submit(lambda: None, queue=False, api_visibility="private"))
        wire(ask.click(lambda: None, queue=False, api_visibility="private"))
        for button, text in zip(example_buttons, examples):
            wire(button.click(lambda t=text: t, outputs=question, api_visibility="private", queue=False))
        stop.click(chat.stopped, inputs=[state, pending], outputs=chatbot, cancels=answering,
                   api_visibility="private", queue=False)
        # The chatbot's own trash button starts a new conversation: forget it here and in the browser too.
        chatbot.clear(lambda: (EVIDENCE_PLACEHOLDER, None, session.new_state(), None, None),
                      outputs=[evidence, answer_json, state, saved, export], api_visibility="private", queue=False)
        demo.load(restore, inputs=saved, outputs=[state, chatbot, evidence, export, question, note],
                  api_visibility="private")
        demo.load(src.load_table, outputs=src.table_outputs, api_visibility="private")
        demo.load(lambda: src.notice(), outputs=notice, api_visibility="private")
        src.reingested.then(lambda: src.notice(), outputs=notice, api_visibility="private")

    demo.queue(default_concurrency_limit=settings.chat.concurrency_limit, max_size=settings.chat.max_queue)
    return demo


def _is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def launch_options(settings: Settings, host: str | None = None, port: int | None = None) -> dict:
    """Keyword arguments for ``Blocks.launch``: loopback by default, optional basic auth, no share link."""
    host = host or settings.chat.host
    port = settings.chat.port if port is None else port
    user, password = settings.chat.auth_user, settings.chat.auth_password
    if bool(user) != bool(password):
        raise InputError("setting chat.auth_user and chat.auth_password (CORROBORATE_CHAT_AUTH_USER / "
                         "CORROBORATE_CHAT_AUTH_PASSWORD) must be set together")
    auth = (user, password) if user else None
    if not auth and not _is_loopback(host):
        log.warning("the chat is bound to %s without a password: anyone who can reach this machine can use it. "
                    "Set chat.auth_user and chat.auth_password (CORROBORATE_CHAT_AUTH_USER/_PASSWORD).", host)
    return dict(
        server_name=host, server_port=port, auth=auth, share=False, show_error=False, ssr_mode=False,
        mcp_server=False, pwa=False, enable_monitoring=False, footer_links=[], quiet=True,
        theme=theme(), css=(STATIC / "chat.css").read_text(), js=(STATIC / "chat.js").read_text(),
        auth_message="Corroborate: sign in" if auth else None,
    )
