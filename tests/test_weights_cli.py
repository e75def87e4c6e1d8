"""``--weights FILE`` (issue 18 items 4, 5): trained weights for the CLI, read without
running code, loaded strictly; a save directory where a spec goes."""

from __future__ import annotations

import json
import pickle
import textwrap

import pytest
import torch
from safetensors.torch import save_file
from typer.testing import CliRunner

import dropsurgeon
from dropsurgeon.cli import app
from dropsurgeon.weights import WeightsError, load_weights, read_state_dict

NET = textwrap.dedent("""
    import torch
    import torch.nn as nn


    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(4, 16)
            self.drop = nn.Dropout(0.3)
            self.out = nn.Linear(16, 3)

        def forward(self, x):
            return self.out(self.drop(torch.relu(self.fc(x))))
""")


@pytest.fixture()
def trained(tmp_path):
    """A model trained a few steps (its weights differ from any fresh init), its files."""
    (tmp_path / "model.py").write_text(NET)
    from dropsurgeon.load import load_models

    model = load_models(f"{tmp_path}/model.py:Net", device="cpu")[0].model
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(32, 4, generator=gen)
    y = (x[:, 0] > 0).long() + (x[:, 1] > 0).long()
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    for _ in range(30):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
    torch.save(model.state_dict(), tmp_path / "w.pt")
    save_file({k: v.contiguous() for k, v in model.state_dict().items()},
              str(tmp_path / "w.safetensors"))
    torch.save(x[:12], tmp_path / "x.pt")
    torch.save(y[:12], tmp_path / "y.pt")
    return tmp_path, model.eval()


@pytest.mark.parametrize("weights", ["w.pt", "w.safetensors"])
def test_mc_with_weights_matches_mc_predict_in_python(trained, weights):
    d, model = trained
    out = d / "r.json"
    res = CliRunner().invoke(app, [
        "mc", f"{d}/model.py:Net", "--inputs", str(d / "x.pt"), "--weights", str(d / weights),
        "--targets", str(d / "y.pt"), "--samples", "10", "--seed", "3", "-o", str(out),
        "--format", "json"])
    assert res.exit_code == 0, res.output
    assert "freshly initialised" not in res.output  # trained weights: no warning
    saved = json.loads(out.read_text())
    x = torch.load(d / "x.pt", weights_only=True)
    expected = dropsurgeon.mc_predict(model, x, samples=10, seed=3)
    assert torch.allclose(torch.tensor(saved["probs"]), expected.probs, atol=1e-6)


def test_mc_targets_on_fresh_weights_warns_once(trained):
    d, _ = trained
    res = CliRunner().invoke(app, [
        "mc", f"{d}/model.py:Net", "--inputs", str(d / "x.pt"), "--targets", str(d / "y.pt"),
        "--samples", "4", "--chunk", "3"])
    assert res.exit_code == 0, res.output
    assert res.output.count("freshly initialised weights") == 1


def test_mismatched_weights_name_the_missing_and_unexpected_keys(trained):
    d, model = trained
    state = model.state_dict()
    state["extra.weight"] = state.pop("out.weight")
    torch.save(state, d / "bad.pt")
    for cmd in (["check"], ["inspect"], ["fuse"], ["remove"],
                ["mc", "--inputs", str(d / "x.pt")]):
        res = CliRunner().invoke(app, [cmd[0], f"{d}/model.py:Net", *cmd[1:], "--weights",
                                       str(d / "bad.pt")])
        assert res.exit_code == 2, (cmd, res.output)
        line = res.output.strip().splitlines()[-1]
        assert "missing 1 key(s): out.weight" in line and "unexpected 1 key(s): extra.weight" \
            in line, (cmd, line)


def test_weights_are_read_without_running_code(trained, tmp_path):
    d, model = trained
    marker = tmp_path / "RAN"

    class Evil:
        def __reduce__(self):
            import os

            return (os.system, (f"touch {marker}",))

    (d / "evil.pt").write_bytes(pickle.dumps({"fc.weight": Evil()}))
    with pytest.raises(WeightsError, match="weights_only=True"):
        read_state_dict(d / "evil.pt")
    res = CliRunner().invoke(app, ["check", f"{d}/model.py:Net", "--weights",
                                   str(d / "evil.pt")])
    assert res.exit_code == 2 and "weights_only=True" in res.output
    assert not marker.exists()


def test_weights_file_errors_are_one_line(trained):
    d, model = trained
    (d / "empty.pt").write_bytes(b"")
    with pytest.raises(WeightsError, match=r"empty file \(0 bytes\)"):
        load_weights(model, d / "empty.pt")
    with pytest.raises(WeightsError, match="no such weights file"):
        load_weights(model, d / "nope.pt")
    torch.save({"a": 1}, d / "notstate.pt")
    with pytest.raises(WeightsError, match="expected a state dict"):
        load_weights(model, d / "notstate.pt")
    torch.save({"state_dict": model.state_dict(), "epoch": 3}, d / "ckpt.pt")
    load_weights(model, d / "ckpt.pt")  # a training checkpoint's nested state dict


def test_a_save_directory_goes_where_a_spec_goes(trained):
    d, model = trained
    dropsurgeon.save(model, None, d / "saved", spec=f"{d}/model.py:Net")
    res = CliRunner().invoke(app, ["mc", str(d / "saved"), "--inputs", str(d / "x.pt"),
                                   "--trust-spec", "--seed", "3", "--samples", "10",
                                   "--targets", str(d / "y.pt"), "-o", str(d / "r.json")])
    assert res.exit_code == 0, res.output
    assert "freshly initialised" not in res.output
    x = torch.load(d / "x.pt", weights_only=True)
    expected = dropsurgeon.mc_predict(model, x, samples=10, seed=3)
    got = torch.tensor(json.loads((d / "r.json").read_text())["probs"])
    assert torch.allclose(got, expected.probs, atol=1e-6)
    res = CliRunner().invoke(app, ["mc", str(d / "saved"), "--inputs", str(d / "x.pt"),
                                   "--trust-spec", "--weights", str(d / "w.pt")])
    assert res.exit_code == 2 and "its weights come with it" in res.output
