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
    """Jinja2 over templates/ only: autoescape on, undefined names are errors; one per folder.

    No trim_blocks: the templates are prose, and a line that ends in a block tag ("inga
    fel{% endif %}" then "men åtta varningar" on the next line) must keep its line break as the
    space between two words. lstrip_blocks only drops the indentation before a tag."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    environment = Environment(
        loader=FileSystemLoader(str(templates_dir)),
        bytecode_cache=_bytecode_cache(),
        autoescape=True,
        undefined=StrictUndefined,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    register_filters(environment)
    environment.filters["nowrap_refs"] = nowrap_references
    return environment


def _bytecode_cache():
    """Jinja's own cache of compiled templates, in a private folder of the system's temp dir.

    Compiling the templates takes about 0.25 s in each process that fills them in (render, html).
    Jinja uses a cached template only while its source is byte for byte the same; the files' names
    also carry a digest of Jinja's version and of the code that shapes the compiled form (this
    module's Environment settings, the filters in formatting.py), so a change there compiles every
    template again. The cache only saves time: where Jinja finds the folder unsafe (not the user's
    own, or open to others), or a cache file cannot be read or written, templates are compiled.
    """
    import hashlib

    import jinja2
    from jinja2 import FileSystemBytecodeCache

    from ... import formatting

    digest = hashlib.sha256(jinja2.__version__.encode())
    for module_file in (__file__, formatting.__file__):
        digest.update(Path(module_file).read_bytes())

    class ForgivingBytecodeCache(FileSystemBytecodeCache):
        def load_bytecode(self, bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except Exception:  # noqa: BLE001 - a torn or foreign cache file: compile instead
                bucket.reset()

        def dump_bytecode(self, bucket) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:  # a full or read-only temp dir costs a compile next time, nothing more
                pass

    try:
        return ForgivingBytecodeCache(pattern=f"__kompetensplattformar_{digest.hexdigest()[:16]}_%s.cache")
    except (OSError, RuntimeError):
        return None


_REFERENCE = re.compile(r"[^\s/]+(?:/[^\s/]+)+")


def nowrap_references(text: str):
    """Escape `text` and keep references like N2012/6275/RT on one line (no break after "/")."""
    from markupsafe import Markup, escape

    escaped = str(escape(text))
    return Markup(_REFERENCE.sub(lambda m: f'<span class="nowrap">{m.group(0)}</span>', escaped))


_HEADING = re.compile(r'<h([12]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)


def table_of_contents(body: str) -> list[dict[str, Any]]:
    """The entries of a table of contents: every h1 and h2 of `body` with an id, in order."""
    from markupsafe import Markup

    return [
        {"level": int(level), "id": anchor, "text": Markup(text.strip())}
        for level, anchor, text in _HEADING.findall(body)
    ]


def render_html(context: dict[str, Any], templates_dir: Path = TEMPLATES_DIR) -> str:
    """Body first, then the whole document with a table of contents built from the body's h1/h2."""
    from markupsafe import Markup

    environment = template_environment(templates_dir)
    body = environment.get_template(BODY_TEMPLATE).render(**context)
    toc = table_of_contents(body)
    stylesheet = (templates_dir / STYLESHEET).read_text(encoding="utf-8")
    return environment.get_template(REPORT_TEMPLATE).render(
        **context, body=Markup(body), toc=toc, stylesheet=Markup(stylesheet)
    )
