"""Check a surgery result against the original model.

Three checks, all on by default:

1. **eval outputs**: with the same seed, the new model's eval-mode outputs equal the
   original's *bitwise*, unless a change is expected to alter them (``mc`` dropout stays on in
   eval; removing a dropout that was wrongly active in eval).  Needs example inputs; without
   them the check is skipped and the result says so.
2. **state_dict**: every original key is still there with an equal tensor, so an old
   checkpoint loads with ``strict=True`` (new keys, such as a concrete dropout's ``p_logit``,
   are listed; loading then only misses those).
3. **training**: a train-mode forward and backward run (on a copy: the returned model's
   BatchNorm statistics and gradients are untouched).  Needs example inputs.
4. **rates**: every rate an operation set is read back from where the model keeps it, and
   the runtime front-end re-observes a train forward to confirm the rate that actually runs
   (a LayerDrop draw, or a layer that random control flow skipped, is read back only).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import torch
import torch.nn as nn

from ..errors import DropsurgeonError
from .wrappers import logical_name


class VerificationError(DropsurgeonError):
    """The new model broke an invariant the operation promised to keep."""


@dataclass
class Verification:
    outputs: str = "skipped"
    state_dict: str = "skipped"
    train: str = "skipped"
    rates: str = "skipped: no rate changed"
    new_keys: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        out = [f"eval outputs: {self.outputs}", f"state_dict: {self.state_dict}",
               f"train step: {self.train}", f"rates: {self.rates}"]
        if self.new_keys:
            out.append("new keys: " + ", ".join(self.new_keys))
        return out

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__, ok=self.ok)


def flatten(out: Any) -> list[torch.Tensor]:
    """Every tensor in a model output (tensor, tuple/list, dict or ModelOutput), in order."""
    if isinstance(out, torch.Tensor):
        return [out]
    if isinstance(out, Mapping):
        return [t for v in out.values() for t in flatten(v)]
    if isinstance(out, (tuple, list)):
        return [t for v in out for t in flatten(v)]
    return []


def eval_outputs(model: nn.Module, inputs: Any) -> list[torch.Tensor]:
    """Seeded eval-mode forward, leaving the model's train/eval flags as they were."""
    flags = {m: m.training for m in model.modules()}
    try:
        model.eval()
        with torch.no_grad(), torch.random.fork_rng():
            torch.manual_seed(0)
            return [t.detach().clone() for t in flatten(inputs.call(model))]
    finally:
        for m, was in flags.items():
            m.training = was


def same(a: list[torch.Tensor], b: list[torch.Tensor]) -> str | None:
    """None when bitwise equal (NaNs at the same places count as equal), else why not."""
    if len(a) != len(b):
        return f"{len(a)} output tensors before, {len(b)} after"
    for i, (x, y) in enumerate(zip(a, b, strict=True)):
        if x.shape != y.shape or x.dtype != y.dtype:
            return f"output {i}: {tuple(x.shape)} {x.dtype} before, {tuple(y.shape)} {y.dtype}"
        if torch.equal(x, y):
            continue
        if x.is_floating_point() and torch.equal(x.isnan(), y.isnan()) and torch.equal(
            x.nan_to_num(0.0), y.nan_to_num(0.0)
        ):
            continue
        diff = (x.double() - y.double()).abs().max().item() if x.is_floating_point() else "?"
        return f"output {i} differs (max abs difference {diff})"
    return None


def verify(original: nn.Module, new: nn.Module, inputs: Any, *, reference: list | None,
           expect_same_eval: bool, why_eval_differs: str = "") -> Verification:
    """Run the three checks; problems are collected, not raised (see :func:`check`)."""
    v = Verification()
    _check_state(original, new, v)
    if not inputs.given:
        v.outputs = "skipped: no example inputs (pass example_inputs= or --input-shape)"
        v.train = "skipped: no example inputs"
        return v
    if _on_meta(new):
        v.outputs = v.train = "skipped: the model is on the meta device"
        return v
    if not expect_same_eval:
        v.outputs = f"not compared: {why_eval_differs}"
    else:
        try:
            after = eval_outputs(new, inputs)
        except Exception as exc:  # noqa: BLE001 - report, do not crash
            v.problems.append(f"eval forward of the new model failed: {_one_line(exc)}")
            v.outputs = "failed"
        else:
            why = same(reference or [], after)
            v.outputs = "bitwise equal" if why is None else f"DIFFER: {why}"
            if why is not None:
                v.problems.append(f"eval outputs changed: {why}")
    _check_train(new, inputs, v, original)
    return v


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"


def _on_meta(model: nn.Module) -> bool:
    return any(t.is_meta for t in model.state_dict().values())


def _check_state(original: nn.Module, new: nn.Module, v: Verification) -> None:
    old_sd, new_sd = original.state_dict(), new.state_dict()
    missing = [k for k in old_sd if k not in new_sd]
    changed = [k for k in old_sd if k in new_sd and not _same_tensor(old_sd[k], new_sd[k])]
    v.new_keys = [k for k in new_sd if k not in old_sd]
    if missing:
        v.problems.append(f"{len(missing)} original state_dict keys are gone: "
                          + ", ".join(missing[:5]))
    if changed:
        v.problems.append(f"{len(changed)} state_dict tensors changed: " + ", ".join(changed[:5]))
    if missing or changed:
        v.state_dict = "BROKEN"
        return
    # The real test: the old checkpoint loads (strict apart from the new keys).  Into the
    # new model itself: the tensors were just found equal, so loading changes no value.
    try:
        result = new.load_state_dict(old_sd, strict=not v.new_keys)
    except Exception as exc:  # noqa: BLE001
        v.problems.append(f"the original state_dict does not load: {_one_line(exc)}")
        v.state_dict = "BROKEN"
        return
    # load_state_dict names missing keys from inside wrappers (``fc.wrapped.p_logit``).
    missing_new = {logical_name(k) for k in result.missing_keys}
    extra = missing_new - set(v.new_keys) if v.new_keys else set()
    if result.unexpected_keys or extra:
        v.problems.append("the original state_dict does not load: unexpected "
                          f"{result.unexpected_keys}, missing {sorted(extra)}")
        v.state_dict = "BROKEN"
        return
    v.state_dict = (f"all {len(old_sd)} original keys kept with equal tensors; loads with "
                    + ("strict=True" if not v.new_keys else
                       f"strict=True apart from {len(v.new_keys)} new key(s)"))


def _same_tensor(a: Any, b: Any) -> bool:
    if not isinstance(a, torch.Tensor) or not isinstance(b, torch.Tensor):
        return a == b
    if a.shape != b.shape or a.dtype != b.dtype:
        return False
    if a.is_meta or b.is_meta:
        return a.is_meta and b.is_meta
    return bool(torch.equal(a, b)) or bool(
        a.is_floating_point() and torch.equal(a.nan_to_num(0.0), b.nan_to_num(0.0))
        and torch.equal(a.isnan(), b.isnan())
    )


def _check_train(new: nn.Module, inputs: Any, v: Verification,
                 original: nn.Module | None = None) -> None:
    try:
        result = _train_step(new, inputs)
    except Exception as exc:  # noqa: BLE001 - report, do not crash
        if original is not None:
            try:
                _train_step(original, inputs)
            except Exception as orig_exc:  # noqa: BLE001
                # Not surgery's doing: the inputs do not suit training (e.g. batch of 1
                # through BatchNorm).  Say so instead of blaming the new model.
                v.train = ("not run: the original model's train step fails on these inputs "
                           f"too ({_one_line(orig_exc)})")
                return
        v.problems.append(f"train-mode forward/backward failed: {_one_line(exc)}")
        v.train = "FAILED"
        return
    if result is None:
        v.train = "forward ran; no output needs a gradient, backward skipped"
        return
    got, total, dead = result
    dead = _dead_in_every_draw(new, inputs, dead) if dead else ""
    if dead and not (original is not None and _all_zero_step(original, inputs)):
        # Gradients that arrive but are all zero train nothing (e.g. a rate of 1).
        v.problems.append(f"train-mode step: {dead} (the original model's is not)")
        v.train = "FAILED"
        return
    v.train = f"forward and backward ran ({got}/{total} parameters got gradients)"


def _all_zero_step(model: nn.Module, inputs: Any) -> bool:
    try:
        result = _train_step(model, inputs)
    except Exception:  # noqa: BLE001 - the original's own failure is not the point here
        return False
    return result is not None and bool(result[2])


def _dead_in_every_draw(model: nn.Module, inputs: Any, first: str) -> str:
    """Confirm an all-zero train step over more seeds: at a high rate a small output can be
    dropped whole by chance, a rate of 1 (or a broken kind) drops it every time."""
    for seed in range(1, 5):
        result = _train_step(model, inputs, seed)
        if result is None or not result[2]:
            return ""
    return f"{first} in 5 seeded train steps"


def _train_step(model: nn.Module, inputs: Any, seed: int = 0) -> tuple[int, int, str] | None:
    """One seeded train forward+backward, then put back what a step changes: train/eval
    flags, buffers (BatchNorm statistics) and gradients.  Runs on the model itself: a deep
    copy of a large model costs more than the step."""
    flags = {m: m.training for m in model.modules()}
    buffers = [(b, b.detach().clone()) for b in model.buffers()]
    params = [p for p in model.parameters() if p.requires_grad]
    grads = [p.grad for p in params]
    try:
        model.train()
        with torch.random.fork_rng():
            torch.manual_seed(seed)
            outs = [t for t in flatten(inputs.call(model))
                    if t.is_floating_point() and t.requires_grad]
            if not outs:
                return None
            loss = sum(t.float().sum() for t in outs)
            for p in params:
                p.grad = None
            loss.backward()
            dead = ""
            # Under 32 output elements a high rate zeroes everything often enough by chance
            # (0.9 ** 32 ~ 3 %, ** 160 over five seeds ~ 5e-8): judged only above it.
            if sum(t.numel() for t in outs) < 32:
                pass
            elif all(not t.detach().any() for t in outs):
                dead = "every output is zero"
            elif params and all(p.grad is None or not p.grad.any() for p in params):
                dead = "every gradient is zero"
            return sum(p.grad is not None for p in params), len(params), dead
    finally:
        for m, was in flags.items():
            m.training = was
        with torch.no_grad():
            for b, saved in buffers:
                b.copy_(saved)
        for p, g in zip(params, grads, strict=True):
            p.grad = g


def check_rates(new: nn.Module, inputs: Any, expected: dict[str, float],
                v: Verification) -> None:
    """Read each set rate back, and confirm it in a train forward (runtime front-end)."""
    if not expected:
        return
    from .rates import discover, observe_rates
    from .view import ModelView

    index = discover(ModelView(new))
    read_back = 0
    for site, p in expected.items():
        handle = index.handles.get(site)
        if handle is None:
            continue  # a later operation took the site out (remove after set_rate)
        got = handle.get(new)
        if abs(got - p) > 1e-6:
            v.problems.append(f"rate of {site} is {got:.4g} after the change, not {p:.4g}")
        read_back += 1
    if not inputs.given or _on_meta(new):
        v.rates = (f"{read_back} rate(s) read back where the model keeps them; not run: "
                   + ("no example inputs" if not inputs.given else "the model is on meta"))
        return
    seen = observe_rates(new, inputs, index)
    if not seen and index.runtime != "train forward observed":
        v.rates = f"{read_back} rate(s) read back; runtime front-end {index.runtime}"
        return
    confirmed = 0
    for site, p in expected.items():
        if site in seen:
            if abs(seen[site] - p) > 1e-6:
                v.problems.append(f"a train forward runs {site} at p={seen[site]:.4g}, "
                                  f"not the {p:.4g} set")
            else:
                confirmed += 1
    v.rates = (f"{read_back} rate(s) read back; {confirmed} confirmed in a train forward "
               f"(runtime front-end), {read_back - confirmed} not observable there (did not "
               "run, or a LayerDrop draw)")


def check(v: Verification) -> None:
    if v.problems:
        raise VerificationError("verification failed: " + "; ".join(v.problems))
