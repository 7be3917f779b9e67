"""Underlag stage: outputs/underlag.pdf, the reviewers' edition of the report.

The same context, stylesheet, WeasyPrint path and PDF/UA finisher as the report
(render/underlag_document.py says what is in it). A stage of its own so that make builds it beside the
ministry's PDF, on the second core.
"""

from __future__ import annotations

from ..paths import InputPaths, OutputPaths
from .render import underlag_document


def run(inputs: InputPaths, outputs: OutputPaths) -> dict:
    """Write outputs/underlag.pdf; return its pages and how many tables and charts it maps."""
    return underlag_document.run(inputs, outputs)
