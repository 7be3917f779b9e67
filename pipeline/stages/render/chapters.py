"""The report's chapters in the order the config gives: the analyst's texts and the generated ones.

`[report] chapters` in programme.toml (pipeline/config.py reads and checks it) lists the order:
each entry is a generated chapter (GENERATED_CHAPTERS: the templates render each with a macro of
its own) or the stem of a Markdown file in inputs/text/, the agency's own prose. A text chapter is
CommonMark (markdown-it-py, raw HTML off, so `<script>` shows as text), its first "# " heading the
chapter's title, "## " and "### " its sections; live figures in it (figures.py) are resolved from
the aggregated hand-overs and formatted by pipeline/formatting.py. docs/report-text.md has the rules.

The text is untrusted input like a workbook. A link is live only to https:, http:, mailto: or an
anchor in the report (`_live_link`, markdown-it's validateLink, which also judges autolinks,
reference definitions and images): any other address (a relative path, which WeasyPrint would
resolve to a file:// link into the build machine's templates folder, file:, javascript:, data:,
//host, a scheme hidden behind entities) is not a link and is shown as the text written. And what
would make the render hang or silently lose text is refused, naming the file and line:
- a file over MAX_CHARACTERS, or with more than MAX_SECTIONS sections, MAX_BLOCKS blocks or
  MAX_INLINE_BOXES emphases, links and code spans (WeasyPrint's time grows with each);
- lists and quotations nested deeper than MAX_CONTAINERS: markdown-it stops at 20 levels and
  silently drops the rest of the file;
- more than MAX_INLINE_RUN emphases, links or code spans with no space between them: WeasyPrint
  lays out such a run, which it cannot break, in time quadratic in its boxes (5,000 "a*" took
  minutes), while markdown-it itself parses every pathological input of the CommonMark suite
  at 100,000 characters within seconds.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup, escape

from ... import catalog
from ...config import ProgrammeConfig
from ...errors import PipelineError, TextError
from ...formatting import format_number
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
_ENCODED_TOKEN = "%EE%80%80"  # "\ue000" as markdown-it percent-encodes it in an address

# What one chapter may hold. Each bounds a cost of the render that grows with it (measured on the
# sample, full render: 16,000 "## " sections ran past five minutes, 1,000 took 32 s, since each is
# an entry of the table of contents; 16,000 list items 60 s; 12,500 emphases 16 s); a real chapter
# is a few pages with a handful of sections, so each limit is far above what prose needs.
MAX_CHARACTERS = 100_000  # about 35 pages of prose
MAX_SECTIONS = 50  # "## " sections, each a line of the table of contents
MAX_BLOCKS = 2_000  # paragraphs, list items, headings, quotations, code blocks
MAX_INLINE_BOXES = 2_000  # emphases, links and code spans in the whole chapter
MAX_CONTAINERS = 6  # lists and quotations inside one another (markdown-it's own limit is ~10)
MAX_INLINE_RUN = 20  # emphases, links and code spans with no space between them
_LEAF_BLOCKS = ("fence", "code_block", "hr", "html_block")
_INLINE_BOXES = ("em_open", "strong_open", "link_open", "code_inline", "image")
_BREAKING_SPACES = " \t\n"
_CONTAINERS = ("blockquote_open", "bullet_list_open", "ordered_list_open")
_ANCHOR = re.compile(r"#[A-Za-z0-9][A-Za-z0-9_-]*")
_MAILTO = re.compile(r"(?i)mailto:[^\s/\\@]+@[^\s/\\@]+")


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
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    # An address with a live figure stays a link, so that text_chapter refuses it by name.
    md.validateLink = lambda url: _ENCODED_TOKEN in url or _live_link(url)
    return md


def _live_link(url: str) -> bool:
    """Whether an address (as markdown-it normalized it: entities decoded, percent-encoded) may be
    a live link: https:// or http:// with a host, mailto: with an @, or #anchor; nothing else."""
    if _ANCHOR.fullmatch(url) or _MAILTO.fullmatch(url):
        return True
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # e.g. an unbalanced "[" in the host
        return False
    scheme = parts.scheme.lower()
    return scheme in ("http", "https") and url[: len(scheme) + 3].lower() == f"{scheme}://" and bool(host)


def text_chapter(chapter_id: str, source: str, where: str, figures: Figures) -> Chapter:
    """One Markdown file as a chapter; any problem is a PipelineError naming `where` and the line."""
    if len(source) > MAX_CHARACTERS:
        raise TextError(
            f"filen är längre än {format_number(MAX_CHARACTERS)} tecken (ungefär 35 sidor), här "
            f"{format_number(len(source))}; dela upp texten i flera kapitel eller korta den",
            path=where,
            line=source.count("\n", 0, MAX_CHARACTERS) + 1,
        )
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
    _check_limits(body, where, written)
    _check_structure(body, where, chapter_id, written)

    def value_of(match: re.Match) -> str:
        return str(escape(values[int(match[1])]))

    title_text = _TOKEN.sub(lambda m: values[int(m[1])], title)
    html = _TOKEN.sub(value_of, md.renderer.render(body, md.options, {}))
    if "\ue000" in html or _ENCODED_TOKEN in html:
        index = int(re.search(f"(?:\ue000|{_ENCODED_TOKEN})(\\d+)", html)[1])
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


def _check_limits(body: list[Token], where: str, lines: list[str]) -> None:
    """What the render could not lay out in seconds, or markdown-it would silently cut, is refused
    with the line where a limit is passed (the MAX_* constants say why each exists)."""
    depth = sections = blocks = boxes = 0
    for token in body:
        line = _line(token)
        if _is_block(token):
            blocks += 1
            sections += token.type == "heading_open" and token.tag == "h2"
            if sections > MAX_SECTIONS:
                raise _limit_error(
                    f"ett kapitel får ha högst {MAX_SECTIONS} '## '-avsnitt; dela upp texten i flera kapitel",
                    where,
                    line,
                    lines,
                )
            if blocks > MAX_BLOCKS:
                raise _limit_error(
                    f"ett kapitel får ha högst {format_number(MAX_BLOCKS)} stycken, "
                    "listpunkter och rubriker; dela upp texten i flera kapitel",
                    where,
                    line,
                    lines,
                )
        if token.type in _CONTAINERS:
            depth += 1
            if depth > MAX_CONTAINERS:
                raise _limit_error(
                    f"listor och citat står i mer än {MAX_CONTAINERS} "
                    "nivåer inuti varandra; skriv texten med färre nivåer",
                    where,
                    line,
                    lines,
                )
        elif token.type.replace("_close", "_open") in _CONTAINERS:
            depth -= 1
        if token.type != "inline":
            continue
        if _longest_inline_run(token.children or ()) > MAX_INLINE_RUN:
            raise _limit_error(
                f"stycket har fler än {MAX_INLINE_RUN} kursiveringar, "
                "fetstilar, länkar eller kodord i följd utan mellanslag emellan, och en sådan följd "
                "kan inte radbrytas i PDF:en; skriv mellanslag mellan orden eller ta bort formateringen",
                where,
                line,
                lines,
            )
        boxes += sum(child.type in _INLINE_BOXES for child in token.children or ())
        if boxes > MAX_INLINE_BOXES:
            raise _limit_error(
                f"ett kapitel får ha högst {format_number(MAX_INLINE_BOXES)} "
                "kursiveringar, fetstilar, länkar och kodord; dela upp texten i flera kapitel",
                where,
                line,
                lines,
            )


def _is_block(token: Token) -> bool:
    """A block the HTML shows: an opening tag (not the hidden <p> of a tight list's item) or a leaf."""
    return (token.nesting == 1 and not token.hidden) or token.type in _LEAF_BLOCKS


def _limit_error(problem: str, where: str, line: int, lines: list[str]) -> TextError:
    """A limit passed at `line`, quoting at most the line's start (it may be 100,000 characters)."""
    written = lines[line - 1] if line <= len(lines) else None
    if written is not None and len(written) > 100:
        written = written[:100] + " …"
    return TextError(problem, path=where, line=line, source_line=written)


def _check_structure(body: list[Token], where: str, chapter_id: str, lines: list[str]) -> None:
    """Sections are "## " then "### " (no level skipped, one "# " per file), each h2/h3 gets an id
    unique in the report (the chapter's id first); images are refused (nothing is fetched)."""
    used: set[str] = set()
    next_number: dict[str, int] = {}
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
            anchor, n = f"{chapter_id}-{slug}", next_number.get(slug, 2)
            while anchor in used:  # from where this slug's last number left off: linear
                anchor, n = f"{chapter_id}-{slug}-{n}", n + 1
            next_number[slug] = n
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


def _longest_inline_run(children) -> int:
    """The most inline boxes (emphasis, link, code span) in a run of the paragraph that has no
    line-break opportunity. Conservatively, only a breaking space (not a no-break space, as in a
    live figure's "140,5 mnkr") before a letter or digit, not after an opening bracket ("[ a"
    does not break), ends a run: Unicode line breaking (UAX #14) breaks there, and elsewhere too."""
    longest = run = pending = 0
    space, previous = False, ""
    for child in children:
        if child.type == "hardbreak":
            longest, run, pending, space, previous = max(longest, run + pending), 0, 0, False, ""
            continue
        if child.nesting == 1 or child.type == "code_inline":
            pending += 1
        text = "\n" if child.type == "softbreak" else child.content if child.nesting == 0 else ""
        for char in text:
            if char in _BREAKING_SPACES:
                space = True
                continue
            breaks = space and char.isalnum() and unicodedata.category(previous or " ") != "Ps"
            run = pending if breaks else run + pending
            longest, pending, space, previous = max(longest, run), 0, False, char
    return max(longest, run + pending)


def _image_line(inline: Token, lines: list[str]) -> int:
    """The line of the paragraph where its first image starts."""
    first, last = inline.map or (0, len(lines))
    return next((n + 1 for n in range(first, last) if "![" in lines[n]), first + 1)


def _slug(text: str) -> str:
    """'Behovsanalyser och prognoser' → 'behovsanalyser-och-prognoser' (å, ä, ö as a, a, o)."""
    plain = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
