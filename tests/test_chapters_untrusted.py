"""The analyst's texts are untrusted input: only web, mail and in-report links become live, nothing
points the PDF at a local file, and any text that would hang the render or silently lose text is
refused with a Swedish message naming the file, within seconds.

Speed is not measured here (benchmarks/ does that): a pathological text only has to come out of the
Markdown → HTML step before a generous alarm goes off, which the old code did not (a quadratic scan
of "{", quadratic heading ids) or which it let through to WeasyPrint, whose layout of an unbreakable
run of inline boxes is quadratic (5,000 "a*" took minutes).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import signal
from pathlib import Path

import pikepdf
import pytest

from pipeline.errors import PipelineError
from pipeline.paths import OutputPaths
from pipeline.stages import render
from pipeline.stages.render import pdf as pdf_module
from pipeline.stages.render.chapters import (
    MAX_BLOCKS,
    MAX_CHARACTERS,
    MAX_CONTAINERS,
    MAX_INLINE_BOXES,
    MAX_INLINE_RUN,
    MAX_SECTIONS,
    text_chapter,
)
from pipeline.stages.render.figures import Figures
from pipeline.stages.render.pdf import make_url_fetcher

WHERE = "inputs/text/prov.md"
ALARM_SECONDS = 30  # generous: the machine is shared; the old code took minutes or never refused


@contextlib.contextmanager
def _alarm(seconds: int = ALARM_SECONDS):
    """Fail the test if the block runs longer than `seconds` (SIGALRM; a timeout, not a timing)."""

    def expire(signum, frame):
        raise TimeoutError(f"the Markdown → HTML step ran past {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _html(body: str, tmp_path: Path) -> str:
    """The chapter's HTML for a text with the title "# Prov" and `body` (no live figures: nothing
    is loaded from the outputs folder)."""
    return str(text_chapter("prov", f"# Prov\n\n{body}\n", WHERE, Figures(OutputPaths(tmp_path))).html)


# --- Links: live only to the web, mail and anchors in the report --------------------------------

LIVE = [
    ("[Tillväxtverket](https://tillvaxtverket.se/)", "https://tillvaxtverket.se/"),
    ("[statistik](http://www.scb.se/a?b=c#d)", "http://www.scb.se/a?b=c#d"),
    ("[skriv](mailto:registrator@tillvaxtverket.se)", "mailto:registrator@tillvaxtverket.se"),
    ("[se Ekonomisk redovisning](#ekonomi)", "#ekonomi"),
    ("<https://tillvaxtverket.se>", "https://tillvaxtverket.se"),
    ("<registrator@tillvaxtverket.se>", "mailto:registrator@tillvaxtverket.se"),
    ("[rapporten][r]\n\n[r]: HTTPS://regeringen.se/rapport", "HTTPS://regeringen.se/rapport"),
]

NOT_LIVE = [
    "[bilaga](bilaga.pdf)",  # relative: WeasyPrint made it file:///…/templates/bilaga.pdf
    "[konfig](../programme.toml)",
    "[lösenord](/etc/passwd)",
    "[fil](file:///etc/passwd)",
    "[fil](FILE:///C:/Users/analytiker/utkast.docx)",
    "[klicka](javascript:alert(1))",
    "[klicka](JaVaScRiPt:alert(1))",
    "[klicka](java&#9;script:alert(1))",  # a tab hidden in an entity
    "[klicka](javascript&#58;alert(1))",  # the colon hidden in an entity
    "[klicka](&#x6A;avascript:alert(1))",
    "[klicka](%6Aavascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[värd](//evil.example/x)",  # protocol-relative
    "[värd](https:/evil.example)",
    "[värd](https:evil.example)",
    "[värd](https://)",
    "[värd](https:\\\\evil.example)",
    "[vb](vbscript:msgbox(1))",
    "[post](mailto:ingen-adress)",
    "[ankare](#åäö)",
    "<file:///etc/passwd>",
    "<javascript:alert(1)>",
    "[referens][r]\n\n[r]: bilaga.pdf",
    "![karta](karta.png)",  # an image with a local address: text, nothing fetched
    "![karta](file:///etc/hosts)",
    "![karta](data:image/png;base64,iVBORw0KGgo=)",
    '<a href="file:///etc/passwd">raw</a> <img src="karta.png">',  # raw HTML is text
]


def _sentence(source: str) -> str:
    """`source` in a sentence; a reference definition after it goes to a paragraph of its own."""
    link, _, definition = source.partition("\n\n")
    return f"Se {link} för mer." + (f"\n\n{definition}" if definition else "")


@pytest.mark.parametrize("source, href", LIVE)
def test_web_mail_and_anchor_links_are_live(source, href, tmp_path):
    html = _html(_sentence(source), tmp_path)
    assert f'href="{href}"' in html and html.count("<a ") == 1


@pytest.mark.parametrize("source", NOT_LIVE)
def test_any_other_address_is_text_and_no_link_or_image_carries_it(source, tmp_path):
    html = _html(_sentence(source), tmp_path)
    assert "<a " not in html and "<img" not in html and 'href="' not in html and 'src="' not in html
    assert "Se " in html and " för mer." in html  # the sentence is all there, the address as text


def test_a_relative_link_is_shown_as_written(tmp_path):
    assert "<p>Se [bilaga](bilaga.pdf) för mer.</p>" in _html("Se [bilaga](bilaga.pdf) för mer.", tmp_path)


def test_a_live_figure_in_an_address_is_still_refused_whatever_the_address(small_programme, tmp_path):
    _, outputs = small_programme.copy_to(tmp_path)
    for address in ("{{programme_totals.projects:number}}", "bilaga{{programme_totals.projects:number}}.pdf"):
        with pytest.raises(PipelineError, match="inte i en länkadress"):
            text_chapter("prov", f"# Prov\n\n[länk]({address})\n", WHERE, Figures(outputs))


def test_no_local_path_reaches_the_pdf_as_a_link(tmp_path):
    """Through WeasyPrint as the render stage calls it: the PDF's only link annotations are the
    web ones (the old code gave file:///…/templates/bilaga.pdf for a relative address)."""
    body = _html(
        "[bilaga](bilaga.pdf) och [fil](file:///etc/passwd) och [webb](https://tillvaxtverket.se/).", tmp_path
    )
    html = f'<html lang="sv"><head><title>Prov</title></head><body><h1>Prov</h1>{body}</body></html>'
    outputs = OutputPaths(tmp_path / "outputs")
    outputs.root.mkdir()
    data, _ = render.write_pdf(html, outputs, dt.datetime(2018, 3, 15, tzinfo=dt.UTC))
    (tmp_path / "prov.pdf").write_bytes(data)
    uris = []
    with pikepdf.open(tmp_path / "prov.pdf") as pdf:
        for page in pdf.pages:
            for annotation in page.get("/Annots") or []:
                action = annotation.get("/A")
                if action is not None and "/URI" in action:
                    uris.append(str(action.URI))
    assert uris == ["https://tillvaxtverket.se/"]


def test_the_renderer_serves_nothing_outside_the_templates_folder(
    tmp_path, monkeypatch, expect_weasyprint_warnings
):
    """The run's own outputs are not served either: a stylesheet there is refused by the fetcher."""
    fetchers = []

    def recorded(roots):
        fetchers.append(make_url_fetcher(roots))
        return fetchers[-1]

    monkeypatch.setattr(pdf_module, "make_url_fetcher", recorded)
    outputs = OutputPaths(tmp_path / "outputs")
    outputs.root.mkdir()
    sheet = outputs.root / "findings.css"
    sheet.write_text("p { color: red }", encoding="utf-8")
    html = (
        f'<html lang="sv"><head><title>Prov</title><link rel="stylesheet" href="{sheet.as_uri()}">'
        "</head><body><h1>Prov</h1><p>Text.</p></body></html>"
    )
    render.write_pdf(html, outputs, dt.datetime(2018, 3, 15, tzinfo=dt.UTC))
    assert [f.refused for f in fetchers] == [[sheet.as_uri()]]


# --- Pathological texts: rendered or refused, naming the file, within seconds -------------------

N = 50_000

# Each renders (markdown-it is linear on these: no quadratic case of the CommonMark suite left).
RENDERED = {
    "brackets": "[" * N,
    "stars": "*" * N,
    "backticks": "`" * N,
    "underscores": "_a " * (N // 3),
    "link openers": "[a" * (N // 2),
    "link closers": "a]" * (N // 2),
    "unclosed links": "[a](b" * (N // 5),
    "nested brackets": "[" * (N // 2) + "a" + "]" * (N // 2),
    "emphasis with spaces": "*a* " * MAX_INLINE_BOXES,
    "many sections": "## Avsnitt\n\nText.\n\n" * MAX_SECTIONS,
    "entities": "&#" * (N // 2),
    "one long line": "a" * (MAX_CHARACTERS - 10),
    "many reference definitions": "[a]: https://x.se\n" * (N // 18) + "[a]",
    "many lines": "rad\n" * (N // 4),
}

# Each is refused, naming the file (and the line where there is one).
REFUSED = {
    "too large": ("a " * (MAX_CHARACTERS // 2 + 1), f"{WHERE}, rad 3:", "längre än 100\u202f000 tecken"),
    "nested quotations": (">" * N, f"{WHERE}, rad 3:", "mer än 6 nivåer"),
    "nested quotations with spaces": ("> " * 25 + "djupt\n\nsista stycket", f"{WHERE}, rad 3:", "nivåer"),
    "nested lists": ("".join("  " * i + "- a\n" for i in range(12)), f"{WHERE}, rad", "nivåer"),
    # 5,000 "a*" ran the render past five minutes: WeasyPrint cannot break such a run.
    "emphasis without spaces": ("a*" * 1_000, f"{WHERE}, rad 3:", "kan inte radbrytas"),
    "links without spaces": ("[a](#x)" * 500, f"{WHERE}, rad 3:", "kan inte radbrytas"),
    "code without spaces": ("x`a`" * 500, f"{WHERE}, rad 3:", "kan inte radbrytas"),
    "emphasis everywhere": ("*a* " * (N // 4), f"{WHERE}, rad 3:", "högst 2\u202f000 kursiveringar"),
    "16,000 sections": ("## a\n" * 16_000, f"{WHERE}, rad {3 + MAX_SECTIONS}:", "högst 50 '## '-avsnitt"),
    "16,000 list items": ("- a\n" * 16_000, f"{WHERE}, rad {2 + MAX_BLOCKS}:", "högst 2\u202f000 stycken"),
    "20,000 paragraphs": (
        "a\n\n" * 20_000,
        f"{WHERE}, rad {3 + 2 * MAX_BLOCKS}:",
        "högst 2\u202f000 stycken",
    ),
    "opening braces": ("{" * (MAX_CHARACTERS - 10), f"{WHERE}, rad 3, kolumn 1:", "{{ utan avslutande }}"),
}


@pytest.mark.parametrize("body", RENDERED.values(), ids=RENDERED.keys())
def test_a_pathological_text_renders_within_seconds(body, tmp_path):
    with _alarm():
        html = _html(body, tmp_path)
    assert html


@pytest.mark.parametrize("body, where, words", REFUSED.values(), ids=REFUSED.keys())
def test_a_pathological_text_is_refused_naming_the_file_within_seconds(body, where, words, tmp_path):
    with _alarm(), pytest.raises(PipelineError) as caught:
        _html(body, tmp_path)
    assert str(caught.value).startswith(where) and words in str(caught.value)


def test_as_many_headings_as_allowed_with_the_same_title_get_unique_ids(tmp_path):
    count = MAX_BLOCKS - 1  # after the one "## " section
    with _alarm():
        html = _html("## A\n" + "### Ö\n" * count, tmp_path)
    ids = re.findall(r'<h3 id="([^"]+)"', html)
    assert len(ids) == count == len(set(ids)) and ids[-1] == f"prov-o-{count}"


# --- The limits do not touch ordinary prose ---------------------------------------------------


def test_ordinary_prose_at_the_limits_is_rendered(tmp_path):
    glued = "x*a*" * MAX_INLINE_RUN  # exactly the limit of boxes with no space between them
    nested = "".join("  " * i + "- punkt\n" for i in range(MAX_CONTAINERS))
    many = " ".join(f"*ord{i}* **fet** [länk](https://x.se) `kod`," for i in range(300))
    source = f"{glued}\n\n{nested}\n{many}\n\n(*se* *bilagan*), ”*citat*” och *a*/*b*."
    html = _html(source, tmp_path)
    assert html.count("<em>") == MAX_INLINE_RUN + 300 + 5 and html.count("<ul>") == MAX_CONTAINERS
    assert "x<em>a</em>" * MAX_INLINE_RUN in html


def test_one_box_more_than_the_limit_without_spaces_is_refused(tmp_path):
    with pytest.raises(PipelineError, match="kan inte radbrytas"):
        _html("Text " + "x*a*" * (MAX_INLINE_RUN + 1) + " text.", tmp_path)
    glued_by_commas = " ,".join(["*a*"] * (MAX_INLINE_RUN + 1))  # no break before "," nor after it
    glued_by_no_break_spaces = "\u00a0".join(["*a*"] * (MAX_INLINE_RUN + 1))
    for glued in (glued_by_commas, glued_by_no_break_spaces):
        with pytest.raises(PipelineError, match="kan inte radbrytas"):
            _html(f"Text {glued} text.", tmp_path)
