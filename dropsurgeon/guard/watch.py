"""``dropsurgeon.watch()``: watch a running program for train/eval mode bugs.

Global hooks see every top-level module call (the outermost ``nn.Module`` call, made by the
user's code), with its mode, whether gradients are enabled and whether an optimizer later
steps its parameters.  That is ground truth, without guessing from names:

* **DS401** evaluated in train mode: a top-level call of a module in train mode whose
  dropout or batch norm is training, made under ``torch.no_grad()``/``inference_mode``, or
  whose output reaches no backward before the next optimizer step (or the end of the run).
* **DS402** trained in eval mode: an optimizer step over parameters of a module with dropout
  or batch norm, when every forward of it with gradients since the previous step ran in
  eval mode.
* **DS105/DS102** (the runtime monitor's detection, :mod:`dropsurgeon.capture.runtime`): on
  the first eval-mode call of a module from each line, a dropout module still training, and
  functional dropout whose flag is on.

Deliberate cases: ``torch.optim.swa_utils.update_bn`` (batch-norm recalibration) and
torch's checkpoint recomputation call modules themselves and are not judged; MC dropout
through ``dropsurgeon.mc`` keeps the model in eval mode; EMA/teacher copies updated without
a forward (or only forwarded in eval mode without gradients) give nothing; modules named in
``ignore`` (class names or the module objects) are skipped.

Memory is bounded: counters per source location (see :mod:`.watch_tally`).
Only imported when used: ``import dropsurgeon`` does not import torch.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import weakref
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import torch
from torch import nn

from ..findings import Severity, TraceStep
from ..linter.result import Report
from .watch_frames import UNKNOWN, Locator
from .watch_tally import Spot, Tally

CODES = ("DS102", "DS105", "DS401", "DS402")
_DELIBERATE_CALLERS = (  # torch code that calls modules in train mode on purpose
    f"optim{os.sep}swa_utils.py",  # update_bn: batch-norm statistics under no_grad
    f"utils{os.sep}checkpoint.py",  # activation checkpointing recomputes in backward
)
_MAX_OUTPUT_TENSORS = 8
_OWN_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep

__all__ = ["CODES", "Watcher", "watch"]


def _is_code(text: str) -> bool:
    return len(text) >= 3 and text[:2].upper() == "DS" and text[2:].isdigit()


class _Contents:
    """A module's dropout and batch-norm submodules (computed once per module)."""

    __slots__ = ("bns", "drops")

    def __init__(self, module: nn.Module) -> None:
        from ..capture import catalog
        from ..sites import ATTENTION, DROP_PATH, MODULE, RNN

        self.drops: list[nn.Module] = []
        self.bns: list[nn.Module] = []
        for m in module.modules():
            if isinstance(m, nn.modules.batchnorm._BatchNorm):
                self.bns.append(m)
                continue
            kind = catalog.module_kind(m)
            if kind in (MODULE, DROP_PATH, ATTENTION, RNN):
                p = catalog.module_rate(m)
                if (p is None or p > 0) and not (kind == RNN and m.num_layers < 2):
                    self.drops.append(m)

    def __bool__(self) -> bool:
        return bool(self.drops or self.bns)

    def training(self) -> bool:
        return any(m.training for m in self.drops) or any(m.training for m in self.bns)

    def what(self) -> str:
        parts = (["dropout"] if self.drops else []) + (["batch norm"] if self.bns else [])
        return " and ".join(parts)

    def acts(self) -> str:
        """``"dropout acts"`` / ``"dropout and batch norm act"``."""
        what = self.what()
        return f"{what} {'act' if ' and ' in what else 'acts'}"


class _Since:
    """Forwards of one module with gradients since its optimizer last stepped."""

    __slots__ = ("eval_loc", "evals", "module", "trains")

    def __init__(self, module: nn.Module) -> None:
        self.module = weakref.ref(module)
        self.evals = 0
        self.trains = 0
        self.eval_loc = UNKNOWN


class _Pending:
    """Train-mode forwards from one location whose output should reach a backward."""

    __slots__ = ("fired", "issued", "loc", "mode_steps", "module", "what")

    def __init__(self, loc, module: str, what: str, mode_steps: list[TraceStep]) -> None:
        self.loc = loc
        self.module = module
        self.what = what
        self.mode_steps = mode_steps
        self.issued = 0
        self.fired = 0


class Watcher:
    """The hooks and counters of one watch.  Use :func:`watch` (a context manager)."""

    def __init__(self, ignore: Iterable[Any] = (), select: Iterable[str] | None = None,
                 fail_on: str | Severity = Severity.WARNING) -> None:
        names = [i for i in ignore if isinstance(i, str)]
        self.ignored_codes = tuple(i.upper() for i in names if _is_code(i))
        self.ignored_names = frozenset(i for i in names if not _is_code(i))
        self.ignored_ids = {id(i) for i in ignore if isinstance(i, nn.Module)}
        self._ignored_refs = [i for i in ignore if isinstance(i, nn.Module)]  # keep ids valid
        chosen = [s.upper() for s in select or () if s.strip()]
        self.codes = frozenset(
            c for c in CODES
            if (not chosen or c.startswith(tuple(chosen)))
            and not (self.ignored_codes and c.startswith(self.ignored_codes))
        )
        self.fail_on = Severity.parse(fail_on)
        self.tally = Tally()
        self.locator = Locator()
        self._depth = 0
        self._tid = threading.get_ident()
        self._pid = os.getpid()
        self._handles: list[Any] = []
        self._contents: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._mode_set: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._since: dict[int, _Since] = {}
        self._pending: dict[tuple, _Pending] = {}
        self._sampled: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._opt_params: dict[int, tuple[int, frozenset[int]]] = {}
        self._call: tuple | None = None  # the running top-level call: (module, kind, data)
        self._sampling: contextlib.ExitStack | None = None
        self._sampling_hooks: contextlib.ExitStack | None = None
        self._original_train = None
        self._in_train = False
        self.running = False
        self.error = ""  # set when the watcher itself failed (see _failed)

    # -- install / remove ----------------------------------------------------------------
    def start(self) -> Watcher:
        from torch.nn.modules import module as module_mod
        from torch.optim import optimizer as optimizer_mod

        if self.running:
            raise RuntimeError("this watcher is already running")
        self._handles = [
            module_mod.register_module_forward_pre_hook(self._pre),
            module_mod.register_module_forward_hook(self._post, always_call=True),
            optimizer_mod.register_optimizer_step_post_hook(self._step),
        ]
        self._wrap_train()
        self.running = True
        return self

    def stop(self) -> None:
        if not self.running:
            return
        self.running = False
        for h in self._handles:
            h.remove()
        self._handles = []
        if self._original_train is not None:
            nn.Module.train = self._original_train  # type: ignore[method-assign]
            self._original_train = None
        self._end_sampling()  # a Ctrl-C inside a forward skips the post hook
        self._depth = 0
        self._check_pending(UNKNOWN, "the end of the run")

    def _wrap_train(self) -> None:
        original = nn.Module.train
        watcher = self

        def train(module: nn.Module, mode: bool = True) -> nn.Module:
            # ``eval()`` and the recursion into children come here too: only the outermost
            # call (the one the user made) is recorded, on the module it was made on.
            if watcher._in_train or threading.get_ident() != watcher._tid:
                return original(module, mode)
            watcher._in_train = True
            try:
                with contextlib.suppress(Exception):  # never break the user's train()
                    loc = watcher.locator.locate(sys._getframe(1))
                    watcher._mode_set[module] = (bool(mode), loc)
                return original(module, mode)
            finally:
                watcher._in_train = False

        train.__doc__ = original.__doc__
        self._original_train = original
        nn.Module.train = train  # type: ignore[method-assign]

    # -- report --------------------------------------------------------------------------
    @property
    def findings(self) -> list:
        return self.tally.findings()

    @property
    def report(self) -> Report:
        """The findings so far as a :class:`~dropsurgeon.linter.result.Report` (render it
        with :func:`dropsurgeon.report.render`); ``# noqa: DS401`` on a reported line marks
        that finding suppressed."""
        from .check import _apply_noqa

        findings = self.findings
        _apply_noqa(findings)
        report = Report(findings=findings, fail_on=self.fail_on)
        if self.error:  # the run was not fully watched: "no findings" must not pass for clean
            report.errors.append(self.error)
        return report

    def assert_clean(self) -> None:
        """Raise ``AssertionError`` listing each finding (``# noqa``-ed ones excepted)."""
        active = self.report.active_findings
        if active:
            lines = [f"{len(active)} train/eval mode finding(s):"]
            for f in active:
                lines.append(f"  {f.path or '<unknown>'}:{f.line or 0}: {f.code} {f.message}")
                lines += [f"      because {s.path}:{s.line}: {s.message}" for s in f.trace]
            raise AssertionError("\n".join(lines))

    @property
    def dropped(self) -> int:
        """Calls at locations past the tally's limit: counted, not reported."""
        return self.tally.dropped

    # -- hooks -----------------------------------------------------------------------------
    def _pre(self, module: nn.Module, args: tuple) -> None:
        if threading.get_ident() != self._tid:
            return
        depth = self._depth
        self._depth = depth + 1
        if depth == 0 and os.getpid() == self._pid and not self.error:
            self._call = None
            if self._sampling_hooks is not None:
                self._end_sampling()
            try:
                self._top_call(module, args)
            except Exception as exc:  # noqa: BLE001 - never break the user's program
                self._failed(exc)

    def _post(self, module: nn.Module, args: tuple, output: Any) -> None:
        if threading.get_ident() != self._tid:
            return
        self._depth = max(0, self._depth - 1)
        if self._depth == 0 and self._call is not None:
            call, self._call = self._call, None
            if call[0] is module:
                try:
                    self._top_return(call, output)
                except Exception as exc:  # noqa: BLE001 - never break the user's program
                    self._failed(exc)

    def _top_call(self, module: nn.Module, args: tuple) -> None:
        if id(module) in self.ignored_ids or type(module).__name__ in self.ignored_names:
            return
        frame = sys._getframe(2)
        caller = self.locator.direct_caller(frame)
        if self.locator.kind(caller) == 0 and (
                caller.endswith(_DELIBERATE_CALLERS) or caller.startswith(_OWN_ROOT)):
            return  # torch's deliberate calls, and dropsurgeon's own (check, mc, verify)
        try:
            contents = self._contents.get(module)
        except TypeError:
            return
        if contents is None:
            contents = self._contents[module] = _Contents(module)
        grad = torch.is_grad_enabled() and not torch.is_inference_mode_enabled()
        if module.training:
            if not (contents and contents.training()):
                return
            loc = self.locator.locate(frame)
            if grad:
                self._call = (module, "train", (loc, contents))
                self._seen_with_grad(module, train=True, loc=loc)
            elif "DS401" in self.codes:
                guard = ("torch.inference_mode()" if torch.is_inference_mode_enabled()
                         else "torch.no_grad()")
                self._ds401(module, loc, contents,
                            f"called in train mode under `{guard}`: {contents.acts()} "
                            "as in training, so this evaluation is noisy and "
                            "biased; call `.eval()` first")
            return
        loc = self.locator.locate(frame)
        if grad and contents:  # a dropout child switched back to train counts as training
            self._seen_with_grad(module, train=contents.training(), loc=loc)
        self._sample(module, args, loc)

    def _top_return(self, call: tuple, output: Any) -> None:
        module, kind, data = call
        if kind == "sample":
            self._finish_sampling(module, *data)
        elif kind == "train" and "DS401" in self.codes:
            loc, contents = data
            tensors = _grad_tensors(output)
            if not tensors:
                return
            key = (id(type(module)), loc.key)
            pending = self._pending.get(key)
            if pending is None:
                if len(self._pending) >= 1000:
                    return
                pending = self._pending[key] = _Pending(loc, type(module).__name__,
                                                        contents.acts(),
                                                        self._mode_steps(module))
            pending.issued += 1
            fired = [False]

            def on_backward(grad: torch.Tensor) -> None:
                if not fired[0]:
                    fired[0] = True
                    pending.fired += 1

            for t in tensors:
                t.register_hook(on_backward)

    # -- DS401 -----------------------------------------------------------------------------
    def _mode_steps(self, module: nn.Module) -> list[TraceStep]:
        try:
            record = self._mode_set.get(module)
        except TypeError:
            record = None
        if record is None:
            return []
        mode, loc = record
        what = "`.train()`" if mode else "`.eval()`"
        return [TraceStep(loc.path, loc.line, f"mode last set here: {what} on "
                                               f"`{type(module).__name__}`")]

    def _ds401(self, module: nn.Module, loc, contents: _Contents, message: str,
               n: int = 1) -> None:
        name = type(module).__name__

        def make() -> Spot:
            return _spot("DS401", f"`{name}` {message}", loc, name,
                         self._mode_steps(module) + loc.trace(f"`{name}` called in train mode"))

        self.tally.add(("DS401", loc.key, name), make, n)

    def _check_pending(self, step_loc, when: str) -> None:
        for pending in list(self._pending.values()):
            missing = pending.issued - pending.fired
            pending.issued = pending.fired = 0
            if missing <= 0:
                continue
            loc, name = pending.loc, pending.module

            def make(loc=loc, name=name, what=pending.what, first=pending.mode_steps) -> Spot:
                steps = first + loc.trace(f"`{name}` called in train mode with gradients")
                if step_loc.line is not None:
                    steps.append(TraceStep(step_loc.path, step_loc.line,
                                           "optimizer step: that output had reached no "
                                           "backward"))
                return _spot("DS401", f"`{name}` called in train mode and its output "
                             f"reached no backward before {when}: {what} as in training, "
                             "so this evaluation is noisy and biased; call `.eval()` first "
                             "(and `torch.no_grad()`)", loc, name, steps)

            self.tally.add(("DS401", loc.key, name), make, missing)
        self._pending.clear()

    # -- DS402 -----------------------------------------------------------------------------
    def _seen_with_grad(self, module: nn.Module, train: bool, loc) -> None:
        since = self._since.get(id(module))
        if since is None or since.module() is not module:
            if len(self._since) >= 1000:
                return
            since = self._since[id(module)] = _Since(module)
        if train:
            since.trains += 1
        else:
            if since.evals == 0:
                since.eval_loc = loc
            since.evals += 1

    def _params_of(self, optimizer: torch.optim.Optimizer) -> frozenset[int]:
        groups = optimizer.param_groups
        size = sum(len(g["params"]) for g in groups)
        cached = self._opt_params.get(id(optimizer))
        if cached is None or cached[0] != size:
            ids = frozenset(id(p) for g in groups for p in g["params"])
            cached = self._opt_params[id(optimizer)] = (size, ids)
        return cached[1]

    def _step(self, optimizer: torch.optim.Optimizer, args: tuple, kwargs: dict) -> None:
        if threading.get_ident() != self._tid or os.getpid() != self._pid or self.error:
            return
        try:
            self._stepped(optimizer, sys._getframe(1))
        except Exception as exc:  # noqa: BLE001 - never break the user's program
            self._failed(exc)

    def _failed(self, exc: Exception) -> None:
        """A bug of the watcher itself: stop judging (the program goes on unchanged) and
        say so in ``error``."""
        self._end_sampling(hooks_too=False)
        self._call = None
        if not self.error:
            self.error = (f"the watcher stopped judging after an internal error: "
                          f"{type(exc).__name__}: {exc}")

    def _stepped(self, optimizer: torch.optim.Optimizer, frame: Any) -> None:
        step_loc = None
        if self._pending and any(p.issued > p.fired for p in self._pending.values()):
            step_loc = self.locator.locate(frame)
            self._check_pending(step_loc, "the next optimizer step")
        else:
            self._pending.clear()
        if not self._since:
            return
        params = self._params_of(optimizer)
        for key, since in list(self._since.items()):
            module = since.module()
            if module is None:
                del self._since[key]
                continue
            if not any(id(p) in params for p in module.parameters()):
                continue  # another optimizer's module (GAN), or frozen: wait for its step
            del self._since[key]
            if since.evals and not since.trains and "DS402" in self.codes:
                if step_loc is None:
                    step_loc = self.locator.locate(frame)
                self._ds402(module, since, step_loc)

    def _ds402(self, module: nn.Module, since: _Since, step_loc) -> None:
        name = type(module).__name__
        mode_steps = self._mode_steps(module)
        at = since.eval_loc
        if mode_steps:  # report at the `.eval()` that was never undone, like the static rule
            at = type(at)(mode_steps[0].path, mode_steps[0].line, at.function, ())
        contents = self._contents.get(module)
        what = contents.what() if contents else "dropout"

        def make() -> Spot:
            steps = mode_steps + since.eval_loc.trace(
                f"`{name}` called in eval mode with gradients")
            steps.append(TraceStep(step_loc.path, step_loc.line,
                                   f"optimizer step over `{name}`'s parameters"))
            return _spot("DS402", f"`{name}` is trained in eval mode: every forward since "
                         f"the previous optimizer step ran after `.eval()`, so {what} "
                         "stay off during training; call `.train()` before training",
                         at, name, steps)

        self.tally.add(("DS402", at.key, name), make, since.evals)

    # -- DS105 / DS102: the runtime monitor on the first eval call per line ------------------
    def _sample(self, module: nn.Module, args: tuple, loc) -> None:
        wanted = {"DS102", "DS105"} & self.codes
        if not wanted:
            return
        try:
            seen = self._sampled.setdefault(module, {})
        except TypeError:
            return
        keys = seen.get(loc.key)
        if keys is not None:  # sampled before: count its findings again, run nothing
            for key in keys:
                spot = self.tally.spots.get(key)
                if spot is not None:
                    spot.count += 1
            return
        if len(seen) >= 64:
            return
        seen[loc.key] = ()
        from ..capture import runtime

        self._end_sampling()
        rec = runtime._Recorder(module)
        rec.reset(runtime.EVAL)
        hooks, modes = contextlib.ExitStack(), contextlib.ExitStack()
        try:
            hooks.enter_context(runtime._hooks(rec))
            modes.enter_context(runtime._FunctionMode(rec))
            modes.enter_context(runtime._DispatchNet(rec))
            rec.pre_hook(module, args)  # the top module's own pre hook already ran
        except BaseException:
            modes.close()
            hooks.close()
            raise
        self._sampling = modes
        self._sampling_hooks = hooks
        self._call = (module, "sample", (rec, loc, wanted))

    def _end_sampling(self, hooks_too: bool = True) -> None:
        # The modes leave at once; the recorder's module hooks only at the next top-level
        # call (or the end): torch iterates the global hook table while our post hook runs
        # when a forward raised, and removing an entry then would break that loop.
        modes, self._sampling = self._sampling, None
        if modes is not None:
            modes.close()
        if hooks_too and self._sampling_hooks is not None:
            hooks, self._sampling_hooks = self._sampling_hooks, None
            hooks.close()

    def _finish_sampling(self, module: nn.Module, rec, loc, wanted: set[str]) -> None:
        from ..capture import runtime
        from ..rules import BY_CODE, run_site_rules

        self._end_sampling(hooks_too=False)
        for c in rec.calls:
            c.extra["_mode"] = runtime.EVAL
        sites = runtime._merge(rec.calls, module, (runtime.EVAL,))
        rules = tuple(BY_CODE[c] for c in sorted(wanted))
        keys = []
        name = type(module).__name__
        for f in run_site_rules(sites, rules):
            steps = self._mode_steps(module) + loc.trace(f"`{name}` called in eval mode")
            if f.path and f.line and (f.path, f.line) != loc.key:
                steps.append(TraceStep(f.path, f.line, f.message.split(":")[0]))

            def make(f=f, steps=steps) -> Spot:
                rule = BY_CODE[f.code]
                return Spot(code=f.code, severity=rule.severity, message=f.message,
                            path=f.path, line=f.line, column=f.column,
                            module=f.module or name, fix=rule.fix, trace=steps)

            key = (f.code, (f.path, f.line), f.module or name)
            if self.tally.add(key, make) is not None:
                keys.append(key)
        self._sampled[module][loc.key] = tuple(keys)


def _spot(code: str, message: str, loc, module: str, trace: list[TraceStep]) -> Spot:
    from ..rules import BY_CODE

    rule = BY_CODE[code]
    return Spot(code=code, severity=rule.severity, message=message, path=loc.path,
                line=loc.line, module=module, fix=rule.fix, trace=trace)


def _grad_tensors(output: Any) -> list[torch.Tensor]:
    """Tensors that need gradients in a forward's output (tensor, sequence, mapping such as
    transformers' ``ModelOutput``, dataclass), one level deep and at most a few."""
    if isinstance(output, torch.Tensor):
        return [output] if output.requires_grad else []
    if isinstance(output, dict):
        values: Iterable[Any] = output.values()
    elif isinstance(output, (tuple, list)):
        values = output
    elif hasattr(output, "__dataclass_fields__"):
        values = (getattr(output, k, None) for k in output.__dataclass_fields__)
    else:
        return []
    out = []
    for v in values:
        if isinstance(v, torch.Tensor) and v.requires_grad:
            out.append(v)
            if len(out) >= _MAX_OUTPUT_TENSORS:
                break
    return out


@contextlib.contextmanager
def watch(ignore: Sequence[Any] = (), select: Sequence[str] | None = None,
          fail_on: str | Severity = Severity.WARNING) -> Iterator[Watcher]:
    """Watch the code in the ``with`` block for train/eval mode bugs.

        with dropsurgeon.watch() as w:
            train(model); evaluate(model)
        print(w.report.exit_code(), w.findings)

    ``ignore``: rule codes (``"DS402"``), module class names (``"Teacher"``) or module
    objects to leave alone; ``select``: only these codes/prefixes.  The hooks are removed
    when the block exits, also on an exception (which propagates as itself).
    """
    w = Watcher(ignore=ignore, select=select, fail_on=fail_on).start()
    try:
        yield w
    finally:
        w.stop()
