"""Static-only lint of files and directories: discover, scan, run rules, noqa, config, fix.

``lint_paths(["src/"])`` never imports torch and never executes the user's code: each file is
read and parsed (:mod:`dropsurgeon.capture.source`), its sites go through every rule's
``check_site`` and the file through every ``check_source``, then ``# noqa`` comments and the
``[tool.dropsurgeon]`` config decide what is reported.  With ``fix=True`` the safe LibCST
fixes are written (atomically), with ``diff=True`` they are only shown.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..capture.source import decode_source, scan_source
from ..findings import Finding, Severity
from ..sites import Site
from .config import DEFAULT_EXCLUDE, Config, filter_findings, load_config, read_config
from .gc_tuning import fewer_collections
from .result import Report
from .source_rules import source_findings
from .suppress import apply_noqa


@dataclass
class StaticReport(Report):
    """A :class:`Report` plus what only the static path knows: files, diffs, fixes."""

    files: int = 0
    fixed: dict[str, int] = field(default_factory=dict)  # path -> number of fixes applied
    diffs: list[str] = field(default_factory=list)  # unified diffs (fix with diff=True)

    def summary(self) -> dict:
        out = super().summary()
        out["files"] = self.files
        if self.fixed:
            out["fixed"] = sum(self.fixed.values())
        return out


def discover(paths: Sequence[str | os.PathLike], config: Config) -> tuple[list[str], list[str]]:
    """(python files to lint, errors for paths that do not exist), in a stable order.

    A directory is walked for ``*.py``, skipping ``DEFAULT_EXCLUDE`` names below it and the
    config's ``exclude`` patterns; a file named explicitly is linted unless ``exclude``
    matches it.
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
    for dirpath, dirnames, filenames in os.walk(root):
        keep = []
        for d in sorted(dirnames):
            full = os.path.join(dirpath, d)
            if d in DEFAULT_EXCLUDE or d.endswith(".egg-info"):
                continue
            if config.exclude and config.is_excluded(full + "/"):
                continue
            keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            if not name.endswith(".py"):
                continue
            full = os.path.join(dirpath, name)
            if config.exclude and config.is_excluded(full):
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
) -> StaticReport:
    """Lint files and directories statically and return the report (exit code included).

    ``config``: a :class:`~dropsurgeon.config.Config`, a path to a ``pyproject.toml``, or None
    to find ``[tool.dropsurgeon]`` upward from the first path.  ``select``/``ignore``/
    ``fail_on`` override it.  ``fix`` writes safe fixes (plus unsafe ones with
    ``unsafe_fixes``); ``diff`` computes them into ``report.diffs`` without writing.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    cfg = _resolve_config(config, paths).merged(select=select, ignore=ignore, fail_on=fail_on)
    files, errors = discover(paths, cfg)
    with fewer_collections():
        return _lint_files(files, errors, cfg, fix=fix, unsafe_fixes=unsafe_fixes, diff=diff)


def _lint_files(files: list[str], errors: list[str], cfg: Config, *, fix: bool,
                unsafe_fixes: bool, diff: bool) -> StaticReport:
    # Severity.INFO is 0: test for None, not truthiness.
    fail_on_level = cfg.fail_on if cfg.fail_on is not None else Severity.WARNING
    report = StaticReport(fail_on=fail_on_level, errors=errors)
    for path in files:
        _lint_file(path, cfg, report, fix=fix or diff, unsafe=unsafe_fixes, write=fix and not diff)
    report.files = len(files)
    report.findings.sort(key=lambda f: f.sort_key)
    return report


def _lint_file(path: str, cfg: Config, report: StaticReport, *, fix: bool, unsafe: bool,
               write: bool) -> None:
    try:
        with open(path, "rb") as fh:
            text = decode_source(fh.read())
    except OSError as exc:
        report.errors.append(f"{path}: cannot read: {exc.strerror or exc}")
        return
    findings, sites, error = lint_text(text, path, cfg)
    if error is not None:
        report.errors.append(f"{path}: {error}")
        return
    if fix:
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
                    if write:
                        from ..atomic import write_text

                        write_text(path, result.new)
                        findings = new_findings  # what is left once the file is fixed
                    report.fixed[path] = len(result.applied)
                    report.diffs.append(result.diff())
    report.findings.extend(findings)


def lint_text(text: str, path: str, cfg: Config | None = None
              ) -> tuple[list[Finding], list[Site], str | None]:
    """Findings (noqa-marked, config-filtered) and sites of one file's text."""
    from ..rules import ALL_RULES

    cfg = cfg or Config()
    scan = scan_source(text, path)
    if scan.error is not None:
        return [], [], scan.error
    rules = [r for r in ALL_RULES if r.check_site is not None and cfg.wants(r.code)]
    findings: list[Finding] = []
    for site in scan.sites:
        for rule in rules:
            message = rule.check_site(site)
            if message:
                f = rule.finding(site, message)
                f.extra["site"] = site
                if site.extra.get("end_line"):
                    f.extra["end_line"] = site.extra["end_line"]
                findings.append(f)
    findings.extend(f for f in source_findings(scan.context) if cfg.wants(f.code))
    findings = apply_noqa(findings, {path: text})
    return filter_findings(findings, cfg), scan.sites, None


__all__ = ["StaticReport", "discover", "lint_paths", "lint_text"]
