"""Jinja2 templates → one self-contained HTML document (CSS and SVG inline, kept for reviewers)."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from ...formatting import register_filters
from ...paths import TEMPLATES_DIR

BODY_TEMPLATE = "body.html.j2"
REPORT_TEMPLATE = "report.html.j2"
STYLESHEET = "report.css"


@functools.lru_cache(maxsize=8)
def template_environment(templates_dir: Path = TEMPLATES_DIR):
    """Jinja2 over templates/ only: autoescape on, undefined names are errors; one per folder."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    environment = Environment(
        loader=FileSystemLoader(str(templates_dir)),
        bytecode_cache=_bytecode_cache(),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    register_filters(environment)
    environment.filters["nowrap_refs"] = nowrap_references
    return environment


def _bytecode_cache():
    """Jinja's own cache of compiled templates, in a private folder of the system's temp dir.

    Compiling the templates takes about 0.25 s in each process that fills them in (render, html);
    a cached template is used only while its source is byte for byte the same (Jinja keys it by a
    checksum of the source), so an edited template is always compiled again. Where Jinja finds the
    folder unsafe (not the user's own, or open to others), templates are compiled every time.
    """
    from jinja2 import FileSystemBytecodeCache

    try:
        return FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        return None


_REFERENCE = re.compile(r"[^\s/]+(?:/[^\s/]+)+")


def nowrap_references(text: str):
    """Escape `text` and keep references like N2012/6275/RT on one line (no break after "/")."""
    from markupsafe import Markup, escape

    escaped = str(escape(text))
    return Markup(_REFERENCE.sub(lambda m: f'<span class="nowrap">{m.group(0)}</span>', escaped))


_HEADING = re.compile(r'<h([12]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)


def render_html(context: dict[str, Any], templates_dir: Path = TEMPLATES_DIR) -> str:
    """Body first, then the whole document with a table of contents built from the body's h1/h2."""
    from markupsafe import Markup

    environment = template_environment(templates_dir)
    body = environment.get_template(BODY_TEMPLATE).render(**context)
    toc = [
        {"level": int(level), "id": anchor, "text": Markup(text.strip())}
        for level, anchor, text in _HEADING.findall(body)
    ]
    stylesheet = (templates_dir / STYLESHEET).read_text(encoding="utf-8")
    return environment.get_template(REPORT_TEMPLATE).render(
        **context, body=Markup(body), toc=toc, stylesheet=Markup(stylesheet)
    )
