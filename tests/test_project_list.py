"""The project list (templates/project_list.html.j2, issue 24): every project, grouped by county,
up to [report] max_listed_projects; above it the printed report gives the projects by county and
points to the attached table, while the web edition still lists every project."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.errors import UnreadableInputsError
from pipeline.stages import render
from pipeline.stages.render.html_edition import render_edition
from tests.conftest import catalog_rows, report_context_with


def _context(run, limit: int) -> dict:
    return report_context_with(run, max_listed_projects=limit)


def _list(html: str) -> str:
    return html.split('id="tabell-projekt"')[1].split("</table>")[0]


@pytest.mark.parametrize("limit", [3, 100])
def test_up_to_the_limit_every_project_is_listed_under_its_county(small_programme, limit):
    projects = catalog_rows(small_programme.outputs, "project_summary")
    html = _list(render.render_html(_context(small_programme, limit)))
    for project in projects:
        assert project["title"] in html and project["owner"] in html
    groups = re.findall(r'<tr class="group"><th scope="colgroup" colspan="5">([^<]+)</th>', html)
    assert groups == sorted(
        {p["county_name"] for p in projects}, key=[p["county_name"] for p in projects].index
    )


def test_above_the_limit_the_report_gives_counties_and_the_web_edition_every_project(small_programme):
    projects = catalog_rows(small_programme.outputs, "project_summary")
    context = _context(small_programme, len(projects) - 1)
    printed = render.render_html(context)
    assert not any(p["title"] in _list(printed) for p in projects)
    assert f"Rapporten omfattar {len(projects)} projekt i" in printed
    assert "Projektsammanställning" in printed.split('id="tabell-projekt"')[0].rsplit("<p>", 1)[1]
    counties = re.findall(r'<th scope="row">([^<]+)</th>', _list(printed))
    assert counties == [r["county_name"] for r in catalog_rows(small_programme.outputs, "by_region")] + [
        "Summa"
    ]
    page, _, _ = render_edition(context, small_programme.outputs)
    assert all(p["title"] in _list(page) for p in projects)


def test_the_limit_must_not_be_negative(tmp_path):
    config = tmp_path / "programme.toml"
    text = (Path(__file__).parent / "fixtures" / "programme.toml").read_text(encoding="utf-8")
    config.write_text(
        re.sub(r"(?m)^max_listed_projects = \d+", "max_listed_projects = -1", text), encoding="utf-8"
    )
    with pytest.raises(UnreadableInputsError, match=r"max_listed_projects = -1 ska vara 0 eller mer"):
        load_config(config)
