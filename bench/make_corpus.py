"""Generate a synthetic corpus of N documents of plain historical-style prose.

    python bench/make_corpus.py N OUT_DIR [--seed 7] [--paragraphs 10]

Each document is ``doc_NNNNNN.txt`` (a title line, then blank-line separated paragraphs) plus a
``.meta.toml`` sidecar, the same layout as ``corpus/``. The prose is built from templates and
random choices (names, places, dates, numbers), deterministic for a given seed, so the same N and
seed always give the same corpus. ``paragraphs(rng, n)`` is reused by ``bench/retrieval.py``.
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

FIRST = ["Ivan", "Li", "Kim", "Anna", "Georg", "Zhou", "Maria", "Pavel", "Chen", "Hans", "Sofia", "Park",
         "Tomas", "Elena", "Wang", "Otto", "Nadia", "Jan", "Yuri", "Liu", "Karl", "Irina", "Andrei", "Mei"]
LAST = ["Petrov", "Zhang", "Novak", "Schmidt", "Sokolov", "Huang", "Kowalski", "Weber", "Orlov", "Choi",
        "Fischer", "Volkov", "Tanaka", "Horvat", "Lebedev", "Ma", "Bauer", "Kozlov", "Yoon", "Richter"]
ROLES = ["ambassador", "general", "foreign minister", "party secretary", "consul", "military attache",
         "trade commissioner", "chief of staff", "envoy", "deputy premier", "intelligence officer"]
PLACES = ["Shenyang", "Pyongyang", "Moscow", "Beiping", "Harbin", "Vladivostok", "Dalian", "Seoul",
          "Warsaw", "Prague", "Berlin", "Budapest", "Tianjin", "Kaesong", "Sofia", "Bucharest"]
ORGS = ["the Politburo", "the Central Committee", "the foreign ministry", "the general staff",
        "the trade delegation", "the embassy", "the provincial committee", "the army command"]
THINGS = ["rifles", "tonnes of grain", "artillery pieces", "trucks", "railway wagons", "advisers",
          "tonnes of coal", "soldiers", "machine guns", "tonnes of steel", "aircraft", "refugees"]
TOPICS = ["the border question", "the supply of arms", "the trade agreement", "the railway concession",
          "the return of prisoners", "the harbour lease", "the armistice talks", "the famine relief"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
VERBS = ["reported", "wrote", "claimed", "insisted", "recalled", "telegraphed", "warned", "noted"]
ADJ = ["cautious", "eager", "reluctant", "hostile", "conciliatory", "divided", "uncertain", "confident"]

SENTENCES = [
    "In {month} {year}, {person}, the {role} in {place}, {verb} that {num} {thing} were ready to be sent.",
    "According to a cable from {place}, {org} was {adj} about {topic}.",
    "{person} met {person2} in {place} on {day} {month} {year} to discuss {topic}.",
    "The records show that {num} {thing} arrived in {place} before the end of {year}.",
    "{person2} later {verb} that the figure was closer to {num2}, not {num}.",
    "Historians still disagree about whether {org} approved the plan in {year} or only in {year2}.",
    "A report shared with {org} described the mood in {place} as {adj}.",
    "On {day} {month}, {person} {verb} to {place}: \"We cannot promise more than {num} {thing}.\"",
    "The {role}'s account differs from the one kept by {org} in {place}.",
    "By {month} {year2} the negotiations over {topic} had stalled, and {person2} returned to {place}.",
    "Some {num} {thing} were counted at the station in {place}, a figure {person} {verb} to {org}.",
    "Neither side published the minutes, but {person} {verb} years later that the meeting was {adj}.",
]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def sentence(rng: random.Random) -> str:
    year = rng.randint(1905, 1985)
    return rng.choice(SENTENCES).format(
        month=rng.choice(MONTHS), year=year, year2=year + rng.randint(1, 4), day=rng.randint(1, 28),
        person=_person(rng), person2=_person(rng), role=rng.choice(ROLES), place=rng.choice(PLACES),
        verb=rng.choice(VERBS), num=f"{rng.randint(2, 40) * 500:,}", num2=f"{rng.randint(2, 40) * 500:,}",
        thing=rng.choice(THINGS), org=rng.choice(ORGS), adj=rng.choice(ADJ), topic=rng.choice(TOPICS),
    )


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))


def paragraphs(rng: random.Random, n: int) -> list[str]:
    return [paragraph(rng) for _ in range(n)]


def document(rng: random.Random, i: int, n_paragraphs: int) -> tuple[dict, str]:
    topic = rng.choice(TOPICS)
    place = rng.choice(PLACES)
    year = rng.randint(1905, 1985)
    title = f"{place} and {topic}, {year} (document {i})"
    author = _person(rng)
    meta = {
        "title": title,
        "author": author,
        "publisher": "Synthetic Archive",
        "kind": "report",
        "language": "en",
        "description": f"{author} is a historian of {place} in the twentieth century.",
    }
    body = paragraphs(rng, max(1, n_paragraphs + rng.randint(-2, 2)))
    return meta, title + "\n\n" + "\n\n".join(body) + "\n"


def _toml(meta: dict) -> str:
    def q(v: str) -> str:
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'

    return "".join(f"{k} = {q(v)}\n" for k, v in meta.items())


def write_corpus(n: int, out_dir: Path, seed: int = 7, n_paragraphs: int = 10) -> int:
    """Write N documents into out_dir; returns the number of paragraphs written."""
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n):
        meta, text = document(rng, i, n_paragraphs)
        name = f"doc_{i:06d}.txt"
        (out_dir / name).write_text(text, encoding="utf-8")
        (out_dir / f"{name}.meta.toml").write_text(_toml(meta), encoding="utf-8")
        total += text.count("\n\n")
    return total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of documents")
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--paragraphs", type=int, default=10, help="mean paragraphs per document")
    args = ap.parse_args(argv)
    if args.n < 1:
        print("error: N must be at least 1", file=sys.stderr)
        return 2
    total = write_corpus(args.n, args.out_dir, args.seed, args.paragraphs)
    print(f"wrote {args.n} documents ({total} paragraphs) to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
