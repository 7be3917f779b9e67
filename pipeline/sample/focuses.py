"""Swedish phrase banks for each focus a sample project's title names (see `phrases` for the
placeholders). The banks are plain data in two modules, kept under the size of one module."""

from __future__ import annotations

from .focuses_instruments import INSTRUMENT_FOCUSES
from .focuses_strategy import STRATEGY_FOCUSES

# Each focus (from the project's title): what was built, what changed, what was hard, and good
# examples as (title, description sentences). Built sentences name the owner or the region.
# In the order the focuses were always listed.
FOCUSES: dict[str, dict[str, tuple]] = {**INSTRUMENT_FOCUSES, **STRATEGY_FOCUSES}
