"""Quote verification: exact, repaired, rejected. Nothing unverified is ever shown as a quote."""
from app.checks.verify import check_inline_quotes, is_verbatim, locate

SOURCE = ("When Kim Il asked about receiving extra ammunition for the troops, Mao reportedly said he would "
          "“give to the Koreans as much as they need.” Mao’s pledges would certainly boost the fighting capacity of the KPA.")


def test_exact_quote_is_kept_with_its_offsets():
    found = locate("give to the Koreans as much as they need", SOURCE)
    assert found.how == "exact"
    assert SOURCE[found.start:found.end] == "give to the Koreans as much as they need"


def test_straight_quotes_case_and_spacing_are_repaired_to_the_exact_source_span():
    found = locate("\"Mao's  pledges would certainly boost\"", SOURCE)
    assert found.how == "repaired"
    assert found.text == "Mao’s pledges would certainly boost"
    assert is_verbatim(found.text, SOURCE, found.start, found.end)


def test_a_near_match_with_one_word_dropped_is_repaired_when_unambiguous():
    found = locate("give the Koreans as much as they need", SOURCE)
    assert found is not None and found.how == "repaired"
    assert found.text == "give to the Koreans as much as they need"


def test_an_invented_quote_is_rejected():
    assert locate("give the Koreans nothing until the spring", SOURCE) is None


def test_an_ambiguous_repair_is_rejected():
    doubled = "He said “we must wait.” Later he said “We must wait.”"
    assert locate("we  must wait", doubled) is None


def test_inline_quotes_in_model_text_lose_their_marks_unless_verified():
    text, kept, dropped = check_inline_quotes(
        'Mao said he would "give to the Koreans as much as they need" and "fight to the last man".', [SOURCE])
    assert "“give to the Koreans as much as they need”" in text
    assert "“fight to the last man”" not in text and '"fight to the last man"' not in text
    assert dropped == ["fight to the last man"]
