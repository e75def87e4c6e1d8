"""dropsurgeon.tune: the search space, a tiny study end to end, resume, faults."""

from __future__ import annotations

import json
import math

import pytest
import torch
import torch.nn as nn
from hypothesis import given, settings
from hypothesis import strategies as st

import dropsurgeon
from dropsurgeon.errors import DropsurgeonError
from dropsurgeon.surgery import Plan
from dropsurgeon.tuning import SpaceError, default_range, parse_space

optuna = pytest.importorskip("optuna")


class Net(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Dropout(0.5),
                                  nn.Linear(16, 16), nn.ReLU(), nn.Dropout(0.5))
        self.head = nn.Linear(16, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(x))


def rates(model: nn.Module) -> list[float]:
    return [m.p for m in model.modules() if isinstance(m, nn.Dropout)]


def rate_objective(model: nn.Module, trial) -> float:
    """No training: the metric is a known function of the rates the trial's model has."""
    trial.report(sum(rates(model)), 0)
    return (sum(rates(model)) - 0.3) ** 2


def data():
    g = torch.Generator().manual_seed(0)
    x = torch.randn(120, 6, generator=g)
    y = (x[:, 0] > 0).long() + (x[:, 1] > 0).long()
    return [(x[i:i + 30], y[i:i + 30]) for i in range(0, 90, 30)], [(x[90:], y[90:])]


# --- the space ---------------------------------------------------------------------------
def test_default_ranges_follow_the_advice():
    assert default_range("dropout") == (0.0, 0.6)
    assert default_range("Conv2d") == (0.0, 0.3)
    assert default_range("attention") == (0.0, 0.3)
    space = parse_space(["dropout", "attention"])
    assert [(g.low, g.high, g.default_range) for g in space.groups] == [
        (0.0, 0.6, True), (0.0, 0.3, True)]


def test_dict_space_with_options_and_schedules():
    space = parse_space({"dropout": [0.1, 0.4],
                         "before:head": {"range": [0, 0.5], "optional": True,
                                         "kinds": ["dropout", "alpha"]},
                         "schedule": ["constant", "early"]})
    head = space.groups[1]
    assert (head.op, head.optional, head.kinds) == ("insert", True, ("dropout", "alpha"))
    assert space.schedules == ("constant", "early")
    assert parse_space(space.to_dict()) == space


@pytest.mark.parametrize(("space", "message"), [
    ({"dropout": [0.5, 0.1]}, "empty range"),
    ({"dropout": [0, 1.0]}, "rates must lie in"),
    ({"dropout": "x"}, "a range is two numbers"),
    ({"schedule": ["weird"], "dropout": None}, "unknown schedule family"),
    ({"before:head": {"kinds": ["nope"]}}, "unknown dropout kind"),
    ({"dropout": {"rnage": [0, 1]}}, "unknown option"),
    ({}, "no group"),
])
def test_bad_spaces_say_why(space, message):
    with pytest.raises(SpaceError, match=message):
        parse_space(space)


@settings(max_examples=60, deadline=None)
@given(st.floats(0, 0.95), st.floats(0, 0.95))
def test_a_range_is_accepted_exactly_when_it_is_not_empty(a, b):
    if a <= b:
        group = parse_space({"dropout": [a, b]}).groups[0]
        assert (group.low, group.high) == (a, b)
    else:
        with pytest.raises(SpaceError, match="empty range"):
            parse_space({"dropout": [a, b]})


@settings(max_examples=25, deadline=None)
@given(st.floats(0, 0.6), st.floats(0, 0.5), st.booleans())
def test_params_give_a_plan_that_sets_exactly_those_rates(p_dropout, p_head, use_head):
    from dropsurgeon.tuning.config import plan_from_params, resolve_space

    space = resolve_space(parse_space({"dropout": None,
                                       "before:head": {"range": [0, 0.5], "optional": True}}),
                          Net())
    params = {"p:dropout": p_dropout, "p:before:head": p_head, "use:before:head": use_head}
    plan = Plan.from_json(plan_from_params(space, params).to_json())  # through JSON
    model = plan.apply(Net(), verify=False).model
    want = [p_dropout, p_dropout] + ([p_head] if use_head and p_head > 0 else [])
    assert rates(model) == pytest.approx(want)


def test_unknown_selector_fails_before_any_trial():
    calls = []
    with pytest.raises(SpaceError, match="unknown selector 'Conv2d'"):
        dropsurgeon.tune(Net, lambda m, t: calls.append(1) or 0.0, ["Conv2d"], trials=2)
    assert calls == []


def test_options_of_insertions_on_a_re_rating_group_are_refused():
    with pytest.raises(SpaceError, match="re-rates existing dropout"):
        dropsurgeon.tune(Net, rate_objective, {"dropout": {"optional": True}}, trials=1)


# --- a study end to end ----------------------------------------------------------------
def test_tiny_study_writes_a_plan_that_apply_takes(tmp_path):
    url = f"sqlite:///{tmp_path / 'tune.db'}"
    result = dropsurgeon.tune(Net, rate_objective,
                              {"dropout": None, "before:head": [0.05, 0.3]},
                              trials=3, storage=url, study="tiny", seed=0, progress=False)
    assert len(result.ran_here) == 3
    written = {p.name for p in result.write(tmp_path / "out")}
    assert {"plan.json", "best.json", "trials.csv", "history.png", "slice.png"} <= written
    plan = Plan.from_json((tmp_path / "out" / "plan.json").read_text())
    model = plan.apply(Net(), example_inputs=(torch.randn(2, 6),)).model  # verified
    best = result.best_trial
    assert rates(model) == pytest.approx([best.params["p:dropout"]] * 2
                                         + [best.params["p:before:head"]])
    assert (sum(rates(model)) - 0.3) ** 2 == pytest.approx(best.value)
    summary = json.loads((tmp_path / "out" / "best.json").read_text())
    assert summary["trial"] == best.number and summary["plan"] == plan.to_dict()
    assert (tmp_path / "out" / "trials.csv").read_text().count("\n") == 4  # header + 3


def test_same_study_resumes_from_its_sqlite_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'tune.db'}"
    first = dropsurgeon.tune(Net, rate_objective, ["dropout"], trials=2, storage=url,
                             study="s", seed=1, progress=False)
    again = dropsurgeon.tune(Net, rate_objective, ["dropout"], trials=5, storage=url,
                             study="s", seed=1, progress=False)
    assert first.ran_here == [0, 1] and again.ran_here == [2, 3, 4]
    stored = optuna.load_study(study_name="s", storage=url).get_trials()
    assert [t.state.name for t in stored] == ["COMPLETE"] * 5
    done = dropsurgeon.tune(Net, rate_objective, ["dropout"], trials=5, storage=url,
                            study="s", progress=False)
    assert done.ran_here == []  # the study is full: nothing more to run


def test_resuming_with_another_space_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'tune.db'}"
    dropsurgeon.tune(Net, rate_objective, ["dropout"], trials=1, storage=url, study="s")
    with pytest.raises(SpaceError, match="another space"):
        dropsurgeon.tune(Net, rate_objective, {"dropout": [0, 0.2]}, trials=2, storage=url,
                         study="s")


# --- faults ------------------------------------------------------------------------------
def test_an_objective_that_raises_fails_its_trial_and_the_study_goes_on():
    def objective(model, trial):
        if trial.number == 1:
            raise ValueError("bad batch")
        return rate_objective(model, trial)

    result = dropsurgeon.tune(Net, objective, ["dropout"], trials=3, seed=0)
    rows = result.rows()
    assert [r["state"] for r in rows] == ["complete", "fail", "complete"]
    assert rows[1]["note"] == "ValueError: bad batch"


def test_nan_is_a_failed_trial_never_the_best():
    def objective(model, trial):
        return math.nan if trial.number % 2 == 0 else rate_objective(model, trial)

    result = dropsurgeon.tune(Net, objective, ["dropout"], trials=4, seed=0,
                              direction="minimize")
    states = [r["state"] for r in result.rows()]
    assert states == ["fail", "complete", "fail", "complete"]
    assert result.best_trial.number in (1, 3) and math.isfinite(result.best_value)


def test_every_trial_failing_is_an_error_naming_the_first_message():
    result = dropsurgeon.tune(Net, lambda m, t: 1 / 0, ["dropout"], trials=2)
    with pytest.raises(DropsurgeonError, match="ZeroDivisionError: division by zero"):
        result.best_plan  # noqa: B018


def test_ctrl_c_leaves_the_study_consistent_and_resumable(tmp_path):
    url = f"sqlite:///{tmp_path / 'tune.db'}"

    def interrupted(model, trial):
        if trial.number == 1:
            raise KeyboardInterrupt
        return rate_objective(model, trial)

    with pytest.raises(KeyboardInterrupt):
        dropsurgeon.tune(Net, interrupted, ["dropout"], trials=3, storage=url, study="c")
    stored = optuna.load_study(study_name="c", storage=url).get_trials()
    assert [t.state.name for t in stored] == ["COMPLETE", "FAIL"]  # nothing left running
    assert stored[1].user_attrs["interrupted"] is True
    result = dropsurgeon.tune(Net, rate_objective, ["dropout"], trials=3, storage=url,
                              study="c")
    assert result.ran_here == [2, 3]  # the interrupted trial does not count
    assert [r["state"] for r in result.rows()] == ["complete", "fail", "complete", "complete"]


def test_invalid_storage_url_is_one_line():
    with pytest.raises(DropsurgeonError, match="invalid storage URL"):
        dropsurgeon.tune(Net, rate_objective, ["dropout"], trials=1, storage="tune.db")


def test_pruned_trials_count_and_built_in_objective_trains():
    train, val = data()
    objective = dropsurgeon.train_objective(train, val, epochs=2, metric="accuracy")
    assert objective.direction == "maximize"
    result = dropsurgeon.tune(Net, objective, ["dropout"], trials=3, seed=0, pruner="none")
    assert all(0 <= r["value"] <= 1 for r in result.rows())


def test_schedule_family_reaches_the_sites_of_each_group():
    seen = []

    def objective(model, trial):
        sched = dropsurgeon.tuning.trial_schedule(model, steps=10)
        before = sorted(sched.current.values())
        sched.step(step=10)
        seen.append((trial.params, before, sorted(sched.current.values())))
        return 0.0

    dropsurgeon.tune(Net, objective, {"dropout": [0.2, 0.4], "before:head": [0.1, 0.1],
                                      "schedule": ["early"]}, trials=1, seed=0)
    params, before, after = seen[0]
    assert before == pytest.approx(sorted([0.1, params["p:dropout"], params["p:dropout"]]))
    assert after == [0.0, 0.0, 0.0]  # early dropout: off once training passed the switch


def test_log_likelihood_metric_uses_mc_dropout():
    g = torch.Generator().manual_seed(0)
    x = torch.randn(80, 6, generator=g)
    y = x[:, :1] * 2
    objective = dropsurgeon.train_objective([(x[:60], y[:60])], [(x[60:], y[60:])], epochs=1,
                                            metric="log_likelihood", mc_samples=5)

    def one_output() -> nn.Module:
        return nn.Sequential(nn.Linear(6, 8), nn.Dropout(0.2), nn.Linear(8, 1))

    result = dropsurgeon.tune(one_output, objective, ["dropout"], trials=2, seed=0)
    assert result.study.direction.name == "MAXIMIZE"
    assert all(r["state"] == "complete" for r in result.rows())
    assert result.best_trial.user_attrs["noise_precision"] > 0


def test_progress_bar_when_asked_and_silence_otherwise(capsys):
    dropsurgeon.tune(Net, rate_objective, ["dropout"], trials=2, seed=0, progress=True)
    shown = capsys.readouterr().err
    assert "tune" in shown and "2/2" in shown and "best" in shown
    dropsurgeon.tune(Net, rate_objective, ["dropout"], trials=2, seed=0)  # not a terminal
    assert capsys.readouterr().err == ""


def test_placement_choices_kind_and_optional_reach_the_plan():
    from dropsurgeon.tuning.config import plan_from_params

    seen = []

    def objective(model, trial):
        seen.append((dict(trial.params), type(model.head).__name__))
        return 0.0

    space = {"dropout": [0.1, 0.1],
             "before:head": {"range": [0.2, 0.4], "optional": True,
                             "kinds": ["dropout", "alpha"]}}
    result = dropsurgeon.tune(Net, objective, space, trials=8, seed=1, sampler="random")
    assert {params["use:before:head"] for params, _ in seen} == {True, False}
    for params, head in seen:  # the model each trial trained had its placement
        assert head == ("SingleInputDropout" if params["use:before:head"] else "Linear")
        assert ("kind:before:head" in params) == params["use:before:head"]
    for t in result.study.get_trials():
        ops = plan_from_params(result.space, t.params).to_dict()["operations"]
        assert ops[0] == {"op": "set_rate", "where": ["dropout"], "p": 0.1}
        if t.params["use:before:head"]:
            assert ops[1]["kind"] == t.params["kind:before:head"]
        else:
            assert len(ops) == 1


def test_a_schedule_the_objective_never_asks_for_is_said_once():
    with pytest.warns(UserWarning, match="never called dropsurgeon.tuning.trial_schedule") as w:
        dropsurgeon.tune(Net, rate_objective, {"dropout": None, "schedule": ["early"]},
                         trials=2, seed=0)
    assert sum("trial_schedule" in str(x.message) for x in w) == 1


class Block(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.attn = nn.MultiheadAttention(16, 2, dropout=0.1, batch_first=True)
        self.ff = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 16))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.attn(x, x, x, need_weights=False)[0]
        return x + self.ff(x)


class ConvNet(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.c1, self.c2 = nn.Conv2d(3, 8, 3), nn.Conv2d(8, 8, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.c2(torch.relu(self.c1(x))).mean((1, 2, 3))


def test_attention_residual_branches_and_conv_groups():
    from dropsurgeon.tuning.config import resolve_space

    space = resolve_space(parse_space(["attention", "residual-branches"]), Block())
    assert [(g.where, g.op, g.high) for g in space.groups] == [
        ("attention", "set_rate", 0.3), ("residual-branches", "insert", 0.6)]
    result = dropsurgeon.tune(Block, lambda m, t: m.attn.dropout, space, trials=2, seed=0)
    assert result.best_value == pytest.approx(result.best_params["p:attention"])
    conv = dropsurgeon.tune(ConvNet, lambda m, t: 0.0,
                            {"Conv2d": {"kinds": ["dropout2d", "dropout"]}}, trials=2, seed=0)
    group = conv.space.groups[0]
    assert (group.op, group.high) == ("insert", 0.3)  # convolutional default range
    kind = conv.best_params["kind:Conv2d"]
    model = conv.best_plan.apply(ConvNet(), example_inputs=(torch.randn(1, 3, 8, 8),)).model
    assert {type(m.dropout).__name__ for m in (model.c1, model.c2)} == \
        {"Dropout2d" if kind == "dropout2d" else "Dropout"}
