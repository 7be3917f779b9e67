"""The HTML edition held in memory, and how each kind of saved file brings it up to date.

    text       inputs/text/*.md            the chapters again, from the figures already loaded
    templates  templates/                  the page again from the same context (Jinja reloads them)
    data       workbooks, register, payments, meetings, programme.toml
                                           the data stages again (as `pipeline run`), then the context

The data stages run as `python -m pipeline <stage>` processes, exactly as make and `pipeline run`
run them; the page is rendered here, in this process (stages/render/html_edition.py), and never
written to disk: the preview writes only the hand-overs those stages write in the outputs folder,
never into the inputs folder. A mistake does not stop anything: the last good page is kept and
shown with the message over it (overlay.py), until a save fixes it.
"""

from __future__ import annotations

import dataclasses
import mimetypes
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import PipelineError, TextError
from ..paths import TEMPLATES_DIR, InputPaths, OutputPaths

# The stages that make the hand-overs the edition is rendered from, in order (make's chain).
DATA_STAGES = ("extract", "validate", "aggregate", "review", "workbook")


@dataclass(frozen=True)
class Problem:
    """What went wrong at the last update, for the overlay and the terminal (Swedish)."""

    message: str  # the whole message, as the terminal prints it after "Fel: "
    where: str = ""  # "text/sammanfattning.md, rad 12, kolumn 39"
    headline: str = ""  # the problem itself (the suggestion apart)
    source_line: str | None = None
    line: int | None = None
    column: int | None = None
    suggestion: str | None = None

    @classmethod
    def of(cls, exc: PipelineError, root: Path) -> Problem:
        if isinstance(exc, TextError):
            return cls(
                exc.describe(root),
                exc.where(root),
                exc.problem,
                exc.source_line,
                exc.line,
                exc.column,
                exc.suggestion,
            )
        return cls(str(exc), "", str(exc))

    @classmethod
    def of_template(cls, exc: Exception, templates_dir: Path) -> Problem:
        """A mistake in a template (Jinja names its file and line), or any other failure, by name."""
        from jinja2 import TemplateError, TemplateSyntaxError

        if isinstance(exc, TemplateSyntaxError):
            where = f"{Path(exc.filename or exc.name or '').name or 'mallen'}, rad {exc.lineno}"
            message = f"mallen {where}: {exc.message}"
            return cls(
                message,
                f"templates/{where}",
                exc.message or "",
                exc.source.split("\n")[exc.lineno - 1] if exc.source else None,
                exc.lineno,
            )
        if isinstance(exc, TemplateError):
            return cls(f"mallarna: {exc}", "", f"mallarna: {exc}")
        return cls(f"{type(exc).__name__}: {exc}", "", f"{type(exc).__name__}: {exc}")


@dataclass(frozen=True)
class Served:
    """One file of the edition: its bytes (in memory) or its path (read when asked for)."""

    content_type: str
    body: bytes | None = None
    path: Path | None = None

    def read(self) -> bytes:
        return self.body if self.body is not None else self.path.read_bytes()


class Edition:
    """The page and its files, rebuilt on each save; `version` counts the rebuilds."""

    def __init__(self, inputs: InputPaths, outputs: OutputPaths, templates_dir: Path = TEMPLATES_DIR) -> None:
        self.inputs, self.outputs, self.templates_dir = inputs, outputs, templates_dir
        self.version = 0
        self.page: str | None = None  # the last good index.html (without the preview's additions)
        self.files: dict[str, Served] = {}
        self.problem: Problem | None = None
        self.changed = threading.Condition()
        self._lock = threading.Lock()  # one update at a time (watcher and start-up)
        self._data = None
        self._timestamp = None
        self._base: dict[str, Any] | None = None  # the context without the chapters

    # --- Updates ------------------------------------------------------------------------------

    def update(self, kind: str) -> float:
        """Bring the edition up to date after a save of `kind` (text, templates, data); return
        the seconds it took. A PipelineError becomes `problem`; the last good page stays."""
        started = time.perf_counter()
        with self._lock:
            try:
                if kind == "data":
                    self.run_data_stages()
                if kind == "data" or self._base is None:
                    self._load()
                self._render()
                self.problem = None
            except PipelineError as exc:
                self.problem = Problem.of(exc, self.inputs.root)
                if self.page is None and self._base is not None:
                    self._render(text_chapters=False)  # nothing good shown yet: the rest of the report
            except Exception as exc:  # noqa: BLE001 - a template being edited: shown, the server lives on
                self.problem = Problem.of_template(exc, self.templates_dir)
            self._publish()
        return time.perf_counter() - started

    def run_data_stages(self) -> None:
        """extract → validate → aggregate → review → workbook, each as its own process (as make
        runs them); a stage that fails stops the chain with its own Swedish message."""
        for stage in DATA_STAGES:
            done = subprocess.run(
                [sys.executable, "-m", "pipeline", "-q", stage]
                + ["--inputs", str(self.inputs.root), "--outputs", str(self.outputs.root)],
                capture_output=True,
                text=True,
            )
            if done.returncode != 0:
                message = (
                    done.stderr.strip().removeprefix("Fel: ")
                    or f"{stage} avslutades med kod {done.returncode}"
                )
                raise PipelineError(f"{stage}: {message}")

    def _load(self) -> None:
        """The hand-overs and everything the page shows but the chapters (which change most)."""
        from ..stages.render import build_charts, build_context, load_report_data, report_timestamp

        self._base = None
        data = load_report_data(self.inputs, self.outputs)
        self._timestamp = report_timestamp(data.config)
        self._data = data
        # Without inputs the context has no chapters; _render adds them from the texts as saved.
        base = build_context(dataclasses.replace(data, inputs=None), self._timestamp)
        base["charts"] = build_charts(data)
        self._base = base

    def _render(self, text_chapters: bool = True) -> None:
        """The page from the context held in memory and the chapters as saved now (without the
        text chapters when one has a mistake and no page has been shown yet)."""
        from .. import catalog
        from ..stages.render.chapters import GENERATED_CHAPTERS, Chapter, chapter_plan
        from ..stages.render.context import chapter_context
        from ..stages.render.html_edition import INDEX, SCREEN_STYLESHEET, render_edition

        config = self._data.config
        if text_chapters:
            chapters = chapter_plan(config, self.inputs, self.outputs)
        else:  # as chapter_plan places them, without reading a text
            compared = catalog.dataset("changes").file(self.outputs).is_file()
            chapters = [
                Chapter("generated", entry, GENERATED_CHAPTERS[entry], None, "")
                for entry in config.chapters
                if entry in GENERATED_CHAPTERS and (entry != "andringar" or compared)
            ]
        context = {
            **self._base,
            **chapter_context(self._data, chapters),
        }
        page, chart_files, downloads = render_edition(context, self.outputs, self.templates_dir)
        files = {INDEX: Served("text/html; charset=utf-8", page.encode("utf-8"))}
        files[SCREEN_STYLESHEET] = Served(
            "text/css; charset=utf-8", path=self.templates_dir / SCREEN_STYLESHEET
        )
        for href, svg in chart_files.items():
            files[href] = Served("image/svg+xml", svg.encode("utf-8"))
        for entry in downloads:
            files[entry["href"]] = Served(_content_type(entry["href"]), path=Path(entry["source"]))
        self.page, self.files = page, files

    def _publish(self) -> None:
        with self.changed:
            self.version += 1
            self.changed.notify_all()

    def wait_for_change(self, seen: int, timeout: float) -> int:
        """The version once it differs from `seen`, or after `timeout` seconds."""
        with self.changed:
            self.changed.wait_for(lambda: self.version != seen, timeout=timeout)
            return self.version


def _content_type(name: str) -> str:
    known = {
        ".csv": "text/csv; charset=utf-8",
        ".json": "application/json",
        ".md": "text/markdown; charset=utf-8",
    }
    suffix = Path(name).suffix.lower()
    return known.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
