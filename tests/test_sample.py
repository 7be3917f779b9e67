"""The sample programme generator: deterministic, exact amounts, realistic, and only warnings.

Workbooks are read back with python-calamine (what the pipeline reads with) and amounts parsed
with pipeline.parsing, so these tests see the files the way the extract stage does.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline import contract as c
from pipeline import sample
from pipeline.config import load_config
from pipeline.errors import PipelineError
from pipeline.parsing import parse_amount, parse_date
from pipeline.paths import InputPaths
from tests.sample_reading import (
    CEILING,
    COMMITTED_TOML,
    GIVEN_NAMES,
    LARGE_COUNTIES,
    ROLE_WORDS,
    amount_of,
    is_agency,
    label_of,
    net_cost,
    read_project,
    register_by_id,
)

# --- Determinism ---------------------------------------------------------------------------------


def _all_bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_gives_identical_bytes_and_another_seed_differs(tmp_path):
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    sample.generate_programme(first, projects=8, seed=11, progress=False)
    sample.generate_programme(second, projects=8, seed=11, progress=False)
    sample.generate_programme(other, projects=8, seed=12, progress=False)
    assert _all_bytes(first) == _all_bytes(second)
    assert len(_all_bytes(first)) == 8 + 4  # + programme.toml, register, meetings, payments
    assert (first / "beslutsregister.xlsx").read_bytes() != (other / "beslutsregister.xlsx").read_bytes()
    assert sorted(p.name for p in (first / "projects").iterdir()) != sorted(
        p.name for p in (other / "projects").iterdir()
    )


def test_process_pool_writes_the_same_bytes_as_one_process(tmp_path, monkeypatch):
    sample.generate_programme(tmp_path / "serial", projects=6, seed=5, progress=False)
    monkeypatch.setattr(sample, "POOL_THRESHOLD", 2)
    sample.generate_programme(tmp_path / "pool", projects=6, seed=5, progress=True)
    assert _all_bytes(tmp_path / "serial") == _all_bytes(tmp_path / "pool")


# --- The 40-project programme ---------------------------------------------------------------------


def test_forty_projects_cover_every_county_with_more_in_the_large_regions(programme_40):
    assert programme_40["summary"]["projekt"] == 40
    assert len(programme_40["projects"]) == 40
    counties = Counter(row[label_of("county_code", c.REGISTER_COLUMNS)] for row in programme_40["register"])
    assert set(counties) == set(c.COUNTIES)
    for code in LARGE_COUNTIES:
        assert 3 <= counties[code] <= 4, (code, counties[code])
    assert all(counties[code] <= 2 for code in c.COUNTIES if code not in LARGE_COUNTIES)


def test_register_grants_sum_exactly_to_the_frame_in_the_config(programme_40):
    config = load_config(InputPaths(programme_40["out"]).config)
    granted = [
        parse_amount(row[label_of("granted_amount", c.REGISTER_COLUMNS)]) for row in programme_40["register"]
    ]
    assert sum(granted) == config.frame_amount == Decimal(60_000_000)
    assert programme_40["summary"]["beviljat"] == 60_000_000


def test_programme_toml_for_40_projects_is_the_committed_file(programme_40):
    assert (programme_40["out"] / "programme.toml").read_bytes() == COMMITTED_TOML.read_bytes()


def test_the_generator_reads_its_facts_from_the_toml_it_writes(tmp_path):
    (tmp_path / "programme.toml").write_text(sample.programme_toml(40), encoding="utf-8")
    written = load_config(tmp_path / "programme.toml")
    assert (sample.config_file.FIRST_YEAR, sample.config_file.LAST_YEAR) == (
        written.years[0],
        written.years[-1],
    )
    assert sample.config_file.MAX_AGENCY_SHARE == written.max_agency_share


def test_a_cost_category_without_a_share_is_reported_as_zero(monkeypatch):
    from pipeline.sample import finances

    monkeypatch.setattr(finances, "COST_CATEGORIES", {**c.COST_CATEGORIES, "Ny kategori": "new_category"})
    rows = finances.cost_rows_for_year(2015, 1_000_000, 0, 1_100_000, random.Random(1))
    assert [row for row in rows if row[1] == "Ny kategori"] == [(2015, "Ny kategori", 0, 0)]
    assert sum(actual for _, label, _, actual in rows if label != finances.INCOME_LABEL) == 1_000_000


def test_an_indicator_without_a_range_is_drawn_after_the_others(monkeypatch):
    from pipeline.sample import projects

    known = projects._indicators(1.0, random.Random(5))
    monkeypatch.setattr(projects, "INDICATORS", {**c.INDICATORS, "Ny indikator": "new_indicator"})
    monkeypatch.setattr(
        projects, "INDICATOR_LABEL", {**projects.INDICATOR_LABEL, "new_indicator": "Ny indikator"}
    )
    with_new = projects._indicators(1.0, random.Random(5))
    assert with_new[:-1] == known and with_new[-1][0] == "Ny indikator"


def test_frame_scales_with_the_number_of_projects():
    assert sample.frame_amount_for(40) == 60_000_000
    assert sample.frame_amount_for(3) == 4_500_000
    assert sample.frame_amount_for(7) == 10_500_000
    assert "frame_amount = 4500000 " in sample.programme_toml(3)


def test_each_project_costs_equal_financing_and_agency_share_at_most_the_ceiling(programme_40):
    register = register_by_id(programme_40)
    for name, project in programme_40["projects"].items():
        cost = sum(net_cost(r) for r in project["costs"])
        financing = sum(amount_of(r) for r in project["financing"])
        agency = sum(amount_of(r) for r in project["financing"] if is_agency(r))
        assert cost == financing, name
        assert 1_000_000 <= cost <= 6_000_000, (name, cost)
        assert Decimal("0.30") <= agency / cost <= CEILING, (name, agency / cost)
        project_id = project["facts"][label_of("project_id")]
        granted = parse_amount(register[project_id][label_of("granted_amount", c.REGISTER_COLUMNS)])
        assert agency <= granted, name
        assert parse_amount(project["facts"][label_of("granted_amount")]) == granted
        # Public cash is the largest co-financier.
        by_source = Counter()
        for r in project["financing"]:
            by_source[c.FINANCING_SOURCES[r[label_of("source", c.FINANCING_COLUMNS)]]] += amount_of(r)
        cofinancing = {k: v for k, v in by_source.items() if k != c.AGENCY_SOURCE}
        assert max(cofinancing, key=cofinancing.get) == "public_cash", name
    paid_below_granted = sum(
        1
        for p in programme_40["projects"].values()
        if sum(amount_of(r) for r in p["financing"] if is_agency(r))
        < parse_amount(p["facts"][label_of("granted_amount")])
    )
    assert paid_below_granted >= 25


# Tillväxtverket's payments per year (mnkr) a plausible programme shows: a first round from 2013,
# a steady level in 2014–2016, and 2017 near the 16 mnkr Cedefop reports as forecast.
PAID_MNKR_BY_YEAR = {2013: (6, 9), 2014: (10, 13), 2015: (10, 13), 2016: (10, 13), 2017: (14, 17)}


def _agency_paid_by_year(financing_rows_by_project) -> Counter:
    paid = Counter()
    for rows in financing_rows_by_project:
        for year, label, amount in rows:
            if c.FINANCING_SOURCES[label] == c.AGENCY_SOURCE:
                paid[int(year)] += parse_amount(amount) if isinstance(amount, str) else Decimal(amount)
    return paid


def test_agency_payments_per_year_follow_the_programme(programme_40):
    """Summed from the financing sheets of the written workbooks, as the pipeline sums them."""
    year, source, amount = (label_of(n, c.FINANCING_COLUMNS) for n in ("year", "source", "amount"))
    paid = _agency_paid_by_year(
        [(r[year], r[source], r[amount]) for r in p["financing"]] for p in programme_40["projects"].values()
    )
    assert set(paid) == set(PAID_MNKR_BY_YEAR)
    for paid_year, (low, high) in PAID_MNKR_BY_YEAR.items():
        assert low * 1_000_000 <= paid[paid_year] <= high * 1_000_000, (paid_year, paid[paid_year])
    assert 0.9 * 60_000_000 <= sum(paid.values()) < 60_000_000


def test_payments_per_year_are_by_design_not_by_a_lucky_seed():
    """Averaged over other seeds, each year's payments sit inside the plausible range too."""
    seeds = range(20)
    totals = Counter()
    for seed in seeds:
        specs, _ = sample.draw_programme(40, seed)
        totals += _agency_paid_by_year(s.financing_rows for s in specs)
    for paid_year, (low, high) in PAID_MNKR_BY_YEAR.items():
        mean = totals[paid_year] / len(seeds)
        assert low * 1_000_000 < mean < high * 1_000_000, (paid_year, mean)


def test_summa_rows_hold_stored_results_and_exactly_one_disagrees(programme_40):
    budget, actual = label_of("budget", c.COST_COLUMNS), label_of("actual", c.COST_COLUMNS)
    disagreeing = []
    for name, project in programme_40["projects"].items():
        total = project["cost_total"]
        assert total is not None and project["financing_total"] is not None, name
        assert parse_amount(total[budget]) == sum(parse_amount(r[budget]) for r in project["costs"])
        if parse_amount(total[actual]) != sum(parse_amount(r[actual]) for r in project["costs"]):
            disagreeing.append(name)
        stated = amount_of(project["financing_total"])
        assert stated == sum(amount_of(r) for r in project["financing"]), name
        assert stated > 0  # a formula whose result was not stored would read as 0 or ''
    assert len(disagreeing) == sample.DEVIATIONS["typed_total_mismatch"]


def test_deviations_are_the_warnings_we_planted(programme_40):
    """One year over half for one project, low outcomes, one prolonged project, nothing more."""
    register = register_by_id(programme_40)
    year_over_half, low_outcomes, prolonged = [], [], []
    for name, project in programme_40["projects"].items():
        years = {r[label_of("year", c.COST_COLUMNS)] for r in project["costs"]}
        for year in years:
            cost = sum(net_cost(r) for r in project["costs"] if r[label_of("year", c.COST_COLUMNS)] == year)
            agency = sum(
                amount_of(r)
                for r in project["financing"]
                if is_agency(r) and r[label_of("year", c.FINANCING_COLUMNS)] == year
            )
            if agency * 2 > cost:
                year_over_half.append((name, year))
        for r in project["indicators"]:
            target, outcome = (
                r[label_of("target", c.INDICATOR_COLUMNS)],
                r[label_of("outcome", c.INDICATOR_COLUMNS)],
            )
            if target and outcome < target * 0.5:
                low_outcomes.append(name)
        register_row = register[project["facts"][label_of("project_id")]]
        if parse_date(project["facts"][label_of("end_date")]) != parse_date(
            register_row[label_of("end_date", c.REGISTER_COLUMNS)]
        ):
            prolonged.append(name)
        assert parse_date(project["facts"][label_of("start_date")]) == parse_date(
            register_row[label_of("start_date", c.REGISTER_COLUMNS)]
        )
    assert len({n for n, _ in year_over_half}) == sample.DEVIATIONS["year_share"] == len(year_over_half)
    assert len(low_outcomes) == sample.DEVIATIONS["low_outcome"]
    assert len(prolonged) == sample.DEVIATIONS["prolonged"]
    assert programme_40["summary"]["avvikelser"] == sum(sample.DEVIATIONS.values())


def test_owners_fit_county_and_year_with_plausible_org_numbers(programme_40):
    owner_label, org_label = label_of("owner"), label_of("owner_org_number")
    for name, project in programme_40["projects"].items():
        facts = project["facts"]
        county, owner = facts[label_of("county_code")], facts[owner_label]
        year = parse_date(facts[label_of("start_date")]).year
        county_word = c.COUNTIES[county].split()[0].removesuffix("s").removesuffix("län").strip()
        if owner.startswith("Länsstyrelsen"):
            assert county in ("01", "19", "22", "25") and (county == "01" or year < 2017), (name, owner)
            assert owner == f"Länsstyrelsen i {c.COUNTIES[county]}"
        if county in ("12", "14", "13"):
            assert owner in ("Region Skåne", "Västra Götalandsregionen", "Region Halland"), owner
        if county in ("05", "06", "07", "18", "23") and year >= 2015:
            assert owner.startswith("Region "), (name, owner)
        if county in ("03", "19", "22", "25") and year >= 2017:
            assert owner.startswith("Region "), (name, owner)
        if owner.startswith("Regionförbundet") and county not in ("07", "05", "04"):
            assert county_word[:4].lower() in owner.lower(), (county, owner)
        number = facts[org_label]
        assert re.fullmatch(r"2\d{5}-\d{4}", number), number
        digits = [int(d) for d in number.replace("-", "")]
        checksum = sum((d * 2 - 9 if d * 2 > 9 else d * 2) if i % 2 == 0 else d for i, d in enumerate(digits))
        assert checksum % 10 == 0, number


def test_ids_file_names_and_periods(programme_40):
    ids = []
    for name, project in programme_40["projects"].items():
        facts = project["facts"]
        project_id = facts[label_of("project_id")]
        ids.append(project_id)
        assert re.fullmatch(r"Ä (\d{4})-(\d{6})", project_id)
        assert name.isascii() and name == f"{facts[label_of('county_code')]}_{project_id[2:]}.xlsx"
        start, end = parse_date(facts[label_of("start_date")]), parse_date(facts[label_of("end_date")])
        assert dt.date(2013, 1, 1) <= start < end <= dt.date(2017, 12, 31)
        assert int(project_id[2:6]) == start.year  # decided the year it starts
        assert 300 <= (end - start).days <= 3 * 366
        years = {int(r[label_of("year", c.COST_COLUMNS)]) for r in project["costs"]}
        assert years == set(range(start.year, end.year + 1))
        assert len(project["costs"]) == len(years) * len(c.COST_CATEGORIES)
        assert {r[label_of("indicator", c.INDICATOR_COLUMNS)] for r in project["indicators"]} == set(
            c.INDICATORS
        )
    assert len(set(ids)) == 40
    register_ids = {row[label_of("project_id", c.REGISTER_COLUMNS)] for row in programme_40["register"]}
    assert register_ids == set(ids)


def test_no_person_names_and_contacts_are_roles(programme_40):
    contact = label_of("contact_role")
    for name, project in programme_40["projects"].items():
        role = project["facts"][contact].lower()
        assert any(word in role for word in ROLE_WORDS), (name, role)
        words = set()
        for rows in project["sheets"].values():
            for row in rows:
                for value in row:
                    if isinstance(value, str):
                        words.update(re.findall(r"[a-zåäöé]+", value.lower()))
        assert not words & GIVEN_NAMES, (name, words & GIVEN_NAMES)


def test_input_variety_is_present(programme_40):
    text_amounts, swedish_dates, extra_sheets = 0, 0, 0
    for project in programme_40["projects"].values():
        extra_sheets += set(project["sheets"]) != set(c.PROJECT_SHEETS)
        swedish_dates += isinstance(project["facts"][label_of("start_date")], str)
        for record in project["costs"] + project["financing"]:
            text_amounts += any(isinstance(v, str) and re.search(r"\d \d{3}", v) for v in record.values())
    assert extra_sheets == 1 and swedish_dates == 1
    assert text_amounts >= 3  # "125 000 kr" once, decimal comma on a cost and on its financing


def test_meetings(programme_40):
    meetings = programme_40["meetings"]
    assert 10 <= len(meetings) <= 14
    types = Counter(m[label_of("meeting_type", c.MEETING_COLUMNS)] for m in meetings)
    assert set(types) == set(c.MEETING_TYPES)
    for meeting in meetings:
        day = parse_date(meeting[label_of("date", c.MEETING_COLUMNS)])
        assert dt.date(2013, 1, 1) <= day <= dt.date(2017, 12, 31) and day.weekday() < 5
        assert 20 <= meeting[label_of("participants", c.MEETING_COLUMNS)] <= 200


# --- Small programmes and the output folder ---------------------------------------------------------


@pytest.mark.parametrize("projects", [1, 3])
def test_small_programmes_work(tmp_path, projects):
    summary = sample.generate_programme(tmp_path / "out", projects=projects, seed=1, progress=False)
    assert summary["projekt"] == projects
    files = list((tmp_path / "out" / "projects").glob("*.xlsx"))
    assert len(files) == projects
    config = load_config(tmp_path / "out" / "programme.toml")
    assert config.frame_amount == summary["beviljat"] == sample.frame_amount_for(projects)
    for path in files:
        project = read_project(path)
        cost = sum(net_cost(r) for r in project["costs"])
        assert cost == sum(amount_of(r) for r in project["financing"])


def test_refuses_a_folder_with_other_files(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "anteckningar.txt").write_text("mitt")
    with pytest.raises(PipelineError, match="anteckningar.txt"):
        sample.generate_programme(out, projects=2, seed=1, progress=False)
    assert (out / "anteckningar.txt").read_text() == "mitt"
    assert not (out / "projects").exists()


def test_refuses_a_foreign_file_in_projects(tmp_path):
    out = tmp_path / "out"
    (out / "projects").mkdir(parents=True)
    (out / "projects" / "riktigt projekt.xlsx").write_bytes(b"x")
    with pytest.raises(PipelineError, match="riktigt projekt.xlsx"):
        sample.generate_programme(out, projects=2, seed=1, progress=False)


def test_regenerates_in_place_and_drops_stale_workbooks(tmp_path):
    out = tmp_path / "out"
    sample.generate_programme(out, projects=5, seed=1, progress=False)
    (out / "README.md").write_text("Läs mig")
    sample.generate_programme(out, projects=2, seed=3, progress=False)
    assert len(list((out / "projects").iterdir())) == 2
    assert (out / "README.md").read_text() == "Läs mig"


def test_refuses_a_file_as_folder(tmp_path):
    target = tmp_path / "fil"
    target.write_text("x")
    with pytest.raises(PipelineError):
        sample.generate_programme(target, projects=2, seed=1, progress=False)


def test_large_programme_draw_keeps_ids_unique_and_amounts_in_range():
    """The drawing for 4,000 projects (without writing the files): ids unique, every county,
    grants sum to the frame, totals in range."""
    specs, _ = sample.draw_programme(4000, seed=9)
    assert len({s.project_id for s in specs}) == 4000
    assert len({s.file_name for s in specs}) == 4000
    assert {s.county_code for s in specs} == set(c.COUNTIES)
    assert sum(s.granted for s in specs) == sample.frame_amount_for(4000)
    for spec in specs:
        cost = sum(
            -r[3] if r[1] == sample.INCOME_LABEL else r[3]
            for r in spec.cost_rows
            if not isinstance(r[3], str)
        )
        if any(isinstance(r[3], str) for r in spec.cost_rows):
            continue
        assert 1_000_000 <= cost <= 6_000_000
        agency = sum(r[2] for r in spec.financing_rows if r[1] == "Tillväxtverket")
        assert agency * 2 <= cost and agency <= spec.granted


def test_forty_projects_extract_cleanly_and_validate_with_only_the_planted_warnings(programme_40, tmp_path):
    """End to end through the extract and validate stages: no error anywhere, and one warning per
    planted deviation (the input variety must not produce findings)."""
    from pipeline.paths import OutputPaths
    from pipeline.safe_io import read_rows
    from pipeline.stages import extract, validate

    inputs, outputs = InputPaths(programme_40["out"]), OutputPaths(tmp_path / "outputs")
    extracted = extract.run(inputs, outputs, workers=1)
    assert read_rows(outputs.extract_findings) == []
    assert extracted["fel"] == 0
    validated = validate.run(inputs, outputs)
    findings = read_rows(outputs.findings)
    assert [f for f in findings if f["severity"] == c.SEVERITY_ERROR] == []
    assert validated["fel"] == 0
    warnings = [f for f in findings if f["severity"] == c.SEVERITY_WARNING]
    planted = sum(sample.DEVIATIONS.values()) + sum(sample.PAYMENT_DEVIATIONS.values())  # issue 14
    assert len(warnings) == planted, warnings
    assert len({f["project_id"] for f in warnings}) == planted


def test_same_seed_gives_the_same_bytes_of_extracted_data(tmp_path):
    """The issue's wording: determinism judged on what the pipeline reads, not only the files."""
    from pipeline.paths import InputPaths, OutputPaths
    from pipeline.stages import extract

    extracted = []
    for name in ("a", "b"):
        sample.generate_programme(tmp_path / name, projects=5, seed=7, progress=False)
        outputs = OutputPaths(tmp_path / f"out-{name}")
        extract.run(InputPaths(tmp_path / name), outputs, workers=1)
        extracted.append({p.name: p.read_bytes() for p in sorted(outputs.extracted.glob("*.csv"))})
    assert extracted[0] == extracted[1]
    assert len(extracted[0]) >= 10 and extracted[0]["costs.csv"].count(b"\n") > 5
