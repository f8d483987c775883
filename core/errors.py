"""Errors that reach the user as one clear line (never a traceback)."""


class CorroborateError(Exception):
    """Base for errors shown to the user as a single line."""

    exit_code = 2


class InputError(CorroborateError):
    """Bad input from the user: a file, a question, a setting."""


class StoreError(CorroborateError):
    """The store (Chroma, manifest, data dir) is unusable."""


class ModelError(CorroborateError):
    """A model could not be assembled, loaded or reached."""
