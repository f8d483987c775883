"""Load and validate an eval file: JSONL, one question per line.

    {"id": "q01", "question": "...", "history": ["earlier user question"],      # history optional
     "expect": "answer" | "refuse" | "conflict",
     "must_include": [["16,000", "16000"], ["Lin Biao"]],   # every group: one alternative in the answer
     "evidence": ["verbatim substring of the cleaned corpus"],
     "reference_answer": "optional free text",
     "split": "tune" | "report",     # optional, default "report"
     "ci": true}                     # optional, default false: part of the fast CI subset

Every bad line is reported with its line number and the reason, all at once.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from core.errors import InputError

Expect = Literal["answer", "refuse", "conflict"]
Split = Literal["tune", "report"]


class EvalItem(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    question: str = Field(min_length=1)
    history: list[str] = Field(default_factory=list)
    expect: Expect
    must_include: list[list[str]] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list)
    reference_answer: str | None = None
    split: Split = "report"
    ci: bool = False

    @field_validator("id", "question")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value

    @field_validator("must_include")
    @classmethod
    def _groups(cls, groups: list[list[str]]) -> list[list[str]]:
        for i, group in enumerate(groups, start=1):
            if not group:
                raise ValueError(f"group {i} is empty; give at least one alternative")
            if any(not alt.strip() for alt in group):
                raise ValueError(f"group {i} has a blank alternative")
        return groups

    @field_validator("evidence", "history")
    @classmethod
    def _no_blank_strings(cls, values: list[str]) -> list[str]:
        if any(not v.strip() for v in values):
            raise ValueError("has a blank string")
        return values

    @model_validator(mode="after")
    def _consistent(self) -> "EvalItem":
        if self.expect in ("answer", "conflict") and not self.must_include:
            raise ValueError(f'expect "{self.expect}" needs at least one must_include group')
        if self.expect == "refuse" and self.must_include:
            raise ValueError('expect "refuse" takes no must_include (a refusal has nothing to include)')
        return self


def _reason(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()))
        msg = err.get("msg", "invalid").removeprefix("Value error, ")
        if err.get("type") == "extra_forbidden":
            msg = "unknown field (allowed: " + ", ".join(EvalItem.model_fields) + ")"
        elif err.get("type") == "literal_error":
            msg = f"must be one of {err.get('ctx', {}).get('expected')}; got {err.get('input')!r}"
        parts.append(f"{where}: {msg}" if where else msg)
    return "; ".join(parts)


def parse_lines(lines: list[str], source: str = "<eval file>") -> list[EvalItem]:
    """Parse JSONL lines; raise one InputError listing every bad line (line number and reason)."""
    items: list[EvalItem] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"line {lineno}: not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(data, dict):
            errors.append(f"line {lineno}: expected a JSON object, got {type(data).__name__}")
            continue
        try:
            item = EvalItem.model_validate(data)
        except ValidationError as exc:
            errors.append(f"line {lineno}: {_reason(exc)}")
            continue
        if item.id in seen:
            errors.append(f"line {lineno}: duplicate id {item.id!r} (first on line {seen[item.id]})")
            continue
        seen[item.id] = lineno
        items.append(item)
    if errors:
        head = f"{source}: {len(errors)} bad line{'s' if len(errors) > 1 else ''}"
        raise InputError(head + "\n  " + "\n  ".join(errors))
    if not items:
        raise InputError(f"{source}: no questions found")
    return items


def load_dataset(path: str | Path) -> list[EvalItem]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: eval file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read eval file ({exc})") from None
    return parse_lines(text.splitlines(), source=str(path))


def select(
    items: list[EvalItem],
    *,
    split: str | None = None,
    ids: list[str] | None = None,
    ci: bool = False,
    limit: int | None = None,
) -> list[EvalItem]:
    """Filter by split, ids (kept in file order; unknown ids are an error), the CI subset, then limit."""
    if ids:
        known = {item.id for item in items}
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise InputError(f"--ids: unknown id(s): {', '.join(unknown)}")
        wanted = set(ids)
        items = [item for item in items if item.id in wanted]
    if split:
        items = [item for item in items if item.split == split]
    if ci:
        items = [item for item in items if item.ci]
    if limit is not None:
        items = items[:limit]
    if not items:
        raise InputError("no questions left after --split/--ids/--ci/--limit")
    return items
