"""One preview per outputs folder: a lock file in it, held while the server runs.

Two previews on one outputs folder would rerun the data stages over each other's files. The lock
is the operating system's (fcntl.flock), so it is released when the process ends, however it
ends; the file itself says which process and address hold it, for the message to the second one.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import UnreadableInputsError

LOCK_NAME = ".forhandsvisning.lock"


class OutputsLock:
    def __init__(self, outputs_root: Path) -> None:
        self.path = outputs_root / LOCK_NAME
        self._handle = None

    def acquire(self) -> None:
        """Take the lock, or raise a Swedish message naming the preview that holds it (exit 2)."""
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held until release()
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "en annan process"
            handle.close()
            raise UnreadableInputsError(
                f"En förhandsvisning körs redan för utdatamappen {self.path.parent} ({holder}). "
                "Öppna den adressen, avsluta den förhandsvisningen med Ctrl-C, eller välj en "
                "annan mapp med --outputs."
            ) from None
        self._handle = handle
        self.note("startar")

    def note(self, text: str) -> None:
        """Say in the lock file who holds it (process id and address)."""
        self._handle.seek(0)
        self._handle.truncate()
        self._handle.write(f"process {os.getpid()}, {text}\n")
        self._handle.flush()

    def release(self) -> None:
        if self._handle is not None:
            self.path.unlink(missing_ok=True)
            self._handle.close()
            self._handle = None
