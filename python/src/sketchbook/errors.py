"""The errors `sketchbook` raises."""

from __future__ import annotations

from collections.abc import Sequence


class SketchbookError(Exception):
    """The native profiler failed; `message` is what it printed on stderr.

    Attributes:
        message: the profiler's error line(s), without the `profile: error: ` prefix.
        exit_status: the process's exit status (2 for a usage or input error), or the negated
            signal number if it was killed.
        command: the command line that was run.
    """

    def __init__(self, message: str, exit_status: int, command: Sequence[str]) -> None:
        super().__init__(message)
        self.message = message
        self.exit_status = exit_status
        self.command = list(command)


class ProfileBinaryNotFound(SketchbookError):
    """No `profile` binary was found to run."""

    def __init__(self, message: str) -> None:
        super().__init__(message, exit_status=-1, command=[])
