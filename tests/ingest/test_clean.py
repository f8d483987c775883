"""Stage 2, clean: the seed's mojibake is repaired, boilerplate dropped, real content kept."""
from __future__ import annotations

from pathlib import Path

from ingest.clean import clean, clean_text
from ingest.load import load
from ingest.mojibake import repair_gbk_mojibake
from tests.conftest import SEED


def seed_clean():
    return clean(load(SEED.name, Path(SEED)))


def test_seed_mojibake_is_repaired():
    text = seed_clean().text
    for bad in ("鈥", "聽", "\ufffd", "\ue000"):
        assert bad not in text
    for good in ("“China is at war,”", "People’s Republic", "Kim Il — to discuss",
                 "“give to the Koreans as much as they need.”", "vis-à-vis", "Korean Workers’ Party",
                 "“in an excited manner” — that now"):
        assert good in text, good


def test_seed_boilerplate_dropped_and_bio_kept():
    doc = seed_clean()
    text = doc.text
    assert "Skip to main content" not in text
    assert "Charles Kraus image" not in text
    assert "Read more" not in text and "Read More" not in text
    assert not text.startswith("澳门六合彩")  # the bare site-name line at the top
    assert "Charles Kraus is the Deputy Director of the History and Public Policy Program" in text
    assert "  " not in text and "\n\n\n" not in text and "\u00a0" not in text
    assert doc.meta.author == "Charles Kraus"  # from the sidecar


def test_paragraph_spans_cover_the_blocks():
    doc = seed_clean()
    for start, end in doc.paragraphs:
        block = doc.text[start:end]
        assert block and "\n\n" not in block and block == block.strip()
    joined = "\n\n".join(doc.text[s:e] for s, e in doc.paragraphs)
    assert joined == doc.text


def test_genuine_cjk_and_latin_text_left_alone():
    assert repair_gbk_mojibake("毛泽东和金日成在北京会谈。") == "毛泽东和金日成在北京会谈。"
    assert clean_text("Café déjà vu — “quoted” naïve") == "Café déjà vu — “quoted” naïve"


def test_whitespace_and_nfc():
    raw = "Title line\r\n\r\n\r\nA  spaced\tline\u00a0here.\n\n\n\nCafe\u0301 second."
    assert clean_text(raw) == "Title line\n\nA spaced line here.\n\nCafé second."
