"""``mc_predict``: T stochastic forwards with only the selected dropout on, folded into the batch.

For each batch of inputs:

1. a *probe* forward in eval mode (dropout off) records every dropout-family call, the module
   stack around it and the plain output; a model with no site, or a ``where`` that selects
   none, is an error here.  A selected call whose rate is zero at eval (``dropout_p=0.0 if
   not self.training``) gets the rate the same call uses in one train-mode forward (whose
   buffer updates are undone at once);
2. a *plan*: the samples fold into the batch (sample-major: row ``t*N + n``), and the input
   is replicated as late as possible -- at the innermost module around the first selected
   call for which a folded forward with dropout off still equals the plain output, so
   everything upstream runs once (see :mod:`.trunk`).  A model whose folded output differs
   (it mixes rows of a batch) falls back to a loop of T forwards, and says so;
3. the sampling forwards, ``chunk`` rows at a time, accumulating mean and variance (and the
   classification statistics) without keeping the samples unless asked.

The model is put in eval mode for the call and everything is restored afterwards: per-module
modes, buffers, and the global RNG (forked), also when a forward raises.
"""

from __future__ import annotations

import contextlib
import os
import warnings
import weakref
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import torch
from torch import nn

from ..errors import DropsurgeonError
from ..inputs import model_device, to_device
from . import activate
from .activate import OFF, ON, PROBE, Activator, Call
from .result import MCResult, Spec, flatten
from .stats import Accumulator, BatchStats

TASKS = ("auto", "classification", "regression")


class MCWarning(UserWarning):
    """MC sampling had to take a slower path (a loop instead of folded samples)."""


def mc_predict(model: nn.Module, *inputs: Any, samples: int = 30, where: Any = "dropout",
               seed: int | None = None, chunk: int | None = None, keep_samples: bool = False,
               consistent: bool = False, task: str = "auto", progress: bool | None = None,
               **forward_kwargs: Any) -> MCResult:
    """Monte Carlo dropout predictions of ``model`` on ``inputs``: an :class:`MCResult`.

    ``samples`` stochastic forwards run with only the dropout sites ``where`` selects (the
    surgery selector grammar; ``"dropout"``: all of them) switched on, BatchNorm and every
    other layer in eval mode.  ``inputs`` are the forward's positional inputs (tensors of
    any rank, batch first) and ``forward_kwargs`` its keyword inputs; or a single
    ``DataLoader`` / iterable of batches (a tensor, a tuple whose first item is the input
    and second the target, or a dict of keyword inputs), whose results are concatenated.
    A single dict is keyword inputs too (``mc_predict(model, batch)`` is
    ``mc_predict(model, **batch)``), as in the CLI's ``--inputs`` and a DataLoader's batches.
    ``seed`` makes the result reproducible, ``chunk`` bounds the rows of one forward,
    ``keep_samples`` keeps every sample (``MCResult.samples``), ``consistent`` gives every
    input the same masks within a sample.  ``task``: ``"classification"`` (logits),
    ``"regression"`` or ``"auto"`` (logits when the output has a class axis of size >= 2).
    """
    _check(model, samples, chunk, task)
    seed = _fresh_seed() if seed is None else int(seed)
    if len(inputs) == 1 and isinstance(inputs[0], Mapping) and not forward_kwargs:
        inputs, forward_kwargs = (), dict(inputs[0])  # a tokenizer's BatchEncoding, a batch
    sampler = Sampler(model, where=where, samples=samples, seed=seed, chunk=chunk,
                      keep_samples=keep_samples, consistent=consistent, task=task)
    if len(inputs) == 1 and not forward_kwargs and is_batches(inputs[0]):
        from .distributed import run_batches

        return run_batches(sampler, inputs[0], progress)
    stats = sampler.batch(tuple(inputs), dict(forward_kwargs), index=0)
    return sampler.result([stats])


def _check(model: Any, samples: Any, chunk: Any, task: str) -> None:
    if not isinstance(model, nn.Module):
        raise DropsurgeonError(f"mc_predict needs an nn.Module, not {type(model).__name__}")
    if isinstance(samples, bool) or not isinstance(samples, int) or samples < 2:
        raise DropsurgeonError(f"samples must be an integer >= 2 (got {samples!r}): the "
                               "spread of fewer than two passes is undefined")
    if chunk is not None and (isinstance(chunk, bool) or not isinstance(chunk, int)
                              or chunk < 1):
        raise DropsurgeonError(f"chunk must be a positive number of rows (got {chunk!r})")
    if task not in TASKS:
        raise DropsurgeonError(f"task must be one of {', '.join(TASKS)} (got {task!r})")


def _fresh_seed() -> int:
    # Not drawn from torch's generator: the caller's RNG state is left as it was.
    return int.from_bytes(os.urandom(8), "little") >> 1


def is_batches(value: Any) -> bool:
    """A DataLoader or another iterable of batches (not a tensor or a container of inputs)."""
    if isinstance(value, (torch.Tensor, str, bytes, Mapping, list, tuple)):
        return False
    if isinstance(value, torch.utils.data.DataLoader):
        return True
    return isinstance(value, Iterable)


# --------------------------------------------------------------------------- inputs


def batch_rows(args: tuple, kwargs: dict) -> int:
    for value in (*args, *kwargs.values()):
        t = _first_tensor(value)
        if t is not None and t.dim() > 0:
            return int(t.shape[0])
    raise DropsurgeonError("mc_predict needs at least one input tensor with a batch dimension")


def _first_tensor(value: Any) -> torch.Tensor | None:
    if isinstance(value, torch.Tensor):
        return value
    if isinstance(value, Mapping):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        for v in value:
            t = _first_tensor(v)
            if t is not None:
                return t
    return None


def replicate(value: Any, rows: int, samples: int, perm: torch.Tensor | None = None) -> Any:
    """Tensors with ``rows`` leading rows repeated ``samples`` times, sample-major.

    With ``perm`` (the fold check), the second copy has its rows permuted: a forward that
    mixes rows of a batch then gives the second copy other values than the permuted plain
    output, even though the copies are equal as sets.
    """
    if isinstance(value, torch.Tensor):
        if value.dim() == 0 or value.shape[0] != rows or samples == 1:
            return value
        if perm is not None:
            return torch.cat([value, value[perm]])
        return value.repeat(samples, *([1] * (value.dim() - 1)))
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return type(value)(*(replicate(v, rows, samples, perm) for v in value))
    if isinstance(value, (list, tuple)):
        return type(value)(replicate(v, rows, samples, perm) for v in value)
    if isinstance(value, Mapping):
        return {k: replicate(v, rows, samples, perm) for k, v in value.items()}
    return value


def describe_inputs(args: tuple, kwargs: dict) -> str:
    def one(v: Any) -> str:
        if isinstance(v, torch.Tensor):
            return f"{str(v.dtype).replace('torch.', '')}{list(v.shape)}"
        if isinstance(v, (list, tuple)):
            return "(" + ", ".join(one(x) for x in v) + ")"
        if isinstance(v, Mapping):
            return "{" + ", ".join(f"{k}: {one(x)}" for k, x in v.items()) + "}"
        return type(v).__name__

    parts = [one(a) for a in args] + [f"{k}={one(v)}" for k, v in kwargs.items()]
    return ", ".join(parts)


def _signature(value: Any) -> Any:
    if isinstance(value, torch.Tensor):
        return ("t", tuple(value.shape), value.dtype)
    if isinstance(value, (list, tuple)):
        return tuple(_signature(v) for v in value)
    if isinstance(value, Mapping):
        return tuple((k, _signature(v)) for k, v in value.items())
    return type(value).__name__


# --------------------------------------------------------------------------- restoring


@contextlib.contextmanager
def restored(model: nn.Module) -> Iterator[None]:
    """Eval mode, no grad and a forked RNG inside; modes and buffers put back after."""
    modes = [(m, m.training) for m in model.modules()]
    buffers = [(b, b.detach().clone()) for b in model.buffers() if b.device.type != "meta"]
    dev = model_device(model)
    devices = []
    if dev.type == "cuda":
        devices = [dev.index if dev.index is not None else torch.cuda.current_device()]
    with torch.random.fork_rng(devices=devices), torch.no_grad():
        try:
            model.eval()
            yield
        finally:
            for m, mode in modes:
                m.training = mode
            for b, saved in buffers:
                if not torch.equal(b, saved):
                    b.copy_(saved)


def _seed_all(seed: int, device: torch.device) -> None:
    # Only the generators the forward uses (torch.manual_seed would also queue a seed for
    # every lazy accelerator, with a stack trace each time).
    torch.default_generator.manual_seed(seed)
    if device.type == "cuda":
        with torch.cuda.device(device):
            torch.cuda.manual_seed(seed)


# --------------------------------------------------------------------------- plans

# Per model: plans by input signature, so repeated calls skip the probe and the fold checks.
_PLANS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class Plan:
    """How one input signature is sampled: folded or looped, and where the trunk ends."""

    def __init__(self, folded: bool, split: str | None, shared_fraction: float,
                 rates: dict, reason: str, sites: list[str]) -> None:
        self.folded = folded
        self.split = split  # qualified name of the module whose input is replicated
        self.shared_fraction = shared_fraction
        self.rates = rates
        self.reason = reason
        self.sites = sites
        self.graph: Any = None  # a trunk.GraphSplit, when the fx graph split is used


class Sampler:
    """Samples batches of one model with fixed options; :meth:`result` assembles them."""

    def __init__(self, model: nn.Module, *, where: Any, samples: int, seed: int,
                 chunk: int | None, keep_samples: bool, consistent: bool, task: str) -> None:
        self.model = model
        self.where = where
        self.samples = samples
        self.seed = seed
        self.chunk = chunk
        self.keep_samples = keep_samples
        self.consistent = consistent
        self.task = task
        self.selection = activate.resolve(model, where)
        self.act = Activator(model, self.selection)
        self.device = model_device(model)
        self.modules = self.act.names  # module id -> qualified (logical) name
        self.spec: Spec | None = None
        self.plan: Plan | None = None
        self.notes: list[str] = []
        self.first_signature: Any = None

    # -- one batch ---------------------------------------------------------------------------
    def batch(self, args: tuple, kwargs: dict, index: int) -> BatchStats:
        args = to_device(tuple(args), self.device)
        kwargs = to_device(dict(kwargs), self.device)
        rows = batch_rows(args, kwargs)
        if self.consistent:
            self._check_consistent(args, kwargs)
        with restored(self.model), self.act.active():
            plan = self._plan(args, kwargs, rows)
            self.plan = plan
            if not self.consistent:
                _seed_all(_mix_batch(self.seed, index), self.device)
            if plan.folded:
                stats = self._folded(plan, args, kwargs, rows)
                if stats is not None:
                    return stats
            return self._looped(args, kwargs, rows)

    def _check_consistent(self, args: tuple, kwargs: dict) -> None:
        shapes = []
        for value in (*args, *kwargs.values()):
            t = _first_tensor(value)
            if t is not None and t.dim() > 0:
                shapes.append(tuple(t.shape))
        if len({s[0] for s in shapes}) > 1:
            raise DropsurgeonError(
                "consistent=True needs inputs with one batch size; got shapes "
                + ", ".join(str(list(s)) for s in shapes))
        sig = _signature((tuple(_drop_rows(a) for a in args),
                          {k: _drop_rows(v) for k, v in kwargs.items()}))
        if self.first_signature is None:
            self.first_signature = sig
        elif sig != self.first_signature:
            raise DropsurgeonError(
                "consistent=True needs every batch to have the same input shapes (but the "
                f"batch dimension): got {describe_inputs(args, kwargs)}")

    def _forward(self, args: tuple, kwargs: dict) -> Any:
        return self.model(*args, **kwargs)

    def _state(self, mode: str, samples: int, rows: int, first: int = 0,
               rates: dict | None = None) -> activate.State:
        st = activate.State(mode=mode, samples=samples, rows=rows, first=first,
                            seed=self.seed, consistent=self.consistent, rates=rates or {})
        self.act.state = st
        return st

    # -- planning ----------------------------------------------------------------------------
    def _plan(self, args: tuple, kwargs: dict, rows: int) -> Plan:
        # Hooks are in the key: the graph split would not run hooks added since.
        hooked = tuple(id(m) for m in self.act.by_id.values()
                       if m._forward_hooks or m._forward_pre_hooks)
        key = (repr(self.where), self.consistent, _signature((args, kwargs)),
               tuple(self.modules), hooked)
        cache = _PLANS.setdefault(self.model, {})
        plan = cache.get(key)
        if plan is None:
            plan = cache[key] = self._make_plan(args, kwargs, rows)
        if not plan.folded and plan.reason and plan.reason not in self.notes:
            self.notes.append(plan.reason)
        return plan

    def _make_plan(self, args: tuple, kwargs: dict, rows: int) -> Plan:
        st = self._state(PROBE, 1, rows)
        self.act.split = None
        self.act.entered = {}
        try:
            plain = self._forward(args, kwargs)
        except Exception as exc:
            # The model's own error, as itself: a caller's `except OutOfMemoryError` back-off
            # must see the same type on the first call as on any later one.
            exc.add_note("dropsurgeon.mc_predict: raised by the model's first forward, run "
                         f"once to plan the sampling, on {describe_inputs(args, kwargs)}")
            raise
        check_outputs(plain)
        calls, total = st.calls, max(1, st.torch_calls)
        selected = self._selected_calls(calls)
        rates: dict = {}
        if any(not c.p and c.kind in (activate.FUNCTIONAL, activate.ATTENTION, activate.MODULE)
               for c in selected):
            rates = self._train_rates(args, kwargs, rows)
        leaves, _ = flatten(plain)
        sites = sorted({c.module or "model" for c in selected})
        reason = ""
        for split in self._candidates(selected[0]):
            ok, why = self._fold_matches(args, kwargs, rows, leaves, split, rates)
            if ok:
                shared = self._entered.get(id(split), 0) / total if split is not None else 0.0
                name = self.act.real.get(id(split)) if split is not None else None
                plan = Plan(True, name, shared, rates, "", sites)
                if shared < 0.9:  # the graph may share more (residual branches)
                    self._try_graph(plan, calls, selected, args, kwargs, rows, leaves)
                return plan
            reason = reason or why
        reason = ("samples run in a loop: a folded forward (dropout off) does not reproduce "
                  f"the plain output ({reason}), as when a model mixes the rows of a batch")
        warnings.warn(reason, MCWarning, stacklevel=4)
        return Plan(False, None, 0.0, rates, reason, sites)

    def _try_graph(self, plan: Plan, calls: list[Call], selected: list[Call], args: tuple,
                   kwargs: dict, rows: int, plain: list) -> None:
        """Use an fx graph split instead when it traces, matches and shares more."""
        from . import trunk

        graph = trunk.build(self.model, {c.stack[-1] for c in calls if c.stack},
                            {c.stack[-1] for c in selected if c.stack})
        if graph is None or graph.shared_fraction <= plan.shared_fraction:
            return
        ok, _ = self._fold_matches(args, kwargs, rows, plain, None, plan.rates, graph=graph)
        if ok:
            plan.graph, plan.split = graph, "fx graph"
            plan.shared_fraction = graph.shared_fraction

    def _run_graph(self, graph: Any, args: tuple, kwargs: dict, rows: int, samples: int,
                   perm: torch.Tensor | None = None) -> Any:
        act = self.act

        @contextlib.contextmanager
        def push() -> Iterator[None]:
            act.stack.append(self.model)
            try:
                yield
            finally:
                if act.stack and act.stack[-1] is self.model:
                    act.stack.pop()

        return graph.run(args, kwargs, lambda v: replicate(v, rows, samples, perm), push)

    @property
    def _entered(self) -> dict[int, int]:
        return self.act.entered

    def _selected_calls(self, calls: list[Call]) -> list[Call]:
        if not calls:
            raise DropsurgeonError(
                f"{type(self.model).__name__} has no dropout site that runs in its forward: "
                "nothing to sample. Add dropout first, e.g. "
                "dropsurgeon.insert(model, 'before:Linear', p=0.1)")
        selected = [c for c in calls if c.selected]
        if not selected:
            names = sorted({c.module or "model" for c in calls})
            raise DropsurgeonError(
                f"where={self.where!r} selects no dropout site that runs (sites: "
                f"{', '.join(names[:8])}{' ...' if len(names) > 8 else ''})")
        return selected

    def _train_rates(self, args: tuple, kwargs: dict, rows: int) -> dict:
        """Rates of the selected calls in one train-mode forward, by call site."""
        modes = [(m, m.training) for m in self.model.modules()]
        buffers = [(b, b.detach().clone()) for b in self.model.buffers()]
        st = self._state(PROBE, 1, rows)
        try:
            self.model.train()
            with torch.random.fork_rng(devices=[]):
                self._forward(args, kwargs)
        except Exception:  # noqa: BLE001 - some models want targets in train mode
            return {}
        finally:
            for m, mode in modes:
                m.training = mode
            for b, saved in buffers:
                b.copy_(saved)
        return {c.where: c.p for c in st.calls if c.selected and c.where and c.p}

    def _candidates(self, first: Call) -> list[nn.Module | None]:
        """Where the input may be replicated: innermost module around the first selected
        call first, then outwards; ``None`` replicates the model's inputs."""
        by_id = {id(m): m for m in self.model.modules()}
        stack = [by_id[i] for i in first.stack if i in by_id and by_id[i] is not self.model]
        return [*reversed(stack[-6:]), None]

    def _fold_matches(self, args: tuple, kwargs: dict, rows: int, plain: list,
                      split: nn.Module | None, rates: dict,
                      graph: Any = None) -> tuple[bool, str]:
        st = self._state(OFF, 2, rows, rates=rates)
        perm = torch.roll(torch.arange(rows, device=self.device), 1)
        st.perm = perm
        self.act.split, self.act.split_done = split, False
        try:
            if graph is not None:
                out = self._run_graph(graph, args, kwargs, rows, 2, perm)
            elif split is None:
                out = self._forward(replicate(args, rows, 2, perm),
                                    replicate(kwargs, rows, 2, perm))
            else:
                out = self._forward(args, kwargs)
        except Exception as exc:  # noqa: BLE001 - a split the rest of forward cannot take
            return False, f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"
        finally:
            self.act.split = None
        leaves, _ = flatten(out)
        if len(leaves) != len(plain):
            return False, "the output structure changes"
        for a, b in zip(leaves, plain, strict=True):
            if b.dim() == 0 or a.shape != (2 * b.shape[0], *b.shape[1:]):
                return False, f"output shape {tuple(a.shape)} for {tuple(b.shape)}"
            both = a.reshape(2, *b.shape)
            if not (_close(both[0], b) and _close(both[1], b[perm.to(b.device)])):
                return False, "output values change"
        return True, ""

    # -- sampling ----------------------------------------------------------------------------
    def _per_forward(self, rows: int) -> int:
        if self.chunk is None:
            return self.samples
        return max(1, min(self.samples, self.chunk // max(1, rows)))

    def _folded(self, plan: Plan, args: tuple, kwargs: dict, rows: int) -> BatchStats | None:
        acc = Accumulator(self.samples, self.keep_samples, self.task)
        split = self.model.get_submodule(plan.split) \
            if plan.split is not None and plan.graph is None else None
        step = self._per_forward(rows)
        for first in range(0, self.samples, step):
            n = min(step, self.samples - first)
            st = self._state(ON, n, rows, first, plan.rates)
            self.act.split, self.act.split_done = split, False
            try:
                if plan.graph is not None:
                    out = self._run_graph(plan.graph, args, kwargs, rows, n)
                elif split is None:
                    out = self._forward(replicate(args, rows, n), replicate(kwargs, rows, n))
                else:
                    out = self._forward(args, kwargs)
            finally:
                self.act.split = None
            if st.unfoldable:
                note = f"samples run in a loop: {st.unfoldable}"
                if note not in self.notes:
                    self.notes.append(note)
                plan.folded = False
                plan.reason = note
                return None
            self._note_zero(st)
            acc.add(_unfold(out, n, rows))
        self.spec = acc.spec
        return acc.finish(plan.shared_fraction)

    def _looped(self, args: tuple, kwargs: dict, rows: int) -> BatchStats:
        acc = Accumulator(self.samples, self.keep_samples, self.task)
        rates = self.plan.rates if self.plan is not None else {}
        for t in range(self.samples):
            st = self._state(ON, 1, rows, t, rates)
            out = self._forward(args, kwargs)
            self._note_zero(st)
            acc.add(_unfold(out, 1, rows))
        self.spec = acc.spec
        return acc.finish(0.0)

    def _note_zero(self, st: activate.State) -> None:
        if st.zero_rate:
            note = "a selected dropout call has rate 0 at eval and no train-mode rate was found"
            if note not in self.notes:
                self.notes.append(note)

    # -- assembling --------------------------------------------------------------------------
    def result(self, batches: list[BatchStats], targets: Any = None) -> MCResult:
        from .stats import concat

        merged = concat(batches)
        plan = self.plan
        notes = list(self.notes)
        bad = nan_rows(merged.mean)
        if bad:
            shown = ", ".join(map(str, bad[:10])) + (" ..." if len(bad) > 10 else "")
            notes.append(f"{len(bad)} of {merged.rows} rows have NaN or inf outputs "
                         f"(rows {shown}): their statistics are NaN")
        return MCResult(
            stats=merged, spec=self.spec, samples_drawn=self.samples, seed=self.seed,
            folded=bool(plan and plan.folded), split=plan.split if plan else None,
            sites=list(plan.sites) if plan else [], notes=notes, targets=targets,
            model=type(self.model).__name__,
        )


def check_outputs(out: Any) -> None:
    """Refuse a forward output with no tensor in it (``None``, a string): nothing to sample."""
    leaves, _ = flatten(out)
    if not leaves:
        raise DropsurgeonError(
            f"the model's forward returned {type(out).__name__}"
            f"{f' ({out!r:.60})' if isinstance(out, str) else ''}: mc_predict needs a tensor "
            "output (or a tuple, list, dict or dataclass of tensors)")


def nan_rows(means: list[torch.Tensor]) -> list[int]:
    """Rows (first axis) whose mean output holds a NaN or an infinity, in any leaf."""
    bad: set[int] = set()
    for m in means:
        if m.dim() == 0 or not (m.dtype.is_floating_point or m.dtype.is_complex):
            continue
        rows = (~torch.isfinite(m)).reshape(m.shape[0], -1).any(1)
        bad.update(int(i) for i in rows.nonzero().flatten().tolist())
    return sorted(bad)


def _drop_rows(value: Any) -> Any:
    if isinstance(value, torch.Tensor):
        return value[:0] if value.dim() else value
    if isinstance(value, (list, tuple)):
        return type(value)(_drop_rows(v) for v in value) if not hasattr(value, "_fields") \
            else tuple(_drop_rows(v) for v in value)
    if isinstance(value, Mapping):
        return {k: _drop_rows(v) for k, v in value.items()}
    return value


def _mix_batch(seed: int, index: int) -> int:
    return activate._mix(seed, index) & 0x7FFFFFFFFFFFFFFF


def _close(a: torch.Tensor, b: torch.Tensor) -> bool:
    if a.dtype.is_floating_point or a.dtype.is_complex:
        return bool(torch.allclose(a, b, rtol=1e-4, atol=1e-5, equal_nan=True))
    return bool(torch.equal(a, b))


def _unfold(out: Any, samples: int, rows: int) -> Any:
    """The forward output with its rows split into (samples, rows, ...)."""
    leaves, spec = flatten(out)
    shaped = []
    for leaf in leaves:
        if samples > 1 or (leaf.dim() > 0 and leaf.shape[0] == rows):
            shaped.append(leaf.reshape(samples, leaf.shape[0] // samples, *leaf.shape[1:]))
        else:
            shaped.append(leaf.unsqueeze(0))
    return shaped, spec

