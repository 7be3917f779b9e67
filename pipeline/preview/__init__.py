"""The live preview: `python -m pipeline preview` (and `make preview`).

Brings the hand-overs up to date once (the data stages, as `pipeline run` runs them), then serves
the HTML edition on 127.0.0.1 and watches the inputs folder and the templates. A saved chapter is
rendered again from the figures held in memory and every open tab reloads by itself (server-sent
events); a saved workbook, register, payments or meetings file, or programme.toml, reruns the data
stages first. A mistake is shown over the page and printed once in the terminal; the server keeps
running and the next good save removes it. Ctrl-C stops it. It never writes into the inputs folder.

    edition.py   the page and its files in memory, and what each kind of save reruns
    overlay.py   the reload script and the error message over the page
    server.py    loopback-only HTTP: the edition's own files, and the reload events
    watch.py     watchfiles, and which saved file is which kind
    lock.py      one preview per outputs folder
"""

from __future__ import annotations

import errno
import signal
import threading
from collections.abc import Callable
from pathlib import Path

from ..errors import UnreadableInputsError
from ..paths import TEMPLATES_DIR, InputPaths, OutputPaths
from .edition import DATA_STAGES, Edition, Problem
from .lock import OutputsLock
from .server import PreviewServer
from .watch import watch_inputs

DEFAULT_PORT = 8787  # a fixed address the analyst can keep open; another free port when taken


def start_server(edition: Edition, port: int | None) -> PreviewServer:
    """The server on `port`, or on DEFAULT_PORT or any free port when none is named."""
    try:
        return PreviewServer(edition, DEFAULT_PORT if port is None else port)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        if port is None:
            return PreviewServer(edition, 0)
        raise UnreadableInputsError(
            f"Porten {port} är upptagen av ett annat program. Välj en annan med --port, "
            "eller utelämna --port så väljs en ledig."
        ) from None


class Terminal:
    """What the preview tells the terminal: each save, and each mistake once (until it changes)."""

    def __init__(self, echo: Callable[[str], None], inputs_root: Path) -> None:
        self.echo, self.inputs_root = echo, inputs_root
        self.shown: str | None = None

    def after(self, what: str, seconds: float, problem: Problem | None) -> None:
        if problem is None:
            fixed = " (felet är rättat)" if self.shown else ""
            self.echo(f"{what}: sidan uppdaterad på {seconds:.2f} s{fixed}")
            self.shown = None
        elif problem.message != self.shown:
            self.echo(f"Fel: {problem.message}")
            self.shown = problem.message

    def changed(self, kind: str, paths: list[Path]) -> str:
        names = []
        for path in paths[:3]:
            try:
                names.append(path.resolve().relative_to(self.inputs_root.resolve()).as_posix())
            except ValueError:
                names.append(path.name)
        more = f" och {len(paths) - 3} till" if len(paths) > 3 else ""
        return ", ".join(names) + more


def _stop_on_signals() -> Callable[[], None]:
    """Ctrl-C and `kill` stop the preview once, cleanly (lock released, port closed): the first
    signal ends serving, a second (make passes Ctrl-C on as well) does not cut the clean-up short.
    Returns how to put the previous handlers back. Only the main thread may set handlers (tests
    run the server in a thread)."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    received = []

    def interrupt(signum, frame) -> None:
        if not received:
            received.append(signum)
            raise KeyboardInterrupt

    previous = {signum: signal.signal(signum, interrupt) for signum in (signal.SIGINT, signal.SIGTERM)}
    return lambda: [signal.signal(signum, handler) for signum, handler in previous.items()]


def serve(
    inputs: InputPaths,
    outputs: OutputPaths,
    *,
    port: int | None = None,
    open_browser: bool = False,
    build: bool = True,
    echo: Callable[[str], None] = print,
    templates_dir: Path = TEMPLATES_DIR,
) -> None:
    """Run the preview until Ctrl-C. A second preview on the same outputs folder, or a named port
    that is taken, is refused with UnreadableInputsError (exit 2) before anything is written."""
    lock = OutputsLock(outputs.root)
    lock.acquire()
    stop = threading.Event()
    server = None
    restore = _stop_on_signals()
    try:
        edition = Edition(inputs, outputs, templates_dir)
        terminal = Terminal(echo, inputs.root)
        if build:
            echo(f"Bygger underlaget: {' → '.join(DATA_STAGES)} …")
        seconds = edition.update("data" if build else "text")
        terminal.after("Rapporten", seconds, edition.problem)
        server = start_server(edition, port)
        lock.note(server.url)

        def on_change(kind: str, paths: list[Path]) -> None:
            if kind == "data":
                echo(f"{terminal.changed(kind, paths)} ändrad: kör om {', '.join(DATA_STAGES)} …")
            seconds = edition.update(kind)
            terminal.after(terminal.changed(kind, paths), seconds, edition.problem)

        watcher = threading.Thread(
            target=watch_inputs, args=(inputs.root, templates_dir, on_change, stop), name="watch", daemon=True
        )
        watcher.start()
        echo(f"Förhandsvisningen: {server.url}  (Ctrl-C avslutar)")
        echo("Spara ett kapitel i text/ så visas det nya i webbläsaren. PDF:en byggs med make report.")
        if open_browser:
            import webbrowser

            webbrowser.open(server.url)
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:  # Ctrl-C or kill, also while the data stages are being built
        pass
    finally:
        stop.set()
        if server is not None:
            server.stopping.set()
            with server.edition.changed:
                server.edition.changed.notify_all()
            server.server_close()
        lock.release()
        restore()
    echo("Förhandsvisningen avslutad.")
