"""Rates carried by attributes (issue 12): surgery reaches them in any model, fx or not.

Acceptance on tiny transformers/timm/torchvision models: ``set_rate(model, "dropout", 0.2)``
puts 0.2 at every reachable site (read back, and seen by the runtime front-end in a train
forward), ``remove`` leaves no active site in train, eval outputs stay bitwise equal, the
state_dict keys stay, and whatever is unreachable is listed with its reason.
"""

from __future__ import annotations

import copy
import types

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from surgery_tiny_models import MODELS, build

import dropsurgeon
from dropsurgeon.capture.runtime import monitor
from dropsurgeon.rates import RateHandle, rate_handles
from dropsurgeon.surgery import NoMatchError, Plan, SurgeryWarning


def ran_in_train(model, args, kwargs):
    inv = monitor(model, args, kwargs)
    return inv, [s for s in inv.sites if s.kind != "random" and "train" in s.extra["calls"]]


def rate_handles_or_none(model, where):
    try:
        return rate_handles(model, where).handles
    except NoMatchError:
        return []


@pytest.mark.parametrize("name", list(MODELS))
def test_set_rate_reaches_every_site_then_remove_leaves_none(name):
    model, args, kwargs = build(name)
    keys = set(model.state_dict())
    result = Plan().set_rate("dropout", 0.2).apply(model, args, kwargs)
    v = result.verification
    assert v.ok and v.outputs == "bitwise equal", v.lines()
    assert "confirmed in a train forward" in v.rates
    assert set(result.model.state_dict()) == keys
    assert result.notes == []  # nothing unreachable in these architectures
    found = rate_handles(result.model, example_inputs=args, example_kwargs=kwargs)
    assert found.unreachable == []
    assert found.handles and set(found.get(result.model).values()) == {0.2}
    _, ran = ran_in_train(result.model, args, kwargs)
    structural = {h.site for kind in ("drop_path", "layerdrop")
                  for h in rate_handles_or_none(model, kind)}
    ran = [s for s in ran if s.module not in structural]  # not `dropout`: their own keywords
    assert ran and all(abs(s.p - 0.2) < 1e-6 for s in ran), [(s.module, s.p) for s in ran]

    plan = Plan().remove()
    for kind in ("layerdrop", "drop_path"):
        if rate_handles_or_none(model, kind):
            plan.remove(kind)  # structural drops are not `dropout`: named on their own
    removed = plan.apply(model, args, kwargs)
    assert removed.verification.outputs == "bitwise equal"
    assert set(removed.model.state_dict()) == keys
    inv, _ = ran_in_train(removed.model, args, kwargs)
    active = [(s.kind, s.module, s.op) for s in inv.sites if s.active_train]
    assert active == []
    assert model.training  # the input model is untouched


def test_llama_without_inputs_as_the_issue_tried():
    model, args, _ = build("llama")
    new = dropsurgeon.set_rate(model, "dropout", 0.2)
    assert [layer.self_attn.attention_dropout for layer in new.model.layers] == [0.2, 0.2]
    # the instance changed, never the config every layer (and the original model) shares
    assert new.config.attention_dropout == 0.1 and model.config.attention_dropout == 0.1
    assert model.model.layers[0].self_attn.attention_dropout == 0.1
    for where in ("attention", "model.layers.*.self_attn", "LlamaAttention",
                  "re:attention_dropout$", "model.layers[1:]", ".attention_dropout",
                  "model.layers.0.self_attn.attention_dropout"):
        sites = [h.site for h in rate_handles(model, where)]
        assert sites and all(s.endswith("self_attn.attention_dropout") for s in sites), where
    assert [h.site for h in rate_handles(model, "model.layers[1:]")] == [
        "model.layers.1.self_attn.attention_dropout"]
    kept = dropsurgeon.set_rate(model, "dropout", 0.3, exclude="model.layers.0")
    assert [layer.self_attn.attention_dropout for layer in kept.model.layers] == [0.1, 0.3]
    back = dropsurgeon.undo(new)
    assert back.model.layers[1].self_attn.attention_dropout == 0.1
    with torch.no_grad():
        assert torch.equal(new.eval()(*args).logits, model.eval()(*args).logits)


def test_attention_selector_picks_what_feeds_attention():
    bert, _, _ = build("bert")
    assert [h.site for h in rate_handles(bert, "attention")] == [
        "encoder.layer.0.attention.self.dropout", "encoder.layer.1.attention.self.dropout"]
    bart, _, _ = build("bart")
    sites = [h.site for h in rate_handles(bart, "attention")]
    assert len(sites) == 6 and all(s.endswith(("self_attn.dropout", "encoder_attn.dropout"))
                                   for s in sites)
    kinds = {h.attribute: h.roles for h in rate_handles(bart, "model.encoder")}
    assert "layerdrop" not in kinds and kinds["activation_dropout"] == ("dropout",)
    kinds = {h.attribute: h.roles for h in rate_handles(bart, "layerdrop")}
    assert kinds == {"layerdrop": ("layerdrop",)}  # structural drops: their own keyword
    vit, _, _ = build("torchvision_vit")
    assert {h.kind for h in rate_handles(vit, "attention")} == {"mha"}
    with pytest.raises(NoMatchError):
        rate_handles(nn.Sequential(nn.Linear(2, 2)), "dropout")


def test_replace_with_another_kind_says_per_site_why_not():
    model, args, kwargs = build("llama")
    with pytest.warns(SurgeryWarning) as caught:
        dropsurgeon.replace(model, "dropout", kind="mc", example_inputs=args)
    notes = [str(w.message) for w in caught]
    # One per layer, grouped into one warning with a count (issue 18 item 23).
    assert len(notes) == 1 and "(2 places: " in notes[0], notes
    assert "fx cannot trace" in notes[0] and "set_rate and remove" in notes[0]
    result = Plan().replace("dropout", kind="mc").apply(model, args, kwargs)
    assert len(result.notes) == 2 and all("fx cannot trace" in n for n in result.notes)


def test_mha_mc_keeps_dropout_on_at_eval():
    model, args, kwargs = build("torchvision_vit")
    result = Plan().replace("attention", kind="mc").apply(model, args, kwargs)
    assert set(result.model.state_dict()) == set(model.state_dict())
    new = result.model.eval()
    with torch.no_grad():
        assert not torch.equal(new(*args), new(*args))  # MC: on at eval
    plain = dropsurgeon.remove(result.model, "attention")
    with torch.no_grad():
        assert torch.equal(plain.eval()(*args), model.eval()(*args))


def test_lstm_inter_layer_dropout_is_a_rate():
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn = nn.LSTM(4, 4, num_layers=2, dropout=0.1, batch_first=True)
            self.one = nn.GRU(4, 4, num_layers=1)

        def forward(self, x):
            return self.rnn(x)[0]

    x = torch.randn(2, 3, 4)
    found = rate_handles(Net())
    assert [(h.site, h.kind) for h in found] == [("rnn", "rnn")]
    assert dropsurgeon.set_rate(Net(), "dropout", 0.4, example_inputs=(x,)).rnn.dropout == 0.4
    mc = dropsurgeon.replace(Net(), "rnn", kind="mc", example_inputs=(x,)).eval()
    with torch.no_grad():
        assert not torch.equal(mc(x), mc(x))


class Config:
    hidden_dropout = 0.1


class HandWritten(nn.Module):
    """Rates in a forward fx cannot trace (data-dependent branch): one settable, three not."""

    def __init__(self, config):
        super().__init__()
        self.config = config
        self.fc = nn.Linear(4, 4)
        self.p = 0.1

    @property
    def fixed(self):
        return 0.05

    def forward(self, x):
        x = self.fc(x)
        if x.sum() > -1e9:  # fx cannot trace a branch on data
            x = F.dropout(x, self.p, self.training)
            x = F.dropout(x, p=self.config.hidden_dropout, training=self.training)
            x = F.dropout(x, self.p * 2, self.training)
            x = F.dropout(x, self.fixed, self.training)
        return x


def test_unreachable_sites_are_listed_with_their_reason():
    config = Config()
    model = nn.Sequential(HandWritten(config), HandWritten(config))
    x = torch.randn(3, 4)
    found = rate_handles(model, example_inputs=(x,))
    assert [h.site for h in found] == ["0.p", "1.p"]
    reasons = dict(found.unreachable)
    assert set(reasons) == {"0.config.hidden_dropout", "1.config.hidden_dropout",
                            "0@tests/test_surgery_rates.py:" + str(_line("self.p * 2")),
                            "1@tests/test_surgery_rates.py:" + str(_line("self.p * 2")),
                            "0.fixed", "1.fixed"}, reasons
    assert "shared by every layer" in reasons["0.config.hidden_dropout"]
    assert "read-only property" in reasons["0.fixed"]
    result = Plan().set_rate("dropout", 0.3).apply(model, (x,))
    assert len(result.notes) == 6 and result.verification.ok, result.notes
    assert [m.p for m in result.model] == [0.3, 0.3] and config.hidden_dropout == 0.1
    assert "confirmed in a train forward" in result.verification.rates


def _line(text: str) -> int:
    import inspect

    lines, start = inspect.getsourcelines(HandWritten.forward)
    return start + next(i for i, line in enumerate(lines) if text in line)


def test_fx_traceable_attribute_rate_keeps_the_class_for_set_rate():
    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(4, 4)
            self.p = 0.1

        def forward(self, x):
            return F.dropout(self.fc(x), self.p, self.training)

    x = torch.randn(2, 4)
    new = dropsurgeon.set_rate(Block(), "dropout", 0.25, example_inputs=(x,))
    assert type(new).__name__ == "Block" and new.p == 0.25
    removed = Plan().remove().apply(Block(), (x,))
    assert [c.via for c in removed.changes] == ["graph"]  # fx takes the call out entirely
    assert removed.verification.outputs == "bitwise equal"


def test_handle_sets_the_instance_it_is_given_only():
    model, _, _ = build("bart")
    other = copy.deepcopy(model)
    handle = next(h for h in rate_handles(model) if h.attribute == "activation_dropout")
    assert isinstance(handle, RateHandle) and handle.kind == "attribute"
    handle.set(model, 0.5)
    assert handle.get(model) == 0.5 and handle.get(other) == 0.1
    assert model.config.activation_dropout == 0.1
    with pytest.raises(dropsurgeon.errors.DropsurgeonError):
        handle.set(model, 1.5)
    assert types.SimpleNamespace(**handle.to_dict()).owner == "model.encoder.layers.0"


@pytest.mark.zoo
def test_vit_b_16_multihead_attention_dropout():
    tv = pytest.importorskip("torchvision")
    model = tv.models.vit_b_16(weights=None)
    x = torch.randn(1, 3, 224, 224)
    result = Plan().set_rate("dropout", 0.2).apply(model, (x,))
    assert result.verification.ok and result.verification.outputs == "bitwise equal"
    mha = [m for m in result.model.modules() if isinstance(m, nn.MultiheadAttention)]
    assert len(mha) == 12 and {m.dropout for m in mha} == {0.2}


def test_inventory_sites_say_where_their_rate_lives():
    from dropsurgeon.rates import annotate

    model, args, kwargs = build("bart")
    inv = monitor(model, args, kwargs)
    assert annotate(model, inv.sites) == len([s for s in inv.sites if s.kind != "random"])
    by_rate = {s.rate_attr: s.extra["rate"] for s in inv.sites if s.rate_attr}
    assert by_rate["model.encoder.layers.0.activation_dropout"] == {
        "owner": "model.encoder.layers.0", "attribute": "activation_dropout",
        "kind": "attribute", "holds": "number"}
    attn = [s for s in inv.sites if s.kind == "attention"]
    assert {s.rate_attr.rpartition(".")[2] for s in attn} == {"dropout"}
    config = Config()
    hand = nn.Sequential(HandWritten(config))
    inv = monitor(hand, (torch.randn(3, 4),))
    annotate(hand, inv.sites)
    holds = sorted(s.extra["rate"]["holds"] for s in inv.sites if s.rate_attr)
    assert holds == ["computed", "config", "number", "read-only property"]
    config_site = next(s for s in inv.sites if s.rate_attr == "0.config.hidden_dropout")
    assert config_site.extra["rate"]["attribute"] == "config.hidden_dropout"


class Layer(nn.Module):
    """A transformers-style layer: rates as float attributes, a forward fx cannot trace."""

    def __init__(self, width, p, attention_p):
        super().__init__()
        self.fc = nn.Linear(width, width)
        self.dropout = p
        self.attention_dropout = attention_p
        self.out = nn.Dropout(p)

    def forward(self, x, **kwargs):  # **kwargs: fx cannot trace it
        if x.sum() > -1e9:
            x = F.scaled_dot_product_attention(
                x[:, None], x[:, None], x[:, None],
                dropout_p=0.0 if not self.training else self.attention_dropout)[:, 0]
        return self.out(F.dropout(self.fc(x), p=self.dropout, training=self.training))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(1, 3), p=st.floats(0.0, 0.9), keep=st.integers(0, 3),
       rates=st.lists(st.floats(0.0, 0.5), min_size=2, max_size=2))
def test_set_rate_property(n, p, keep, rates):
    """Selected rates become p, excluded ones stay, eval outputs and keys stay, undo undoes."""
    torch.manual_seed(0)
    model = nn.Sequential(*[Layer(4, *rates) for _ in range(n)])
    x = torch.randn(3, 2, 4)
    before = rate_handles(model).get(model)
    exclude = [str(keep)] if keep < n and n > 1 else None  # never all: that matches nothing
    result = Plan().set_rate("dropout", p, exclude=exclude).apply(model, (x,))
    assert result.verification.ok and result.verification.outputs == "bitwise equal"
    assert set(result.model.state_dict()) == set(model.state_dict())
    after = rate_handles(result.model).get(result.model)
    assert set(after) == set(before) and len(after) == 3 * n
    for site, value in after.items():
        excluded = exclude is not None and site.split(".")[0] == exclude[0]
        assert value == (before[site] if excluded else p), site
    undone = dropsurgeon.undo(result.model)
    assert rate_handles(undone).get(undone) == before


def test_replace_reaches_an_attribute_rate_where_fx_rewrites_the_call():
    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(4, 4)
            self.p = 0.2

        def forward(self, x):
            return F.dropout(self.fc(x), self.p, self.training)

    x = torch.randn(2, 4)
    result = Plan().replace("dropout", kind="gaussian").apply(Block(), (x,))
    assert [(c.via, c.after) for c in result.changes] == [("graph", "GaussianDropout(p=0.2)")]
    assert result.notes == [] and result.verification.outputs == "bitwise equal"


def dropout_add(x, residual, prob, training):
    """Bloom's helper: the rate arrives as a parameter."""
    return residual + F.dropout(x, p=prob, training=training)


class ViaHelper(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)
        self.hidden_dropout = 0.1
        self.drop_path = BlockDropPath(0.1)

    def forward(self, x, **kwargs):  # fx cannot trace **kwargs
        return self.drop_path(dropout_add(self.fc(x), x, self.hidden_dropout, self.training))


class BlockDropPath(nn.Module):
    """Named like transformers' per-model drop-path classes (BeitDropPath, SwinDropPath)."""

    def __init__(self, drop_prob):
        super().__init__()
        self.drop_prob = drop_prob

    def forward(self, x):
        if not self.training or not self.drop_prob:
            return x
        keep = torch.rand(x.shape[0], 1) >= self.drop_prob
        return x * keep / (1 - self.drop_prob)


def test_a_rate_passed_through_a_helper_and_a_named_drop_path():
    x = torch.randn(3, 4)
    found = rate_handles(ViaHelper(), example_inputs=(x,))
    assert [(h.site, h.kind) for h in found] == [("hidden_dropout", "attribute")]
    assert found.unreachable == []
    paths = rate_handles(ViaHelper(), "drop_path", example_inputs=(x,))
    assert [(h.site, h.kind) for h in paths] == [("drop_path", "drop_path")]
    result = Plan().set_rate("dropout", 0.3).apply(ViaHelper(), (x,))
    assert result.notes == [] and result.verification.ok
    # `dropout` leaves the drop path alone (issue 18 item 9); naming it reaches it
    assert result.model.hidden_dropout == 0.3 and result.model.drop_path.drop_prob == 0.1
    assert "1 confirmed in a train forward" in result.verification.rates
    both = Plan().set_rate(["dropout", "drop_path"], 0.3).apply(ViaHelper(), (x,))
    assert both.model.hidden_dropout == 0.3 and both.model.drop_path.drop_prob == 0.3


def test_tracing_a_forward_that_counts_in_a_buffer_leaves_the_buffer_alone():
    class Counting(nn.Module):  # like timm's BatchNormAct2d: a buffer updated in forward
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(4, 4)
            self.register_buffer("seen", torch.zeros((), dtype=torch.long))

        def forward(self, x):
            if self.training:
                self.seen.add_(1)
            return F.dropout(self.fc(x), 0.1, self.training)

    model = Counting()
    result = Plan().set_rate("dropout", 0.2).apply(model, (torch.randn(2, 4),))
    assert result.verification.ok and int(result.model.seen) == 0 and int(model.seen) == 0


def test_inventory_records_where_module_rates_live():
    import dropsurgeon

    model = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.25))
    sites = [s for s in dropsurgeon.inventory(model, torch.zeros(2, 4)) if s.kind == "module"]
    assert [s.rate_attr for s in sites] == ["1"]
    assert sites[0].extra["rate"] == {"owner": "1", "attribute": "p", "kind": "module",
                                      "holds": "number"}
