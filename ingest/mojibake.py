"""Repair UTF-8 text that was decoded as GBK, with some third bytes lost (the seed's case).

``’s`` (E2 80 99 73) read as GBK is ``鈥檚``: E2 80 -> 鈥, then 99 73 -> 檚. When the byte after
the third byte is not a valid GBK trail byte (a space, digit or ASCII punctuation), that third
byte is lost, leaving a bare ``鈥``: an em dash, a closing quote or an apostrophe. ftfy does not
fix this, so per run of non-ASCII characters we encode back to GBK and decode as UTF-8; lost
third bytes are resolved by context (between spaces: an em dash; after a space: an opening
quote; otherwise a closing quote if one is open in the paragraph, else an apostrophe). Runs
that do not round-trip to plausible Latin text (genuine CJK text) are left alone.
"""
from __future__ import annotations

import re

_RUN = re.compile(r"[\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]+")
_LOST = "\ue000"  # placeholder for an E2 80 xx character whose last byte(s) were lost
_OPENERS = " \t\n([{\u00a0\u2014"
_CLOSING_PUNCT = ".,;:!?"


def _plausible(ch: str) -> bool:
    o = ord(ch)
    return o < 0x250 or 0x2000 <= o <= 0x206F or 0x20A0 <= o <= 0x20CF or ch == _LOST


def _decode_run(raw: bytes) -> str | None:
    """UTF-8 decode allowing truncated E2 80 xx sequences; None if anything else is invalid."""
    out: list[str] = []
    i, n = 0, len(raw)
    while i < n:
        b = raw[i]
        if b < 0x80:
            out.append(chr(b))
            i += 1
            continue
        length = 2 if 0xC2 <= b <= 0xDF else 3 if 0xE0 <= b <= 0xEF else 4 if 0xF0 <= b <= 0xF4 else 0
        if length == 0:
            return None
        seq = raw[i:i + length]
        if len(seq) == length and all(0x80 <= c <= 0xBF for c in seq[1:]):
            try:
                out.append(seq.decode("utf-8"))
            except UnicodeDecodeError:
                return None
            i += length
            continue
        # Truncated: only the General Punctuation lead (E2 80 / E2 alone) is a known loss.
        if b == 0xE2 and (i + 1 >= n or raw[i + 1] == 0x80 or not 0x80 <= raw[i + 1] <= 0xBF):
            out.append(_LOST)
            i += 2 if i + 1 < n and raw[i + 1] == 0x80 else 1
            continue
        return None
    text = "".join(out)
    return text if all(_plausible(c) for c in text) else None


def _fix_run(match: re.Match) -> str:
    run = match.group(0)
    if all(ord(c) < 0x100 for c in run):
        return run  # already Latin-1 range text (é, à, NBSP): nothing to repair
    try:
        raw = run.encode("gbk")
    except UnicodeEncodeError:
        return run
    fixed = _decode_run(raw)
    return run if fixed is None else fixed


def _resolve_lost(text: str) -> str:
    if _LOST not in text:
        return text
    out: list[str] = []
    para_start = 0
    for i, ch in enumerate(text):
        if ch != _LOST:
            out.append(ch)
            if ch == "\n" and i > 0 and text[i - 1] == "\n":
                para_start = len(out)
            continue
        prev = out[-1] if out else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        if prev in _OPENERS and (nxt.isspace() or nxt == _LOST):
            out.append("\u2014")  # em dash: "October 1949 — the month"
        elif prev in _OPENERS:
            out.append("\u201c")  # opening quote
        else:
            para = "".join(out[para_start:])
            open_quote = para.count("\u201c") > para.count("\u201d")
            if open_quote or prev in _CLOSING_PUNCT:
                out.append("\u201d")
            else:
                out.append("\u2019")  # apostrophe: "Workers’ Party"
    return "".join(out)


def repair_gbk_mojibake(text: str) -> str:
    if not re.search(r"[\u4e00-\u9fff]", text):
        return text
    return _resolve_lost(_RUN.sub(_fix_run, text))
