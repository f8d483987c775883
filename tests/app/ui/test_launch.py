"""How the chat is launched: loopback by default, optional basic auth, a warning when exposed, no share link."""
from __future__ import annotations

import logging

import pytest

from app.ui.app import launch_options, theme
from core.errors import InputError
from core.settings import load_settings


def _settings(tmp_path, **chat):
    return load_settings(corpus_dir=tmp_path / "c", data_dir=tmp_path / "d", chat=chat)


def test_defaults_bind_loopback_without_share_or_auth(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="corroborate.chat"):
        opts = launch_options(_settings(tmp_path))
    assert opts["server_name"] == "127.0.0.1" and opts["server_port"] == 7860
    assert opts["share"] is False and opts["auth"] is None and not caplog.records


def test_exposed_without_auth_warns_and_auth_is_used(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="corroborate.chat"):
        opts = launch_options(_settings(tmp_path), host="0.0.0.0", port=9000)
    assert opts["server_name"] == "0.0.0.0" and opts["server_port"] == 9000
    assert any("without a password" in r.getMessage() for r in caplog.records)

    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="corroborate.chat"):
        opts = launch_options(_settings(tmp_path, auth_user="historian", auth_password="s3cret"), host="0.0.0.0")
    assert opts["auth"] == ("historian", "s3cret") and not caplog.records


def test_half_configured_auth_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="chat.auth_password"):
        launch_options(_settings(tmp_path, auth_user="historian"))


def test_theme_uses_system_fonts_only():
    import gradio as gr

    t = theme()
    fonts = [f for f in (t._font + t._font_mono) if not isinstance(f, str)]
    assert not any(isinstance(f, gr.themes.GoogleFont) for f in fonts)
    assert "fonts.googleapis" not in t._get_theme_css()
