"""The Gradio web chat: layout, events, and how it is launched.

The UI renders ``Answer`` objects from the one shared ``Engine``; it holds no retrieval or
answer logic. Each browser session has its own ``gr.State`` so chats never mix.
"""
from __future__ import annotations

import ipaddress
import logging
from pathlib import Path

from core import offline  # noqa: F401  (before gradio is imported)

import gradio as gr

from app.ui import chat
from app.ui.sources import build_sources_tab, store_notice
from core.errors import InputError
from core.settings import Settings

log = logging.getLogger("corroborate.chat")

STATIC = Path(__file__).parent / "static"
EXAMPLES = [
    "How many Korean troops did Lin Biao report were ready to be transferred?",
    "What did Mao promise about ammunition?",
    "Did Mao encourage North Korea to attack the South in 1949?",
    "Who wrote this article?",
]
EVIDENCE_PLACEHOLDER = '<p class="muted">The passages behind each answer appear here, with each quote highlighted.</p>'
SYSTEM_FONTS = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"]
MONO_FONTS = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"]
INTRO = (
    "Ask about the sources in the store. Every answer quotes them **verbatim**, with who said it and where; "
    "click a citation **[n]** to see the quote in its paragraph. Where sources disagree you'll see them side by side. "
    "If the sources don't answer, Corroborate says so."
)


def theme() -> gr.themes.Base:
    """System fonts only: nothing is fetched from Google Fonts or any CDN."""
    return gr.themes.Soft(primary_hue="blue", neutral_hue="stone", font=SYSTEM_FONTS, font_mono=MONO_FONTS)


def build_app(settings: Settings, engine) -> gr.Blocks:
    """The chat and Sources tabs around one shared engine (created by the caller)."""
    with gr.Blocks(title="Corroborate", analytics_enabled=False) as demo:
        state = gr.State(chat.new_state())
        gr.Markdown("## Corroborate — answers you can check against the sources")
        with gr.Tab("Chat", id="chat"):
            gr.Markdown(INTRO)
            notice = gr.Markdown(elem_id="store-notice")
            with gr.Row(equal_height=False):
                with gr.Column(scale=3):
                    chatbot = gr.Chatbot(label="Conversation", height=520, elem_id="chatbot",
                                         feedback_options=None, buttons=["copy"], sanitize_html=True,
                                         placeholder="Ask a question, or pick an example below.")
                    with gr.Row():
                        question = gr.Textbox(placeholder="Ask a question about the sources…", show_label=False,
                                              scale=5, lines=1, max_lines=4, autofocus=True, elem_id="question")
                        ask = gr.Button("Ask", variant="primary", scale=1, elem_id="ask")
                    with gr.Row(elem_classes="examples"):
                        example_buttons = [gr.Button(q, size="sm", elem_classes="example") for q in EXAMPLES]
                with gr.Column(scale=2):
                    gr.Markdown("### Evidence")
                    evidence = gr.HTML(EVIDENCE_PLACEHOLDER, elem_id="evidence")
            answer_json = gr.JSON(visible=False, label="Answer")
        with gr.Tab("Sources", id="sources"):
            load_table, table_outputs, reingested = build_sources_tab(settings)

        def respond(q, st):
            yield from chat.respond(engine, q, st, keep_turns=settings.chat.evidence_turns)

        outputs = [chatbot, evidence, answer_json, state, question]
        common = dict(fn=respond, inputs=[question, state], outputs=outputs, show_progress="hidden")
        question.submit(api_name="chat", **common)
        ask.click(api_visibility="private", **common)
        for button, text in zip(example_buttons, EXAMPLES):
            button.click(lambda t=text: t, outputs=question, api_visibility="private", queue=False).then(
                api_visibility="private", **common)
        # The chatbot's own trash button starts a new conversation: forget this session's history too.
        chatbot.clear(lambda: (EVIDENCE_PLACEHOLDER, None, chat.new_state()), outputs=[evidence, answer_json, state],
                      api_visibility="private", queue=False)
        demo.load(load_table, outputs=table_outputs, api_visibility="private")
        demo.load(lambda: store_notice(settings), outputs=notice, api_visibility="private")
        reingested.then(lambda: store_notice(settings), outputs=notice, api_visibility="private")

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
        mcp_server=False, pwa=False, enable_monitoring=False, footer_links=["api"], quiet=True,
        theme=theme(), css=(STATIC / "chat.css").read_text(), js=(STATIC / "chat.js").read_text(),
        auth_message="Corroborate: sign in" if auth else None,
    )
