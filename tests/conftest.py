"""Shared fixtures: small programmes run through the real stages, once per session.

Later stages are tested on what the earlier stages really write (issue 9): a programme is built
with tests/factories.py into a temporary inputs folder, made read-only, and
`python -m pipeline extract | validate | aggregate | review | workbook` runs on it, exactly as
`make report` runs them. Tests copy the result (`PipelineRun.copy_to`) before they change or add a file.

`rendered` is the small programme's report and web edition (render and html stages), made once per
session (the PDF twice, to compare bytes) with the network refused, worker processes refused and
WeasyPrint's warnings collected.

The small programme: four projects, the fourth set aside (text in an amount cell); part of the
frame is not granted and part of a grant not used. The accepted ones carry what the later stages
must survive: narratives with HTML and with texts a spreadsheet
would run as formulas, an amount with öre, a good example with "&", two paragraphs in a text.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import io
import logging
import multiprocessing
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
import types
from pathlib import Path

import pikepdf
import pytest
from markupsafe import Markup
from pypdf import PdfReader

from pipeline import catalog, charts
from pipeline.config import load_config
from pipeline.paths import REPO_ROOT, InputPaths, OutputPaths
from pipeline.stages import html, render, stages_before, underlag
from tests.factories import (
    default_costs,
    default_facts,
    default_financing,
    default_indicators,
    register_row,
    write_programme,
    write_project_workbook,
    write_register,
)

SCRIPT = "<script>alert(1)</script>"
IMAGE = '<img src="http://example.com/x.png">'
# Texts that Excel or LibreOffice would run as formulas if written as they are.
INJECTIONS = ("=cmd|' /C calc'!A0", "+1", "-2+3", "@SUM(A1)", '=HYPERLINK("http://example.com","klicka")')
SET_ASIDE_FILE = "projects/projekt_0004.xlsx"
UNPAID_GRANTED = 150_000  # kr granted to project 1 beyond what it reports from the agency
UNUSED_FRAME = 500_000  # kr of the programme's frame never granted
STAGES_BEFORE_RENDER = tuple(stage.name for stage in stages_before("render"))


@dataclasses.dataclass(frozen=True)
class PipelineRun:
    """A read-only inputs folder and the outputs the real stages wrote from it."""

    inputs: InputPaths
    outputs: OutputPaths

    def copy_to(self, root: Path) -> tuple[InputPaths, OutputPaths]:
        """A private copy (inputs read-only again) for a test that changes or adds files."""
        shutil.copytree(self.inputs.root, root / "inputs")
        shutil.copytree(self.outputs.root, root / "outputs")
        _read_only(root / "inputs")
        return InputPaths(root / "inputs"), OutputPaths(root / "outputs")


def _read_only(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def writable_again(folder: Path) -> None:
    """Undo _read_only so the temporary folder can be removed."""
    for path in [folder, *folder.rglob("*")]:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)


def run_stages(inputs: Path, outputs: Path, stages=STAGES_BEFORE_RENDER) -> None:
    """Run stages through the CLI, as `make report` does; fail the test with the stage's message."""
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}  # the config's date
    for stage in stages:
        done = subprocess.run(
            [sys.executable, "-m", "pipeline", stage, "--inputs", str(inputs), "--outputs", str(outputs)],
            cwd=REPO_ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0:
            pytest.fail(f"`python -m pipeline {stage}` exited {done.returncode}:\n{done.stderr[-4000:]}")


def write_small_programme(inputs: Path) -> Path:
    """Four projects in counties 01, 03, 04 and 05; the fourth has an error and is set aside."""
    write_programme(inputs, n_projects=4)
    projects = inputs / "projects"
    # 1: granted more than it reports from the agency, two paragraphs, a good example with "&",
    # outcomes above target for two indicators.
    granted = default_facts(1)["granted_amount"] + UNPAID_GRANTED
    write_register(
        inputs / "beslutsregister.xlsx",
        [{**register_row(1), "granted_amount": granted}, *(register_row(i) for i in (2, 3, 4))],
    )
    frame = sum(default_facts(i)["granted_amount"] for i in (1, 2, 3, 4)) + UNPAID_GRANTED + UNUSED_FRAME
    config = inputs / "programme.toml"
    config.write_text(
        re.sub(r"(?m)^frame_amount\s*=\s*\d+", f"frame_amount = {frame}", config.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    indicators = default_indicators(1)
    for row in indicators[:2]:
        row["outcome"] = row["target"] + 5
    write_project_workbook(
        projects / "projekt_0001.xlsx",
        index=1,
        facts={"granted_amount": granted},
        indicators=indicators,
        narrative={
            "results": "Plattformen har tagit fram tre behovsanalyser.\n\nSamverkan med kommunerna är "
            "regelbunden.",
            "lessons": INJECTIONS[4],
            "good_example_title": "Prognosmodell för hela länet",
            "good_example": "Modellen kombinerar SCB:s prognoser med arbetsgivarnas bedömningar "
            "& uppdateras varje år.",
        },
    )
    # 2: HTML in a narrative must reach the PDF as text, never as markup.
    write_project_workbook(
        projects / "projekt_0002.xlsx",
        index=2,
        narrative={
            "results": f"Fyra valideringsmodeller har utvecklats. {SCRIPT} {IMAGE} Lärcentra finns i "
            "tolv kommuner.",
            "good_example_title": INJECTIONS[0],
            "good_example": INJECTIONS[3],
        },
    )
    # 3: formula-like texts, and öre on both sides of the balance (personnel 2014, public cash 2014).
    costs = default_costs(3)
    costs[0]["actual"] += 0.5
    financing = default_financing(3)
    financing[1]["amount"] += 0.5
    write_project_workbook(
        projects / "projekt_0003.xlsx",
        index=3,
        costs=costs,
        financing=financing,
        narrative={"results": INJECTIONS[1], "lessons": INJECTIONS[2]},
    )
    # 4: an amount that is text: an error, so the project is set aside.
    write_project_workbook(inputs / SET_ASIDE_FILE, index=4, overrides={("Kostnader", "D7"): "ca 40 000"})
    return inputs


@pytest.fixture(scope="session")
def small_programme(tmp_path_factory) -> PipelineRun:
    """The small programme after extract → validate → aggregate → review → workbook (shared: do not
    modify)."""
    root = tmp_path_factory.mktemp("small-programme")
    inputs = write_small_programme(root / "inputs")
    _read_only(inputs)
    run_stages(inputs, root / "outputs")
    yield PipelineRun(InputPaths(inputs), OutputPaths(root / "outputs"))
    writable_again(inputs)


@pytest.fixture(scope="session")
def programme_all_set_aside(tmp_path_factory) -> PipelineRun:
    """Two projects, both with an error: nothing is accepted, every sum is zero."""
    root = tmp_path_factory.mktemp("all-set-aside")
    inputs = write_programme(root / "inputs", n_projects=2)
    for index in (1, 2):
        write_project_workbook(
            inputs / "projects" / f"projekt_{index:04d}.xlsx",
            index=index,
            overrides={("Kostnader", "D3"): "okänt"},
        )
    _read_only(inputs)
    run_stages(inputs, root / "outputs")
    yield PipelineRun(InputPaths(inputs), OutputPaths(root / "outputs"))
    writable_again(inputs)


# --- The rendered report of the small programme (test_render.py, test_render_pdf.py) ----------------


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextlib.contextmanager
def weasyprint_log():
    """Collect the WARNING+ records of the `weasyprint` logger while the block runs."""
    logger = logging.getLogger("weasyprint")
    handler = _Records()
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)


def weasyprint_messages(records) -> list[str]:
    return [f"{r.levelname}: {r.getMessage()}" for r in records]


@pytest.fixture
def fail_on_weasyprint_warnings(request):
    """Fail any test during which WeasyPrint logs a warning or an error (unless it expects them)."""
    if "expect_weasyprint_warnings" in request.fixturenames:
        yield
        return
    with weasyprint_log() as records:
        yield
    assert not records, weasyprint_messages(records)


@pytest.fixture
def expect_weasyprint_warnings():
    with weasyprint_log() as records:
        yield records


@contextlib.contextmanager
def no_network():
    """Record (and refuse) every attempt to open a network connection."""
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access is not allowed in this test")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket, "create_connection", refuse)
        patch.setattr(socket.socket, "connect", lambda self, *a, **k: refuse(*a, **k))
        yield attempts


def normalise(text: str) -> str:
    """One space for any run of whitespace, including (narrow) no-break spaces and line breaks."""
    return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\u00a0", " "))


@contextlib.contextmanager
def no_worker_processes():
    """Record every attempt to fork or to start a Python worker process: the charts are drawn in
    this process. (Libraries may still run helper programs: WeasyPrint's import asks ldconfig.)"""
    attempts: list[str] = []

    def refuse(name):
        def call(*args, **kwargs):
            attempts.append(name)
            raise OSError(f"{name} is not allowed while rendering")

        return call

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "fork", refuse("os.fork"))
        patch.setattr(multiprocessing.process.BaseProcess, "start", refuse("multiprocessing start"))
        patch.setattr(concurrent.futures.ProcessPoolExecutor, "__init__", refuse("ProcessPoolExecutor"))
        yield attempts


@pytest.fixture(scope="session")
def rendered(small_programme, tmp_path_factory):
    first_root = tmp_path_factory.mktemp("render-first")
    second_root = tmp_path_factory.mktemp("render-second")
    inputs, outputs = small_programme.copy_to(first_root)
    second_inputs, second_outputs = small_programme.copy_to(second_root)
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        with weasyprint_log() as records, no_network() as attempts, no_worker_processes() as children:
            summary = render.run(inputs, outputs)
            underlag.run(inputs, outputs)
            edition = html.run(inputs, outputs)
            stderr = io.StringIO()
            with contextlib.redirect_stderr(stderr):
                render.run(second_inputs, second_outputs, progress=True)
    assert not records, weasyprint_messages(records)
    reader = PdfReader(outputs.report_pdf)
    pages = [page.extract_text() for page in reader.pages]
    yield types.SimpleNamespace(
        inputs=inputs,
        outputs=outputs,
        summary=summary,
        edition_summary=edition,
        second_outputs=second_outputs,
        progress=stderr.getvalue(),
        network_attempts=attempts,
        child_processes=children,
        pages=pages,
        text=normalise("\n".join(pages)),
        html=outputs.report_html.read_text(encoding="utf-8"),
        config=load_config(inputs.config),
    )
    for root in (first_root, second_root):  # let pytest clean up the read-only copies
        writable_again(root / "inputs")


@pytest.fixture(scope="session")
def pdf(rendered):
    with pikepdf.open(rendered.outputs.report_pdf) as document:
        yield document


def catalog_rows(outputs: OutputPaths, name: str) -> list[dict]:
    """A hand-over's rows as the catalog types them (Decimal, int, date …)."""
    return catalog.load(name, outputs).to_dict("records")


@pytest.fixture(scope="session")
def programme_40(tmp_path_factory) -> dict:
    """The 40-project sample programme, generated once and read back as the extract stage sees it."""
    from pipeline import sample
    from tests.sample_reading import read_programme

    out = tmp_path_factory.mktemp("sample40")
    summary = sample.generate_programme(out, projects=40, seed=2018, progress=False)
    return {**read_programme(out), "summary": summary}


@pytest.fixture(scope="session")
def sample_report(tmp_path_factory) -> types.SimpleNamespace:
    """The committed 40-project sample (inputs/) through every stage up to the two editions and the
    web edition, as `make report` runs them (shared: do not modify)."""
    outputs = tmp_path_factory.mktemp("sample-report") / "outputs"
    run_stages(REPO_ROOT / "inputs", outputs, (*STAGES_BEFORE_RENDER, "render", "underlag", "html"))
    return types.SimpleNamespace(inputs=InputPaths(REPO_ROOT / "inputs"), outputs=OutputPaths(outputs))


@pytest.fixture
def layer():
    """A valid two-project extracted layer (tests/validation_layer.py), for a test to break."""
    from tests.validation_layer import valid_layer

    return valid_layer()


@pytest.fixture
def programme_with_texts(small_programme, tmp_path):
    """A writable copy of the small programme with the sample's chapter texts, for tests that edit them."""
    inputs, outputs = small_programme.copy_to(tmp_path)
    writable_again(inputs.root)
    shutil.copytree(REPO_ROOT / "inputs" / "text", inputs.text_dir)
    return inputs, outputs


def report_context_with(run, **config_changes) -> dict:
    """The report's context of `run` with some programme.toml settings changed (e.g.
    max_listed_projects=3), and placeholder charts: for tests of what the templates show."""
    data = render.load_report_data(run.inputs, run.outputs)
    data = dataclasses.replace(data, config=dataclasses.replace(data.config, **config_changes))
    context = render.build_context(data, render.report_timestamp(data.config))
    fake = {k: charts.Chart(k, k, "alt", "x.csv", Markup("<svg></svg>")) for k in render.build_charts(data)}
    return {**context, "charts": fake}
