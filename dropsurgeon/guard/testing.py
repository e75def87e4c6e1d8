"""Assertions for a user's test suite: guard every model in a few lines.

    from dropsurgeon.testing import assert_no_dropout_in_eval, assert_eval_deterministic

    def test_model_is_clean_at_eval():
        model = MyModel()
        assert_no_dropout_in_eval(model, torch.randn(2, 3, 32, 32))
        assert_eval_deterministic(model, torch.randn(2, 3, 32, 32))

Both run the model (see :func:`dropsurgeon.check`), restore its modes, buffers and the RNG
afterwards, return the :class:`~dropsurgeon.check.CheckResult`, and raise an
``AssertionError`` whose message lists each offending op with its ``file:line``.  A line
marked ``# noqa`` (or ``# noqa: DS102`` ...) is intended test-time dropout and does not fail.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "assert_eval_deterministic",
    "assert_no_dropout_in_eval",
    "require_deterministic",
    "require_no_dropout",
]


def _site_line(site: Any) -> str:
    where = f"{site.path}:{site.line}" if site.path else "<unknown>"
    call = site.extra.get("call_line")
    if call and call != site.line and site.extra.get("call_path"):
        where += f" (called at {site.extra['call_path']}:{call})"
    what = f"{site.op}" + (f" in `{site.module}`" if site.module else "")
    rate = f", p={site.p:g}" if site.p is not None else ""
    return f"  {where}: {what} ({site.kind}{rate})"


def _offenders(result: Any) -> list[Any]:
    """Sites active at eval, except those whose line carries only ``# noqa``-ed findings."""
    silenced = {(f.path, f.line) for f in result.findings if f.suppressed}
    reported = {(f.path, f.line) for f in result.findings if not f.suppressed}
    return [
        s for s in result.active_at_eval
        if (s.path, s.line) in reported or (s.path, s.line) not in silenced
    ]


def assert_no_dropout_in_eval(model: Any, *inputs: Any, **kwargs: Any):
    """Fail if any dropout-family op drops, or any random draw reaches the output, in eval."""
    from .check import check

    return require_no_dropout(check(model, *inputs, **kwargs))


def assert_eval_deterministic(model: Any, *inputs: Any, **kwargs: Any):
    """Fail unless two eval forwards (with different RNG seeds) give bitwise-equal outputs."""
    from .check import check

    return require_deterministic(check(model, *inputs, **kwargs))


def require_no_dropout(result: Any):
    """The assertion of :func:`assert_no_dropout_in_eval` on an existing CheckResult."""
    bad = _offenders(result)
    if bad:
        lines = [f"{len(bad)} dropout/random op(s) active in eval mode in {result.name}:"]
        lines += [_site_line(s) for s in bad]
        codes = sorted({f.code for f in result.problems if f.code.startswith("DS1")})
        if codes:
            lines.append("see `dropsurgeon explain " + "`, `dropsurgeon explain ".join(codes) + "`")
        raise AssertionError("\n".join(lines))
    return result


def require_deterministic(result: Any):
    """The assertion of :func:`assert_eval_deterministic` on an existing CheckResult."""
    if result.deterministic is None:
        raise AssertionError(
            f"{result.name}: eval outputs could not be compared (the model is on the meta "
            "device); build it on a real device"
        )
    if not result.deterministic:
        lines = [f"{result.name}: two eval forwards on the same input differ at "
                 f"{result.mismatch}"]
        causes = result.active_at_eval
        if causes:
            lines.append("random ops active in eval mode:")
            lines += [_site_line(s) for s in causes]
        else:
            lines.append("no dropout or torch random op explains it (DS501): Python/NumPy RNG, "
                         "uninitialised memory or state kept between calls")
        raise AssertionError("\n".join(lines))
    return result
