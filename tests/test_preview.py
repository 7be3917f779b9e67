"""The live preview (issue 21): the page from memory, the error overlay and its removal, the reload
events, a save seen by the watcher, and a server that serves the edition's own files only."""

from __future__ import annotations

import http.client
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pipeline.errors import UnreadableInputsError
from pipeline.paths import REPO_ROOT, TEMPLATES_DIR
from pipeline.preview import watch as watch_module
from pipeline.preview.edition import Edition
from pipeline.preview.lock import OutputsLock
from pipeline.preview.overlay import OVERLAY_ID
from pipeline.preview.server import PreviewServer, safe_name


@pytest.fixture
def preview(programme_with_texts):
    """An edition made from the built hand-overs, served by a server in a thread (any free port)."""
    inputs, outputs = programme_with_texts
    edition = Edition(inputs, outputs)
    edition.update("text")
    assert edition.problem is None
    server = PreviewServer(edition, 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield inputs, outputs, edition, server
    server.stop()
    thread.join(5)


def _get(server: PreviewServer, path: str, host: str | None = None) -> tuple[int, str]:
    connection = http.client.HTTPConnection(*server.server_address, timeout=10)
    connection.putrequest("GET", path, skip_host=True)  # the path is sent exactly as written
    connection.putheader("Host", host or f"127.0.0.1:{server.server_address[1]}")
    connection.endheaders()
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    connection.close()
    return response.status, body


def _misspell(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("programme_totals.total_cost", "programme_totals.total_kost"), encoding="utf-8"
    )


def test_the_page_is_the_edition_with_the_reload_script(preview):
    _, _, edition, server = preview
    status, page = _get(server, "/")
    assert status == 200 and '<html lang="sv">' in page
    assert f'<script src="/__preview/reload.js" data-version="{edition.version}"></script></body>' in page
    assert OVERLAY_ID not in page
    assert _get(server, "/screen.css")[0] == 200 and _get(server, "/__preview/reload.js")[0] == 200
    assert server.server_address[0] == "127.0.0.1"


def test_a_misspelt_name_shows_over_the_page_with_a_suggestion_until_fixed(preview):
    inputs, _, edition, server = preview
    chapter = inputs.text_file("sammanfattning")
    good = chapter.read_text(encoding="utf-8")
    _misspell(chapter)
    edition.update("text")
    status, page = _get(server, "/")
    assert status == 200 and f'<section id="{OVERLAY_ID}" role="alert"' in page
    line = next(n for n, text in enumerate(good.split("\n"), 1) if "programme_totals.total_cost" in text)
    assert f"<strong>text/sammanfattning.md, rad {line}, kolumn " in page
    assert "ingen kolumn &#39;total_kost&#39;; menade du <code>total_cost</code>?" in page
    assert "{{programme_totals.total_kost:mnkr}}" in page.replace("<mark>{</mark>", "{")  # the line quoted
    assert "<h1" in page.split(OVERLAY_ID)[0]  # the last good page stays under the message

    chapter.write_text(good.replace("Tillväxtverket", "Tillväxtverket (rättad)", 1), encoding="utf-8")
    edition.update("text")
    status, page = _get(server, "/")
    assert OVERLAY_ID not in page and "Tillväxtverket (rättad)" in page


def test_a_tab_showing_an_older_version_is_told_to_reload(preview):
    inputs, _, edition, server = preview
    seen = edition.version
    edition.update("text")
    connection = http.client.HTTPConnection(*server.server_address, timeout=10)
    connection.request("GET", f"/__preview/events?version={seen}")
    response = connection.getresponse()
    assert response.getheader("Content-Type") == "text/event-stream"
    received = b""
    while b"event: reload" not in received:
        received += response.fp.readline()
    assert response.fp.readline() == f"data: {edition.version}\n".encode()
    connection.close()


def test_a_save_seen_by_the_watcher_reloads_the_page(preview):
    inputs, _, edition, server = preview
    stop = threading.Event()
    kinds: list[str] = []

    def on_change(kind, paths):
        kinds.append(kind)
        edition.update(kind)

    watcher = threading.Thread(
        target=watch_module.watch_inputs, args=(inputs.root, TEMPLATES_DIR, on_change, stop), daemon=True
    )
    watcher.start()
    try:
        time.sleep(0.3)  # the watch is set up
        before = edition.version
        chapter = inputs.text_file("uppdraget")
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\nEtt nytt stycke om mätpunkt 4711.\n")
        assert edition.wait_for_change(before, 10) != before
        assert "mätpunkt 4711" in _get(server, "/")[1] and kinds == ["text"]
    finally:
        stop.set()
        watcher.join(5)


@pytest.mark.parametrize(
    "path",
    [
        "/../inputs/programme.toml",
        "/data/../../inputs/programme.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2Fmanifest.json",
        "/%252e%252e/%252e%252e/etc/passwd",
        "/data/..%2f..%2fmanifest.json",
        "/..%5c..%5cmanifest.json",
        "/etc/passwd",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/data/",
        "/data",
        "/diagram/",
        "/manifest.json",
        "/index.html%00.css",
        "http://127.0.0.1/etc/passwd",
    ],
)
def test_only_the_editions_own_files_are_served(preview, path):
    status, body = _get(preview[3], path)
    assert status == 404 and "root:" not in body and "<li>" not in body


def test_a_page_elsewhere_cannot_read_it_through_another_host_name(preview):
    assert _get(preview[3], "/", host="evil.example:80")[0] == 403


def test_safe_name():
    assert safe_name("/") == "" and safe_name("/data/manifest.json?x=1") == "data/manifest.json"
    assert safe_name("/a/./b") is None and safe_name("/%2e/b") is None


@pytest.mark.parametrize(
    "rel, kind",
    [
        ("text/sammanfattning.md", "text"),
        ("text/.sammanfattning.md.swp", None),
        ("text/sammanfattning.md~", None),
        ("text/4913", None),
        ("projects/01_2013-009662.xlsx", "data"),
        ("projects/~$01_2013-009662.xlsx", None),
        ("beslutsregister.xlsx", "data"),
        ("utbetalningar.xlsx", "data"),
        ("programme.toml", "data"),
    ],
)
def test_which_save_reruns_what(tmp_path, rel, kind):
    assert watch_module.classify(tmp_path / "in" / rel, tmp_path / "in", tmp_path / "templates") == kind
    assert watch_module.classify(
        tmp_path / "templates" / "screen.css", tmp_path / "in", tmp_path / "templates"
    )
    assert watch_module.batch_kind(
        [tmp_path / "in" / "text" / "a.md", tmp_path / "in" / "projects" / "b.xlsx"],
        tmp_path / "in",
        tmp_path / "templates",
    ) == ("data")


def test_a_second_preview_on_the_same_outputs_is_refused(programme_with_texts):
    inputs, outputs = programme_with_texts
    first = OutputsLock(outputs.root)
    first.acquire()
    try:
        with pytest.raises(UnreadableInputsError, match="En förhandsvisning körs redan för utdatamappen"):
            OutputsLock(outputs.root).acquire()
        done = subprocess.run(
            [sys.executable, "-m", "pipeline", "preview", "--no-build", "--port", "0"]
            + ["--inputs", str(inputs.root), "--outputs", str(outputs.root)],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 2 and done.stderr.startswith("Fel: En förhandsvisning körs redan")
    finally:
        first.release()
    OutputsLock(outputs.root).acquire()  # free again once the first has stopped


def test_a_saved_workbook_reruns_the_data_stages_and_the_inputs_stay_untouched(programme_with_texts):
    inputs, outputs = programme_with_texts
    before = {p: p.stat().st_mtime_ns for p in inputs.root.rglob("*")}
    stamp = outputs.root / "3_aggregated" / "programme_totals.csv"
    old = stamp.stat().st_mtime_ns
    edition = Edition(inputs, outputs)
    edition.update("data")
    assert edition.problem is None and stamp.stat().st_mtime_ns > old
    assert {p: p.stat().st_mtime_ns for p in inputs.root.rglob("*")} == before


def test_a_broken_template_shows_over_the_last_good_page(programme_with_texts, tmp_path):
    inputs, outputs = programme_with_texts
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES_DIR, templates)
    edition = Edition(inputs, outputs, templates)
    edition.update("text")
    good = edition.page
    body = templates / "body.html.j2"
    body.write_text(body.read_text(encoding="utf-8") + "\n{% if %}\n", encoding="utf-8")
    edition.update("templates")
    assert edition.page == good and edition.problem.where.startswith("templates/body.html.j2, rad ")


def test_started_on_a_broken_chapter_the_rest_of_the_report_shows_under_the_message(programme_with_texts):
    inputs, outputs = programme_with_texts
    _misspell(inputs.text_file("sammanfattning"))
    edition = Edition(inputs, outputs)
    edition.update("text")
    assert edition.problem.suggestion == "total_cost"
    assert 'id="ekonomi"' in edition.page and 'id="sammanfattning"' not in edition.page
