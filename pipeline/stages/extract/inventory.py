"""The inputs folder: every file in it, classified, and the files table."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ...errors import UnreadableInputsError
from ...paths import MEETINGS_NAME, PAYMENTS_NAME, PROJECTS_DIRNAME, REGISTER_NAME, TEXT_DIRNAME, InputPaths
from ...rules.reading import IGNORED_FILE, LOCK_FILE, SAME_PROJECT_TWO_FORMATS
from .formats import SPREADSHEET_SUFFIXES, WORKBOOK_SUFFIXES

# The kinds of file the stages read (the others are listed in files.csv as ignored).
READ_KINDS = ("config", "register", "meetings", "payments", "workbook")


@dataclass
class InputFile:
    """One file under the inputs folder: a row of files.csv."""

    path: Path
    rel: str  # relative POSIX path, the source_file of everything read from it
    kind: str  # config, register, meetings, payments, workbook, documentation, lock_file, hidden,
    # other
    status: str  # read, ignored, unreadable
    size: int
    sha256: str = ""
    project_id: str = ""

    def as_row(self) -> dict:
        return {
            "source_file": self.rel,
            "kind": self.kind,
            "status": self.status,
            "size_bytes": self.size,
            "sha256": self.sha256,
            "project_id": self.project_id,
        }


def inventory(inputs: InputPaths) -> list[InputFile]:
    """Every file under the inputs folder, classified, sorted by relative POSIX path."""
    if not inputs.root.is_dir():
        raise UnreadableInputsError(
            f"Inputs-mappen {inputs.root} finns inte. Ange en mapp med programme.toml, "
            "beslutsregister.xlsx, traffar.xlsx och mappen projects."
        )
    special = {
        inputs.config.relative_to(inputs.root).as_posix(): "config",
        inputs.register.relative_to(inputs.root).as_posix(): "register",
        inputs.meetings.relative_to(inputs.root).as_posix(): "meetings",
        inputs.payments.relative_to(inputs.root).as_posix(): "payments",
    }
    files = []
    for directory, subdirs, names in os.walk(inputs.root):
        subdirs.sort()
        for name in sorted(names):
            path = Path(directory) / name
            if not path.is_file():
                continue
            rel = path.relative_to(inputs.root).as_posix()
            if is_chapter_file(PurePosixPath(rel)):
                continue
            kind = _classify(PurePosixPath(rel), special)
            status = "read" if kind in READ_KINDS else "ignored"
            files.append(InputFile(path, rel, kind, status, path.stat().st_size))
    files.sort(key=lambda f: f.rel)
    return files


def is_chapter_file(rel: PurePosixPath) -> bool:
    """The agency's chapter texts (text/*.md) and an editor's hidden files beside them: the render's
    inputs, not extract's. The review stage's manifest records their checksums, so a saved chapter
    reruns review, render and html, never extract (the Makefile's listings draw the same line)."""
    return (
        len(rel.parts) == 2
        and rel.parts[0] == TEXT_DIRNAME
        and (rel.suffix.lower() == ".md" or rel.name.startswith("."))
    )


def _classify(rel: PurePosixPath, special: dict[str, str]) -> str:
    if any(part.startswith(".") for part in rel.parts[:-1]):
        return "hidden"
    if lock_file_of(rel.name):
        return "lock_file"
    if rel.name.startswith("."):
        return "hidden"
    if rel.as_posix() in special:
        return special[rel.as_posix()]
    if rel.parts[0] == PROJECTS_DIRNAME and rel.suffix.lower() in SPREADSHEET_SUFFIXES:
        return "workbook"
    if len(rel.parts) == 1 and _is_documentation(rel):
        return "documentation"
    return "other"


def _is_documentation(rel: PurePosixPath) -> bool:
    """A README (any of .md/.txt or none) or any Markdown file: notes about the folder, not data."""
    suffix = rel.suffix.lower()
    return suffix in (".md", ".markdown") or (rel.stem.upper() == "README" and suffix in ("", ".txt"))


# The programme's lists, by the stem of their names: a beslutsregister.ods is not read as the register.
_LISTS = {PurePosixPath(name).stem.casefold(): name for name in (REGISTER_NAME, MEETINGS_NAME, PAYMENTS_NAME)}


def lock_file_of(name: str) -> tuple[str, str] | None:
    """(the program, the workbook's name) when `name` is a lock file an open workbook leaves:
    Excel's ~$name.xlsx, LibreOffice's .~lock.name.ods#."""
    if name.startswith("~$"):
        return "Excel", name[2:]
    if name.startswith(".~lock.") and name.endswith("#"):
        return "LibreOffice", name[len(".~lock.") : -1]
    return None


def ignored_file_findings(files: list[InputFile]) -> list[dict[str, str]]:
    findings = []
    for entry in files:
        if entry.kind == "lock_file":
            program, name = lock_file_of(entry.path.name) or ("", entry.path.name)
            findings.append(LOCK_FILE.finding(file=entry.rel, name=name, program=program))
        elif entry.kind == "other":
            if entry.rel.startswith(PROJECTS_DIRNAME + "/"):
                reason = "i mappen projects läses bara arbetsböcker (" + ", ".join(WORKBOOK_SUFFIXES) + ")"
            elif (listed := _LISTS.get(PurePosixPath(entry.rel).stem.casefold())) and "/" not in entry.rel:
                reason = f"den läses bara som {listed}; spara den som Excel-arbetsbok med det namnet"
            elif entry.path.suffix.lower() in SPREADSHEET_SUFFIXES:
                reason = f"projektarbetsböcker ska ligga i mappen {PROJECTS_DIRNAME}"
            else:
                reason = "filen är ingen indatafil"
            findings.append(IGNORED_FILE.finding(file=entry.rel, reason=reason))
    return findings


def same_name_findings(files: list[InputFile]) -> list[dict[str, str]]:
    """A fel on each workbook saved under the same name in several formats (projekt.xlsx and
    projekt.ods): which of them is the project's report is for a person to say."""
    by_stem: dict[str, list[InputFile]] = {}
    for entry in files:
        if entry.kind == "workbook":
            stem = PurePosixPath(entry.rel).with_suffix("").as_posix().casefold()
            by_stem.setdefault(stem, []).append(entry)
    findings = []
    for entries in by_stem.values():
        if len(entries) > 1:
            names = ", ".join(e.rel for e in entries)
            findings += [SAME_PROJECT_TWO_FORMATS.finding(file=e.rel, files=names) for e in entries]
    return findings


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
