"""pytest plugin (entry point ``pytest11``): the ``dropout_guard`` fixture.

    def test_no_dropout_at_eval(dropout_guard):
        dropout_guard.no_dropout_in_eval(MyModel(), torch.randn(2, 8))
        dropout_guard.eval_deterministic(MyModel(), torch.randn(2, 8))

and the ``mode_watch`` fixture: the test body runs under :func:`dropsurgeon.watch`::

    def test_training_loop_modes(mode_watch):
        train_one_epoch(model, loader, optimizer)
        evaluate(model, loader)
        mode_watch.assert_clean()  # no DS401/DS402/DS105/DS102 so far

Loaded by pytest in every project where dropsurgeon is installed, so nothing here imports
torch until a test uses the fixture.
"""

from __future__ import annotations

from typing import Any

import pytest


class DropoutGuard:
    """The checks of :mod:`dropsurgeon.testing`, plus ``check`` for custom assertions."""

    def no_dropout_in_eval(self, model: Any, *inputs: Any, **kwargs: Any):
        from .testing import assert_no_dropout_in_eval

        return assert_no_dropout_in_eval(model, *inputs, **kwargs)

    def eval_deterministic(self, model: Any, *inputs: Any, **kwargs: Any):
        from .testing import assert_eval_deterministic

        return assert_eval_deterministic(model, *inputs, **kwargs)

    def all(self, model: Any, *inputs: Any, **kwargs: Any):
        """Both assertions, from one run of the model."""
        from .check import check
        from .testing import require_deterministic, require_no_dropout

        result = check(model, *inputs, **kwargs)
        require_no_dropout(result)  # names the ops: the more useful message goes first
        return require_deterministic(result)

    def check(self, model: Any, *inputs: Any, **kwargs: Any):
        from .check import check

        return check(model, *inputs, **kwargs)


@pytest.fixture
def dropout_guard() -> DropoutGuard:
    """Assert that a model has no dropout or randomness active in eval mode."""
    return DropoutGuard()


@pytest.fixture
def mode_watch():
    """A running :class:`dropsurgeon.guard.watch.Watcher` for the test body (stopped after
    it); ``mode_watch.assert_clean()`` fails with the findings, ``mode_watch.findings``
    lists them."""
    from .watch import Watcher

    watcher = Watcher().start()
    try:
        yield watcher
    finally:
        watcher.stop()
