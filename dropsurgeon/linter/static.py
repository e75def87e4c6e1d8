"""Static-only lint of files and directories: discover, scan, run rules, noqa, config, fix.

``lint_paths(["src/"])`` never imports torch and never executes the user's code: each file is
read and parsed (:mod:`dropsurgeon.capture.source`), its sites go through every rule's
``check_site`` and the file through every ``check_source``, then ``# noqa`` comments and the
``[tool.dropsurgeon]`` config decide what is reported.  A file that does not parse is a DS000
finding.  Directory walks skip what ``exclude`` and ``.gitignore`` files name.  Files are
linted in ``jobs`` worker processes (:mod:`.jobs`) and, with a cache (:mod:`.cache`), only
the files whose bytes, config or tool changed are linted again.  With ``fix=True`` the safe
LibCST fixes are written (atomically), with ``diff=True`` they are only shown; fixes run in
this process and bypass the cache.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..capture.source import scan_source
from ..findings import Finding, Severity
from ..sites import Site
from . import gitignore
from .cache import Cache
from .config import DEFAULT_EXCLUDE, Config, filter_findings, load_config, read_config
from .encoding import SourceDecodeError, decode_source, encode_source, undecodable_finding
from .gc_tuning import fewer_collections
from .latent_rates import LATENT_CODES
from .latent_rates import exported as exported_latent
from .latent_rates import mark as mark_latent
from .latent_rates import restore as restore_latent
from .modeflow import attach as attach_modeflow
from .modeflow.confidence import out_of_sight
from .modeflow.reach import with_imports
from .result import Report
from .source_rules import source_findings
from .suppress import apply_noqa


@dataclass
class StaticReport(Report):
    """A :class:`Report` plus what only the static path knows: files, diffs, fixes."""

    fixed: dict[str, int] = field(default_factory=dict)  # path -> number of fixes applied
    diffs: list[str] = field(default_factory=list)  # unified diffs (fix with diff=True)

    def summary(self) -> dict:
        out = super().summary()
        if self.fixed:
            out["fixed"] = sum(self.fixed.values())
        return out


def discover(paths: Sequence[str | os.PathLike], config: Config) -> tuple[list[str], list[str]]:
    """(python files to lint, errors for paths that do not exist), in a stable order.

    A directory is walked for ``*.py``, skipping ``DEFAULT_EXCLUDE`` names below it, the
    config's ``exclude`` patterns and (unless ``respect-gitignore = false``) what
    ``.gitignore`` files ignore; a file named explicitly is linted unless ``exclude``
    matches it (like ruff, a path on the command line is linted even if git ignores it).
    """
    files: list[str] = []
    errors: list[str] = []
    seen: set[str] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in _walk(p, config):
                key = os.path.normcase(os.path.abspath(f))
                if key not in seen:
                    seen.add(key)
                    files.append(f)
        elif p.is_file():
            key = os.path.normcase(os.path.abspath(p))
            if key not in seen and not (config.exclude and config.is_excluded(p)):
                seen.add(key)
                files.append(str(p))
        else:
            errors.append(f"{raw}: no such file or directory")
    return files, errors


def _walk(root: Path, config: Config) -> Iterator[str]:
    # ignore stacks per directory: the parent's plus the directory's own .gitignore
    stacks: dict[str, gitignore.Stack] = {}
    if config.respect_gitignore:
        stacks[os.path.abspath(root)] = gitignore.initial_stack(str(root))
    for dirpath, dirnames, filenames in os.walk(root):
        stack: gitignore.Stack = ()
        if config.respect_gitignore:
            here = os.path.abspath(dirpath)
            stack = gitignore.push(stacks.pop(here, ()), here, filenames)
        keep = []
        for d in sorted(dirnames):
            full = os.path.join(dirpath, d)
            if d in DEFAULT_EXCLUDE or d.endswith(".egg-info"):
                continue
            if config.exclude and config.is_excluded(full + "/"):
                continue
            if stack:
                absolute = os.path.abspath(full)
                if gitignore.is_ignored(stack, absolute, is_dir=True):
                    continue
            if config.respect_gitignore:
                stacks[os.path.abspath(full)] = stack
            keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            if not name.endswith(".py") or name.startswith("._"):
                continue  # `._x.py`: macOS metadata ("AppleDouble") a copy left beside x.py
            full = os.path.join(dirpath, name)
            if config.exclude and config.is_excluded(full):
                continue
            if stack and gitignore.is_ignored(stack, os.path.abspath(full), is_dir=False):
                continue
            yield full


def _resolve_config(config: Config | str | os.PathLike | None,
                    paths: Sequence[str | os.PathLike]) -> Config:
    if isinstance(config, Config):
        return config
    if config is not None:
        return read_config(config)
    return load_config(paths[0] if paths else None)


def lint_paths(
    paths: Sequence[str | os.PathLike] | str,
    *,
    select: Sequence[str] | str | None = None,
    ignore: Sequence[str] | str | None = None,
    fail_on: str | Severity | None = None,
    config: Config | str | os.PathLike | None = None,
    fix: bool = False,
    unsafe_fixes: bool = False,
    diff: bool = False,
    jobs: int | None = None,
    cache: bool = False,
    cache_dir: str | os.PathLike | None = None,
    respect_gitignore: bool | None = None,
) -> StaticReport:
    """Lint files and directories statically and return the report (exit code included).

    ``config``: a :class:`~dropsurgeon.config.Config`, a path to a ``pyproject.toml``, or None
    to find ``[tool.dropsurgeon]`` upward from the first path.  ``select``/``ignore``/
    ``fail_on`` override it.  ``fix`` writes safe fixes (plus unsafe ones with
    ``unsafe_fixes``); ``diff`` computes them into ``report.diffs`` without writing.
    ``jobs``: worker processes (default: the machine's cores; 1 lints in this process).
    ``cache`` (or a ``cache_dir``) reuses the results of files unchanged since the last run
    (see :mod:`dropsurgeon.linter.cache`); fixes always lint afresh.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    cfg = _resolve_config(config, paths).merged(select=select, ignore=ignore, fail_on=fail_on,
                                                respect_gitignore=respect_gitignore)
    files, errors = discover(paths, cfg)
    # Severity.INFO is 0: test for None, not truthiness.
    fail_on_level = cfg.fail_on if cfg.fail_on is not None else Severity.WARNING
    report = StaticReport(fail_on=fail_on_level, errors=errors)
    with fewer_collections():
        if fix or diff:
            for path in files:
                _fix_file(path, cfg, report, unsafe=unsafe_fixes, write=fix and not diff)
        else:
            the_cache = open_cache_for(cfg, paths, cache, cache_dir)
            findings, read_errors = lint_files(files, cfg, jobs=jobs, cache=the_cache)
            report.findings.extend(findings)
            report.errors.extend(read_errors)
    report.files = len(files)
    report.findings.sort(key=lambda f: f.sort_key)
    return report


def open_cache_for(cfg: Config, paths: Sequence[str | os.PathLike], cache: bool,
                   cache_dir: str | os.PathLike | None) -> Cache | None:
    """The run's cache, or None when caching is off (``cache_dir`` turns it on)."""
    if not cache and cache_dir is None:
        return None
    from .cache import open_cache

    return open_cache(cfg, paths, cache_dir)


def lint_files(files: Sequence[str], cfg: Config, *, jobs: int | None = None,
               cache: Cache | None = None) -> tuple[list[Finding], list[str]]:
    """The findings of many files (in their order) and the errors of those unreadable.

    Cached results are looked up here; the rest are linted in ``jobs`` processes.
    """
    results: list[tuple | None] = [None] * len(files)
    todo = list(range(len(files)))
    if cache is not None and cache.exists:
        todo = []
        for i, path in enumerate(files):
            hit = _cached(path, cache)
            if hit is None:
                todo.append(i)
            else:
                results[i] = (hit[0], None, hit[1])
    if todo:
        from .jobs import lint_many

        if cache is not None:
            cache.prepare()
        done = lint_many([files[i] for i in todo], cfg, cache, jobs)
        for i, result in zip(todo, done, strict=True):
            results[i] = result
    findings: list[Finding] = []
    errors: list[str] = []
    exports: dict[str, dict] = {}
    for path, result in zip(files, results, strict=True):
        assert result is not None
        found, error = result[0], result[1]
        findings.extend(found)
        if len(result) > 2 and result[2]:
            exports[path] = result[2]
        if error is not None:
            errors.append(error)
    if exports:
        from .modeflow.join import join

        # the repository-wide phase: calls between the linted files (cheap, in this process)
        findings.extend(join(exports, findings, cfg, files))
        from .source_rules import join_facts

        source = {p: e["source"] for p, e in exports.items() if e.get("source")}
        if source:
            findings.extend(filter_findings(join_facts(source), cfg))
        latent = {p: e["latent"] for p, e in exports.items() if e.get("latent")}
        if latent:
            restore_latent(findings, latent, files, cfg)
    return findings, errors


def _cached(path: str, cache: Cache) -> tuple[list[Finding], dict] | None:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return None  # linted (and reported) like any other file
    return cache.get_entry(path, data)


def lint_file(path: str, cfg: Config, cache: Cache | None = None, *, lookup: bool = True
              ) -> tuple[list[Finding], str | None, dict]:
    """One file's findings (frontend ``source``, no sites attached) or a read error, and what
    the repository-wide mode join needs from it (:mod:`.modeflow.join`).

    What the worker processes run.  With a ``cache``, the result is looked up first (unless
    ``lookup`` is False: the caller did) and stored after.
    """
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return [], f"{path}: cannot read: {exc.strerror or exc}", {}
    if cache is not None and lookup:
        hit = cache.get_entry(path, data)
        if hit is not None:
            return hit[0], None, hit[1]
    try:
        text = decode_source(data).text  # its own encoding (PEP 263), as Python reads it
    except SourceDecodeError as exc:  # Python cannot read it either: DS000
        findings = filter_findings([undecodable_finding(path, exc)], cfg)
    else:
        findings, _, _ = lint_text(text, path, cfg)
    export = _LAST_EXPORT.pop(path, {})
    for f in findings:
        f.extra.pop("site", None)  # only fixes need it; results cross processes and caches
        f.frontend = f.frontend or "source"
    if cache is not None:
        cache.put(path, data, findings, export)
    return findings, None, export


def _fix_file(path: str, cfg: Config, report: StaticReport, *, unsafe: bool,
              write: bool) -> None:
    try:
        with open(path, "rb") as fh:
            source = decode_source(fh.read())
    except OSError as exc:
        report.errors.append(f"{path}: cannot read: {exc.strerror or exc}")
        return
    except SourceDecodeError as exc:  # nothing to fix in what cannot be read: DS000
        report.findings.extend(filter_findings([undecodable_finding(path, exc)], cfg))
        return
    text = source.text
    findings, _, parse_error = lint_text(text, path, cfg)
    if parse_error is None:
        from . import fix as fixer

        edits = []
        for f in findings:
            site = f.extra.get("site")
            if f.suppressed or site is None:
                continue
            edit = fixer.plan(f.code, site, unsafe=unsafe)
            if edit is not None:
                edits.append(edit)
        if edits:
            result = fixer.apply(text, path, edits)
            if result.error:
                report.errors.append(result.error)
            elif result.changed:
                new_findings, _, new_error = lint_text(result.new, path, cfg)
                if new_error is None:
                    if write:  # back in the file's own encoding (a BOM stays)
                        from ..atomic import write_bytes

                        write_bytes(path, encode_source(result.new, source.encoding))
                        findings = new_findings  # what is left once the file is fixed
                    report.fixed[path] = len(result.applied)
                    report.diffs.append(result.diff())
    for f in findings:
        f.frontend = f.frontend or "source"
    report.findings.extend(findings)


def lint_text(text: str, path: str, cfg: Config | None = None
              ) -> tuple[list[Finding], list[Site], str | None]:
    """Findings (noqa-marked, config-filtered) and sites of one file's text, and the parse
    error when it does not parse (then the findings hold its DS000, if selected)."""
    findings, sites, error, export = _lint(text, path, cfg)
    _LAST_EXPORT.clear()  # one file at a time: lint_file takes it right after
    _LAST_EXPORT[path] = export
    return findings, sites, error


_MODE_CODES = ("DS401", "DS402", "DS403")
# the mode join's export of the file lint_text saw last (lint_file hands it on)
_LAST_EXPORT: dict[str, dict] = {}


def _lint(text: str, path: str, cfg: Config | None = None
          ) -> tuple[list[Finding], list[Site], str | None, dict]:
    from ..rules import ALL_RULES

    cfg = cfg or Config()
    scan = scan_source(text, path)
    if scan.error is not None and _link_stored_as_text(text, path):
        return [], [], None, {}  # the file it names is linted itself (if it is linted)
    if scan.error is not None:
        from ..rules.syntax import CODE, syntax_finding

        found = [syntax_finding(text, path, scan.error)] if cfg.wants(CODE) else []
        return filter_findings(apply_noqa(found, {path: text}), cfg), [], scan.error, {}
    rules = [r for r in ALL_RULES if r.check_site is not None and cfg.wants(r.code)]
    findings: list[Finding] = []
    for site in scan.sites:
        for rule in rules:
            message = rule.check_site(site)
            if message:
                f = rule.finding(site, message)
                f.extra["site"] = site
                if rule.code in LATENT_CODES and site.extra.get("latent_default"):
                    mark_latent(f, site.extra["latent_default"])
                if site.extra.get("end_line"):
                    f.extra["end_line"] = site.extra["end_line"]
                findings.append(f)
    flow = None
    if scan.context is not None and any(cfg.wants(c) for c in _MODE_CODES):
        flow = attach_modeflow(scan.context)
    found = source_findings(scan.context)
    attach_traces(found, scan.context)
    findings.extend(f for f in found if cfg.wants(f.code))
    findings = apply_noqa(findings, {path: text})
    export = _mode_export(flow, path, text, any(f.code == "DS401" for f in found)) if (
        flow is not None) else {}
    if flow is not None:
        export = with_imports(export, scan.context, findings, text)
    if scan.context is not None and (cfg.wants("DS101") or cfg.wants("DS405")):
        from .source_rules import file_facts

        # the source rules' cross-file facts (helpers reached from a forward, checkpoints)
        facts = file_facts(scan.context)  # JSON-able; noqa per helper line recorded
        if facts.get("helpers") or facts.get("model_calls") or facts.get("checkpoint"):
            export = {**export, "source": facts}
    latent = exported_latent(findings)
    if latent:  # DS101/DS102 the join gives back their severity if another file builds
        export = {**export, "latent": latent}
    if scan.context is not None:
        scan.context.release()  # the findings and sites are out: free the tree now
    return filter_findings(findings, cfg), scan.sites, None, export


def _link_stored_as_text(text: str, path: str) -> bool:
    """Is the file a symbolic link that git checked out as a plain file holding the link's
    target (``core.symlinks=false``, as on Windows): one line, no line break, naming a
    ``.py`` file that exists beside it (``../hub/pipeline.py``)?  Then there is no Python in
    it to parse."""
    target = text.strip()
    if "\n" in target or not target.endswith(".py") or any(c.isspace() for c in target):
        return False
    return os.path.isfile(os.path.join(os.path.dirname(os.path.abspath(path)), target))


def _mode_export(flow: object, path: str, text: str, reported: bool = False) -> dict:
    """The file's part of the repository-wide mode join, with the ``# noqa`` codes of each
    use line (the join runs where the text is no longer at hand).  ``reported``: the file
    has a DS401, which callers in other files may withdraw (its functions' lines are kept)."""
    export = flow.export()  # type: ignore[attr-defined]
    if not reported and not any(export.get(k) for k in (
            "functions", "calls", "pending", "classes", "returns", "returned", "mode_free",
            "values", "optin", "outside", "param_hits", "if_pretrained")):
        return {}
    for fn in export["functions"].values():
        for uses in fn["uses"].values():
            for use in uses:
                line = use["step"]["line"]
                probes = [Finding(c, Severity.WARNING, "", path, line) for c in _MODE_CODES]
                use["noqa"] = [f.code for f in apply_noqa(probes, {path: text})
                               if f.suppressed]
    for hit in (*export.get("pending", ()), *export.get("optin", ())):
        # hits the join confirms: their own line's noqa
        probe = Finding(hit["code"], Severity.WARNING, "", path, hit["step"]["line"])
        hit["noqa"] = bool(apply_noqa([probe], {path: text})[0].suppressed)
    for hit in export.get("returned", ()):  # the join may make a DS402 a DS403
        probes = [Finding(c, Severity.WARNING, "", path, hit["step"]["line"])
                  for c in {hit["code"], "DS403"}]
        hit["noqa"] = sorted(f.code for f in apply_noqa(probes, {path: text}) if f.suppressed)
    return export


def attach_traces(findings: list[Finding], ctx: object) -> None:
    """Give whole-file findings the traces (and fixes in the code's own names) their rule
    left on the context, keyed by (code, line, column)."""
    table = getattr(ctx, "_mode_traces", None)
    if not table:
        return
    for f in findings:
        entry = table.get((f.code, f.line, f.column))
        if entry is None:
            continue
        trace, fix, certain = entry
        if trace and not f.trace:
            f.trace = list(trace)
        if fix:
            f.fix = fix
        if not certain:
            out_of_sight(f)


__all__ = ["StaticReport", "attach_traces", "discover", "lint_file", "lint_files", "lint_paths",
           "lint_text", "open_cache_for"]
