"""MC dropout on real models: torchvision resnet18 with an MC head, a transformers BERT."""

from __future__ import annotations

import pytest
import torch

import dropsurgeon
from dropsurgeon.mc import mc_predict

torchvision = pytest.importorskip("torchvision")
transformers = pytest.importorskip("transformers")


def test_resnet18_with_dropout_before_fc_shares_the_backbone():
    torch.manual_seed(0)
    r18 = torchvision.models.resnet18(weights=None, num_classes=5)
    model = dropsurgeon.insert(r18, "before:fc", p=0.5,
                               example_inputs=(torch.zeros(2, 3, 32, 32),), verify=False).eval()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    conv_rows: list[int] = []
    h = model.conv1.register_forward_pre_hook(lambda m, a: conv_rows.append(a[0].shape[0]))
    try:
        res = mc_predict(model, torch.randn(2, 3, 32, 32), samples=16, seed=0)
    finally:
        h.remove()
    assert res.split == "fc.dropout" and res.shared_fraction > 0.9
    assert all(n == 2 for n in conv_rows)  # the backbone never saw the folded batch
    assert res.probs.shape == (2, 5) and (res.mutual_information > 0).all()
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())
    assert not any(m.training for m in model.modules())


def _bert():
    cfg = transformers.BertConfig(
        vocab_size=64, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=64, num_labels=3, max_position_embeddings=32,
        attn_implementation="eager",
    )
    torch.manual_seed(0)
    return transformers.BertForSequenceClassification(cfg).eval()


def test_bert_samples_module_and_functional_attention_dropout():
    model = _bert()
    ids = torch.randint(0, 64, (3, 8))
    res = mc_predict(model, input_ids=ids, samples=12, seed=0)
    assert res.task == "classification" and res.probs.shape == (3, 3)
    assert set(res.mean) == {"logits"}
    # attention dropout is functional with p=0.0 at eval: its train-mode rate was used
    assert any(s.endswith("attention.self") for s in res.sites)
    assert not res.notes
    only_attention = mc_predict(model, input_ids=ids, samples=12, seed=0,
                                where=["bert.encoder.layer.0.attention.self"])
    assert only_attention.sites == ["bert.encoder.layer.0.attention.self"]
    assert (only_attention.variance["logits"] > 0).all()


def test_bert_attention_site_really_drops_with_the_train_rate():
    model = _bert()
    ids = torch.randint(0, 64, (2, 8))
    seen: list[float] = []
    import torch.nn.functional as F

    from dropsurgeon.mc import activate

    original = activate.Activator._activated

    def spy(self, func, op, args, kwargs, top):
        if func is F.dropout and type(top).__name__ == "BertSelfAttention":
            seen.append(activate._rate(activate._bind(op, args, kwargs).get("p", 0.0)))
        return original(self, func, op, args, kwargs, top)

    activate.Activator._activated = spy
    try:
        mc_predict(model, input_ids=ids, samples=4, seed=0, where="bert.encoder")
    finally:
        activate.Activator._activated = original
    assert seen and all(p == 0.0 for p in seen)  # the caller zeroed it at eval ...
    # ... and the rate that ran was the config's attention dropout (checked via variance)
    res = mc_predict(model, input_ids=ids, samples=30, seed=0,
                     where=["bert.encoder.layer.1.attention.self"])
    assert (res.variance["logits"] > 0).all()
