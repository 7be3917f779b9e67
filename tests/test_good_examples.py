"""Goda exempel at any size: the printed report quotes at most [report] max_good_examples, the
counties taking turns; the web edition quotes every one (issue 24: 4,000 projects gave 344 pages)."""

from __future__ import annotations

import pytest

from pipeline.stages import render
from pipeline.stages.render.context import printed_examples
from pipeline.stages.render.html_edition import render_edition
from tests.conftest import report_context_with


def _example(county: str, n: int) -> dict:
    return {"county_code": county, "project_id": f"{county}-{n}"}


def test_the_counties_take_turns_and_the_table_order_is_kept():
    examples = [_example("01", 1), _example("01", 2), _example("01", 3), _example("03", 1), _example("04", 1)]
    chosen = printed_examples(examples, 4)
    assert [e["project_id"] for e in chosen] == ["01-1", "01-2", "03-1", "04-1"]


def test_within_the_limit_every_example_is_printed():
    examples = [_example("01", 1), _example("01", 2)]
    assert printed_examples(examples, 2) == examples and printed_examples(examples, 0) == []


def _context(run, limit: int) -> dict:
    return report_context_with(run, max_good_examples=limit)


@pytest.mark.parametrize("limit", [1, 100])
def test_the_printed_report_quotes_at_most_the_limit_and_says_where_the_rest_are(small_programme, limit):
    context = _context(small_programme, limit)
    total = len(context["good_examples"])
    assert total >= 2  # the small programme has good examples to choose from
    html = render.render_html(context)
    assert html.count('class="example"') == min(limit, total)
    assert ("samtliga finns i rapportens webbutgåva" in html) == (limit < total)


def test_the_web_edition_quotes_every_good_example(small_programme):
    context = _context(small_programme, 1)
    page, _, _ = render_edition(context, small_programme.outputs)
    assert page.count('class="example"') == len(context["good_examples"])


def test_the_reviewers_edition_places_only_the_texts_the_report_prints(small_programme):
    context = _context(small_programme, 1)
    quoted = [c for c in context["cells"] if c["what"] == "Gott exempel"]
    assert [c["project_id"] for c in quoted] == [e["project_id"] for e in context["good_examples_printed"]]
    profiled = {p["project_id"] for p in context["profiles"]}
    assert {c["project_id"] for c in context["cells"] if c["what"] != "Gott exempel"} <= profiled
