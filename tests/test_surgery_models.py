"""Acceptance on real models: insert after every Linear, replace all with mc, remove all.

Each step is verified by the built-in checks (eval outputs bitwise equal where promised,
original state_dict keys and tensors kept, a train step runs).  ``remove`` must leave no
dropout module, no site in the inventory and no dropout op in an eval ``torch.export``.
"""

from __future__ import annotations

import pytest
import torch

import dropsurgeon
from dropsurgeon.surgery import NoMatchError, Plan
from dropsurgeon.surgery.variants import MCDropout, is_dropout_module

DROPOUT_OPS = ("dropout", "bernoulli", "native_dropout", "feature_dropout", "alpha_dropout")


def export_ops(model, args, kwargs):
    ep = torch.export.export(model.eval(), args, kwargs=kwargs, strict=False)
    return {str(n.target) for n in ep.graph.nodes if n.op == "call_function"}


def check_model(model, args, kwargs=None, *, n_linear, export=True):
    kwargs = kwargs or {}
    keys = set(model.state_dict())
    inserted = Plan().insert("after:Linear", p=0.1).apply(model, args, kwargs)
    assert inserted.verification.outputs == "bitwise equal"
    assert len([c for c in inserted.changes if c.action == "insert"]) == n_linear
    assert set(inserted.model.state_dict()) == keys

    mc = Plan().replace("dropout", kind="mc").apply(inserted.model, args, kwargs)
    assert mc.verification.ok and "forward and backward ran" in mc.verification.train
    assert any(isinstance(m, MCDropout) for m in mc.model.modules())
    assert not any(isinstance(m, torch.nn.Dropout) for m in mc.model.modules())

    plan = Plan().remove()
    try:  # structural drops (stochastic depth) are not `dropout`: named on their own
        dropsurgeon.select(mc.model, "drop_path")
        plan.remove("drop_path")
    except NoMatchError:
        pass
    removed = plan.apply(mc.model, args, kwargs)
    assert removed.verification.ok
    assert set(removed.model.state_dict()) == keys
    new = removed.model
    assert not any(is_dropout_module(m) for m in new.modules())
    assert not any(float(getattr(m, "dropout", 0.0) or 0.0) > 0 for m in new.modules()
                   if isinstance(m, (torch.nn.MultiheadAttention, torch.nn.RNNBase)))
    inv = dropsurgeon.inventory(new.eval(), *args) if args else dropsurgeon.inventory(new.eval())
    assert [s for s in inv.sites if s.kind in ("module", "functional", "drop_path")] == []
    if export:
        ops = export_ops(new, args, kwargs)
        assert not [o for o in ops if any(d in o for d in DROPOUT_OPS)], ops
    # removing from the original directly gives the same eval outputs
    direct = Plan().remove().apply(model, args, kwargs) if any(
        is_dropout_module(m) for m in model.modules()) else None
    if direct is not None:
        assert direct.verification.outputs == "bitwise equal"
    return removed


def test_resnet18():
    torchvision = pytest.importorskip("torchvision")
    torch.manual_seed(0)
    model = torchvision.models.resnet18(weights=None, num_classes=10)
    check_model(model, (torch.randn(2, 3, 32, 32),), n_linear=1)


def test_timm_vit_with_every_dropout_kind_on():
    timm = pytest.importorskip("timm")
    torch.manual_seed(0)
    model = timm.create_model("vit_tiny_patch16_224", pretrained=False, img_size=32,
                              patch_size=8, depth=2, drop_rate=0.1, attn_drop_rate=0.1,
                              proj_drop_rate=0.1, drop_path_rate=0.1, num_classes=5)
    check_model(model, (torch.randn(1, 3, 32, 32),), n_linear=2 * 4 + 1)


def test_transformers_bert_from_config():
    transformers = pytest.importorskip("transformers")
    torch.manual_seed(0)
    config = transformers.BertConfig(hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                                     intermediate_size=37, vocab_size=100)
    model = transformers.BertModel(config)
    removed = check_model(model, (), dict(model.dummy_inputs), n_linear=2 * 6 + 1)
    # the attention dropout of BertSelfAttention reads self.dropout.p: now 0
    assert all(getattr(m, "p", 0.0) == 0.0 for m in removed.model.modules())


def test_bert_mc_notes_the_attention_path():
    transformers = pytest.importorskip("transformers")
    config = transformers.BertConfig(hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                                     intermediate_size=37, vocab_size=100)
    model = transformers.BertModel(config)
    result = Plan().replace("dropout", kind="mc").apply(model, (), dict(model.dummy_inputs))
    assert any("attention.self.dropout" in n and "not MC" in n for n in result.notes)


@pytest.mark.zoo
def test_torchvision_vit_b_16():
    torchvision = pytest.importorskip("torchvision")
    torch.manual_seed(0)
    model = torchvision.models.vit_b_16(weights=None, dropout=0.1, attention_dropout=0.1)
    # 12 x 2 MLP Linears + the head; MHA.out_proj is skipped (MHA never calls it)
    check_model(model, (torch.randn(1, 3, 224, 224),), n_linear=12 * 2 + 1)
    notes = Plan().insert("after:Linear", p=0.1).apply(model, verify=False).notes
    assert sum("out_proj: skipped" in n for n in notes) == 12
