"""`python -m pipeline validate` through click: exit codes, summary line, messages, no tracebacks."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from tests.validation_layer import P1, find, valid_layer, write_layer


def _invoke(tmp_path, *options):
    args = [
        "validate",
        "--inputs",
        str(tmp_path / "inputs"),
        "--outputs",
        str(tmp_path / "outputs"),
        *options,
    ]
    return CliRunner().invoke(cli, args)


@pytest.fixture
def layer_with_an_error():
    layer = valid_layer()
    find(layer, "projects", project_id=P1)["county_code"] = "02"
    return layer


def test_default_mode_with_errors_exits_0_and_prints_the_summary(tmp_path, layer_with_an_error):
    write_layer(tmp_path, layer_with_an_error)
    result = _invoke(tmp_path)
    assert result.exit_code == 0, result.output
    assert (
        "validate: projekt 2, godkända 1, undantagna 1, utan arbetsbok 0, fel 1, varning 0" in result.output
    )
    assert (tmp_path / "outputs" / "findings.csv").is_file()
    assert (tmp_path / "outputs" / "2_validated" / "project_status.csv").is_file()


def test_strict_with_errors_exits_1_and_names_findings_csv(tmp_path, layer_with_an_error):
    write_layer(tmp_path, layer_with_an_error)
    result = _invoke(tmp_path, "--strict")
    assert result.exit_code == 1
    assert "1 fel i indata (--strict)" in result.output
    assert str(tmp_path / "outputs" / "findings.csv") in result.output
    assert "Traceback" not in result.output
    assert (tmp_path / "outputs" / "findings.csv").is_file()  # written before the exit, to be read


def test_strict_with_only_warnings_exits_0(tmp_path):
    layer = valid_layer()
    find(layer, "indicators", project_id=P1, row="2")["outcome"] = "1"
    write_layer(tmp_path, layer)
    result = _invoke(tmp_path, "--strict")
    assert result.exit_code == 0, result.output
    assert "fel 0, varning 1" in result.output


def test_strict_clean_exits_0(tmp_path):
    write_layer(tmp_path, valid_layer())
    result = _invoke(tmp_path, "--strict")
    assert result.exit_code == 0, result.output
    assert "fel 0, varning 0" in result.output


def test_missing_inputs_folder_exits_2_with_a_message_and_no_traceback(tmp_path):
    result = CliRunner().invoke(
        cli, ["validate", "--inputs", str(tmp_path / "nope"), "--outputs", str(tmp_path / "outputs")]
    )
    assert result.exit_code == 2
    assert "finns inte" in result.output and "--inputs" in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_missing_programme_config_exits_2(tmp_path):
    write_layer(tmp_path, valid_layer())
    (tmp_path / "inputs" / "programme.toml").unlink()
    result = _invoke(tmp_path)
    assert result.exit_code == 2
    assert "programme.toml" in result.output and "Traceback" not in result.output


def test_missing_extracted_layer_is_a_clear_message_and_exit_1(tmp_path):
    write_layer(tmp_path, valid_layer())
    for csv_file in (tmp_path / "outputs" / "1_extracted").iterdir():
        csv_file.unlink()
    result = _invoke(tmp_path)
    assert result.exit_code == 1
    assert "python -m pipeline extract" in result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)
