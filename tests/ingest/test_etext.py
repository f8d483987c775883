"""Clean: an e-text archive's wrapper (licence header, credits, footer) is dropped; the source's own text is kept.

The wrapper's "Release Date" is when the file was posted, never a date of the events, so it must not reach
the evidence. The texts below are written for this test in the archive's layout (the dev corpora hold nine
such files across three topics).
"""
from __future__ import annotations

from pathlib import Path

from ingest.clean import clean, clean_text
from ingest.load import load

HEADER = """The Project Gutenberg EBook of Letters from the Frontier, by Anna Reed

This eBook is for the use of anyone anywhere at no cost and with
almost no restrictions whatsoever.  You may copy it, give it away or
re-use it under the terms of the Project Gutenberg License included
with this eBook or online at www.gutenberg.org


Title: Letters from the Frontier

Author: Anna Reed
        Thomas Reed

Release Date: March 3, 2009 [EBook #12345]

Language: English

"""
BODY = """LETTERS FROM THE FRONTIER

The fort was reached on the 12th of June, 1866, after a march of nine days.
The garrison numbered two hundred men."""


def test_the_header_credits_and_footer_go_and_the_text_stays():
    raw = (HEADER + "*** START OF THIS PROJECT GUTENBERG EBOOK LETTERS FROM THE FRONTIER ***\n\n\n"
           "Produced by Jane Roe and the Online Distributed\nProofreading Team\n\n\n" + BODY +
           "\n\n\n*** END OF THIS PROJECT GUTENBERG EBOOK LETTERS FROM THE FRONTIER ***\n\nSection 1. License terms.\n")
    text = clean_text(raw)
    assert text.startswith("LETTERS FROM THE FRONTIER") and text.endswith("The garrison numbered two hundred men.")
    for gone in ("2009", "Release Date", "Produced by", "License", "END OF"):
        assert gone not in text


def test_a_header_whose_start_marker_was_cut_ends_at_its_last_catalogue_field():
    raw = HEADER + "Character set encoding: ASCII\n\n\n[...]\n\n" + BODY
    text = clean_text(raw)
    assert text.startswith("[...]") and "2009" not in text and "June, 1866" in text


def test_a_file_that_does_not_open_with_the_archive_is_left_alone():
    raw = ("Minutes of the meeting\n\nTitle: Report of the committee\n\nRelease Date: 4 May 1921, by order.\n\n"
           "The committee read the Project Gutenberg notice aloud.")
    assert "Release Date: 4 May 1921" in clean_text(raw) and "Title: Report" in clean_text(raw)


def test_an_e_text_without_a_catalogue_record_takes_its_title_and_author_from_the_header(tmp_path: Path):
    path = tmp_path / "letters.txt"
    path.write_text(HEADER + "*** START OF THE PROJECT GUTENBERG EBOOK LETTERS ***\n\n" + BODY, encoding="utf-8")
    doc = clean(load(path.name, path))
    assert doc.meta.title == "Letters from the Frontier"
    assert doc.meta.author == "Anna Reed, Thomas Reed"
    assert "2009" not in doc.text and doc.text.startswith("LETTERS FROM THE FRONTIER")
