"""Workbooks saved as .xls, .ods or .xlsm are read like the .xlsx; what cannot be read so (.xlsb, a
damaged or protected file) is a fel naming the file, and its decision is never reported as one
without a workbook (issue 22, point 2).

The copies are made as a region makes them: LibreOffice saves the workbook in the other format
(`soffice --headless --convert-to`), once per session, all formats at once (about 5 s). Where
LibreOffice is missing it is installed (as root, with apt-get: libreoffice-calc-nogui); where that
is not possible, the tests that need a copy are skipped and say why.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

try:
    from tests import factories as f
except ImportError:  # tests/ itself on sys.path
    import factories as f
from pipeline.cli import cli
from pipeline.paths import REPO_ROOT
from pipeline.rules import reading
from pipeline.safe_io import read_rows
from pipeline.stages.extract import xls
from pipeline.stages.extract.limits import Unreadable

SAMPLE = REPO_ROOT / "inputs"
# Three of the sample's workbooks, each replaced by a copy in another format.
SAMPLE_COPIES = {"01_2013-009662": "xls", "01_2015-004705": "ods", "01_2017-004615": "xlsm"}
FORMATS = ("xls", "ods", "xlsm")
FILTERS = {"xls": "xls", "ods": "ods", "xlsm": "xlsm:Calc MS Excel 2007 VBA XML"}
# Project 2 of the small programme, with findings at known cells: text in an amount, a blank cell.
BAD_CELLS = {("Kostnader", "C3"): "tolv tusen", ("Finansiering", "C2"): None}


def _soffice() -> str | None:
    found = shutil.which("soffice")
    if found or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "libreoffice-calc-nogui"],
    ):
        if subprocess.run(command, env=env, capture_output=True, timeout=900).returncode:
            return None
    return shutil.which("soffice")


@pytest.fixture(scope="session")
def converted(tmp_path_factory) -> dict[str, Path]:
    """{"<stem>.<format>": path} of the sample's three workbooks and the small programme's projects
    1 and 2 (2 with BAD_CELLS), each saved by LibreOffice in every format of FORMATS."""
    soffice = _soffice()
    if soffice is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed and cannot be installed here (needs root and "
            "apt-get): apt-get install libreoffice-calc-nogui"
        )
    root = tmp_path_factory.mktemp("converted")
    sources = [SAMPLE / "projects" / f"{stem}.xlsx" for stem in SAMPLE_COPIES]
    sources.append(f.write_project_workbook(root / "projekt_0001.xlsx", index=1))
    sources.append(f.write_project_workbook(root / "projekt_0002.xlsx", index=2, overrides=BAD_CELLS))
    runs = {
        target: subprocess.Popen(
            [
                soffice,
                f"-env:UserInstallation={(root / f'profile-{target}').as_uri()}",  # one per process
                "--headless",
                "--convert-to",
                FILTERS[target],
                "--outdir",
                str(root / target),
                *map(str, sources),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for target in FORMATS
    }
    copies = {}
    for target, process in runs.items():
        output, _ = process.communicate(timeout=300)
        for source in sources:
            copy = root / target / f"{source.stem}.{target}"
            assert copy.is_file(), output.decode(errors="replace")
            copies[copy.name] = copy
    return copies


def _run(inputs: Path, outputs: Path, *stages: str) -> None:
    for stage in stages:
        result = CliRunner().invoke(cli, [stage, "--inputs", str(inputs), "--outputs", str(outputs)])
        assert result.exit_code == 0, result.output


def _csvs(outputs: Path, renamed: dict[str, str]) -> dict[str, str]:
    """Every CSV the stages wrote (files.csv aside: sizes and checksums differ by format), with
    each copy's file name put back to the original's."""
    texts = {}
    for path in sorted(outputs.rglob("*.csv")):
        if path.name != "files.csv":
            text = path.read_text(encoding="utf-8")
            for copy, original in renamed.items():
                text = re.sub(re.escape(copy) + r"\b", original, text)
            texts[path.relative_to(outputs).as_posix()] = text
    return texts


def _replace(projects: Path, stem: str, copy: Path, name: str | None = None) -> str:
    """Put `copy` in place of projects/<stem>.xlsx; the new file's relative path."""
    (projects / f"{stem}.xlsx").unlink()
    target = projects / (name or copy.name)
    shutil.copyfile(copy, target)
    return f"projects/{target.name}"


# --- The same figures, the same findings at the same cells. ---------------------------------------


def test_the_samples_copies_give_the_same_figures_and_findings(converted, tmp_path):
    """The sample with three workbooks replaced by their .xls, .ods and .xlsm copies: every
    extracted table, every finding and every aggregated figure is what the .xlsx gave."""
    for name in ("original", "copies"):
        shutil.copytree(SAMPLE, tmp_path / name, ignore=shutil.ignore_patterns("text"))
    renamed = {}
    for stem, target in SAMPLE_COPIES.items():
        rel = _replace(tmp_path / "copies" / "projects", stem, converted[f"{stem}.{target}"])
        renamed[rel] = f"projects/{stem}.xlsx"
    for name in ("original", "copies"):
        _run(tmp_path / name, tmp_path / f"out-{name}", "extract", "validate", "aggregate")
    original = _csvs(tmp_path / "out-original", {})
    assert "3_aggregated/projects.csv" in original or any(k.startswith("3_aggregated/") for k in original)
    assert _csvs(tmp_path / "out-copies", renamed) == original
    files = {r["source_file"]: r for r in read_rows(tmp_path / "out-copies" / "1_extracted" / "files.csv")}
    assert {files[rel]["status"] for rel in renamed} == {"read"}


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    """Three projects; project 2 has BAD_CELLS."""
    inputs = f.write_programme(tmp_path_factory.mktemp("small") / "inputs", n_projects=3)
    f.write_project_workbook(inputs / "projects" / "projekt_0002.xlsx", index=2, overrides=BAD_CELLS)
    return inputs


@pytest.mark.parametrize("target", FORMATS)
def test_a_copy_with_errors_gives_the_same_findings_at_the_same_cells(converted, small, tmp_path, target):
    original, copies = tmp_path / "original", tmp_path / "copies"
    shutil.copytree(small, original)
    shutil.copytree(small, copies)
    rel = _replace(copies / "projects", "projekt_0002", converted[f"projekt_0002.{target}"])
    for inputs in (original, copies):
        _run(inputs, tmp_path / f"out-{inputs.name}", "extract", "validate")
    expected = _csvs(tmp_path / "out-original", {})
    cells = {
        (x["file"], x["sheet"], x["cell"]) for x in read_rows(tmp_path / "out-original" / "findings.csv")
    }
    assert {
        ("projects/projekt_0002.xlsx", "Kostnader", "C3"),
        ("projects/projekt_0002.xlsx", "Finansiering", "C2"),
    } <= cells
    assert _csvs(tmp_path / "out-copies", {rel: "projects/projekt_0002.xlsx"}) == expected


# --- Names: upper case, lock files, a misleading extension, one workbook in two formats. ----------


def _extract(inputs: Path, outputs: Path) -> tuple[dict[str, dict], list[dict]]:
    _run(inputs, outputs, "extract")
    files = {r["source_file"]: r for r in read_rows(outputs / "1_extracted" / "files.csv")}
    return files, read_rows(outputs / "1_extracted" / "extract_findings.csv")


def test_upper_case_extensions_are_workbooks(converted, small, tmp_path):
    inputs = tmp_path / "inputs"
    shutil.copytree(small, inputs)
    (inputs / "projects" / "projekt_0001.xlsx").rename(inputs / "projects" / "projekt_0001.XLSX")
    _replace(inputs / "projects", "projekt_0003", converted["projekt_0001.xls"], "projekt_0003.Xls")
    files, findings = _extract(inputs, tmp_path / "out")
    read = {
        rel: (r["kind"], r["status"], r["project_id"])
        for rel, r in files.items()
        if rel.startswith("projects/")
    }
    assert read["projects/projekt_0001.XLSX"] == ("workbook", "read", f.project_id(1))
    assert read["projects/projekt_0003.Xls"] == ("workbook", "read", f.project_id(1))


def test_lock_files_of_excel_and_libreoffice_are_named_and_not_read(small, tmp_path):
    inputs = tmp_path / "inputs"
    shutil.copytree(small, inputs)
    (inputs / "projects" / "~$projekt_0001.xlsx").write_bytes(b"\x00lock")
    (inputs / "projects" / ".~lock.projekt_0003.ods#").write_text(",user,host,2026-12-07;", encoding="utf-8")
    files, findings = _extract(inputs, tmp_path / "out")
    locks = {(x["file"], x["message"]) for x in findings if x["rule_id"] == reading.LOCK_FILE.rule_id}
    assert {rel: files[rel]["kind"] for rel, _ in locks} == {
        "projects/~$projekt_0001.xlsx": "lock_file",
        "projects/.~lock.projekt_0003.ods#": "lock_file",
    }
    messages = dict(locks)
    assert "(Excel)" in messages["projects/~$projekt_0001.xlsx"]
    assert "projekt_0003.ods verkar vara öppen" in messages["projects/.~lock.projekt_0003.ods#"]


def test_an_xls_named_xlsx_is_read_as_what_it_is_with_a_warning(converted, small, tmp_path):
    inputs = tmp_path / "inputs"
    shutil.copytree(small, inputs)
    rel = _replace(inputs / "projects", "projekt_0001", converted["projekt_0001.xls"], "projekt_0001.xlsx")
    files, findings = _extract(inputs, tmp_path / "out")
    assert (files[rel]["status"], files[rel]["project_id"]) == ("read", f.project_id(1))
    (mine,) = [x for x in findings if x["file"] == rel]
    assert (mine["rule_id"], mine["severity"]) == (reading.WRONG_EXTENSION.rule_id, "varning")
    assert "Excel 97–2003-arbetsbok (.xls) men har ändelsen .xlsx" in mine["message"]


def test_one_workbook_in_two_formats_is_a_fel_naming_both(converted, small, tmp_path):
    inputs = tmp_path / "inputs"
    shutil.copytree(small, inputs)
    shutil.copyfile(converted["projekt_0001.ods"], inputs / "projects" / "projekt_0001.ods")
    _run(inputs, tmp_path / "out", "extract", "validate")
    findings = read_rows(tmp_path / "out" / "findings.csv")
    both = "projects/projekt_0001.ods, projects/projekt_0001.xlsx"
    same = [x for x in findings if x["rule_id"] == reading.SAME_PROJECT_TWO_FORMATS.rule_id]
    assert sorted((x["file"], x["severity"], x["project_id"]) for x in same) == [
        ("projects/projekt_0001.ods", "fel", f.project_id(1)),
        ("projects/projekt_0001.xlsx", "fel", f.project_id(1)),
    ]
    assert all(both in x["message"] for x in same)
    status = {
        r["source_file"]: r["status"]
        for r in read_rows(tmp_path / "out" / "2_validated" / "project_status.csv")
    }
    assert status[f"{both.replace(', ', '; ')}"] == "set_aside"


# --- What cannot be read like an .xlsx: a fel naming the file; never "without a workbook". --------


def _xlsb(valid: bytes, path: Path) -> None:
    with zipfile.ZipFile(path, "w") as out:
        out.writestr("[Content_Types].xml", "<Types/>")
        out.writestr("xl/workbook.bin", b"\x83\x01\x00")


def _strip_formula_results(valid: bytes, path: Path) -> None:
    """An .ods as a tool that does not calculate writes it: formulas without a value type."""
    source = zipfile.ZipFile(__import__("io").BytesIO(valid))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "content.xml":
                data = re.sub(
                    rb'(table:formula="[^"]*")((?: [a-z]+:[a-z-]+="[^"]*")*)',
                    lambda m: (
                        m.group(1) + re.sub(rb' (?:office|calcext):value(?:-type)?="[^"]*"', b"", m.group(2))
                    ),
                    data,
                )
            out.writestr(item, data)


def _with_content(valid: bytes, path: Path, change) -> None:
    source = zipfile.ZipFile(__import__("io").BytesIO(valid))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            out.writestr(item, change(item.filename, source.read(item.filename)))


def _encrypted(name: str, data: bytes) -> bytes:
    """What LibreOffice writes with a password: content.xml is ciphertext, and the manifest says how."""
    if name == "content.xml":
        return bytes(range(256)) * 8
    if name == "META-INF/manifest.xml":
        return re.sub(
            rb'(<manifest:file-entry manifest:full-path="content.xml"[^>]*?)/>',
            rb'\1><manifest:encryption-data manifest:checksum-type="SHA1/1K"/></manifest:file-entry>',
            data,
        )
    return data


def _repeated(name: str, data: bytes) -> bytes:
    """4,000 rows of 16,000 filled cells in 200 bytes (calamine: 34 s and 6.4 GB to read it)."""
    if name != "content.xml":
        return data
    row = (
        b'<table:table-row table:number-rows-repeated="4000"><table:table-cell table:number-columns-repeated='
        b'"16000" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>'
    )
    first = data.index(b"<table:table-row")
    return data[:first] + row + data[first:]


_DOCTYPE = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
UNREADABLE_COPIES = {
    # name: (source format, how to make the bad file from the copy's bytes, its extension, rule)
    "xlsb": ("xlsx", _xlsb, ".xlsb", reading.UNSUPPORTED_FORMAT),
    "ods_entities": (
        "ods",
        lambda valid, path: _with_content(
            valid, path, lambda n, d: _DOCTYPE + d.split(b"?>", 1)[1] if n == "content.xml" else d
        ),
        ".ods",
        reading.XML_ENTITIES,
    ),
    "ods_password": (
        "ods",
        lambda valid, path: _with_content(valid, path, _encrypted),
        ".ods",
        reading.PASSWORD_PROTECTED,
    ),
    "ods_bomb": (
        "ods",
        lambda valid, path: _with_content(
            valid, path, lambda n, d: d + b" " * (60 * 2**20) if n == "content.xml" else d
        ),
        ".ods",
        reading.TOO_LARGE,
    ),
    "ods_repeats": (
        "ods",
        lambda valid, path: _with_content(valid, path, _repeated),
        ".ods",
        reading.TOO_LARGE,
    ),
    # Two values, A1 and XFD5000: 82 million cells to calamine (a 5 KB .xlsx took 2.5 GB).
    "xlsx_far_cell": (
        "xlsx",
        lambda valid, path: f.write_project_workbook(
            path, index=1, overrides={("Berättelse", "XFD5000"): "x"}
        ),
        ".xlsx",
        reading.TOO_LARGE,
    ),
    # The same far away without an address: a row of 16,384 cells whose places are counted.
    "xlsx_cells_without_address": (
        "xlsx",
        lambda valid, path: _with_content(
            valid,
            path,
            lambda n, d: (
                d.replace(
                    b"</sheetData>", b'<row r="5000">' + b"<c><v>1</v></c>" * 16384 + b"</row></sheetData>"
                )
                if n == "xl/worksheets/sheet5.xml"
                else d
            ),
        ),
        ".xlsx",
        reading.TOO_LARGE,
    ),
    "csv": (
        "xlsx",
        lambda valid, path: path.write_text("År;Kostnadsslag;Utfall\n2014;Personal;1000\n", encoding="utf-8"),
        ".csv",
        reading.UNSUPPORTED_FORMAT,
    ),
    "numbers": (
        "xlsx",
        lambda valid, path: zipfile.ZipFile(path, "w").writestr("Index/Document.iwa", b"\0"),
        ".numbers",
        reading.UNSUPPORTED_FORMAT,
    ),
    "xls_truncated": (
        "xls",
        lambda valid, path: path.write_bytes(valid[:2048]),
        ".xls",
        reading.NOT_A_WORKBOOK,
    ),
    "xls_empty": ("xls", lambda valid, path: path.write_bytes(b""), ".xls", reading.EMPTY_FILE),
}


@pytest.mark.parametrize("kind", sorted(UNREADABLE_COPIES))
def test_an_unreadable_workbook_is_a_fel_and_its_decision_is_not_without_one(request, small, tmp_path, kind):
    """Named after its decision's id, the file's fel carries the id and no V15 says the decision
    has no workbook; named otherwise, V15 names the file that could not be read."""
    source, make, suffix, rule = UNREADABLE_COPIES[kind]
    inputs = tmp_path / "inputs"
    shutil.copytree(small, inputs)
    if source == "xlsx":  # needs no LibreOffice
        valid = (small / "projects" / "projekt_0001.xlsx").read_bytes()
    else:
        valid = request.getfixturevalue("converted")[f"projekt_0001.{source}"].read_bytes()
    (inputs / "projects" / "projekt_0001.xlsx").unlink()
    named = inputs / "projects" / f"01_2014-000001{suffix}"  # the digits of Ä 2014-000001
    make(valid, named)
    _run(inputs, tmp_path / "out", "extract", "validate")
    findings = read_rows(tmp_path / "out" / "findings.csv")
    rel = f"projects/{named.name}"
    mine = [(x["rule_id"], x["severity"], x["project_id"]) for x in findings if x["file"] == rel]
    assert mine == [(rule.rule_id, "fel", f.project_id(1))]
    assert not [x for x in findings if x["rule_id"] == "V15"]

    named.rename(named.with_name(f"okänd{suffix}"))
    _run(inputs, tmp_path / "out2", "extract", "validate")
    (v15,) = [x for x in read_rows(tmp_path / "out2" / "findings.csv") if x["rule_id"] == "V15"]
    assert v15["value"] == f.project_id(1)
    assert f"lästes inte: projects/okänd{suffix}" in v15["message"]


def test_an_ods_formula_without_a_stored_result_is_a_finding_at_its_cell(converted, small, tmp_path):
    """The cells are those whose value the .xlsx gives as a formula result (its Summa rows)."""
    inputs = tmp_path / "inputs"
    shutil.copytree(small, inputs)
    _run(inputs, tmp_path / "out-xlsx", "extract")
    formulas = read_rows(tmp_path / "out-xlsx" / "1_extracted" / "formula_cells.csv")
    expected = {(x["sheet"], x["cell"]) for x in formulas if x["source_file"] == "projects/projekt_0001.xlsx"}
    assert len(expected) >= 3
    (inputs / "projects" / "projekt_0001.xlsx").unlink()
    _strip_formula_results(
        converted["projekt_0001.ods"].read_bytes(), inputs / "projects" / "projekt_0001.ods"
    )
    files, findings = _extract(inputs, tmp_path / "out")
    found = {
        (x["sheet"], x["cell"]) for x in findings if x["rule_id"] == reading.FORMULA_WITHOUT_RESULT.rule_id
    }
    assert found == expected


def test_an_xls_with_a_password_is_said_to_have_one():
    """A BIFF8 stream whose globals hold FILEPASS (what Excel writes for a password)."""
    bof = (
        (0x0809).to_bytes(2, "little")
        + (16).to_bytes(2, "little")
        + (0x0600).to_bytes(2, "little")
        + bytes(14)
    )
    filepass = (0x002F).to_bytes(2, "little") + (6).to_bytes(2, "little") + bytes(6)
    with pytest.raises(Unreadable) as raised:
        xls.formula_cells(bof + filepass)
    assert raised.value.rule is reading.PASSWORD_PROTECTED


def test_a_template_is_read_as_its_format_and_a_list_in_another_format_is_named(small, tmp_path):
    """projekt_0001.xltx (an .xlsx by its bytes) is read, with a warning about its name; a
    beslutsregister.ods beside the register is not taken for it, and the warning says why; a
    PDF in projects/ is named by V15 of the decision that has no workbook."""
    inputs = tmp_path / "inputs"
    shutil.copytree(small, inputs)
    (inputs / "projects" / "projekt_0001.xlsx").rename(inputs / "projects" / "projekt_0001.xltx")
    shutil.copyfile(inputs / "beslutsregister.xlsx", inputs / "beslutsregister.ods")
    (inputs / "projects" / "projekt_0002.xlsx").rename(inputs / "projects" / "projekt_0002.pdf")
    _run(inputs, tmp_path / "out", "extract", "validate")
    findings = read_rows(tmp_path / "out" / "findings.csv")
    by_file = {x["file"]: x for x in findings if x["rule_id"].startswith("extract_")}
    assert by_file["projects/projekt_0001.xltx"]["rule_id"] == reading.WRONG_EXTENSION.rule_id
    assert "den läses bara som beslutsregister.xlsx" in by_file["beslutsregister.ods"]["message"]
    files = {r["source_file"]: r for r in read_rows(tmp_path / "out" / "1_extracted" / "files.csv")}
    assert (
        files["projects/projekt_0001.xltx"]["status"],
        files["projects/projekt_0001.xltx"]["project_id"],
    ) == (
        "read",
        f.project_id(1),
    )
    (v15,) = [x for x in findings if x["rule_id"] == "V15"]
    assert v15["value"] == f.project_id(2) and "lästes inte: projects/projekt_0002.pdf" in v15["message"]


def _record(kind: int, body: bytes) -> bytes:
    return kind.to_bytes(2, "little") + len(body).to_bytes(2, "little") + body


def test_an_xls_sheets_span_counts_its_farthest_value_and_not_its_blanks():
    """BIFF8: a NUMBER at B3 and a MULRK ending in column F of row 2 span 3 rows and 6 columns; a
    BLANK at IV65536 holds no value (calamine skips it), so it does not count."""
    globals_ = _record(0x0809, (0x0600).to_bytes(2, "little") + bytes(14))
    name = b"\x05\x00Blad1"
    sheet_at = len(globals_) + len(_record(0x0085, bytes(6) + name)) + len(_record(0x000A, b""))
    stream = (
        globals_ + _record(0x0085, sheet_at.to_bytes(4, "little") + bytes(2) + name) + _record(0x000A, b"")
    )
    number = (2).to_bytes(2, "little") + (1).to_bytes(2, "little") + bytes(10)
    mulrk = (1).to_bytes(2, "little") + (3).to_bytes(2, "little") + bytes(12) + (5).to_bytes(2, "little")
    blank = (65535).to_bytes(2, "little") + (255).to_bytes(2, "little") + bytes(2)
    stream += _record(0x0809, bytes(16)) + _record(0x0203, number) + _record(0x00BD, mulrk)
    stream += _record(0x0201, blank) + _record(0x000A, b"")
    formulas, spans = xls.formula_cells(stream)
    assert (formulas, spans) == ({"Blad1": {}}, {"Blad1": (3, 6)})
