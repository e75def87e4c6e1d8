"""Errors that reach the user as one line (the CLI prints them and exits 2)."""


class DropsurgeonError(Exception):
    """Bad input: a missing file, a spec that names nothing, malformed JSON or shapes."""


class SpecError(DropsurgeonError):
    """A model spec that cannot be resolved or built."""
