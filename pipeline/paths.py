"""Where every stage reads and writes: the one place that knows the folder layout.

Stages meet only through these files, so `make` can skip a stage whose inputs are unchanged and a
reviewer can open every hand-over. Layers are numbered in the order they are produced.
"""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass
from pathlib import Path

# The checkout this package was imported from (meaningful only in a checkout or editable install).
REPO_ROOT = Path(__file__).resolve().parent.parent
# Relative to the working directory, as the CLI's help shows them: `make report` and a person in
# the checkout get the checkout's folders; an installed `pipeline` works from any folder.
DEFAULT_INPUTS = Path("inputs")
DEFAULT_OUTPUTS = Path("outputs")


def _templates_dir() -> Path:
    """The report's templates: the checkout keeps them in the top-level templates/ folder, and the
    wheel ships that folder inside the package as pipeline/templates/ (pyproject's package-dir)."""
    packaged = importlib.resources.files(__package__) / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    return REPO_ROOT / "templates"


TEMPLATES_DIR = _templates_dir()

CONFIG_NAME = "programme.toml"
REGISTER_NAME = "beslutsregister.xlsx"
MEETINGS_NAME = "traffar.xlsx"
PAYMENTS_NAME = "utbetalningar.xlsx"  # optional: the agency's payments (issue 14)
PROJECTS_DIRNAME = "projects"
# The agency's own chapter texts, Markdown (docs/report-text.md).
TEXT_DIRNAME = "text"
# The layers of the outputs folder, numbered in the order they are produced.
EXTRACTED_DIR = "1_extracted"
VALIDATED_DIR = "2_validated"
AGGREGATED_DIR = "3_aggregated"


class _Below:
    """A path below the instance's `root`, declared as a class attribute so that the folder layout
    reads as one table: `report_pdf = _Below("report.pdf")` makes `paths.report_pdf` a Path."""

    def __init__(self, *parts: str) -> None:
        self.parts = parts

    def __get__(self, instance: InputPaths | OutputPaths | None, owner: type) -> Path | _Below:
        if instance is None:  # on the class itself (help(), hasattr): the declaration
            return self
        return instance.root.joinpath(*self.parts)


@dataclass(frozen=True)
class InputPaths:
    """The read-only inputs of one programme."""

    root: Path

    config = _Below(CONFIG_NAME)
    register = _Below(REGISTER_NAME)
    meetings = _Below(MEETINGS_NAME)
    payments = _Below(PAYMENTS_NAME)
    projects_dir = _Below(PROJECTS_DIRNAME)
    text_dir = _Below(TEXT_DIRNAME)

    def text_file(self, stem: str) -> Path:
        return self.text_dir / f"{stem}.md"


@dataclass(frozen=True)
class OutputPaths:
    """The generated files of one run, layer by layer."""

    root: Path

    extracted = _Below(EXTRACTED_DIR)
    validated = _Below(VALIDATED_DIR)
    aggregated = _Below(AGGREGATED_DIR)
    extract_findings = _Below(EXTRACTED_DIR, "extract_findings.csv")
    findings = _Below("findings.csv")
    project_status = _Below(VALIDATED_DIR, "project_status.csv")
    report_pdf = _Below("report.pdf")
    # The reviewers' edition: files read, checks, findings, the map of tables to files.
    underlag_pdf = _Below("underlag.pdf")
    report_html = _Below("4_report", "report.html")
    underlag_html = _Below("4_report", "underlag.html")
    # SHA-256 of report.pdf and its HTML, in `sha256sum` format (the manifest cannot hold them).
    report_checksums = _Below("report.sha256")
    # The HTML edition for the screen: index.html, its CSS, charts and data (render).
    html_edition = _Below("html")
    review_workbook = _Below("review.xlsx")
    # SHA-256 of review.xlsx in `sha256sum` format (made beside the manifest, not in it).
    review_checksums = _Below("review.sha256")
    manifest = _Below("manifest.json")
    datapackage = _Below("datapackage.json")
    # The benchmark's files live here too, but are not part of a run's outputs.
    bench_json = _Below("bench.json")
    bench_cache = _Below("bench-cache")

    def extracted_table(self, name: str) -> Path:
        return self.extracted / f"{name}.csv"

    def aggregated_table(self, name: str) -> Path:
        return self.aggregated / f"{name}.csv"
