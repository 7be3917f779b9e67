"""The programme config: every programme fact comes from programme.toml, checked once."""

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.errors import UnreadableInputsError
from tests.factories import PROGRAMME_TOML

SAMPLE_CONFIG = Path(__file__).resolve().parent.parent / "inputs" / "programme.toml"


def test_sample_config_holds_the_programme_facts():
    config = load_config(SAMPLE_CONFIG)
    assert config.commissions == ("N2012/6275/RT", "N2015/02413/RTS")
    assert config.years == [2013, 2014, 2015, 2016, 2017]
    assert config.max_agency_share == Decimal("0.5")
    assert config.frame_amount == Decimal(60_000_000)
    assert config.report_date == dt.date(2018, 3, 15)


def test_missing_config_names_the_file(tmp_path):
    with pytest.raises(UnreadableInputsError, match="programme.toml"):
        load_config(tmp_path / "programme.toml")


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("frame_amount = 60000000", 'frame_amount = "sextio miljoner"', "frame_amount"),
        ("period_start = 2013", "", "period_start saknas"),
        ("max_agency_share = 0.50", "max_agency_share = 1.5", "max_agency_share"),
        ("[report]", "[report\n", "TOML"),
    ],
)
def test_bad_config_is_reported_with_the_key(tmp_path, old, new, message):
    path = tmp_path / "programme.toml"
    shutil.copy(PROGRAMME_TOML, path)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(UnreadableInputsError, match=message):
        load_config(path)


def test_run_timestamp_comes_from_source_date_epoch_or_the_report_date(monkeypatch):
    from pipeline.config import run_timestamp

    config = load_config(PROGRAMME_TOML)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert run_timestamp(config) == (dt.datetime(2018, 3, 15, tzinfo=dt.UTC), "programme.toml [report] date")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    assert run_timestamp(config)[0] == dt.datetime(1970, 1, 2, tzinfo=dt.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "-5")
    with pytest.raises(UnreadableInputsError, match="SOURCE_DATE_EPOCH"):
        run_timestamp(config)
