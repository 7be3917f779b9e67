"""HTML stage: outputs/html/, the report's web edition, for reading on a screen.

The same context as the PDF (render.report_context: the same tables, figures and charts) in the
edition's own page shell and screen stylesheet (render/html_edition.py says what is in the
folder). A stage of its own so that make builds it beside the PDF, on the second core, and so it
can offer review.xlsx, which the workbook stage writes meanwhile.
"""

from __future__ import annotations

import shutil

from ..paths import InputPaths, OutputPaths
from .render import report_context
from .render.html_edition import write_html_edition


def discard_edition(outputs: OutputPaths) -> None:
    """Remove the previous edition: what a failed run leaves (it must not look current)."""
    shutil.rmtree(outputs.html_edition, ignore_errors=True)


def run(inputs: InputPaths, outputs: OutputPaths) -> dict:
    """Write outputs/html/ whole (swapped in atomically); return what it holds. On any failure
    the previous edition is removed, then the error raised."""
    try:
        context, _ = report_context(inputs, outputs)
        index = write_html_edition(context, outputs)
    except Exception:
        discard_edition(outputs)
        raise
    files = [p for p in index.parent.rglob("*") if p.is_file()]
    return {"filer": len(files), "diagram": len(context["charts"])}
