"""``torch.compile(model, backend=dropsurgeon.fused_backend())``: fuse, then hand to Inductor.

fx traces no transformers model, but dynamo captures almost all of them, so this backend is
the way into those: dynamo hands it each captured FX graph (modules inlined, so
``nn.Dropout`` appears as ``F.dropout(x, p, training, inplace)`` with the module's flag baked
in at capture and guarded: ``.eval()`` recompiles, and the eval graph is fused on its own).
The pass rewrites the graph in place with calls to :mod:`dropsurgeon.fused`'s public
functions; AOTAutograd traces through them to the ``torch.ops.dropsurgeon.*`` custom ops (their
rng is a ``torch.randint`` in the graph, so each step draws a fresh mask), and the result goes
to the compiler named by ``compiler`` (Inductor by default).
"""

from __future__ import annotations

from typing import Any

from . import api
from .patterns import (
    BIAS_DROPOUT_ADD,
    DROPOUT,
    LAYER_NORM,
    RMS_NORM,
    GraphView,
    Match,
    Training,
    find_matches,
)
from .report import FuseReport, entry
from .rewrite import apply


def _baked_training(modules: dict[str, Any]) -> Any:
    def training_of(node: Any, info: dict) -> Training | str:
        if info["module"] is not None:  # inline_inbuilt_nn_modules=False keeps module calls
            return Training(value=bool(modules[info["module"]].training))
        flag = info["training"]
        if isinstance(flag, bool):
            return Training(value=flag)
        return "its training flag is a tensor computed at run time"

    return training_of


def emit_call(graph: Any, match: Match, args: dict[str, Any]) -> Any:
    """A ``call_function`` on the public fused function, with p and training as constants."""
    p = args["p"] if args.get("p") is not None else match.p
    training = bool(match.training.value)
    x, bias, residual = args["x"], args["bias"], args["residual"]
    if match.pattern == DROPOUT:
        return graph.call_function(api.dropout, (x, p, training))
    if match.pattern == BIAS_DROPOUT_ADD:
        return graph.call_function(api.bias_dropout_add, (x, bias, residual, p, training))
    norm = match.norm
    assert norm is not None
    if match.pattern == LAYER_NORM:
        return graph.call_function(
            api.dropout_add_layer_norm,
            (x, residual, args["weight"], args["norm_bias"], p, norm.eps, training,
             match.return_residual), {"x_bias": bias})
    if match.pattern == RMS_NORM:
        return graph.call_function(
            api.dropout_add_rms_norm,
            (x, residual, args["weight"], p, norm.eps, training, match.return_residual),
            {"x_bias": bias})
    raise ValueError(f"unknown pattern {match.pattern!r}")


class FusedBackend:
    """A torch.compile backend; ``.report`` accumulates what it fused over every graph.

    (No ``reset`` method: ``torch._dynamo.reset()`` calls a backend's ``reset()``, which would
    lose the report of what was compiled.)
    """

    def __init__(self, compiler: str | Any = "inductor", *, add_norm: bool = False,
                 split_linear_bias: bool = False) -> None:
        self.compiler = compiler
        self.add_norm = add_norm
        self.split_linear_bias = split_linear_bias
        self.report = FuseReport(frontend="torch.compile")
        # Set by the caller that knows it (the CLI's survey): the mode of the graphs captured
        # next, so that the report's totals count one train forward, not train + eval.
        self.mode: str | None = None

    def rewrite(self, gm: Any) -> list[Match]:
        """Fuse ``gm``'s graph in place (recompiled); returns the matches applied."""
        view = GraphView(gm.graph, dict(gm.named_modules()), root=gm)
        matches, skipped = find_matches(view, _baked_training(view.modules),
                                        add_norm=self.add_norm,
                                        split_linear_bias=self.split_linear_bias)
        graph_index = self.report.graphs
        applied, refused = apply(gm.graph, matches, emit_call, view.modules,
                                 describe=lambda m: entry(view, m, graph_index))
        self.report.graphs += 1
        mode = self.mode or _graph_mode([info for _, info in applied])
        for _, info in applied:
            info.mode = mode
        self.report.entries.extend(info for _, info in applied)
        self.report.skipped.extend(skipped)
        for match, why in refused:
            self.report.notes.append(f"{match.pattern} at {match.location() or match.out.name} "
                                     f"not applied: {why}")
        gm.recompile()
        return [m for m, _ in applied]

    def _compile(self, gm: Any, example_inputs: list) -> Any:
        compiler = self.compiler
        if callable(compiler):
            return compiler(gm, example_inputs)
        if compiler == "inductor":
            from torch._inductor.compile_fx import compile_fx

            return compile_fx(gm, example_inputs)
        import torch._dynamo

        return torch._dynamo.lookup_backend(compiler)(gm, example_inputs)

    def __call__(self, gm: Any, example_inputs: list) -> Any:
        self.rewrite(gm)
        return self._compile(gm, example_inputs)


def _graph_mode(entries: list[Any]) -> str | None:
    """The mode a captured graph was traced in, read from its dropout flags (dynamo bakes
    ``self.training`` in): any dropout that drops -> train; dropouts that all never drop ->
    eval; no dropout -> unknown (None, counted in either mode's totals)."""
    flags = {e.training for e in entries if e.training in ("always", "never")}
    if "always" in flags:
        return "train"
    return "eval" if flags == {"never"} else None


def fused_backend(compiler: str | Any = "inductor", *, add_norm: bool = False,
                  split_linear_bias: bool = False) -> FusedBackend:
    """A backend for ``torch.compile`` that fuses dropout sites, then runs ``compiler``.

    ``compiler``: "inductor" (default), any name ``torch._dynamo.list_backends()`` knows
    ("aot_eager", "eager" ...), or a backend callable.  ``add_norm`` also fuses a residual add
    feeding a norm when no dropout sits between (Inductor usually fuses those by itself).
    ``split_linear_bias`` moves a Linear's bias out of the GEMM into the fused op (the GEMM
    adds it for free in its epilogue, so this only pays where that is not so).
    """
    return FusedBackend(compiler, add_norm=add_norm, split_linear_bias=split_linear_bias)
