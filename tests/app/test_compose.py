"""The answer step's plumbing: citation ids, renumbering, streamed answer text, logprob signal."""
import math

from app.compose import AnswerStreamParser, cited_ids, p_no_evidence, renumber
from app.refusal import strip_invented_numbers


def test_cited_ids_are_collected_in_order_of_first_use():
    assert cited_ids("Lin Biao reported 16,000 troops [2.1]. Mao agreed [1.3, 2.1].") == ["2.1", "1.3"]


def test_renumber_maps_ids_to_citation_numbers_and_drops_unknown_ids():
    text = renumber("Lin Biao reported 16,000 troops [2.1]. Mao agreed [9.9] .", {"2.1": 1})
    assert text == "Lin Biao reported 16,000 troops [1]. Mao agreed."


def test_stream_parser_emits_only_the_answer_field_text():
    got = []
    parser = AnswerStreamParser(got.append)
    for chunk in ['{"evidence": ["1.1"], "ans', 'wer": "Lin Biao rep', 'orted \\"16,000\\" troops', '." }']:
        parser.feed(chunk)
    assert "".join(got) == 'Lin Biao reported "16,000" troops.'


def test_p_no_evidence_reads_the_mass_on_closing_the_list():
    lp = lambda p: math.log(p)
    tokens = [{"token": '{"', "logprob": 0}, {"token": "evidence", "logprob": 0}, {"token": '":', "logprob": 0},
              {"token": " [", "logprob": 0},
              {"token": '"', "logprob": lp(0.7), "top_logprobs": [{"token": '"', "logprob": lp(0.7)},
                                                                   {"token": "]", "logprob": lp(0.2)},
                                                                   {"token": "The", "logprob": lp(0.1)}]}]
    assert abs(p_no_evidence(tokens) - 0.2 / 0.9) < 1e-6


def test_a_number_found_in_no_source_is_removed_as_invented():
    kept, invented = strip_invented_numbers(
        "Lin Biao reported 16,000 troops [1.1]. Pyongyang had 400,000 people.", "wrote that 16,000 Korean troops")
    assert kept == "Lin Biao reported 16,000 troops [1.1]."
    assert invented == ["400000"]


def test_p_no_evidence_handles_tokens_that_merge_the_bracket_and_the_quote():
    lp = lambda p: math.log(p)
    tokens = [{"token": '{"evidence', "logprob": 0}, {"token": '":["', "logprob": lp(0.6),
               "top_logprobs": [{"token": '":["', "logprob": lp(0.6)}, {"token": '":[]', "logprob": lp(0.3)},
                                {"token": '":', "logprob": lp(0.1)}]}]
    assert abs(p_no_evidence(tokens) - 0.3 / 0.9) < 1e-6


def test_unreferenced_citations_are_pruned_and_the_rest_renumbered_everywhere():
    from app.cite import prune_and_renumber
    from app.types import Citation, Conflict, Position

    cites = [Citation(n=i, doc_id="d", title="t", paragraph=1, start=i, end=i + 1, quote=str(i)) for i in range(1, 6)]
    conflict = Conflict(question="q", positions=[Position(claim="a", doc_id="d", citations=[5]),
                                                 Position(claim="b", doc_id="d", citations=[3])],
                        adjudication="x", adjudication_citation=4)
    text, kept, (c,) = prune_and_renumber("Shtykov [5] against Kovalev [3].", cites, [conflict])
    assert text == "Shtykov [1] against Kovalev [2]."
    assert [k.quote for k in kept] == ["5", "3", "4"] and [k.n for k in kept] == [1, 2, 3]
    assert [p.citations for p in c.positions] == [[1], [2]] and c.adjudication_citation == 3
