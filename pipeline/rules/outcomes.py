"""Validation rules on what a project reports achieving: indicators and narrative (V22, V23, V25)."""

from __future__ import annotations

from collections.abc import Iterator

from ..contract import INDICATORS, NARRATIVE_FIELDS, SHEET_NARRATIVE
from .layer import Finding, Layer, ValidationRule, blank, limit_percent, rows, validation_rule

INDICATOR_LABELS = {code: label for label, code in INDICATORS.items()}


def _indicator_label(code: str | None) -> str:
    return INDICATOR_LABELS.get(code, code or "")


@validation_rule("V22")
def INDICATOR_NOT_COUNT(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    # Counts arrive as whole numbers (extract reports text and decimals); what is left is the sign.
    indicators = layer["indicators"]
    for column, label in (("target", "Mål"), ("outcome", "Utfall")):
        cell = f"{column}_cell"
        negative = (indicators[column] < 0).fillna(False).astype(bool)
        for row in rows(layer.unreported(indicators[negative], cell)):
            yield rule.at(row, column, label=label, indicator=_indicator_label(row["indicator"]))


@validation_rule("V23")
def OUTCOME_BELOW_TARGET(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    ratio = layer.config.outcome_warning_ratio
    indicators = layer["indicators"]
    known = (indicators["target"].notna() & indicators["outcome"].notna()).astype(bool)
    # Python ints, so that the comparison with the Decimal ratio is exact.
    target = indicators["target"].astype(object).where(known, 0)
    outcome = indicators["outcome"].astype(object).where(known, 0)
    below = known & (target > 0) & (outcome >= 0) & (outcome < target * ratio)
    for row in rows(indicators[below.astype(bool)]):
        yield rule.at(
            row,
            "outcome",
            target=row["target"],
            ratio=limit_percent(ratio),
            indicator=_indicator_label(row["indicator"]),
        )


@validation_rule("V25")
def NARRATIVE_EMPTY(rule: ValidationRule, layer: Layer) -> Iterator[Finding]:
    narratives = layer.workbook_rows("narratives")
    workbooks = layer.workbooks[["source_file", "project_id"]]
    for field in (f for f in NARRATIVE_FIELDS if f.required):
        texts = narratives.loc[narratives["field"] == field.name, ["source_file", "sheet", "cell", "text"]]
        merged = workbooks.merge(texts, on="source_file", how="left", indicator=True)
        for row in rows(layer.unreported(merged[blank(merged["text"])], "cell")):
            if row["_merge"] == "left_only" and layer.label_reported_by_extract(
                row["source_file"], SHEET_NARRATIVE, field.label
            ):
                continue  # extract reported the sheet or the label row missing
            yield rule.at(
                row,
                sheet=row["sheet"] or SHEET_NARRATIVE,
                cell=row["cell"] or "A1",
                label=field.label,
                what=field.label.lower(),
            )


RULES: tuple[ValidationRule, ...] = (INDICATOR_NOT_COUNT, OUTCOME_BELOW_TARGET, NARRATIVE_EMPTY)
