"""Command-line interface: a thin layer over the stage modules.

User errors become a short message and an exit code, never a traceback:
0 ok · 1 errors found under --strict, or a failed reconciliation · 2 usage error or unusable inputs.
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

import click

from . import __version__
from .config import load_config
from .errors import PipelineError, TextError
from .paths import DEFAULT_INPUTS, DEFAULT_OUTPUTS, InputPaths, OutputPaths
from .stages import STAGES, Stage, stage


class _UserError(click.ClickException):
    """A message for the user, printed once, in Swedish ("Fel: …", not click's "Error: …")."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file=None) -> None:
        click.echo(f"Fel: {self.format_message()}", file=file, err=True)


def user_message(exc: PipelineError, inputs_root: Path | None = None) -> str:
    """The message of a user error; a mistake in a text file names it relative to the inputs folder."""
    if isinstance(exc, TextError):
        return exc.describe(inputs_root)
    return str(exc)


def _run_stage(ctx: click.Context, name: str, call, inputs_root: Path | None = None):
    """Run one stage; turn user errors into messages and print the one-line summary."""
    started = time.perf_counter()
    try:
        summary = call()
    except PipelineError as exc:
        raise _UserError(user_message(exc, inputs_root), exc.exit_code) from None
    if ctx.obj["verbosity"] >= 0:
        details = ", ".join(f"{k} {v}" for k, v in (summary or {}).items())
        click.echo(f"{name}: {details} ({time.perf_counter() - started:.1f} s)", err=True)
    return summary


# The folders are checked here, in Swedish (click's own checks would answer in English).
def _folder_option(flag: str, default: Path, help_text: str):
    return click.option(
        flag,
        f"{flag[2:]}_dir",
        type=click.Path(path_type=Path),
        default=default,
        show_default=True,
        help=help_text,
    )


_inputs_option = _folder_option("--inputs", DEFAULT_INPUTS, "Folder with the programme's inputs (read-only).")
_outputs_option = _folder_option("--outputs", DEFAULT_OUTPUTS, "Folder for everything the pipeline writes.")


def _check_folders(inputs_dir: Path, outputs_dir: Path) -> tuple[InputPaths, OutputPaths]:
    """Refuse, before anything is written, an inputs folder that is not one, and folders that
    overlap: the pipeline never writes into its inputs, and inputs inside the outputs would be
    removed by `make clean`."""
    if not inputs_dir.is_dir():
        raise _UserError(
            f"Indatamappen {inputs_dir} finns inte eller är ingen mapp. Ange med --inputs en mapp "
            "med programme.toml, beslutsregister.xlsx, traffar.xlsx och projects/ "
            "(se docs/input-format.md).",
            2,
        )
    if outputs_dir.exists() and not outputs_dir.is_dir():
        raise _UserError(
            f"Utdatamappen {outputs_dir} är en fil, inte en mapp. Ange med --outputs en mapp "
            "(den skapas om den saknas).",
            2,
        )
    inputs_real, outputs_real = inputs_dir.resolve(), outputs_dir.resolve()
    if inputs_real == outputs_real:
        problem = f"--inputs och --outputs är samma mapp ({inputs_dir})"
    elif outputs_real.is_relative_to(inputs_real):
        problem = f"utdatamappen {outputs_dir} ligger i indatamappen {inputs_dir}"
    elif inputs_real.is_relative_to(outputs_real):
        problem = f"indatamappen {inputs_dir} ligger i utdatamappen {outputs_dir}"
    else:
        return InputPaths(inputs_dir), OutputPaths(outputs_dir)
    raise _UserError(
        f"Indata och utdata måste ligga i skilda mappar, men {problem}. Pipelinen skriver aldrig "
        "i indatamappen. Välj en --outputs-mapp utanför indatamappen, till exempel "
        "--outputs outputs bredvid inputs.",
        2,
    )


def _check_config(inputs: InputPaths) -> None:
    """Read programme.toml now, so that a broken config stops the run before anything is written."""
    try:
        load_config(inputs.config)
    except PipelineError as exc:
        raise _UserError(str(exc), exc.exit_code) from None


def _show_progress(ctx: click.Context) -> bool:
    """Progress on a terminal by default; -v shows it in logs too (CI), -q never."""
    verbosity = ctx.obj["verbosity"]
    return verbosity > 0 or (verbosity == 0 and sys.stderr.isatty())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pipeline")
@click.option("-q", "--quiet", count=True, help="Print no progress and no summaries, only errors.")
@click.option(
    "-v",
    "--verbose",
    count=True,
    help="Show progress and stage phases even when not on a terminal (CI logs).",
)
@click.pass_context
def cli(ctx: click.Context, quiet: int, verbose: int) -> None:
    """Build the final report of Regionala kompetensplattformar from project workbooks.

    \b
    Example, the whole run on the sample programme:
      python -m pipeline run --inputs inputs --outputs outputs
    """
    ctx.ensure_object(dict)
    ctx.obj["verbosity"] = verbose - quiet


@cli.command()
@click.argument("out", type=click.Path(path_type=Path, dir_okay=False))
@click.pass_context
def template(ctx: click.Context, out: Path) -> None:
    """Write a blank project workbook that follows the input contract.

    \b
    Example:
      python -m pipeline template projektmall.xlsx
    """
    from .template import write_template

    _run_stage(ctx, "template", lambda: write_template(out))


@cli.command()
@click.option(
    "--projects",
    type=click.IntRange(1, 100_000),
    default=40,
    show_default=True,
    help="How many projects to generate.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Folder to write the programme into (created; must be empty or absent).",
)
@click.option("--seed", type=int, default=2018, show_default=True, help="Seed: same seed, same data.")
@click.pass_context
def sample(ctx: click.Context, projects: int, out: Path, seed: int) -> None:
    """Generate a realistic sample programme (workbooks, register, meetings, config).

    \b
    Example, 4,000 projects for a benchmark:
      python -m pipeline sample --projects 4000 --out /tmp/big
    """
    from .sample import generate_programme

    _run_stage(
        ctx,
        "sample",
        lambda: generate_programme(out, projects=projects, seed=seed, progress=_show_progress(ctx)),
    )


_STAGE_OPTIONS = {
    "workers": click.option(
        "--workers",
        type=click.IntRange(1, 64),
        default=None,
        help="Worker processes (default: one per core); 1 reads in this process, without "
        "the per-workbook time and memory bounds.",
    ),
    "strict": click.option("--strict", is_flag=True, help="Exit 1 if any error is found (for CI)."),
}


def _stage_command(stage: Stage) -> click.Command:
    """The command of one declared stage: check the folders and the config, run, summarise."""

    def command(ctx: click.Context, inputs_dir: Path, outputs_dir: Path, strict: bool = False, **options):
        inputs, outputs = _check_folders(inputs_dir, outputs_dir)
        _check_config(inputs)
        module = importlib.import_module(stage.module)  # lazily: a stage pays only for its own imports
        if "progress" in stage.options:
            options["progress"] = _show_progress(ctx)
        summary = _run_stage(ctx, stage.name, lambda: module.run(inputs, outputs, **options), inputs.root)
        if strict and summary.get("fel", 0):
            raise _UserError(
                f"{summary['fel']} fel i indata (--strict). Se {outputs.findings}: "
                "varje rad anger fil, flik och cell att rätta.",
                1,
            )

    command.__doc__ = "\n\n".join(
        part
        for part in (
            stage.summary,
            stage.details,
            f"\b\nExample:\n  {stage.example or f'python -m pipeline {stage.name}'}",
        )
        if part
    )
    for option in reversed([name for name in stage.options if name in _STAGE_OPTIONS]):
        command = _STAGE_OPTIONS[option](command)
    return cli.command(stage.name)(_inputs_option(_outputs_option(click.pass_context(command))))


STAGE_COMMANDS = {stage.name: _stage_command(stage) for stage in STAGES if stage.in_run}


@cli.command("check-text")
@_inputs_option
@_outputs_option
@click.pass_context
def check_text(ctx: click.Context, inputs_dir: Path, outputs_dir: Path) -> None:
    """Check the agency's chapters (inputs/text/*.md) as render reads them; write nothing.

    Every live figure is looked up in the aggregated CSVs and every heading checked; a mistake
    names file, line and column and exits 2. make runs it once before render and html, so a
    mistake is told once.

    \b
    Example:
      python -m pipeline check-text
    """
    inputs, outputs = _check_folders(inputs_dir, outputs_dir)
    from .stages.render.chapters import chapter_plan

    def check() -> dict:
        return {"kapitel": len(chapter_plan(load_config(inputs.config), inputs, outputs))}

    _run_stage(ctx, "check-text", check, inputs.root)


@cli.command()
@_inputs_option
@_outputs_option
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=None,
    help="Port on 127.0.0.1 (default 8787, or a free one when taken; 0: any free port).",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the web browser.")
@click.option(
    "--no-build",
    is_flag=True,
    help="Do not run the data stages first (make preview has brought them up to date).",
)
@click.pass_context
def preview(
    ctx: click.Context,
    inputs_dir: Path,
    outputs_dir: Path,
    port: int | None,
    open_browser: bool,
    no_build: bool,
) -> None:
    """Serve the HTML edition on 127.0.0.1 and reload it on every save (Ctrl-C stops).

    Runs the data stages once, then watches the inputs folder and the templates: a saved
    chapter (text/*.md) shows in the browser within a second, a saved workbook, register or
    programme.toml reruns the data stages first. A mistake is shown over the page and printed
    once here; the preview keeps running. It never writes into the inputs folder.

    \b
    Example:
      python -m pipeline preview --inputs inputs --outputs outputs --open
    """
    inputs, outputs = _check_folders(inputs_dir, outputs_dir)
    _check_config(inputs)
    from .preview import serve

    try:
        serve(inputs, outputs, port=port, open_browser=open_browser, build=not no_build, echo=click.echo)
    except PipelineError as exc:
        raise _UserError(user_message(exc, inputs.root), exc.exit_code) from None


@cli.command()
@_inputs_option
@_outputs_option
@click.option("--strict", is_flag=True, help="Stop with exit 1 if validation finds any error.")
@click.pass_context
def run(ctx: click.Context, inputs_dir: Path, outputs_dir: Path, strict: bool) -> None:
    """Run every stage in order (what `make report` does, without make's skipping).

    \b
    Example, a real programme's workbooks:
      python -m pipeline run --inputs /data/kompetensplattformar --outputs /tmp/report --strict
    """
    started = time.perf_counter()
    for name, command in STAGE_COMMANDS.items():
        options = {"strict": strict} if "strict" in stage(name).options else {}
        try:
            ctx.invoke(command, inputs_dir=inputs_dir, outputs_dir=outputs_dir, **options)
        except click.ClickException:
            if name == "render":  # the edition from before must not look current either
                from .stages.html import discard_edition

                discard_edition(OutputPaths(outputs_dir))
            raise
    if ctx.obj["verbosity"] >= 0:
        from .summary import summarise

        click.echo(f"Klart på {time.perf_counter() - started:.1f} s: {summarise(OutputPaths(outputs_dir))}")


@cli.command()
@_outputs_option
@click.pass_context
def summary(ctx: click.Context, outputs_dir: Path) -> None:
    """Print a one-line summary of the run in the outputs folder.

    \b
    Example:
      python -m pipeline summary --outputs outputs
    """
    from .summary import summarise

    try:
        click.echo(summarise(OutputPaths(outputs_dir)))
    except PipelineError as exc:
        raise _UserError(str(exc), exc.exit_code) from None


@cli.command()
@click.option(
    "--since",
    "since_dir",
    type=click.Path(path_type=Path),
    required=True,
    help="Outputs folder of the previous run to compare with (read-only).",
)
@_outputs_option
@click.pass_context
def changes(ctx: click.Context, since_dir: Path, outputs_dir: Path) -> None:
    """Compare with a previous run: write outputs/changes.csv and changes.md, print the summary.

    Exit 2 if the previous run cannot be read (the message names the file).

    \b
    Example, against last week's deliverable unpacked in /tmp/previous:
      python -m pipeline changes --since /tmp/previous --outputs outputs
    """
    from .stages import changes as stage

    _run_stage(ctx, "changes", lambda: stage.run(since_dir, OutputPaths(outputs_dir)))
    if ctx.obj["verbosity"] >= 0:
        click.echo(stage.summary_path(OutputPaths(outputs_dir)).read_text(encoding="utf-8"), nl=False)


def main() -> None:
    """Console entry point (`pipeline` and `python -m pipeline`); click exits with the code."""
    cli(obj={}, prog_name="pipeline")
