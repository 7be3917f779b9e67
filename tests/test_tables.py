"""CSV hand-over conventions: exact numbers, formula neutralisation, atomic writes."""

from decimal import Decimal

import pytest

from pipeline.safe_io import neutralise, read_rows, restore, write_rows


@pytest.mark.parametrize(
    "text",
    ["=cmd|' /C calc'!A0", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "'=already", "''", "'", "plain", "", "-"],
)
def test_neutralise_round_trip(text):
    assert restore(neutralise(text)) == text


@pytest.mark.parametrize("text", ["=1+1", "+46 8 123", "-x", "@a", "\tTAB", "\rCR"])
def test_neutralised_text_cannot_start_a_formula(text):
    assert neutralise(text).startswith("'")


def test_plain_negative_numbers_stay_numbers():
    assert neutralise("-1234") == "-1234"
    assert neutralise("-12.5") == "-12.5"


def test_write_and_read_keep_values_exact(tmp_path):
    path = tmp_path / "t.csv"
    rows = [
        {"id": '=HYPERLINK("http://x")', "amount": Decimal("1234.5600"), "n": 3, "f": 7.0, "none": None},
        {"id": "b", "amount": Decimal("1E+3"), "n": -1, "f": 2.0, "none": ""},
    ]
    assert write_rows(path, ["id", "amount", "n", "f", "none"], rows) == 2
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[1].startswith("\"'=HYPERLINK")
    assert "1234.56," in text and "\nb,1000,-1,2," in text
    assert text.splitlines()[1].endswith(",3,7,")
    back = read_rows(path)
    assert back[0]["id"] == rows[0]["id"]
    assert [row["id"] for row in back] == [rows[0]["id"], "b"]


def test_failed_write_leaves_no_file(tmp_path):
    path = tmp_path / "t.csv"

    def rows():
        yield {"a": 1}
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_rows(path, ["a"], rows())
    assert list(tmp_path.iterdir()) == []


def test_fractional_floats_are_refused(tmp_path):
    with pytest.raises(TypeError, match="Decimal"):
        write_rows(tmp_path / "t.csv", ["f"], [{"f": 0.1 + 0.2}])


def test_a_row_with_the_wrong_number_of_cells_is_a_clear_error(tmp_path):
    from pipeline.errors import PipelineError

    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2,3\n", encoding="utf-8")
    with pytest.raises(PipelineError, match="rad 2"):
        read_rows(path)


def test_written_files_get_the_usual_permissions(tmp_path):
    import os

    path = tmp_path / "t.csv"
    write_rows(path, ["a"], [{"a": 1}])
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask
