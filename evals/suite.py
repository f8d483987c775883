"""The multi-corpus suite file (``evals/corpora.toml``): which corpora, their question files, their data dirs.

    [paths]
    root = ".."                              # relative to the suite file; the base of every relative path
    dev_corpora = "../shared/dev-corpora"    # "{dev_corpora}" in a path; env CORROBORATE_DEV_CORPORA overrides

    [[corpus]]
    name = "hastings"
    corpus_dir = "{dev_corpora}/hastings"
    qa = ["{dev_corpora}/hastings/qa.jsonl", "evals/dev/hastings.jsonl"]
    data_dir = ".corroborate/eval/hastings"

Every problem is one line naming the file, the corpus entry and the field.
"""
from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import InputError
from evals.dataset import EvalItem, load_dataset

DEV_CORPORA_ENV = "CORROBORATE_DEV_CORPORA"
DEFAULT_SUITE = Path("evals/corpora.toml")
FIELDS = ("name", "corpus_dir", "qa", "data_dir")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


@dataclass(frozen=True)
class CorpusSpec:
    name: str
    corpus_dir: Path
    qa: tuple[Path, ...]
    data_dir: Path
    source: str = ""  # "evals/corpora.toml, corpus 'hastings'" for messages

    def load_items(self) -> list[EvalItem]:
        """The questions of every qa file, merged in file order; a repeated id is an error naming both files."""
        items: list[EvalItem] = []
        first: dict[str, Path] = {}
        for path in self.qa:
            for item in load_dataset(path):
                if item.id in first:
                    raise InputError(f"{self.source}: question id {item.id!r} is in both {first[item.id]} and {path}")
                first[item.id] = path
                items.append(item)
        return items


@dataclass
class Suite:
    path: Path
    corpora: list[CorpusSpec] = field(default_factory=list)

    def names(self) -> list[str]:
        return [c.name for c in self.corpora]


def _fail(path: Path, where: str, message: str) -> InputError:
    return InputError(f"{path}: {where}: {message}")


def _text(path: Path, where: str, entry: dict, key: str) -> str:
    if key not in entry:
        raise _fail(path, where, f"missing field {key!r}")
    value = entry[key]
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, where, f"field {key!r} must be a non-empty string; got {value!r}")
    return value


def _expand(raw: str, root: Path, dev_corpora: Path) -> Path:
    p = Path(raw.replace("{dev_corpora}", str(dev_corpora)))
    return p if p.is_absolute() else root / p


def _nested(a: Path, b: Path) -> bool:
    return a == b or a in b.parents or b in a.parents


def parse_suite(text: str, path: Path, env: dict[str, str] | None = None, check_paths: bool = True) -> Suite:
    """Parse suite TOML. ``check_paths``: corpus dirs and qa files must exist."""
    env = os.environ if env is None else env
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML ({exc})") from None
    unknown = sorted(set(data) - {"paths", "corpus"})
    if unknown:
        raise InputError(f"{path}: unknown table {unknown[0]!r} (allowed: [paths], [[corpus]])")
    paths = data.get("paths", {})
    if not isinstance(paths, dict) or set(paths) - {"root", "dev_corpora"}:
        raise InputError(f"{path}: [paths] takes only 'root' and 'dev_corpora'")
    for key, value in paths.items():
        if not isinstance(value, str) or not value.strip():
            raise InputError(f"{path}: [paths] field {key!r} must be a non-empty string; got {value!r}")
    root = (path.parent / paths.get("root", ".")).resolve()
    if env.get(DEV_CORPORA_ENV):  # relative to the working directory, like any path given in the shell
        dev = Path(env[DEV_CORPORA_ENV]).resolve()
    else:
        dev = root / paths.get("dev_corpora", "../shared/dev-corpora")
    entries = data.get("corpus")
    if not isinstance(entries, list) or not entries:
        raise InputError(f"{path}: no corpora: add at least one [[corpus]] table")

    suite = Suite(path=path)
    for i, entry in enumerate(entries, start=1):
        where = f"corpus {i}"
        if not isinstance(entry, dict):
            raise _fail(path, where, "must be a [[corpus]] table")
        if isinstance(entry.get("name"), str) and entry["name"].strip():
            where = f"corpus {i} ({entry['name']!r})"
        extra = sorted(set(entry) - set(FIELDS))
        if extra:
            raise _fail(path, where, f"unknown field {extra[0]!r} (allowed: {', '.join(FIELDS)})")
        name = _text(path, where, entry, "name")
        if not _NAME.match(name):
            raise _fail(path, where, f"field 'name' must be letters, digits, '-', '_' or '.'; got {name!r}")
        if name in suite.names():
            raise _fail(path, where, f"field 'name': {name!r} is used by an earlier corpus")
        corpus_dir = _expand(_text(path, where, entry, "corpus_dir"), root, dev)
        data_dir = _expand(_text(path, where, entry, "data_dir"), root, dev)
        qa_raw = entry.get("qa")
        if isinstance(qa_raw, str):
            qa_raw = [qa_raw]
        if "qa" not in entry:
            raise _fail(path, where, "missing field 'qa'")
        if not isinstance(qa_raw, list) or not qa_raw or not all(isinstance(q, str) and q.strip() for q in qa_raw):
            raise _fail(path, where, f"field 'qa' must be a file name or a list of them; got {entry['qa']!r}")
        qa = tuple(_expand(q, root, dev) for q in qa_raw)
        if check_paths:
            if not corpus_dir.is_dir():
                raise _fail(path, where, f"field 'corpus_dir': {corpus_dir} is not a directory")
            for q in qa:
                if not q.is_file():
                    raise _fail(path, where, f"field 'qa': {q} not found")
        for other in suite.corpora:
            if _nested(data_dir.resolve(), other.data_dir.resolve()):
                raise _fail(path, where, f"field 'data_dir': {data_dir} overlaps the data dir of {other.name!r}; "
                                         "each corpus needs a store of its own")
        if _nested(data_dir.resolve(), corpus_dir.resolve()):
            raise _fail(path, where, f"field 'data_dir': {data_dir} overlaps its corpus_dir")
        suite.corpora.append(CorpusSpec(name, corpus_dir, qa, data_dir, source=f"{path}, {where}"))
    return suite


def load_suite(path: str | Path, env: dict[str, str] | None = None, check_paths: bool = True) -> Suite:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: suite file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read suite file ({exc})") from None
    return parse_suite(text, path, env=env, check_paths=check_paths)


def check_isolated(suite: Suite, chat_data_dir: Path) -> None:
    """No corpus may share the chat's store (the one ``corroborate ingest``/``chat`` use)."""
    chat = Path(chat_data_dir).resolve()
    for spec in suite.corpora:
        mine = spec.data_dir.resolve()
        if mine == chat or mine in chat.parents:
            raise InputError(f"{spec.source}: field 'data_dir': {spec.data_dir} is (or holds) the chat's store "
                             f"{chat_data_dir}; give the corpus a data dir of its own, e.g. .corroborate/eval/{spec.name}")


def single_corpus(qa: Path, corpus_dir: Path, data_root: Path = Path(".corroborate/eval")) -> Suite:
    """A one-corpus suite for ``corroborate eval FILE --corpus DIR``: data dir ``<data_root>/<corpus dir name>``."""
    name = corpus_dir.resolve().name or "corpus"
    if not corpus_dir.is_dir():
        raise InputError(f"--corpus: {corpus_dir} is not a directory")
    spec = CorpusSpec(name, corpus_dir, (qa,), data_root / name, source=f"--corpus {corpus_dir}")
    return Suite(path=qa, corpora=[spec])


def documents_beside(qa: Path) -> bool:
    """True when the question file sits in a folder of documents (a corpus dir), e.g. ``dev-corpora/hastings/qa.jsonl``."""
    from ingest.load import SUPPORTED

    folder = qa.resolve().parent
    return any(p.is_file() and p.suffix.lower() in SUPPORTED and not p.name.lower().startswith("readme")
               for p in folder.iterdir())
