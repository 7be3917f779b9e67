"""One entry of each kind: `doc` (any Table Schema type, text by default), `amount` in kronor,
`pct` (a percentage) and `count`."""

from __future__ import annotations

SEK = "SEK"
PERCENT = "procent"


def doc(title: str, description: str, type: str = "string", unit: str | None = None) -> dict[str, str]:
    entry = {"title": title, "description": description, "type": type}
    if unit:
        entry["unit"] = unit
    return entry


def amount(title: str, description: str) -> dict[str, str]:
    return doc(title, description, "number", SEK)


def pct(title: str, description: str) -> dict[str, str]:
    return doc(
        title,
        description + " Procent med en decimal, avrundat uppåt vid exakt hälften; tomt när nämnaren är noll.",
        "number",
        PERCENT,
    )


def count(title: str, description: str) -> dict[str, str]:
    return doc(title, description, "integer")
