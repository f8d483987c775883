"""The one OpenAI-compatible client path, pointed by settings alone at a separately started server."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
import jsonschema
import pytest

from app.llm import server as llm_server
from app.llm.client import ModelOutputError, get_chat_model, llm_label, structured_call
from app.llm.server import free_port
from app.llm.model_files import DEFAULT_MODEL
from core.errors import ModelError
from core.settings import load_settings

ROOT = Path(__file__).resolve().parents[3]
GGUF = ROOT / ".corroborate" / "models" / DEFAULT_MODEL.filename
ALIAS = "hand-started-llama"

SCHEMA = {
    "type": "object",
    "properties": {
        "evidence": {"type": "array", "items": {"type": "string", "enum": ["1.1", "1.2", "2.1"]}, "maxItems": 2},
        "year": {"type": "integer"},
        "answer": {"type": "string", "maxLength": 200},
    },
    "required": ["evidence", "year", "answer"],
    "additionalProperties": False,
}
MESSAGES = [
    {"role": "system", "content": "Answer from the numbered sentences only. Reply in JSON."},
    {"role": "user", "content": "[1.1] The treaty was signed in 1648 at Münster.\n[1.2] It ended the war.\n"
                                "[2.1] Rain fell in spring.\n\nQuestion: In which year was the treaty signed?"},
]


@pytest.fixture(scope="module")
def other_server(tmp_path_factory):
    """A second OpenAI-compatible server, started by hand on its own port (not by the app)."""
    port = free_port()
    log = tmp_path_factory.mktemp("other-llm") / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "app.llm.server", "--gguf", str(GGUF), "--port", str(port),
             "--ctx", "2048", "--alias", ALIAS],
            stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text(errors="replace")[-500:]
        try:
            if httpx.get(url + "/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    yield f"{url}/v1"
    proc.terminate()
    proc.wait(timeout=10)


def remote_settings(tmp: Path, base_url: str, **llm):
    return load_settings(corpus_dir=tmp / "corpus", data_dir=tmp / "data",
                         llm={"base_url": base_url, "model": ALIAS, "api_key": "unused", **llm})


@pytest.mark.llm
def test_structured_call_via_settings_only(tmp_path, other_server):
    live_before = set(llm_server._LIVE)
    settings = remote_settings(tmp_path, other_server)
    assert get_chat_model(settings).openai_api_base == other_server

    streamed: list[str] = []
    result = structured_call(settings, MESSAGES, SCHEMA, logprobs_top=5, stream_callback=streamed.append)

    jsonschema.validate(result.data, SCHEMA)
    assert result.data["year"] == 1648
    assert result.model == ALIAS  # the reply came from the hand-started server
    assert "".join(streamed) == result.raw and len(streamed) > 3  # streamed token by token
    assert result.token_logprobs, "llama.cpp returns logprobs through LangChain"
    # The server may strip tokens from the content (a ```json fence, end of turn): match by text.
    assert result.raw in "".join(t["token"] for t in result.token_logprobs)
    assert all(len(t["top_logprobs"]) == 5 for t in result.token_logprobs)
    assert set(llm_server._LIVE) == live_before  # no embedded server was started
    assert not (tmp_path / "data" / "logs").exists()
    assert llm_label(settings) == f"{ALIAS} via 127.0.0.1:{other_server.split(':')[2].split('/')[0]}"


@pytest.mark.llm
def test_reply_cut_off_at_max_tokens_is_a_clear_error(tmp_path, other_server):
    settings = remote_settings(tmp_path, other_server, max_tokens=16)
    with pytest.raises(ModelOutputError) as err:
        structured_call(settings, MESSAGES, {"type": "object", "properties": {"essay": {"type": "string"}},
                                             "required": ["essay"]})
    assert "cut off at 16 tokens (llm.max_tokens)" in str(err.value)
    assert err.value.raw.startswith("{")


def test_unreachable_backend_is_one_line(tmp_path):
    settings = remote_settings(tmp_path, f"http://127.0.0.1:{free_port()}/v1")
    with pytest.raises(ModelError) as err:
        structured_call(settings, MESSAGES, SCHEMA)
    message = str(err.value)
    assert message.startswith("cannot reach the LLM at http://127.0.0.1:") and "CORROBORATE_LLM_BASE_URL" in message
    assert "\n" not in message


def test_llm_label_never_shows_credentials(tmp_path):
    s = load_settings(data_dir=tmp_path, llm={"base_url": "https://user:secret@api.example.com/v1", "model": "gpt-x"})
    assert llm_label(s) == "gpt-x via api.example.com"
    assert llm_label(load_settings(data_dir=tmp_path)) == "Qwen2.5-Coder-1.5B-Instruct Q4_K_M (embedded llama.cpp)"
    assert llm_label(load_settings(data_dir=tmp_path, llm={"gguf": "/m/other.gguf"})) == \
        "other.gguf (embedded llama.cpp)"


@pytest.mark.llm
def test_reply_cache_answers_a_repeated_request_without_the_model(tmp_path, other_server):
    cache = tmp_path / "replies"
    fenced = [MESSAGES[0], {"role": "user", "content": "<<<SOURCES 0a1b2c3d>>>\n" + MESSAGES[1]["content"]}]
    first = structured_call(remote_settings(tmp_path, other_server, reply_cache=str(cache)), fenced, SCHEMA)
    assert first.data["year"] == 1648 and len(list(cache.glob("*.json"))) == 1

    # the same request with another fence code, to a backend that is not there: answered from the folder
    dead = remote_settings(tmp_path, f"http://127.0.0.1:{free_port()}/v1", reply_cache=str(cache))
    again = [fenced[0], {"role": "user", "content": fenced[1]["content"].replace("0a1b2c3d", "99ffee00")}]
    streamed: list[str] = []
    second = structured_call(dead, again, SCHEMA, stream_callback=streamed.append)
    assert second.data == first.data and "".join(streamed) == first.raw
    with pytest.raises(ModelError):  # another question is not in the folder: it goes to the (absent) model
        structured_call(dead, [fenced[0], {"role": "user", "content": "In which year did it rain?"}], SCHEMA)
