"""The pytest helpers and the `dropout_guard` fixture, used as a user would (pytester)."""

from __future__ import annotations

import sys
from importlib.metadata import entry_points

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
from dropsurgeon.testing import assert_eval_deterministic, assert_no_dropout_in_eval

pytest_plugins = ["pytester"]


class Leaky(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 8)

    def forward(self, x):
        return F.dropout(self.fc(x), 0.5)


class MC(nn.Module):
    def forward(self, x):
        # MC dropout, on purpose:
        return F.dropout(x, 0.5, training=True)  # noqa: DS102


class Clean(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 8)
        self.drop = nn.Dropout(0.3)

    def forward(self, x):
        return self.drop(self.fc(x))


X = torch.randn(2, 8)


def test_assert_no_dropout_lists_each_op_with_file_line():
    with pytest.raises(AssertionError) as info:
        assert_no_dropout_in_eval(Leaky(), X)
    text = str(info.value)
    line = Leaky.forward.__code__.co_firstlineno + 1
    assert "1 dropout/random op(s) active in eval mode in Leaky:" in text
    assert f"test_pytest_plugin.py:{line}: F.dropout" in text and "p=0.5" in text
    assert "dropsurgeon explain DS101" in text


def test_assert_eval_deterministic_names_the_cause():
    with pytest.raises(AssertionError) as info:
        assert_eval_deterministic(Leaky(), X)
    assert "differ at output" in str(info.value) and "F.dropout" in str(info.value)


def test_clean_and_noqa_pass():
    assert assert_no_dropout_in_eval(Clean(), X).ok
    assert assert_eval_deterministic(Clean(), X).deterministic
    assert_no_dropout_in_eval(MC(), X)  # silenced at its line: intended MC dropout


def test_meta_model_cannot_prove_determinism():
    with torch.device("meta"):
        model = Clean()
    with pytest.raises(AssertionError, match="meta device"):
        assert_eval_deterministic(model, X)


def test_entry_point_registered():
    names = {e.value for e in entry_points(group="pytest11")}
    assert "dropsurgeon.guard.pytest_plugin" in names


def test_plugin_import_does_not_import_torch(pytester):
    script = pytester.makepyfile(
        probe="import sys\nimport dropsurgeon.guard.pytest_plugin\nprint('torch' in sys.modules)\n"
    )
    result = pytester.run(sys.executable, str(script))
    assert result.outlines[-1] == "False"


USER_SUITE = '''
import torch
import torch.nn as nn
import torch.nn.functional as F


class Good(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)
        self.drop = nn.Dropout(0.2)

    def forward(self, x):
        return self.drop(self.fc(x))


class Bad(nn.Module):
    def forward(self, x):
        return x * (torch.rand_like(x) > 0.5)


def test_good(dropout_guard):
    result = dropout_guard.all(Good(), torch.randn(2, 4))
    assert result.ok


def test_bad(dropout_guard):
    dropout_guard.no_dropout_in_eval(Bad(), torch.randn(2, 4))


def test_bad_deterministic(dropout_guard):
    dropout_guard.eval_deterministic(Bad(), torch.randn(2, 4))
'''


def test_fixture_in_a_user_suite(pytester):
    pytester.makepyfile(test_user=USER_SUITE)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q")
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines([
        "*1 dropout/random op(s) active in eval mode in Bad:*",
        "*test_user.py:18: torch.rand_like (random)*",
        "*two eval forwards on the same input differ at output*",
    ])
