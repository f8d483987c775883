"""must_include matching: case, quotes, whitespace, word boundaries, short words, numbers."""
import pytest

from evals.match import contains, find_in_passages, match_group, missing_groups, normalise


@pytest.mark.parametrize(
    "text, alternative, expected",
    [
        ("Mao said the Koreans should wait.", "koreans", True),  # case-insensitive
        ("Lin Biao  reported\n16,000 troops", "Biao reported 16,000", True),  # whitespace runs
        ("Mao said he would \u201cgive to the Koreans\u201d", '"give to the Koreans"', True),  # curly vs straight
        ("People\u2019s Republic", "People's Republic", True),
        ("1946\u20131947", "1946-1947", True),  # en dash vs hyphen
        ("the Koreans", "Korea", True),  # starts at a word boundary; prefix of a longer word is fine
        ("North Korea", "orea", False),  # must start at a word boundary
        ("the day-by-day chronology", "no", False),  # short: whole word only
        ("there is no record", "no", True),
        ("No.", "no", True),
        ("the KPA's troops", "KPA", True),
        ("KPAX units", "KPA", False),
        ("an attack at any moment", "any moment", True),
        ("16,000 Korean troops", "16", False),  # numbers do not run on into more digits
        ("16,000 Korean troops", "16,000", True),
        ("160 troops", "16", False),
        ("in 1950.", "1950", True),
        ("on May 14, 1950", "May 14", True),
        ("on May 145", "May 14", False),
        ("", "Mao", False),
        ("Mao", "   ", False),
    ],
)
def test_contains(text, alternative, expected):
    assert contains(text, alternative) is expected


def test_normalise():
    assert normalise("  \u201cHe\u2019s\u201d\u00a0\n HERE\u2014now ") == "\"he's\" here-now"


def test_groups():
    answer = "Lin Biao reported that 16,000 Korean troops were ready."
    assert match_group(answer, ["sixteen thousand", "16,000"]) == "16,000"
    assert missing_groups(answer, [["16,000", "16000"], ["Lin Biao"], ["Stalin"]]) == [["Stalin"]]
    assert missing_groups(answer, []) == []


def test_find_in_passages_rank():
    passages = ["Nothing here.", "Mao said \u201cKorea could see   military action\u201d.", "Korea could see military action"]
    assert find_in_passages("Korea could see military action", passages) == 2
    assert find_in_passages("not present anywhere", passages) is None
    # with retrieval ranks (neighbours share their hit's rank), the best rank wins, not the list position
    assert find_in_passages("Korea could see military action", passages, ranks=[1, 3, 2]) == 2
