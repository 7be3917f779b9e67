"""What the preview adds to the page: the reload script and, after a mistake, the message over it.

The page is the edition's own index.html; before </body> the preview puts a script (served as a
file of its own, /__preview/reload.js) that listens to the server's events and reloads the page
when it changed, and, while the last save has a mistake, a Swedish message naming the file, line
and column, quoting the line and suggesting the name probably meant. Everything shown is escaped.
"""

from __future__ import annotations

from markupsafe import escape

from .edition import Problem

PREFIX = "/__preview/"
EVENTS = PREFIX + "events"
SCRIPT = PREFIX + "reload.js"
OVERLAY_ID = "forhandsvisning-fel"

# EventSource reconnects by itself after a dropped connection (the server restarting, a laptop
# waking up); the version tells the server which page this tab shows, so a save made while the
# page was loading still reloads it.
RELOAD_JS = """\
(function () {
  var version = document.currentScript.getAttribute("data-version");
  var source = new EventSource("/__preview/events?version=" + encodeURIComponent(version));
  source.addEventListener("reload", function () {
    source.close();
    window.location.reload();
  });
})();
"""

_STYLE = (
    "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;margin:0;"
    "padding:1rem 1.25rem;background:#fff4f4;color:#1a1a1a;border-top:4px solid #b00020;"
    "font:16px/1.45 system-ui,sans-serif;box-shadow:0 -4px 16px rgba(0,0,0,.25)"
)
_PRE_STYLE = (
    "white-space:pre-wrap;background:#fff;border:1px solid #ddd;padding:.5rem;font:14px/1.4 monospace"
)


def overlay_html(problem: Problem) -> str:
    """The message box: where, what, the line as written with a mark at the column."""
    parts = [
        f'<section id="{OVERLAY_ID}" role="alert" aria-labelledby="{OVERLAY_ID}-rubrik" style="{_STYLE}">',
        f'<h2 id="{OVERLAY_ID}-rubrik" style="margin:0 0 .5rem;font-size:1.1rem;color:#b00020">'
        f"{'Fel i texten' if problem.where else 'Fel'} – sidan visar inte ändringen förrän felet är rättat</h2>",
    ]
    if problem.where:
        parts.append(f'<p style="margin:0 0 .25rem"><strong>{escape(problem.where)}</strong></p>')
        hint = f"; menade du <code>{escape(problem.suggestion)}</code>?" if problem.suggestion else "."
        parts.append(f'<p style="margin:0 0 .5rem">{escape(problem.headline)}{hint}</p>')
        if problem.source_line is not None:
            quoted = str(escape(problem.source_line))
            if problem.column:
                line = problem.source_line
                before, after = line[: problem.column - 1], line[problem.column - 1 :]
                quoted = f"{escape(before)}<mark>{escape(after[:1])}</mark>{escape(after[1:])}"
            parts.append(f'<pre style="{_PRE_STYLE}">rad {problem.line}: {quoted}</pre>')
    else:
        parts.append(f'<pre style="{_PRE_STYLE}">{escape(problem.message)}</pre>')
    parts.append(
        '<p style="margin:.5rem 0 0;font-size:.9rem">Rätta och spara filen: '
        "sidan laddas om av sig själv.</p></section>"
    )
    return "".join(parts)


EMPTY_PAGE = (
    '<!DOCTYPE html>\n<html lang="sv"><head><meta charset="utf-8"><title>Förhandsvisning</title>'
    "</head><body><main><h1>Förhandsvisning</h1><p>Rapporten kan inte visas ännu.</p></main></body></html>\n"
)


def page_with_preview(page: str | None, version: int, problem: Problem | None) -> str:
    """The page as served: the reload script, and the message when there is one."""
    added = f'<script src="{SCRIPT}" data-version="{version}"></script>'
    if problem is not None:
        added = overlay_html(problem) + added
    page = page or EMPTY_PAGE
    at = page.rfind("</body>")
    if at < 0:
        return page + added
    return page[:at] + added + page[at:]
