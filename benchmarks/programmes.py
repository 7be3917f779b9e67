"""Generated programmes of N projects, made once per seed and generator version."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.processes import REPO_ROOT, child_env, tail
from pipeline.paths import InputPaths

# Files whose content decides what `pipeline sample` generates: a change gives a new cache entry.
# Every file of the generator's package (its modules and the programme.toml template it fills),
# found by glob so a new one cannot be forgotten.
GENERATOR_FILES = (
    *sorted(
        path.relative_to(REPO_ROOT).as_posix()
        for path in REPO_ROOT.glob("pipeline/sample/*")
        if path.is_file() and path.suffix != ".pyc"
    ),
    "pipeline/contract.py",
    "pipeline/template.py",
)


def max_profile_pages(inputs_dir: Path) -> int | None:
    try:
        from pipeline.config import load_config

        return load_config(InputPaths(inputs_dir).config).max_profile_pages
    except Exception:  # noqa: BLE001 - informative only
        return None


def generator_fingerprint() -> str:
    digest = hashlib.sha256()
    for name in GENERATOR_FILES:
        path = REPO_ROOT / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()[:10]


def generated_programme(cache_root: Path, projects: int, seed: int) -> tuple[Path, float | None]:
    """A generated programme of N projects, made once per seed and generator version.

    Returns the folder and the generation time (None when it came from the cache).
    """
    fingerprint = generator_fingerprint()
    folder = cache_root / f"n{projects}-seed{seed}-{fingerprint}"
    if (folder / ".complete").is_file():
        return folder, None
    cache_root.mkdir(parents=True, exist_ok=True)
    for stale in cache_root.glob(f"n{projects}-seed{seed}-*"):
        shutil.rmtree(stale, ignore_errors=True)  # an older generator's data, or a torn run
    partial = cache_root / f".partial-n{projects}-seed{seed}-{os.getpid()}"
    shutil.rmtree(partial, ignore_errors=True)
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline",
            "-q",
            "sample",
            "--projects",
            str(projects),
            "--out",
            str(partial),
            "--seed",
            str(seed),
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env=child_env(),
    )
    if done.returncode != 0:
        shutil.rmtree(partial, ignore_errors=True)
        raise RuntimeError(
            f"pipeline sample --projects {projects} failed:\n{tail(done.stdout + done.stderr)}"
        )
    elapsed = time.perf_counter() - started
    (partial / ".complete").write_text(f"{projects} projects, seed {seed}\n")
    partial.rename(folder)
    return folder, elapsed
