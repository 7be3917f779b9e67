"""The reviewers' edition, outputs/underlag.pdf: what the ministry's edition leaves out.

The ministry's report (report.pdf) holds no file name, checksum, rule id or cell reference; this
document holds them: every file read with its size and SHA-256, every rule with its severity and
count, the findings, the reports not accepted, where each quoted text stands, and a map from each
table and chart of the report to the attached file its figures come from. It is filled in from
the same context as the report (render's report_context), laid out with the same stylesheet and
written through the same WeasyPrint path and PDF/UA finisher (pdf.write_pdf), with the same files
attached. The map is read from the report's own body (its tables' and charts' data-tables), so
it numbers them as the report does.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

from ... import catalog
from ...paths import TEMPLATES_DIR, InputPaths, OutputPaths
from ...safe_io import write_bytes_atomic
from .templating import BODY_TEMPLATE, STYLESHEET, table_of_contents, template_environment

UNDERLAG_TEMPLATE = "underlag.html.j2"
UNDERLAG_BODY_TEMPLATE = "underlag_body.html.j2"

# A numbered table (its caption, not a project profile's facts) or a chart, in document order.
_NUMBERED = re.compile(
    r'<table(?P<table_attrs>[^>]*)>\s*<caption id="[^"]*">(?P<caption>.*?)<span class="source">'
    r'|<figure aria-label="(?P<chart>[^"]*)"(?P<figure_attrs>[^>]*)>',
    re.S,
)
_TABLES = re.compile(r'data-tables="([^"]*)"')
_TAGS = re.compile(r"<[^>]+>")


def report_map(body: str) -> list[dict[str, Any]]:
    """Each numbered table and chart of the report's body, as the reader finds it there
    ("Tabell 3. Budget, utfall … (tkr)"), with the attached files its figures come from."""
    found, tables, charts = [], 0, 0
    for match in _NUMBERED.finditer(body):
        if match["chart"] is not None:
            charts += 1
            label, attrs = f"Diagram {charts}. {match['chart']}", match["figure_attrs"]
        else:
            if 'class="facts"' in match["table_attrs"]:
                continue  # a profile's facts: not one of the report's numbered tables
            tables += 1
            label = f"Tabell {tables}. {_TAGS.sub('', match['caption']).strip()}"
            attrs = match["table_attrs"]
        names = _TABLES.search(attrs)
        files = [catalog.dataset(name).path for name in names[1].split()] if names else []
        found.append({"label": Markup(label).unescape(), "files": files})
    return found


def render_underlag_html(context: dict[str, Any], templates_dir=TEMPLATES_DIR) -> tuple[str, int]:
    """The reviewers' edition as one HTML document (the report's body is rendered to map it),
    and how many tables and charts of the report it maps."""
    environment = template_environment(templates_dir)
    report_body = environment.get_template(BODY_TEMPLATE).render(**context)
    own = {**context, "report_map": report_map(report_body)}
    body = environment.get_template(UNDERLAG_BODY_TEMPLATE).render(**own)
    stylesheet = (templates_dir / STYLESHEET).read_text(encoding="utf-8")
    html = environment.get_template(UNDERLAG_TEMPLATE).render(
        **own, body=Markup(body), toc=table_of_contents(body), stylesheet=Markup(stylesheet)
    )
    return html, len(own["report_map"])


def run(inputs: InputPaths, outputs: OutputPaths) -> dict:
    """Write outputs.underlag_pdf (and its HTML beside the report's); return its page count."""
    from . import report_context
    from .pdf import write_pdf

    context, timestamp = report_context(inputs, outputs)
    html, mapped = render_underlag_html(context)
    pdf, pages = write_pdf(html, outputs, timestamp)
    write_bytes_atomic(outputs.underlag_html, html.encode("utf-8"))
    write_bytes_atomic(outputs.underlag_pdf, pdf)
    return {"sidor": pages, "tabeller och diagram i rapporten": mapped}
