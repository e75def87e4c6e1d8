"""DS405 in ``check``: the model's own checkpoint call sites, confirmed by one training step.

``lint`` finds DS405 in source: a block with dropout checkpointed with
``preserve_rng_state=False``, or handed to a hand-written ``torch.autograd.Function`` whose
``backward`` runs the block again without the forward's RNG state.  ``check`` already holds
the built model and its inputs, so it can settle each such site by running it:

1. **sites** (:func:`checkpoint_sites`): the static DS405 analysis over the source files of
   the model's module classes and of the checkpoint helpers those files import, kept when a
   step of the finding (the checkpoint call, the block's dropout) lies inside one of the
   model's classes;
2. **one training step, twice, from the same seed** (:func:`confirm_sites`): (a) as is; (b)
   with every site's RNG state restored: ``preserve_rng_state=True`` forced into the
   ``torch.utils.checkpoint`` callable the code names (patched where the code reaches it),
   or the hand-written Function's ``forward`` saving the RNG state and its ``backward``
   restoring it around the recompute.  Both steps draw the same masks in the forward; only
   a recompute that redraws them makes (a) differ from (b).  Restoring the state, rather
   than calling the block directly, needs no knowledge of a hand-written checkpoint's
   signature (``checkpoint(func, inputs, params, flag)``, ``Function.apply(func, n, *args)``
   ...) and changes nothing but the thing DS405 is about, so equal gradients are expected
   to be bitwise equal;
3. **findings**: a site whose checkpoint ran and whose gradients differ is DS405 at the
   rule's severity, its trace ending with the measured difference; any other site of the
   model is DS405 at ``info`` saying why the run did not confirm it (the checkpoint did not
   run with this configuration, the training forward draws nothing, equal gradients ...),
   so that ``check`` accounts for every DS405 ``lint`` reports on the model.

Cheap by construction: files are scanned only when their text mentions a checkpoint, the
steps run only when a site exists and the training forward drew random numbers, and never
more than one extra forward and backward pair per model (all sites are restored together in
step (b); when several ran, the verdict covers them together and says so).

The model's modes, ``.grad`` fields, ``requires_grad`` flags, buffers, the RNG state and
every patched name are restored afterwards.  torch is imported inside functions only.
"""

from __future__ import annotations

import ast
import contextlib
import inspect
import os
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..findings import Finding, Severity, TraceStep

CODE = "DS405"
TORCH = "torch"  # site kind: torch.utils.checkpoint.checkpoint / checkpoint_sequential
FUNCTION = "function"  # site kind: a hand-written torch.autograd.Function checkpoint
_TORCH_CHECKPOINTS = ("torch.utils.checkpoint.checkpoint",
                      "torch.utils.checkpoint.checkpoint_sequential")
# A file that hands blocks to a hand-written checkpoint names it (or `.apply(`s it)
_MENTIONS = re.compile(r"\.apply\(|checkpoint|ckpt", re.IGNORECASE)
_IMPORTED = re.compile(r"checkpoint|ckpt", re.IGNORECASE)


@dataclass
class CheckpointSite:
    """One static DS405 finding of the model, and what running it needs."""

    finding: Finding  # the static finding (absolute paths)
    kind: str  # TORCH or FUNCTION
    name: str  # the callable as the code writes it, or the Function class's name
    path: str  # the file the name is looked up in
    first: int  # TORCH: the call's lines, counted as "the site ran" when a call comes from them
    last: int


@dataclass
class Outcome:
    """What the two steps showed (``ran``: per site, did its checkpoint run)."""

    ran: dict[int, int] = field(default_factory=dict)  # id(site) -> calls in step (b)
    max_abs_diff: float = 0.0
    max_rel_diff: float = 0.0
    compared: int = 0
    differing: int = 0
    tolerance: float = 0.0  # relative; 0 on CPU, where equal steps are bitwise equal
    reason: str = ""  # why the steps did not run (then nothing was compared)

    @property
    def differs(self) -> bool:
        return not self.reason and self.max_rel_diff > self.tolerance


# -- which sites ------------------------------------------------------------------------------


def model_files(model: Any) -> tuple[dict[str, dict[str, Any]], dict[str, list[type]]]:
    """The source files of the model's module classes and of the checkpoint helpers they
    import: ({real path: the module's namespace}, {real path: the model's classes there}).
    torch's own files are left out."""
    import torch

    torch_dir = os.path.dirname(os.path.realpath(torch.__file__)) + os.sep
    spaces: dict[str, dict[str, Any]] = {}
    classes: dict[str, list[type]] = {}
    for cls in {type(m) for m in model.modules()}:
        path = _source_file(cls)
        if path is None or path.startswith(torch_dir):
            continue
        namespace = _namespace(cls, path)
        if namespace is None:
            continue
        spaces.setdefault(path, namespace)
        classes.setdefault(path, []).append(cls)
    for namespace in list(spaces.values()):
        for name, value in list(namespace.items()):
            if not (_IMPORTED.search(name) or _is_function_class(value)):
                continue
            path = _source_file(value)
            if path is None or path in spaces or path.startswith(torch_dir):
                continue
            imported = _namespace(value, path)
            if imported is not None:
                spaces[path] = imported
    return spaces, classes


def checkpoint_sites(model: Any) -> tuple[list[CheckpointSite], dict[str, dict[str, Any]]]:
    """The static DS405 findings on the model's code (``# noqa`` marks them ``suppressed``),
    and the namespaces of the files read."""
    spaces, classes = model_files(model)
    texts = {p: t for p in spaces if (t := _read(p)) is not None}
    # The rule's own text tests, before any parse: a torch checkpoint says
    # `preserve_rng_state`, a hand-written one is a class with `backward` that the code
    # `.apply(`s; a file only calling one (`checkpoint(...)` from a util) matters only when
    # such a Function file is among them.
    functions = any("backward" in t and ".apply(" in t for t in texts.values())
    contexts = {}
    for path, text in texts.items():
        if "preserve_rng_state" in text or ("backward" in text and ".apply(" in text) or (
            functions and _MENTIONS.search(text)
        ):
            from ..capture.source import scan_source  # imported (~30 ms) only when needed

            scan = scan_source(text, path)
            if scan.context is not None:
                contexts[path] = scan.context
    if not contexts:
        return [], spaces
    from ..linter.source_rules import file_facts, join_facts, source_findings
    from ..linter.suppress import apply_noqa

    found = [f for ctx in contexts.values() for f in source_findings(ctx) if f.code == CODE]
    found = apply_noqa(found, {p: c.text for p, c in contexts.items()})
    if functions:
        facts = {p: file_facts(c) for p, c in contexts.items()}
        found += [f for f in join_facts(facts) if f.code == CODE]
    sites = []
    seen: set[tuple[str | None, int | None]] = set()
    spans = _Spans(classes, contexts, texts)
    for f in sorted(found, key=lambda f: f.sort_key):
        if (f.path, f.line) in seen or not _in_model(f, spans):
            continue
        seen.add((f.path, f.line))
        sites.append(_site(f, contexts))
    return sites, spaces


def _site(f: Finding, contexts: dict[str, Any]) -> CheckpointSite:
    ctx = contexts.get(f.path or "")
    call = None
    if ctx is not None:
        call = next((n for n in ast.walk(ctx.tree) if isinstance(n, ast.Call)
                     and n.lineno == f.line and n.col_offset == f.column
                     and (ctx.names.qualify(n.func) or "") in _TORCH_CHECKPOINTS), None)
    if call is not None:
        return CheckpointSite(f, TORCH, ctx.segment(call.func), f.path or "", call.lineno,
                              call.end_lineno or call.lineno)
    # a hand-written checkpoint: the finding sits in the Function's backward, named by module
    return CheckpointSite(f, FUNCTION, f.module, f.path or "", f.line or 0, f.line or 0)


def _in_model(f: Finding, spans: _Spans) -> bool:
    """Is the checkpoint call inside one of the model's classes?  The rule's traces put the
    block's dropout first and the call that checkpoints it second; the dropout alone says
    nothing (a block class shared by two models of one file)."""
    steps = [f.trace[1]] if len(f.trace) > 1 else [*f.trace, TraceStep(f.path, f.line, "")]
    for path, line in ((s.path, s.line) for s in steps):
        if path is None or line is None:
            continue
        for first, last in spans.of(os.path.realpath(path)):
            if first <= line <= last:
                return True
    return False


def _source_file(obj: Any) -> str | None:
    try:
        path = inspect.getsourcefile(obj)
    except (TypeError, OSError):
        return None
    return os.path.realpath(path) if path else None


def _namespace(obj: Any, path: str) -> dict[str, Any] | None:
    """The globals of the file that defined ``obj`` (``path``)."""
    module = sys.modules.get(getattr(obj, "__module__", None) or "")
    file = getattr(module, "__file__", None)
    if module is not None and file and os.path.realpath(file) == path:
        return vars(module)
    if inspect.isfunction(obj):
        return obj.__globals__
    for value in vars(obj).values() if inspect.isclass(obj) else ():
        func = getattr(value, "__func__", value)  # staticmethod/classmethod
        if inspect.isfunction(func) and os.path.realpath(func.__code__.co_filename) == path:
            return func.__globals__
    return None


def _is_function_class(value: Any) -> bool:
    import torch

    return inspect.isclass(value) and issubclass(value, torch.autograd.Function)


class _Spans:
    """First and last lines of the model's classes per file, read from the file's AST (the
    scan's, or parsed here once) by qualified name; only for files a finding points into."""

    def __init__(self, classes: dict[str, list[type]], contexts: dict[str, Any],
                 texts: dict[str, str]) -> None:
        self.classes, self.contexts, self.texts = classes, contexts, texts
        self.memo: dict[str, list[tuple[int, int]]] = {}

    def of(self, path: str) -> list[tuple[int, int]]:
        if path not in self.memo:
            self.memo[path] = self._read(path) if self.classes.get(path) else []
        return self.memo[path]

    def _read(self, path: str) -> list[tuple[int, int]]:
        ctx = self.contexts.get(path)
        if ctx is not None:
            tree = ctx.tree
        else:
            try:
                tree = ast.parse(self.texts.get(path) or "")
            except (SyntaxError, ValueError, RecursionError):
                return []
        where: dict[str, tuple[int, int]] = {}

        def walk(node: ast.AST, prefix: str) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.ClassDef):
                    name = prefix + child.name
                    where.setdefault(name, (child.lineno, child.end_lineno or child.lineno))
                    walk(child, name + ".")
                elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    walk(child, f"{prefix}{child.name}.<locals>.")

        walk(tree, "")
        return [where[c.__qualname__] for c in self.classes[path] if c.__qualname__ in where]


def _read(path: str) -> str | None:
    """The file's text, decoded as ``capture.source.decode_source`` does (not imported here:
    most models never need the source scan)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


# -- the two training steps -------------------------------------------------------------------


def confirm_sites(model: Any, args: Sequence[Any], kwargs: dict[str, Any],
                  sites: Sequence[CheckpointSite], spaces: dict[str, dict[str, Any]],
                  *, seed: int = 0) -> tuple[Outcome, dict[int, str]]:
    """Run one training step as is and once with every site's RNG state restored.

    Returns the outcome and, per site that could not be patched, why.  An exception the
    model raises in the step is raised as ``ForwardError`` (mode ``"training step"``).
    """
    import torch

    from ..capture.runtime import ForwardError
    from ..inputs import model_device, to_device
    from ..modes import modes_of, restore_modes

    outcome = Outcome()
    unresolved: dict[int, str] = {}
    patches = []
    for site in sites:
        patch = _patch_for(site, spaces.get(os.path.realpath(site.path)))
        if isinstance(patch, str):
            unresolved[id(site)] = patch
        else:
            patches.append(patch)
    if not patches:
        outcome.reason = "the checkpoint could not be located at run time"
        return outcome, unresolved
    device = model_device(model)
    if device.type == "meta":
        outcome.reason = "the model is on the meta device (no values to compare)"
        return outcome, unresolved
    args = to_device(tuple(args), device)
    kwargs = to_device(dict(kwargs), device)
    params = [p for p in model.parameters() if p.is_floating_point()]
    saved_params = [(p, p.grad, p.requires_grad) for p in params]
    buffers = [(b, b.detach().clone()) for b in model.buffers()]
    modes = modes_of(model)
    devices = _cuda_devices(device)
    try:
        with torch.random.fork_rng(devices=devices):
            for p in params:
                p.requires_grad_(True)  # frozen blocks too: their gradients show the masks
            model.train()
            try:
                plain = _step(model, args, kwargs, params, seed, device)
                _restore_buffers(buffers)
                with contextlib.ExitStack() as stack:
                    for patch in _group(patches):
                        stack.enter_context(_applied(patch, outcome))
                    restored = _step(model, args, kwargs, params, seed, device)
            except _CannotRun as exc:
                outcome.reason = str(exc)
                return outcome, unresolved
            except Exception as exc:  # noqa: BLE001 - the model's own error, re-raised
                err = ForwardError("training step", exc)
                first = (str(exc).strip().splitlines() or [""])[0][:200]
                err.args = (f"training step (forward and backward, run to confirm DS405) "
                            f"raised {type(exc).__name__}: {first}".rstrip(": "),)
                raise err from exc
    finally:
        restore_modes(modes)
        for p, grad, flag in saved_params:
            p.grad = grad
            p.requires_grad_(flag)
        _restore_buffers(buffers)
    outcome.compared = len(plain)
    # GPU kernels with atomics may differ in the last bits between identical steps; a
    # redrawn mask moves gradients by their own size
    outcome.tolerance = 0.0 if device.type == "cpu" else _GPU_RELATIVE
    for a, b in zip(plain, restored, strict=True):
        if not a.numel():
            continue
        diff = float((a - b).abs().max())
        scale = float(b.abs().max())
        rel = diff / scale if scale else (float("inf") if diff else 0.0)
        outcome.max_abs_diff = max(outcome.max_abs_diff, diff)
        outcome.max_rel_diff = max(outcome.max_rel_diff, rel)
        outcome.differing += rel > outcome.tolerance
    return outcome, unresolved


_GPU_RELATIVE = 1e-4


class _CannotRun(Exception):
    """The step cannot be run or compared (not the model's error): the site stays unconfirmed."""


def _step(model: Any, args: tuple, kwargs: dict, params: list[Any], seed: int,
          device: Any) -> list[Any]:
    """One forward and backward from ``seed``: gradients of the parameters and float inputs."""
    import torch

    from ..errors import DropsurgeonError
    from .checkpoint_rng import _scalar

    # only the generators the step uses, as the runtime front-end does: fork_rng puts back
    # exactly those (torch.manual_seed would reseed every GPU)
    torch.default_generator.manual_seed(seed)
    if device.type == "cuda":
        with torch.cuda.device(device):
            torch.cuda.manual_seed(seed)
    for p in params:
        p.grad = None
    leaves: list[Any] = []
    xs = _grad_inputs(args, leaves)
    kw = _grad_inputs(kwargs, leaves)
    with torch.enable_grad():
        out = model(*xs, **kw)
        try:
            loss = _scalar(out)
        except DropsurgeonError as exc:
            raise _CannotRun(f"the forward returned no tensors ({exc})") from None
        if not loss.requires_grad:
            raise _CannotRun("no gradient reaches the outputs in a training step")
        # .backward(), not autograd.grad: a hand-written checkpoint Function may hand
        # parameter gradients over by accumulating into .grad instead of returning them
        loss.backward()
    return [torch.zeros_like(w) if w.grad is None else w.grad.detach().clone()
            for w in (*params, *leaves)]


def _grad_inputs(value: Any, leaves: list[Any]) -> Any:
    """A copy of the inputs whose floating tensors require gradients (collected in
    ``leaves``): a reentrant checkpoint passes gradients only to blocks whose inputs do."""
    import torch

    if isinstance(value, torch.Tensor):
        if not value.is_floating_point():
            return value
        leaf = value.detach().clone().requires_grad_(True)
        leaves.append(leaf)
        return leaf
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return type(value)(*(_grad_inputs(v, leaves) for v in value))
    if isinstance(value, (list, tuple)):
        return type(value)(_grad_inputs(v, leaves) for v in value)
    if isinstance(value, dict):
        return {k: _grad_inputs(v, leaves) for k, v in value.items()}
    return value


def _restore_buffers(buffers: list[tuple[Any, Any]]) -> None:
    import torch

    with torch.no_grad():
        for b, saved in buffers:
            b.copy_(saved)


def _cuda_devices(device: Any) -> list[int]:
    import torch

    if device.type != "cuda":
        return []
    return [device.index if device.index is not None else torch.cuda.current_device()]


# -- patches: each site with the RNG state restored --------------------------------------------


@dataclass
class _Patch:
    """For the step, ``owner.attr`` (or ``owner[attr]`` for a module's globals) becomes the
    RNG-restoring twin of the original; ``sites`` are the call sites it counts."""

    owner: Any
    attrs: tuple[str, ...]
    kind: str
    sites: list[CheckpointSite]

    @property
    def key(self) -> tuple[int, tuple[str, ...]]:
        return id(self.owner), self.attrs


def _group(patches: list[_Patch]) -> list[_Patch]:
    """One patch per patched name: two call sites may name the same ``checkpoint``."""
    by_key: dict[tuple[int, tuple[str, ...]], _Patch] = {}
    for p in patches:
        if p.key in by_key:
            by_key[p.key].sites.extend(p.sites)
        else:
            by_key[p.key] = _Patch(p.owner, p.attrs, p.kind, list(p.sites))
    return list(by_key.values())


@contextlib.contextmanager
def _applied(patch: _Patch, outcome: Outcome) -> Iterator[None]:
    owner = patch.owner
    in_dict = isinstance(owner, dict)
    space = owner if in_dict else vars(owner)
    saved = {a: space.get(a, _ABSENT) for a in patch.attrs}
    if patch.kind == TORCH:
        (attr,) = patch.attrs
        current = owner[attr] if in_dict else getattr(owner, attr)
        new = {attr: _preserving(current, patch.sites, outcome)}
    else:
        new = _restoring(owner, patch.sites, outcome)
    for attr, value in new.items():
        if in_dict:
            owner[attr] = value
        else:
            setattr(owner, attr, value)
    try:
        yield
    finally:
        for attr, value in saved.items():
            if value is not _ABSENT:
                if in_dict:
                    owner[attr] = value
                else:
                    setattr(owner, attr, value)
            elif in_dict:
                owner.pop(attr, None)
            else:
                delattr(owner, attr)  # it was inherited


_ABSENT = object()


def _preserving(original: Any, sites: list[CheckpointSite], outcome: Outcome) -> Any:
    """torch's checkpoint with ``preserve_rng_state=True``, counting calls from ``sites``."""
    spans = [(id(s), os.path.realpath(s.path), s.first, s.last) for s in sites]

    def preserving(*args: Any, **kwargs: Any) -> Any:
        caller = sys._getframe(1)
        file = os.path.realpath(caller.f_code.co_filename)
        for key, path, first, last in spans:
            if file == path and first <= caller.f_lineno <= last:
                outcome.ran[key] = outcome.ran.get(key, 0) + 1
        kwargs["preserve_rng_state"] = True
        return original(*args, **kwargs)

    return preserving


def _restoring(cls: Any, sites: list[CheckpointSite], outcome: Outcome) -> dict[str, Any]:
    """A Function's ``forward`` that saves the RNG state on ``ctx`` and a ``backward`` that
    restores it around the recompute (counted as the sites' runs)."""
    import torch

    forward, backward = cls.forward, cls.backward
    keys = [id(s) for s in sites]

    def saving(ctx: Any, *args: Any, **kwargs: Any) -> Any:
        cuda = torch.cuda.get_rng_state_all() if torch.cuda.is_initialized() else None
        ctx._dropsurgeon_rng = (torch.get_rng_state(), cuda)
        return forward(ctx, *args, **kwargs)

    def restoring(ctx: Any, *grads: Any) -> Any:
        for key in keys:
            outcome.ran[key] = outcome.ran.get(key, 0) + 1
        state = getattr(ctx, "_dropsurgeon_rng", None)
        if state is None:
            return backward(ctx, *grads)
        cpu, cuda = state
        with torch.random.fork_rng(devices=list(range(len(cuda))) if cuda else []):
            torch.set_rng_state(cpu)
            if cuda:
                torch.cuda.set_rng_state_all(cuda)
            return backward(ctx, *grads)

    return {"forward": staticmethod(saving), "backward": staticmethod(restoring)}


def _patch_for(site: CheckpointSite, namespace: dict[str, Any] | None) -> _Patch | str:
    """Where the site's callable lives at run time, or why it cannot be found."""
    import torch
    import torch.utils.checkpoint as tuc

    if namespace is None:
        return f"the module of `{os.path.basename(site.path)}` is not loaded"
    if site.kind == FUNCTION:
        cls = namespace.get(site.name)
        if not (inspect.isclass(cls) and issubclass(cls, torch.autograd.Function)):
            return f"`{site.name}` is not a torch.autograd.Function of its module at run time"
        if cls.setup_context is not torch.autograd.Function.setup_context:
            # forward(*args) + setup_context(ctx, ...): no ctx to keep the state on in forward
            return f"`{site.name}` defines `setup_context` (not supported here)"
        return _Patch(cls, ("forward", "backward"), FUNCTION, [site])
    parts = site.name.split(".")
    if not all(p.isidentifier() for p in parts) or parts[0] not in namespace:
        return f"`{site.name}` is not a name of its module at run time"
    owner: Any = namespace
    for part in parts[:-1]:
        owner = owner.get(part) if isinstance(owner, dict) else getattr(owner, part, None)
    current = (owner.get(parts[-1]) if isinstance(owner, dict)
               else getattr(owner, parts[-1], None))
    if current is None or current not in (tuc.checkpoint, tuc.checkpoint_sequential):
        return f"`{site.name}` is not torch's checkpoint at run time"
    return _Patch(owner, (parts[-1],), TORCH, [site])


# -- findings ---------------------------------------------------------------------------------


def ds405_findings(model: Any, args: Sequence[Any], kwargs: dict[str, Any], inventory: Any,
                   rule: Any, *, name: str) -> list[Finding]:
    """DS405 for each checkpoint site of the model: confirmed (the rule's severity) or not
    (``info``, with the reason).  ``inventory`` is the runtime one ``check`` recorded: when
    its training forward drew no random numbers, nothing can be redrawn and no step runs."""
    from ..capture.frames import display_path

    sites, spaces = checkpoint_sites(model)
    if not sites:
        return []
    draws = [s for s in inventory if s.active_train and s.p != 0]
    unresolved: dict[int, str] = {}
    if all(s.finding.suppressed for s in sites):
        outcome = Outcome(reason="marked `# noqa`, so not run")
    elif not draws:
        outcome = Outcome(reason="the training forward draws no random numbers (no dropout "
                                 "with a rate above 0 ran)")
    else:
        outcome, unresolved = confirm_sites(model, args, kwargs, sites, spaces)
    active = [s for s in sites if outcome.ran.get(id(s))]
    out = []
    for site in sites:
        static = site.finding
        why = unresolved.get(id(site))
        confirmed = why is None and outcome.differs and bool(outcome.ran.get(id(site)))
        evidence = _evidence(site, outcome, why, confirmed, active, name)
        path = display_path(static.path) if static.path else None
        trace = [TraceStep(display_path(s.path) if s.path else None, s.line, s.message, s.column)
                 for s in static.trace]
        trace.append(TraceStep(path, static.line, f"at run time: {evidence}", static.column))
        if confirmed:
            message = (f"{static.message}; confirmed at run time: gradients differ by up to "
                       f"{outcome.max_abs_diff:.3g} over {outcome.compared} tensors")
            severity = rule.severity
        else:
            message = (f"lint's DS405 on `{site.name}` was not confirmed at run time: "
                       f"{evidence}")
            severity = Severity.INFO
        out.append(Finding(
            code=rule.code, severity=severity, message=message, path=path, line=static.line,
            column=static.column, module=static.module, fix=rule.fix if confirmed else "",
            trace=trace, suppressed=static.suppressed,
            extra={"runtime": {"confirmed": confirmed, "max_abs_diff": outcome.max_abs_diff,
                               "tensors": outcome.compared, "differing": outcome.differing,
                               "ran": outcome.ran.get(id(site), 0)}},
        ))
    return out


def _evidence(site: CheckpointSite, outcome: Outcome, why: str | None, confirmed: bool,
              active: list[CheckpointSite], name: str) -> str:
    if why is not None:
        return f"could not run it: {why}"
    if outcome.reason:
        return outcome.reason
    calls = outcome.ran.get(id(site), 0)
    if not calls:
        return (f"the checkpoint did not run in a training step of `{name}` with these "
                "inputs and settings (switched off, e.g. `use_checkpoint=False`, or on "
                "another path)")
    together = (f"; {len(active)} checkpoint sites ran in the step and are compared together"
                if len(active) > 1 else "")
    ran = f"it ran {calls} time{'s' if calls != 1 else ''}"
    if confirmed:
        return (f"one training step of `{name}` ({ran}) against the same step with the RNG "
                f"state restored: gradients differ by up to {outcome.max_abs_diff:.3g} "
                f"(relative {outcome.max_rel_diff:.3g}) over {outcome.compared} tensors "
                f"({outcome.differing} differ){together}")
    return (f"one training step of `{name}` ({ran}) gives the same gradients as the step with "
            f"the RNG state restored ({outcome.compared} tensors compared): no dropout mask "
            f"was redrawn{together}")


__all__ = ["CheckpointSite", "Outcome", "checkpoint_sites", "confirm_sites", "ds405_findings",
           "model_files"]
