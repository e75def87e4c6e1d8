"""Tiny models of the architectures issue 12 names (configs only, no weights): builders
returning ``(model, args, kwargs)``, shared by the surgery rate and save tests."""

from __future__ import annotations

import pytest
import torch
import torch.nn as nn


def _ids(n: int, vocab: int = 64, batch: int = 2) -> torch.Tensor:
    return torch.randint(0, vocab, (batch, n), generator=torch.Generator().manual_seed(0))


def llama():
    T = pytest.importorskip("transformers")
    c = T.LlamaConfig(vocab_size=64, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                      num_attention_heads=2, num_key_value_heads=2, attention_dropout=0.1,
                      max_position_embeddings=64)
    return T.LlamaForCausalLM(c), (_ids(8),), {}


def bert():
    T = pytest.importorskip("transformers")
    c = T.BertConfig(vocab_size=64, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                     num_attention_heads=2, max_position_embeddings=64,
                     attention_probs_dropout_prob=0.1, hidden_dropout_prob=0.1)
    return T.BertModel(c), (_ids(8),), {}


def gpt2():
    T = pytest.importorskip("transformers")
    c = T.GPT2Config(vocab_size=64, n_embd=32, n_layer=2, n_head=2, n_positions=64,
                     bos_token_id=0, eos_token_id=0)
    return T.GPT2LMHeadModel(c), (_ids(8),), {}


def t5():
    T = pytest.importorskip("transformers")
    c = T.T5Config(vocab_size=64, d_model=32, d_kv=16, d_ff=64, num_layers=2, num_heads=2,
                   dropout_rate=0.1)
    return T.T5ForConditionalGeneration(c), (_ids(8),), {"decoder_input_ids": _ids(5)}


def bart():
    T = pytest.importorskip("transformers")
    c = T.BartConfig(vocab_size=64, d_model=32, encoder_layers=2, decoder_layers=2,
                     encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=64,
                     decoder_ffn_dim=64, max_position_embeddings=64, dropout=0.1,
                     activation_dropout=0.1, attention_dropout=0.1, encoder_layerdrop=0.1,
                     decoder_layerdrop=0.1)
    return T.BartForConditionalGeneration(c), (_ids(8),), {}


def whisper():
    T = pytest.importorskip("transformers")
    c = T.WhisperConfig(vocab_size=64, d_model=32, encoder_layers=2, decoder_layers=2,
                        encoder_attention_heads=2, decoder_attention_heads=2,
                        encoder_ffn_dim=64, decoder_ffn_dim=64, num_mel_bins=8,
                        max_source_positions=16, max_target_positions=16, dropout=0.1,
                        attention_dropout=0.1, activation_dropout=0.1, pad_token_id=0,
                        bos_token_id=1, eos_token_id=2, decoder_start_token_id=1)
    features = torch.randn(1, 8, 32, generator=torch.Generator().manual_seed(0))
    return (T.WhisperForConditionalGeneration(c), (features,),
            {"decoder_input_ids": torch.tensor([[1, 3, 4]])})


def timm_vit():
    timm = pytest.importorskip("timm")
    m = timm.create_model("vit_tiny_patch16_224", pretrained=False, img_size=32, depth=2,
                          num_classes=5, drop_path_rate=0.1, attn_drop_rate=0.1,
                          proj_drop_rate=0.1)
    return m, (torch.randn(1, 3, 32, 32, generator=torch.Generator().manual_seed(0)),), {}


def torchvision_vit():
    tv = pytest.importorskip("torchvision")
    m = tv.models.VisionTransformer(image_size=32, patch_size=16, num_layers=2, num_heads=2,
                                    hidden_dim=32, mlp_dim=64, dropout=0.1,
                                    attention_dropout=0.1)
    nn.init.normal_(m.heads.head.weight)  # zero-initialised: outputs would all be 0
    return m, (torch.randn(1, 3, 32, 32, generator=torch.Generator().manual_seed(0)),), {}


MODELS = {"llama": llama, "bert": bert, "gpt2": gpt2, "t5": t5, "bart": bart,
          "whisper": whisper, "timm_vit": timm_vit, "torchvision_vit": torchvision_vit}


def build(name: str):
    torch.manual_seed(0)
    return MODELS[name]()
