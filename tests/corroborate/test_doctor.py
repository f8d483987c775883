"""`corroborate doctor`: one line per check, ok or FAIL with a reason, exit 1 if any fails."""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

from corroborate.commands.doctor import run_checks
from core.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
SHARED_MODEL_CACHE = ROOT / ".corroborate" / "models"
NAMES = ["python", "offline", "torch", "embedding", "model", "llm engine", "data dir", "corpus", "store"]


def doctor(settings) -> tuple[int, dict[str, str]]:
    out = io.StringIO()
    code = run_checks(settings, out=out)
    lines = out.getvalue().splitlines()
    assert [ln.split(":", 1)[0].split(None, 1)[1] for ln in lines] == NAMES, lines  # one line per check
    for ln in lines:
        assert ln.startswith(("ok   ", "FAIL ")), ln
    return code, {ln.split(":", 1)[0].split(None, 1)[1]: ln for ln in lines}


def fresh_settings(tmp: Path, **overrides):
    shutil.copytree(ROOT / "corpus", tmp / "corpus")
    return load_settings(corpus_dir=tmp / "corpus", data_dir=tmp / "data", model_cache_dir=SHARED_MODEL_CACHE,
                         **overrides)


def test_all_ok_on_an_ingested_corpus(seed_settings):
    code, lines = doctor(seed_settings)
    assert code == 0, "\n".join(lines.values())
    assert all(ln.startswith("ok   ") for ln in lines.values())
    assert "384-d embedding" in lines["embedding"]
    assert "SHA-256 verified cc324af070c2" in lines["model"]
    assert "xllamacpp" in lines["llm engine"]
    chunks = int(lines["store"].split("store: ", 1)[1].split()[0])
    assert chunks > 0


def test_before_ingest_the_store_fails_with_the_fix(tmp_path):
    code, lines = doctor(fresh_settings(tmp_path))
    assert code == 1
    assert lines["store"].startswith("FAIL store: no store yet at") and "run `corroborate ingest`" in lines["store"]
    assert lines["corpus"].startswith("ok   corpus: 1 document in")
    assert lines["data dir"].startswith("ok   ")


def test_bad_settings_fail_naming_the_setting(tmp_path):
    settings = load_settings(corpus_dir=tmp_path / "missing-corpus", data_dir=tmp_path / "data",
                             llm={"gguf": str(tmp_path / "missing.gguf")})
    code, lines = doctor(settings)
    assert code == 1
    assert lines["model"].startswith("FAIL model:") and "CORROBORATE_LLM_GGUF" in lines["model"]
    assert lines["corpus"].startswith("FAIL corpus:") and "does not exist" in lines["corpus"]


def test_unreachable_remote_backend_fails(tmp_path):
    from app.llm.server import free_port

    url = f"http://127.0.0.1:{free_port()}/v1"
    code, lines = doctor(fresh_settings(tmp_path, llm={"base_url": url}))
    assert code == 1
    assert lines["model"].startswith("ok   model: not needed")
    assert lines["llm engine"].startswith(f"FAIL llm engine: cannot reach llm.base_url {url}")


def test_prepare_model_from_the_command_line(tmp_path):
    env = {**os.environ, "CORROBORATE_MODEL_CACHE_DIR": str(SHARED_MODEL_CACHE),
           "CORROBORATE_DATA_DIR": str(tmp_path / "data"), "CORROBORATE_CONFIG": str(tmp_path / "none.toml")}
    proc = subprocess.run([sys.executable, "-m", "corroborate.cli", "doctor", "--prepare-model"],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("ok   model: ") and "SHA-256 verified" in lines[0]
    assert lines[1].startswith("ok   llm engine: xllamacpp")


def _doctor_cli(cwd: Path, home: Path, tmp: Path) -> tuple[subprocess.CompletedProcess, str]:
    """The installed `corroborate doctor`, run from ``cwd`` with the default model folder (no model setting)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CORROBORATE_")}
    env.update({"XDG_DATA_HOME": str(home), "CORROBORATE_CONFIG": str(tmp / "none.toml"),
                "CORROBORATE_DATA_DIR": str(tmp / "data"), "CORROBORATE_CORPUS_DIR": str(tmp / "corpus")})
    cli = Path(sys.executable).with_name("corroborate")
    proc = subprocess.run([str(cli) if cli.exists() else sys.executable, *([] if cli.exists() else
                          ["-m", "corroborate.cli"]), "doctor"], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=300)
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    line = next(ln for ln in proc.stdout.splitlines() if ln.split(":", 1)[0].split(None, 1)[-1] == "model")
    return proc, line


def _placed_model(folder: Path) -> Path:
    """A stand-in for the assembled GGUF with a valid-looking stamp: doctor trusts the stamp (no 1 GB hashing)."""
    from app.llm import model_files as mf

    folder.mkdir(parents=True)
    gguf = folder / mf.DEFAULT_MODEL.filename
    gguf.write_bytes(b"GGUF" + b"\0" * 4092)
    mf.write_stamp(gguf, mf.DEFAULT_MODEL.sha256)
    return gguf


def test_doctor_finds_the_one_model_copy_from_any_folder(tmp_path):
    home = tmp_path / "xdg"
    gguf = _placed_model(home / "corroborate" / "models")
    for name in ("somewhere", "else/deeper"):
        cwd = tmp_path / name
        cwd.mkdir(parents=True)
        _, line = _doctor_cli(cwd, home, tmp_path)
        assert line.startswith(f"ok   model: {gguf} ") and "SHA-256 verified cc324af070c2" in line, line
        assert not (cwd / ".corroborate").exists(), "a model folder was made in the current folder"


def test_an_old_copy_in_the_current_folder_is_reused_not_assembled_again(tmp_path):
    home, old_cwd = tmp_path / "xdg", tmp_path / "old-project"
    old = _placed_model(old_cwd / ".corroborate" / "models")  # the default of earlier versions
    _, line = _doctor_cli(old_cwd, home, tmp_path)
    new = home / "corroborate" / "models" / old.name
    assert line.startswith(f"ok   model: {new} ") and "SHA-256 verified" in line, line
    assert new.stat().st_ino == old.stat().st_ino, "a second copy was made instead of reusing the old one"
    (tmp_path / "elsewhere").mkdir()
    _, line = _doctor_cli(tmp_path / "elsewhere", home, tmp_path)  # and from then on, from any folder
    assert line.startswith(f"ok   model: {new} "), line
