"""Swedish spelling, offline: Hunspell with Debian's Swedish dictionary (hunspell, hunspell-sv;
`make system-libs` installs them) and the project's short list of proper names
(tests/spelling_words.txt, one word a line).

`unknown_words(text)` returns the words Hunspell does not know, each once, in order. A PDF is read
with `pdftotext -layout`: its default mode joins a hyphen at a line end with the next line
("stål-" + "och" → "ståloch"), a false alarm.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

WORD_LIST = Path(__file__).with_name("spelling_words.txt")
DICTIONARY = "sv_SE"


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def unknown_words(text: str) -> list[str]:
    """The words of `text` that neither the Swedish dictionary nor the project's list knows."""
    result = subprocess.run(
        ["hunspell", "-d", DICTIONARY, "-p", str(WORD_LIST), "-l", "-i", "utf-8"],
        input=text,
        capture_output=True,
        check=True,
        text=True,
    )
    # The Swedish dictionary counts "." as part of a word (for "t.ex."): a word at a sentence's
    # end comes back with its full stop.
    return list(dict.fromkeys(word.rstrip(".") for word in result.stdout.split()))


# What is not a word in the reviewers' edition: paths and file names, identifiers, checksums,
# cell references and rule ids are its subject, so they are left out before the check.
_NOT_WORDS = re.compile(
    r"\S*[/_.@\\]\S*[\w]\S*"  # a path, file name, snake_case identifier or address
    r"|\b[0-9a-f]{16,}\b"  # a checksum
    r"|\b[A-Z]{1,3}\d+\b"  # a cell reference, rule id or column abbreviation (B9, V01, I4)
    r"|\S*[A-Za-z]\S*\d\S*"  # a name with digits in it (SHA-256, sha256sum, UTF-8)
)


def without_identifiers(text: str, names: set[str] = frozenset()) -> str:
    """`text` without paths, file names, checksums, cell references, rule ids and the given names
    (the catalog's column and table names, which the reviewers' edition quotes)."""
    text = _NOT_WORDS.sub(" ", text)
    return " ".join(word for word in text.split(" ") if word.strip(".,;:()") not in names)


# Cells the reviewers' edition marks as identifiers: file paths, checksums, case and rule ids.
_IDENTIFIER_CELLS = re.compile(r'<td class="(?:path|hash|code)">.*?</td>', re.S)


def html_text(path: Path, *, without_identifier_cells: bool = False) -> str:
    """The text a reader sees in an HTML document; for the reviewers' edition, its identifier
    cells may be left out (the PDF breaks long paths across lines, into fragments)."""
    markup = path.read_text(encoding="utf-8")
    markup = re.sub(r"<style>.*?</style>|<head>.*?</head>", " ", markup, flags=re.S)
    if without_identifier_cells:
        markup = _IDENTIFIER_CELLS.sub(" ", markup)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))
