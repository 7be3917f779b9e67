"""Whole parts that sum exactly: how projects are spread over counties and years, and amounts over
years and sources, without a krona lost to rounding."""

from __future__ import annotations


def split_exactly(total: int, weights: list[float]) -> list[int]:
    """Split a whole amount by weights into whole parts that sum exactly (largest remainder)."""
    weight_sum = sum(weights)
    raw = [total * w / weight_sum for w in weights]
    parts = [int(r // 1) for r in raw]
    remainder = total - sum(parts)
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - parts[i]), i))
    for i in order[:remainder]:
        parts[i] += 1
    return parts
