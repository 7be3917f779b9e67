"""Which stages make ran, and how long each took: GNU time's log or the --wrap mode's JSON lines."""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

STAGES = ("extract", "validate", "aggregate", "review", "workbook", "render", "html")
# The --wrap mode runs through the benchmark's entry script.
BENCH_SCRIPT = Path(__file__).resolve().with_name("bench.py")

# GNU time's fields for one stage: wall seconds (to 10 ms), peak RSS in kB (from wait4, as in
# --wrap), exit code, command line (its arguments joined by spaces). A stage killed by a signal
# gets a line "Command terminated by signal N" before its fields, whose exit code then reads 0.
GNU_TIME = "/usr/bin/time"
GNU_TIME_FORMAT = "%e\\t%M\\t%x\\t%C"
_GNU_TIME_SIGNAL = re.compile(r"Command terminated by signal (\d+)")

_STAGE_IN_COMMAND = re.compile(r"-m pipeline (" + "|".join(STAGES) + r")\b")


def stages_in_make_output(make_output: str) -> list[str]:
    """Stages whose command make echoed (`... -m pipeline <stage> ...`), in pipeline order."""
    found = set(_STAGE_IN_COMMAND.findall(make_output))
    return [stage for stage in STAGES if stage in found]


def stages_with_newer_output(before: Mapping[str, int | None], after: Mapping[str, int | None]) -> list[str]:
    """Stages whose output file (stage -> mtime in ns, None if absent) appeared or changed."""
    return [
        stage for stage in STAGES if after.get(stage) is not None and after.get(stage) != before.get(stage)
    ]


def pipeline_command(argv: Sequence[str]) -> str | None:
    """The command a `python -m pipeline <command> ...` line runs (a stage, `summary`...), else None."""
    for i in range(len(argv) - 2):
        if argv[i] == "-m" and argv[i + 1] == "pipeline" and not argv[i + 2].startswith("-"):
            return argv[i + 2]
    return None


def parse_gnu_time_line(line: str) -> dict | None:
    """A record like --wrap's from one line of GNU time's GNU_TIME_FORMAT; None if it is not one."""
    fields = line.split("\t", 3)
    if len(fields) != 4:
        return None
    wall_s, maxrss_kb, returncode, command = fields
    try:
        record = {"wall_s": float(wall_s), "maxrss_kb": int(maxrss_kb), "returncode": int(returncode)}
    except ValueError:
        return None
    argv = command.split()
    return {"stage": pipeline_command(argv), "argv": argv, **record}


def parse_stage_log(text: str) -> dict[str, dict]:
    """Per-command records from a stage-timing log, the last run of each winning: one JSON object
    a line (--wrap) or GNU time's tab-separated fields (a signal noted on the line before them
    becomes a negative exit code, as in --wrap)."""
    records: dict[str, dict] = {}
    signal = None
    for line in text.splitlines():
        line = line.strip()
        killed = _GNU_TIME_SIGNAL.fullmatch(line)
        if killed:
            signal = int(killed.group(1))
            continue
        if not line:
            continue
        try:
            record = json.loads(line) if line.startswith("{") else parse_gnu_time_line(line)
        except json.JSONDecodeError:
            record = None
        if not isinstance(record, dict):
            continue  # a torn line from an interrupted run, or GNU time's "exited with status" line
        if signal is not None and not line.startswith("{"):
            record["returncode"] = -signal
        signal = None
        command = record.get("stage")
        if command:
            records[command] = record
    return records


def merge_stage_lists(runs: Iterable[list[str] | None]) -> list[str] | None:
    """Every stage that ran in any repeat (the worst case), in pipeline order."""
    measured = [run for run in runs if run is not None]
    if not measured:
        return None
    union = set().union(*measured)
    return [stage for stage in STAGES if stage in union]


# --- The --wrap mode: make's $(PY) -----------------------------------------------------------------


def wrap_and_record(log_path: Path, args: Sequence[str]) -> int:
    """Run `sys.executable args`, then append its wall time, peak RSS and exit code to the log."""
    argv = [sys.executable, *args]
    started = time.perf_counter()
    process = subprocess.Popen(argv)
    while True:
        try:
            # wait4 gives this child's own rusage (including its reaped workers), unlike
            # getrusage(RUSAGE_CHILDREN), which is a running maximum over all children.
            _, status, usage = os.wait4(process.pid, 0)
            break
        except KeyboardInterrupt:
            continue  # the child got the same SIGINT; wait for it to finish
    wall_s = time.perf_counter() - started
    returncode = os.waitstatus_to_exitcode(status)
    process.returncode = returncode
    record = {
        "stage": pipeline_command(argv),
        "argv": argv,
        "wall_s": round(wall_s, 4),
        "maxrss_kb": usage.ru_maxrss,  # kilobytes on Linux
        "returncode": returncode,
    }
    # One write with O_APPEND keeps lines whole even if make ever runs stages in parallel.
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        os.write(fd, (json.dumps(record, ensure_ascii=False) + "\n").encode())
    finally:
        os.close(fd)
    return returncode if returncode >= 0 else 128 - returncode


@functools.cache
def find_gnu_time() -> str | None:
    """GNU_TIME when it times a command exactly as stage_timer asks and its log parses, else None."""
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "probe.log"
        try:
            done = subprocess.run(
                [*stage_timer(log, GNU_TIME), "-c", "pass"], capture_output=True, text=True, timeout=60
            )
            record = parse_gnu_time_line(log.read_text().strip()) if done.returncode == 0 else None
        except (OSError, subprocess.TimeoutExpired):
            return None
    return GNU_TIME if record and record["maxrss_kb"] > 0 else None


def stage_timing(gnu_time: str | None) -> str:
    """What times the stages, for the output's header and bench.json."""
    if gnu_time:
        return f"GNU time ({gnu_time}, about 1 ms a stage)"
    return "bench.py --wrap (no GNU time here: about 0.1 s a stage, included in the report's time)"


def stage_timer(log_path: Path, gnu_time: str | None) -> list[str]:
    """make's $(PY) that times each stage into log_path: GNU time if there is one, else --wrap."""
    if gnu_time:
        return [gnu_time, "-a", "-o", str(log_path), "-f", GNU_TIME_FORMAT, sys.executable]
    return [sys.executable, str(BENCH_SCRIPT), "--wrap", str(log_path), "--"]
