"""The report's chapters in the order the config gives: the analyst's texts and the generated ones.

`[report] chapters` in programme.toml (pipeline/config.py reads and checks it) lists the order:
each entry is a generated chapter (GENERATED_CHAPTERS: the templates render each with a macro of
its own) or the stem of a Markdown file in inputs/text/, the agency's own prose. A text chapter is
CommonMark (markdown-it-py, raw HTML off, so `<script>` shows as text), its first "# " heading the
chapter's title, "## " and "### " its sections; live figures in it (figures.py) are resolved from
the aggregated hand-overs and formatted by pipeline/formatting.py. docs/report-text.md has the rules.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup, escape

from ... import catalog
from ...config import ProgrammeConfig
from ...errors import PipelineError, TextError
from ...paths import InputPaths, OutputPaths
from .figures import Figures, substitute

GENERATED_CHAPTERS: dict[str, str] = {
    "ekonomi": "Ekonomisk redovisning",
    "resultat": "Resultat",
    "goda_exempel": "Goda exempel",
    "projekt": "Projekten",
    "andringar": "Ändringar sedan föregående version",
}
# The same ids as config.GENERATED_CHAPTER_IDS, which checks the config (tests/test_chapters.py).

# A live figure becomes this token before the Markdown is parsed, and its escaped value after: the
# value never passes through the Markdown parser (a "*" in a county's name stays a "*").
_TOKEN = re.compile("\ue000(\\d+)\ue001")
_TOKEN_CHARS = "\ue000\ue001"


@dataclass(frozen=True)
class Chapter:
    kind: Literal["text", "generated"]
    id: str
    title: str
    html: Markup | None  # the body of a text chapter (its title not included); None when generated
    source: str  # e.g. "text/sammanfattning.md"; "" for a generated chapter


def chapter_plan(config: ProgrammeConfig, inputs: InputPaths, outputs: OutputPaths) -> list[Chapter]:
    """The chapters in the config's order; "andringar" only when outputs/changes.csv exists."""
    figures = Figures(outputs)
    plan = []
    for entry in config.chapters:
        if entry in GENERATED_CHAPTERS:
            if entry == "andringar" and not catalog.dataset("changes").file(outputs).is_file():
                continue
            plan.append(Chapter("generated", entry, GENERATED_CHAPTERS[entry], None, ""))
            continue
        path = inputs.text_file(entry)
        try:
            source = path.read_text(encoding="utf-8-sig")  # a BOM (Notepad) is not text
        except (OSError, UnicodeDecodeError) as exc:
            raise PipelineError(f"{path}: kan inte läsas som text i UTF-8 ({exc}).") from None
        plan.append(text_chapter(entry, source, str(path), figures))
    return plan


def _markdown() -> MarkdownIt:
    # CommonMark exactly; raw HTML is text, no autolinking of bare addresses, no typographer.
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def text_chapter(chapter_id: str, source: str, where: str, figures: Figures) -> Chapter:
    """One Markdown file as a chapter; any problem is a PipelineError naming `where` and the line."""
    lines = source.replace(_TOKEN_CHARS[0], "").replace(_TOKEN_CHARS[1], "").split("\n")
    written = list(lines)  # as the analyst wrote them, for the error messages
    values: list[str] = []
    value_lines: list[int] = []

    def token(value: str) -> str:
        values.append(value)
        return f"\ue000{len(values) - 1}\ue001"

    for number, line in enumerate(lines, start=1):
        before = len(values)
        lines[number - 1] = substitute(line, figures, where, number, token)
        value_lines += [number] * (len(values) - before)

    md = _markdown()
    tokens = md.parse("\n".join(lines))
    title, body = _title(tokens, where, written)
    _check_structure(body, where, chapter_id, written)

    def value_of(match: re.Match) -> str:
        return str(escape(values[int(match[1])]))

    title_text = _TOKEN.sub(lambda m: values[int(m[1])], title)
    html = _TOKEN.sub(value_of, md.renderer.render(body, md.options, {}))
    if "\ue000" in html or "%EE%80%80" in html:
        index = int(re.search(r"(?:\ue000|%EE%80%80)(\d+)", html)[1])
        line = value_lines[index]
        raise TextError(
            "ett levande tal kan stå i löptext och rubriker, inte i en länkadress",
            path=where,
            line=line,
            source_line=written[line - 1],
        )
    return Chapter("text", chapter_id, title_text, Markup(html), f"{_rel(where)}")


def _rel(where: str) -> str:
    parts = where.replace("\\", "/").split("/")
    return "/".join(parts[-2:])


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 1


def _error(problem: str, where: str, line: int, lines: list[str]) -> TextError:
    """A Markdown problem at `line` of the file `where`, quoting the line."""
    return TextError(
        problem, path=where, line=line, source_line=lines[line - 1] if line <= len(lines) else None
    )


def _title(tokens: list[Token], where: str, lines: list[str]) -> tuple[str, list[Token]]:
    """The first block must be the chapter's "# " heading: its text, and the tokens after it."""
    if len(tokens) < 3 or tokens[0].type != "heading_open" or tokens[0].tag != "h1":
        line = _line(tokens[0]) if tokens else 1
        raise _error("filen ska börja med kapitlets rubrik, t.ex. '# Sammanfattning'", where, line, lines)
    return _plain_text(tokens[1]), tokens[3:]


def _plain_text(inline: Token) -> str:
    return "".join(child.content for child in inline.children or () if child.type in ("text", "code_inline"))


def _check_structure(body: list[Token], where: str, chapter_id: str, lines: list[str]) -> None:
    """Sections are "## " then "### " (no level skipped, one "# " per file), each h2/h3 gets an id
    unique in the report (the chapter's id first); images are refused (nothing is fetched)."""
    used: set[str] = set()
    seen_h2 = False
    for index, token in enumerate(body):
        if token.type == "heading_open":
            line = _line(token)
            if token.tag == "h1":
                raise _error(
                    "en fil är ett kapitel med en enda '# '-rubrik; skriv avsnitten med '## ' och '### '",
                    where,
                    line,
                    lines,
                )
            if token.tag not in ("h2", "h3"):
                raise _error(
                    f"rubriknivån {token.markup or token.tag} används inte; "
                    "skriv avsnitt med '## ' och underavsnitt med '### '",
                    where,
                    line,
                    lines,
                )
            if token.tag == "h3" and not seen_h2:
                raise _error("ett '### '-underavsnitt behöver ett '## '-avsnitt före", where, line, lines)
            seen_h2 = seen_h2 or token.tag == "h2"
            slug = _slug(_TOKEN.sub("", _plain_text(body[index + 1]))) or "avsnitt"
            anchor, n = f"{chapter_id}-{slug}", 2
            while anchor in used:
                anchor, n = f"{chapter_id}-{slug}-{n}", n + 1
            used.add(anchor)
            token.attrSet("id", anchor)
        if token.type == "inline" and any(child.type == "image" for child in token.children or ()):
            raise _error(
                "bilder tas inte med i rapporten (inget hämtas från nätet eller disken); "
                "beskriv det i text eller lämna det till de genererade kapitlen",
                where,
                _image_line(token, lines),
                lines,
            )


def _image_line(inline: Token, lines: list[str]) -> int:
    """The line of the paragraph where its first image starts."""
    first, last = inline.map or (0, len(lines))
    return next((n + 1 for n in range(first, last) if "![" in lines[n]), first + 1)


def _slug(text: str) -> str:
    """'Behovsanalyser och prognoser' → 'behovsanalyser-och-prognoser' (å, ä, ö as a, a, o)."""
    plain = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
