"""Every validation rule, in id order: what the validate stage runs and the docs list."""

from __future__ import annotations

from . import facts, money, outcomes, payments, register
from .layer import Finding, Layer, ValidationRule

VALIDATION_RULES: tuple[ValidationRule, ...] = tuple(
    sorted(
        (*facts.RULES, *money.RULES, *register.RULES, *outcomes.RULES, *payments.RULES),
        key=lambda rule: int(rule.rule_id[1:]),
    )
)


def validation_findings(layer: Layer) -> list[Finding]:
    """The findings of every validation rule (unsorted)."""
    return [finding for rule in VALIDATION_RULES for finding in rule.findings(layer)]


__all__ = ["VALIDATION_RULES", "Layer", "ValidationRule", "validation_findings"]
