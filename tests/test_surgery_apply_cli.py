"""``dropsurgeon apply SPEC --plan plan.json [--dry-run] [--save DIR]`` end to end, on a tiny
transformers Llama whose attention dropout is a float attribute fx cannot reach."""

from __future__ import annotations

import json
import textwrap

import pytest
from typer.testing import CliRunner

import dropsurgeon
from dropsurgeon.cli import app

pytest.importorskip("transformers")

SPEC = textwrap.dedent("""
    import torch
    import transformers as T


    def build(layers=2):
        torch.manual_seed(0)
        config = T.LlamaConfig(vocab_size=64, hidden_size=32, intermediate_size=64,
                               num_hidden_layers=layers, num_attention_heads=2,
                               num_key_value_heads=2, attention_dropout=0.1,
                               max_position_embeddings=64)
        return T.LlamaForCausalLM(config)


    class Tiny(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = torch.nn.Linear(4, 4)
            self.drop = torch.nn.Dropout(0.1)

        def forward(self, x):
            return self.drop(self.fc(x))


    def example_inputs():
        return torch.randint(0, 64, (2, 8))
""")


@pytest.fixture()
def spec(tmp_path):
    path = tmp_path / "tiny_llama.py"
    path.write_text(SPEC)
    return path


def run(*args):
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.output


def test_plan_out_then_apply_with_save(spec, tmp_path):
    plan = tmp_path / "plan.json"
    code, text = run("set-rate", f"{spec}:build", "--p", "0.2", "--where", "attention",
                     "--plan-out", plan, "--dry-run", "--format", "json")
    assert code == 0, text
    assert [c["target"] for c in json.loads(text)["changes"]] == [
        f"model.layers.{i}.self_attn.attention_dropout" for i in (0, 1)]
    out = tmp_path / "saved"
    code, text = run("apply", f"{spec}:build", "--plan", plan, "--save", out,
                     "--format", "json")
    assert code == 0, text
    data = json.loads(text)
    assert [c["after"] for c in data["changes"]] == ["LlamaAttention(attention_dropout=0.2)"] * 2
    assert data["verification"]["outputs"] == "bitwise equal"
    assert "2 confirmed in a train forward" in data["verification"]["rates"]
    assert data["saved"] == str(out)
    model = dropsurgeon.load(out, trust_spec=True)  # rebuilt from the spec saved with it
    assert [m.self_attn.attention_dropout for m in model.model.layers] == [0.2, 0.2]
    assert model.config.attention_dropout == 0.1


def test_apply_dry_run_writes_nothing(spec, tmp_path):
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"version": 1, "operations": [{"op": "remove",
                                                               "where": ["dropout"]}]}))
    code, text = run("apply", f"{spec}:build", "--plan", plan, "--dry-run")
    assert code == 0, text
    assert "planned changes (2)" in text and "nothing written" in text
    code, _ = run("apply", f"{spec}:build", "--plan", plan, "--dry-run", "--save",
                  tmp_path / "x")
    assert code == 2 and not (tmp_path / "x").exists()


def test_apply_bad_input_is_one_line(spec, tmp_path):
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"operations": [
        {"op": "set_rate", "where": ["dropout"], "p": 0.2},
        {"op": "set_rate", "where": ["model.layers.*.self_attn"], "p": 0.3}]}))
    code, text = run("apply", f"{spec}:Tiny", "--plan", plan, "--input-shape", "2,4")
    assert code == 2, text
    assert "plan step 2 (set_rate model.layers.*.self_attn p=0.3)" in text
    assert "Traceback" not in text and text.count("\n") <= 2
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "a.txt").write_text("x")
    for args in (("--plan", tmp_path / "missing.json"),
                 ("--plan", spec),  # not JSON
                 ("--plan", plan, "--save", foreign)):
        code, text = run("apply", f"{spec}:build", *args)
        assert code == 2, (args, text)
        assert "Traceback" not in text and text.count("\n") <= 2, text
    assert [p.name for p in foreign.iterdir()] == ["a.txt"]
