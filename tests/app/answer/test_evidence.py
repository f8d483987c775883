"""The evidence window: whole sentences with their neighbours, in document order, within the word budget."""
import pytest

from app.answer.evidence import format_sentences, select_evidence
from app.answer.question import parse_question
from app.retrieval.library import DocLibrary


@pytest.fixture(scope="module")
def parts(seed_settings):
    from app.retrieval import Retriever

    r = Retriever(seed_settings)
    return r, seed_settings


def _window(parts, question):
    r, settings = parts
    q = parse_question(question, 2000)
    passages = r.expand(r.search(q.search_text))
    return passages, select_evidence(q, passages, r.embedder.embed, settings.answer, DocLibrary(settings)), settings


def test_the_next_sentence_comes_with_the_best_one(parts):
    passages, sentences, settings = _window(parts, "What did Stalin write to Mao on May 14, 1950?")
    texts = [s.text for s in sentences]
    i = next(k for k, t in enumerate(texts) if "Stalin wrote directly to Mao" in t)
    doc_text = {p.doc_id: p for p in passages}
    following = sentences[i + 1]
    assert following.passage.doc_id == sentences[i].passage.doc_id and following.start > sentences[i].end
    assert sum(len(t.split()) for t in texts) <= settings.answer.evidence_words


def test_sentences_are_verbatim_numbered_by_source_and_in_document_order(parts, seed_settings):
    from ingest.docstore import DocStore

    _, sentences, _ = _window(parts, "How many Korean troops did Lin Biao report were ready to be transferred?")
    store = DocStore(seed_settings)
    for s in sentences:
        rec = store.get(s.passage.doc_id)
        source = rec.metadata_text if s.passage.kind == "metadata" else rec.text
        assert source[s.start:s.end] == s.text
    chunk = [s for s in sentences if s.passage.kind != "metadata"]
    assert [s.start for s in chunk] == sorted(s.start for s in chunk)
    assert all(s.sid.count(".") == 1 for s in sentences)
    assert "[" + sentences[0].sid + "]" in format_sentences(sentences)


def test_a_long_catalogue_title_is_named_briefly_in_the_prompt(parts):
    _, sentences, _ = _window(parts, "How many Korean troops did Lin Biao report were ready to be transferred?")
    s = next(x for x in sentences if x.passage.kind != "metadata")
    long_title = "The official record of a court of inquiry convened at Chicago, Illinois, January 13, 1879 (pages 356, 533)"
    author = "Marcus A. Reno, Major, 7th U.S. Cavalry (report and letter); book by Frances Fuller Victor"
    p = s.passage.model_copy(update={"title": long_title, "author": author})
    text = format_sentences([s.model_copy(update={"passage": p})], heading_words=12)
    head = text.splitlines()[0]
    assert "court of inquiry" in head and "pages" not in head and "Victor" not in head and "Marcus A. Reno" in head
    assert s.text in text.splitlines()[1]  # the sentence itself is never shortened


def test_page_numbers_and_cut_marks_are_not_evidence(parts):
    """A scanned book's page number, an editor's "[...]" or an e-text's margin heading says nothing; it never takes
    a place in the window."""
    from app.types import Passage

    r, settings = parts
    text = ("The fort was reached on the 12th of June.\n\n[...]\n\n1775.\n\n[Sidenote: The garrison, June 1775.]\n\n"
            "The garrison numbered two hundred men.\n\n[Footnote 2: Another letter says the garrison was three hundred.]")
    p = Passage(chunk_id="c1", doc_id="letters.txt", title="Letters", paragraph=1, start=0, end=len(text), text=text)
    q = parse_question("How many men were in the garrison?", 2000)
    texts = [s.text for s in select_evidence(q, [p], r.embedder.embed, settings.answer, _Library(text))]
    assert "The garrison numbered two hundred men." in texts and "The fort was reached on the 12th of June." in texts
    assert not any(t in ("[...]", "1775.") or "Sidenote" in t for t in texts), "a margin heading is no evidence"
    assert any("three hundred" in t for t in texts), "a footnote may carry a claim: it stays"


def test_the_best_sentence_brings_what_follows_it_across_a_paragraph_break(seed_settings):
    """A best sentence that introduces something ("whose last words were:") is followed by it, even when the
    words stand in the next paragraph; a later, weaker seed brings only its own neighbours."""
    from app.types import Passage

    from ingest.embed import get_embedder  # the real packaged embedder

    text = ("The man he was seeking was Jim Bristow, a tall private whose last words to the young "
            "recruit were these.\n\n\"Write to my mother in Ohio and tell her where I lie.\" "
            "The recruit promised he would.\n\nThe weather that summer was dry. Grass was short.")
    p = Passage(doc_id="d1", chunk_id="c1", title="A memoir", start=0, end=len(text), text=text, paragraph=1)
    q = parse_question("What were Jim Bristow's last words to the young recruit?", 2000)
    cfg = seed_settings.answer.model_copy(update={"max_seeds": 1, "lead_seeds": 1, "lead_words": 15})
    texts = [s.text for s in select_evidence(q, [p], get_embedder(seed_settings).embed, cfg, _Library(text))]
    assert any("Write to my mother" in t for t in texts)
    assert not any("weather" in t for t in texts)


def test_a_transcript_answer_in_the_next_chunk_comes_with_its_question(seed_settings):
    """An inquiry transcript gives the question and the witness's answer as paragraphs of their own, and a chunk
    may end between them: the answer means nothing alone and shares no word with what is asked, so it must come
    in as the best line's neighbour from the next chunk."""
    from ingest.embed import get_embedder  # the real packaged embedder

    text = ("Examined by the Commissioner.\n\n"
            "Q. Which officer was in charge of the lifeboat on the port side when it was lowered?\n\n"
            "A. Mr. Harwell.\n\n"
            "Q. Were you yourself on the boat deck at that time?\n\n"
            "A. I was standing by the forward funnel.")
    cut = text.index("A. Mr.")
    first = _invented_passage(text, "inquiry.txt").model_copy(update={"end": cut, "text": text[:cut]})
    second = first.model_copy(update={"chunk_id": "c2", "paragraph": 3, "start": cut, "end": len(text),
                                      "text": text[cut:]})
    q = parse_question("Which officer was in charge of the port lifeboat when it was lowered?", 2000)
    cfg = seed_settings.answer.model_copy(update={"max_seeds": 1})
    embed = get_embedder(seed_settings).embed
    texts = [s.text for s in select_evidence(q, [first, second], embed, cfg, _Library(text))]
    assert any(t.startswith("Q. Which officer") for t in texts)
    assert "A. Mr. Harwell." in texts
    assert not any("funnel" in t for t in texts)


def _invented_passage(text, doc_id="letters.txt"):
    from app.types import Passage

    return Passage(chunk_id="c1", doc_id=doc_id, title="Letters", paragraph=1, start=0, end=len(text), text=text)


STRUCTURED = ("Document 7.2 ANNA MERK, Telegram (May 9, 1921) DOCUMENT 7.2\n\n"
              "[This telegram is printed from the copy kept by the receiving office.]\n\n"
              "The bridge at the mill is down. Boats are needed before the water rises.\n\n"
              "For the Board of Works:\nJ. K. Lund\nSecretary, Second Class\n\n"
              "Source: County archive, box 12, file 3")


def test_headings_headnotes_signatures_and_catalogue_lines_are_never_evidence():
    from app.answer.evidence import split_passages

    texts = [t for *_, t in split_passages([_invented_passage(STRUCTURED)], _Library(STRUCTURED))]
    assert texts == ["The bridge at the mill is down.", "Boats are needed before the water rises."]


class _Library:
    """A DocLibrary's sentence-table accessors over one invented stored document."""

    def __init__(self, text):
        from ingest.roles import sentence_table

        self.table = sentence_table(text)

    def sentences(self, doc_id):
        return self.table

    def metadata_sentences(self, doc_id):
        return []

    def speaker_for(self, doc_id, start, end):
        return None


def test_a_passage_starting_inside_a_document_reads_the_stored_table_clipped():
    """(That app/ never splits stored text again: tests/app/test_answer_path.py.)"""
    from app.answer import evidence

    docs = _Library(STRUCTURED)
    text = STRUCTURED
    cut = text.index("Boats")  # a passage that starts inside the document
    p = _invented_passage(text).model_copy(update={"start": cut, "text": text[cut:]})
    parts = evidence.split_passages([_invented_passage(text), p], docs)
    assert [t for *_, t in parts] == ["The bridge at the mill is down.", "Boats are needed before the water rises."]
    assert all(text[s:e] == t for _p, s, e, t in parts)


def test_the_seed_store_has_its_sentence_table_and_evidence_reads_it(seed_settings):
    from app.answer import evidence
    from app.retrieval.library import DocLibrary
    from app.types import Passage

    docs = DocLibrary(seed_settings)
    (doc_id,) = docs.doc_ids()
    table = docs.sentences(doc_id)
    text = docs.text(doc_id)
    assert table and all(role in ("prose", "heading", "headnote", "signature", "catalogue", "margin")
                         for *_, role in table)
    assert docs.prose_spans(doc_id) and docs.metadata_sentences(doc_id)
    heading = next(text[s:e] for s, e, r in table if r == "heading")
    p = Passage(chunk_id="c", doc_id=doc_id, title="t", paragraph=1, start=0, end=len(text), text=text)
    texts = [t for *_, t in evidence.split_passages([p], docs)]
    assert heading not in texts and len(texts) >= len(table) // 2


def test_a_running_head_repeated_on_every_page_is_evidence_once():
    """A scanned record repeats its catalogue line at the top of each page: read twice it would take the words of a
    sentence that says something new, so only its first occurrence in the document is evidence."""
    from app.answer.evidence import split_passages

    head = "Official record of the inquiry convened at Fort Lane, January 13, 1879."
    text = (f"{head}\n\nThe witness was sworn. He said the ford was deep.\n\n{head}\n\n"
            "He said the column crossed at noon.")
    texts = [t for *_, t in split_passages([_invented_passage(text)], _Library(text))]
    assert texts.count(head) == 1
    assert "He said the column crossed at noon." in texts and "He said the ford was deep." in texts
