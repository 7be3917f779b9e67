"""Exceptions that mean "the user must fix something", as opposed to bugs.

The CLI turns these into a short message and an exit code, never a traceback.
"""


class DeclarationError(Exception):
    """A declaration file of the code (pipeline/rules/rules.toml, pipeline/aggregated_tables/tables.toml)
    is malformed or disagrees with the code: not the user's inputs, but a file a developer or
    proofreader edits. The message names the file and the entry; `python -m pipeline` prints it as
    one line and exits 2 (pipeline/__main__.py)."""


class PipelineError(Exception):
    """A problem the user can fix; the message says how. Exit code 1."""

    exit_code = 1


class UnreadableInputsError(PipelineError):
    """The inputs folder or programme config cannot be used at all. Exit code 2."""

    exit_code = 2


class ReconciliationError(PipelineError):
    """Two figures that must be equal are not; the message names both."""


class TextError(PipelineError):
    """A mistake in one of the analyst's text files (inputs/text/*.md): the file, line and column,
    the line itself, and the name probably meant when one is close. Exit code 2, as for any input
    the analyst must fix. `str()` is the whole message; the CLI and the preview show the path
    relative to the inputs folder (`describe(root)`)."""

    exit_code = 2

    def __init__(
        self,
        problem: str,
        *,
        path: str,
        line: int,
        column: int | None = None,
        source_line: str | None = None,
        suggestion: str | None = None,
    ) -> None:
        self.problem = problem.rstrip(".")
        self.path = str(path)
        self.line = line
        self.column = column
        self.source_line = source_line
        self.suggestion = suggestion
        super().__init__(self.describe())

    def where(self, root=None) -> str:
        """'text/sammanfattning.md, rad 11, kolumn 24', the path relative to `root` when inside it."""
        from pathlib import Path

        path = Path(self.path)
        if root is not None:
            try:
                path = path.resolve().relative_to(Path(root).resolve())
            except ValueError:
                pass
        column = f", kolumn {self.column}" if self.column else ""
        return f"{path.as_posix()}, rad {self.line}{column}"

    def headline(self, root=None) -> str:
        hint = f"; menade du `{self.suggestion}`?" if self.suggestion else "."
        return f"{self.where(root)}: {self.problem}{hint}"

    def quote(self) -> str:
        """The line as written, with a caret under the column (empty when the line is not known)."""
        if self.source_line is None:
            return ""
        number = f"{self.line} | "
        text = self.source_line.replace("\t", " ")
        caret = f"\n{' ' * (len(number) - 2)}| {' ' * (self.column - 1)}^" if self.column else ""
        return f"{number}{text}{caret}"

    def describe(self, root=None) -> str:
        quote = self.quote()
        return self.headline(root) + (f"\n{quote}" if quote else "")
