"""The issue's precision cases: each fixture marks the lines that must be reported with
``# expect: DSxxx``; every other line must stay quiet (valid, tricky cases)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dropsurgeon.linter.config import Config
from dropsurgeon.linter.static import lint_text

FIXTURES = Path(__file__).parent / "fixtures" / "source"
CASES = sorted(p.name for p in FIXTURES.glob("*.py"))
_EXPECT = re.compile(r"# expect: (?P<codes>[A-Z0-9, ]+)")


def expected(text: str) -> set[tuple[str, int]]:
    out = set()
    for number, line in enumerate(text.splitlines(), 1):
        m = _EXPECT.search(line)
        if m:
            out.update((c.strip(), number) for c in m.group("codes").split(",") if c.strip())
    return out


def reported(text: str, name: str) -> set[tuple[str, int]]:
    findings, _, error = lint_text(text, name, Config())
    assert error is None
    return {(f.code, f.line) for f in findings if not f.suppressed}


@pytest.mark.parametrize("name", CASES)
def test_fixture_findings_exactly_at_marked_lines(name):
    text = (FIXTURES / name).read_text()
    assert reported(text, name) == expected(text)


def test_fixtures_cover_every_static_rule_family():
    codes = set()
    for name in CASES:
        codes |= {c for c, _ in expected((FIXTURES / name).read_text())}
    assert {"DS101", "DS102", "DS104", "DS106", "DS107", "DS108", "DS109", "DS201", "DS202",
            "DS204", "DS401", "DS402", "DS403", "DS404"} <= codes


def test_helper_finding_names_the_call_site_not_the_helper():
    text = (FIXTURES / "helpers.py").read_text()
    findings, sites, _ = lint_text(text, "helpers.py", Config())
    by_line = {f.line: f for f in findings}
    assert "residual_dropout(...)" in by_line[26].message
    helper_sites = [s for s in sites if s.extra.get("helper")]
    assert {s.extra["helper"] for s in helper_sites} >= {"residual_dropout", "Helpers._attend",
                                                        "Helpers._drop"}


def test_site_flags_classified():
    text = (FIXTURES / "flags.py").read_text()
    _, sites, _ = lint_text(text, "flags.py", Config())
    flags = {s.line: s.flag for s in sites}
    assert flags[15] == "self.training and self.use_dropout"
    assert flags[16] == "opt-in"
    assert flags[18] == "self.encoder.training"
    assert flags[38] == "not self.eval_mode"
    by_line = {s.line: s for s in sites}
    assert by_line[38].active_eval is None  # follows train()/eval(): unknown, not a finding


def test_gated_sites_are_off_at_eval_and_on_in_train():
    text = (FIXTURES / "guards.py").read_text()
    _, sites, _ = lint_text(text, "guards.py", Config())
    gated = [s for s in sites if s.flag == "gated"]
    assert {s.line for s in gated} >= {14, 15, 17, 18, 23, 24, 32}
    assert all(s.active_eval is False and s.active_train is not False for s in gated)


def test_rnn_sites_carry_num_layers():
    text = (FIXTURES / "rates.py").read_text()
    _, sites, _ = lint_text(text, "rates.py", Config())
    rnn = {s.line: s.extra["num_layers"] for s in sites if s.kind == "rnn"}
    assert rnn == {11: 1, 12: 1, 13: 2, 14: None}


def _sites(name: str):
    text = (FIXTURES / name).read_text()
    _, sites, _ = lint_text(text, name, Config())
    return sites


def test_code_outside_models_is_marked_not_model_code():
    by_fn = {}
    for s in _sites("not_a_model.py"):
        by_fn.setdefault(s.extra["function"], set()).add(s.extra.get("model_code"))
    for fn in ("TestDropoutKernel.test_eval_is_identity", "GuidanceHook.new_forward",
               "bias_dropout_add_train", "standalone_noise"):
        assert by_fn[fn] == {False}, fn
    assert by_fn["_drop_branch"] == {True}  # reached from ScaledResidual.forward
    assert by_fn["Block.forward"] == {True}


def test_random_draws_say_why_they_are_no_mask():
    reasons = {s.line: s.extra.get("not_a_mask") for s in _sites("random_draws.py")
               if s.kind == "random"}
    assert reasons[16] == "deterministic at eval"
    assert reasons[28].startswith("sampling")
    assert reasons[44] == "never reaches what the function returns"
    assert reasons[58].startswith("corrupts the targets")
    assert reasons[70] is None and reasons[81] is None


def test_stated_intent_is_named_in_the_opt_in():
    intent = {s.line: s.extra.get("intent") for s in _sites("intent.py") if s.flag == "opt-in"}
    assert intent[10] == intent[19] == "an MC-dropout layer"
    assert intent[35] == "the class docstring says so"
    assert intent[48] == intent[49] == "a comment says so"
    assert intent[50] == "a flag named for it"
    findings, _, _ = lint_text((FIXTURES / "intent.py").read_text(), "intent.py", Config())
    assert all(f.severity != "error" for f in findings if f.code == "DS108")


def test_inverted_guard_and_zero_rate_branch():
    sites = {s.line: s for s in _sites("guards_followed.py")}
    assert sites[64].extra.get("zero_by_guard") is True
    # `if self.flash:` (set only when the rate is 0) and `if self.p == 0:` cannot drop
    assert not any(s.kind == "attention" and s.line in (50, 66) for s in sites.values())


def test_fix_texts_use_the_codes_names():
    text = (FIXTURES / "positions.py").read_text()
    findings, _, _ = lint_text(text, "positions.py", Config())
    by_line = {f.line: f.message for f in findings}
    assert "`dropout_p=self.dropout if self.training else 0.0`" in by_line[54]
    assert "`(1 - self.drop.p)`" in by_line[19]
    scripts = (FIXTURES / "scripts_eval.py").read_text()
    findings, _, _ = lint_text(scripts, "scripts_eval.py", Config())
    assert all("get_model" not in f.message for f in findings)


def _codes(src: str) -> list[tuple[str, int]]:
    findings, _, error = lint_text(src, "model.py", Config())
    assert error is None
    return [(f.code, f.line) for f in findings if f.severity.name in ("WARNING", "ERROR")]


@pytest.mark.parametrize("applied", ["geometry", "mask"])
def test_a_random_flip_sign_picks_a_geometry_not_a_mask(applied):
    # the draw becomes a sign in an affine matrix that moves the image (an augmentation):
    # no dropout mask; the same draw multiplied into the activations is one
    use = ("theta[:, 0, 0] = sign\n"
           "        grid = F.affine_grid(theta, x.size(), align_corners=False)\n"
           "        return F.grid_sample(x, grid, align_corners=False)"
           if applied == "geometry" else "return x * sign.view(-1, 1, 1, 1)")
    src = (
        "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n\n"
        "class RandomFlip(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.register_buffer('base', torch.eye(2, 3))\n\n"
        "    def forward(self, x):\n"
        "        theta = self.base.repeat(x.size(0), 1, 1)\n"
        "        sign = torch.bernoulli(torch.full((x.size(0),), 0.5)) * 2 - 1\n"
        f"        {use}\n"
    )
    assert [c for c, _ in _codes(src)] == ([] if applied == "geometry" else ["DS106"])


@pytest.mark.parametrize("rate", ["0.3", "0.0"])
def test_a_helpers_rate_is_what_the_forward_passes(rate):
    # `F.dropout(x, p=rate)` in a helper with no `training=`: the forward passes
    # `self.rate`, set from the constructor's default; 0 drops nothing
    src = (
        "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n\n"
        "def drop_values(x, rate):\n"
        "    return F.dropout(x, p=rate)\n\n\n"
        "class Scorer(nn.Module):\n"
        f"    def __init__(self, rate={rate}):\n"
        "        super().__init__()\n"
        "        self.fc = nn.Linear(12, 3)\n"
        "        self.rate = rate\n\n"
        "    def forward(self, x):\n"
        "        return self.fc(drop_values(x, self.rate))\n"
    )
    assert _codes(src) == ([("DS101", 7)] if rate == "0.3" else [])


@pytest.mark.parametrize("after", ["rebound", "in_place"])
def test_a_parameter_rebound_to_a_draw_carries_nothing_to_the_caller(after):
    # `sign = torch.bernoulli(...)` rebinds the parameter `sign=None` (the caller's object
    # is untouched); `x.mul_(mask)` changes the caller's tensor in place
    body = ("        if sign is None:\n"
            "            sign = torch.bernoulli(torch.full((x.size(0),), 0.5)) * 2 - 1\n"
            "        theta = self.base.repeat(x.size(0), 1, 1)\n"
            "        theta[:, 0, 0] = sign\n"
            "        return F.grid_sample(x, F.affine_grid(theta, x.size()))\n"
            if after == "rebound" else
            "        x.mul_(torch.bernoulli(torch.full_like(x, 0.5)) * 2)\n"
            "        return None\n")
    src = (
        "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n\n"
        "class Aug(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.register_buffer('base', torch.eye(2, 3))\n\n"
        "    def forward(self, x, sign=None):\n" + body
    )
    assert [c for c, _ in _codes(src)] == ([] if after == "rebound" else ["DS106"])


@pytest.mark.parametrize("call", ["gated", "negated", "ungated", "also_in_a_script"])
def test_a_childs_mask_that_its_holder_runs_only_in_training(call):
    # the masker's draw is judged by where the holder calls it: under `if self.training:`
    # (or the else of `if not self.training:`) it never runs at eval
    forward = {
        "gated": "        if self.training:\n            x, _ = self.masker(x)\n",
        "negated": "        if not self.training:\n            pass\n"
                   "        else:\n            x, _ = self.masker(x)\n",
        "ungated": "        x, _ = self.masker(x)\n",
        "also_in_a_script": "        if self.training:\n            x, _ = self.masker(x)\n",
    }[call]
    src = (
        "import torch\nfrom torch import nn\n\n\n"
        "class Masker(nn.Module):\n"
        "    def __init__(self, ratio):\n"
        "        super().__init__()\n"
        "        self.ratio = ratio\n\n"
        "    def forward(self, x):\n"
        "        keep = torch.bernoulli((1 - self.ratio) * torch.ones_like(x))\n"
        "        return x * keep, keep\n\n\n"
        "class Pretrainer(nn.Module):\n"
        "    def __init__(self, d):\n"
        "        super().__init__()\n"
        "        self.enc = nn.Linear(d, d)\n"
        "        self.masker = Masker(0.2)\n\n"
        "    def forward(self, x):\n" + forward + "        return self.enc(x)\n"
        + ("\n\nmasked = Masker(0.5)(torch.ones(4, 4))\n" if call == "also_in_a_script" else "")
    )
    codes = [c for c, _ in _codes(src)]
    assert codes == ([] if call in ("gated", "negated") else ["DS106"])


@pytest.mark.parametrize("gate", ["if self.training:", "if self.training == True:", "if True:"])
def test_a_draw_used_only_in_the_training_branch_is_no_eval_mask(gate):
    src = (
        "import torch\nfrom torch import nn\n\n\n"
        "class HalfPicker(nn.Module):\n"
        "    def __init__(self, dim=8):\n"
        "        super().__init__()\n"
        "        self.dim = dim\n"
        "        self.proj = nn.Linear(dim, 4)\n\n"
        "    def forward(self, x):\n"
        "        coin = torch.bernoulli(torch.tensor([0.5]))\n"
        f"        {gate}\n"
        "            x = x[:, :self.dim] if coin[0] == 0 else x[:, self.dim:]\n"
        "        else:\n"
        "            x = x[:, self.dim:]\n"
        "        return self.proj(x)\n"
    )
    assert [c for c, _ in _codes(src)] == ([] if "training" in gate else ["DS106"])


@pytest.mark.parametrize("built", ["SegNet(dropout_2d=0.0)", "SegNet(dropout_2d=0.3)"])
def test_a_rate_every_construction_sets_to_zero_is_configured_off(built):
    src = (
        "import torch.nn as nn\nimport torch.nn.functional as F\n\n\n"
        "class SegNet(nn.Module):\n"
        "    def __init__(self, dropout_2d=0.2):\n"
        "        super().__init__()\n"
        "        self.dropout_2d = dropout_2d\n"
        "        self.body = nn.Conv2d(3, 16, 3, padding=1)\n\n"
        "    def forward(self, x):\n"
        "        return F.dropout2d(self.body(x), p=self.dropout_2d)\n\n\n"
        f"def build():\n    return {built}\n"
    )
    assert [c for c, _ in _codes(src)] == ([] if "0.0" in built else ["DS101"])


def test_functional_dropout_in_init_is_no_forward_dropout():
    src = (
        "import torch.nn as nn\nimport torch.nn.functional as F\n\n\n"
        "class Head(nn.Module):\n"
        "    def __init__(self, feats):\n"
        "        super().__init__()\n"
        "        self.last = F.dropout2d(nn.Linear(feats, 1), p=0.5)\n\n"
        "    def forward(self, x):\n"
        "        return F.dropout(self.last(x), p=0.5)\n"
    )
    assert _codes(src) == [("DS101", 11)]


# a hand-written checkpoint Function that re-runs its block in backward with no RNG state kept
OFFLOAD = '''
class Offload(torch.autograd.Function):
    @staticmethod
    def forward(ctx, fn, x):
        ctx.fn = fn
        ctx.save_for_backward(x)
        with torch.no_grad():
            return fn(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        x = x.detach().requires_grad_(True)
        with torch.enable_grad():
            y = ctx.fn(x)
        torch.autograd.backward(y, grad)
        return None, x.grad
'''

CHECKPOINTED_MIXER = '''
import torch
import torch.nn as nn

''' + OFFLOAD + '''

class Mixer(nn.Module):
    def __init__(self, dim, drop=0.0):
        super().__init__()
        self.proj = nn.Linear(dim, dim)
        self.drop = nn.Dropout(drop)

    def forward(self, x):
        return self.drop(self.proj(x))


class Stack(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.mix = Mixer(dim{rate})

    def forward(self, x):
        return Offload.apply(self.mix, x)
'''


@pytest.mark.parametrize("rate", ["", ", drop=0.1"])
def test_ds405_a_rate_every_construction_leaves_at_zero_draws_nothing(rate):
    # `nn.Dropout(drop)` whose `drop` no construction of the file sets: the recompute is
    # exact; a construction passing a rate makes it the DS405 it is
    codes = [c for c, _ in _codes(CHECKPOINTED_MIXER.replace("{rate}", rate))]
    assert ("DS405" in codes) is bool(rate)


GATED_CHECKPOINT = '''
import torch
import torch.nn as nn


def checkpoint(func, inputs, params, flag):
    if flag:
        return Offload.apply(func, *inputs)
    return func(*inputs)

''' + OFFLOAD + '''

class ResBlock(nn.Module):
    def __init__(self, dim, dropout={default_rate}, use_checkpoint={default_flag}):
        super().__init__()
        self.fc = nn.Linear(dim, dim)
        self.drop = nn.Dropout(dropout)
        self.use_checkpoint = use_checkpoint

    def forward(self, x):
        return checkpoint(self._forward, (x,), self.parameters(), self.use_checkpoint)

    def _forward(self, x):
        return x + self.drop(self.fc(x))


class UNet(nn.Module):
    def __init__(self, dim, dropout={default_rate}, use_checkpoint={default_flag}):
        super().__init__()
        self.blocks = nn.ModuleList([ResBlock(dim, {passed}) for _ in range(2)])
'''


@pytest.mark.parametrize(("rate", "flag", "passed", "severity"), [
    # both on at every construction the file shows: the recompute redraws masks
    ("0.1", "True", "dropout, use_checkpoint", "WARNING"),
    ("0.1", "True", "0.2, True", "WARNING"),
    # the flag, or the rate, set from outside the file (a config): latent, info
    ("0.1", "True", "dropout, args.use_checkpoint", "INFO"),
    ("0.1", "True", "cfg.dropout, use_checkpoint", "INFO"),
    # the diffusion code's defaults: a flag every construction leaves off runs no recompute
    # (nothing to report); a rate left at 0 draws nothing (latent at most: info)
    ("0.0", "False", "dropout, use_checkpoint", None),
    ("0.1", "False", "dropout, use_checkpoint", None),
    ("0.0", "True", "dropout, use_checkpoint", "INFO"),
])
def test_ds405_a_recompute_behind_a_flag_is_latent_unless_the_file_turns_it_on(
        rate, flag, passed, severity):
    src = GATED_CHECKPOINT.format(default_rate=rate, default_flag=flag, passed=passed)
    findings, _, error = lint_text(src, "model.py", Config())
    assert error is None
    found = [f for f in findings if f.code == "DS405"]
    if severity is None:
        assert found == []
        return
    (f,) = found
    assert f.severity.name == severity
    assert ("(info: latent;" in f.message) is (severity == "INFO")


@pytest.mark.parametrize("prob, reported", [("torch.tensor(self.beta)", False),
                                            ("torch.full_like(h, 1 - self.beta)", True)])
def test_ds106_one_coin_for_the_step_is_no_mask(prob, reported):
    # a loss balancer's coin (`bernoulli(torch.tensor(beta))`) picks a history; a draw with
    # the activations' shape is a mask
    src = f'''
import torch
from torch import nn


class Balancer(nn.Module):
    def __init__(self, d, beta=0.9):
        super().__init__()
        self.fc = nn.Linear(d, d)
        self.beta = beta

    def forward(self, x):
        h = self.fc(x)
        coin = torch.bernoulli({prob})
        return h * coin
'''
    assert ("DS106" in [c for c, _ in _codes(src)]) is reported


@pytest.mark.parametrize(("switch", "expected"), [
    # set once from the constructor: a configuration, the same in train and eval
    ("", [("DS101", 14)]),
    # flipped by another method: that code decides when it drops
    ("\n    def predict_mode(self):\n        self.use_dropout = False\n", []),
])
def test_functional_dropout_under_the_modules_own_switch(switch, expected):
    src = (
        "import torch.nn as nn\n"
        "import torch.nn.functional as F\n"
        "\n"
        "\n"
        "class Net(nn.Module):\n"
        "    def __init__(self, use_dropout=True):\n"
        "        super().__init__()\n"
        "        self.fc = nn.Linear(8, 8)\n"
        "        self.use_dropout = use_dropout\n"
        "\n"
        "    def forward(self, x):\n"
        "        x = self.fc(x)\n"
        "        if self.use_dropout:\n"
        "            x = F.dropout(x, 0.5)\n"
        "        return x\n"
        + switch
    )
    assert [(c, n) for c, n in _codes(src) if c == "DS101"] == expected


def test_functional_dropout_under_a_switch_set_in_another_file():
    # `self.use_dropout` is set by a base class of another file (and flipped by the agents
    # there): its value at eval is out of sight
    src = (
        "import torch.nn.functional as F\n"
        "from .base import BaseModel\n"
        "\n"
        "\n"
        "class Net(BaseModel):\n"
        "    def forward(self, x):\n"
        "        for layer in self.layers:\n"
        "            x = layer(x)\n"
        "            if self.dropout_p is not None and self.use_dropout is True:\n"
        "                x = F.dropout(x, self.dropout_p)\n"
        "        return x\n"
    )
    assert [c for c, _ in _codes(src) if c == "DS101"] == []


@pytest.mark.parametrize(("write", "reported"), [
    # a per-call mask drawn in the call and kept on self: a tensor, no rate or mode
    ("self.drop_ids = (torch.rand(x.shape[0]) < self.p).unsqueeze(1)", False),
    ("self.drop_ids = torch.bernoulli(torch.full_like(x, self.p))", False),
    # a rate changed inside forward stays changed for later calls
    ("self.drop_rate = min(self.drop_rate * 1.1, 0.5)", True),
    ("self.dropout_p = 0.0 if x.shape[0] == 1 else self.dropout_p", True),
    # a warm-up ramp over calls (grown by a step, or from a counter this forward advances):
    # a schedule toward the set rate, never a switch an eval pass leaves off
    ("self.drop_rate += 0.01", False),
    ("self.drop_rate = self.p * self.calls / 100\n        self.calls += 1", False),
    ("self.drop_rate = self.p * self.calls / 100\n        self.calls = self.calls + 1", False),
    ("self.drop_rate = self.p * self.calls / 100", True),
])
def test_ds404_a_tensor_kept_on_self_is_no_dropout_state(write, reported):
    src = f"""
import torch
import torch.nn as nn


class Labels(nn.Module):
    def __init__(self, p=0.1, drop_rate=0.1, dropout_p=0.1):
        super().__init__()
        self.p = p
        self.drop_rate = drop_rate
        self.dropout_p = dropout_p
        self.calls = 0
        self.fc = nn.Linear(4, 4)

    def forward(self, x):
        {write}
        return self.fc(x)
"""
    assert ("DS404" in [c for c, _ in _codes(src)]) is reported


@pytest.mark.parametrize(("helper", "call", "expected"), [
    # the class's own method, which reads `self.training` itself: no library default
    ("    def drop_path(self, x, p):\n"
     "        if not self.training or p == 0.0:\n"
     "            return x\n"
     "        keep = torch.rand(x.shape[0], 1) >= p\n"
     "        return x * keep / (1 - p)\n", "self.drop_path(x, self.rate)", []),
    # timm's function copied into the file, called without `training=`: never drops
    ("", "drop_path(x, self.rate)", ["DS107"]),
])
def test_a_classs_own_drop_path_method_is_not_timms_function(helper, call, expected):
    src = (
        "import torch\n"
        "import torch.nn as nn\n"
        "\n"
        "\n"
        "def drop_path(x, drop_prob: float = 0.0, training: bool = False):\n"
        "    if drop_prob == 0.0 or not training:\n"
        "        return x\n"
        "    keep = torch.rand(x.shape[0], 1) >= drop_prob\n"
        "    return x * keep / (1 - drop_prob)\n"
        "\n"
        "\n"
        "class Block(nn.Module):\n"
        "    def __init__(self, rate=0.1):\n"
        "        super().__init__()\n"
        "        self.fc = nn.Linear(4, 4)\n"
        "        self.rate = rate\n"
        "\n"
        + helper + "\n"
        "    def forward(self, x):\n"
        f"        return x + {call}\n"
    )
    assert [c for c, _ in _codes(src) if c == "DS107"] == expected


@pytest.mark.parametrize(("methods", "expected"), [
    # the dropout draws a target view inside the training loss: it never runs to predict
    ("    def calculate_loss(self, x):\n"
     "        with torch.no_grad():\n"
     "            target = F.dropout(self.emb(x), self.p)\n"
     "        return (self.emb(x) - target).pow(2).mean()\n", []),
    # a forward only the loss method runs, the class predicting by a method of its own
    ("    def forward(self, x):\n"
     "        return F.dropout(self.emb(x), self.p)\n\n"
     "    def calculate_loss(self, x):\n"
     "        return self.forward(x).pow(2).mean()\n\n"
     "    def full_sort_predict(self, x):\n"
     "        return self.emb(x) @ self.emb.weight.t()\n", []),
    # a forward the loss method runs, and nothing else to predict with: `model(x)` may run it
    ("    def forward(self, x):\n"
     "        return F.dropout(self.emb(x), self.p)\n\n"
     "    def calculate_loss(self, x):\n"
     "        return self.forward(x).pow(2).mean()\n", ["DS101"]),
    # a prediction method that runs the dropout
    ("    def predict(self, x):\n"
     "        return F.dropout(self.emb(x), self.p)\n", ["DS101"]),
])
def test_functional_dropout_in_the_training_loss_only(methods, expected):
    src = (
        "import torch\n"
        "import torch.nn as nn\n"
        "import torch.nn.functional as F\n"
        "\n"
        "\n"
        "class Rec(nn.Module):\n"
        "    def __init__(self, p=0.2):\n"
        "        super().__init__()\n"
        "        self.emb = nn.Embedding(10, 4)\n"
        "        self.p = p\n"
        "\n"
        + methods
    )
    assert [c for c, _ in _codes(src) if c == "DS101"] == expected


@pytest.mark.parametrize(("forward", "helper", "expected"), [
    # layers built on the first call (`if self.fc is None:`), registered on the module
    ("        if self.fc is None:\n"
     "            self.fc = nn.Linear(x.shape[-1], x.shape[-1])\n"
     "            self.drop = nn.Dropout(self.p)\n", "", []),
    ("        if self.fc is None:\n"
     "            self.build(x.shape[-1])\n",
     "    def build(self, c):\n"
     "        self.fc = nn.Linear(c, c)\n"
     "        self.drop = nn.Dropout(self.p)\n\n", []),
    # built again on every pass
    ("        self.fc = nn.Linear(x.shape[-1], x.shape[-1])\n"
     "        self.drop = nn.Dropout(self.p)\n", "", ["DS103", "DS404"]),
    ("        self.build(x.shape[-1])\n",
     "    def build(self, c):\n"
     "        self.fc = nn.Linear(c, c)\n"
     "        self.drop = nn.Dropout(self.p)\n\n", ["DS103", "DS404"]),
])
def test_layers_built_lazily_on_the_first_call(forward, helper, expected):
    src = (
        "import torch.nn as nn\n"
        "\n"
        "\n"
        "class Block(nn.Module):\n"
        "    def __init__(self, p=0.1):\n"
        "        super().__init__()\n"
        "        self.p = p\n"
        "        self.fc = None\n"
        "        self.drop = None\n"
        "\n"
        + helper
        + "    def forward(self, x):\n"
        + forward
        + "        return self.drop(self.fc(x))\n"
    )
    assert sorted({c for c, _ in _codes(src) if c in ("DS103", "DS404")}) == expected


@pytest.mark.parametrize(("rate", "expected"), [
    # the rate comes with each call's inputs (0 for the prediction batches): the caller's
    ("feed_dict['dropout']", []),
    ("feed_dict.dropout", []),
    # the module's own rate, or a literal: rebuilt in train mode on every pass, also at eval
    ("self.p", ["DS103"]),
    ("0.3", ["DS103"]),
])
def test_a_dropout_built_in_forward_at_the_callers_rate(rate, expected):
    src = (
        "import torch.nn as nn\n"
        "\n"
        "\n"
        "class Rec(nn.Module):\n"
        "    def __init__(self, p=0.2):\n"
        "        super().__init__()\n"
        "        self.fc = nn.Linear(4, 4)\n"
        "        self.p = p\n"
        "\n"
        "    def forward(self, feed_dict):\n"
        "        x = self.fc(feed_dict['x'])\n"
        f"        return nn.Dropout(p={rate})(x)\n"
    )
    assert [c for c, _ in _codes(src) if c == "DS103"] == expected
