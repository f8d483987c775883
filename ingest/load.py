"""Load: find corpus files and read each one's text and metadata.

Supported: .txt, .md, .html/.htm (main text via trafilatura: no scripts, styles or navigation),
.pdf (pypdf, page numbers kept). The encoding is detected (charset-normalizer), never assumed.
Metadata comes from a sidecar ``<file name>.meta.toml`` beside the document; without one the
title is derived later, by ``clean``, from the text. Symlinks leading outside the corpus are not
followed. Problems raise ``LoadError`` with a short reason; the pipeline reports and skips.
"""
from __future__ import annotations

import hashlib
import logging
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ingest.types import DocumentMeta, RawDocument

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES
SIDECAR_SUFFIX = ".meta.toml"
META_FIELDS = ("title", "author", "publisher", "kind", "language", "date", "url", "description")


class LoadError(Exception):
    """A corpus file that cannot be ingested; the message is the reason."""


@dataclass
class Discovery:
    files: list[tuple[str, Path]] = field(default_factory=list)  # (doc_id, path), sorted
    errors: list[str] = field(default_factory=list)  # "<doc_id>: <reason>"
    skipped: list[str] = field(default_factory=list)  # unsupported files, noted but not errors


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_SUFFIX)


def discover(corpus_dir: Path) -> Discovery:
    root = Path(corpus_dir)
    if not root.is_dir():
        raise LoadError(f"corpus dir {root} does not exist or is not a directory")
    real_root = root.resolve()
    out = Discovery()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in list(dirnames):
            p = Path(dirpath) / name
            if p.is_symlink():
                rel = p.relative_to(root).as_posix()
                if not _inside(p, real_root):
                    out.errors.append(f"{rel}: symlink points outside the corpus dir; not followed")
        for name in sorted(filenames):
            if name.startswith(".") or name.endswith(SIDECAR_SUFFIX):
                continue
            p = Path(dirpath) / name
            rel = p.relative_to(root).as_posix()
            if p.is_symlink():
                if not p.exists():
                    out.errors.append(f"{rel}: broken symlink")
                    continue
                if not _inside(p, real_root):
                    out.errors.append(f"{rel}: symlink points outside the corpus dir; not followed")
                    continue
            if p.suffix.lower() not in SUPPORTED:
                out.skipped.append(f"{rel}: unsupported file type (supported: {', '.join(sorted(SUPPORTED))})")
                continue
            out.files.append((rel, p))
    out.files.sort()
    return out


def _inside(path: Path, real_root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(real_root)
    except OSError:
        return False


def fingerprint(path: Path) -> str:
    """sha256 of the file bytes and its sidecar: unchanged fingerprint = nothing to redo."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        side = sidecar_path(path)
        h.update(b"\0sidecar\0")
        if side.exists():
            h.update(side.read_bytes())
    except OSError as exc:
        raise LoadError(f"cannot read: {exc.strerror or exc}") from exc
    return h.hexdigest()


def read_meta(doc_id: str, path: Path) -> DocumentMeta:
    side = sidecar_path(path)
    values: dict[str, str] = {}
    if side.exists():
        try:
            data = tomllib.loads(side.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise LoadError(f"bad metadata sidecar {side.name}: {exc}") from exc
        values = {k: str(data[k]).strip() for k in META_FIELDS if k in data and data[k] is not None}
    values.setdefault("title", "")
    return DocumentMeta(doc_id=doc_id, source_path=str(path), **values)


def decode(data: bytes) -> tuple[str, str]:
    """Bytes -> (text, encoding). UTF-8 first (exact), then charset-normalizer's best guess."""
    if not data.strip():
        raise LoadError("empty file")
    if b"\0" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError("binary data, not text")
    try:
        text, enc = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise LoadError("cannot detect the text encoding (binary or undecodable)") from None
        enc = best.encoding
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            raise LoadError(f"undecodable as {enc}") from None
    sample = text[:200_000]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f" or 0x7F <= ord(c) < 0xA0)
    if controls > max(2, len(sample) // 100):
        raise LoadError("binary data, not text")
    return text, enc


def _html_text(html: str) -> str:
    import trafilatura

    text = trafilatura.extract(html, output_format="txt", include_comments=False, include_tables=True,
                               include_images=False, favor_recall=True, deduplicate=False)
    if not text:
        import lxml.html

        try:
            tree = lxml.html.fromstring(html)
        except Exception:  # noqa: BLE001
            raise LoadError("unparseable HTML") from None
        for bad in tree.xpath("//script|//style|//noscript|//nav|//header|//footer|//template"):
            bad.drop_tree()
        blocks = [b.text_content().strip() for b in tree.xpath("//p|//h1|//h2|//h3|//h4|//li|//blockquote|//pre")]
        text = "\n".join(b for b in blocks if b) or tree.text_content()
    # trafilatura puts one paragraph per line; ours are separated by blank lines.
    return "\n\n".join(line for line in text.splitlines() if line.strip())


def _html_title(html: str) -> str:
    try:
        import trafilatura

        meta = trafilatura.extract_metadata(html)
        return (meta.title or "").strip() if meta else ""
    except Exception:  # noqa: BLE001 - a title is a nicety
        return ""


def _pdf(path: Path) -> tuple[str, list[tuple[int, int]]]:
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        from pypdf import PdfReader

        reader = PdfReader(str(path), strict=False)
        parts: list[str] = []
        starts: list[tuple[int, int]] = []
        pos = 0
        for number, page in enumerate(reader.pages, start=1):
            text = (page.extract_text() or "").strip()
            if not text:
                continue
            if parts:
                parts.append("\n\n")
                pos += 2
            starts.append((pos, number))
            parts.append(text)
            pos += len(text)
    except LoadError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types on damaged files
        raise LoadError(f"corrupt or unreadable PDF ({type(exc).__name__}: {str(exc)[:120]})") from exc
    if not parts:
        raise LoadError("PDF has no extractable text (scanned, empty or corrupt)")
    return "".join(parts), starts


def load(doc_id: str, path: Path) -> RawDocument:
    meta = read_meta(doc_id, path)
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        try:
            head = path.read_bytes()[:1024]
        except OSError as exc:
            raise LoadError(f"cannot read: {exc.strerror or exc}") from exc
        if not head.strip():
            raise LoadError("empty file")
        if b"%PDF" not in head:
            raise LoadError("not a PDF (no %PDF header)")
        text, starts = _pdf(path)
        return RawDocument(meta=meta, text=text, encoding="pdf", page_starts=starts)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(f"cannot read: {exc.strerror or exc}") from exc
    text, enc = decode(data)
    if suffix in HTML_SUFFIXES:
        if not meta.title:
            meta.title = _html_title(text)
        text = _html_text(text)
        if not text.strip():
            raise LoadError("HTML has no main text")
    return RawDocument(meta=meta, text=text, encoding=enc)
