"""What fusion would do to a model, by either way in: :func:`fuse_report` (the CLI's API).

``frontend="auto"`` tries fx first (needs no inputs) and, where fx cannot trace the model (no
transformers model traces), runs ``torch.compile`` with the fused backend once in train and once
in eval mode on the example inputs, stopping after the rewrite (no code generation: only the
report is wanted).
"""

from __future__ import annotations

from typing import Any

from .fx_pass import FuseError, _one_line, run_model
from .report import FuseReport, device_note

FRONTENDS = ("auto", "fx", "compile")


def fuse_report(model: Any, example_inputs: Any = None, example_kwargs: dict | None = None, *,
                frontend: str = "auto", add_norm: bool = False,
                split_linear_bias: bool = False) -> FuseReport:
    """The report of fusing ``model`` (the model is left as it was)."""
    if frontend not in FRONTENDS:
        raise FuseError(f"unknown frontend {frontend!r} (expected {', '.join(FRONTENDS)})")
    fx_error: str | None = None
    if frontend in ("auto", "fx") and not example_kwargs:
        from .fx_pass import fuse_with_report

        try:
            return fuse_with_report(model, example_inputs, add_norm=add_norm,
                                    split_linear_bias=split_linear_bias)[1]
        except FuseError as exc:
            if frontend == "fx":
                raise
            fx_error = str(exc)
    elif frontend == "fx":
        raise FuseError(
            f"{type(model).__name__} takes keyword inputs "
            f"({', '.join(sorted(example_kwargs or {}))}), which the fx path cannot pass: use "
            "--frontend compile (torch.compile takes them)")
    report = _compile_report(model, example_inputs, example_kwargs or {}, add_norm,
                             split_linear_bias)
    if fx_error:
        report.notes.insert(0, f"fx: {fx_error.split(';')[0]}")
    return report


def _compile_report(model: Any, args: Any, kwargs: dict, add_norm: bool,
                    split_linear_bias: bool) -> FuseReport:
    import torch

    from ..modes import keep_modes
    from .backend import FusedBackend

    if args is None and not kwargs:
        raise FuseError(f"{type(model).__name__}: the torch.compile path runs the model and "
                        "needs example inputs (--input-shape or --inputs)")
    args = () if args is None else (args if isinstance(args, (tuple, list)) else (args,))
    backend = FusedBackend(lambda gm, _inputs: gm.forward, add_norm=add_norm,
                           split_linear_bias=split_linear_bias)
    torch._dynamo.reset()  # fresh captures: a cached graph would skip the backend
    try:
        # keep_modes: every module gets its own flag back (a frozen BatchNorm stays frozen)
        with keep_modes(model), torch.no_grad(), torch.random.fork_rng(devices=[]):
            # Eagerly first: inputs the model rejects fail with the model's own error (a
            # shape mismatch, an OOM), not with dynamo's wrapping of it.
            model.eval()
            run_model(model, tuple(args), kwargs, "dropsurgeon.fuse",
                      "run once eagerly in eval mode on the example inputs")
            compiled = torch.compile(model, backend=backend)
            for mode in ("train", "eval"):
                model.train(mode == "train")
                backend.mode = mode  # the report counts bytes per train forward
                try:
                    compiled(*args, **kwargs)
                except Exception as exc:  # noqa: BLE001 - dynamo raises many kinds
                    raise FuseError(f"torch.compile could not run {type(model).__name__} in "
                                    f"{mode} mode: {type(exc).__name__}: {_one_line(exc)}"
                                    ) from exc
    finally:
        backend.mode = None
        torch._dynamo.reset()
    if not backend.report.entries:
        backend.report.notes.append(f"nothing to fuse in {type(model).__name__}")
    elif (note := device_note(model)) is not None:
        backend.report.notes.append(note)
    return backend.report
