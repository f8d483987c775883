"""Progress reporting for ingest: a rich progress bar, a caller's callback, or nothing."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Reporter = Callable[[float, str], None]
REPORT_GAP = 0.2  # at most this often for reading documents (embedding steps always report)


def _silent(fraction: float, message: str) -> None:
    return None


@contextmanager
def make_reporter(progress) -> Iterator[Reporter]:
    """``progress``: True = rich bar on stderr; a callable ``(fraction, message)``; False/None = silent."""
    if callable(progress):
        def call(fraction: float, message: str) -> None:
            progress(max(0.0, min(1.0, fraction)), message)

        yield call
        return
    if not progress:
        yield _silent
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn
    from rich.table import Column

    # The message carries the counts and times ("120/~260 chunks embedded · 0:05 elapsed · 0:06 left"), the
    # same words the chat's Re-ingest shows; on a narrow terminal the bar gives way, then the message's end.
    console = Console(stderr=True)
    bar = Progress(TextColumn("ingest"), BarColumn(bar_width=None, table_column=Column(ratio=1, min_width=10)),
                   TaskProgressColumn(), TextColumn("{task.description}", table_column=Column(no_wrap=True)),
                   console=console, transient=False, expand=True)
    task = bar.add_task("", total=1000)
    with bar:
        def update(fraction: float, message: str) -> None:
            bar.update(task, completed=int(1000 * max(0.0, min(1.0, fraction))), description=message[:120])

        yield update


class ProgressCounts:
    """The ingest run's progress message from its counts: chunks embedded of those known, documents read,
    elapsed and remaining time. The run sets the fields; ``report`` is its Reporter."""

    report: Reporter
    done = total = 0.0
    started = last_report = embed_started = 0.0
    embedded = chunks_known = docs_total = docs_read = bytes_unread = bytes_read = 0

    def _advance(self, amount: float) -> None:
        self.done += amount
        self._report()

    def _report(self, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self.last_report >= REPORT_GAP:
            self.last_report = now
            self.report(self.done / self.total, self.status(now))

    def status(self, now: float) -> str:
        """"120/~260 chunks embedded · 3/6 documents read · 0:05 elapsed · 0:06 left": the count of chunks
        to embed is exact once every document is read, estimated from the bytes read (~) before."""
        known, total = self.chunks_known, None
        if self.bytes_unread <= 0:
            total = known
        elif self.bytes_read:
            total = known + round(self.bytes_unread * known / self.bytes_read)
        exact = "" if self.bytes_unread <= 0 else "~"
        parts = [f"{self.embedded:,}/{exact}{total:,} chunks embedded" if total is not None else
                 f"{self.embedded:,} chunks embedded"]
        if self.docs_read < self.docs_total:
            parts.append(f"{self.docs_read:,}/{self.docs_total:,} documents read")
        parts.append(f"{clock(now - self.started)} elapsed")
        if self.embedded and total is not None:  # at the pace of embedding so far (reading included)
            pace = (now - self.embed_started) / self.embedded
            parts.append(f"{clock(max(0, total - self.embedded) * pace)} left")
        return " · ".join(parts)


def clock(seconds: float) -> str:
    """0:05, 12:34, 1:02:03."""
    m, s = divmod(int(round(seconds)), 60)
    return f"{m // 60}:{m % 60:02d}:{s:02d}" if m >= 60 else f"{m}:{s:02d}"


def while_reporting(work: Callable[[], object], tick: Callable[[], None], every: float = 0.5) -> None:
    """Run ``work`` in a helper thread, calling ``tick`` every ``every`` seconds until it ends; an error it
    raised (one clear line, from the loader) is raised again here."""
    failed: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread, below
            failed.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(every)
        tick()
    if failed:
        raise failed[0]
