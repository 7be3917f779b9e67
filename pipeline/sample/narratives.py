"""The narratives of the sample programme: results, lessons and a good example per project.

Each project's text is drawn from its own `random.Random` seeded from (seed, project id), never
from the programme's main generator, so the figures drawn there do not depend on the wording.
The text is tied to the project: its owner, county (towns, municipalities, university, typical
sectors), the focus its title names, and the indicator outcomes it reports (counted nouns such as
"tre branschråd" quote them). A planted low outcome is explained in the lessons, as the warning
asks. Across a programme no sentence is used twice while another draw can avoid it (with
thousands of projects some repeat; see `PICK_ATTEMPTS`).
"""

from __future__ import annotations

import functools
import random
import re
from dataclasses import dataclass

from ..contract import COUNTIES, NARRATIVE_FIELDS
from .focuses import FOCUSES
from .phrases import (
    COMMON_SECTORS,
    CONTINUATION,
    COUNTED_SENTENCES,
    COUNTY_FACTS,
    DIFFERENTLY,
    SECTORS,
    SHORTFALL_REASONS,
    WORKED,
)

# Tries before a sentence already used elsewhere in the programme is accepted, and how many sets
# of details (the project's own, then alternatives) the tries go through.
PICK_ATTEMPTS = 6
SLOT_SETS = 3
# Placeholder → (indicator code, singular, plural, neuter).
COUNTED_NOUNS = {
    "skills_analyses": ("skills_analyses", "kompetensbehovsanalys", "kompetensbehovsanalyser", False),
    "employers": ("participating_employers", "arbetsgivare", "arbetsgivare", False),
    "providers": ("participating_education_providers", "utbildningsanordnare", "utbildningsanordnare", False),
    "councils": ("sector_councils_started", "branschråd", "branschråd", True),
    "programmes": ("education_programmes_changed", "utbildning", "utbildningar", False),
    "validation": ("validation_models", "modell för validering", "modeller för validering", False),
    "meetings": ("meetings_and_activities", "möte eller aktivitet", "möten och aktiviteter", True),
}
# Counts that templates always quote together ("57 arbetsgivare och 9 utbildningsanordnare").
COMPARED_COUNTS = ("employers", "providers")
# Myndigheternas skrivregler: one to twelve in words in running text.
NUMBER_WORDS = ("noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv")
# The word that marks a template as naming several municipalities (not for Gotland).
_MUNICIPAL = re.compile(r"\{kommuner\}|kommun", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
SINGLE_MUNICIPALITY_COUNTY = "09"  # Gotland: the region is one municipality


@functools.cache
def _candidates(
    templates: tuple[str, ...], single_municipality: bool, zero_counts: frozenset[str]
) -> tuple[str, ...]:
    """The templates a project can use: none naming municipalities for Gotland, none quoting a
    count that is zero. Cached: there are few combinations, and thousands of projects."""
    return tuple(
        t
        for t in templates
        if not (single_municipality and _MUNICIPAL.search(t))
        and not zero_counts.intersection(_PLACEHOLDER.findall(t))
    )


@dataclass(frozen=True)
class NarrativeFacts:
    """What a project's narrative is written from (plain data from the drawn project)."""

    project_id: str
    county_code: str
    owner: str
    focus: str  # a key of FOCUSES
    end_year: int
    # indicator code → (target, outcome), as the workbook reports them
    indicators: dict
    with_good_example: bool


def number_text(count: int) -> str:
    return NUMBER_WORDS[count] if 0 <= count < len(NUMBER_WORDS) else str(count)


def counted(count: int, singular: str, plural: str, neuter: bool = False) -> str:
    """A counted noun in Swedish running text: "ett branschråd", "tre analyser", "57 arbetsgivare"."""
    if count == 1:
        return ("ett " if neuter else "en ") + singular
    return f"{number_text(count)} {plural}"


def _capitalised(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


class _Writer:
    """Fills templates for one project, avoiding sentences the programme has already used."""

    def __init__(self, facts: NarrativeFacts, rng: random.Random, used: set[str]):
        self.facts, self.rng, self.used = facts, rng, used
        self.single_municipality = facts.county_code == SINGLE_MUNICIPALITY_COUNTY
        self.counts = {key: facts.indicators[code][1] for key, (code, *_) in COUNTED_NOUNS.items()}
        self.zero_counts = frozenset(key for key, count in self.counts.items() if count == 0)
        self.counted = {key: counted(self.counts[key], *noun) for key, (_, *noun) in COUNTED_NOUNS.items()}
        # Figures compared in one sentence are all written as digits when one is above twelve.
        pair = [self.counts[key] for key in COMPARED_COUNTS]
        if max(pair) >= len(NUMBER_WORDS):
            for key, count in zip(COMPARED_COUNTS, pair, strict=True):
                self.counted[key] = f"{count} {COUNTED_NOUNS[key][2 if count != 1 else 1]}"
        self.slot_sets = [self._draw_slots()]

    def _draw_slots(self) -> dict[str, str]:
        """One project's concrete details; drawn again only to get round a repeated sentence."""
        rng, facts = self.rng, self.facts
        municipalities, towns, university, county_sectors = COUNTY_FACTS[facts.county_code]
        sector_key = rng.choice(county_sectors)
        other = [k for k in county_sectors + COMMON_SECTORS if k != sector_key]
        sector2_key = rng.choice(other)
        sector, organisation, occupations = SECTORS[sector_key]
        singular, plural = rng.choice(occupations)
        singular2 = rng.choice(SECTORS[sector2_key][2])[0]
        place, place2 = rng.sample(towns, 2)
        if self.single_municipality:
            region, region_in = "Gotland", "på Gotland"
            vux = "vuxenutbildningen på Gotland"
        else:
            region = COUNTIES[facts.county_code]
            region_in = f"i {region}"
            vux = rng.choice(("kommunernas vuxenutbildning", f"vuxenutbildningen {region_in}"))
        slots = {
            "owner": facts.owner,
            "region": region,
            "region_in": region_in,
            "kommuner": f"länets {number_text(municipalities)} kommuner",
            "vux": vux,
            "place": place,
            "place2": place2,
            "university": university,
            "sector": sector,
            "sector2": SECTORS[sector2_key][0],
            "organisation": organisation,
            "occupation": singular,
            "occupations": plural,
            "occupation2": singular2,
            "end_year": str(facts.end_year),
            "next_year": str(facts.end_year + 1),
            "horizon": str(next(y for y in (2025, 2030, 2035) if y >= facts.end_year + 6)),
        }
        slots.update(self.counted)
        return slots

    def usable(self, templates) -> tuple[str, ...]:
        return _candidates(tuple(templates), self.single_municipality, self.zero_counts)

    @staticmethod
    def _fill(template: str, slots: dict[str, str]) -> str:
        text = template.format_map(slots)
        return _capitalised(text) if template[0] == "{" else text

    def _slot_set(self, index: int) -> dict[str, str]:
        """The project's own details (0), or an alternative drawn once (1, 2 …)."""
        while len(self.slot_sets) <= index:
            self.slot_sets.append(self._draw_slots())
        return self.slot_sets[index]

    def _tries(self, candidates):
        """(template, slots) pairs to try in turn: every template (from a random one on) with the
        project's own details first, then with alternatives; at most `PICK_ATTEMPTS`."""
        count = len(candidates)
        start = self.rng.randrange(count)
        for attempt in range(min(PICK_ATTEMPTS, count * SLOT_SETS)):
            yield candidates[(start + attempt) % count], self._slot_set(attempt // count)

    def pick(self, templates, count: int = 1) -> list[str]:
        """`count` different sentences from `templates`, each unused in the programme if possible
        (else the first one tried)."""
        candidates = self.usable(templates)
        chosen: list[str] = []
        for _ in range(min(count, len(candidates))):
            first = None
            for template, slots in self._tries(candidates):
                sentence = self._fill(template, slots)
                if sentence in chosen:
                    continue
                first = first or sentence
                if sentence not in self.used:
                    first = sentence
                    break
            if first is None:
                break
            chosen.append(first)
            self.used.add(first)
        return chosen

    def figures(self, count: int) -> list[str]:
        """Sentences quoting `count` different indicators (those with an outcome above zero)."""
        by_indicator: dict[str, list[str]] = {}
        for template in self.usable(COUNTED_SENTENCES):
            first = next(n for n in _PLACEHOLDER.findall(template) if n in COUNTED_NOUNS)
            by_indicator.setdefault(first, []).append(template)
        chosen = self.rng.sample(sorted(by_indicator), min(count, len(by_indicator)))
        return [sentence for key in chosen for sentence in self.pick(by_indicator[key])]

    def _examples(self, focus: str) -> list[tuple[str, tuple[str, ...]]]:
        """The focus's good examples this project can use (all their placeholders fit it)."""
        return [e for e in FOCUSES[focus]["examples"] if len(self.usable((e[0],) + e[1])) == 1 + len(e[1])]

    def example(self) -> tuple[str, str]:
        """A good example: a title and its two or three sentences. Two examples from one template
        read alike even with other details, so a template is used once in a programme while any
        is left: first the project's focus's, then another focus's (a project works on more than
        its main focus), and only when every one is taken again."""
        own = self._examples(self.facts.focus)
        fresh = [e for e in own if _example_key(e) not in self.used]
        if not fresh:
            fresh = [
                e
                for focus in sorted(FOCUSES)
                if focus != self.facts.focus
                for e in self._examples(focus)
                if _example_key(e) not in self.used
            ]
        first = None
        for example, slots in self._tries(fresh or own):
            title_template, sentence_templates = example
            title = self._fill(title_template, slots)
            sentences = [self._fill(s, slots) for s in sentence_templates]
            first = first or (example, title, sentences)
            if title not in self.used and not any(s in self.used for s in sentences):
                first = (example, title, sentences)
                break
        example, title, sentences = first
        self.used.update([title, *sentences, _example_key(example)])
        return title, " ".join(sentences)

    def shortfalls(self) -> list[str]:
        """Explain each outcome below half its target (the warning the checks give)."""
        sentences = []
        for code, (target, outcome) in self.facts.indicators.items():
            if target and outcome * 2 < target:
                key = next(k for k, (c, *_) in COUNTED_NOUNS.items() if c == code)
                goal, reached = counted(target, *COUNTED_NOUNS[key][1:]), number_text(outcome)
                sentences += self.pick(
                    (
                        f"Målet om {goal} nåddes inte; utfallet blev {reached}.",
                        f"Projektet nådde inte målet om {goal} utan stannade vid {reached}.",
                    )
                )
                sentences += self.pick((SHORTFALL_REASONS[code],))
        return sentences


def _example_key(example: tuple[str, tuple[str, ...]]) -> str:
    """How `used` remembers an example template (a string no sentence can be)."""
    return "\x00" + example[0]


def write_narrative(facts: NarrativeFacts, seed: int, used: set[str]) -> dict[str, str]:
    """Field label → text for one project. `used` collects the programme's sentences so far."""
    rng = random.Random(f"{seed}:{facts.project_id}")
    writer = _Writer(facts, rng, used)
    focus = FOCUSES[facts.focus]
    # Results: what was built, the figures, what changed, and what happens next (two paragraphs).
    built = writer.pick(focus["built"])
    figures = writer.figures(rng.choice((2, 3)))
    changed = writer.pick(focus["changed"])
    after = writer.pick(CONTINUATION)
    results = " ".join(built + figures) + "\n\n" + " ".join(changed + after)
    # Lessons: what was hard, what worked, and what they would do differently.
    lessons = writer.shortfalls() + writer.pick(focus["hard"])
    lessons += writer.pick(WORKED, rng.choice((1, 2)))
    lessons += writer.pick(DIFFERENTLY)
    labels = [f.label for f in NARRATIVE_FIELDS]
    narrative = {labels[0]: results, labels[1]: " ".join(lessons)}
    if facts.with_good_example:
        narrative[labels[2]], narrative[labels[3]] = writer.example()
    return narrative


def write_narratives(facts_in_order: list[NarrativeFacts], seed: int) -> list[dict[str, str]]:
    """The narratives of a programme's projects, in the order given (which decides who keeps a
    sentence that two projects drew)."""
    used: set[str] = set()
    return [write_narrative(facts, seed, used) for facts in facts_in_order]
