"""The suite file: every corpus entry parsed, and every bad entry a one-line error naming the file and field."""
from pathlib import Path

import pytest

from corroborate.cli import main
from core.errors import InputError
from evals.suite import DEV_CORPORA_ENV, check_isolated, load_suite, parse_suite

ROOT = Path(__file__).resolve().parents[2]
SUITE = ROOT / "evals" / "corpora.toml"


def write_corpus(tmp_path, name="c1", qa_lines=('{"id": "a", "question": "Q?", "expect": "refuse"}',)):
    corpus = tmp_path / name
    corpus.mkdir()
    (corpus / "doc.txt").write_text("Some text.\n")
    qa = tmp_path / f"{name}.jsonl"
    qa.write_text("\n".join(qa_lines) + "\n")
    return corpus, qa


def entry(name="c1", corpus_dir="c1", qa='"c1.jsonl"', data_dir="data/c1", extra=""):
    parts = ["[[corpus]]"]
    if name is not None:
        parts.append(f'name = "{name}"')
    if corpus_dir is not None:
        parts.append(f'corpus_dir = "{corpus_dir}"')
    if qa is not None:
        parts.append(f"qa = {qa}")
    if data_dir is not None:
        parts.append(f'data_dir = "{data_dir}"')
    return "\n".join(parts + ([extra] if extra else [])) + "\n"


def parse(tmp_path, text, **kw):
    path = tmp_path / "suite.toml"
    path.write_text(text)
    return parse_suite(text, path, env={}, **kw)


def test_the_project_suite_lists_four_corpora_each_with_its_own_store():
    suite = load_suite(SUITE, check_paths=False)
    assert suite.names() == ["seed", "lexington-concord", "little-bighorn", "hastings"]
    data_dirs = [c.data_dir.resolve() for c in suite.corpora]
    assert len(set(data_dirs)) == 4
    assert all(d.is_relative_to(ROOT / ".corroborate" / "eval") for d in data_dirs)
    for c in suite.corpora[1:]:  # the shared corpora are read in place, next to the repo; our questions are merged
        assert c.corpus_dir.resolve() == (ROOT.parent / "shared" / "dev-corpora" / c.name).resolve()
        assert [q.name for q in c.qa] == ["qa.jsonl", f"{c.name}.jsonl"]
    check_isolated(suite, ROOT / ".corroborate")  # the chat's default store is not among them


def test_dev_corpora_location_can_be_moved_by_environment(tmp_path):
    moved = tmp_path / "elsewhere"
    suite = parse_suite(SUITE.read_text(), SUITE, env={DEV_CORPORA_ENV: str(moved)}, check_paths=False)
    assert suite.corpora[3].corpus_dir == moved / "hastings"
    assert suite.corpora[0].corpus_dir == ROOT / "corpus"


def test_a_good_entry_resolves_paths_against_the_suite_folder(tmp_path):
    write_corpus(tmp_path)
    suite = parse(tmp_path, entry())
    (spec,) = suite.corpora
    assert spec.corpus_dir == tmp_path / "c1" and spec.qa == (tmp_path / "c1.jsonl",)
    assert spec.data_dir == tmp_path / "data" / "c1"
    assert [i.id for i in spec.load_items()] == ["a"]


@pytest.mark.parametrize("text, message", [
    (entry(name=None), "corpus 1: missing field 'name'"),
    (entry(corpus_dir=None), "corpus 1 ('c1'): missing field 'corpus_dir'"),
    (entry(qa=None), "corpus 1 ('c1'): missing field 'qa'"),
    (entry(data_dir=None), "corpus 1 ('c1'): missing field 'data_dir'"),
    (entry(qa="3"), "corpus 1 ('c1'): field 'qa' must be a file name or a list of them; got 3"),
    (entry(qa="[]"), "field 'qa' must be a file name or a list of them"),
    (entry(extra='qa_file = "x"'), "corpus 1 ('c1'): unknown field 'qa_file' (allowed: name, corpus_dir, qa, data_dir)"),
    (entry(name="has space"), "field 'name' must be letters, digits"),
    (entry(corpus_dir="nope"), "corpus 1 ('c1'): field 'corpus_dir': "),
    (entry(qa='["c1.jsonl", "missing.jsonl"]'), "field 'qa': "),
    (entry() + entry(data_dir="data/c2"), "corpus 2 ('c1'): field 'name': 'c1' is used by an earlier corpus"),
    (entry() + entry(name="c2", data_dir="data/c1/inner"), "corpus 2 ('c2'): field 'data_dir': "),
    (entry(data_dir="c1/store"), "field 'data_dir': "),
    ("[paths]\nroot = 1\n" + entry(), "[paths] field 'root' must be a non-empty string"),
    ("[[corpus]\n", "not valid TOML"),
    ("", "no corpora"),
    ("[corpora]\n", "unknown table 'corpora'"),
])
def test_bad_entries_are_one_line_errors_naming_file_and_field(tmp_path, text, message):
    write_corpus(tmp_path)
    with pytest.raises(InputError) as exc:
        parse(tmp_path, text)
    msg = str(exc.value)
    assert "\n" not in msg
    assert msg.startswith(f"{tmp_path / 'suite.toml'}: ")
    assert message in msg


def test_overlapping_data_dirs_name_the_other_corpus(tmp_path):
    write_corpus(tmp_path)
    with pytest.raises(InputError, match="overlaps the data dir of 'c1'; each corpus needs a store of its own"):
        parse(tmp_path, entry() + entry(name="c2", data_dir="data/c1"))


def test_the_chat_store_is_refused_as_a_corpus_data_dir(tmp_path):
    write_corpus(tmp_path)
    suite = parse(tmp_path, entry(data_dir=".corroborate"))
    with pytest.raises(InputError, match=r"is \(or holds\) the chat's store"):
        check_isolated(suite, tmp_path / ".corroborate")
    suite = parse(tmp_path, entry(data_dir=".corroborate/eval/c1"))
    check_isolated(suite, tmp_path / ".corroborate")  # a dir inside it, of its own, is fine


def test_a_question_id_in_two_files_of_one_corpus_names_both(tmp_path):
    write_corpus(tmp_path)
    (tmp_path / "more.jsonl").write_text('{"id": "a", "question": "Other?", "expect": "refuse"}\n')
    suite = parse(tmp_path, entry(qa='["c1.jsonl", "more.jsonl"]'))
    with pytest.raises(InputError, match=r"question id 'a' is in both .*c1\.jsonl and .*more\.jsonl"):
        suite.corpora[0].load_items()


def test_cli_reports_a_bad_suite_in_one_line(tmp_path, capsys):
    write_corpus(tmp_path)
    path = tmp_path / "suite.toml"
    path.write_text(entry(extra="colour = 1"))
    assert main(["eval", "--suite", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"error: {path}: corpus 1 ('c1'): unknown field 'colour' (allowed: name, corpus_dir, qa, data_dir)"
    assert main(["eval", "evals/qa.jsonl", "--suite", str(path)]) == 2
    assert "drop FILE/--corpus" in capsys.readouterr().err


def test_a_question_file_among_documents_is_its_own_corpus(tmp_path):
    from evals.suite import documents_beside, single_corpus

    assert not documents_beside(ROOT / "evals" / "qa.jsonl")  # evals/ holds a README, not documents
    corpus, _ = write_corpus(tmp_path)
    (corpus / "qa.jsonl").write_text('{"id": "a", "question": "Q?", "expect": "refuse"}\n')
    assert documents_beside(corpus / "qa.jsonl")
    suite = single_corpus(corpus / "qa.jsonl", corpus, data_root=tmp_path / "eval")
    (spec,) = suite.corpora
    assert spec.name == "c1" and spec.data_dir == tmp_path / "eval" / "c1"
    with pytest.raises(InputError, match="--corpus: .* is not a directory"):
        single_corpus(corpus / "qa.jsonl", tmp_path / "nope")
