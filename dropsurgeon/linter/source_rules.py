"""Rules that read a whole file's source context (``Rule.check_source``), run by the lint.

The source front-end (:mod:`dropsurgeon.capture.source`) only produces sites and the parsed
context; running rules over them is the lint pipeline's job, so ``capture`` never imports
``rules``.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ..capture.source import FRONTEND
from ..findings import Finding

if TYPE_CHECKING:
    from ..capture.source import SourceContext


def source_findings(ctx: SourceContext | None) -> list[Finding]:
    """Findings of every whole-file rule on one scanned file (none for a file that failed)."""
    from ..rules import ALL_RULES

    if ctx is None:
        return []
    out: list[Finding] = []
    for rule in ALL_RULES:
        if rule.check_source is None:
            continue
        for hit in rule.check_source(ctx):
            # (node, message, module) or (node, message, module, trace): a check may explain
            # its finding with TraceSteps (where the state came from, through which calls),
            # and give it a lower severity than the rule's (a latent bug: info)
            node, message, module = hit[:3]
            out.append(
                Finding(
                    code=rule.code,
                    severity=hit[4] if len(hit) > 4 else rule.severity,
                    message=message,
                    path=ctx.path,
                    line=getattr(node, "lineno", None),
                    column=getattr(node, "col_offset", 0),
                    module=module,
                    frontend=FRONTEND,
                    fix=rule.fix,
                    trace=list(hit[3]) if len(hit) > 3 else [],
                )
            )
    return out


# -- the whole-repository join -------------------------------------------------------------


def file_facts(ctx: SourceContext | None) -> dict:
    """One file's facts for :func:`join_facts` (JSON-able; cache them with the file).

    Each helper line carries whether a ``# noqa`` there silences DS101: the join runs where
    the file's text is no longer at hand.
    """
    from ..capture.source_facts import file_facts as facts
    from ..findings import Severity
    from ..rules.checkpoint import checkpoint_facts
    from .suppress import apply_noqa

    if ctx is None:
        return {}
    out = facts(ctx)

    def silenced(code: str, line: int) -> bool:
        probe = Finding(code, Severity.ERROR, "", ctx.path, line)
        return bool(apply_noqa([probe], {ctx.path: ctx.text})[0].suppressed)

    for helper in out.get("helpers", ()):
        helper["noqa"] = silenced("DS101", helper["line"])
    checkpoints = checkpoint_facts(ctx)
    for info in checkpoints.get("functions", {}).values():
        info["noqa"] = silenced("DS405", info["rerun"][0])
    if checkpoints:
        out["checkpoint"] = checkpoints
    return out


def join_facts(facts: dict[str, dict]) -> list[Finding]:
    """DS101 at a helper's dropout when a model method in *another* file of the repository
    calls it (``from .ops import noisy`` ... ``noisy(x)`` in ``forward``), and DS405 at a
    hand-written checkpoint Function whose blocks with dropout another file hands to it.

    ``facts`` maps each linted file's path to its :func:`file_facts`.  Imports resolve to the
    linted files only (relative imports by the importer's folder, absolute ones by a unique
    path suffix); anything else stays unresolved and quiet.  Each helper line is reported
    once, from the first importer in path order, with the whole chain as its trace.  The
    caller applies ``# noqa`` and the config to the result like any other finding.
    """
    from ..findings import TraceStep
    from ..rules import BY_CODE
    from ..sites import FUNCTIONAL, Site

    rule = BY_CODE["DS101"]
    modules = _module_index(facts)
    reported: set[tuple[str, int, int]] = set()
    out: list[Finding] = []
    for path in sorted(facts):
        for call in facts[path].get("model_calls", ()):
            module, name, level = facts[path]["imports"][call["name"]]
            target = _resolve(path, module, level, modules)
            if target is None or target == path:
                continue
            for helper in facts[target].get("helpers", ()):
                hops = helper.get("entries", {}).get(name)
                key = (target, helper["line"], helper["column"])
                if hops is None or key in reported:
                    continue
                reported.add(key)
                trace = [
                    TraceStep(path, call["caller_line"],
                              f"`{call['caller']}` runs in the model's forward pass"
                              if call["caller"].endswith(".forward") else
                              f"`{call['caller']}` is a method of the model"),
                    TraceStep(path, call["line"],
                              f"`{call['caller']}` calls `{call['name']}(...)`, imported from "
                              f"`{'.' * level}{module}`", call["column"]),
                    *(TraceStep(target, h["line"], f"`{h['caller']}` calls `{h['callee']}(...)`",
                                h["column"]) for h in hops),
                ]
                site = Site(kind=FUNCTIONAL, op=helper["op"], path=target,
                            line=helper["line"], column=helper["column"], p=helper["p"],
                            p_text=helper["p_text"], active_train=True, active_eval=True,
                            flag="missing", frontend=FRONTEND,
                            extra={"function": helper["function"], "in_module_method": False,
                                   "model_code": True, "end_line": helper["end_line"],
                                   "trace": [t.to_dict() for t in trace]})
                message = rule.check_site(site) if rule.check_site is not None else None
                if message:
                    f = rule.finding(site, message)
                    f.extra["end_line"] = helper["end_line"]
                    f.suppressed = bool(helper.get("noqa"))
                    out.append(f)
    out.extend(_join_checkpoints(facts, modules))
    return out


def _join_checkpoints(facts: dict[str, dict], modules: dict[str, list[str]]) -> list[Finding]:
    """DS405 for a checkpoint Function whose dropout blocks are handed over in another file."""
    from ..findings import Severity
    from ..rules import BY_CODE
    from ..rules.checkpoint import join_checkpoint_facts

    parts = {p: f["checkpoint"] for p, f in facts.items() if f.get("checkpoint")}
    if not parts:
        return []
    rule = BY_CODE["DS405"]

    def resolve(importer: str, module: str, level: int) -> str | None:
        return _resolve(importer, module, level, modules)

    out = []
    for path, line, column, message, cls, trace, latent in join_checkpoint_facts(parts,
                                                                                 resolve):
        info = parts[path].get("functions", {}).get(cls, {})
        severity = Severity.INFO if latent else rule.severity
        out.append(Finding(code=rule.code, severity=severity, message=message, path=path,
                           line=line, column=column, module=cls, frontend=FRONTEND,
                           fix=rule.fix, trace=trace, suppressed=bool(info.get("noqa"))))
    return out


def _module_index(facts: dict[str, dict]) -> dict[str, list[str]]:
    """Dotted-name suffixes of every linted file: ``a/b/c.py`` -> ``c``, ``b.c``, ``a.b.c``."""
    index: dict[str, list[str]] = {}
    for path in facts:
        parts = os.path.normpath(path).replace(os.sep, "/").split("/")
        if not parts[-1].endswith(".py"):
            continue
        parts[-1] = parts[-1][:-3]
        if parts[-1] == "__init__":
            parts = parts[:-1]
        for i in range(len(parts)):
            index.setdefault(".".join(parts[i:]), []).append(path)
    return index


def _resolve(importer: str, module: str, level: int, modules: dict[str, list[str]]
             ) -> str | None:
    if level:
        base = os.path.dirname(os.path.normpath(importer))
        for _ in range(level - 1):
            base = os.path.dirname(base)
        rel = os.path.join(base, *module.split(".")) if module else base
        for candidate in (rel + ".py", os.path.join(rel, "__init__.py")):
            for p in modules.get(_dotted_tail(candidate), ()):
                if os.path.normpath(p) == os.path.normpath(candidate):
                    return p
        return None
    found = modules.get(module, [])
    return found[0] if len(found) == 1 else None  # ambiguous or absent: stay quiet


def _dotted_tail(path: str) -> str:
    name = os.path.basename(path)[:-3]
    if name == "__init__":
        return os.path.basename(os.path.dirname(path))
    return name
