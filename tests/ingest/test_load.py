"""Stage 1, load: formats, encodings, sidecar metadata, symlinks, and bad files named with a reason."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from ingest.clean import clean
from ingest.load import LoadError, discover, load

LATIN1 = "Müller's café in Zürich: naïve façades, Ångström and crème brûlée, 1950."


def make_pdf(path: Path, pages: list[str]) -> Path:
    """A real PDF with one text line per page (pypdf can write text via a content stream)."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    for text in pages:
        page = writer.add_blank_page(width=612, height=792)
        font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                                 NameObject("/BaseFont"): NameObject("/Helvetica")})
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
        stream = DecodedStreamObject()
        safe = text.replace("(", r"\(").replace(")", r"\)")
        stream.set_data(f"BT /F1 12 Tf 72 700 Td ({safe}) Tj ET".encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
    with open(path, "wb") as f:
        writer.write(f)
    return path


def test_latin1_read_correctly(tmp_path):
    p = tmp_path / "latin.txt"
    p.write_bytes((LATIN1 + "\n\nSecond paragraph über die Grenze.\n").encode("latin-1"))
    raw = load("latin.txt", p)
    assert LATIN1 in raw.text and "über" in raw.text


@pytest.mark.parametrize("name,data,reason", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"   \n\n  ", "empty"),
    ("junk.txt", bytes(range(256)) * 40, "binary"),
    ("nul.md", b"hello\0world" * 100, "binary"),
])
def test_bad_text_files_raise_with_reason(tmp_path, name, data, reason):
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(LoadError, match=reason):
        load(name, p)


def test_html_main_text_without_scripts_or_styles(tmp_path):
    p = tmp_path / "page.html"
    body = " ".join(["The Yalu crossing in October 1950 changed the course of the war."] * 3)
    p.write_text(
        "<html><head><title>Yalu crossing</title><style>.x{color:red} body{margin:0}</style>"
        "<script>var secret = 'SCRIPT_TEXT'; alert('x');</script></head><body>"
        "<nav><a href='/'>Home</a> <a href='/about'>About us NAVLINK</a></nav>"
        f"<article><h1>Yalu crossing</h1><p>{body}</p><p>Second paragraph about Peng Dehuai and the "
        "Chinese People's Volunteers, who crossed at night.</p></article>"
        "<script>document.write('MORE_SCRIPT')</script></body></html>", encoding="utf-8")
    raw = load("page.html", p)
    assert "The Yalu crossing in October 1950" in raw.text and "Peng Dehuai" in raw.text
    for junk in ("SCRIPT_TEXT", "MORE_SCRIPT", "color:red", "alert("):
        assert junk not in raw.text
    assert clean(raw).meta.title == "Yalu crossing"


def test_pdf_pages_kept_and_corrupt_pdf_rejected(tmp_path):
    pdf = make_pdf(tmp_path / "cable.pdf", ["First page: Stalin to Mao, May 14, 1950.",
                                            "Second page: Mao to Stalin, May 15, 1950."])
    raw = load("cable.pdf", pdf)
    assert [n for _, n in raw.page_starts] == [1, 2]
    doc = clean(raw)
    assert "Stalin to Mao" in doc.text and "Mao to Stalin" in doc.text
    second = doc.text.index("Second page")
    assert doc.page_starts[1][0] <= second
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(pdf.read_bytes()[: len(pdf.read_bytes()) // 3])
    with pytest.raises(LoadError, match="PDF"):
        load("broken.pdf", bad)


def test_sidecar_and_derived_metadata(tmp_path):
    (tmp_path / "a.txt").write_text("# Heading title\n\nBody text here.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Body only, a long first line that is clearly a sentence of prose. More.",
                                    encoding="utf-8")
    (tmp_path / "b.txt.meta.toml").write_text('title = "Bee"\nauthor = "Ann Author"\ndate = 1950-06-25\n',
                                              encoding="utf-8")
    (tmp_path / "c_some_file.txt").write_text("This first line is a full sentence of prose and it ends with a stop.",
                                              encoding="utf-8")
    assert clean(load("a.txt", tmp_path / "a.txt")).meta.title == "Heading title"
    b = clean(load("b.txt", tmp_path / "b.txt")).meta
    assert (b.title, b.author, b.date) == ("Bee", "Ann Author", "1950-06-25")
    assert clean(load("c_some_file.txt", tmp_path / "c_some_file.txt")).meta.title == "c some file"


def test_discover_symlinks_names_and_unsupported(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("secret outside text", encoding="utf-8")
    (corpus / "good one – Zürich notes.txt").write_text("Notes from Zürich.", encoding="utf-8")
    (corpus / "inner.txt").write_text("Inner text.", encoding="utf-8")
    os.symlink(outside, corpus / "link_out.txt")
    os.symlink(corpus / "inner.txt", corpus / "link_in.txt")
    (corpus / "image.png").write_bytes(b"\x89PNG....")
    found = discover(corpus)
    ids = [d for d, _ in found.files]
    assert "good one – Zürich notes.txt" in ids and "inner.txt" in ids and "link_in.txt" in ids
    assert "link_out.txt" not in ids
    assert any(e.startswith("link_out.txt:") and "outside the corpus" in e for e in found.errors)
    assert any(s.startswith("image.png:") for s in found.skipped)
