"""The public Python API of the linter: ``lint``, ``inventory`` and ``inventories``.

Everything the CLI does is reachable from here.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any

from ..errors import DropsurgeonError
from ..findings import Finding, Severity
from ..sites import Inventory
from .result import FAILED, SKIPPED, ModelResult, Report

Target = Any  # a path/spec string or an nn.Module


def _shapes(value: Sequence[Any] | None) -> list[tuple[int, ...]] | None:
    from ..load import parse_shape

    if not value:
        return None
    return [parse_shape(v) if isinstance(v, str) else tuple(int(d) for d in v) for v in value]


def lint(
    targets: Target | Sequence[Target],
    *,
    kwargs: dict[str, Any] | str | None = None,
    input_shapes: Sequence[Any] | None = None,
    dtype: str | None = None,
    inputs: tuple | None = None,
    fail_on: str | Severity | None = None,
    select: str | Sequence[str] | None = None,
    ignore: str | Sequence[str] | None = None,
    static_only: bool = False,
    import_dirs: bool = False,
    import_scripts: bool | None = None,
    device: str = "meta",
    frontends: str | None = None,
    progress: bool = False,
    debug: bool = False,
    config: str | os.PathLike | None = None,
    jobs: int | None = None,
    cache: bool = False,
    cache_dir: str | os.PathLike | None = None,
    respect_gitignore: bool | None = None,
) -> Report:
    """Lint models, files or directories; return a :class:`Report`.

    ``targets`` may be model specs (``file.py``, ``file.py:Name``, ``pkg.mod:Name``),
    directories (static scan), or ``nn.Module`` instances.  Files are scanned statically and,
    unless ``static_only``, their models are built and traced in train and eval mode.
    A directory is scanned statically unless ``import_dirs``: then its files' models are built.
    A file whose top level does more than define (a call, a loop: a script) is not imported,
    since importing it would run it, unless ``import_scripts`` (default: ``import_dirs``; the
    CLI's ``--import`` sets both).  User code runs with its prints sent to
    stderr; its ``sys.exit()`` becomes an error for that file (the others are still linted)
    and its ``KeyboardInterrupt`` stops the run with the findings so far.
    Static scans of many files run in ``jobs`` processes (default: the machine's cores) and,
    with ``cache`` (or a ``cache_dir``), reuse the results of unchanged files.
    """
    from ..load import parse_kwargs
    from .analyse import parse_frontends
    from .config import load_config, read_config

    # An nn.Module is one target even when it is iterable (nn.Sequential, nn.ModuleList):
    # iterating it would lint its children one by one instead of the model.
    if (isinstance(targets, (str, os.PathLike)) or not isinstance(targets, Iterable)
            or _is_module(targets)):
        targets = [targets]
    targets = list(targets)
    kw = parse_kwargs(kwargs) if isinstance(kwargs, str) or kwargs is None else dict(kwargs)
    first_path = next((os.fspath(t).split(":")[0] for t in targets
                       if isinstance(t, (str, os.PathLike)) and os.path.exists(
                           os.fspath(t).split(":")[0])), None)
    base = read_config(config) if config is not None else load_config(first_path or os.getcwd())
    config = base.merged(
        select=select, ignore=ignore, fail_on=fail_on, respect_gitignore=respect_gitignore
    )
    from .static import open_cache_for

    static_paths = [os.fspath(t) for t in targets if isinstance(t, (str, os.PathLike))]
    ctx = _LintContext(
        kwargs=kw,
        input_shapes=_shapes(input_shapes),
        dtype=dtype,
        inputs=inputs,
        device=device,
        frontends=parse_frontends(frontends),
        config=config,
        debug=debug,
        jobs=jobs,
        static_cache=open_cache_for(config, static_paths, cache, cache_dir),
    )
    ctx.import_scripts = import_dirs if import_scripts is None else import_scripts
    report = Report(
        fail_on=config.fail_on if config.fail_on is not None else Severity.WARNING
    )
    from .gc_tuning import fewer_collections

    ctx.bar = _Progress() if progress else None
    with fewer_collections():
        _lint_all(ctx, targets, report, static_only, import_dirs)
    ctx.finish(report)
    return report


def _is_module(obj: Any) -> bool:
    import sys

    nn = sys.modules.get("torch.nn")  # a module instance means torch is already imported
    return nn is not None and isinstance(obj, nn.Module)


def _lint_all(ctx: _LintContext, targets: list, report: Report, static_only: bool,
              import_dirs: bool) -> None:
    from .usercode import UserInterrupt

    try:
        for target in targets:
            try:
                ctx.lint_target(target, report, static_only, import_dirs)
            except UserInterrupt as exc:
                report.errors.append(str(exc))
                break
            except DropsurgeonError as exc:
                report.errors.append(str(exc))
        # every file read without importing, in one run: the repository-wide join (mode,
        # DS101, DS405) then crosses the listed files and folders as it does one folder's
        ctx.lint_static_batch(report)
    finally:
        if ctx.bar is not None:
            ctx.bar.close()


class _LintContext:
    def __init__(self, **options: Any) -> None:
        from .merge import SourceCache

        self.__dict__.update(options)
        self.cache = SourceCache()
        self.bar: _Progress | None = None
        self.graph_sites: list = []
        self.import_scripts = False  # --import: import files whose top level runs code
        self.unbuilt_files = 0  # files read only statically: the model-only rules never ran
        self.static_files: list[str] = []  # static targets' files, linted together at the end

    # -- dispatch -------------------------------------------------------------------
    def lint_target(self, target: Target, report: Report, static_only: bool, dirs: bool) -> None:
        if not isinstance(target, (str, os.PathLike)):
            self._lint_module(target, report)
            return
        from .usercode import UserInterrupt

        text = os.fspath(target)
        path_part = text.split(":")[0] if ":" in text[2:] else text
        if os.path.isfile(os.path.join(path_part, "dropsurgeon.json")) and not static_only:
            # a dropsurgeon save is a model, not a folder of sources: load_models shows its
            # stored spec and builds it only when trusted (--trust-spec)
            self._lint_spec(text, report, require_models=True)
            return
        if os.path.isdir(path_part) and (not dirs or static_only) and ":" not in text[2:]:
            self._lint_static(path_part, report)
            return
        if os.path.isdir(path_part) and ":" not in text[2:]:
            files = self._python_files(path_part)
            if not files:
                report.notes.append(f"{path_part}: no Python files to lint")
            for file in files:
                try:
                    self._lint_spec(file, report, require_models=False)
                except UserInterrupt:
                    raise
                except DropsurgeonError as exc:
                    report.errors.append(str(exc))
            return
        if static_only:
            self._lint_static(self._spec_file(text), report)
            return
        self._lint_spec(text, report, require_models=":" in text[2:])

    @staticmethod
    def _spec_file(text: str) -> str:
        """The file a spec names (``DIR:Name`` -> the file defining Name), for a static scan."""
        from ..load import parse_spec

        if ":" not in text[2:]:
            return text
        spec = parse_spec(text)
        return str(spec.file) if spec.file is not None else text

    # -- static -------------------------------------------------------------------
    def _static_findings(self, path: str, report: Report) -> tuple[list[Finding], bool, str]:
        """A model file's static findings, whether it parsed (a DS000 if not), and its text."""
        from .encoding import SourceDecodeError, read_source, undecodable_finding
        from .static import lint_text

        try:
            text = read_source(path).text  # in its own encoding (PEP 263), as Python reads it
        except OSError as exc:
            raise DropsurgeonError(f"{path}: cannot read: {exc.strerror or exc}") from None
        except SourceDecodeError as exc:
            report.files += 1
            found = [undecodable_finding(path, exc)] if self.config.wants("DS000") else []
            return found, False, ""
        report.files += 1
        found, _, parse_error = lint_text(text, path, self.config)
        for f in found:
            f.extra.pop("site", None)
            f.frontend = f.frontend or "source"
        return found, parse_error is None, text

    def _lint_static(self, path: str, report: Report) -> None:
        files = self._python_files(path)
        if not files:
            report.notes.append(f"{path}: no Python files to lint")
        self.static_files.extend(files)

    def lint_static_batch(self, report: Report) -> None:
        """Lint every static target's files in one run (a file named twice, once)."""
        from .static import lint_files

        files = list(dict.fromkeys(self.static_files))
        self.static_files = []
        if not files:
            return
        findings, errors = lint_files(files, self.config, jobs=self.jobs,
                                      cache=self.static_cache)
        report.files += len(files)
        self.unbuilt_files += len(files)
        report.findings.extend(findings)
        report.errors.extend(errors)

    # -- graph --------------------------------------------------------------------
    def _lint_spec(self, text: str, report: Report, require_models: bool = True) -> None:
        from ..load import SkippedModel, has_module_classes, load_models, parse_spec

        spec = parse_spec(text)
        static, parsed, source = (self._static_findings(str(spec.file), report)
                                  if spec.file is not None else ([], True, ""))
        if not parsed:
            report.findings.extend(static)  # its DS000: nothing in it can be built
            if require_models:
                raise DropsurgeonError(f"{text}: no model can be built from a file that does "
                                       "not parse (DS000)")
            return
        if spec.file is not None and not self.import_scripts:
            from .toplevel import first_action

            action = first_action(source)
            if action is not None:  # importing it would run it: the static findings only
                report.findings.extend(static)
                self.unbuilt_files += 1
                if require_models:  # `script.py:Net` names a model that was not built
                    raise DropsurgeonError(f"{text}: {action.reason()}")
                report.models.append(ModelResult(text, SKIPPED, reason=action.reason()))
                return
        from .usercode import user_code

        file_sites: list = []
        try:
            with user_code(text):
                if not require_models and not has_module_classes(spec):
                    report.findings.extend(static)  # a plain script in an imported directory
                    self.unbuilt_files += 1
                    return
                loaded_models = load_models(
                    text, self.kwargs, device=self.device, input_shapes=self.input_shapes,
                    dtype=self.dtype, inputs=self.inputs,
                )
                for loaded in loaded_models:
                    if isinstance(loaded, SkippedModel):
                        report.models.append(ModelResult(loaded.name, SKIPPED,
                                                         reason=loaded.reason))
                        continue
                    result, findings = self._analyse_loaded(loaded)
                    report.models.append(result)
                    report.findings.extend(findings)
                    if result.inventory is not None and result.status != FAILED:
                        file_sites.extend(s for s in result.inventory if s.frontend != "modules")
        except BaseException:
            # the import or a forward failed (or exited): what the source says still stands
            report.findings.extend(static)
            raise
        from .merge import graph_covers

        report.findings.extend(f for f in static if not graph_covers(f, file_sites))

    def _analyse_loaded(self, loaded: Any) -> tuple[ModelResult, list[Finding]]:
        from .analyse import ModelInput

        target = ModelInput(
            model=loaded.model, name=loaded.name, args=loaded.example_inputs,
            kwargs=loaded.example_kwargs, input_origin=loaded.input_origin,
            rebuild_on_cpu=loaded.factory,
        )
        return self._analyse(target)

    def _lint_module(self, model: Any, report: Report) -> None:
        import torch.nn as nn

        from .analyse import ModelInput

        if not isinstance(model, nn.Module):
            raise DropsurgeonError(
                f"cannot lint a {type(model).__name__}: pass a path, a spec or an nn.Module"
            )
        args = self.inputs
        kwargs: dict = {}
        if args is None and self.input_shapes:
            from ..load import make_inputs

            args = make_inputs(self.input_shapes, self.dtype)
        if len(args or ()) == 1 and isinstance(args[0], dict):
            kwargs, args = dict(args[0]), ()
        from ..modes import keep_modes
        from .usercode import user_code

        target = ModelInput(model=model, name=type(model).__name__, args=args, kwargs=kwargs)
        # the caller's model: every module's own training flag comes back, also on failure
        with user_code(target.name), keep_modes(model):
            result, findings = self._analyse(target)
        report.models.append(result)
        report.findings.extend(findings)

    def _analyse(self, target: Any) -> tuple[ModelResult, list[Finding]]:
        from .. import rules as rule_registry
        from .analyse import analyse
        from .merge import enrich

        if self.bar is not None:
            self.bar.show(target.name)
        result = analyse(target, self.frontends)
        if result.inventory is None:
            return result, []
        enrich(result.inventory.sites, self.cache)
        findings = rule_registry.run_site_rules(result.inventory.sites, self._rules())
        for f in findings:
            f.model = target.name
        return result, findings

    def _python_files(self, root: str) -> list[str]:
        from .static import discover

        files, errors = discover([root], self.config)
        if errors:
            raise DropsurgeonError(errors[0])
        return files

    # -- selection, suppression ---------------------------------------------------
    def _rules(self):
        from ..rules import ALL_RULES

        return tuple(r for r in ALL_RULES if self.config.wants(r.code))

    def finish(self, report: Report) -> None:
        from .config import filter_findings
        from .merge import dedupe
        from .suppress import apply_noqa

        findings = dedupe(sorted(report.findings, key=lambda f: f.sort_key))
        findings = filter_findings(findings, self.config)
        # static findings had their noqa applied with the text they were scanned from
        # (and may come from the cache): only the graph's need it
        graph = [f for f in findings if f.frontend != "source"]
        lines = {f.path: self.cache.lines(f.path) for f in graph if f.path}
        apply_noqa(graph, lines)
        report.findings = findings
        model_only = [r.code for r in self._rules() if r.code.startswith("DS3")]
        if self.unbuilt_files and model_only:
            report.notes.append(
                f"placement rules ({model_only[0]}-{model_only[-1]}) need a built model: "
                f"they ran on the models built, not on the {self.unbuilt_files} file(s) read "
                "without importing (lint a file, or pass --import, to build its models)")


class _Progress:
    """A spinner on stderr naming the model being traced, with a count of those done."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn

        # sys.stdout/sys.stderr are left alone: the spinner starts while user code runs with
        # stdout sent to stderr (usercode.py), and a Live that swapped the streams then would
        # restore stderr as stdout when it stops, sending the report to stderr
        self._progress = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                                  console=Console(stderr=True), transient=True,
                                  redirect_stdout=False, redirect_stderr=False)
        self._task = self._progress.add_task("linting", total=None)
        self._done = 0
        self._started = False

    def show(self, name: str) -> None:
        if not self._started:
            # started at the first model: a static scan never has the refresh thread, so
            # its worker processes can be forked (jobs.py forks only single-threaded parents)
            self._progress.start()
            self._started = True
        self._progress.update(self._task, description=f"[{self._done}] tracing {name}")
        self._done += 1

    def close(self) -> None:
        if self._started:
            self._progress.stop()


def inventories(
    target: Target,
    *,
    kwargs: dict[str, Any] | str | None = None,
    input_shapes: Sequence[Any] | None = None,
    dtype: str | None = None,
    inputs: tuple | None = None,
    device: str = "meta",
    frontends: str | None = None,
    import_scripts: bool = False,
) -> list[ModelResult]:
    """The site inventory of every model a spec names (or of one nn.Module).

    A directory stands for the models its files define; a file whose top level would run
    code is listed as skipped unless ``import_scripts``."""
    report = lint(
        target, kwargs=kwargs, input_shapes=input_shapes, dtype=dtype, inputs=inputs,
        device=device, frontends=frontends, import_dirs=True, import_scripts=import_scripts,
    )
    if report.errors and not report.models:
        raise DropsurgeonError(report.errors[0])
    # a directory: one file that fails to import (or exits) does not hide the others' models
    for error in report.errors:
        name, _, reason = error.partition(": ")
        report.models.append(ModelResult(name, SKIPPED, reason=reason or error))
    return report.models


def inventory(model: Any, *example_inputs: Any, frontends: str | None = None) -> Inventory:
    """The dropout-site inventory of one ``nn.Module`` instance."""
    results = inventories(model, inputs=example_inputs or None, frontends=frontends)
    inv = results[0].inventory
    if inv is None:
        return Inventory()
    if inv.sites:
        from ..modes import keep_modes

        with keep_modes(model):
            _annotate_rates(model, inv)
    return inv


def _annotate_rates(model: Any, inv: Inventory) -> None:
    """Where each site's rate lives (``Site.rate_attr``), for surgery and schedules to read."""
    from ..rates import annotate

    try:
        annotate(model, inv.sites)
    except DropsurgeonError as exc:
        inv.failures["rates"] = str(exc)
