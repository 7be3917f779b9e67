"""WeasyPrint: the tagged PDF/A-3a with the hand-overs attached.

WeasyPrint fetches through a fetcher that serves only templates/ (the report needs nothing else:
its stylesheet is inline, its charts inline SVG, its attachments passed as bytes), so no text from
a workbook or the analyst's chapters can make the renderer reach the network or read any other
file, not even the run's own outputs. Every
date in the PDF is the run's timestamp (from the config or SOURCE_DATE_EPOCH), never the clock:
the same hand-overs give the same bytes. WeasyPrint is imported only when a PDF is written.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from ... import catalog
from ...paths import TEMPLATES_DIR, OutputPaths

PDF_VARIANT = "pdf/a-3a"  # tagged PDF/A-3: archivable, accessible, and allows file attachments
# Every write_pdf option but the attachments (the benchmark renders the bare HTML with these).
PDF_OPTIONS = {"pdf_variant": PDF_VARIANT, "pdf_tags": True}


def attachment_files(outputs: OutputPaths) -> list[tuple[str, Path, str]]:
    """(name in the PDF, path, description) of every hand-over file embedded in the PDF."""
    files = []
    for name in catalog.AGGREGATED:
        dataset = catalog.dataset(name)
        files.append((dataset.path, dataset.file(outputs), dataset.description))
    # Described in Swedish: a PDF reader shows the descriptions in its attachments panel, and the
    # reviewers' edition lists them.
    files += [
        (
            "findings.csv",
            outputs.findings,
            "Alla avvikelser som kontrollerna har hittat, med fil, flik och cell.",
        ),
        (
            "2_validated/project_status.csv",
            outputs.project_status,
            "Varje projekts status efter kontrollerna.",
        ),
        ("datapackage.json", outputs.datapackage, "Beskrivning av tabellerna och deras kolumner."),
        ("manifest.json", outputs.manifest, "De lästa och de skrivna filerna med storlek och kontrollsumma."),
    ]
    return files


def attachment_title(name: str) -> str:
    """The title a reader knows an attached file by ("Per län"), from the catalog where it is a
    hand-over, else from this list."""
    titles = {catalog.dataset(n).path: catalog.dataset(n).title for n in catalog.DATASETS}
    titles.update(
        {
            "datapackage.json": "Tabellbeskrivning",
            "manifest.json": "Filförteckning med kontrollsummor",
            "review.xlsx": "Alla tabeller i en arbetsbok",
        }
    )
    return titles.get(name, name)


def make_url_fetcher(allowed_roots: list[Path]):
    """A WeasyPrint URL fetcher that serves files under `allowed_roots` and data: URLs only.

    Anything else (http, https, ftp, other file paths) is refused and recorded in `.refused`.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    roots = [Path(root).resolve() for root in allowed_roots]

    class RestrictedURLFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(url2pathname(urlsplit(url).path)).resolve()
                if path.is_file() and any(path.is_relative_to(root) for root in roots):
                    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})
            self.refused.append(url)
            raise ValueError(f"refused: {url} (only the allowed roots are served)")

    return RestrictedURLFetcher()


def _attachments(outputs: OutputPaths, timestamp: dt.datetime):
    from weasyprint import Attachment

    attachments = []
    for name, path, description in attachment_files(outputs):
        if path.is_file():
            # Explicit dates: WeasyPrint would otherwise stamp the file's ctime or the clock.
            attachments.append(
                Attachment(
                    string=path.read_bytes(),
                    name=name,
                    description=description,
                    created=timestamp,
                    modified=timestamp,
                )
            )
    return attachments


def write_pdf(
    html: str, outputs: OutputPaths, timestamp: dt.datetime, templates_dir: Path = TEMPLATES_DIR
) -> tuple[bytes, int]:
    """Lay out the PDF/A-3a and make it PDF/UA-1 as well; return its bytes and page count
    (nothing is written here)."""
    from weasyprint import HTML

    from ...pdf_accessibility import finisher

    fetcher = make_url_fetcher([templates_dir])
    options = {**PDF_OPTIONS, "attachments": _attachments(outputs, timestamp)}
    document = HTML(string=html, base_url=str(templates_dir.resolve()) + "/", url_fetcher=fetcher).render(
        **options
    )
    # WeasyPrint tags the PDF but leaves three PDF/UA gaps (pdf_accessibility/ says which); the
    # finisher closes them in the PDF WeasyPrint built, before it is written.
    return document.write_pdf(finisher=finisher, **options), len(document.pages)
