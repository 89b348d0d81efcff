"""The progress bar of the import commands: on a terminal only, on stderr, gone when the import ends.

Off a terminal (a pipe, a log file, a test) nothing is drawn and ``say`` is a plain write, so the output
stays the contract's lines (``line N: reason`` on stderr, the summary on stdout).
"""
from __future__ import annotations

from typing import IO, Callable

from rich.console import Console
from rich.progress import (BarColumn, DownloadColumn, MofNCompleteColumn, Progress, TextColumn,
                           TimeRemainingColumn)


class ImportProgress:
    """``with ImportProgress(write, terminal, total) as bar: bar.advance(n); bar.say(text)``.

    ``write`` prints a line where the command prints errors (``self.stderr.write``); ``terminal`` is the
    stream to draw on, or None when it is not a terminal. ``in_bytes`` shows the size read (a file of
    lines) rather than "n / total" (files, rows).
    """

    def __init__(self, write: Callable[[str], None], terminal: IO | None, total: int | None = None, *,
                 in_bytes: bool = False, label: str = "Đang nhập"):
        self.write = write
        self.total = total
        self._progress = None
        if terminal is not None:
            amount = DownloadColumn() if in_bytes else MofNCompleteColumn()
            self._progress = Progress(TextColumn(label), BarColumn(), amount, TimeRemainingColumn(),
                                      TextColumn("{task.description}"), console=Console(file=terminal),
                                      transient=True)

    def __enter__(self) -> "ImportProgress":
        if self._progress is not None:
            self._progress.start()
            self._task = self._progress.add_task("", total=self.total)
        return self

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.stop()

    def advance(self, n: int = 1, description: str | None = None) -> None:
        if self._progress is not None:
            self._progress.update(self._task, advance=n,
                                  **({"description": description} if description is not None else {}))

    def say(self, text: str) -> None:
        """A line above the bar (an error, a file imported)."""
        if self._progress is not None:
            self._progress.console.print(text, markup=False, highlight=False, soft_wrap=True)
        else:
            self.write(text)

