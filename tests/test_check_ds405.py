"""DS405 in `check`: the model's checkpoint sites, confirmed by one training step run twice."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

torch = pytest.importorskip("torch")

from dropsurgeon.findings import Severity  # noqa: E402
from dropsurgeon.guard import checkpoint_confirm  # noqa: E402
from dropsurgeon.guard.check import check_model  # noqa: E402

FIX = Path(__file__).parent / "fixtures" / "ds405_check"
DIFF = re.compile(r"gradients differ by up to ([0-9.e+-]+) .*over (\d+) tensors \((\d+) differ\)")


def _check(cli, spec: str, *extra: str):
    return cli("check", str(FIX / spec), "--input-shape", "4,16", "--format", "json", *extra)


def _ds405(data: dict) -> list[dict]:
    return [f for f in data["findings"] if f["code"] == "DS405"]


@pytest.mark.parametrize(("spec", "path", "line", "runs"), [
    ("bad_torch.py:Model", "bad_torch.py", 26, 2),  # `checkpoint(...)`, imported name
    ("bad_torch.py:Dotted", "bad_torch.py", 38, 1),  # `torch.utils.checkpoint.checkpoint`
    ("bad_apply.py:Model", "bad_apply.py", 19, 1),  # `Recompute.apply(...)` in the same file
    ("bad_handwritten.py:Model", "ds405_ckpt_util.py", 29, 2),  # diffusion util, another file
])
def test_checkpoint_without_rng_state_is_confirmed_at_run_time(cli, spec, path, line, runs):
    result = _check(cli, spec)
    assert result.exit_code == 1, result.stdout + result.stderr
    data = result.json()
    (finding,) = _ds405(data)
    assert finding["severity"] == "warning" and finding["frontend"] == "runtime"
    assert finding["path"].endswith(path) and finding["line"] == line
    assert "confirmed at run time: gradients differ by up to" in finding["message"]
    # the trace: the block's dropout, the checkpoint call, ..., the measured difference
    steps = finding["trace"]
    assert "draws a dropout mask" in steps[0]["message"]
    assert "checkpoint" in steps[1]["message"]
    evidence = steps[-1]["message"]
    assert evidence.startswith("at run time: one training step of")
    assert f"it ran {runs} time" in evidence
    diff, tensors, differing = DIFF.search(evidence).groups()
    assert float(diff) > 0 and 0 < int(differing) <= int(tensors)
    assert data["models"][0]["status"] == "analysed"


def test_valid_twin_with_the_rng_state_kept_has_no_ds405(cli):
    result = _check(cli, "ok_preserved.py:Model")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert _ds405(result.json()) == []


@pytest.mark.parametrize(("spec", "reason"), [
    ("ok_flag_off.py:Model", "the checkpoint did not run in a training step"),
    ("ok_no_dropout.py:Model", "the training forward draws no random numbers"),
])
def test_valid_twins_flagged_by_lint_are_info_only(cli, spec, reason, tmp_path):
    """lint lists these as latent, at info (it cannot see the flag on or the rate above 0);
    running them shows no redrawn mask, so check accounts for lint's finding at info level
    and passes."""
    for name in (spec.split(":")[0], "ds405_ckpt_util.py"):  # a folder: lint joins its files
        (tmp_path / name).write_text((FIX / name).read_text())
    lint = cli("lint", tmp_path, "--no-import", "--select", "DS405", "--format", "json")
    found = lint.json()["findings"]
    assert lint.exit_code == 0 and found, lint.stdout
    assert all(f["severity"] == "info" and "(info: latent;" in f["message"] for f in found)
    result = _check(cli, spec)
    assert result.exit_code == 0, result.stdout + result.stderr
    (finding,) = _ds405(result.json())
    assert finding["severity"] == "info"
    assert "was not confirmed at run time" in finding["message"] and reason in finding["message"]
    assert reason in finding["trace"][-1]["message"]


def test_equal_gradients_refute_the_finding():
    """The checkpoint runs, but with every rate 0 in the block no mask is redrawn."""
    module = _import("bad_torch.py")
    model = module.Model()
    for block in model.blocks:
        block.drop.p = 0.0
    extra = torch.nn.Dropout(0.5)  # randomness elsewhere, so the step does run
    model.head = torch.nn.Sequential(extra, torch.nn.Linear(16, 4))
    result = check_model(model, (torch.randn(4, 16),))
    (finding,) = [f for f in result.findings if f.code == "DS405"]
    assert finding.severity == Severity.INFO
    assert "gives the same gradients" in finding.message
    assert finding.extra["runtime"]["ran"] == 2 and finding.extra["runtime"]["max_abs_diff"] == 0


def _import(name: str):
    sys.path.insert(0, str(FIX))
    try:
        spec = importlib.util.spec_from_file_location(f"ds405_fixture_{name[:-3]}", FIX / name)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(FIX))
    return module


@pytest.mark.parametrize("name", ["bad_torch.py", "bad_apply.py", "bad_handwritten.py"])
def test_check_restores_rng_modes_grads_buffers_and_patched_names(name):
    import torch.utils.checkpoint as tuc

    module = _import(name)
    torch.manual_seed(3)
    model = module.Model()
    # a train step updates BatchNorm statistics: check must put them back
    model.head = torch.nn.Sequential(torch.nn.BatchNorm1d(16), model.head)
    model.eval()
    first = next(model.children())
    first.train()  # a mixed mode, as a user may leave it
    modes = {m: m.training for m in model.modules()}
    params = list(model.parameters())
    params[0].requires_grad_(False)
    grads = {p: (None if i % 2 else torch.full_like(p, 7.0)) for i, p in enumerate(params)}
    for p, g in grads.items():
        p.grad = g
    buffers = [b.clone() for b in model.buffers()]
    names = dict(vars(module))
    util = sys.modules.get("ds405_ckpt_util")
    functions = {c: dict(vars(c)) for c in (getattr(module, "Recompute", None),
                                            getattr(util, "CheckpointFunction", None)) if c}
    torch_checkpoint = tuc.checkpoint
    x = torch.randn(4, 16)
    rng = torch.get_rng_state()

    result = check_model(model, (x,))

    assert [f.severity for f in result.findings if f.code == "DS405"] == [Severity.WARNING]
    assert torch.equal(torch.get_rng_state(), rng)
    assert {m: m.training for m in model.modules()} == modes
    assert not params[0].requires_grad and all(p.requires_grad for p in params[1:])
    for p, g in grads.items():
        assert p.grad is g
    assert all(torch.equal(a, b) for a, b in zip(buffers, model.buffers(), strict=True))
    assert dict(vars(module)) == names
    assert tuc.checkpoint is torch_checkpoint
    for cls, attrs in functions.items():
        assert dict(vars(cls)) == attrs


def test_select_ignore_and_noqa(cli, write, monkeypatch):
    assert _ds405(_check(cli, "bad_torch.py:Model", "--ignore", "DS405").json()) == []
    assert _ds405(_check(cli, "bad_torch.py:Model", "--select", "DS1").json()) == []
    only = _check(cli, "bad_torch.py:Model", "--select", "DS405")
    assert only.exit_code == 1 and {f["code"] for f in only.json()["findings"]} == {"DS405"}

    def fail(*args, **kwargs):
        raise AssertionError("the training steps ran although DS405 is not selected")

    monkeypatch.setattr(checkpoint_confirm, "confirm_sites", fail)
    model = _import("bad_torch.py").Model()
    assert not [f for f in check_model(model, (torch.randn(4, 16),), select=["DS1"]).findings
                if f.code == "DS405"]
    # a noqa comment for DS405 on the checkpoint call: kept as suppressed, nothing run, passes
    noqa = "# no" + "qa: DS405"  # split: ruff reads directives even inside strings
    src = (FIX / "bad_torch.py").read_text().replace(
        "preserve_rng_state=False)\n        return self.head",
        f"preserve_rng_state=False)  {noqa}\n        return self.head")
    path = write("noqa_ckpt.py", src)
    result = cli("check", f"{path}:Model", "--input-shape", "4,16", "--format", "json")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert _ds405(result.json()) == [] and result.json()["summary"]["suppressed"] == 1
    shown = cli("check", f"{path}:Model", "--input-shape", "4,16", "--show-suppressed")
    text = " ".join(shown.stdout.split())  # the console wraps long lines
    assert "DS405" in text and "marked `# noqa`, so not run" in text


def test_no_checkpoint_site_runs_no_step(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("no DS405 site: the training steps must not run")

    monkeypatch.setattr(checkpoint_confirm, "confirm_sites", fail)
    model = _import("ok_preserved.py").Model()
    assert check_model(model, (torch.randn(4, 16),)).ok
    # a site, but no randomness in the training forward: nothing to run either
    result = check_model(_import("ok_no_dropout.py").Model(), (torch.randn(4, 16),))
    assert [f.severity for f in result.findings if f.code == "DS405"] == [Severity.INFO]


BROKEN = """\
import torch
import torch.nn as nn


class Recompute(torch.autograd.Function):
    @staticmethod
    def forward(ctx, run_function, x):
        ctx.run_function = run_function
        ctx.save_for_backward(x)
        with torch.no_grad():
            return run_function(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        with torch.enable_grad():
            out = ctx.run_function(x.detach().requires_grad_(True))
        raise ValueError("backward of the user's checkpoint is broken")


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(16, 16)
        self.drop = nn.Dropout(0.3)

    def forward(self, x):
        return Recompute.apply(self._inner, x)

    def _inner(self, x):
        return self.drop(self.fc(x))
"""


def test_the_models_error_in_the_training_step(cli, write):
    path = write("broken_ckpt.py", BROKEN)
    result = cli("check", f"{path}:Block", "--input-shape", "4,16")
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "training step (forward and backward, run to confirm DS405) raised ValueError" in (
        result.stderr)
    spec = importlib.util.spec_from_file_location("ds405_broken_ckpt", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    with pytest.raises(ValueError, match="is broken") as info:
        check_model(module.Block(), (torch.randn(4, 16),))
    assert "training step" in info.value.__notes__[-1]


def test_the_module_does_not_import_torch():
    code = textwrap.dedent("""
        import sys
        import dropsurgeon.guard.checkpoint_confirm
        print('torch' in sys.modules)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.strip() == "False"


@settings(max_examples=12, deadline=None)
@given(p=st.one_of(st.just(0.0), st.floats(0.2, 0.9)), keep=st.booleans(),
       seed=st.integers(0, 2**16))
def test_verdict_follows_the_rate_and_the_flag(p, keep, seed):
    """Warning exactly when the block drops (p > 0) and the RNG state is not kept; the
    caller's RNG state is never touched.  (p in [0.2, 0.9]: with 2 x 64 mask entries a
    redrawn mask equal to the first one is vanishingly unlikely.)"""
    module = _import("ok_preserved.py" if keep else "bad_torch.py")
    torch.manual_seed(seed)
    model = module.Model()
    for block in model.blocks:
        block.drop.p = p
    x = torch.randn(4, 16)
    rng = torch.get_rng_state()
    found = [f for f in check_model(model, (x,)).findings if f.code == "DS405"]
    assert torch.equal(torch.get_rng_state(), rng)
    if keep:
        assert found == []
    else:
        (finding,) = found
        assert finding.severity == (Severity.WARNING if p > 0 else Severity.INFO)
