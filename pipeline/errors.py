"""Exceptions that mean "the user must fix something", as opposed to bugs.

The CLI turns these into a short message and an exit code, never a traceback.
"""


class PipelineError(Exception):
    """A problem the user can fix; the message says how. Exit code 1."""

    exit_code = 1


class UnreadableInputsError(PipelineError):
    """The inputs folder or programme config cannot be used at all. Exit code 2."""

    exit_code = 2


class ReconciliationError(PipelineError):
    """Two figures that must be equal are not; the message names both."""
