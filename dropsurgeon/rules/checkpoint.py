"""DS405: activation checkpointing that recomputes dropout without the forward's RNG state.

Checkpointing frees a block's activations after the forward and runs the block again during
backward.  When the block draws random numbers (dropout, drop-path, a hand-made mask), the
recompute draws *new* ones unless the RNG state of the forward is restored first, so the
gradient belongs to a different dropout mask than the loss.  PyTorch's own
``torch.utils.checkpoint.checkpoint`` restores it by default; ``preserve_rng_state=False``
turns that off.  Hand-written ``torch.autograd.Function`` checkpoints (a pattern copied
widely in diffusion code) re-run the stored function in ``backward`` and often restore
nothing.

This module reads the file's source context (``Rule.check_source``); no torch import.
"""

from __future__ import annotations

import ast
import collections
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..capture import ctor_args, tree_walk
from ..findings import Severity, TraceStep
from ..sites import RNN
from . import checkpoint_gate
from .base import Rule

if TYPE_CHECKING:
    from ..capture.source import SourceContext

CODE = "DS405"
_CHECKPOINTS = ("torch.utils.checkpoint.checkpoint", "torch.utils.checkpoint.checkpoint_sequential")
_FUNCTION_BASES = ("torch.autograd.Function", "torch.autograd.function.Function")
# Calls that save or restore an RNG state (the CPU one or a device's) or fork it.
_RNG_CALLS = ("get_rng_state", "set_rng_state", "get_rng_state_all", "set_rng_state_all",
              "fork_rng", "manual_seed", "get_state", "set_state")
_DEPTH = 3

# (node, message, class, trace) or, for a latent bug, the same with Severity.INFO last
Hit = tuple[Any, ...]


def check(ctx: SourceContext) -> Iterator[Hit]:
    text = ctx.text
    library = "preserve_rng_state" in text
    handwritten = "backward" in text and ".apply(" in text and "Function" in text
    if not (library or handwritten):
        return  # cheap text tests first: almost every file holds neither
    finder = _finder(ctx)
    if library:
        yield from _library_checkpoints(ctx, finder)
    if handwritten:
        yield from _handwritten_checkpoints(ctx, finder)


# -- torch.utils.checkpoint.checkpoint(fn, ..., preserve_rng_state=False) ------------------


def _library_checkpoints(ctx: SourceContext, finder: _Dropout) -> Iterator[Hit]:
    if "preserve_rng_state" not in ctx.text:
        return
    for node, cls, fn in _calls_with_context(ctx):
        q = ctx.names.qualify(node.func) or ""
        if q not in _CHECKPOINTS:
            continue
        flag = next((k.value for k in node.keywords if k.arg == "preserve_rng_state"), None)
        if not (isinstance(flag, ast.Constant) and flag.value is False):
            continue
        target = _block_argument(node, q)
        if target is None:
            continue
        found = finder.in_callable(target, cls, fn)
        if found is None:
            continue  # no dropout in the block, or a block the scan cannot resolve
        where, what = found
        name = ctx.segment(target)
        trace = [
            TraceStep(ctx.path, where.line, f"{what} draws a dropout mask in the forward",
                      where.column),
            TraceStep(ctx.path, node.lineno,
                      f"`{q.rsplit('.', 1)[-1]}({name}, ..., preserve_rng_state=False)` "
                      "recomputes it in backward without restoring the RNG state",
                      node.col_offset),
        ]
        message = (f"`{name}` holds dropout ({what}, line {where.line}) and is checkpointed "
                   "with `preserve_rng_state=False`: backward recomputes it with a different "
                   "mask, so the gradients do not match the forward; drop "
                   "`preserve_rng_state=False`")
        if not _rate_shown(ctx, finder, where):  # a rate a configuration may leave at 0
            yield (node, message + _latent(False, False), cls.name if cls is not None else "",
                   trace, Severity.INFO)
            continue
        yield node, message, cls.name if cls is not None else "", trace


def _block_argument(call: ast.Call, qualified: str) -> ast.expr | None:
    if qualified.endswith("checkpoint_sequential"):
        kw = next((k.value for k in call.keywords if k.arg == "functions"), None)
        return call.args[0] if call.args else kw
    kw = next((k.value for k in call.keywords if k.arg == "function"), None)
    target = call.args[0] if call.args else kw
    # functools.partial(block, ...): the block is the first argument
    if isinstance(target, ast.Call) and call.args and target.args and (
        ast.unparse(target.func) in ("partial", "functools.partial")
    ):
        return target.args[0]
    return target


CallInContext = tree_walk.CallInContext


def _calls_with_context(ctx: SourceContext) -> list[CallInContext]:
    """Every call with its enclosing class and outermost function (or method), walked once
    per file: the library rule, the hand-written rule and the cross-file facts all read it."""
    calls = ctx.memo.get("checkpoint.calls")
    if calls is None:
        calls = ctx.memo["checkpoint.calls"] = list(tree_walk.calls_in_context(ctx.tree))
    return calls  # type: ignore[return-value]


class _Dropout:
    """Does a callable hold dropout?  Read from the sites the scan found in this file."""

    def __init__(self, ctx: SourceContext, classes: dict[str, ast.ClassDef] | None = None,
                 assigns: dict[str, dict[str, list[ast.expr]]] | None = None) -> None:
        self.ctx = ctx
        self.classes = classes if classes is not None else {
            n.name: n for n in ast.walk(ctx.tree) if isinstance(n, ast.ClassDef)}
        self.functions = {n.name: n for n in ctx.tree.body
                          if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        self.sites = [s for s in ctx.sites if _draws(s)]
        self._class_memo: dict[str, Any] = {}
        # `self.<attr>` assignments per class: a pure function of the tree, so shareable
        self._assigns = assigns if assigns is not None else {}

    def assigns(self, cls: str) -> dict[str, list[ast.expr]]:
        """``self.<attr> = value`` in the class's methods.  Read from the AST here: the scan
        skips classes whose lines hold no dropout word (``Net`` building ``Block()``)."""
        out = self._assigns.get(cls)
        if out is None:
            out = self._assigns[cls] = {}
            node = self.classes.get(cls)
            for n in ast.walk(node) if node is not None else ():
                if isinstance(n, ast.Assign):
                    for t in n.targets:
                        if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and (
                            t.value.id == "self"
                        ):
                            out.setdefault(t.attr, []).append(n.value)
        return out

    # a class: its own dropout sites, or a submodule built from a class that has one
    def in_class(self, name: str, depth: int = 0) -> tuple[Any, str] | None:
        if name in self._class_memo:
            return self._class_memo[name]
        self._class_memo[name] = None  # a cycle resolves to "none found"
        found = None
        own = [s for s in self.sites if s.module == name]
        if own:
            s = own[0]
            found = (s, f"`{s.op}` in `{name}`")
        elif depth < _DEPTH and name in self.classes:
            for values in self.assigns(name).values():
                for value in values:
                    hit = self._in_value(value, depth + 1)
                    if hit is not None:
                        found = (hit[0], f"{hit[1]} (inside `{name}`)")
                        break
                if found:
                    break
        self._class_memo[name] = found
        return found

    def _in_value(self, value: ast.expr | None, depth: int) -> tuple[Any, str] | None:
        """A constructor expression (``Block(...)``, ``nn.ModuleList([...])``)."""
        if value is None:
            return None
        for n in ast.walk(value):
            if isinstance(n, ast.Call):
                name = n.func.id if isinstance(n.func, ast.Name) else (
                    n.func.attr if isinstance(n.func, ast.Attribute) else "")
                if name in self.classes:
                    hit = self.in_class(name, depth)
                    if hit is not None:
                        return hit
                line_sites = [s for s in self.sites if s.line == n.lineno and s.kind != RNN
                              and s.module_type]
                if line_sites:
                    s = line_sites[0]
                    return s, f"`{s.module_type or s.op}`"
        return None

    def in_callable(self, target: ast.expr, cls: ast.ClassDef | None,
                    fn: ast.AST | None) -> tuple[Any, str] | None:
        if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and (
            target.value.id == "self"
        ) and cls is not None:
            return self._self_attr(cls, target.attr, 0)
        if isinstance(target, ast.Name):
            if target.id in self.classes:
                return self.in_class(target.id)
            if target.id in self.functions:
                return self._in_body(self.functions[target.id], cls, 0)
            bound = _loop_source(fn, target.id, target.lineno) if fn is not None else None
            if bound is not None:
                return self.in_callable(bound, cls, fn)
            return None
        if isinstance(target, ast.Lambda):
            return self._in_body(target, cls, 0)
        if isinstance(target, (ast.List, ast.Tuple)):
            for elt in target.elts:
                hit = self.in_callable(elt, cls, fn)
                if hit is not None:
                    return hit
        return None

    def _self_attr(self, cls: ast.ClassDef, attr: str, depth: int) -> tuple[Any, str] | None:
        for item in cls.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name == attr:
                return self._in_body(item, cls, depth)
        for value in self.assigns(cls.name).get(attr, []):
            hit = self._in_value(value, depth + 1)
            if hit is not None:
                return hit
        return None

    def _in_body(self, node: ast.AST, cls: ast.ClassDef | None,
                 depth: int) -> tuple[Any, str] | None:
        first = node.lineno  # type: ignore[attr-defined]
        last = node.end_lineno or first  # type: ignore[attr-defined]
        for s in self.sites:
            if s.line is not None and first <= s.line <= last and not s.module_type:
                return s, f"`{s.op}(...)`"
        if depth >= _DEPTH:
            return None
        for n in ast.walk(node):
            if not isinstance(n, ast.Call):
                continue
            f = n.func
            if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and (
                f.value.id == "self"
            ) and cls is not None:
                hit = self._self_attr(cls, f.attr, depth + 1)
            elif isinstance(f, ast.Name) and f.id in self.functions and (
                self.functions[f.id] is not node
            ):
                hit = self._in_body(self.functions[f.id], None, depth + 1)
            else:
                hit = None
            if hit is not None:
                return hit
        return None


def _draws(site: Any) -> bool:
    """A site that draws random numbers in a training forward (p known to be 0 draws none)."""
    return site.active_train is not False and site.p != 0 and not site.extra.get(
        "configured_off")


def _loop_source(fn: ast.AST, name: str, line: int) -> ast.expr | None:
    """``for layer in self.layers:`` around ``line`` binds ``layer`` to an element of
    ``self.layers`` (the innermost such loop; None when no loop binds it)."""
    best: ast.For | ast.AsyncFor | None = None
    for n in ast.walk(fn):
        if isinstance(n, (ast.For, ast.AsyncFor)) and isinstance(n.target, ast.Name) and (
            n.target.id == name and n.lineno <= line <= (n.end_lineno or n.lineno)
        ) and (best is None or n.lineno > best.lineno):
            best = n
    return None if best is None else best.iter


_BLOCK_ITEMS = (ast.stmt, ast.excepthandler, ast.match_case)


def _statements(tree: ast.AST) -> Iterator[ast.AST]:
    """The nodes of ``ast.walk(tree)`` that are statements (or except/case clauses), in the
    same order (breadth first, fields in order), without visiting any expression: a class
    or a function is never inside one, and expressions are most of a tree."""
    queue = collections.deque([tree])
    while queue:
        node = queue.popleft()
        yield node
        for name in node._fields:
            value = getattr(node, name, None)
            if value.__class__ is list:
                queue.extend(x for x in value if isinstance(x, _BLOCK_ITEMS))


def _finder(ctx: SourceContext) -> _Dropout:
    """A dropout finder for the file.  Each caller gets its own (what a finder concludes about
    a class depends on the depth it was first asked at), over the file's classes and their
    ``self.<attr>`` assignments, walked once: the rule and the cross-file facts share those."""
    shared = ctx.memo.get("checkpoint.classes")
    if shared is None:
        shared = ctx.memo["checkpoint.classes"] = (
            {n.name: n for n in _statements(ctx.tree) if isinstance(n, ast.ClassDef)}, {})
    return _Dropout(ctx, *shared)  # type: ignore[misc]


# -- hand-written autograd.Function checkpoints ------------------------------------------


def _recomputes(ctx: SourceContext) -> list[tuple[ast.ClassDef, ast.Call, ast.Call | None]]:
    """:func:`_recompute_functions`, read once per file (the rule and the facts ask)."""
    found = ctx.memo.get("checkpoint.recomputes")
    if found is None:
        found = ctx.memo["checkpoint.recomputes"] = list(_recompute_functions(ctx))
    return found  # type: ignore[return-value]


def _recompute_functions(ctx: SourceContext
                         ) -> Iterator[tuple[ast.ClassDef, ast.Call, ast.Call | None]]:
    """``torch.autograd.Function`` classes whose ``backward`` calls again a function their
    ``forward`` stored on ``ctx``, with no RNG state saved or restored anywhere in the class:
    (class, the recompute call, the first run in forward)."""
    if "backward" not in ctx.text or ".apply(" not in ctx.text:
        return
    for cls in (n for n in _statements(ctx.tree) if isinstance(n, ast.ClassDef)):
        if not any((ctx.names.qualify(b) or "") in _FUNCTION_BASES
                   or (isinstance(b, ast.Attribute) and b.attr == "Function"
                       and ast.unparse(b).endswith("autograd.Function")) for b in cls.bases):
            continue
        methods = {m.name: m for m in cls.body if isinstance(m, (ast.FunctionDef,
                                                                 ast.AsyncFunctionDef))}
        forward, backward = methods.get("forward"), methods.get("backward")
        if forward is None or backward is None:
            continue
        if any(_rng_call(n) for m in methods.values() for n in ast.walk(m)):
            continue  # the class saves or restores an RNG state somewhere: trust it
        stored = _stored_callables(forward)
        if not stored:
            continue
        rerun = next((n for n in ast.walk(backward) if isinstance(n, ast.Call)
                      and _ctx_attr(n.func, backward) in stored), None)
        if rerun is None:
            continue
        attr = _ctx_attr(rerun.func, backward)
        first_run = next((n for n in ast.walk(forward) if isinstance(n, ast.Call)
                          and (_ctx_attr(n.func, forward) == attr
                               or (isinstance(n.func, ast.Name)
                                   and n.func.id == stored[attr]))), None)
        yield cls, rerun, first_run


def _handwritten_checkpoints(ctx: SourceContext, finder: _Dropout) -> Iterator[Hit]:
    for cls, rerun, first_run in _recomputes(ctx):
        # Only a block the file shows holding dropout: a Function whose blocks are unknown
        # here (or take their masks as arguments, like reversible GNNs) stays quiet.
        block = _applied_block(ctx, cls.name, finder)
        if block is None:
            continue
        where, what, call, gated = block
        trace = [TraceStep(ctx.path, where.line, f"{what} draws a dropout mask in the forward",
                           where.column),
                 TraceStep(ctx.path, call.lineno,
                           f"`{ctx.segment(call)[:60]}` checkpoints it through `{cls.name}`",
                           call.col_offset)]
        if first_run is not None:
            trace.append(TraceStep(ctx.path, first_run.lineno,
                                   f"`{cls.name}.forward` runs the block (its dropout draws "
                                   "masks from the current RNG state)", first_run.col_offset))
        trace.append(TraceStep(ctx.path, rerun.lineno,
                               f"`{cls.name}.backward` runs it again with no saved RNG state: "
                               "new masks", rerun.col_offset))
        if gated or not _rate_shown(ctx, finder, where):
            # the recompute redraws masks only if the flag is on and the rate is above 0, and
            # the scan sees neither (constructor arguments from a config): latent, info
            yield (rerun, _handwritten_message(cls.name) + _latent(
                gated, _rate_shown(ctx, finder, where)), cls.name, trace, Severity.INFO)
            continue
        yield rerun, _handwritten_message(cls.name), cls.name, trace


def _rate_shown(ctx: SourceContext, finder: _Dropout, site: Any) -> bool:
    """Is the block's dropout rate above 0 as the file shows it (a number, or a constructor
    parameter every construction here sets above 0), not a value a configuration elsewhere
    may leave at 0?"""
    return checkpoint_gate.rate_above_zero(site.p, site.p_text,
                                           finder.classes.get(site.module), ctx.tree)


def _latent(gated: bool, shown: bool) -> str:
    parts = (["the recompute runs only when its checkpoint flag is on"] if gated else []) + (
        [] if shown else ["the dropout rate comes from the constructor's caller"])
    return (f" (info: latent; {' and '.join(parts)}, and the scan cannot see those values "
            "set: a configuration that turns both on makes this a real bug)")


def _handwritten_message(name: str) -> str:
    return (f"`{name}.backward` recomputes the checkpointed block without restoring the RNG "
            "state of the forward: any dropout in the block gets a different mask and the "
            "gradients do not match the loss; save `torch.get_rng_state()` (and "
            "`torch.cuda.get_rng_state()`) in `forward` and restore them around the "
            "recompute (`torch.random.fork_rng`), or use `torch.utils.checkpoint`")


def _applied_block(ctx: SourceContext, name: str, finder: _Dropout
                   ) -> tuple[Any, str, ast.Call, bool] | None:
    """The first block with dropout this file hands to ``name.apply(block, ...)``, directly
    or through a wrapper function whose parameter it passes on (``def checkpoint(func, ...):
    return CheckpointFunction.apply(func, ...)``): (site, label, the call naming it, whether
    a flag the file does not show off decides if the recompute runs)."""
    calls = _calls_with_context(ctx)
    wrappers = _wrappers(calls, name)
    for call, cls, fn in calls:
        f = call.func
        if not (isinstance(f, ast.Attribute) and f.attr == "apply" and isinstance(f.value, ast.Name)
                and f.value.id == name and call.args):
            continue
        block = call.args[0]
        if isinstance(block, ast.Name) and fn is not None and fn.name in wrappers:  # type: ignore
            continue
        flag = checkpoint_gate.self_flag(fn, call) if cls is not None else None
        if flag is not None and checkpoint_gate.is_off(flag, cls, ctx.tree):
            continue  # `if self.use_ckpt: F.apply(...)`, a flag no construction turns on
        found = finder.in_callable(block, cls, fn)
        if found is not None:
            return (*found, call, flag is not None and not checkpoint_gate.is_on(
                flag, cls, ctx.tree))
    if not wrappers:
        return None
    gates = _wrapper_gates(calls, name, wrappers)
    for call, cls, fn in calls:
        f = call.func
        index = wrappers.get(f.id) if isinstance(f, ast.Name) else None
        if index is None or len(call.args) <= index:
            continue
        gate = gates.get(f.id)  # type: ignore[union-attr]
        if gate is not None and checkpoint_gate.is_off(
                ctor_args.argument(call, gate[0], gate[1]), cls, ctx.tree):
            continue  # the wrapper recomputes only when a flag is on, and it never is here
        found = finder.in_callable(call.args[index], cls, fn)
        if found is not None:
            return (*found, call, gate is not None and not checkpoint_gate.is_on(
                ctor_args.argument(call, gate[0], gate[1]), cls, ctx.tree))
    return None


def _wrapper_gates(calls: list[CallInContext], name: str, wrappers: dict[str, int]
                   ) -> dict[str, tuple[ast.AST, int]]:
    """The wrappers that call ``name.apply`` only when one of their parameters is true
    (``if flag: return F.apply(...)``): {wrapper: (its def, that parameter's index)}."""
    out: dict[str, tuple[ast.AST, int]] = {}
    for call, cls, fn in calls:
        f = call.func
        if fn is None or cls is not None or getattr(fn, "name", None) not in wrappers or not (
                isinstance(f, ast.Attribute) and f.attr == "apply"
                and isinstance(f.value, ast.Name) and f.value.id == name):
            continue
        index = checkpoint_gate.gate_index(fn, call)
        if index is not None:
            out[fn.name] = (fn, index)  # type: ignore[attr-defined]
    return out


def _wrappers(calls: list[tuple[ast.Call, ast.ClassDef | None, ast.AST | None]],
              name: str) -> dict[str, int]:
    """Top-level functions passing one of their parameters as the block to ``name.apply``:
    {wrapper: index of that parameter}."""
    out: dict[str, int] = {}
    for call, cls, fn in calls:
        f = call.func
        if not (isinstance(f, ast.Attribute) and f.attr == "apply" and isinstance(f.value, ast.Name)
                and f.value.id == name and call.args) or fn is None or cls is not None:
            continue
        block = call.args[0]
        params = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)]  # type: ignore
        if isinstance(block, ast.Name) and block.id in params:
            out[fn.name] = params.index(block.id)  # type: ignore[attr-defined]
    return out


# -- the repository-wide part: a checkpoint Function in one file, its blocks in another -----

_IMPORTED_CHECKPOINT = re.compile(r"checkpoint|ckpt", re.IGNORECASE)


def checkpoint_facts(ctx: SourceContext) -> dict[str, Any]:
    """JSON facts for :func:`join_checkpoint_facts`.

    ``functions``: checkpoint Functions of this file that no block of this file reaches,
    each with its wrappers (``{wrapper: block parameter index}``, the class itself under
    ``<name>.apply`` with index 0) and the lines of its first run and recompute.
    ``uses``: calls here of an imported checkpoint-named function (or of an imported class's
    ``.apply``) whose arguments hold dropout: ``{name, line, column, args: {index: [line,
    column, label]}}``.
    """
    out: dict[str, Any] = {}
    finder: _Dropout | None = None
    functions = {}
    for cls, rerun, first_run in _recomputes(ctx):
        finder = finder or _finder(ctx)
        if _applied_block(ctx, cls.name, finder) is not None:
            continue  # reported in this file already
        calls = _calls_with_context(ctx)
        wrappers = _wrappers(calls, cls.name)
        entry_points = {f"{cls.name}.apply": 0, **wrappers}
        functions[cls.name] = {"entries": entry_points,
                               # the parameter that turns each wrapper's recompute on
                               "gates": {w: g[1] for w, g in _wrapper_gates(
                                   calls, cls.name, wrappers).items()},
                               "rerun": [rerun.lineno, rerun.col_offset],
                               "first_run": None if first_run is None else first_run.lineno}
    if functions:
        out["functions"] = functions
    imported = {a.asname or a.name: (n.module or "", a.name, n.level)
                for n in ctx.tree.body if isinstance(n, ast.ImportFrom) for a in n.names}
    # Only an imported name that this file calls (``name(`` or ``name.apply(``) can be a use:
    # a text test per candidate spares the walk over files that merely import such a name.
    applies = ".apply(" in ctx.text
    called = [n for n in imported
              if (_IMPORTED_CHECKPOINT.search(n)
                  and re.search(rf"{re.escape(n)}\s*\(", ctx.text))
              or (applies and f"{n}.apply(" in ctx.text)]
    if not called:
        return out
    uses = []
    for call, cls, fn in _calls_with_context(ctx):
        f = call.func
        if isinstance(f, ast.Name) and f.id in imported and _IMPORTED_CHECKPOINT.search(f.id):
            name = f.id
        elif isinstance(f, ast.Attribute) and f.attr == "apply" and isinstance(
            f.value, ast.Name
        ) and f.value.id in imported:
            name = f"{f.value.id}.apply"
        else:
            continue
        finder = finder or _finder(ctx)
        args = {}
        for i, arg in enumerate(call.args[:4]):
            found = finder.in_callable(arg, cls, fn)
            if found is not None:
                args[str(i)] = [found[0].line, found[0].column, found[1],
                                _rate_shown(ctx, finder, found[0])]
        if args:
            module, real, level = imported[name.split(".")[0]]
            uses.append({"name": name, "module": module, "real": real, "level": level,
                         "line": call.lineno, "column": call.col_offset,
                         # arguments true at every run the file shows (a wrapper's flag)
                         "on": [i for i, a in enumerate(call.args)
                                if checkpoint_gate.is_on(a, cls, ctx.tree)],
                         "text": ctx.segment(call)[:60], "args": args})
    if uses:
        out["uses"] = uses
    return out


def join_checkpoint_facts(facts: dict[str, dict[str, Any]], resolve: Any
                          ) -> list[tuple[str, int, int, str, str, list[TraceStep], bool]]:
    """DS405 hits (path, line, column, message, class, trace, latent) for checkpoint
    Functions whose dropout blocks come from another file.  ``resolve(importer, module,
    level)`` gives the linted file an import names (or None).  Latent: the recompute runs
    only behind a flag the call does not set to a true literal, or the block's dropout rate
    is no number above 0 in the code."""
    out = []
    seen: set[tuple[str, int]] = set()
    for path in sorted(facts):
        for use in facts[path].get("uses", ()):
            target = resolve(path, use["module"], use["level"])
            if target is None or target == path:
                continue
            entry = use["real"] + (".apply" if use["name"].endswith(".apply") else "")
            for cls, info in facts[target].get("functions", {}).items():
                index = info["entries"].get(entry)
                arg = use["args"].get(str(index)) if index is not None else None
                line, column = info["rerun"]
                if arg is None or (target, line) in seen:
                    continue
                seen.add((target, line))
                trace = [TraceStep(path, arg[0], f"{arg[2]} draws a dropout mask in the forward",
                                   arg[1]),
                         TraceStep(path, use["line"],
                                   f"`{use['text']}` checkpoints it through `{cls}` "
                                   f"(imported from `{'.' * use['level']}{use['module']}`)",
                                   use["column"])]
                if info["first_run"] is not None:
                    trace.append(TraceStep(target, info["first_run"],
                                           f"`{cls}.forward` runs the block (its dropout draws "
                                           "masks from the current RNG state)"))
                trace.append(TraceStep(target, line, f"`{cls}.backward` runs it again with no "
                                                     "saved RNG state: new masks", column))
                gate = info.get("gates", {}).get(use["real"])
                gated = gate is not None and gate not in use.get("on", ())
                shown = len(arg) > 3 and bool(arg[3])
                message = _handwritten_message(cls)
                if gated or not shown:
                    message += _latent(gated, shown)
                out.append((target, line, column, message, cls, trace, gated or not shown))
    return out



def _rng_call(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    f = node.func
    name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
    return name in _RNG_CALLS


def _ctx_attr(func: ast.expr, method: ast.AST) -> str | None:
    """``ctx.run_function`` in a method whose first parameter is ``ctx``: ``run_function``."""
    args = method.args  # type: ignore[attr-defined]
    first = (args.posonlyargs or args.args or [None])[0]
    if first is None:
        return None
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and (
        func.value.id == first.arg
    ):
        return func.attr
    return None


def _stored_callables(forward: ast.AST) -> dict[str, str]:
    """``ctx.<attr> = <param>`` in forward: {attr: param} (a function handed to the
    checkpoint, to be called again in backward)."""
    args = forward.args  # type: ignore[attr-defined]
    params = [a.arg for a in (*args.posonlyargs, *args.args)]
    if not params:
        return {}
    ctx_name, rest = params[0], set(params[1:])
    out: dict[str, str] = {}
    for n in ast.walk(forward):
        if isinstance(n, ast.Assign) and isinstance(n.value, ast.Name) and n.value.id in rest:
            for t in n.targets:
                if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and (
                    t.value.id == ctx_name
                ):
                    out[t.attr] = n.value.id
    return out


_HEADER = "import torch\nimport torch.nn as nn\nfrom torch.utils.checkpoint import checkpoint\n\n\n"
_BLOCK = ("class Block(nn.Module):\n"
          "    def __init__(self):\n"
          "        super().__init__()\n"
          "        self.fc = nn.Linear(8, 8)\n"
          "        self.drop = nn.Dropout(0.1)\n\n"
          "    def forward(self, x):\n"
          "        return self.drop(self.fc(x))\n\n\n")

RULES = (
    Rule(
        code=CODE,
        name="checkpoint-recomputes-dropout-without-rng-state",
        severity=Severity.WARNING,
        summary="A checkpointed block with dropout is recomputed in backward without the "
                "forward's RNG state.",
        why=(
            "Activation checkpointing runs the block a second time during backward. Dropout "
            "in that block draws a new mask unless the RNG state of the forward is restored "
            "first, so the gradients are computed for a different mask than the loss: "
            "training silently optimises the wrong function. `torch.utils.checkpoint` "
            "restores the state unless `preserve_rng_state=False`; hand-written "
            "`torch.autograd.Function` checkpoints (common in diffusion code) usually "
            "restore nothing. `dropsurgeon.guard.checkpoint_rng.confirm` shows it at run "
            "time: one step's gradients through the checkpoint differ from the same step "
            "without it."
        ),
        fix=("Keep the default `preserve_rng_state=True`; in a hand-written checkpoint, save "
             "`torch.get_rng_state()` / `torch.cuda.get_rng_state()` in `forward` and restore "
             "them (inside `torch.random.fork_rng()`) before recomputing in `backward`."),
        invalid=(
            _HEADER + _BLOCK
            + "class Net(nn.Module):\n"
            + "    def __init__(self):\n"
            + "        super().__init__()\n"
            + "        self.block = Block()\n\n"
            + "    def forward(self, x):\n"
            + "        return checkpoint(self.block, x, use_reentrant=False,  # expect: DS405\n"
            + "                          preserve_rng_state=False)\n",
            "import torch\n\n\n"
            "class CheckpointFunction(torch.autograd.Function):\n"
            "    @staticmethod\n"
            "    def forward(ctx, run_function, *args):\n"
            "        ctx.run_function = run_function\n"
            "        ctx.save_for_backward(*args)\n"
            "        with torch.no_grad():\n"
            "            return run_function(*args)\n\n"
            "    @staticmethod\n"
            "    def backward(ctx, grad):\n"
            "        inputs = [x.detach().requires_grad_(True) for x in ctx.saved_tensors]\n"
            "        with torch.enable_grad():\n"
            "            out = ctx.run_function(*inputs)  # expect: DS405\n"
            "        grads = torch.autograd.grad(out, inputs, grad)\n"
            "        return (None, *grads)\n\n\n"
            "class Block(torch.nn.Module):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.fc = torch.nn.Linear(8, 8)\n"
            "        self.drop = torch.nn.Dropout(0.1)\n\n"
            "    def forward(self, x):\n"
            "        return CheckpointFunction.apply(self._forward, x)\n\n"
            "    def _forward(self, x):\n"
            "        return self.drop(self.fc(x))\n",
        ),
        valid=(
            _HEADER + _BLOCK
            + "class Net(nn.Module):\n"
            + "    def __init__(self):\n"
            + "        super().__init__()\n"
            + "        self.block = Block()\n\n"
            + "    def forward(self, x):\n"
            + "        return checkpoint(self.block, x, use_reentrant=False)\n",
            "import torch\n\n\n"
            "class CheckpointFunction(torch.autograd.Function):\n"
            "    @staticmethod\n"
            "    def forward(ctx, run_function, *args):\n"
            "        ctx.run_function = run_function\n"
            "        ctx.rng = torch.get_rng_state()\n"
            "        ctx.save_for_backward(*args)\n"
            "        with torch.no_grad():\n"
            "            return run_function(*args)\n\n"
            "    @staticmethod\n"
            "    def backward(ctx, grad):\n"
            "        inputs = [x.detach().requires_grad_(True) for x in ctx.saved_tensors]\n"
            "        with torch.random.fork_rng():\n"
            "            torch.set_rng_state(ctx.rng)\n"
            "            with torch.enable_grad():\n"
            "                out = ctx.run_function(*inputs)\n"
            "        grads = torch.autograd.grad(out, inputs, grad)\n"
            "        return (None, *grads)\n",
        ),
        check_source=check,
    ),
)

__all__ = ["RULES", "check", "checkpoint_facts", "join_checkpoint_facts"]
