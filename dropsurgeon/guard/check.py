"""``check``: run the model and prove that eval mode is free of dropout and randomness.

Where ``lint`` reasons about code, ``check`` is the ground truth a CI job can rely on: it
runs the model (see :mod:`dropsurgeon.capture.runtime`) in eval mode twice and in train mode
once, and reports

* every dropout-family or random op active at eval, with the rule codes ``lint`` uses
  (DS101 functional dropout without ``training``, DS102 flag True at eval, DS103 dropout
  built in forward, DS104 attention ``dropout_p`` at eval, DS105 dropout module still
  training, DS106 random mask at eval ...);
* DS501 when the two eval outputs differ bitwise and no recorded op explains it;
* DS404 when a forward changes dropout state (``training``, ``p``, ``dropout_p`` ...);
* DS405 for each checkpoint of the model's code that ``lint`` flags, confirmed (or not) by
  one training step against the same step with the RNG state restored
  (:mod:`.checkpoint_confirm`).

``# noqa`` / ``# noqa: DS102`` on the reported line marks a finding as intended (MC dropout).
"""

from __future__ import annotations

import inspect
import re
import sys
import types
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import DropsurgeonError
from ..findings import Finding, Severity
from ..linter.result import ANALYSED, FAILED, SKIPPED, ModelResult, Report
from ..sites import RANDOM, Inventory, Site

# What `check` reports unless --select says otherwise: behaviour, not rates or placement.
DEFAULT_PREFIXES = ("DS1", "DS404", "DS405", "DS5")

__all__ = ["CheckResult", "check", "check_model", "check_spec"]


@dataclass
class CheckResult:
    """What one run of :func:`check` saw.  Truthy when the model passed."""

    name: str
    inventory: Inventory
    findings: list[Finding] = field(default_factory=list)
    deterministic: bool | None = None  # None: not compared (meta device)
    mismatch: str = ""  # where the two eval outputs first differ
    mutations: list[Any] = field(default_factory=list)  # runtime.Mutation

    @property
    def active_at_eval(self) -> list[Site]:
        """Dropout-family sites that dropped at eval, and random ops whose draw reached
        (or may have reached) the output."""
        return [
            s for s in self.inventory
            if s.active_eval and not (s.kind == RANDOM and s.reaches_output is False)
        ]

    @property
    def problems(self) -> list[Finding]:
        """Findings not marked ``# noqa``, most severe first."""
        active = [f for f in self.findings if not f.suppressed]
        return sorted(active, key=lambda f: (-int(f.severity), f.sort_key))

    @property
    def ok(self) -> bool:
        return not any(f.severity >= Severity.ERROR for f in self.problems)

    def __bool__(self) -> bool:
        return self.ok

    def describe(self) -> str:
        """One line per problem: ``path:line: CODE message``."""
        lines = [
            f"{f.path or '<unknown>'}:{f.line or 0}: {f.code} {f.message}" for f in self.problems
        ]
        return "\n".join(lines) if lines else f"{self.name}: no dropout or randomness at eval"

    def to_report(self, fail_on: Severity = Severity.WARNING) -> Report:
        result = ModelResult(self.name, ANALYSED, ["runtime"], inventory=self.inventory)
        return Report(findings=list(self.findings), models=[result], fail_on=fail_on)


def check(model: Any, *inputs: Any, **kwargs: Any) -> CheckResult:
    """Run ``model(*inputs, **kwargs)`` in eval (twice) and train mode and report what ran.

    The model's modes, buffers and the global RNG are restored afterwards.  An exception the
    model's forward raises reaches the caller as itself (a ``RuntimeError`` stays one), with
    a note saying which forward dropsurgeon was running.
    """
    return check_model(model, inputs, kwargs)


def check_model(
    model: Any,
    args: Sequence[Any] = (),
    kwargs: dict[str, Any] | None = None,
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    name: str | None = None,
) -> CheckResult:
    """:func:`check` with rule selection (code prefixes, as ``--select/--ignore``)."""
    from ..capture.runtime import ForwardError

    try:
        return _check_model(model, args, kwargs, select=select, ignore=ignore, name=name)
    except ForwardError as exc:
        original, mode = exc.original, exc.mode
    # Raised outside the handler so that the model's error is not chained to ours: a
    # caller's `except torch.cuda.OutOfMemoryError` must see the model's exception itself.
    if mode == "training step":
        original.add_note("dropsurgeon.check: raised by the model's training step (forward "
                          "and backward), run to confirm DS405 (a checkpoint redrawing dropout)")
    else:
        original.add_note(f"dropsurgeon.check: raised by the model's {mode} forward, run to "
                          "record which dropout and random ops execute")
    raise original


def _check_model(
    model: Any,
    args: Sequence[Any],
    kwargs: dict[str, Any] | None,
    *,
    select: Sequence[str] | None,
    ignore: Sequence[str] | None,
    name: str | None,
) -> CheckResult:
    """:func:`check_model`, with a forward's exception wrapped in ``ForwardError``."""
    import torch.nn as nn

    from ..capture.runtime import observe

    if not isinstance(model, nn.Module):
        raise DropsurgeonError(f"cannot check a {type(model).__name__}: pass an nn.Module")
    name = name or type(model).__name__
    obs = observe(model, tuple(args), dict(kwargs or {}), compare=True, watch_state=True)
    rules = _rules(select, ignore)
    result = CheckResult(
        name=name,
        inventory=obs.inventory,
        deterministic=obs.deterministic,
        mismatch=obs.mismatch,
        mutations=list(obs.mutations),
    )
    findings = _site_findings(obs.inventory.sites, rules)
    findings += _nondeterminism(model, result, rules)
    findings += _mutation_findings(model, result, rules)
    findings += _checkpoint_findings(model, args, kwargs, result, rules)
    for f in findings:
        f.model = name
        f.frontend = "runtime"
    _apply_noqa(findings)
    result.findings = sorted(findings, key=lambda f: f.sort_key)
    return result


def _rules(select: Sequence[str] | None, ignore: Sequence[str] | None) -> dict[str, Any]:
    from ..rules import BY_CODE

    sel = [s.strip().upper() for s in select or () if s.strip()]
    ign = [s.strip().upper() for s in ignore or () if s.strip()]
    chosen = {}
    for code, rule in sorted(BY_CODE.items()):
        wanted = code.startswith(tuple(sel)) if sel else code.startswith(DEFAULT_PREFIXES)
        if wanted and not (ign and code.startswith(tuple(ign))):
            chosen[code] = rule
    return chosen


def _site_findings(sites: Sequence[Site], rules: dict[str, Any]) -> list[Finding]:
    from ..rules import run_site_rules

    return run_site_rules(sites, tuple(rules.values()))


def _forward_location(model: Any) -> tuple[str | None, int | None]:
    from ..capture.frames import display_path

    forward = type(model).forward
    try:
        return display_path(inspect.getsourcefile(forward)), forward.__code__.co_firstlineno
    except (TypeError, OSError, AttributeError):
        return None, None


def _nondeterminism(model: Any, result: CheckResult, rules: dict[str, Any]) -> list[Finding]:
    rule = rules.get("DS501")
    if rule is None or result.deterministic is not False or result.active_at_eval:
        return []  # identical, not compared, or explained by a recorded op
    path, line = _forward_location(model)
    return [Finding(
        code=rule.code, severity=rule.severity, fix=rule.fix, path=path, line=line,
        message=(
            f"two eval forwards of `{type(model).__name__}` on the same input differ at "
            f"{result.mismatch}, and no dropout or torch random op explains it: something "
            "else is random or stateful"
        ),
    )]


def _mutation_findings(model: Any, result: CheckResult, rules: dict[str, Any]) -> list[Finding]:
    rule = rules.get("DS404")
    if rule is None:
        return []
    out = []
    for m in result.mutations:
        path, line = (m.path, m.line) if m.line else _forward_location(model)
        if path is not None:
            from ..capture.frames import display_path

            path = display_path(path)
        out.append(Finding(
            code=rule.code, severity=rule.severity, fix=rule.fix, path=path, line=line,
            module=m.module,
            message=f"forward changes dropout state: {m.describe()}",
        ))
    return out


def _checkpoint_findings(model: Any, args: Sequence[Any], kwargs: dict[str, Any] | None,
                         result: CheckResult, rules: dict[str, Any]) -> list[Finding]:
    rule = rules.get("DS405")
    if rule is None:
        return []
    from .checkpoint_confirm import ds405_findings

    return ds405_findings(model, tuple(args), dict(kwargs or {}), result.inventory, rule,
                          name=result.name)


_NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.I)


def _apply_noqa(findings: Sequence[Finding]) -> None:
    """``# noqa`` silences every code on the line, ``# noqa: DS102, DS104`` those codes."""
    import linecache

    for f in findings:
        if not f.path or not f.line:
            continue
        match = _NOQA.search(linecache.getline(f.path, f.line))
        if match is None:
            continue
        codes = match.group("codes")
        if codes is None or f.code in {c.upper() for c in re.split(r"[\s,]+", codes) if c}:
            f.suppressed = True


# --------------------------------------------------------------------------- specs (CLI)


def _needs_inputs(model: Any) -> bool:
    try:
        params = inspect.signature(model.forward).parameters.values()
    except (TypeError, ValueError):
        return True
    return any(
        p.default is inspect.Parameter.empty
        and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
        for p in params
    )


def check_spec(
    spec: str,
    *,
    kwargs: dict[str, Any] | str | None = None,
    input_shapes: Sequence[Any] | None = None,
    dtype: str | None = None,
    inputs: tuple | None = None,
    inputs_file: str | None = None,
    fail_on: str | Severity | None = None,
    select: str | Sequence[str] | None = None,
    ignore: str | Sequence[str] | None = None,
    device: str = "cpu",
) -> Report:
    """Build every model ``spec`` names (as ``lint`` does) and :func:`check` each one.

    Inputs come from ``inputs``/``inputs_file`` (a ``.pt`` file loaded with
    ``weights_only=True``), ``input_shapes``, the file's ``example_inputs()`` or a
    transformers model's ``dummy_inputs``.  A model that needs inputs and has none, and a
    forward that raises, are input errors (``Report.errors``: exit code 2).
    """
    from ..capture.runtime import ForwardError
    from ..load import LoadedModel, load_inputs_file, load_models, parse_kwargs, parse_shape

    kw = parse_kwargs(kwargs) if isinstance(kwargs, str) or kwargs is None else dict(kwargs)
    shapes = [parse_shape(s) if isinstance(s, str) else tuple(s) for s in input_shapes or ()]
    if inputs_file is not None:
        inputs = load_inputs_file(inputs_file)
    from ..linter.config import parse_codes

    sel = parse_codes(select, "--select") or None if select else None
    ign = parse_codes(ignore, "--ignore") or None if ignore else None
    report = Report(fail_on=Severity.parse(fail_on) if fail_on else Severity.WARNING)
    for loaded in load_models(
        spec, kw, device=device, input_shapes=shapes or None, dtype=dtype, inputs=inputs
    ):
        if not isinstance(loaded, LoadedModel):
            report.models.append(ModelResult(loaded.name, SKIPPED, reason=loaded.reason))
            continue
        args, mkw = loaded.example_inputs, dict(loaded.example_kwargs)
        if args is None and not mkw:
            if _needs_inputs(loaded.model):
                why = f" ({loaded.input_origin})" if loaded.input_origin else ""
                msg = (f"needs example inputs{why}: pass --input-shape, --inputs FILE.pt, "
                       "or define example_inputs() in the model's file")
                report.errors.append(f"{loaded.name}: {msg}")
                report.models.append(ModelResult(loaded.name, FAILED, reason=msg))
                continue
            args = ()
        try:
            # The model was built from a spec and runs on the command's inputs: a forward
            # that raises is an input error of the command (exit 2), not a crash.
            result = _check_model(loaded.model, args or (), mkw, select=sel, ignore=ign,
                                  name=loaded.name)
        except ForwardError as exc:
            msg = f"{loaded.name}: {exc}"
            report.errors.append(msg)
            report.models.append(ModelResult(loaded.name, FAILED, ["runtime"], reason=str(exc)))
            continue
        report.models.append(
            ModelResult(loaded.name, ANALYSED, ["runtime"], inventory=result.inventory)
        )
        report.findings.extend(result.findings)
    report.findings.sort(key=lambda f: f.sort_key)
    return report


class _CallableModule(types.ModuleType):
    """``dropsurgeon.check(model, x)`` must work even after ``import dropsurgeon.check``
    (which makes the package attribute this module instead of the function)."""

    def __call__(self, model: Any, *inputs: Any, **kwargs: Any) -> CheckResult:
        return check(model, *inputs, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
