"""Saves that are not pickles (issue 12): safetensors weights + plan + spec, and back.

Round trip for every acceptance architecture (state_dict, rates, train-mode output under a
fixed seed), then the bad inputs: a plan that no longer fits, a directory that is not a save,
corrupted or mismatched weights (nothing loaded half), and the ``dropsurgeon.load`` name
shared by the spec-loader module.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
import torch
from surgery_tiny_models import MODELS, build

import dropsurgeon
from dropsurgeon.rates import rate_handles
from dropsurgeon.surgery import Plan
from dropsurgeon.surgery.save import SaveError, is_save
from dropsurgeon.surgery.verify import flatten


def train_output(model, args, kwargs):
    model.train()
    with torch.random.fork_rng():
        torch.manual_seed(123)
        return flatten(model(*args, **kwargs))


def same_state(a, b):
    sa, sb = a.state_dict(), b.state_dict()
    return sa.keys() == sb.keys() and all(torch.equal(sa[k], sb[k]) for k in sa)


@pytest.mark.parametrize("name", list(MODELS))
def test_round_trip(name, tmp_path):
    model, args, kwargs = build(name)
    plan = Plan().set_rate("dropout", 0.3).set_rate("dropout", 0.15, exclude="re:^.*1")
    new = plan.apply(model, args, kwargs, verify=False).model
    with torch.no_grad():  # make the weights differ from a fresh build's
        for p in new.parameters():
            p.add_(0.01)
    dropsurgeon.save(new, plan, tmp_path / "saved")
    assert sorted(p.name for p in (tmp_path / "saved").iterdir()) == [
        "dropsurgeon.json", "model.safetensors", "plan.json"]
    assert not list((tmp_path / "saved").glob("*.pt")) and is_save(tmp_path / "saved")
    fresh, _, _ = build(name)
    back = dropsurgeon.load(tmp_path / "saved", model=fresh)
    assert same_state(new, back)
    assert rate_handles(back).get(back) == rate_handles(new).get(new)
    assert len(set(rate_handles(back).get(back).values())) == 2
    a, b = train_output(new, args, kwargs), train_output(back, args, kwargs)
    assert len(a) == len(b) and all(torch.equal(x, y) for x, y in zip(a, b, strict=True))
    assert not same_state(fresh, back)  # the given instance is left as it was


SPEC = textwrap.dedent("""
    import torch
    import torch.nn as nn
    import torch.nn.functional as F


    class Net(nn.Module):
        def __init__(self, width=8):
            super().__init__()
            self.fc = nn.Linear(4, width)
            self.drop = nn.Dropout(0.1)
            self.p = 0.2

        def forward(self, x):
            if x.sum() > -1e9:  # fx cannot trace: the rate is reached as an attribute
                x = F.dropout(self.fc(x), self.p, self.training)
            return self.drop(x)


    def example_inputs():
        return torch.randn(2, 4)
""")


@pytest.fixture()
def spec(tmp_path):
    path = tmp_path / "net.py"
    path.write_text(SPEC)
    return f"{path}:Net"


def test_load_rebuilds_from_the_spec(spec, tmp_path):
    from dropsurgeon.load import load_models

    model = load_models(spec, {"width": 6}, device="cpu")[0].model
    plan = Plan().set_rate("dropout", 0.4)
    new = plan.apply(model, (torch.randn(2, 4),)).model
    dropsurgeon.save(new, plan, tmp_path / "s", spec=spec, kwargs={"width": 6})
    manifest = json.loads((tmp_path / "s" / "dropsurgeon.json").read_text())
    assert manifest["spec"] == spec and manifest["rates"] == {"drop": 0.4, "p": 0.4}
    back = dropsurgeon.load(tmp_path / "s", trust_spec=True)
    assert back.fc.out_features == 6 and back.p == 0.4 and back.drop.p == 0.4
    assert same_state(new, back)


def test_a_plan_that_no_longer_fits_says_which_step(tmp_path):
    llama, _, _ = build("llama")
    plan = Plan().set_rate("dropout", 0.2).set_rate("model.layers.*.self_attn", 0.3)
    dropsurgeon.save(plan.apply(llama, verify=False).model, plan, tmp_path / "s")
    bert, _, _ = build("bert")
    with pytest.raises(SaveError, match=r"plan step 2 \(set_rate model.layers.\*.self_attn "
                                        r"p=0.3\): selector 'model.layers.\*.self_attn' "
                                        r"matches nothing"):
        dropsurgeon.load(tmp_path / "s", model=bert)


def test_a_directory_that_is_not_a_save_is_refused_and_untouched(tmp_path):
    model, _, _ = build("gpt2")
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("keep me")
    with pytest.raises(SaveError, match="not a dropsurgeon save; not overwriting"):
        dropsurgeon.save(model, Plan(), target)
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]  # no temp dir left
    (tmp_path / "file").write_text("x")
    with pytest.raises(SaveError, match="is a file"):
        dropsurgeon.save(model, Plan(), tmp_path / "file")
    with pytest.raises(SaveError, match="is not a dropsurgeon save"):
        dropsurgeon.load(target)
    # an existing save is replaced whole
    dropsurgeon.save(model, Plan().remove(), tmp_path / "s")
    dropsurgeon.save(model, Plan().set_rate("dropout", 0.2), tmp_path / "s")
    assert json.loads((tmp_path / "s" / "plan.json").read_text())["operations"][0]["op"] == \
        "set_rate"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "mine", "s"]


def test_corrupted_weights_load_nothing(tmp_path):
    model, args, _ = build("gpt2")
    dropsurgeon.save(model, Plan(), tmp_path / "s")
    weights = tmp_path / "s" / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[-5] ^= 0xFF
    weights.write_bytes(bytes(data))
    target, _, _ = build("gpt2")
    before = {k: v.clone() for k, v in target.state_dict().items()}
    with pytest.raises(SaveError, match="corrupted: its SHA-256 differs"):
        dropsurgeon.load(tmp_path / "s", model=target)
    weights.write_bytes(bytes(data[: len(data) // 2]))  # truncated, checksum not kept
    manifest = tmp_path / "s" / "dropsurgeon.json"
    meta = json.loads(manifest.read_text())
    meta.pop("sha256")
    manifest.write_text(json.dumps(meta))
    with pytest.raises(SaveError, match="not a valid safetensors file"):
        dropsurgeon.load(tmp_path / "s", model=target)
    assert all(torch.equal(before[k], v) for k, v in target.state_dict().items())


def test_weights_of_another_shape_are_refused_before_loading(tmp_path):
    T = pytest.importorskip("transformers")
    small = T.BertModel(T.BertConfig(vocab_size=64, hidden_size=32, intermediate_size=64,
                                     num_hidden_layers=1, num_attention_heads=2))
    wide = T.BertModel(T.BertConfig(vocab_size=64, hidden_size=16, intermediate_size=64,
                                    num_hidden_layers=1, num_attention_heads=2))
    dropsurgeon.save(small, Plan().set_rate("dropout", 0.2), tmp_path / "s")
    with pytest.raises(SaveError, match="nothing loaded"):
        dropsurgeon.load(tmp_path / "s", model=wide)


def test_the_load_name_is_the_function_and_the_spec_loader_module_both():
    code = textwrap.dedent("""
        import dropsurgeon
        import dropsurgeon.load
        from dropsurgeon.load import load_models, parse_spec
        import dropsurgeon.linter.api
        print(callable(dropsurgeon.load), callable(dropsurgeon.save),
              callable(dropsurgeon.load.load_models), callable(dropsurgeon.rate_handles))
        try:
            dropsurgeon.load("/nonexistent/dir")
        except dropsurgeon.errors.DropsurgeonError as exc:
            print(type(exc).__name__)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["True", "True", "True", "True", "SaveError"]
    fresh = subprocess.run([sys.executable, "-c", "import dropsurgeon, sys; "
                            "print(dropsurgeon.load.__name__, 'torch' in sys.modules)"],
                           capture_output=True, text=True, check=True).stdout.split()
    assert fresh == ["load", "False"]  # resolving the function imports nothing heavy
    lazy = subprocess.run([sys.executable, "-c", "import dropsurgeon, sys; "
                           "print('torch' in sys.modules)"],
                          capture_output=True, text=True, check=True).stdout.split()
    assert lazy == ["False"]


def test_learned_and_wrapped_dropout_round_trip(tmp_path):
    import torch.nn as nn

    from dropsurgeon.surgery.variants import ConcreteDropout

    model = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.1), nn.Linear(8, 2))
    x = torch.randn(3, 4)
    plan = Plan().replace("dropout", kind="concrete").insert("Linear", p=0.05,
                                                              kind="dropconnect")
    new = plan.apply(model, (x,)).model
    with torch.no_grad():
        new[1].p_logit.fill_(-1.5)  # as if trained
    dropsurgeon.save(new, plan, tmp_path / "s")
    back = dropsurgeon.load(tmp_path / "s", model=model)
    assert isinstance(back[1], ConcreteDropout) and same_state(new, back)
    assert back[1].p == new[1].p and back[0].p == 0.05
