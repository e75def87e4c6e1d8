"""Schedule presets: their formulas at chosen steps, their text form, and bad parameters."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dropsurgeon.schedules import (
    PRESETS,
    ScheduleError,
    as_preset,
    constant,
    cosine,
    curriculum,
    early,
    function,
    late,
    linear,
    parse,
    warmup,
)

# (preset, step, hand-computed rate)
CASES = [
    (constant(0.1), 0, 0.1),
    (constant(0.1), 10**9, 0.1),
    (linear(0.1, 0.3, 100), 0, 0.1),
    (linear(0.1, 0.3, 100), 50, 0.2),
    (linear(0.1, 0.3, 100), 100, 0.3),
    (linear(0.1, 0.3, 100), 1000, 0.3),
    (linear(0.5, 0.0, 4), 1, 0.375),
    (cosine(0.5, 0.1, 100), 0, 0.5),
    (cosine(0.5, 0.1, 100), 50, 0.3),           # cos(pi/2) = 0: the midpoint
    (cosine(0.5, 0.1, 100), 25, 0.1 + 0.4 * (1 + math.sqrt(0.5)) / 2),
    (cosine(0.5, 0.1, 100), 100, 0.1),
    (cosine(0.5, 0.1, 100), 101, 0.1),
    (early(0.1, until=2000), 0, 0.1),
    (early(0.1, until=2000), 1999, 0.1),
    (early(0.1, until=2000), 2000, 0.0),
    (late(0.2, start=10), 9, 0.0),
    (late(0.2, start=10), 10, 0.2),
    # Morerio et al.: theta(t) = (1 - theta_bar) exp(-gamma t) + theta_bar, theta_bar = 0.5
    (curriculum(0.5, 0.01), 0, 0.0),
    (curriculum(0.5, 0.01), 100, 0.5 * (1 - math.exp(-1))),   # 0.31606027941427883
    (curriculum(0.3, 1e-3), 2000, 1 - ((1 - 0.7) * math.exp(-2) + 0.7)),
    (warmup(0.2, 10), 0, 0.0),
    (warmup(0.2, 10), 5, 0.1),
    (warmup(0.2, 10), 50, 0.2),
    (linear(0.1, 0.3, 0), 0, 0.3),  # a ramp of 0 steps is already over
]


@pytest.mark.parametrize(("preset", "step", "want"), CASES,
                         ids=[f"{p}@{s}" for p, s, _ in CASES])
def test_preset_equals_its_formula(preset, step, want):
    assert preset.rate(step) == pytest.approx(want, abs=1e-12)


def test_curriculum_hand_value():
    assert curriculum(0.5, 0.01)(100) == pytest.approx(0.31606027941427883, abs=1e-15)


@pytest.mark.parametrize("text,want", [
    ("early(0.1, until=2000)", early(0.1, 2000)),
    ("  early(p=0.1, until=2e3) ", early(0.1, 2000)),
    ("0.25", constant(0.25)),
    ("constant(0.25)", constant(0.25)),
    ("linear(0.1, 0.3, steps=1_000)", linear(0.1, 0.3, 1000)),
    ("cosine(0.3, 0, 500)", cosine(0.3, 0.0, 500)),
    ("late(0.2, start=7)", late(0.2, 7)),
    ("curriculum(0.5, gamma=1e-3)", curriculum(0.5, 0.001)),
    ("warmup(0.1, +10)", warmup(0.1, 10)),
])
def test_parse(text, want):
    assert parse(text) == want
    assert as_preset(text) == want


def test_text_form_is_what_parse_reads():
    assert str(early(0.1, until=2000)) == "early(0.1, until=2000)"
    assert str(linear(0.1, 0.3, 100)) == "linear(0.1, 0.3, 100)"
    assert str(curriculum(0.5, 0.001)) == "curriculum(0.5, 0.001)"


rates = st.floats(0.0, 0.999, allow_nan=False)
steps = st.integers(0, 10**7)
presets = st.one_of(
    st.builds(constant, rates),
    st.builds(linear, rates, rates, steps),
    st.builds(cosine, rates, rates, steps),
    st.builds(early, rates, steps),
    st.builds(late, rates, steps),
    st.builds(curriculum, rates, st.floats(1e-9, 10.0)),
    st.builds(warmup, rates, steps),
)


@settings(max_examples=200, deadline=None)
@given(presets, st.integers(0, 10**8))
def test_text_round_trips_and_rates_stay_in_range(preset, step):
    again = parse(str(preset))
    assert again == preset
    assert again.rate(step) == preset.rate(step)
    assert 0.0 <= preset.rate(step) < 1.0


@settings(max_examples=100, deadline=None)
@given(st.builds(linear, rates, rates, st.integers(1, 1000)), st.integers(0, 2000))
def test_linear_and_cosine_stay_between_their_ends(lin, step):
    lo, hi = sorted((lin.start, lin.end))
    cos = cosine(lin.start, lin.end, lin.steps)
    for p in (lin, cos):
        assert lo - 1e-12 <= p.rate(step) <= hi + 1e-12


@settings(max_examples=100, deadline=None)
@given(rates, st.floats(1e-6, 1.0), st.integers(0, 10**4))
def test_curriculum_rises_monotonically_to_p_final(p, gamma, step):
    c = curriculum(p, gamma)
    assert c.rate(step) <= c.rate(step + 1) + 1e-15 <= p + 1e-12


@pytest.mark.parametrize("make,needle", [
    (lambda: constant(1.0), "drops every unit"),
    (lambda: constant(1.5), "p must be in [0, 1)"),
    (lambda: constant(-0.1), "p must be in [0, 1)"),
    (lambda: early(1.0, until=10), "p must be in [0, 1)"),
    (lambda: linear(0.1, 1.0, 10), "end must be in [0, 1)"),
    (lambda: linear(0.1, 0.2, -5), "steps must be a number of steps >= 0, got -5"),
    (lambda: warmup(0.1, 2.5), "whole number"),
    (lambda: early(0.1, until=-1), "until must be"),
    (lambda: late(0.1, start=-3), "start must be"),
    (lambda: curriculum(0.5, 0.0), "gamma must be a number > 0"),
    (lambda: curriculum(0.5, float("inf")), "gamma must be a number > 0"),
    (lambda: constant(True), "must be a number"),
    (lambda: constant(float("nan")), "p must be in [0, 1)"),
    (lambda: parse("linear(0.1, 0.2, -5)"), "steps must be a number of steps >= 0"),
    (lambda: parse("early(1, until=3)"), "p must be in [0, 1)"),
    (lambda: parse("early(0.1)"), "missing a required argument: 'until'"),
    (lambda: parse("early(0.1, until=3, p=0.2)"), "multiple values"),
    (lambda: parse("early(0.1, foo=3)"), "unexpected keyword"),
    (lambda: parse("nosuch(0.1)"), "unknown schedule 'nosuch'"),
    (lambda: parse("early(0.1, until=x)"), "'x' is not a number"),
    (lambda: parse("early(0.1, until=1+2)"), "is not a number"),
    (lambda: parse("early(0.1, *a)"), "no * or **"),
    (lambda: parse("os.system('true')"), "expected a preset name"),
    (lambda: parse("early(0.1,"), "cannot read schedule"),
    (lambda: parse(""), "empty schedule"),
    (lambda: parse("early(0.1, until=" + "1" * 300 + ")"), "longer than"),
    (lambda: parse("True"), "is not a number"),
    (lambda: linear(0.1, 0.2, 10).rate(-1), "step must be an integer >= 0"),
    (lambda: linear(0.1, 0.2, 10).rate(1.5), "step must be an integer >= 0"),
    (lambda: as_preset([0.1]), "p must be a number, a preset"),
])
def test_bad_parameters_fail_with_one_line(make, needle):
    with pytest.raises(ScheduleError) as info:
        make()
    assert needle in str(info.value)
    assert "\n" not in str(info.value)


def test_parse_never_evaluates_code(tmp_path):
    marker = tmp_path / "ran"
    for text in (f"__import__('pathlib').Path({str(marker)!r}).touch()",
                 f"early(__import__('pathlib').Path({str(marker)!r}).touch(), until=1)",
                 "early((lambda: 0.1)(), until=1)"):
        with pytest.raises(ScheduleError):
            parse(text)
    assert not marker.exists()


def test_function_presets_check_each_value():
    f = as_preset(lambda t: 0.1 * t)
    assert isinstance(f, function)
    assert f.rate(5) == pytest.approx(0.5)
    with pytest.raises(ScheduleError, match="value at step 10"):
        f.rate(10)
    with pytest.raises(ScheduleError, match="failed at step 3"):
        as_preset(lambda t: 1 / (t - 3)).rate(3)


def test_every_preset_is_listed_and_presets_import_no_torch():
    assert set(PRESETS) == {"constant", "linear", "cosine", "early", "late", "curriculum",
                            "warmup"}
    code = ("import sys, dropsurgeon.schedules as s; s.parse('early(0.1, until=5)'); "
            "print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "False"
