"""Reading many files in worker processes, each bounded in memory and time.

A worker is forked (milliseconds to start; spawn re-imports, ~0.2 s) and bounds its address space
with RLIMIT_AS; a faulthandler watchdog ends it when a chunk of files takes too long, even inside
native code. A worker that dies costs the files of its chunk a retry, one by one in a fresh
one-process pool, so that only the file to blame gets a finding; the run goes on.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from typing import Any

from .limits import Limits

# task(path, rel, limits) -> result dict with "source_file"; blame(path, rel, reason) -> result dict.
Task = Callable[[str, str, Limits], dict]
Blame = Callable[[str, str, str], dict]
Job = tuple[str, str]  # (path, rel)

_MAX_CHUNK = 64
_TASK: Task | None = None
_WATCHDOG_OUTPUT: Any = None


def read_all(
    jobs: list[Job],
    task: Task,
    blame: Blame,
    *,
    workers: int,
    limits: Limits,
    start_method: str,
    in_process: bool,
    progress: bool,
) -> list[dict]:
    """`task` over every job, in this process (in_process) or in `workers` worker processes."""
    with _progress_bar(len(jobs), progress) as bar:
        if in_process:
            results = []
            for path, rel in jobs:
                results.append(task(path, rel, limits))
                bar.update(1)
            return results
        return _in_workers(jobs, task, blame, min(workers, len(jobs)), limits, start_method, bar)


def _in_workers(
    jobs: list[Job], task: Task, blame: Blame, workers: int, limits: Limits, start_method: str, bar
) -> list[dict]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    context = multiprocessing.get_context(
        start_method if start_method in multiprocessing.get_all_start_methods() else "spawn"
    )
    # Chunks keep the per-task overhead small; several per worker keep the load balanced.
    size = max(1, min(_MAX_CHUNK, len(jobs) // (workers * 4) or 1))
    chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    results: dict[str, dict] = {}
    unfinished: list[Job] = []
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init_worker, initargs=(limits, task)
    ) as pool:
        futures = {pool.submit(_run_chunk, chunk, limits): chunk for chunk in chunks}
        for future in as_completed(futures):
            try:
                for result in future.result():
                    results[result["source_file"]] = result
            except Exception:  # a worker died (crash, memory, timeout): retry its files alone
                unfinished.extend(futures[future])
            bar.update(len(futures[future]))
    results.update(_one_by_one(unfinished, task, blame, limits, context))
    return list(results.values())


def _one_by_one(jobs: list[Job], task: Task, blame: Blame, limits: Limits, context) -> dict[str, dict]:
    """Files whose worker died, each in turn in a one-process pool, to find the file to blame."""
    from concurrent.futures import ProcessPoolExecutor

    results: dict[str, dict] = {}
    pool = None
    try:
        for path, rel in sorted(jobs, key=lambda job: job[1]):
            if pool is None:
                pool = ProcessPoolExecutor(
                    1, mp_context=context, initializer=_init_worker, initargs=(limits, task)
                )
            try:
                results[rel] = pool.submit(_run_chunk, [(path, rel)], limits).result()[0]
            except Exception:
                pool.shutdown(wait=True)
                pool = None
                results[rel] = blame(
                    path,
                    rel,
                    f"tog mer än {limits.timeout_seconds:g} s eller mer än "
                    f"{limits.memory_bytes // 2**20} MB minne",
                )
    finally:
        if pool is not None:
            pool.shutdown(wait=True)
    return results


def _init_worker(limits: Limits, task: Task) -> None:
    """Bound the worker's memory (RLIMIT_AS); its time is bounded per chunk in _run_chunk.

    `task` arrives here rather than with each chunk: a forked worker inherits it as it is (a test
    may replace it), a spawned one unpickles it by name once.
    """
    global _TASK, _WATCHDOG_OUTPUT
    _TASK = task
    # The objects a forked worker inherits are never garbage: keep the collector off them (it
    # would walk them, and copy their pages, on every full collection).
    gc.freeze()
    try:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        # The bound is on what the worker adds: a forked worker starts with its parent's mappings.
        wanted = _address_space_bytes() + limits.memory_bytes
        soft = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    except (ImportError, ValueError, OSError):  # not on this platform: the zip checks still bound it
        pass
    _WATCHDOG_OUTPUT = open(os.devnull, "w")


def _address_space_bytes() -> int:
    """This process's current virtual size (Linux /proc), or 0 where it cannot be read."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _run_chunk(jobs: list[Job], limits: Limits) -> list[dict]:
    """Worker task: read a few files.

    The watchdog ends the process if the chunk takes longer than the per-file limit times its
    size; the parent then retries the chunk's files one by one. Armed per chunk: arming starts a
    thread, and a forked process must not hold threads while forking.
    """
    import faulthandler

    assert _TASK is not None, "_init_worker sets the task"
    faulthandler.dump_traceback_later(limits.timeout_seconds * len(jobs), exit=True, file=_WATCHDOG_OUTPUT)
    try:
        return [_TASK(path, rel, limits) for path, rel in jobs]
    finally:
        faulthandler.cancel_dump_traceback_later()


class _NullBar:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, n: int) -> None:
        pass


def _progress_bar(length: int, enabled: bool):
    if not enabled:
        return _NullBar()
    import click

    return click.progressbar(length=length, label="Läser arbetsböcker", file=sys.stderr)
