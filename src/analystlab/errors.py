"""Errors that the CLI turns into a clear message and a non-zero exit code."""


class AnalystlabError(Exception):
    """A problem the user can fix; the message says what is wrong and what to do."""

    exit_code = 2


class DataError(AnalystlabError):
    """Datasets are missing, changed or cannot be found."""

    exit_code = 3


class UnknownModuleError(AnalystlabError):
    """A module name that is not part of the course."""
