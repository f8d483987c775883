"""The one client path to every LLM: LangChain's ``ChatOpenAI`` against an OpenAI-compatible URL.

``llm.base_url`` empty (default): the embedded llama.cpp server is started (or reused) and
its ``/v1`` is the URL. Otherwise the same code talks to Ollama, vLLM, a llama.cpp server
or OpenAI, chosen only by settings (``CORROBORATE_LLM_BASE_URL``, ``_MODEL``, ``_API_KEY``).

``structured_call`` asks for JSON-schema-constrained output (llama.cpp turns the schema into
a grammar, so the reply always parses), optionally streams the raw JSON text to a callback,
and returns the token logprobs when the backend provides them. Measured against the
llama.cpp server: ``logprobs``/``top_logprobs`` come back through LangChain in
``response_metadata["logprobs"]["content"]`` both for ``invoke`` and for ``stream`` (merged
across chunks); they are the model's distribution *before* the grammar constraint, so
alternatives the grammar forbids can appear among ``top_logprobs``.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel

from core.errors import ModelError
from core.settings import Settings


@dataclass
class StructuredResult:
    data: dict
    raw: str
    token_logprobs: list[dict] = field(default_factory=list)  # [{token, logprob, top_logprobs}]
    model: str = ""
    finish_reason: str = ""


class ModelOutputError(ModelError):
    """The model answered, but not with JSON matching the schema (e.g. cut off at max_tokens)."""

    def __init__(self, message: str, raw: str = "", finish_reason: str = ""):
        super().__init__(message)
        self.raw = raw
        self.finish_reason = finish_reason


def resolve_base_url(settings: Settings) -> str:
    """The OpenAI-compatible base URL, starting the embedded server if none is configured."""
    if settings.llm.base_url:
        return settings.llm.base_url.rstrip("/")
    from app.llm.server import get_server

    return get_server(settings).base_url


def get_chat_model(settings: Settings, slot: int | None = None, **overrides: Any):
    """A ``ChatOpenAI`` for the configured backend (embedded llama.cpp unless ``llm.base_url``).

    ``slot``: the embedded server's slot to use (``server.ANSWER_SLOT`` or ``server.SIDE_SLOT``), so that each
    kind of call finds its own instructions still cached; ignored for any other backend."""
    from langchain_openai import ChatOpenAI

    llm = settings.llm
    if slot is not None and not llm.base_url:
        overrides["extra_body"] = {**overrides.get("extra_body", {}), "id_slot": slot}
    kwargs: dict[str, Any] = dict(
        base_url=resolve_base_url(settings),
        api_key=llm.api_key or "not-needed",
        model=llm.model,
        temperature=llm.temperature,
        max_tokens=llm.max_tokens,
        timeout=llm.timeout,
        max_retries=1,
    )
    kwargs.update(overrides)
    return ChatOpenAI(**kwargs)


def llm_label(settings: Settings) -> str:
    """The model name shown in ``Answer.model`` (never includes credentials)."""
    llm = settings.llm
    if llm.base_url:
        parts = urlsplit(llm.base_url)
        host = parts.hostname or llm.base_url
        if parts.port:
            host = f"{host}:{parts.port}"
        return f"{llm.model} via {host}"
    if llm.gguf:
        return f"{Path(llm.gguf).name} (embedded llama.cpp)"
    from app.llm.model_files import DEFAULT_MODEL

    return f"{DEFAULT_MODEL.name} (embedded llama.cpp)"


def _response_format(json_schema: Any, name: str) -> dict:
    if isinstance(json_schema, type) and issubclass(json_schema, BaseModel):
        json_schema = json_schema.model_json_schema()  # a pydantic class
    if not isinstance(json_schema, dict):
        raise TypeError("json_schema must be a JSON-schema dict or a pydantic model class")
    if json_schema.get("type") == "json_schema":  # already a full response_format
        return json_schema
    return {"type": "json_schema", "json_schema": {"name": name, "schema": json_schema}}


def structured_call(
    settings: Settings,
    messages: Sequence[Any],
    json_schema: Any,
    *,
    logprobs_top: int | None = None,
    stream_callback: Callable[[str], None] | None = None,
    name: str = "answer",
    max_tokens: int | None = None,
    grammar: str | None = None,
) -> StructuredResult:
    """One schema-constrained chat call. ``messages``: LangChain messages, dicts or (role, text).

    ``logprobs_top``: ask for logprobs with that many alternatives per token (``[]`` back if
    the backend does not support them). ``stream_callback(text)`` gets each raw JSON text delta.
    Raises ``ModelError`` (one line) if the backend is unreachable, times out or refuses, and
    ``ModelOutputError`` if the reply is not JSON matching the schema.
    """
    response_format = _response_format(json_schema, name)
    overrides: dict[str, Any] = {}
    if logprobs_top:
        overrides.update(logprobs=True, top_logprobs=int(logprobs_top))
    if max_tokens:
        overrides["max_tokens"] = max_tokens
    call_kwargs: dict[str, Any] = {"response_format": response_format}
    if grammar and not settings.llm.base_url:
        # The embedded llama.cpp server: a compact GBNF grammar leaves the model no whitespace
        # to wander in (each wasted token costs ~50 ms) and no quote marks inside strings.
        call_kwargs = {}
        overrides["extra_body"] = {"grammar": grammar}
    cache = settings.llm.reply_cache
    if cache:
        from app.llm import reply_cache

        request_key = reply_cache.key(messages, {"format": response_format, "grammar": grammar, **overrides,
                                                 "model": settings.llm.model, "t": settings.llm.temperature})
        saved = reply_cache.load(cache, request_key)
        if saved is not None:
            if stream_callback is not None and saved["raw"]:
                stream_callback(saved["raw"])  # a reply the callback stopped stops it again here
            if saved.pop("cut", False):
                raise ModelOutputError("the saved reply was cut off", saved["raw"], saved["finish_reason"])
            return StructuredResult(**saved)
        streamed: list[str] = []
        outer = stream_callback

        def stream_callback(text: str) -> None:
            streamed.append(text)
            if outer is not None:
                outer(text)
    try:
        result = _call(settings, messages, response_format, overrides, call_kwargs, stream_callback, name)
    except ModelOutputError as exc:
        if cache and exc.finish_reason == "length":
            reply_cache.save(cache, request_key, {"raw": exc.raw, "finish_reason": "length", "cut": True})
        raise
    except ModelError:
        if cache and streamed:  # the caller's callback stopped a reply that ran on
            reply_cache.save(cache, request_key, {"raw": "".join(streamed), "finish_reason": "stopped", "data": {}})
        raise
    if cache:
        reply_cache.save(cache, request_key, result.__dict__)
    return result


def _call(settings, messages, response_format, overrides, call_kwargs, stream_callback, name) -> StructuredResult:
    from app.llm.server import ANSWER_SLOT, SIDE_SLOT

    model = get_chat_model(settings, slot=ANSWER_SLOT if name == "answer" else SIDE_SLOT, **overrides)
    where = llm_label(settings)
    message = None
    try:
        for chunk in model.stream(list(messages), **call_kwargs):
            message = chunk if message is None else message + chunk
            text = chunk.content if isinstance(chunk.content, str) else ""
            if text and stream_callback is not None:
                stream_callback(text)
    except ModelError:
        raise
    except Exception as exc:
        if type(exc).__name__ == "LengthFinishReasonError":  # openai: cut off at max_tokens
            raw = message.content if message is not None and isinstance(message.content, str) else ""
            raise ModelOutputError(
                f"the LLM ({where}) reply was cut off at {overrides.get('max_tokens', settings.llm.max_tokens)} "
                f"tokens (llm.max_tokens) before its JSON was complete", raw=raw, finish_reason="length",
            ) from None
        # openai / httpx errors, surfaced as one line
        raise _as_model_error(exc, settings, where) from exc
    if message is None:
        raise ModelError(f"the LLM ({where}) returned nothing")
    raw = message.content if isinstance(message.content, str) else ""
    meta = message.response_metadata or {}
    finish = str(meta.get("finish_reason") or "")
    data = _parse(raw, response_format["json_schema"].get("schema") or {}, finish, where)
    logprobs = meta.get("logprobs") or {}
    tokens = logprobs.get("content") if isinstance(logprobs, dict) else None
    return StructuredResult(data=data, raw=raw, token_logprobs=list(tokens or []),
                            model=str(meta.get("model_name") or settings.llm.model), finish_reason=finish)


def _parse(raw: str, schema: dict, finish: str, where: str) -> dict:
    try:
        data = json.loads(raw)
    except ValueError:
        cut = " (cut off at llm.max_tokens)" if finish == "length" else ""
        raise ModelOutputError(f"the LLM ({where}) did not return valid JSON{cut}: {raw[:80]!r}",
                               raw=raw, finish_reason=finish) from None
    if not isinstance(data, dict):
        raise ModelOutputError(f"the LLM ({where}) returned JSON that is not an object", raw, finish)
    import jsonschema

    try:
        jsonschema.validate(data, schema)
    except jsonschema.ValidationError as exc:
        raise ModelOutputError(f"the LLM ({where}) returned JSON not matching the schema: {exc.message}",
                               raw=raw, finish_reason=finish) from None
    return data


def _as_model_error(exc: Exception, settings: Settings, where: str) -> ModelError:
    import httpx
    import openai

    url = settings.llm.base_url or "the embedded server"
    if isinstance(exc, (openai.APITimeoutError, httpx.TimeoutException)):
        return ModelError(f"the LLM ({where}) did not answer within {settings.llm.timeout:.0f} s (llm.timeout)")
    if isinstance(exc, (openai.APIConnectionError, httpx.TransportError)):
        return ModelError(f"cannot reach the LLM at {url} ({where}): {exc}; check llm.base_url "
                          "(CORROBORATE_LLM_BASE_URL) or run `corroborate doctor`")
    if isinstance(exc, openai.AuthenticationError):
        return ModelError(f"the LLM at {url} rejected the API key (llm.api_key / CORROBORATE_LLM_API_KEY)")
    if isinstance(exc, openai.NotFoundError):
        return ModelError(f"the LLM at {url} does not know model {settings.llm.model!r} (llm.model)")
    if isinstance(exc, openai.APIStatusError):
        detail = " ".join(str(getattr(exc, "message", exc)).split())[:200]
        return ModelError(f"the LLM at {url} refused the request (HTTP {exc.status_code}): {detail}")
    return ModelError(f"the LLM call failed ({where}): {type(exc).__name__}: {' '.join(str(exc).split())[:200]}")
