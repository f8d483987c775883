"""Chunk: paragraph-aware chunks with exact character offsets into the clean text.

* A paragraph is a block separated by blank lines. Headings attach forward to the prose after
  them, short prose paragraphs merge forward until the chunk has ``min_words``, and long
  paragraphs are split at sentence boundaries (a run-on sentence at word boundaries).
* ``Chunk.text`` is exactly ``clean_text[start:end]``. What is embedded (``embed_text``) is a
  short header (the title, plus one sentence of the previous paragraph when the chunk depends
  on it: "But ...", "However ...", a pronoun) and the chunk text, kept under 256 word-pieces.
* One extra chunk of kind ``metadata`` per document (paragraph 0, start = end = 0) holds the
  document's metadata as a passage, so "Who wrote this?" is answerable from the store.

Token counts come from a ``TokenCounter`` (texts -> word-pieces without [CLS]/[SEP]); for
MiniLM's BERT tokenizer they add up across whitespace, so each paragraph is counted once.
"""
from __future__ import annotations

import bisect
import hashlib
import json
import re
from collections.abc import Callable

from ingest.sentences import split_sentences
from ingest.types import Chunk, CleanDocument, DocumentMeta

TokenCounter = Callable[[list[str]], list[int]]
MAX_WORD_PIECES = 256  # MiniLM's max_seq_length, including [CLS] and [SEP]
SPECIAL_TOKENS = 2

_WORD = re.compile(r"\S+")
_DEPENDENT = re.compile(
    r"^[\"“‘(]*(but|however|yet|still|nevertheless|nonetheless|instead|meanwhile|moreover|furthermore|"
    r"also|and|or|so|thus|therefore|hence|then|indeed|otherwise|likewise|similarly|accordingly|"
    r"in contrast|by contrast|on the other hand|even so|in turn|as a result|for (his|her|their|its) part|"
    r"the latter|the former|the other|this|that|these|those|such|it|its|he|she|they|him|her|them|his|"
    r"their|both|neither|either|another|here|there)\b",
    re.I,
)


def approx_tokens(texts: list[str]) -> list[int]:
    """A cautious stand-in for the real tokenizer: ~1.4 word-pieces per word."""
    return [int(len(t.split()) * 1.4) + t.count(",") + 1 for t in texts]


def word_count(text: str) -> int:
    return len(text.split())


def chunk_id(doc_id: str, kind: str, start: int, end: int, paragraph: int, page: int | None,
             text: str, embed_text: str, meta: DocumentMeta) -> str:
    """The chunk's content hash: same document, text, offsets and embedded text -> same id."""
    payload = json.dumps([doc_id, kind, start, end, paragraph, page, text, embed_text,
                          meta.title, meta.author, meta.kind], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def metadata_text(meta: DocumentMeta) -> str:
    rows = [("Title", meta.title), ("Author", meta.author), ("Publisher", meta.publisher),
            ("Kind", meta.kind), ("Date", meta.date), ("URL", meta.url), ("Description", meta.description)]
    return "\n".join(f"{k}: {v}" for k, v in rows if v)


def is_heading(text: str) -> bool:
    return "\n" not in text and word_count(text) <= 12 and not text.rstrip().endswith((".", "!", "?", ":", "”", '"'))


class _Chunker:
    def __init__(self, doc: CleanDocument, max_words: int, min_words: int, count: TokenCounter):
        self.doc, self.text, self.count = doc, doc.text, count
        self.max_words, self.min_words = max_words, min_words
        self.header = f"{doc.meta.title}\n" if doc.meta.title else ""
        header_tokens = count([self.header])[0] if self.header else 0
        self.budget = MAX_WORD_PIECES - SPECIAL_TOKENS - header_tokens  # room for the chunk text

    def fits(self, words: int, tokens: int) -> bool:
        return words <= self.max_words and tokens <= self.budget

    def _greedy(self, units: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Group consecutive (start, end) units into pieces that fit; a unit too big alone is cut at words."""
        texts = [self.text[s:e] for s, e in units]
        tokens = self.count(texts)
        pieces: list[tuple[int, int]] = []
        cur: list[int] | None = None  # [start, end, words, tokens]
        for (s, e), t, n in zip(units, texts, tokens):
            w = word_count(t)
            if cur and self.fits(cur[2] + w, cur[3] + n):
                cur = [cur[0], e, cur[2] + w, cur[3] + n]
                continue
            if cur:
                pieces.append((cur[0], cur[1]))
                cur = None
            if self.fits(w, n):
                cur = [s, e, w, n]
            elif w > 1:
                pieces.extend(self._greedy([(s + m.start(), s + m.end()) for m in _WORD.finditer(t)]))
            else:  # one enormous "word": keep it whole; the model truncates it
                pieces.append((s, e))
        if cur:
            pieces.append((cur[0], cur[1]))
        return pieces

    def spans(self) -> list[tuple[int, int, int]]:
        """(start, end, first paragraph number) of every text chunk, in order."""
        paras = self.doc.paragraphs
        texts = [self.text[s:e] for s, e in paras]
        tokens = self.count(texts)
        out: list[tuple[int, int, int]] = []
        pending: list[int] | None = None  # [start, end, number, words, tokens]
        has_prose = False
        for number, ((ps, pe), text, n) in enumerate(zip(paras, texts, tokens), start=1):
            w = word_count(text)
            heading = is_heading(text)
            if pending and not (heading and has_prose) and self.fits(pending[3] + w, pending[4] + n):
                pending = [pending[0], pe, pending[2], pending[3] + w, pending[4] + n]
            else:
                if pending:
                    out.append((pending[0], pending[1], pending[2]))
                    pending, has_prose = None, False
                if not self.fits(w, n):
                    out.extend((s, e, number) for s, e in self._greedy(split_sentences(text, ps)))
                    continue
                pending = [ps, pe, number, w, n]
            has_prose = has_prose or not heading
            if has_prose and pending[3] >= self.min_words:
                out.append((pending[0], pending[1], pending[2]))
                pending, has_prose = None, False
        if pending:
            out.append((pending[0], pending[1], pending[2]))
        return out

    def context(self, start: int, body: str) -> str:
        """One sentence of the previous paragraph (or piece) when the chunk depends on it, else ''."""
        if start == 0 or not _DEPENDENT.match(body):
            return ""
        before = self.text[max(0, start - 3000):start].rstrip()
        before = before[before.rfind("\n\n") + 2:] if "\n\n" in before else before
        spans = split_sentences(before)
        return before[spans[-1][0]:spans[-1][1]] if spans else ""

    def embed_texts(self, spans: list[tuple[int, int, int]]) -> list[str]:
        out = []
        contexts = [self.context(s, self.text[s:e]) for s, e, _ in spans]
        needs = [i for i, c in enumerate(contexts) if c]
        counts = dict(zip(needs, zip(self.count([contexts[i] for i in needs]),
                                     self.count([self.text[spans[i][0]:spans[i][1]] for i in needs]))))
        label = "Context: "
        for i, (s, e, _) in enumerate(spans):
            body = self.text[s:e]
            ctx = contexts[i]
            if ctx:
                ctx_tokens, body_tokens = counts[i]
                room = self.budget - body_tokens - 3  # "Context:" + line break
                words = ctx.split()
                while words and ctx_tokens > room:  # keep the sentence's end, nearest the chunk
                    words = words[max(1, len(words) // 5):]
                    ctx_tokens = self.count([" ".join(words)])[0] if words else 0
                if words:
                    out.append(f"{self.header}{label}{' '.join(words)}\n{body}")
                    continue
            out.append(self.header + body)
        return out


def chunk_document(doc: CleanDocument, max_words: int = 180, min_words: int = 40,
                   count_tokens: TokenCounter | None = None) -> list[Chunk]:
    """All chunks of ``doc``: the metadata chunk first, then the text chunks in order."""
    count = count_tokens or approx_tokens
    ch = _Chunker(doc, max_words, min(min_words, max_words), count)
    page_pos = [s for s, _ in doc.page_starts]
    meta = doc.meta

    def page_at(offset: int) -> int | None:
        if not page_pos:
            return None
        return doc.page_starts[max(0, bisect.bisect_right(page_pos, offset) - 1)][1]

    mtext = metadata_text(meta)
    membed = "About this document (title, author, publisher):\n" + mtext
    words = membed.split()
    while len(words) > 8 and count([" ".join(words)])[0] > MAX_WORD_PIECES - SPECIAL_TOKENS:
        words = words[: int(len(words) * 0.9)]
    if len(words) != len(membed.split()):
        membed = " ".join(words)
    chunks = [Chunk(id=chunk_id(meta.doc_id, "metadata", 0, 0, 0, None, mtext, membed, meta),
                    doc_id=meta.doc_id, text=mtext, start=0, end=0, paragraph=0, page=None,
                    embed_text=membed, kind="metadata")]
    spans = ch.spans()
    for (start, end, number), etext in zip(spans, ch.embed_texts(spans)):
        body = doc.text[start:end]
        page = page_at(start)
        chunks.append(Chunk(id=chunk_id(meta.doc_id, "chunk", start, end, number, page, body, etext, meta),
                            doc_id=meta.doc_id, text=body, start=start, end=end, paragraph=number,
                            page=page, embed_text=etext, kind="chunk"))
    return chunks
