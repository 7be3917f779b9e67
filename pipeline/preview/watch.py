"""Which saved file is which: the watcher (watchfiles) and the classes of change it reports.

watchfiles (Rust's notify underneath) reports file events without a polling loop of our own, and
groups an editor's save (a temporary file written, then renamed over the original) into one batch.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from ..paths import TEXT_DIRNAME

# Batches: yielded once nothing more happened for STEP_MS (a save is one batch), at the latest
# after DEBOUNCE_MS (a copy of many workbooks is a few batches, not hundreds).
STEP_MS = 30
DEBOUNCE_MS = 800
ORDER = ("data", "templates", "text")  # a batch with a workbook and a chapter reruns the data stages


def classify(path: Path, inputs_root: Path, templates_dir: Path) -> str | None:
    """'text' (a chapter), 'templates', 'data' (any other input, programme.toml included), or None
    for what no stage reads: hidden files, Office lock files, an editor's backups."""
    name = path.name
    if name.startswith((".", "~$", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp")) or name == "4913":
        return None  # 4913: the file vim writes to test that a folder is writable
    for root, kind in ((templates_dir, "templates"), (inputs_root, None)):
        try:
            rel = PurePosixPath(path.relative_to(root).as_posix())
        except ValueError:
            continue
        if any(part.startswith(".") for part in rel.parts):
            return None
        if kind:
            return kind
        if len(rel.parts) == 2 and rel.parts[0] == TEXT_DIRNAME:
            return "text" if rel.suffix.lower() == ".md" else None
        if rel.parts[0] == TEXT_DIRNAME:
            return None
        return "data"
    return None


def batch_kind(paths: list[Path], inputs_root: Path, templates_dir: Path) -> str | None:
    """The one update a batch of changed paths needs (the widest), or None."""
    kinds = {classify(p, inputs_root, templates_dir) for p in paths}
    return next((kind for kind in ORDER if kind in kinds), None)


def watch_inputs(
    inputs_root: Path,
    templates_dir: Path,
    on_change: Callable[[str, list[Path]], None],
    stop: threading.Event,
) -> None:
    """Call `on_change(kind, paths)` for each batch of saves until `stop` is set (run in a thread)."""
    import watchfiles

    inputs_root, templates_dir = inputs_root.resolve(), templates_dir.resolve()
    for changes in watchfiles.watch(
        inputs_root,
        templates_dir,
        stop_event=stop,
        step=STEP_MS,
        debounce=DEBOUNCE_MS,
        raise_interrupt=False,
        watch_filter=None,
    ):
        paths = sorted({Path(p) for _, p in changes})
        kind = batch_kind(paths, inputs_root, templates_dir)
        if kind is not None:
            on_change(kind, [p for p in paths if classify(p, inputs_root, templates_dir) == kind])
