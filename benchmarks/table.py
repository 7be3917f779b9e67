"""The printed table of figures, and the machine they were measured on."""

from __future__ import annotations

import os
import platform
import subprocess
from collections.abc import Mapping, Sequence

from benchmarks.processes import REPO_ROOT


def format_value(value, unit: str) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, list):
        return ", ".join(value) if value else "none"
    if unit == "pages":
        return f"{value:.0f}"
    if unit == "ms":
        return f"{value:.0f} ms"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "×":
        return f"{value:.2f} ×"
    return f"{value:.2f} {unit}"


def verdict(passed: bool | None, target: str) -> str:
    if passed is None:
        return "" if not target or target.startswith("profiles") else "no value"
    return "pass" if passed else "MISSED"


def format_spread(spread: Sequence[float] | None, unit: str) -> str:
    """'1.08–1.53 ×': the lowest and highest repeat, beside the median."""
    if not spread:
        return ""
    low, high = (format_value(v, unit).rsplit(" ", 1)[0] for v in spread)
    return f"{low}–{high} {unit}"


def format_table(rows: Sequence[Mapping]) -> str:
    header = ("measure", "projects", "median", "runs from–to", "target", "result")
    lines = [
        [
            r["label"],
            f"{r['projects']:,}".replace(",", " "),
            format_value(r["value"], r["unit"]),
            format_spread(r.get("spread"), r["unit"]),
            r["target"],
            verdict(r["passed"], r["target"]),
        ]
        for r in rows
    ]
    widths = [max(len(str(x)) for x in column) for column in zip(header, *lines, strict=False)]
    out = [
        "  ".join(str(h).ljust(w) for h, w in zip(header, widths, strict=False)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    for cells in lines:
        out.append(
            "  ".join(
                [
                    cells[0].ljust(widths[0]),
                    cells[1].rjust(widths[1]),
                    cells[2].rjust(widths[2]),
                    cells[3].rjust(widths[3]),
                    cells[4].ljust(widths[4]),
                    cells[5],
                ]
            ).rstrip()
        )
    return "\n".join(out)


def machine_info() -> dict:
    from importlib import metadata

    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(REPO_ROOT), *args], capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    versions = {}
    for package in ("weasyprint", "pandas", "python-calamine", "openpyxl", "pypdf"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    usable_cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "nproc": usable_cores,
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "git_commit": git("rev-parse", "HEAD"),
        "git_dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        "packages": versions,
    }
