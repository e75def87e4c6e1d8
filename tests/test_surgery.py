"""Surgery operations, plans and verification on small models."""

from __future__ import annotations

import copy
import io
import json

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

import dropsurgeon
from dropsurgeon.errors import DropsurgeonError
from dropsurgeon.surgery import (
    NoMatchError,
    Plan,
    SurgeryWarning,
    VerificationError,
    variants,
)
from dropsurgeon.surgery.apply import Inputs
from dropsurgeon.surgery.graphmodule import RewrittenModule
from dropsurgeon.surgery.verify import Verification, same, verify


class Functional(nn.Module):
    """Functional dropout that follows the mode, one that never stops, and a module."""

    def __init__(self, always: bool = False) -> None:
        super().__init__()
        self.fc1 = nn.Linear(6, 12)
        self.fc2 = nn.Linear(12, 3)
        self.drop = nn.Dropout(0.1)
        self.always = always

    def forward(self, x):
        x = F.dropout(F.relu(self.fc1(x)), 0.3, self.training)
        if self.always:
            x = F.dropout(x, 0.2)  # training defaults to True: on in eval too
        return self.fc2(self.drop(x))


class Untraceable(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(6, 6)

    def forward(self, x):
        if x.sum() > 0:  # data-dependent control flow: fx cannot trace this
            x = x * 1.0
        return F.dropout(self.fc(x), 0.5, self.training)


class ModeBranch(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(6, 6)

    def forward(self, x):
        y = F.dropout(self.fc(x), 0.5, self.training)
        return y * 2 if self.training else y  # mode matters beyond dropout


class ConvNet(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.bn = nn.BatchNorm2d(8)
        self.fc = nn.Linear(8, 4)

    def forward(self, x):
        x = F.relu(self.bn(self.conv(x)))
        return self.fc(x.mean((2, 3)))


X6 = torch.randn(5, 6)
XIMG = torch.randn(2, 3, 8, 8)


def eval_out(model, *args):
    model.eval()
    with torch.no_grad():
        return model(*args)


def test_insert_keeps_the_input_model_and_verifies():
    model = Functional()
    before = repr(model), {k: v.clone() for k, v in model.state_dict().items()}
    model.train()
    result = Plan().insert("after:Linear", p=0.2).apply(model, (X6,))
    assert repr(model) == before[0] and model.training
    assert all(torch.equal(v, before[1][k]) for k, v in model.state_dict().items())
    v = result.verification
    assert v.ok and v.outputs == "bitwise equal" and "strict=True" in v.state_dict
    assert "forward and backward ran" in v.train
    assert [c.target for c in result.changes] == ["after fc1", "after fc2"]
    assert set(result.model.state_dict()) == set(model.state_dict())


def test_functional_dropout_becomes_a_module_that_follows_eval():
    new = dropsurgeon.set_rate(Functional(), "dropout", 0.5, example_inputs=(X6,))
    assert isinstance(new, RewrittenModule)
    mods = {n: m for n, m in new.named_modules() if isinstance(m, nn.Dropout)}
    assert set(mods) == {"fn_dropout", "drop"} and all(m.p == 0.5 for m in mods.values())
    assert "functional.dropout" not in new.code
    new.eval()
    assert torch.equal(new(X6), new(X6))
    new.train()
    assert not torch.equal(new(X6), new(X6))


def test_unselected_functional_sites_are_normalised_not_frozen():
    # Only the module is re-rated; the owner is not rewritten at all.
    new = dropsurgeon.set_rate(Functional(), "drop", 0.4, example_inputs=(X6,))
    assert type(new) is Functional and new.drop.p == 0.4
    # A residual insert rewrites the owner: its F.dropout must still stop in eval.
    res = Plan().insert("dropout", p=0.1).apply(Functional(), (X6,))
    assert res.verification.ok


def test_always_on_dropout_removed_changes_eval_and_says_so():
    model = Functional(always=True)
    result = Plan().remove().apply(model, (X6,))
    assert result.verification.outputs.startswith("not compared: expected to differ")
    new = result.model.eval()
    assert torch.equal(new(X6), new(X6))
    assert "functional.dropout" not in new.code


def test_untraceable_forward_is_reported_not_skipped():
    model = nn.Sequential(Untraceable(), nn.Dropout(0.1))
    result = Plan().remove().apply(model, (X6,))
    assert any("0 (Untraceable)" in n and "not reached" in n for n in result.notes)
    assert [c.target for c in result.changes] == ["1"]
    with pytest.warns(SurgeryWarning, match="Untraceable"):
        dropsurgeon.remove(model, example_inputs=(X6,))


def test_mode_dependent_forward_is_not_rewritten():
    result = Plan().remove().apply(nn.Sequential(ModeBranch(), nn.Dropout(0.1)), (X6,))
    assert any("depends on self.training" in n for n in result.notes)
    assert type(result.model[0]) is ModeBranch


def test_selector_matching_nothing_names_it():
    with pytest.raises(NoMatchError, match="'GRU'"):
        dropsurgeon.insert(Functional(), "after:GRU", p=0.1)
    with pytest.raises(NoMatchError, match="'dropout'"):
        dropsurgeon.remove(ConvNet())


def test_every_kind_inserted_is_verified():
    for kind in ("dropout", "dropout2d", "alpha", "gaussian", "drop_path", "dropblock",
                 "concrete", "auto"):
        result = Plan().insert("after:BatchNorm2d", p=0.2, kind=kind, block_size=3).apply(
            ConvNet(), (XIMG,))
        assert result.verification.ok, kind
        assert result.verification.outputs == "bitwise equal", kind
    auto = Plan().insert("after:BatchNorm2d", p=0.2, kind="auto").apply(ConvNet(), (XIMG,))
    assert "Dropout2d" in auto.changes[0].after
    conc = Plan().insert("after:BatchNorm2d", p=0.2, kind="concrete").apply(ConvNet(), (XIMG,))
    assert conc.verification.new_keys == ["bn.dropout.p_logit"]
    mc = Plan().insert("after:BatchNorm2d", p=0.2, kind="mc").apply(ConvNet(), (XIMG,))
    assert mc.verification.outputs.startswith("not compared")
    dc = Plan().insert("Conv2d", p=0.2, kind="dropconnect").apply(ConvNet(), (XIMG,))
    assert dc.verification.outputs == "bitwise equal"


def test_auto_without_inputs_is_an_error():
    with pytest.raises(DropsurgeonError, match="example inputs"):
        dropsurgeon.insert(ConvNet(), "after:BatchNorm2d", p=0.1, kind="auto")


def test_replace_with_each_kind_keeps_rates():
    for kind in ("dropout2d", "alpha", "gaussian", "drop_path", "concrete", "mc"):
        model = nn.Sequential(nn.Linear(6, 6), nn.Dropout(0.3), nn.Linear(6, 2))
        new = dropsurgeon.replace(model, kind=kind, example_inputs=(X6[:, :6],)) \
            if kind != "dropout2d" else dropsurgeon.replace(
                nn.Sequential(nn.Conv2d(3, 3, 1), nn.Dropout(0.3)), kind=kind,
                example_inputs=(XIMG,))
        assert variants.rate_of(new[1]) == pytest.approx(0.3, abs=1e-6), kind


def test_replace_with_mc_stays_on_in_eval_and_batchnorm_is_untouched():
    model = nn.Sequential(nn.Conv2d(3, 4, 1), nn.BatchNorm2d(4), nn.Dropout(0.5))
    new = dropsurgeon.replace(model, kind="mc", example_inputs=(XIMG,)).eval()
    assert isinstance(new[2], variants.MCDropout)
    assert not new[1].training
    assert not torch.equal(new(XIMG), new(XIMG))


def test_remove_leaves_no_dropout_module_nor_op():
    model = Functional(always=True)
    new = dropsurgeon.remove(model, example_inputs=(X6,))
    assert not any(variants.is_dropout_module(m) for m in new.modules())
    ep = torch.export.export(new.eval(), (X6,), strict=False)
    ops = {str(n.target) for n in ep.graph.nodes if n.op == "call_function"}
    assert not any("dropout" in o or "bernoulli" in o for o in ops), ops


def test_remove_an_inserted_dropout_unwraps():
    inserted = dropsurgeon.insert(Functional(), "after:fc1", p=0.2, example_inputs=(X6,))
    back = dropsurgeon.remove(inserted, "fc1.dropout", example_inputs=(X6,))
    assert type(back.fc1) is nn.Linear


def test_subtree_selectors_mean_the_dropout_inside():
    model = nn.Sequential(nn.Sequential(nn.Linear(6, 6), nn.Dropout(0.1)), nn.Dropout(0.2))
    new = dropsurgeon.set_rate(model, "0", 0.5)
    assert new[0][1].p == 0.5 and new[1].p == 0.2


def test_replace_needs_sites_not_positions():
    with pytest.raises(DropsurgeonError, match="not on positions"):
        dropsurgeon.replace(Functional(), "after:fc1", kind="mc")


def test_insert_before_and_linear_schedule():
    model = nn.Sequential(*[nn.Linear(6, 6) for _ in range(4)])
    result = Plan().insert("before:Linear", p=0.4, schedule="linear").apply(model, (X6,))
    rates = [m.p for m in result.model.modules() if isinstance(m, nn.Dropout)]
    assert rates == pytest.approx([0.1, 0.2, 0.3, 0.4])
    assert all(c.target.startswith("before") for c in result.changes)
    assert result.verification.outputs == "bitwise equal"


def test_attention_dropout_attribute():
    mha = nn.MultiheadAttention(6, 2, dropout=0.1, batch_first=True)

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.attn = mha

        def forward(self, x):
            return self.attn(x, x, x)[0]

    x = torch.randn(2, 3, 6)
    new = dropsurgeon.set_rate(Net(), "dropout", 0.3, example_inputs=(x,))
    assert new.attn.dropout == 0.3
    # mc keeps MHA's own dropout on at eval (the module runs in train mode; nothing else
    # in MHA depends on the mode); kinds that need the call rewritten are refused, and said
    result = Plan().replace("dropout", kind="mc").apply(Net(), (x,))
    mc = result.model.eval()
    with torch.no_grad():
        assert not torch.equal(mc(x), mc(x))
    assert set(mc.state_dict()) == set(Net().state_dict())
    result = Plan().replace("dropout", kind="gaussian").apply(Net(), (x,))
    assert any("own kernel" in n for n in result.notes)
    assert dropsurgeon.remove(Net(), example_inputs=(x,)).attn.dropout == 0.0
    assert dropsurgeon.undo(mc).attn.dropout == 0.1


def test_no_inputs_means_output_checks_are_skipped_and_said():
    result = Plan().insert("after:Linear", p=0.1).apply(Functional())
    assert result.verification.outputs.startswith("skipped: no example inputs")
    assert "strict=True" in result.verification.state_dict


def test_verification_catches_broken_invariants():
    a, b = nn.Linear(3, 3), nn.Linear(3, 3)
    inputs = Inputs((torch.randn(2, 3),))
    from dropsurgeon.surgery.verify import eval_outputs

    v = verify(a, b, inputs, reference=eval_outputs(a, inputs), expect_same_eval=True)
    assert not v.ok and any("state_dict tensors changed" in p for p in v.problems)
    assert any("eval outputs changed" in p for p in v.problems)
    renamed = nn.Sequential(nn.Linear(3, 3))
    v = verify(a, renamed, Inputs(), reference=None, expect_same_eval=True)
    assert "original state_dict keys are gone" in v.problems[0]
    assert same([torch.tensor([float("nan")])], [torch.tensor([float("nan")])]) is None
    with pytest.raises(VerificationError):
        from dropsurgeon.surgery.verify import check

        check(Verification(problems=["x"]))


def test_plan_json_round_trip_and_fresh_instance_gives_the_same_model():
    plan = (Plan().insert("after:Linear", p=0.2, exclude=".fc2").replace("dropout", kind="mc")
            .set_rate(variants.MCDropout, 0.3).remove("fc1.dropout"))
    text = plan.to_json()
    again = Plan.from_json(text)
    assert again.to_dict() == plan.to_dict() == json.loads(text)
    torch.manual_seed(1)
    a = Functional()
    b = Functional()
    b.load_state_dict(a.state_dict())
    ra, rb = plan.apply(a, (X6,), verify=False), again.apply(b, (X6,), verify=False)
    assert repr(ra.model) == repr(rb.model)
    assert [c.to_dict() for c in ra.changes] == [c.to_dict() for c in rb.changes]


@pytest.mark.parametrize("text, message", [
    ("{", "not valid JSON"),
    ("[]", "'operations' list"),
    ('{"version": 9, "operations": []}', "version"),
    ('{"operations": [{"op": "explode", "where": ["x"]}]}', "unknown operation"),
    ('{"operations": [{"op": "insert", "where": ["x"]}]}', "needs a rate"),
    ('{"operations": [{"op": "insert", "where": ["x"], "p": 2}]}', "in \\[0, 1\\]"),
    ('{"operations": [{"op": "remove", "where": ["x"], "colour": 1}]}', "unknown field"),
])
def test_bad_plans_are_one_line_errors(text, message):
    with pytest.raises(DropsurgeonError, match=message):
        Plan.from_json(text)


def test_undo_restores_structure_and_keeps_trained_values():
    model = Functional()
    plan = Plan().insert("after:Linear", p=0.2).set_rate("dropout", 0.5).replace(
        "drop", kind="gaussian")
    new = plan.apply(model, (X6,)).model
    with torch.no_grad():
        new.fc2.wrapped.bias.add_(1.0)  # "training"
    back = plan.undo(new)
    assert type(back) is Functional and repr(back) == repr(model)
    assert torch.equal(back.fc2.bias, model.fc2.bias + 1.0)
    assert set(back.state_dict()) == set(model.state_dict())
    assert type(new) is not Functional  # undo works on a copy


def test_rewritten_models_survive_deepcopy_and_pickle():
    model = nn.Sequential(Functional(), nn.Linear(3, 3))
    new = dropsurgeon.remove(model, example_inputs=(X6,))
    keys = set(model.state_dict())
    assert set(copy.deepcopy(new).state_dict()) == keys
    buf = io.BytesIO()
    torch.save(new, buf)
    buf.seek(0)
    loaded = torch.load(buf, weights_only=False)
    assert set(loaded.state_dict()) == keys
    assert torch.equal(eval_out(loaded, X6), eval_out(new, X6))
    assert type(dropsurgeon.undo(loaded)[0]) is Functional


def test_dry_run_changes_nothing():
    model = Functional()
    changes = dropsurgeon.dry_run(model, Plan().remove())
    assert {c.action for c in changes} == {"remove"} and len(changes) == 2
    assert isinstance(model.drop, nn.Dropout)


def test_train_step_failing_on_the_original_too_is_not_blamed_on_surgery():
    model = nn.Sequential(nn.Conv2d(3, 4, 1), nn.BatchNorm2d(4), nn.AdaptiveAvgPool2d(1),
                          nn.BatchNorm2d(4))
    result = Plan().insert("after:Conv2d", p=0.1).apply(model, (torch.randn(1, 3, 4, 4),))
    assert result.verification.ok
    assert result.verification.train.startswith("not run: the original model's train step")
