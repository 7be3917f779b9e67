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


@dataclass(frozen=True)
class InputPaths:
    """The read-only inputs of one programme."""

    root: Path

    @property
    def config(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def register(self) -> Path:
        return self.root / REGISTER_NAME

    @property
    def meetings(self) -> Path:
        return self.root / MEETINGS_NAME

    @property
    def payments(self) -> Path:
        return self.root / PAYMENTS_NAME

    @property
    def projects_dir(self) -> Path:
        return self.root / PROJECTS_DIRNAME

    @property
    def text_dir(self) -> Path:
        return self.root / TEXT_DIRNAME

    def text_file(self, stem: str) -> Path:
        return self.text_dir / f"{stem}.md"


@dataclass(frozen=True)
class OutputPaths:
    """The generated files of one run, layer by layer."""

    root: Path

    @property
    def extracted(self) -> Path:
        return self.root / EXTRACTED_DIR

    @property
    def validated(self) -> Path:
        return self.root / VALIDATED_DIR

    @property
    def aggregated(self) -> Path:
        return self.root / AGGREGATED_DIR

    def extracted_table(self, name: str) -> Path:
        return self.extracted / f"{name}.csv"

    def aggregated_table(self, name: str) -> Path:
        return self.aggregated / f"{name}.csv"

    @property
    def extract_findings(self) -> Path:
        return self.extracted / "extract_findings.csv"

    @property
    def findings(self) -> Path:
        return self.root / "findings.csv"

    @property
    def project_status(self) -> Path:
        return self.validated / "project_status.csv"

    @property
    def report_html(self) -> Path:
        return self.root / "4_report" / "report.html"

    @property
    def report_pdf(self) -> Path:
        return self.root / "report.pdf"

    @property
    def underlag_pdf(self) -> Path:
        """The reviewers' edition: files read, checks, findings, the map of tables to files."""
        return self.root / "underlag.pdf"

    @property
    def underlag_html(self) -> Path:
        return self.root / "4_report" / "underlag.html"

    @property
    def report_checksums(self) -> Path:
        """SHA-256 of report.pdf and its HTML, in `sha256sum` format (the manifest cannot hold them)."""
        return self.root / "report.sha256"

    @property
    def html_edition(self) -> Path:
        """The HTML edition for the screen: index.html, its CSS, charts and data (render)."""
        return self.root / "html"

    @property
    def review_workbook(self) -> Path:
        return self.root / "review.xlsx"

    @property
    def review_checksums(self) -> Path:
        """SHA-256 of review.xlsx in `sha256sum` format (made beside the manifest, not in it)."""
        return self.root / "review.sha256"

    @property
    def manifest(self) -> Path:
        return self.root / "manifest.json"

    @property
    def datapackage(self) -> Path:
        return self.root / "datapackage.json"

    # The benchmark's files live here too, but are not part of a run's outputs.
    @property
    def bench_json(self) -> Path:
        return self.root / "bench.json"

    @property
    def bench_cache(self) -> Path:
        return self.root / "bench-cache"
