"""dropsurgeon.fused_backend(): the torch.compile path, on transformers models fx cannot trace."""

from __future__ import annotations

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

import dropsurgeon
from dropsurgeon.fused import keep_mask, make_rng
from dropsurgeon.fused.patterns import BIAS_DROPOUT_ADD, DROPOUT, LAYER_NORM, RMS_NORM

transformers = pytest.importorskip("transformers")


@pytest.fixture(autouse=True)
def _fresh_dynamo():
    torch._dynamo.reset()
    yield
    torch._dynamo.reset()


def _bert(layers: int = 2):
    cfg = transformers.BertConfig(
        vocab_size=64, hidden_size=32, num_hidden_layers=layers, num_attention_heads=2,
        intermediate_size=64, max_position_embeddings=32, hidden_dropout_prob=0.1,
        attention_probs_dropout_prob=0.1)
    torch.manual_seed(0)
    return transformers.AutoModel.from_config(cfg)


def test_bert_train_and_eval_graphs_are_fused():
    model = _bert()
    ids = torch.randint(0, 64, (2, 8), generator=torch.Generator().manual_seed(0))
    backend = dropsurgeon.fused_backend("aot_eager")
    compiled = torch.compile(model, backend=backend)
    model.eval()
    with torch.no_grad():
        ref = model(ids).last_hidden_state
        torch.testing.assert_close(compiled(ids).last_hidden_state, ref, rtol=1e-5, atol=1e-5)
    eval_entries = list(backend.report.entries)
    # In eval the lone embedding dropout never drops: nothing to gain, left alone.
    assert [e.pattern for e in eval_entries] == [LAYER_NORM] * 4
    assert all(e.training == "never" for e in eval_entries)
    model.train()
    torch.manual_seed(1)
    out1 = compiled(ids).last_hidden_state
    torch.manual_seed(1)
    again = compiled(ids).last_hidden_state
    out2 = compiled(ids).last_hidden_state
    assert torch.equal(out1, again)  # torch.manual_seed reproduces the masks
    assert not torch.equal(out1, out2)  # and each step draws new ones
    out1.sum().backward()
    assert model.encoder.layer[1].output.dense.weight.grad is not None
    train = [e for e in backend.report.entries if e.graph == 1]
    assert [e.pattern for e in train] == [DROPOUT] + [LAYER_NORM] * 4
    assert train[1].module == "encoder.layer.0.attention.output.dropout"
    assert "modeling_bert.py" in (train[1].location or "")
    assert all(e.training == "always" and e.p == 0.1 for e in train)
    assert all(e.mask_bytes == e.numel for e in train)  # 1 byte of mask per element freed
    assert backend.report.graphs == 2


def test_llama_hand_written_rmsnorm_is_found_with_add_norm():
    cfg = transformers.LlamaConfig(
        vocab_size=64, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
        num_key_value_heads=2, intermediate_size=64, max_position_embeddings=32,
        attention_dropout=0.1)
    torch.manual_seed(0)
    model = transformers.LlamaForCausalLM(cfg).eval()
    ids = torch.randint(0, 64, (2, 8), generator=torch.Generator().manual_seed(0))
    backend = dropsurgeon.fused_backend("aot_eager", add_norm=True)
    compiled = torch.compile(model, backend=backend)
    with torch.no_grad():
        ref = model(ids).logits
        out = compiled(ids).logits
    torch.testing.assert_close(out, ref, rtol=1e-5, atol=1e-5)
    entries = list(backend.report.entries)
    model.train()
    compiled(ids).logits.sum().backward()  # p = 0 norm ops have a backward too
    assert model.model.layers[0].post_attention_layernorm.weight.grad is not None
    # Llama has no hidden dropout: the residual adds + LlamaRMSNorm (2 per layer) are fused.
    assert len(entries) == 4
    assert all(e.pattern == "add_rms_norm" and "hand-written RMSNorm" in e.chain
               for e in entries)
    assert [e.return_residual for e in entries] == [True, True, True, False]


class Block(nn.Module):
    def __init__(self, d: int = 16, p: float = 0.25) -> None:
        super().__init__()
        self.lin = nn.Linear(d, d)
        self.norm = nn.RMSNorm(d, eps=1e-6)
        self.drop = nn.Dropout(p)

    def forward(self, x, r):
        h = r + self.drop(self.lin(x))
        return self.norm(h), h


def test_compiled_train_output_is_the_reference_definition():
    model = Block().train()
    x, r = torch.randn(3, 16), torch.randn(3, 16)
    backend = dropsurgeon.fused_backend("aot_eager")
    torch.manual_seed(9)
    out, h = torch.compile(model, backend=backend)(x, r)
    (e,) = backend.report.entries
    assert e.pattern == RMS_NORM and e.return_residual
    torch.manual_seed(9)
    seed, offset = (int(v) & (2**64 - 1) for v in make_rng("cpu"))
    keep = keep_mask(seed, offset, x.numel(), 0.25).reshape(x.shape)
    with torch.no_grad():
        h_ref = r + model.lin(x) * keep / 0.75
        torch.testing.assert_close(h, h_ref, rtol=0, atol=1e-6)
        torch.testing.assert_close(out, model.norm(h_ref), rtol=1e-6, atol=1e-6)


def test_dynamic_shapes_are_not_specialised_by_the_pass():
    model = Block().train()
    backend = dropsurgeon.fused_backend("aot_eager")
    compiled = torch.compile(model, backend=backend)
    for n in (3, 5, 7):
        out, _ = compiled(torch.randn(n, 16), torch.randn(n, 16))
        assert out.shape == (n, 16)
    # A static graph, then one dynamic graph serves 5 and 7 (reading sizes guards nothing).
    assert backend.report.graphs == 2
    assert backend.report.entries[-1].numel is None  # symbolic: bytes per element
    assert backend.report.entries[-1].bytes_saved > 0


def test_linear_bias_split_moves_the_bias_into_the_fused_op():
    class Res(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.lin = nn.Linear(8, 8)

        def forward(self, x):
            return x + F.dropout(self.lin(x), 0.2, self.training)

    model = Res().eval()
    x = torch.randn(4, 8)
    backend = dropsurgeon.fused_backend("aot_eager", split_linear_bias=True)
    with torch.no_grad():
        torch.testing.assert_close(torch.compile(model, backend=backend)(x), model(x))
    (e,) = backend.report.entries
    assert e.pattern == BIAS_DROPOUT_ADD and e.chain.startswith("Linear bias")


@pytest.mark.slow
def test_inductor_compiles_the_fused_graph():
    model = Block().train()
    x, r = torch.randn(3, 16, requires_grad=True), torch.randn(3, 16)
    backend = dropsurgeon.fused_backend()
    compiled = torch.compile(model, backend=backend)
    out, _ = compiled(x, r)
    out2, _ = compiled(x, r)
    assert not torch.equal(out, out2)
    out.sum().backward()
    assert x.grad is not None and backend.report.fused == 1
    model.eval()
    with torch.no_grad():
        torch.testing.assert_close(compiled(x, r)[0], model(x, r)[0], rtol=1e-5, atol=1e-5)
