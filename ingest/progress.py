"""Progress reporting for ingest: a rich progress bar, a caller's callback, or nothing."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

Reporter = Callable[[float, str], None]


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
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    bar = Progress(TextColumn("ingest"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn(),
                   TextColumn("{task.description}", style="dim"), console=console, transient=False)
    task = bar.add_task("", total=1000)
    with bar:
        def update(fraction: float, message: str) -> None:
            bar.update(task, completed=int(1000 * max(0.0, min(1.0, fraction))), description=message[:60])

        yield update
