"""Running the user's code (imports, constructors, forwards) from the linter.

User code may print (a model that logs its shapes), call ``sys.exit()`` (``argparse`` at import
time does) or raise ``KeyboardInterrupt``.  None of it may end the run without a report or
corrupt a machine-readable one: while user code runs, ``sys.stdout`` is redirected to stderr,
``SystemExit`` becomes an error for that target (the other targets are still linted) and
``KeyboardInterrupt`` stops the run, reported as such, with the findings gathered so far.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

from ..errors import DropsurgeonError


class UserCodeExit(DropsurgeonError):
    """The user's code called ``sys.exit()`` (or ``argparse`` did) while it was imported or run."""


class UserInterrupt(DropsurgeonError):
    """``KeyboardInterrupt`` while the user's code ran: the run stops, the report stays."""


@contextlib.contextmanager
def user_code(what: str) -> Iterator[None]:
    """Run user code for ``what`` (a spec or a model's name) under the rules above."""
    with contextlib.redirect_stdout(sys.stderr):
        try:
            yield
        except SystemExit as exc:
            raise UserCodeExit(
                f"{what}: its code called sys.exit({exc.code!r}) while being imported or run "
                "(argparse at import time does this): its models were not built") from None
        except KeyboardInterrupt:
            raise UserInterrupt(
                f"{what}: KeyboardInterrupt while its code ran: stopped here; the findings "
                "so far are reported") from None


__all__ = ["UserCodeExit", "UserInterrupt", "user_code"]
