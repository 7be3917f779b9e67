"""The CLI's help and error handling (stage behaviour is tested per stage)."""

import subprocess
import sys

import pytest
from click.testing import CliRunner

from pipeline.cli import cli

COMMANDS = ["template", "sample", "extract", "validate", "aggregate", "review", "render", "run"]


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
    result = CliRunner().invoke(cli, ["extract", "--inputs", str(tmp_path / "nope"), "--outputs", str(tmp_path)])
    assert result.exit_code == 2
    assert "does not exist" in result.output
    assert "Traceback" not in result.output


def test_unknown_option_is_a_usage_error():
    result = CliRunner().invoke(cli, ["validate", "--no-such-flag"])
    assert result.exit_code == 2
