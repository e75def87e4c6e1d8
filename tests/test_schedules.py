"""Schedulers: after step() the rates a real train forward runs with (runtime front-end)
equal sched.current; resuming, composing, and what a user can get wrong."""

from __future__ import annotations

import copy
import gc
import io
import math
import warnings

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

import dropsurgeon
from dropsurgeon.errors import DropsurgeonError
from dropsurgeon.schedules import ScheduleError, ScheduleWarning, compose, early, parse
from dropsurgeon.schedules.depth import block_of, depth_factors
from dropsurgeon.surgery.wrappers import logical_name


def mlp() -> nn.Module:
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Dropout(0.1), nn.Linear(8, 8),
                         nn.Dropout(0.2), nn.Linear(8, 2))


class FunctionalMLP(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc1, self.fc2 = nn.Linear(4, 8), nn.Linear(8, 2)
        self.p = 0.3

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(F.dropout(torch.relu(self.fc1(x)), self.p, self.training))


def runtime_train_rates(model: nn.Module, *inputs) -> list[tuple[str, str, float]]:
    """(kind, owner module, p) of every dropout a train forward ran (runtime front-end)."""
    inv = dropsurgeon.inventory(model, *inputs, frontends="runtime")
    return [(s.kind, logical_name(s.module), s.p) for s in inv.sites
            if s.active_train and s.kind != "random" and s.p is not None]


def assert_runtime_equals_current(model: nn.Module, sched, *inputs) -> None:
    current = sched.current
    handles = {h.site: h for part in sched.parts for h in part.handles}
    ran = runtime_train_rates(model, *inputs)
    assert ran, "the forward ran no dropout"
    matched = set()
    for kind, module, p in ran:
        if kind in ("module", "drop_path"):
            assert p == pytest.approx(current[module], abs=1e-12), module
            matched.add(module)
            continue
        # Functional/attention dropout: the rate of an attribute of the module that ran it,
        # or of a child dropout module whose p the forward passes on (BERT, timm).
        mine = [s for s, h in handles.items()
                if (h.kind == "attribute" and h.owner == module)
                or (s.rpartition(".")[0] == module and "attention" in h.roles)]
        assert mine, f"{kind} dropout in {module!r} is not a scheduled site"
        assert any(p == pytest.approx(current[s], abs=1e-12) for s in mine), (module, p)
        matched.update(s for s in mine if p == pytest.approx(current[s], abs=1e-12))
    assert set(current) <= matched, set(current) - matched


def test_mlp_with_dropout_modules():
    model, x = mlp(), torch.randn(3, 4)
    sched = dropsurgeon.schedule(model, "dropout", p="linear(0.1, 0.5, 4)")
    assert sched.current == {"2": 0.1, "4": 0.1}
    for want in (0.2, 0.3):
        sched.step()
        assert sched.current == pytest.approx({"2": want, "4": want})
        assert_runtime_equals_current(model, sched, x)
    assert model[2].p == pytest.approx(0.3)


def test_mlp_with_functional_dropout_rate_attribute():
    model, x = FunctionalMLP(), torch.randn(3, 4)
    sched = dropsurgeon.schedule(model, "dropout", p=early(0.25, until=2),
                                 example_inputs=(x,))
    assert list(sched.current) == ["p"]
    assert not sched.unreachable  # the call's rate is the attribute: reached, not "literal"
    sched.step()
    assert model.p == 0.25
    assert_runtime_equals_current(model, sched, x)
    sched.step()
    assert model.p == 0.0 and sched.current == {"p": 0.0}
    model.train()
    torch.manual_seed(0)
    assert torch.equal(model(x), model.fc2(torch.relu(model.fc1(x))))  # no dropout now


def test_timm_vit_drop_path_and_dropout_by_depth():
    timm = pytest.importorskip("timm")
    vit = timm.create_model("vit_tiny_patch16_224", pretrained=False, img_size=32,
                            patch_size=8, depth=3, drop_rate=0.1, drop_path_rate=0.1,
                            attn_drop_rate=0.1, proj_drop_rate=0.1)
    x = torch.randn(2, 3, 32, 32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sched = dropsurgeon.schedule(vit, ["dropout", "drop_path"], p="linear(0.1, 0.3, 10)",
                                     by_depth=True, example_inputs=(x,))
    sched.step(step=5)
    cur = sched.current
    assert cur["blocks.2.drop_path2"] == pytest.approx(0.2)
    assert cur["blocks.0.mlp.drop1"] == pytest.approx(0.2 / 3)
    assert cur["blocks.1.attn.attn_drop"] == pytest.approx(0.2 * 2 / 3)
    assert cur["pos_drop"] == pytest.approx(0.2)  # in no block: full rate, and said
    assert any("pos_drop" in n for n in sched.notes)
    assert vit.blocks[2].drop_path2.drop_prob == pytest.approx(0.2)
    assert_runtime_equals_current(vit, sched, x)


@pytest.mark.parametrize("impl", ["sdpa", "eager"])
def test_transformers_llama_attention_dropout(impl):
    tf = pytest.importorskip("transformers")
    cfg = tf.LlamaConfig(vocab_size=64, hidden_size=32, intermediate_size=64,
                         num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2,
                         attention_dropout=0.1)
    cfg._attn_implementation = impl
    torch.manual_seed(0)
    llama = tf.LlamaForCausalLM(cfg)
    ids = torch.randint(0, 64, (2, 5))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sched = dropsurgeon.schedule(llama, "dropout", p="late(0.2, start=1)", by_depth=True,
                                     example_inputs=(ids,))
    # eager_attention_forward's F.dropout is matched to attention_dropout, as sdpa's call is
    assert not [w for w in caught if "dropsurgeon" in (w.filename or "")
                or "reach" in str(w.message)]
    assert sched.current == {"model.layers.0.self_attn.attention_dropout": 0.0,
                             "model.layers.1.self_attn.attention_dropout": 0.0}
    assert not sched.unreachable
    sched.step()
    assert llama.model.layers[1].self_attn.attention_dropout == pytest.approx(0.2)
    assert llama.model.layers[0].self_attn.attention_dropout == pytest.approx(0.1)
    assert cfg.attention_dropout == 0.1  # the shared config is left alone
    assert_runtime_equals_current(llama, sched, ids)


def test_transformers_bert():
    tf = pytest.importorskip("transformers")
    cfg = tf.BertConfig(vocab_size=64, hidden_size=32, num_hidden_layers=2,
                        num_attention_heads=4, intermediate_size=64)
    torch.manual_seed(0)
    bert = tf.BertModel(cfg)
    ids = torch.randint(0, 64, (2, 5))
    sched = dropsurgeon.schedule(bert, "dropout", p="cosine(0.3, 0.05, 10)",
                                 example_inputs=(ids,))
    sched.step(step=3)
    assert len(sched.current) == 7
    want = 0.05 + 0.25 * (1 + math.cos(math.pi * 0.3)) / 2  # cosine(0.3, 0.05, 10) at 3
    assert all(p == pytest.approx(want) for p in sched.current.values())
    assert_runtime_equals_current(bert, sched, ids)


def test_resume_continues_the_same_sequence():
    models = [mlp() for _ in range(5)]  # a scheduler holds its model weakly: keep them
    a = dropsurgeon.schedule(models[0], "dropout", p="curriculum(0.5, 0.1)", by_depth=True)
    seq = [a.step() for _ in range(10)]
    a2 = dropsurgeon.schedule(models[1], "dropout", p="curriculum(0.5, 0.1)", by_depth=True)
    for _ in range(4):
        a2.step()
    state = a2.state_dict()
    b_model = mlp()
    b = dropsurgeon.schedule(b_model, "dropout", p="curriculum(0.5, 0.1)", by_depth=True)
    b.load_state_dict(state)
    assert b.t == 4 and b.current == seq[3]
    assert b_model[4].p == pytest.approx(seq[3]["4"])
    assert [b.step() for _ in range(6)] == seq[4:]
    other = dropsurgeon.schedule(models[2], "dropout", p="early(0.1, until=5)")
    with pytest.raises(ScheduleError, match="saved for schedule"):
        other.load_state_dict(state)
    fewer = dropsurgeon.schedule(models[3], "4", p="curriculum(0.5, 0.1)", by_depth=True)
    with pytest.raises(ScheduleError, match="other sites; not here: 2"):
        fewer.load_state_dict(state)
    with pytest.raises(ScheduleError, match="not a scheduler state_dict"):
        b.load_state_dict({"t": 3})


def test_compose_disjoint_selections_and_refuse_overlaps():
    model = mlp()
    a = dropsurgeon.schedule(model, "2", p="early(0.2, until=1)")
    b = dropsurgeon.schedule(model, "4", p="late(0.4, start=1)")
    both = a + b
    assert both.current == {"2": 0.2, "4": 0.0}
    assert both.step() == {"2": 0.0, "4": 0.4}
    with pytest.raises(ScheduleError, match="composed into another"):
        a.step()
    both.close()
    same = dropsurgeon.schedule(model, {"2": "constant(0.1)", "4": 0.3})
    assert same.current == {"2": 0.1, "4": 0.3}
    with pytest.raises(ScheduleError, match="schedules overlap: 2 is selected by 'dropout' "
                                            "and by '2'"):
        dropsurgeon.schedule(mlp(), {"dropout": 0.1, "2": 0.2})
    m2 = mlp()
    with pytest.warns(ScheduleWarning, match="another live scheduler"):
        x = dropsurgeon.schedule(m2, "dropout", p=0.1)
        y = dropsurgeon.schedule(m2, "4", p=0.2)
    with pytest.raises(ScheduleError, match="schedules overlap"):
        compose(x, y)
    with pytest.raises(ScheduleError, match="different models"):
        m3, m4 = mlp(), mlp()
        compose(dropsurgeon.schedule(m3, "2", p=0.1), dropsurgeon.schedule(m4, "4", p=0.1))


def test_step_after_the_model_was_deep_copied_away():
    model, x = mlp(), torch.randn(3, 4)
    sched = dropsurgeon.schedule(model, "dropout", p="linear(0.1, 0.5, 4)")
    model(x)
    sched.step()  # the scheduled model ran: fine
    trained = copy.deepcopy(model)
    trained(x)
    trained(x)
    with pytest.raises(ScheduleError, match="a deep copy of the scheduled model ran 2 "
                                            "forward"):
        sched.step()
    sched.bind(trained)
    assert trained[2].p == pytest.approx(0.2)
    trained(x)
    sched.step()
    assert trained[2].p == pytest.approx(0.3) and model[2].p == pytest.approx(0.2)
    # A surgery result is a copy too, and the original may then be freed.
    del model
    new = dropsurgeon.replace(trained, "dropout", kind="gaussian", example_inputs=(x,))
    del trained
    gc.collect()
    assert sched.model is None
    with pytest.raises(ScheduleError, match="no longer exists"):
        sched.step()
    new(x)  # the copy's forward reaches a dead scheduler's probe: nothing happens


def test_a_dropped_scheduler_takes_its_hook_off_the_model():
    model = mlp()
    sched = dropsurgeon.schedule(model, "dropout", p=0.2)
    assert len(model._forward_pre_hooks) == 1
    del sched
    gc.collect()
    assert not model._forward_pre_hooks


def test_a_saved_model_carries_no_scheduler():
    model, x = mlp(), torch.randn(3, 4)
    sched = dropsurgeon.schedule(model, "dropout", p=0.2)
    buf = io.BytesIO()
    torch.save(model, buf)
    buf.seek(0)
    loaded = torch.load(buf, weights_only=False)
    loaded(x)
    model(x)
    sched.step()
    sched.close()
    with pytest.raises(ScheduleError, match="closed"):
        sched.step()


def test_bad_input():
    with pytest.raises(ScheduleError, match="drops every unit"):
        dropsurgeon.schedule(mlp(), "dropout", p=1.0)
    with pytest.raises(ScheduleError, match="steps must be a number of steps >= 0"):
        dropsurgeon.schedule(mlp(), "dropout", p="linear(0.1, 0.2, -1)")
    with pytest.raises(ScheduleError, match="needs p"):
        dropsurgeon.schedule(mlp(), "dropout")
    with pytest.raises(DropsurgeonError, match="matches nothing"):
        dropsurgeon.schedule(mlp(), "nosuch", p=0.1)
    with pytest.raises(DropsurgeonError, match="'dropout' matches nothing in Sequential"):
        dropsurgeon.schedule(nn.Sequential(nn.Linear(2, 2)), "dropout", p=0.1)
    model = mlp()
    sched = dropsurgeon.schedule(model, "dropout", p=lambda t: 0.5 * t)
    sched.step()
    with pytest.raises(ScheduleError, match="value at step 2 must be in"):
        sched.step()
    with pytest.raises(ScheduleError, match="step must be an integer >= 0"):
        sched.step(step=-1)
    with pytest.raises(ScheduleError, match="where is a selector"):
        dropsurgeon.schedule(mlp(), mlp(), p=0.1)


class LiteralRate(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(4, 4)
        self.drop = nn.Dropout(0.1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.drop(F.dropout(self.fc(x), 0.1, self.training))


def test_what_it_cannot_reach_is_listed_once_at_construction():
    model = LiteralRate()
    with pytest.warns(ScheduleWarning, match="cannot reach 1 rate") as record:
        sched = dropsurgeon.schedule(model, "dropout", p=0.3)
    assert len([w for w in record if issubclass(w.category, ScheduleWarning)]) == 1
    assert sched.unreachable and "literal rate" in sched.unreachable[0][1]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sched.step()
        sched.step()
    assert model.drop.p == 0.3


@pytest.mark.parametrize("site,block", [
    ("blocks.3.attn.attn_drop", "blocks.3"), ("layers.1.blocks.2.drop_path", "layers.1.blocks.2"),
    ("encoder.layer.10.output.dropout", "encoder.layer.10"), ("pos_drop", None),
    ("blocks.4@dropout", "blocks.4"), ("3", None), ("classifier.5", None),
    ("features.3.0.stochastic_depth", "features.3.0"),
])
def test_block_of(site, block):
    assert block_of(site) == block


def test_depth_factors():
    f, notes = depth_factors(["a.0.x", "a.0.y", "a.1.x", "a.2.x", "head"])
    assert f == {"a.0.x": 1 / 3, "a.0.y": 1 / 3, "a.1.x": 2 / 3, "a.2.x": 1.0, "head": 1.0}
    assert notes == ["head: in no numbered block; by_depth leaves it at the full rate"]
    f, notes = depth_factors(["x", "y", "z", "w"])
    assert f == {"x": 0.25, "y": 0.5, "z": 0.75, "w": 1.0} and not notes
    # With the model's module names, L counts every block of the model (Swin-like stages).
    names = ["layers", "layers.0", "layers.0.blocks", "layers.0.blocks.0",
             "layers.0.blocks.0.mlp.0", "layers.0.blocks.1", "layers.1", "layers.1.blocks",
             "layers.1.blocks.0", "layers.1.blocks.1", "head"]
    f, _ = depth_factors(["layers.0.blocks.1.drop_path", "layers.1.blocks.0.drop_path"], names)
    assert f == {"layers.0.blocks.1.drop_path": 0.5, "layers.1.blocks.0.drop_path": 0.75}


def test_by_depth_counts_blocks_without_a_site():
    timm = pytest.importorskip("timm")
    # timm gives block 0 no drop path (its rate is 0): it is still block 1 of 4.
    vit = timm.create_model("vit_tiny_patch16_224", pretrained=False, img_size=32,
                            patch_size=8, depth=4, drop_path_rate=0.1)
    sched = dropsurgeon.schedule(vit, "DropPath", p=0.2, by_depth=True)
    assert sched.current == pytest.approx({
        "blocks.1.drop_path1": 0.1, "blocks.1.drop_path2": 0.1, "blocks.2.drop_path1": 0.15,
        "blocks.2.drop_path2": 0.15, "blocks.3.drop_path1": 0.2, "blocks.3.drop_path2": 0.2})


_PROPERTY_MODEL = mlp()


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["linear(0.1, 0.5, 7)", "cosine(0.4, 0.0, 9)", "early(0.3, until=4)",
                        "late(0.2, start=3)", "curriculum(0.6, 0.3)", "warmup(0.25, 5)"]),
       st.booleans(),
       st.lists(st.one_of(st.none(), st.integers(0, 20)), max_size=12))
def test_current_is_the_preset_at_the_step_and_is_what_the_model_holds(text, by_depth, moves):
    model = _PROPERTY_MODEL
    sched = dropsurgeon.schedule(model, "dropout", p=text, by_depth=by_depth)
    preset = parse(text)
    factors = {"2": 0.5, "4": 1.0} if by_depth else {"2": 1.0, "4": 1.0}
    t = 0
    try:
        for move in moves:
            sched.step() if move is None else sched.step(step=move)
            t = t + 1 if move is None else move
            assert sched.t == t
            want = {s: preset(t) * f for s, f in factors.items()}
            assert sched.current == pytest.approx(want, abs=1e-12)
            assert sched.rates_at(t) == sched.current
            assert (model[2].p, model[4].p) == pytest.approx((want["2"], want["4"]))
    finally:
        sched.close()
