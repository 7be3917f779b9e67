"""`python -m pipeline` and the `pipeline` command: the CLI (pipeline/cli.py).

rules.toml and tables.toml are read when their modules are imported, before the CLI can turn an
error into a message: a mistake in one of them is told here, as one line naming the file and the
entry, instead of a traceback.
"""

from __future__ import annotations

import sys

from .errors import DeclarationError

# As the CLI's other "cannot run at all" errors (an unusable inputs folder, a usage error).
DECLARATION_EXIT_CODE = 2


def run() -> None:
    try:
        from .cli import main

        main()
    except DeclarationError as error:
        print(f"Fel: {error}", file=sys.stderr)
        sys.exit(DECLARATION_EXIT_CODE)


if __name__ == "__main__":
    run()
