"""Fixtures for the ingest tests: small synthetic corpora, store inspection, CLI subprocesses."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, make_settings

PROSE = [
    "In March 1949 Kim Il Sung travelled to Moscow with a delegation of {n} officials to discuss "
    "economic aid, and Stalin promised credits for the purchase of machinery and rail equipment.",
    "The Soviet ambassador, Terentii Shtykov, reported on {n} April that the northern army had "
    "grown to seven divisions, and that artillery shipments were arriving through Chongjin.",
    "However, the cables from Beijing struck a more cautious note: Ivan Kovalev wrote that Mao "
    "Zedong saw no reason to hurry while the war in the south of China went on.",
    "Gao Gang, who ran the party's affairs in the northeast, signed a trade protocol in Shenyang "
    "covering {n} thousand tonnes of grain, coal and salt to be exchanged across the Yalu.",
    "By the summer the border was quiet again. He noted that the harvest would decide much, and "
    "that the railway bridge at Andong had been repaired by {n} engineers from both sides.",
]


def write_doc(path: Path, paragraphs: int = 6, seed: int = 0, title: str | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    parts = [f"# {title}"] if title else []
    for i in range(paragraphs):
        parts.append(" ".join(PROSE[(seed + i + j) % len(PROSE)].format(n=seed * 100 + i * 7 + j)
                              for j in range(2)))
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def small_corpus(tmp_path) -> Path:
    corpus = tmp_path / "corpus"
    write_doc(corpus / "alpha.txt", 6, seed=1, title="Alpha cables")
    write_doc(corpus / "beta.md", 5, seed=2, title="Beta memoir")
    write_doc(corpus / "sub" / "gamma.txt", 4, seed=3)
    (corpus / "alpha.txt.meta.toml").write_text(
        'title = "Alpha: Soviet cables, 1949"\nauthor = "A. Archivist"\npublisher = "Test Press"\n'
        'kind = "cable"\nlanguage = "en"\ndate = "1949-05-01"\n', encoding="utf-8")
    return corpus


@pytest.fixture
def settings_for(tmp_path):
    def make(corpus: Path, data: str = "data", **overrides):
        base = make_settings(tmp_path, corpus=corpus)
        from core.settings import load_settings

        return load_settings(corpus_dir=base.corpus_dir, data_dir=tmp_path / data,
                             model_cache_dir=base.model_cache_dir, **overrides)

    return make


def store_state(settings) -> dict:
    """What is in the store: chunk ids in Chroma, manifest ids, doc records' chunk ids."""
    from ingest.docstore import DocStore
    from ingest.manifest import load_manifest
    from ingest.store import open_store

    store = open_store(settings)
    ids = store.all_ids()
    manifest = load_manifest(settings.manifest_path)
    records = {r.doc_id: sorted(c.id for c in r.chunks) for r in DocStore(settings).list_docs()}
    return {"ids": ids, "count": store.count(), "manifest_ids": manifest.all_ids(),
            "manifest_docs": sorted(manifest.docs), "records": records}


def cli_env(settings, **extra) -> dict:
    env = dict(os.environ)
    env.update({
        "CORROBORATE_CORPUS_DIR": str(settings.corpus_dir),
        "CORROBORATE_DATA_DIR": str(settings.data_dir),
        "CORROBORATE_MODEL_CACHE_DIR": str(settings.model_cache_dir),
        "CORROBORATE_CHROMA_BATCH_SIZE": str(settings.chroma.batch_size),
        "CORROBORATE_CONFIG": str(Path(settings.data_dir).parent / "no-such-config.toml"),
    })
    env.pop("CORROBORATE_FAULT", None)
    env.update({k: str(v) for k, v in extra.items()})
    return env


def run_cli(settings, *args: str, timeout: float = 600, preexec_fn=None, **env) -> subprocess.CompletedProcess:
    cwd = Path(settings.data_dir).parent
    while not cwd.is_dir():
        cwd = cwd.parent
    return subprocess.run(
        [sys.executable, "-m", "corroborate.cli", "ingest", "--no-progress", *args],
        cwd=str(cwd), env=cli_env(settings, **env), capture_output=True,
        text=True, timeout=timeout, preexec_fn=preexec_fn,
    )


@pytest.fixture(scope="session")
def embedder():
    from core.settings import load_settings
    from ingest.embed import get_embedder

    return get_embedder(load_settings(model_cache_dir=ROOT / ".corroborate" / "models"))
