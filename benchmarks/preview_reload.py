"""f. The live preview (issue 21): a saved chapter until its new text is in the browser's page.

Runs tools/axe/preview.sh, the browser test of `make check-html` (headless Chromium driven by
puppeteer-core): it starts `python -m pipeline preview` on a scratch copy of the programme, which
builds the hand-overs, opens the page, saves one chapter 10 times and times each save until the
new sentence is in the DOM (the page reloads itself on the server's event). Measured once per size
(its 10 saves are the repeats), at the sizes the render ratios are measured at. Needs Chromium,
Node and npm as make check-html does; without them the figure is not measured and the error says why.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

from benchmarks.processes import REPO_ROOT

PREVIEW_TEST = REPO_ROOT / "tools" / "axe" / "preview.sh"
SAVES = 10
TIMEOUT_S = 1800  # building a 400-project programme's hand-overs first, then 10 saves


def measure_preview_reload(result, inputs_dir: Path) -> None:
    """Record the median save → new text in the page (ms), or an error saying what is missing."""
    with tempfile.TemporaryDirectory(prefix="bench-preview-") as scratch:
        figures = Path(scratch) / "preview.json"
        try:
            done = subprocess.run(
                [str(PREVIEW_TEST), "--inputs", str(inputs_dir), "--saves", str(SAVES)]
                + ["--json", str(figures), "--target-ms", "0"],
                cwd=REPO_ROOT,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_S,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            result.errors.append(f"preview reload not measured: {exc}")
            return
        if done.returncode != 0 or not figures.is_file():
            result.errors.append(
                f"preview reload not measured: {(done.stderr or done.stdout).strip()[-400:]}"
            )
            return
        measured = json.loads(figures.read_text(encoding="utf-8"))
    result.add("preview_reload_ms", measured["median_ms"])
    result.notes.append(
        f"preview: save → new text in the page, {len(measured['samples_ms'])} saves: "
        + ", ".join(str(ms) for ms in measured["samples_ms"])
        + " ms"
    )
