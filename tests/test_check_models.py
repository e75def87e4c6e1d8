"""Acceptance: real models nobody here wrote pass `check` with no finding and bitwise-identical
eval outputs (built without weights, small inputs to stay fast)."""

from __future__ import annotations

import pytest
import torch

from dropsurgeon.guard.check import check


def _assert_clean(result, min_sites: int) -> None:
    assert result.findings == [], result.describe()
    assert result.deterministic is True and result.mismatch == ""
    assert result.mutations == []
    assert len(result.inventory) >= min_sites


def test_torchvision_resnet18():
    tv = pytest.importorskip("torchvision")
    torch.manual_seed(0)
    model = tv.models.resnet18(weights=None)
    result = check(model, torch.randn(1, 3, 64, 64))
    _assert_clean(result, 0)


def test_transformers_bert_from_config():
    transformers = pytest.importorskip("transformers")
    config = transformers.BertConfig(
        hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=37,
        vocab_size=100,
    )
    torch.manual_seed(0)
    model = transformers.BertModel(config)
    result = check(model, **model.dummy_inputs)  # a ModelOutput is compared field by field
    _assert_clean(result, 7)
    kinds = {(s.kind, s.active_train, s.active_eval) for s in result.inventory}
    assert ("module", True, False) in kinds and ("attention", True, False) in kinds


def test_timm_vit_with_dropout_and_drop_path():
    timm = pytest.importorskip("timm")
    torch.manual_seed(0)
    model = timm.create_model(
        "vit_tiny_patch16_224", pretrained=False, img_size=32, drop_rate=0.1,
        attn_drop_rate=0.1, drop_path_rate=0.1,
    )
    result = check(model, torch.randn(1, 3, 32, 32))
    _assert_clean(result, 20)
    # drop path draws only in train mode, and every dropout is off at eval
    assert all(s.active_eval is False for s in result.inventory)
    assert any(s.kind == "random" and s.active_train for s in result.inventory)
