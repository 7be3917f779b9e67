"""The CLI's help and error handling (stage behaviour is tested per stage)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli

ROOT = Path(__file__).resolve().parent.parent

COMMANDS = [
    "template",
    "sample",
    "extract",
    "validate",
    "aggregate",
    "review",
    "workbook",
    "render",
    "html",
    "run",
    "summary",
]


def test_help_lists_every_command():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert f"  {name} " in result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output
    assert "python -m pipeline " + name in result.output


def test_python_dash_m_runs_the_cli():
    done = subprocess.run([sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True)
    assert done.returncode == 0
    assert "extract" in done.stdout


def test_missing_inputs_folder_is_exit_2_without_traceback(tmp_path):
    result = CliRunner().invoke(
        cli, ["extract", "--inputs", str(tmp_path / "nope"), "--outputs", str(tmp_path / "out")]
    )
    assert result.exit_code == 2
    assert f"Indatamappen {tmp_path / 'nope'} finns inte eller är ingen mapp." in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_file_given_as_a_folder_is_refused_in_swedish(tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    as_inputs = CliRunner().invoke(
        cli, ["validate", "--inputs", str(tmp_path / "file.txt"), "--outputs", str(tmp_path / "out")]
    )
    assert as_inputs.exit_code == 2 and "finns inte eller är ingen mapp" in as_inputs.output
    as_outputs = CliRunner().invoke(
        cli, ["validate", "--inputs", str(inputs), "--outputs", str(tmp_path / "file.txt")]
    )
    assert as_outputs.exit_code == 2
    assert f"Utdatamappen {tmp_path / 'file.txt'} är en fil, inte en mapp." in as_outputs.output


STAGE_COMMANDS = ["extract", "validate", "aggregate", "review", "workbook", "render", "html", "run"]


@pytest.mark.parametrize("command", STAGE_COMMANDS)
@pytest.mark.parametrize(
    "inputs_rel, outputs_rel, problem",
    [
        ("prog", "prog/out", "utdatamappen {outputs} ligger i indatamappen {inputs}"),
        ("data/prog", "data", "indatamappen {inputs} ligger i utdatamappen {outputs}"),
        ("prog", "prog", "--inputs och --outputs är samma mapp ({inputs})"),
        ("prog", "prog/./sub/..", "--inputs och --outputs är samma mapp ({inputs})"),
    ],
)
def test_overlapping_inputs_and_outputs_are_refused_before_anything_is_written(
    tmp_path, command, inputs_rel, outputs_rel, problem
):
    from tests.factories import write_programme

    inputs = write_programme(tmp_path / inputs_rel, n_projects=1)
    outputs = tmp_path / outputs_rel
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = CliRunner().invoke(cli, [command, "--inputs", str(inputs), "--outputs", str(outputs)])
    assert result.exit_code == 2, result.output
    assert problem.format(inputs=inputs, outputs=outputs) in result.output
    assert "Välj en --outputs-mapp utanför indatamappen" in result.output
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


@pytest.mark.parametrize("outputs_rel", ["programme-out", "prog-out", "out/prog"])
def test_sibling_folders_with_a_common_prefix_are_not_overlapping(tmp_path, outputs_rel):
    from pipeline.cli import _check_folders

    inputs = tmp_path / "prog"
    inputs.mkdir()
    found_inputs, found_outputs = _check_folders(inputs, tmp_path / outputs_rel)
    assert (found_inputs.root, found_outputs.root) == (inputs, tmp_path / outputs_rel)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda path: path.unlink(), "programkonfigurationen saknas"),
        (lambda path: path.write_text("[programme\n", encoding="utf-8"), "kan inte läsas som TOML"),
    ],
)
def test_extract_checks_programme_toml_before_writing_anything(tmp_path, change, message):
    from tests.factories import write_programme

    inputs = write_programme(tmp_path / "inputs", n_projects=1)
    change(inputs / "programme.toml")
    outputs = tmp_path / "outputs"
    result = CliRunner().invoke(cli, ["extract", "--inputs", str(inputs), "--outputs", str(outputs)])
    assert result.exit_code == 2
    assert message in result.output
    assert "programme.toml" in result.output
    assert not outputs.exists()


def test_help_shows_the_default_folders_relative_to_the_working_directory():
    from pipeline.paths import REPO_ROOT

    for command in STAGE_COMMANDS:
        result = CliRunner().invoke(cli, [command, "--help"], terminal_width=200)
        assert "[default: inputs]" in result.output
        assert "[default: outputs]" in result.output
        assert str(REPO_ROOT) not in result.output


def test_unknown_option_is_a_usage_error():
    result = CliRunner().invoke(cli, ["validate", "--no-such-flag"])
    assert result.exit_code == 2


def test_run_builds_the_whole_report_and_prints_the_summary(tmp_path):
    from tests.factories import write_programme

    inputs = write_programme(tmp_path / "inputs", n_projects=3)
    outputs = tmp_path / "outputs"
    result = CliRunner().invoke(cli, ["run", "--inputs", str(inputs), "--outputs", str(outputs), "--strict"])
    assert result.exit_code == 0, result.output
    assert (outputs / "report.pdf").read_bytes().startswith(b"%PDF-")
    assert "3 projekt lästa (0 undantagna), 0 fel" in result.output
    summary = CliRunner().invoke(cli, ["summary", "--outputs", str(outputs)])
    assert summary.exit_code == 0
    assert "report.pdf finns" in summary.output
    # The benchmark's files beside a run are not counted as the run's outputs.
    (outputs / "bench.json").write_text("{}", encoding="utf-8")
    (outputs / "bench-cache" / "n3").mkdir(parents=True)
    (outputs / "bench-cache" / "n3" / "x.xlsx").write_bytes(b"")
    again = CliRunner().invoke(cli, ["summary", "--outputs", str(outputs)])
    assert again.output == summary.output


def test_run_strict_stops_before_the_report_when_a_workbook_has_an_error(tmp_path):
    from tests.factories import write_programme, write_project_workbook

    inputs = write_programme(tmp_path / "inputs", n_projects=2)
    write_project_workbook(
        inputs / "projects" / "projekt_0001.xlsx", index=1, overrides={("Projektuppgifter", "B5"): "99"}
    )
    outputs = tmp_path / "outputs"
    result = CliRunner().invoke(cli, ["run", "--inputs", str(inputs), "--outputs", str(outputs), "--strict"])
    assert result.exit_code == 1
    assert "findings.csv" in result.output
    assert "Traceback" not in result.output
    assert not (outputs / "report.pdf").exists()
    findings = (outputs / "findings.csv").read_text(encoding="utf-8")
    assert "projects/projekt_0001.xlsx,Projektuppgifter,B5" in findings


def test_summary_without_a_run_says_what_to_do(tmp_path):
    result = CliRunner().invoke(cli, ["summary", "--outputs", str(tmp_path)])
    assert result.exit_code == 1
    assert "make report" in result.output


def test_quiet_and_verbose_control_what_is_printed(tmp_path):
    from tests.factories import write_programme

    inputs = write_programme(tmp_path / "inputs", n_projects=1)
    outputs = tmp_path / "outputs"
    quiet = CliRunner().invoke(cli, ["-q", "extract", "--inputs", str(inputs), "--outputs", str(outputs)])
    assert quiet.exit_code == 0 and quiet.output == ""
    normal = CliRunner().invoke(cli, ["extract", "--inputs", str(inputs), "--outputs", str(outputs)])
    assert normal.output.startswith("extract: ")
    assert "Läser arbetsböcker" not in normal.output  # not a terminal: no progress bar
    verbose = CliRunner().invoke(cli, ["-v", "extract", "--inputs", str(inputs), "--outputs", str(outputs)])
    assert "Läser arbetsböcker" in verbose.output


def test_the_console_entry_point_keeps_exit_codes_and_messages(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline",
            "extract",
            "--inputs",
            str(tmp_path / "nope"),
            "--outputs",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "finns inte eller är ingen mapp" in done.stderr
    assert "Traceback" not in done.stderr
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "validate", "--no-such-flag"], capture_output=True, text=True
    )
    assert done.returncode == 2 and "No such option" in done.stderr


@pytest.mark.parametrize(
    ("declarations", "broken"),
    [
        ("rules/rules.toml", ("[V04]\n", "[V04]\nsevrity = 1\n")),
        (
            "aggregated_tables/tables.toml",
            ('[table.by_year]\ntitle = "Per år"', '[table.by_year]\ntitle = ""'),
        ),
    ],
)
def test_a_broken_declaration_file_is_one_line_naming_it_not_a_traceback(tmp_path, declarations, broken):
    """rules.toml and tables.toml are read on import, before the CLI runs: `python -m pipeline`
    (and the `pipeline` command, pipeline.__main__:run) still tells a mistake in one as a message."""
    package = tmp_path / "pipeline"
    shutil.copytree(ROOT / "pipeline", package, ignore=shutil.ignore_patterns("__pycache__"))
    path = package / declarations
    text = path.read_text(encoding="utf-8")
    assert broken[0] in text
    path.write_text(text.replace(broken[0], broken[1], 1), encoding="utf-8")
    sample = ROOT / "inputs"
    command = ["validate", "--inputs", str(sample), "--outputs", str(tmp_path / "out")]
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", *command], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 2
    assert done.stderr.startswith(f"Fel: {path}")  # the broken copy, not the checkout's file
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
