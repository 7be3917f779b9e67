"""What the pipeline is measured against, each in a fresh child process: a bare WeasyPrint render of
the same HTML, pandas.read_excel over the same workbooks, extract.run() alone; and page counts."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from benchmarks.processes import REPO_ROOT, child_env, tail
from pipeline.paths import TEMPLATES_DIR

BASELINE_SAMPLE_FILES = 400  # above this many workbooks, time pandas on a random sample and scale
FALLBACK_PDF_OPTIONS = {"pdf_variant": "pdf/a-3b", "pdf_tags": True}


def scaled_baseline_seconds(sample_seconds: float, sampled_files: int, total_files: int) -> float:
    """Time for all files, extrapolated linearly from a sample."""
    if sampled_files <= 0:
        raise ValueError("no files were timed")
    return sample_seconds * total_files / sampled_files


_RENDER_PROBE_SCRIPT = """
import json
try:
    from pipeline.stages import render
except Exception as exc:
    print(json.dumps({"error": repr(exc)}))
    raise SystemExit(0)
options = getattr(render, "PDF_OPTIONS", None)
probe = {"pdf_variant": getattr(render, "PDF_VARIANT", None)}
if isinstance(options, dict):
    probe["pdf_options"] = {k: v for k, v in options.items() if isinstance(v, (str, bool, int, float)) or v is None}
    probe["left_out"] = sorted(set(options) - set(probe["pdf_options"]))
print(json.dumps(probe))
"""


def choose_pdf_options(probe: Mapping) -> tuple[dict, str]:
    """The bare render's options from what the render stage exposes, and where they came from.

    Prefers a PDF_OPTIONS mapping (minus attachments and other objects, which cannot cross to
    the child process and are the same bytes in both runs); else PDF_VARIANT with pdf_tags=True,
    as render.write_pdf passes; else the brief's pdf/a-3b.
    """
    if "error" in probe:
        return dict(FALLBACK_PDF_OPTIONS), f"fallback (render stage not importable: {probe['error']})"
    if isinstance(probe.get("pdf_options"), Mapping):
        left_out = probe.get("left_out") or []
        return dict(probe["pdf_options"]), "render.PDF_OPTIONS" + (
            f" (without {', '.join(left_out)})" if left_out else ""
        )
    if isinstance(probe.get("pdf_variant"), str):
        return (
            {"pdf_variant": probe["pdf_variant"], "pdf_tags": True},
            "render.PDF_VARIANT; pdf_tags=True as in render.write_pdf "
            "(render exposes no PDF_OPTIONS; attachments left out)",
        )
    return dict(FALLBACK_PDF_OPTIONS), "fallback (render exposes neither PDF_OPTIONS nor PDF_VARIANT)"


def render_settings() -> tuple[dict, str, str]:
    """PDF options, base URL (templates/, as render.write_pdf uses) and the options' source.

    The render stage is imported in a child process: it pulls in WeasyPrint and pandas,
    which would otherwise sit in this process's memory while the stages are measured.
    """
    base_url = str(TEMPLATES_DIR.resolve()) + "/"
    done = subprocess.run(
        [sys.executable, "-c", _RENDER_PROBE_SCRIPT],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env=child_env(),
    )
    try:
        probe = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        probe = {"error": tail(done.stderr, 1).strip() or f"exit {done.returncode}"}
    options, source = choose_pdf_options(probe)
    return options, base_url, source


_BARE_RENDER_SCRIPT = """
import datetime, json, sys, time
spec = json.loads(sys.argv[1])
t0 = time.perf_counter()
import weasyprint
t1 = time.perf_counter()
stamp = datetime.datetime(2018, 3, 15)
attachments = [weasyprint.Attachment(string=open(path, "rb").read(), name=name, description=text,
                                     created=stamp, modified=stamp)
               for name, path, text in spec["attachments"]]
weasyprint.HTML(filename=spec["html"], base_url=spec["base_url"]).write_pdf(
    spec["pdf"], attachments=attachments, **spec["options"])
print(json.dumps({"import_s": t1 - t0, "render_s": time.perf_counter() - t1}))
"""

# The files the render stage attaches, listed by the stage itself (in a child: it imports WeasyPrint).
_ATTACHMENTS_PROBE_SCRIPT = """
import json, sys
from pathlib import Path
from pipeline.paths import OutputPaths
from pipeline.stages.render import attachment_files
print(json.dumps([[name, str(path), text] for name, path, text in attachment_files(OutputPaths(Path(sys.argv[1])))
                  if path.is_file()]))
"""


def attachments_of(outputs_dir: Path) -> list[list[str]]:
    """[name, path, description] of every file the render stage embeds; [] if it cannot say."""
    done = subprocess.run(
        [sys.executable, "-c", _ATTACHMENTS_PROBE_SCRIPT, str(outputs_dir)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env=child_env(),
    )
    try:
        return json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return []


def measure_bare_render(
    html_path: Path,
    pdf_path: Path,
    options: Mapping,
    base_url: str,
    attachments: Sequence[Sequence[str]] = (),
) -> dict:
    """A bare WeasyPrint render in a fresh process: whole-process wall time, import and render.

    With the same attachments as the render stage: they are one of its write_pdf options.
    """
    spec = json.dumps(
        {
            "html": str(html_path),
            "base_url": base_url,
            "pdf": str(pdf_path),
            "options": dict(options),
            "attachments": [list(a) for a in attachments],
        }
    )
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _BARE_RENDER_SCRIPT, spec], capture_output=True, text=True, env=child_env()
    )
    wall_s = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError("bare WeasyPrint render failed:\n" + tail(done.stderr))
    inner = json.loads(done.stdout.strip().splitlines()[-1])
    return {"wall_s": wall_s, **inner}


_PANDAS_SCRIPT = """
import json, sys, time
import pandas
files = json.loads(sys.stdin.read())
started = time.perf_counter()
for path in files:
    pandas.read_excel(path, sheet_name=None, engine="openpyxl")
print(json.dumps({"seconds": time.perf_counter() - started}))
"""


def workbook_files(inputs_dir: Path) -> list[Path]:
    """Every workbook extract reads: the project workbooks, the register and the meetings."""
    return sorted(p for p in inputs_dir.rglob("*.xlsx") if not p.name.startswith("~$"))


def measure_pandas_baseline(files: Sequence[Path], sample_limit: int, seed: int) -> dict:
    """pandas.read_excel(sheet_name=None, engine="openpyxl") over the files (or a sample, scaled).

    Only the reading loop is timed (not the interpreter or the pandas import), which favours
    the baseline: the extract stage's time includes its start-up.
    """
    if not files:
        raise RuntimeError("no workbooks to read")
    sample = list(files)
    if len(sample) > sample_limit:
        sample = random.Random(seed).sample(sample, sample_limit)
    done = subprocess.run(
        [sys.executable, "-c", _PANDAS_SCRIPT],
        input=json.dumps([str(p) for p in sample]),
        capture_output=True,
        text=True,
        env=child_env(),
    )
    if done.returncode != 0:
        raise RuntimeError("pandas baseline failed:\n" + tail(done.stderr))
    seconds = json.loads(done.stdout.strip().splitlines()[-1])["seconds"]
    return {
        "seconds": scaled_baseline_seconds(seconds, len(sample), len(files)),
        "timed_files": len(sample),
        "total_files": len(files),
        "scaled": len(sample) < len(files),
    }


_EXTRACT_SCRIPT = """
import json, sys, time
from pathlib import Path
from pipeline.paths import InputPaths, OutputPaths
from pipeline.stages import extract
spec = json.loads(sys.argv[1])
started = time.perf_counter()
extract.run(InputPaths(Path(spec["inputs"])), OutputPaths(Path(spec["outputs"])))
print(json.dumps({"seconds": time.perf_counter() - started}))
"""


def measure_extract_in_process(inputs_dir: Path, outputs_dir: Path) -> float:
    """extract.run() alone, without interpreter start-up and imports: like for like with the
    pandas loop, which is timed the same way."""
    shutil.rmtree(outputs_dir, ignore_errors=True)
    spec = json.dumps({"inputs": str(inputs_dir), "outputs": str(outputs_dir)})
    done = subprocess.run(
        [sys.executable, "-c", _EXTRACT_SCRIPT, spec],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env=child_env(),
    )
    shutil.rmtree(outputs_dir, ignore_errors=True)
    if done.returncode != 0:
        raise RuntimeError("extract.run() failed:\n" + tail(done.stderr))
    return json.loads(done.stdout.strip().splitlines()[-1])["seconds"]


def count_pages(pdf_path: Path) -> int:
    """Pages of a PDF, read by pypdf in a child process (a large PDF is large in memory)."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from pypdf import PdfReader; print(len(PdfReader(sys.argv[1]).pages))",
            str(pdf_path),
        ],
        capture_output=True,
        text=True,
        env=child_env(),
    )
    if done.returncode != 0:
        raise RuntimeError(tail(done.stderr, 2))
    return int(done.stdout.strip())
