"""A quote's ¶ label covers every paragraph it spans."""
from __future__ import annotations

import bisect

from app.answer.cite import make_citation
from app.types import provenance
from ingest.types import DocumentMeta

TEXT = "The ice broke on the ninth.\n\nTwo boats were lost.\n\nThe mail came in April."


class _Docs:
    paras = [(0, 27), (29, 49), (51, 74)]

    def text(self, doc_id):
        return TEXT

    def meta(self, doc_id):
        return DocumentMeta(doc_id=doc_id, title="Harbour letters", author="P. Alm")

    def paragraph_at(self, doc_id, offset):
        i = max(0, bisect.bisect_right([s for s, _ in self.paras], offset) - 1)
        return (i + 1, *self.paras[i])

    def page_at(self, doc_id, offset):
        return None

    def has_instructions(self, doc_id):
        return False


def test_a_quote_over_three_paragraphs_is_labelled_with_all_three():
    assert TEXT[51:74] == "The mail came in April."
    c = make_citation(1, "d", 0, len(TEXT), "chunk", _Docs())
    assert (c.paragraph, c.paragraph_end) == (1, 3)
    assert provenance(c).endswith("¶1–3") and c.context == TEXT


def test_a_quote_inside_one_paragraph_keeps_its_single_label():
    c = make_citation(1, "d", 29, 49, "chunk", _Docs())
    assert (c.paragraph, c.paragraph_end) == (2, 0) and provenance(c).endswith("¶2")
