"""capture.arg_guards: which calls of a shared epoch loop run its optimizer steps."""

from __future__ import annotations

import ast
import textwrap

from hypothesis import given
from hypothesis import strategies as st

from dropsurgeon.capture import arg_guards

LOOP = textwrap.dedent("""
    def run_epoch(loader, model, opt, mode="train", accumulate=1):
        for i, (x, y) in enumerate(loader):
            loss = model(x).sum()
            if mode == "train" or mode == "train+log":
                loss.backward()
                if i % accumulate == 0:
                    opt.step()
""")


def _fn_and_call(call_src: str):
    fn = ast.parse(LOOP).body[0]
    call = ast.parse(call_src).body[0].value
    return fn, call


def _is_step(c: ast.Call) -> bool:
    return isinstance(c.func, ast.Attribute) and c.func.attr == "step"


def test_the_step_is_guarded_by_the_mode_parameter():
    fn, _ = _fn_and_call("run_epoch(a, m, o)")
    (tests,) = arg_guards.step_guards(fn, _is_step)
    assert [(ast.unparse(t), branch) for t, branch in tests] == [
        ("mode == 'train' or mode == 'train+log'", True), ("i % accumulate == 0", True)]


def test_calls_are_decided_by_their_literal_arguments():
    cases = {
        'run_epoch(a, m, o, mode="eval")': False,
        'run_epoch(a, m, o, mode="train+log")': True,
        "run_epoch(a, m, o)": True,  # the default
        'run_epoch(a, m, o, "eval")': False,  # positional
        "run_epoch(a, m, o, mode=args.mode)": None,  # not a literal: unknown
        "run_epoch(a, m, o, **kw)": None,
    }
    for src, want in cases.items():
        fn, call = _fn_and_call(src)
        guards = arg_guards.step_guards(fn, _is_step)
        assert arg_guards.runs_at(guards, fn, call) is want, src


def test_an_unguarded_step_trains_for_every_call():
    fn = ast.parse("def f(model, opt, train):\n    model(1).backward()\n    opt.step()\n").body[0]
    assert arg_guards.step_guards(fn, _is_step) is None


@given(st.booleans(), st.booleans())
def test_outcomes_of_boolean_parameters_match_python(a, b):
    test = ast.parse("(a and not b) or (b and a)", mode="eval").body
    assert arg_guards.outcomes(test, {"a": a, "b": b}) == frozenset({(a and not b) or (b and a)})


def test_a_test_on_the_functions_own_values_can_go_both_ways():
    test = ast.parse("i % k == 0", mode="eval").body
    assert arg_guards.outcomes(test, {"k": 2}) == frozenset({True, False})


FLAGGED = textwrap.dedent("""
    def one_epoch(model, loader, optimizer=None):
        update = optimizer is not None
        for x, y in loader:
            loss = model(x).sum()
            if update:
                loss.backward()
                optimizer.step()
""")


def test_a_local_flag_bound_to_a_parameter_test_guards_like_the_test():
    fn = ast.parse(FLAGGED).body[0]
    guards = arg_guards.step_guards(fn, _is_step)
    assert guards is not None
    call = ast.parse("one_epoch(net, val_loader)").body[0].value
    assert arg_guards.runs_at(guards, fn, call) is False
    call = ast.parse("one_epoch(net, train_loader, None)").body[0].value
    assert arg_guards.runs_at(guards, fn, call) is False
    call = ast.parse("one_epoch(net, train_loader, opt)").body[0].value
    assert arg_guards.runs_at(guards, fn, call) is None  # a name: not decided here


def test_a_flag_bound_twice_is_not_substituted():
    src = FLAGGED.replace("    for x, y", "    update = update and bool(loader)\n    for x, y")
    assert src != FLAGGED
    fn = ast.parse(src).body[0]
    # the step then sits under a test of the function's own value: it trains for every call
    assert arg_guards.step_guards(fn, _is_step) is None


@given(st.sampled_from(["opt", "optimizer", "o"]), st.booleans())
def test_guards_handed_on_are_decided_by_the_outer_call(outer_param, passes):
    # `run_epoch(model, loader, opt=None)` calls `one_epoch(model, loader, opt)`: the
    # guard moves onto run_epoch's parameter; run_epoch's callers decide it
    inner = ast.parse(FLAGGED).body[0]
    guards = arg_guards.step_guards(inner, _is_step)
    outer = ast.parse(f"def run_epoch(model, loader, {outer_param}=None):\n"
                      f"    one_epoch(model, loader, {outer_param})\n").body[0]
    call = outer.body[0].value
    moved = arg_guards.translated(guards, inner, call, {"model", "loader", outer_param})
    assert moved is not None
    top = ast.parse("run_epoch(net, dl, adam)" if passes else "run_epoch(net, dl)").body[0].value
    assert arg_guards.runs_at(moved, outer, top) is (None if passes else False)
    # an argument that is no parameter of the caller: not translated
    local = ast.parse("one_epoch(model, loader, make_opt())").body[0].value
    assert arg_guards.translated(guards, inner, local, {"model", "loader"}) is None
