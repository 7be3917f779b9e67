"""The extract stage with files that are not what they should be, the inputs folder itself, and the
worker processes: bad files become findings naming the file and the run goes on; limits hold; the
output does not depend on how the work is split.

Every test writes its inputs with tests/factories.py in tmp_path and changes one thing.
"""

from __future__ import annotations

import dataclasses
import os
import time
import zipfile
from pathlib import Path

import pytest

try:
    from tests import factories as f
except ImportError:  # tests/ itself on sys.path (pytest's default rootdir-less import mode)
    import factories as f
from pipeline import contract as c
from pipeline.errors import UnreadableInputsError
from pipeline.paths import InputPaths, OutputPaths
from pipeline.rules import reading
from pipeline.stages import extract
from tests.extract_run import run_extract

P1 = "projects/projekt_0001.xlsx"
P2 = "projects/projekt_0002.xlsx"


@pytest.fixture
def programme(tmp_path) -> Path:
    return f.write_programme(tmp_path / "inputs", n_projects=3)


run = run_extract


def findings_for(findings, file, rule=None):
    return [x for x in findings if x["file"] == file and (rule is None or x["rule_id"] == rule.rule_id)]


# --- Bad files: a finding naming the file, and the other files still extracted. -----------------


def _ole2(payload: bytes) -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + payload + b"\x00" * 1024


def _billion_laughs(valid: bytes, target: Path) -> None:
    entities = b"".join(
        b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"lol") * 10) for n in range(1, 10)
    )
    doctype = b'<?xml version="1.0"?><!DOCTYPE lolz [' + entities + b"]>"
    source = zipfile.ZipFile(Path(valid))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                data = data.replace(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', doctype)
                data = data.replace(b"<v>2014</v>", b"<v>&lol9;</v>", 1)
            out.writestr(item, data)


def _with_member(valid: Path, target: Path, name: str, size: int) -> None:
    source = zipfile.ZipFile(valid)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            out.writestr(item, source.read(item.filename))
        out.writestr(name, b"\0" * size)


def _corrupt_member(valid: bytes) -> bytes:
    archive = zipfile.ZipFile(__import__("io").BytesIO(valid))
    info = archive.getinfo("xl/worksheets/sheet2.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 10
    return valid[:start] + bytes(b ^ 0x55 for b in valid[start : start + 40]) + valid[start + 40 :]


BAD_FILES = {
    # name: (how to make it from a valid workbook's bytes, the rule(s) expected)
    "empty": (lambda valid, path: path.write_bytes(b""), {reading.EMPTY_FILE}),
    "truncated": (lambda valid, path: path.write_bytes(valid[: len(valid) // 2]), {reading.CORRUPT_FILE}),
    "corrupt": (
        lambda valid, path: path.write_bytes(_corrupt_member(valid)),
        {reading.CORRUPT_FILE, reading.UNREADABLE},
    ),
    # An OLE2 header over junk: no container to open (a real .xls is read: test_extract_formats.py)
    "ole2": (lambda valid, path: path.write_bytes(_ole2(b"Workbook\x00" * 20)), {reading.NOT_A_WORKBOOK}),
    "password": (
        lambda valid, path: path.write_bytes(_ole2("EncryptedPackage".encode("utf-16-le"))),
        {reading.PASSWORD_PROTECTED},
    ),
    "csv": (
        lambda valid, path: path.write_text("År;Kostnadsslag;Budget\n2014;Personal;1000\n", encoding="utf-8"),
        {reading.TEXT_RENAMED},
    ),
    "docx": (
        lambda valid, path: zipfile.ZipFile(path, "w").writestr("word/document.xml", "<w/>"),
        {reading.NOT_A_WORKBOOK},
    ),
    "entities": (lambda valid, path: _billion_laughs(valid, path), {reading.XML_ENTITIES}),
    "bomb": (
        lambda valid, path: _with_member(valid, path, "xl/media/image1.png", 60 * 2**20),
        {reading.TOO_LARGE},
    ),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_bad_file_is_a_finding_and_the_run_goes_on(programme, tmp_path, kind):
    make, rules = BAD_FILES[kind]
    valid = programme / P1
    bad = programme / "projects" / "trasig.xlsx"
    make(valid.read_bytes() if kind not in ("entities", "bomb") else valid, bad)
    started = time.perf_counter()
    summary, tables, findings = run(programme, tmp_path / "out")
    assert time.perf_counter() - started < 20
    mine = findings_for(findings, "projects/trasig.xlsx")
    assert mine and {x["rule_id"] for x in mine} <= {r.rule_id for r in rules}, mine
    assert all(x["severity"] == "fel" and x["message"] for x in mine)
    assert summary["projekt"] == 3 and len(tables["projects"]) == 3  # the others are all there
    status = {r["source_file"]: r["status"] for r in tables["files"]}
    assert status["projects/trasig.xlsx"] == "unreadable" and status[P1] == "read"


def test_zip_limits_are_checked_before_reading(programme, tmp_path, monkeypatch):
    """A highly compressed member above the (shrunk) limits is refused from the zip directory."""
    monkeypatch.setattr(
        extract,
        "LIMITS",
        dataclasses.replace(extract.LIMITS, max_member_bytes=4 * 2**20, ratio_min_bytes=2**20),
    )
    _with_member(programme / P1, programme / "projects" / "ratio.xlsx", "xl/media/a.bin", 3 * 2**20)
    _, _, findings = run(programme, tmp_path / "out")
    (finding,) = findings_for(findings, "projects/ratio.xlsx")
    assert finding["rule_id"] == reading.TOO_LARGE.rule_id and "komprimerad" in finding["message"]


@pytest.fixture(scope="module")
def junk_workbook(tmp_path_factory) -> Path:
    """Project 1 with 100 000 junk rows below its costs (written once: it takes a second)."""
    junk = {("Kostnader", f"A{row}"): "skräp" for row in range(24, 100_024)}
    return f.write_project_workbook(
        tmp_path_factory.mktemp("junk") / "junk.xlsx", index=1, overrides=junk, totals=False
    )


def test_a_sheet_of_junk_rows_is_capped_and_reported(programme, tmp_path, junk_workbook):
    f.copy_workbook(junk_workbook, programme / P1)
    started = time.perf_counter()
    _, tables, findings = run(programme, tmp_path / "out")
    assert time.perf_counter() - started < 15
    mine = findings_for(findings, P1)
    rules = [x["rule_id"] for x in mine]
    assert reading.TOO_MANY_ROWS.rule_id in rules and reading.TOO_MANY_FINDINGS.rule_id in rules
    assert len(mine) <= extract.LIMITS.max_findings_per_sheet + 2
    assert len(tables["projects"]) == 3


def test_lock_files_hidden_and_other_files_are_ignored_and_listed(programme, tmp_path):
    (programme / "projects" / "~$projekt_0001.xlsx").write_bytes(b"\x00lock")
    (programme / "projects" / "anteckningar.txt").write_text("hej", encoding="utf-8")
    (programme / "projects" / ".DS_Store").write_bytes(b"\x00")
    _, tables, findings = run(programme, tmp_path / "out")
    files = {r["source_file"]: (r["kind"], r["status"]) for r in tables["files"]}
    assert files["projects/~$projekt_0001.xlsx"] == ("lock_file", "ignored")
    assert files["projects/anteckningar.txt"] == ("other", "ignored")
    assert files["projects/.DS_Store"] == ("hidden", "ignored")
    assert {(x["file"], x["rule_id"], x["severity"]) for x in findings} == {
        ("projects/~$projekt_0001.xlsx", reading.LOCK_FILE.rule_id, "varning"),
        ("projects/anteckningar.txt", reading.IGNORED_FILE.rule_id, "varning"),
        ("utbetalningar.xlsx", reading.PAYMENTS_MISSING.rule_id, "varning"),  # issue 14: optional file
    }
    assert len(tables["projects"]) == 3


def test_documentation_at_the_root_is_listed_without_a_finding(programme, tmp_path):
    (programme / "README.md").write_text("# Indata", encoding="utf-8")
    (programme / "readme.txt").write_text("Läs mig", encoding="utf-8")
    (programme / "anteckningar.md").write_text("Anteckningar", encoding="utf-8")
    (programme / "anteckningar.docx").write_bytes(b"PK")
    (programme / "projects" / "README.md").write_text("Inte här", encoding="utf-8")
    summary, tables, findings = run(programme, tmp_path / "out")
    files = {r["source_file"]: (r["kind"], r["status"]) for r in tables["files"]}
    assert (
        files["README.md"] == files["readme.txt"] == files["anteckningar.md"] == ("documentation", "ignored")
    )
    assert files["anteckningar.docx"] == files["projects/README.md"] == ("other", "ignored")
    assert {(x["file"], x["rule_id"]) for x in findings} == {
        ("anteckningar.docx", reading.IGNORED_FILE.rule_id),
        ("projects/README.md", reading.IGNORED_FILE.rule_id),
        ("utbetalningar.xlsx", reading.PAYMENTS_MISSING.rule_id),  # issue 14: optional file
    }
    assert summary["varning"] == 3


def test_chapter_texts_are_not_extracts_other_files_there_ignored(programme, tmp_path):
    (programme / "text").mkdir()
    (programme / "text" / "sammanfattning.md").write_text("# Sammanfattning\n", encoding="utf-8")
    (programme / "text" / "utkast.docx").write_bytes(b"PK")
    (programme / "text" / "gammalt" / "x.md").parent.mkdir()
    (programme / "text" / "gammalt" / "x.md").write_text("# X\n", encoding="utf-8")
    _, tables, findings = run(programme, tmp_path / "out")
    files = {r["source_file"]: r for r in tables["files"]}
    # The chapters are the render's input: the manifest records them, so a saved chapter never
    # reruns extract (issue 21).
    assert "text/sammanfattning.md" not in files and "text/utkast.docx" in files
    assert {(x["file"], x["rule_id"]) for x in findings if x["file"].startswith("text/")} == {
        ("text/utkast.docx", reading.IGNORED_FILE.rule_id),
        ("text/gammalt/x.md", reading.IGNORED_FILE.rule_id),
    }


def test_missing_register_and_meetings_are_findings(programme, tmp_path):
    (programme / "beslutsregister.xlsx").unlink()
    (programme / "traffar.xlsx").write_bytes(b"")
    summary, tables, findings = run(programme, tmp_path / "out")
    assert {(x["file"], x["rule_id"]) for x in findings} == {
        ("beslutsregister.xlsx", reading.REGISTER_MISSING.rule_id),
        ("traffar.xlsx", reading.EMPTY_FILE.rule_id),
        ("utbetalningar.xlsx", reading.PAYMENTS_MISSING.rule_id),  # issue 14: optional file
    }
    assert summary["fel"] == 2 and tables["register"] == [] and len(tables["projects"]) == 3


def test_no_projects_folder_or_no_workbooks_is_unusable_inputs(tmp_path):
    root = tmp_path / "inputs"
    root.mkdir()
    with pytest.raises(UnreadableInputsError, match="projects"):
        extract.run(InputPaths(root), OutputPaths(tmp_path / "out"))
    (root / "projects").mkdir()
    (root / "projects" / "~$lock.xlsx").write_bytes(b"x")
    with pytest.raises(UnreadableInputsError, match="inga arbetsböcker"):
        extract.run(InputPaths(root), OutputPaths(tmp_path / "out"))


# --- Reproducibility and parallelism. -----------------------------------------------------------


def _csv_bytes(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((out / "1_extracted").glob("*.csv"))}


def test_two_runs_give_identical_bytes(programme, tmp_path):
    f.write_project_workbook(programme / P2, index=2, overrides={("Kostnader", "C3"): "fel"})
    run(programme, tmp_path / "a")
    run(programme, tmp_path / "b")
    first, second = _csv_bytes(tmp_path / "a"), _csv_bytes(tmp_path / "b")
    assert first == second and len(first) == len(c.EXTRACTED_COLUMNS) + 1


def test_parallel_output_equals_serial_output(tmp_path, monkeypatch):
    root = f.write_programme(tmp_path / "inputs", n_projects=6)
    f.write_project_workbook(
        root / "projects" / "projekt_0004.xlsx", index=4, overrides={("Kostnader", "C3"): "fel"}
    )
    (root / "projects" / "tom.xlsx").write_bytes(b"")
    run(root, tmp_path / "serial", workers=1)
    monkeypatch.setattr(extract, "PARALLEL_THRESHOLD", 2)
    summary, _, _ = run(root, tmp_path / "parallel", workers=2)
    assert _csv_bytes(tmp_path / "serial") == _csv_bytes(tmp_path / "parallel")
    assert summary["arbetsböcker"] == 7 and summary["fel"] == 2


def test_a_worker_that_dies_costs_a_finding_for_its_file_not_the_run(tmp_path, monkeypatch):
    """A worker process that dies (here: exits hard on project 2) is survived: the parent retries
    the files one by one, blames project 2 alone and finishes the run."""
    root = f.write_programme(tmp_path / "inputs", n_projects=3)
    monkeypatch.setattr(extract, "PARALLEL_THRESHOLD", 1)
    read = extract._extract_project_safely

    def dies_on_project_2(path, rel, limits):
        if rel == P2:
            os._exit(1)
        return read(path, rel, limits)

    monkeypatch.setattr(extract, "_extract_project_safely", dies_on_project_2)  # forked workers inherit it
    summary, tables, findings = run(root, tmp_path / "out", workers=2)
    failed = {x["file"] for x in findings if x["rule_id"] == reading.WORKER_FAILED.rule_id}
    assert failed == {P2} and summary["fel"] == 1
    status = {r["source_file"]: r["status"] for r in tables["files"]}
    assert status[P2] == "unreadable" and status[P1] == "read"
    assert len(tables["register"]) == 3  # the parent still read the register


def test_workers_are_bounded_in_memory(tmp_path, monkeypatch):
    """Workers may add only LIMITS.memory_bytes to their address space; 256 KiB is too little to
    unpack any workbook, so every file is blamed, and the run still finishes. (Spawned workers: a
    forked one could reuse heap that pytest freed, which makes the bound depend on the parent.)"""
    root = f.write_programme(tmp_path / "inputs", n_projects=2)
    monkeypatch.setattr(extract, "START_METHOD", "spawn")
    monkeypatch.setattr(extract, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(extract, "LIMITS", dataclasses.replace(extract.LIMITS, memory_bytes=2**18))
    summary, tables, findings = run(root, tmp_path / "out", workers=2)
    blamed = {
        x["file"]
        for x in findings
        if x["rule_id"] in {reading.WORKER_FAILED.rule_id, reading.UNREADABLE.rule_id}
    }
    assert blamed == {P1, P2} and summary["fel"] == 2
    assert len(tables["register"]) == 2  # the parent still read the register


def test_the_watchdog_ends_a_workbook_that_takes_too_long(programme, tmp_path, monkeypatch, junk_workbook):
    """Reading 100 000 rows takes far more than 10 ms: the worker is ended and its file blamed."""
    f.copy_workbook(junk_workbook, programme / P1)
    monkeypatch.setattr(extract, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(extract, "LIMITS", dataclasses.replace(extract.LIMITS, timeout_seconds=0.01))
    _, tables, findings = run(programme, tmp_path / "out", workers=2)
    (finding,) = findings_for(findings, P1)
    assert finding["rule_id"] == reading.WORKER_FAILED.rule_id and "0.01 s" in finding["message"]
    assert len(tables["files"]) == 6
