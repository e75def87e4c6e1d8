"""The repository-wide phase: calls into the repository's own files, resolved in the parent.

Each file's worker exports (:meth:`.walk.FileAnalysis.export`, cached with the file) the
summaries of its functions that evaluate or train a parameter, and its calls of imported
functions that receive a model in a known mode.  Here, once per run, each such call is
resolved through the linted files (``from utils import evaluate``, ``from .eval import
evaluate``, ``import pkg.eval``) and the callee's summary applied: a model in train mode handed
to a function that evaluates it is DS401 at the evaluation, with the caller's facts in the
trace.  A model built from a class another linted file defines (``from nets import
Backbone``) is judged in its own file and reported here only if that file's class has dropout
or batch norm.  Cheap: a dictionary of module names and one pass over the recorded calls.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from ...capture.text_scan import keyword_pattern
from ...findings import Finding, Severity, TraceStep
from ..encoding import searched_texts
from .confidence import in_sight, is_out_of_sight, out_of_sight

_MAX_SUFFIX = 6  # dotted module names are matched on at most this many trailing parts


def _module_index(paths: Sequence[str]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for path in paths:
        parts = os.path.splitext(os.path.abspath(path))[0].split(os.sep)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        for k in range(1, min(len(parts), _MAX_SUFFIX) + 1):
            index.setdefault(".".join(parts[-k:]), []).append(path)
    return index


def _resolve(module: str, caller: str, index: dict[str, list[str]],
             by_abs: dict[str, str]) -> str | None:
    if module.startswith("."):
        level = len(module) - len(module.lstrip("."))
        base = os.path.dirname(os.path.abspath(caller))
        for _ in range(level - 1):
            base = os.path.dirname(base)
        rest = module.lstrip(".").replace(".", os.sep)
        target = os.path.join(base, rest) if rest else base
        for cand in (target + ".py", os.path.join(target, "__init__.py")):
            if cand in by_abs:
                return by_abs[cand]
        return None
    found = index.get(module, [])
    if len(found) == 1:
        return found[0]
    # several files of that name: the one beside the caller (a script's own folder comes
    # first on `sys.path`), else the one nearest it (same folder tree)
    here = os.path.dirname(os.path.abspath(caller))
    beside = [p for p in found if os.path.dirname(os.path.abspath(p)) == here]
    if len(beside) == 1:
        return beside[0]
    near = [p for p in found if os.path.abspath(p).startswith(here + os.sep)]
    return near[0] if len(near) == 1 else None


def join(exports: dict[str, dict[str, Any]], existing: list[Finding], cfg: Any,
         linted: Sequence[str] = ()) -> list[Finding]:
    """New findings from calls between the linted files (suppressed ones marked).

    ``existing`` loses the whole-function DS401 of an evaluation helper whose callers in
    other files all hand it a model in eval mode (the name rule in its file saw no caller).
    ``linted``: every file of the run (also those with nothing to export), whose text an
    opt-in keyword is looked up in.
    """
    from ...rules import BY_CODE
    from ..config import filter_findings

    paths = [p for p, e in exports.items() if e]
    if not any(e.get("calls") or e.get("pending") or e.get("returned") or e.get("values")
               or e.get("optin") or e.get("lonely") or e.get("held") or e.get("in_forward")
               or e.get("sight")
               for e in exports.values() if e):
        return []
    index = _module_index(paths)
    by_abs = {os.path.abspath(p): p for p in paths}
    _mark_uncalled(existing, exports, paths, index, by_abs)
    held_off = _switched_held(exports, paths)
    if held_off:
        existing[:] = [f for f in existing
                       if (f.path, f.code, f.line, f.column) not in held_off]
    _pick_star_modules(exports, paths, index, by_abs)
    caring = {p: set(e.get("classes", ())) for p, e in exports.items() if e}
    _modes_left_by_callees(exports, paths, index, by_abs, caring)
    switching = {p: set(e.get("switching", ())) for p, e in exports.items() if e}
    overrides = {p for p, e in exports.items() if e and e.get("overrides_train")}

    def cares(home: Any, where: str) -> bool:
        """Does the imported class (module as written in ``where``, name) have dropout or
        batch norm in the linted file that defines it?  Not found: unknown, so no."""
        if not home:
            return True  # not an imported class: judged in its own file already
        target = _resolve(home[0], where, index, by_abs)
        return target is not None and home[1] in caring.get(target, ())

    plain = {p: set(e.get("mode_free", ())) for p, e in exports.items() if e}

    def mode_free(home: Any, where: str) -> bool:
        """Is the imported class read in its own file, with neither dropout nor batch
        norm?  (Not found: unknown, so no.)"""
        if not home:
            return False
        target = _resolve(home[0], where, index, by_abs)
        return target is not None and home[1] in plain.get(target, ())

    seen = {(f.code, f.path, f.line) for f in existing}
    # evaluation helpers (judged by name in their own file, where no caller is seen) that a
    # caller in another file hands a model it switched to eval: their whole-function DS401
    # is withdrawn unless some call hands them one in train mode
    evaled: set[tuple[str, int]] = set()
    confirmed: set[tuple[str, int]] = set()
    uncertain: set[tuple[str, int]] = set()
    in_sight_spans: set[tuple[str, int, int]] = set()
    spans: dict[tuple[str, str], list[Finding]] = {}
    for f in existing:
        if f.path and f.code in ("DS401", "DS402", "DS403"):
            spans.setdefault((f.code, f.path), []).append(f)
    out: list[Finding] = []
    functions = _chained(exports, paths, index, by_abs)
    for caller in sorted(paths):
        for call in exports[caller].get("calls", ()):
            target = _resolve(call["picked"], caller, index, by_abs)
            if target is None or target == caller:
                continue
            where = (exports.get(target) or {}).get("defs", {}).get(call["name"])
            if where is not None:
                for arg in call["args"]:
                    if _switched_as_another(arg, where):
                        evaled.add((target, where["start"]))  # mode unknown, not confirmed
                    elif arg.get("care") is False or mode_free(arg.get("home"), caller):
                        evaled.add((target, where["start"]))  # no dropout, no batch norm
                    elif arg["mode"] in ("eval", "train"):
                        (evaled if arg["mode"] == "eval" else confirmed).add(
                            (target, where["start"]))
                    elif arg["mode"] == "unknown":
                        # a model in a mode out of sight (after a method of its class that
                        # is not read): this call may hand it in train mode
                        uncertain.add((target, where["start"]))
                    if arg["mode"] != "eval" and not _switched_as_another(arg, where) and (
                            arg.get("care") is True or (arg.get("home") and cares(
                                arg["home"], caller))):
                        # a model known to have dropout or batch norm, maybe in train mode:
                        # the helper's finding (judged by its name) is about a real model
                        in_sight_spans.add((target, where["start"], where["end"]))
            fn = functions.get((target, call["name"]))
            if fn is None:
                continue
            for arg in call["args"]:
                if arg["mode"] not in ("eval", "train"):
                    continue
                i = arg["index"] if arg["keyword"] is None else (
                    fn["params"].index(arg["keyword"]) if arg["keyword"] in fn["params"]
                    else None)
                if not cares(arg.get("home"), caller) or (
                        where is not None and _switched_as_another(arg, where)):
                    continue
                for use in fn["uses"].get(str(i), ()) if i is not None else ():
                    if use.get("conditional"):
                        continue  # trains only for some arguments: not decided across files
                    if use.get("method") and use["method"] not in arg.get("runs", ()):
                        continue  # a member of a class the caller cannot vouch for
                    f = _judge(arg, use, call, fn, BY_CODE)
                    if f is None:
                        continue
                    if f.code == "DS401" and arg.get("care") is not True and not arg.get(
                            "home"):
                        out_of_sight(f)  # nothing the caller knows says it cares
                    f.path = f.path or target  # the use's own file (a chain may go further)
                    key = (f.code, f.path, f.line)
                    twin = next((g for g in spans.get((f.code, f.path), ())
                                 if (fn["start"] <= (g.line or 0) <= fn["end"]
                                     if f.path == target else g.line == f.line)), None)
                    if twin is not None:
                        twin.trace = f.trace  # the same bug, now with the caller's facts
                        if is_out_of_sight(twin) and not is_out_of_sight(f):
                            # the caller's model is known to have dropout or batch norm
                            _warn_again(twin, BY_CODE, cfg)
                        continue
                    if key in seen:
                        continue
                    seen.add(key)
                    f.suppressed = f.code in use.get("noqa", ())
                    out.append(f)
    for path in paths:  # helpers handed around as values: their callers are out of sight
        for module, name in exports[path].get("values", ()):
            target = _resolve(module, path, index, by_abs)
            where = (exports.get(target) or {}).get("defs", {}).get(name) if target else None
            if where is not None:
                evaled.add((target, where["start"]))
    free_only = _mode_free_callers(exports, paths, index, by_abs, mode_free)
    if free_only:  # parameters switched inside, every caller (elsewhere) handing mode-free
        existing[:] = [f for f in existing
                       if (f.code, f.path, f.line, f.column) not in free_only]
    eval_loaded = _pretrained_returned(exports, paths, index, by_abs)
    if eval_loaded:  # models another file's function loads with `from_pretrained`, in eval
        existing[:] = [f for f in existing
                       if (f.code, f.path, f.line, f.column) not in eval_loaded]
    evaled |= _forward_helpers(exports, paths, index, by_abs)
    for f in existing:  # helpers' findings about models a caller shows to have dropout
        if f.code == "DS401" and is_out_of_sight(f) and any(
                f.path == p and a <= (f.line or 0) <= b for p, a, b in in_sight_spans):
            _warn_again(f, BY_CODE, cfg)
    withdrawn = evaled - confirmed - uncertain
    if withdrawn:
        existing[:] = [f for f in existing
                       if not (f.code == "DS401" and (f.path, f.line) in withdrawn)]
    by_default = {p: e.get("free_by_default", {}) for p, e in exports.items() if e}

    def built_free(home: Any, where: str, built: Any) -> bool:
        """Is the imported class mode-free as the call built it: it cares in its own file
        only through rates whose defaults (0) the call left in place?"""
        target = _resolve(home[0], where, index, by_abs)
        free = by_default.get(target, {}).get(home[1]) if target is not None else None
        if free is None or built is None:
            return False
        keywords, positional, starred = built
        params = free["params"]
        passed = set(keywords) | set(params[:positional])
        return not starred and not passed & set(free["needed"])

    for path in sorted(paths):  # models of imported classes, judged in their own file
        for hit in exports[path].get("pending", ()):
            key = (hit["code"], path, hit["step"]["line"])
            homes = [*(hit.get("homes") or [(hit["module"], hit["class"])]),
                     *map(tuple, hit.get("also", ()))]
            if (path, hit["code"], hit["step"]["line"], hit["step"]["column"]) in held_off:
                continue
            if key in seen or not any(cares(tuple(h), path) and not built_free(
                    h, path, hit.get("built")) for h in homes):
                continue
            target = _resolve(hit["module"], path, index, by_abs)
            if target is None or hit["class"] in switching.get(target, ()) and (
                    hit.get("method") or target in overrides):
                continue  # the class may switch its own mode, or decides what modes mean
            seen.add(key)
            out.append(_recorded(hit, hit["code"], path, bool(hit.get("noqa")), [], BY_CODE))
    _sighted(existing, exports, paths, index, by_abs, caring, plain, BY_CODE, cfg)
    optin = [(path, hit) for path in sorted(paths) for hit in exports[path].get("optin", ())]
    if optin:  # code that runs only for a keyword no code of its own file passes
        passed = _keywords_passed({h["keyword"] for _, h in optin}, [*linted] or paths)
        for path, hit in optin:
            key = (hit["code"], path, hit["step"]["line"])
            if key in seen or not passed.get(hit["keyword"], set()) - {path}:
                continue
            seen.add(key)
            out.append(_recorded(hit, hit["code"], path, bool(hit.get("noqa")), [], BY_CODE))
    for path in sorted(paths):  # what a function of another file returns, used here
        for hit in exports[path].get("returned", ()):
            target, name = _resolve(hit["module"], path, index, by_abs), hit["name"]
            if target is None and "." in hit["module"].lstrip("."):
                # `Net.load(path)`: a static or class method of another file's class
                module, _, cls = hit["module"].rpartition(".")
                target, name = _resolve(module, path, index, by_abs), f"{cls}.{name}"
            if target is None or target == path:
                continue
            made = (exports.get(target) or {}).get("returns", {}).get(name)
            if made is None or made["mode"] != hit["need"] or not cares(made["home"], target):
                continue
            if made["care"] is None and made.get("homes") and not any(
                    cares(tuple(h), target) for h in made["homes"]):
                continue  # a class of that file built only from classes of others, mode-free
            certain = made["care"] is True or bool(made["home"] or made.get("homes"))
            code = "DS403" if hit["code"] == "DS402" and made["pretrained"] and not any(
                "switches it" in t["message"] for t in made["steps"]) else hit["code"]
            key = (code, path, hit["step"]["line"])
            if key in seen:
                continue
            seen.add(key)
            f = _recorded(hit, code, path, code in hit.get("noqa", ()), made["steps"], BY_CODE)
            out.append(f if certain or code != "DS401" else out_of_sight(f))
    return filter_findings(out, cfg)


def _sighted(existing: list[Finding], exports: dict[str, dict[str, Any]], paths: list[str],
             index: dict[str, list[str]], by_abs: dict[str, str],
             caring: dict[str, set[str]], plain: dict[str, set[str]], rules: dict[str, Any],
             cfg: Any) -> None:
    """A DS401 left at info because the model's dropout was out of sight in its file, about
    a model another file's callable built (``D = all_CNN(3, 10)``, a lowercase class, or a
    factory): a warning again when that file's class has dropout or batch norm, or its
    function returns a model known to have them; withdrawn when that class has neither."""
    wanted = {(p, code, line, column): (module, name) for p in paths
              for code, line, column, module, name in exports[p].get("sight", ())}
    if not wanted:
        return
    free: set[int] = set()
    for f in existing:
        src = wanted.get((f.path, f.code, f.line, f.column))
        if src is None or not is_out_of_sight(f):
            continue
        target = _resolve(src[0], f.path, index, by_abs)
        if target is None or target == f.path:
            continue
        made = (exports.get(target) or {}).get("returns", {}).get(src[1])
        if src[1] in caring.get(target, ()) or (made is not None and made["care"] is True):
            _warn_again(f, rules, cfg)
        elif src[1] in plain.get(target, ()):
            free.add(id(f))  # a class with neither: no mode bug
    if free:
        existing[:] = [f for f in existing if id(f) not in free]


def _warn_again(f: Finding, rules: dict[str, Any], cfg: Any) -> None:
    """An out-of-sight finding back at its rule's severity (or the config's for its code):
    another file's code shows that its model has dropout or batch norm."""
    from ..config import filter_findings

    in_sight(f, rules[f.code].severity)
    filter_findings([f], cfg)


def _switched_held(exports: dict[str, dict[str, Any]], paths: list[str]
                   ) -> set[tuple[str, str, int, int]]:
    """A plain holder's ``self.<attr>`` model evaluated in a method (built in train mode in
    another) is in a mode out of sight once some other file switches ``<owner>.<attr>``
    (``agent.net.eval()`` after building the holder): the (path, code, line, column) of
    such DS401s, withdrawn."""
    held = {(p, code, line, column): attr for p in paths
            for code, line, column, attr in exports[p].get("held", ())}
    if not held:
        return set()
    outside = {p: set(exports[p].get("outside", ())) for p in paths}
    return {key for key, attr in held.items()
            if any(attr in names for p, names in outside.items() if p != key[0])}


def _forward_helpers(exports: dict[str, dict[str, Any]], paths: list[str],
                     index: dict[str, list[str]], by_abs: dict[str, str]
                     ) -> set[tuple[str, int]]:
    """(path, def line) of functions another file's module calls in its ``forward``
    (``inference(self.field, pts)``): a step of the model's own computation, in whatever
    mode the module is in, so no evaluation judged by the helper's name."""
    out: set[tuple[str, int]] = set()
    for src in paths:
        for target in exports[src].get("in_forward", ()):
            module, _, name = target.rpartition(".")
            home = _resolve(module, src, index, by_abs) if module.strip(".") else None
            where = (exports.get(home) or {}).get("defs", {}).get(name) if home else None
            if where is not None and home != src:
                out.add((home, where["start"]))
    return out


def _mark_uncalled(existing: list[Finding], exports: dict[str, dict[str, Any]],
                   paths: list[str], index: dict[str, list[str]],
                   by_abs: dict[str, str]) -> None:
    """A whole-function DS401 of an evaluation helper that nothing in the linted files can
    reach (its name appears once in its own file, and no other file imports it, its module
    or its package) becomes info: who calls it, and in which mode, is out of sight.  So does
    a DS401 in a method of a class its file never builds or names again, unless another file
    imports it."""
    lonely = [(p, entry[0], entry[1], len(entry) > 2) for p in paths
              for entry in exports[p].get("lonely", ())]
    if not lonely:
        return
    folders = {p: os.path.dirname(os.path.abspath(p)) for p, _, _, _ in lonely}
    reached: set[str | tuple[str, str]] = set()  # a file (all its helpers) or one helper
    for src in paths:
        shadows = set(exports[src].get("shadows", ()))
        for target in exports[src].get("imports", ()):
            # `from . import utils` is recorded as `..utils`: try it both ways
            tries = [target, target[1:]] if target.startswith("..") else [target]
            for t in tries:
                module, _, name = t.rpartition(".")
                whole = _resolve(module if name == "*" else t, src, index, by_abs)
                if whole is not None and whole != src and name == "*":
                    reached.update((whole, n) for p, n, _, _ in lonely
                                   if p == whole and n not in shadows)
                elif whole is not None and whole != src:
                    reached.add(whole)
                    if os.path.basename(whole) == "__init__.py":  # a package: anything in it
                        pkg = os.path.dirname(os.path.abspath(whole))
                        reached.update(p for p, d in folders.items()
                                       if (d + os.sep).startswith(pkg + os.sep))
                home = _resolve(module, src, index, by_abs) if module.strip(".") else None
                if home is not None and home != src:
                    reached.add((home, name))
    quiet = {(p, line): is_class for p, name, line, is_class in lonely
             if p not in reached and (p, name) not in reached}
    for f in existing:
        if f.code == "DS401" and (f.path, f.line) in quiet and (
                f.severity > Severity.INFO or is_out_of_sight(f)):
            in_sight(f, Severity.INFO)  # the reason below says more than "out of sight"
            f.message += (" (no linted file builds this class, so whether this method runs is "
                          "not known: reported as info)" if quiet[(f.path, f.line)] else
                          " (no linted file calls this function, so the mode of what it is "
                          "handed is not known: reported as info)")


def _pick_star_modules(exports: dict[str, dict[str, Any]], paths: list[str],
                       index: dict[str, list[str]], by_abs: dict[str, str]) -> None:
    """A call of a name from one of several star imports (``from a import *``, ``from b
    import *``) names the first module and lists the others (``also``): the module whose
    linted file defines the name goes in ``picked`` (the export, cached as it was made, is
    left unchanged)."""
    for caller in paths:
        for call in exports[caller].get("calls", ()):
            candidates = [call["module"], *call.get("also", ())]
            call["picked"] = candidates[0]
            if len(candidates) == 1:
                continue
            for module in candidates:
                target = _resolve(module, caller, index, by_abs)
                found = exports.get(target) or {} if target is not None else {}
                if call["name"] in found.get("defs", {}) or call["name"] in found.get(
                        "functions", {}):
                    call["picked"] = module
                    break


def _keywords_passed(keywords: set[str], paths: list[str]) -> dict[str, set[str]]:
    """For each keyword, the linted files whose text passes it to a call (`key=...` after
    `(` or `,`, or a dict entry `"key": ...`).  Read only when some file has such a hit."""
    out: dict[str, set[str]] = {}
    patterns = {k: keyword_pattern(k) for k in keywords}
    for path, text in searched_texts(paths):
        for k, pattern in patterns.items():
            if k in text and pattern.search(text):
                out.setdefault(k, set()).add(path)
    return out


def _mode_free_callers(exports: dict[str, dict[str, Any]], paths: list[str],
                       index: dict[str, list[str]], by_abs: dict[str, str],
                       mode_free: Any) -> set[tuple[str, str, int, int]]:
    """The (code, path, line, column) of hits about a parameter a function switches itself
    (its class unknown in its file, which never calls it) whose callers in other files, at
    least one, all hand it a model with neither dropout nor batch norm."""
    wanted: dict[tuple[str, str], list[tuple[str, int, int, int]]] = {}
    for path in paths:
        for code, line, column, name, param in exports[path].get("param_hits", ()):
            wanted.setdefault((path, name), []).append((code, line, column, param))
    if not wanted:
        return set()
    verdict: dict[tuple[str, str, int], bool] = {}  # (path, function, param) -> all free
    for caller in paths:
        for call in exports[caller].get("calls", ()):
            target = _resolve(call["picked"], caller, index, by_abs)
            if target is None or (target, call["name"]) not in wanted:
                continue
            params = (exports[target].get("defs", {}).get(call["name"]) or {}).get(
                "params", [])
            for _code, _line, _column, param in wanted[(target, call["name"])]:
                arg = next((a for a in call["args"] if a["index"] == param or (
                    a["keyword"] is not None and param < len(params)
                    and a["keyword"] == params[param])), None)
                free = arg is not None and (arg.get("care") is False
                                            or mode_free(arg.get("home"), caller))
                key = (target, call["name"], param)
                verdict[key] = verdict.get(key, True) and free
    out = set()
    for (path, name), hits in wanted.items():
        for code, line, column, param in hits:
            if verdict.get((path, name, param)):
                out.add((code, path, line, column))
    return out


def _modes_left_by_callees(exports: dict[str, dict[str, Any]], paths: list[str],
                           index: dict[str, list[str]], by_abs: dict[str, str],
                           caring: dict[str, set[str]]) -> None:
    """Arguments of calls into other files whose mode is unknown only because the last
    thing that happened to them was a call to another file's function (``train(model,
    ...)`` then ``evaluate(model, ...)``, both imported): the mode that function leaves
    that parameter in on every path, when it sets one, becomes the argument's mode, with
    that call in the trace.  Where the model's class is another file's callable that is
    not read as a class with dropout or batch norm, it stays unknown."""
    for caller in paths:
        for call in exports[caller].get("calls", ()):
            for arg in call["args"]:
                after = arg.get("after")
                if after is None or arg["mode"] != "unknown":
                    continue
                module, name, position, keyword, step = after[:5]
                before = after[5] if len(after) > 5 else None
                target = _resolve(module, caller, index, by_abs)
                where = (exports.get(target) or {}).get("defs", {}).get(name) if (
                    target is not None and target != caller) else None
                if where is None:
                    continue
                params = where.get("params", [])
                i = position if keyword is None else (
                    params.index(keyword) if keyword in params else None)
                mode = "train" if i in where.get("trains", ()) else (
                    "eval" if i in where.get("evals", ()) else None)
                if mode is None and before is not None and i in where.get("keeps", ()) and (
                        _trains_param(exports[target], name, i)):
                    # `train_epoch(model, ...)` trains it and switches no mode: it comes back
                    # in the mode it was handed over in (now trained: evaluating it measures)
                    mode = before
                if mode is None:
                    continue
                source = arg.get("source")
                if arg.get("care") is None and not arg.get("home") and source is not None:
                    built_in = _resolve(source[0], caller, index, by_abs)
                    if built_in is None or source[1] not in caring.get(built_in, ()):
                        continue  # built by a callable not read as a caring class
                    arg["home"] = list(source)
                arg["mode"] = mode
                arg["steps"] = [*arg["steps"], {**step, "message": step["message"].replace(
                    "{mode}", mode)}]


def _trains_param(export: dict[str, Any], name: str, index: int) -> bool:
    """Does the file's function ``name`` train its parameter ``index`` (a backward and an
    optimizer step over it, in its summary)?"""
    uses = export.get("functions", {}).get(name, {}).get("uses", {}).get(str(index), ())
    return any(u.get("kind") == "train" for u in uses)


def _pretrained_returned(exports: dict[str, dict[str, Any]], paths: list[str],
                         index: dict[str, list[str]], by_abs: dict[str, str]
                         ) -> set[tuple[str, str, int, int]]:
    """The (code, path, line, column) of script-rule hits on a model that a function of
    another linted file returns straight from ``from_pretrained`` (in eval mode), in files
    that switch nothing to train mode: the hit's claim of train mode is wrong."""
    out = set()
    for path in paths:
        for code, line, column, module, name in exports[path].get("if_pretrained", ()):
            target = _resolve(module, path, index, by_abs)
            made = (exports.get(target) or {}).get("returns", {}).get(name) if (
                target is not None and target != path) else None
            if made is not None and made["mode"] == "eval" and made["pretrained"] and not any(
                    "switches it" in t["message"] for t in made["steps"]):
                out.add((code, path, line, column))
    return out


def _switched_as_another(arg: dict[str, Any], where: dict[str, Any]) -> bool:
    """Does the call hand this argument's object as another parameter too, one the callee
    switches to eval (``fit(model_train, model)`` where ``model_train`` wraps ``model``)?
    Which name the callee evaluates it by after the switch is not followed: unknown."""
    params, evals = where.get("params", []), set(where.get("evals", ()))
    for index, keyword in arg.get("same", ()):
        j = index if keyword is None else (params.index(keyword) if keyword in params
                                           else None)
        if j is not None and j in evals:
            return True
    return False


def _recorded(hit: dict[str, Any], code: str, path: str, suppressed: bool,
              before: list[dict[str, Any]], rules: dict[str, Any]) -> Finding:
    """A finding a file recorded for the join to confirm, its trace led by ``before`` (the
    steps read in the other file)."""
    at = TraceStep.from_dict(hit["step"])
    return Finding(code=code, severity=rules[code].severity, message=hit["message"], path=path,
                   line=at.line, column=at.column, frontend="source", fix=hit["fix"],
                   suppressed=suppressed,
                   trace=[TraceStep.from_dict(t) for t in [*before, *hit["trace"]]])


def _chained(exports: dict[str, dict[str, Any]], paths: list[str],
             index: dict[str, list[str]], by_abs: dict[str, str]
             ) -> dict[tuple[str, str], dict[str, Any]]:
    """Each file's function summaries, with the uses of the functions in other files they
    hand a parameter to (``evaluate(model)`` calling ``utils.predict(model)``), to a few
    files deep.  Copies: the exports stay as cached."""
    functions: dict[tuple[str, str], dict[str, Any]] = {}
    for path in paths:
        for name, fn in exports[path].get("functions", {}).items():
            functions[(path, name)] = {**fn, "uses": {k: list(v) for k, v in
                                                      fn["uses"].items()}}
    edges = []
    for path in paths:
        for call in exports[path].get("calls", ()):
            hands = [a for a in call["args"] if a.get("mode") == "entry" and "param" in a]
            if not hands:
                continue
            target = _resolve(call["picked"], path, index, by_abs)
            if target is None or target == path:
                continue
            for arg in hands:
                edges.append((path, call["caller"], arg, target, call))
    for _ in range(_CHAIN_DEPTH):
        grown = False
        for path, caller, arg, target, call in edges:
            callee = functions.get((target, call["name"]))
            if callee is None:
                continue
            j = arg["index"] if arg["keyword"] is None else (
                callee["params"].index(arg["keyword"]) if arg["keyword"] in callee["params"]
                else None)
            uses = callee["uses"].get(str(j), ()) if j is not None else ()
            if not uses:
                continue
            fn = functions.get((path, caller))
            if fn is None:
                where = exports[path].get("defs", {}).get(caller)
                if where is None:
                    continue
                fn = functions[(path, caller)] = {**where, "uses": {}}
            mine = fn["uses"].setdefault(str(arg["param"]), [])
            have = {(u["step"]["path"], u["step"]["line"], u["kind"]) for u in mine}
            for u in uses:
                mark = (u["step"]["path"], u["step"]["line"], u["kind"])
                if mark not in have and not u.get("conditional"):
                    mine.append({**u, "chain": [call["call"], *u["chain"]]})
                    have.add(mark)
                    grown = True
        if not grown:
            break
    return functions


_CHAIN_DEPTH = 4  # files a parameter is followed through


def _judge(arg: dict[str, Any], use: dict[str, Any], call: dict[str, Any],
           fn: dict[str, Any], rules: dict[str, Any]) -> Finding | None:
    if arg["frozen"] or arg["care"] is False:
        return None
    kind, mode = use["kind"], arg["mode"]
    steps = [TraceStep.from_dict(s) for s in arg["steps"]]
    trace = [*steps, TraceStep.from_dict(call["call"]),
             *(TraceStep.from_dict(c) for c in use["chain"]), TraceStep.from_dict(use["step"])]
    at = TraceStep.from_dict(use["step"])
    name = arg["label"]
    if kind == "eval" and mode == "train":
        if not use["region"].startswith("under") and call["trains_here"]:
            return None  # e.g. training accuracy on the batch the caller trains on
        code = "DS401"
        message = (f"`{use['function']}` evaluates `{use['label']}` {use['region']} while it "
                   f"is in train mode (it comes from `{name}` in `{call['caller']}`, another "
                   "file): dropout and batch norm keep their training behaviour, so the "
                   f"results are noisy; call `{name}.eval()` before the call")
        fix = f"Call `{name}.eval()` before the evaluation (and `{name}.train()` after)."
    elif kind == "train" and mode == "eval":
        switched = any("switches it" in s.message for s in steps)
        code = "DS403" if arg["pretrained"] and not switched else "DS402"
        message = (f"`{use['label']}` is trained here while in eval mode (it comes from "
                   f"`{name}` in `{call['caller']}`, another file): it trains without "
                   f"dropout; call `{name}.train()` first")
        fix = f"Call `{name}.train()` before training."
    else:
        return None
    rule = rules[code]
    return Finding(code=code, severity=rule.severity, message=message, path=at.path,
                   line=at.line, column=at.column, frontend="source", fix=fix, trace=trace)


__all__ = ["join"]
