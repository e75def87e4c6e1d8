"""The `mode_watch` pytest fixture, used as a user would (pytester)."""

from __future__ import annotations

pytest_plugins = ["pytester"]


def test_mode_watch_fixture_passes_clean_code_and_fails_a_mode_bug(pytester):
    pytester.makepyfile(
        """
        import torch
        from torch import nn


        def make():
            return nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.5))


        def test_clean(mode_watch):
            model = make().eval()
            with torch.no_grad():
                model(torch.randn(2, 4))
            mode_watch.assert_clean()


        def test_bug(mode_watch):
            model = make()
            with torch.no_grad():
                model(torch.randn(2, 4))  # evaluation without .eval()
            mode_watch.assert_clean()


        def test_hooks_are_gone_after_the_test():
            from torch.nn.modules import module
            assert not module._global_forward_pre_hooks
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines([
        "*1 train/eval mode finding(s):*",
        "*test_mode_watch_fixture_passes_clean_code_and_fails_a_mode_bug.py:19: DS401*",
    ])
