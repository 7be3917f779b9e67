"""Child processes of the benchmark: the repository they run in, their environment, their errors.

The benchmark's own process stays on the standard library; pandas, WeasyPrint and the stages are
only ever loaded in children started with child_env().
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def tail(text: str, lines: int = 6) -> str:
    """The last lines of a child's output: where the error message is."""
    return "\n".join("    " + line for line in text.strip().splitlines()[-lines:])


def child_env() -> dict[str, str]:
    # Under `make bench` the parent make's flags (its jobserver among them) would reach the make
    # measured here, which cannot use that jobserver and would run one job at a time: a measured
    # make is started as a user starts it.
    env = {
        k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")
    }
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env.setdefault("PYTHONHASHSEED", "0")
    return env
