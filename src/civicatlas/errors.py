"""The errors CivicAtlas raises on purpose. The CLI maps them in one place (cli.Group): one line
`error: MESSAGE` on stderr, no traceback, and the error's exit code. Any other exception is a bug.

Exit codes of the `civicatlas` command:
    0  everything went well
    1  some inputs failed (each named on stderr; the rest was processed), or an id was not found (NotFound)
    2  bad usage or nothing could be done: a bad option or setting (ConfigError), a database that cannot be used
       (StoreError), an input the whole command needs that cannot be read (InputError), an output that cannot
       be written (OutputError)
"""

from __future__ import annotations


class CivicAtlasError(Exception):
    """str() is the one line users see."""

    exit_code = 2


class NotFound(CivicAtlasError, LookupError):
    """An id that is not a case, item or document (of the kind asked for)."""

    exit_code = 1


class ConfigError(CivicAtlasError, ValueError):
    """A bad option or setting: an unknown enricher, encoder, format or filter, enrichers that cannot be set up."""


class StoreError(CivicAtlasError, ValueError):
    """A database that cannot be used: missing where one is needed, not CivicAtlas's, unreadable, or newer."""


class QueryTimeout(StoreError):
    """A read that would take longer than allowed (store.deadline): cut off rather than keep a worker busy."""


class InputError(CivicAtlasError):
    """An input that cannot be read: 'SOURCE: reason'. In a batch each one is reported and the rest goes on
    (exit 1); raised to the CLI, it is an input the whole command needed (exit 2)."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class InputWarning(InputError):
    """A problem that loses nothing (bad characters replaced): reported as a warning, not a failure."""


class OutputError(CivicAtlasError):
    """An output that cannot be written: 'TARGET: cannot write: reason'."""

    def __init__(self, target: str, reason: str):
        super().__init__(f"{target}: cannot write: {reason}")
        self.target = target
        self.reason = reason
