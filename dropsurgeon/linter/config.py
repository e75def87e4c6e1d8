"""``[tool.dropsurgeon]`` in ``pyproject.toml``, found upward from the linted path.

```toml
[tool.dropsurgeon]
select = ["DS1", "DS2"]            # codes or prefixes; default: every rule
ignore = ["DS203"]
fail-on = "error"                  # error | warning | info
exclude = ["build/", "third_party/**", "*_pb2.py"]   # gitignore-style
respect-gitignore = true           # skip what .gitignore files ignore (directory scans)
[tool.dropsurgeon.per-file-ignores]
"tests/**" = ["DS101"]
[tool.dropsurgeon.severity]
DS204 = "error"
```

CLI flags override the file: ``--select`` replaces ``select``, ``--ignore`` adds to
``ignore``, ``--fail-on`` replaces ``fail-on``.  Patterns are matched against paths relative
to the directory holding the ``pyproject.toml``.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import DropsurgeonError
from ..findings import Finding, Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

# Never descended into when a directory is linted (an explicitly named path is still linted).
# `.ipynb_checkpoints` holds Jupyter's autosaved copies of the folder's files (stale twins
# of the real code, excluded by ruff too).
DEFAULT_EXCLUDE = (
    ".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", ".eggs", "__pycache__",
    "node_modules", "build", "dist", ".mypy_cache", ".ruff_cache", ".pytest_cache",
    "site-packages", ".dropsurgeon_cache", ".ipynb_checkpoints",
)

_KEYS = {"select", "ignore", "per-file-ignores", "severity", "fail-on", "exclude",
         "respect-gitignore"}
_CODE = re.compile(r"^[A-Z]{2}[0-9]{0,3}$")


@dataclass
class Config:
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    severity: dict[str, Severity] = field(default_factory=dict)
    fail_on: Severity | None = None
    exclude: list[str] = field(default_factory=list)
    respect_gitignore: bool = True  # directory walks skip what .gitignore files ignore
    root: Path = field(default_factory=Path.cwd)  # patterns are relative to this
    source: Path | None = None  # the pyproject.toml it came from

    def merged(self, *, select: Sequence[str] | str | None = None,
               ignore: Sequence[str] | str | None = None,
               fail_on: str | Severity | None = None,
               respect_gitignore: bool | None = None) -> Config:
        """This config with CLI flags applied on top."""
        out = Config(**{**self.__dict__})
        if respect_gitignore is not None:
            out.respect_gitignore = respect_gitignore
        if select:
            out.select = parse_codes(select, "--select")
        if ignore:
            out.ignore = [*self.ignore, *parse_codes(ignore, "--ignore")]
        if fail_on:
            out.fail_on = _severity(fail_on, "--fail-on")
        return out

    def wants(self, code: str) -> bool:
        """True when select/ignore keep this code (before per-file ignores).

        DS000 (the file does not parse) is kept whatever ``select`` says, as ruff always
        reports syntax errors: a selection must not turn an unreadable file into a clean one.
        Only naming it (``ignore``/``per-file-ignores`` = ``DS000``, e.g. for templates that
        are not Python) silences it."""
        if code.upper() == ALWAYS_REPORTED:
            return ALWAYS_REPORTED not in self.ignore
        if self.select is not None and not _matches(code, self.select):
            return False
        return not _matches(code, self.ignore)

    def relative(self, path: str | os.PathLike) -> str:
        p = Path(path)
        try:
            rel = os.path.relpath(p.resolve(), self.root.resolve())
        except ValueError:  # another drive on Windows
            return PurePosixPath(p).as_posix()
        return PurePosixPath(*Path(rel).parts).as_posix()

    def ignored_for(self, path: str | os.PathLike) -> list[str]:
        rel = self.relative(path)
        codes: list[str] = []
        for pattern, pattern_codes in self.per_file_ignores.items():
            if match_path(rel, pattern):
                codes.extend(pattern_codes)
        return codes

    def is_excluded(self, path: str | os.PathLike) -> bool:
        rel = self.relative(path)
        return any(match_path(rel, p) for p in self.exclude)


def _matches(code: str, patterns: Iterable[str]) -> bool:
    code = code.upper()
    return any(p == "ALL" or code.startswith(p) for p in patterns)


ALWAYS_REPORTED = "DS000"


def known_codes() -> list[str]:
    """Every rule code there is (lint's and check's), sorted."""
    from ..rules import BY_CODE  # torch-free: the rules are data

    return sorted(BY_CODE)


def parse_codes(value: Sequence[str] | str, where: str) -> list[str]:
    """Rule codes or prefixes (``DS101``, ``DS1``, ``ALL``); anything that names no rule is an
    error listing the known codes (a typo must not select nothing, or ignore nothing)."""
    items = value.split(",") if isinstance(value, str) else list(value)
    out = []
    for item in items:
        if not isinstance(item, str):
            raise DropsurgeonError(f"{where}: expected rule codes, got {item!r}")
        code = item.strip().upper()
        if not code:
            continue
        known = known_codes()
        if code != "ALL" and not (_CODE.match(code) and any(k.startswith(code) for k in known)):
            raise DropsurgeonError(f"{where}: unknown rule code or prefix {item.strip()!r} "
                                   f"(known: {', '.join(known)})")
        out.append(code)
    return out


def _severity(value: Any, where: str) -> Severity:
    if not isinstance(value, (str, Severity)):
        raise DropsurgeonError(f"{where}: expected error, warning or info, got {value!r}")
    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise DropsurgeonError(f"{where}: {exc}") from None


def match_path(rel: str, pattern: str) -> bool:
    """gitignore-style: ``build/`` and ``*.py`` match at any depth, ``a/b`` from the root,
    ``**`` spans directories; a pattern matching a directory matches everything under it."""
    pattern = pattern.strip()
    if not pattern:
        return False
    dir_only = pattern.endswith("/")
    pattern = pattern.rstrip("/")
    anchored = "/" in pattern
    pattern = pattern.lstrip("/")
    parts = rel.split("/")
    # candidate paths: every prefix (a directory) and the file itself
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    if dir_only:
        prefixes = prefixes[:-1]
    regex = _glob_regex(pattern)
    if anchored:
        return any(regex.fullmatch(p) for p in prefixes)
    names = parts[:-1] if dir_only else parts
    return any(fnmatchcase(n, pattern) for n in names)


_REGEX_CACHE: dict[str, re.Pattern[str]] = {}


def _glob_regex(pattern: str) -> re.Pattern[str]:
    cached = _REGEX_CACHE.get(pattern)
    if cached is not None:
        return cached
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out += "(?:.*/)?"
            i += 3
        elif pattern.startswith("**", i):
            out += ".*"
            i += 2
        elif pattern[i] == "*":
            out += "[^/]*"
            i += 1
        elif pattern[i] == "?":
            out += "[^/]"
            i += 1
        else:
            out += re.escape(pattern[i])
            i += 1
    compiled = _REGEX_CACHE[pattern] = re.compile(out)
    return compiled


def find_pyproject(start: str | os.PathLike) -> Path | None:
    """The nearest pyproject.toml with a [tool.dropsurgeon] table, upward from ``start``."""
    p = Path(start).resolve()
    here = p if p.is_dir() else p.parent
    for d in (here, *here.parents):
        candidate = d / "pyproject.toml"
        if candidate.is_file():
            try:
                text = candidate.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if re.search(r"^\s*\[tool\.dropsurgeon[\].]", text, re.MULTILINE):
                return candidate
    return None


def load_config(start_path: str | os.PathLike | None = None) -> Config:
    """The config for a linted path: the nearest ``[tool.dropsurgeon]`` upward, else defaults."""
    found = find_pyproject(start_path if start_path is not None else Path.cwd())
    if found is None:
        return Config(root=Path(start_path or ".").resolve() if start_path is not None and
                      Path(start_path).is_dir() else Path.cwd())
    return read_config(found)


def read_config(pyproject: str | os.PathLike) -> Config:
    """Parse one pyproject.toml (its ``[tool.dropsurgeon]`` table; absent: defaults)."""
    path = Path(pyproject)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DropsurgeonError(f"config file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DropsurgeonError(f"cannot read config {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise DropsurgeonError(f"{path}: invalid TOML: {exc}") from None
    table = data.get("tool", {}).get("dropsurgeon", {})
    where = f"{path} [tool.dropsurgeon]"
    if not isinstance(table, dict):
        raise DropsurgeonError(f"{where}: expected a table")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise DropsurgeonError(
            f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(_KEYS))})"
        )
    cfg = Config(root=path.resolve().parent, source=path)
    if "select" in table:
        cfg.select = parse_codes(_str_list(table["select"], f"{where} select"), f"{where} select")
    if "ignore" in table:
        cfg.ignore = parse_codes(_str_list(table["ignore"], f"{where} ignore"), f"{where} ignore")
    if "exclude" in table:
        cfg.exclude = _str_list(table["exclude"], f"{where} exclude")
    if "respect-gitignore" in table:
        if not isinstance(table["respect-gitignore"], bool):
            raise DropsurgeonError(f"{where} respect-gitignore: expected true or false")
        cfg.respect_gitignore = table["respect-gitignore"]
    if "fail-on" in table:
        cfg.fail_on = _severity(table["fail-on"], f"{where} fail-on")
    pfi = table.get("per-file-ignores", {})
    if not isinstance(pfi, dict):
        raise DropsurgeonError(f"{where} per-file-ignores: expected a table of pattern = [codes]")
    for pattern, codes in pfi.items():
        cfg.per_file_ignores[pattern] = parse_codes(
            _str_list(codes, f"{where} per-file-ignores {pattern!r}"),
            f"{where} per-file-ignores {pattern!r}",
        )
    sev = table.get("severity", {})
    if not isinstance(sev, dict):
        raise DropsurgeonError(f"{where} severity: expected a table of CODE = \"level\"")
    for code, level in sev.items():
        (key,) = parse_codes([code], f"{where} severity")
        cfg.severity[key] = _severity(level, f"{where} severity {code}")
    return cfg


def _str_list(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DropsurgeonError(f"{where}: expected a list of strings")
    return list(value)


def filter_findings(findings: Iterable[Finding], config: Config | None = None, *,
                    select: Sequence[str] | str | None = None,
                    ignore: Sequence[str] | str | None = None) -> list[Finding]:
    """Keep the findings config and flags select, with per-file ignores and severity overrides.

    Works for graph findings too: paths are matched relative to the config's root.
    """
    cfg = (config or Config()).merged(select=select, ignore=ignore)
    out: list[Finding] = []
    per_file: dict[str, list[str]] = {}
    for f in findings:
        if not cfg.wants(f.code):
            continue
        if f.path is not None and cfg.per_file_ignores:
            codes = per_file.get(f.path)
            if codes is None:
                codes = per_file[f.path] = cfg.ignored_for(f.path)
            if _matches(f.code, codes):
                continue
        override = _override(cfg.severity, f.code)
        if override is not None:
            f.severity = override
        out.append(f)
    return out


def _override(table: dict[str, Severity], code: str) -> Severity | None:
    """The most specific severity override for a code (DS101 beats DS1)."""
    best: tuple[int, Severity] | None = None
    for key, sev in table.items():
        if code.upper().startswith(key) and (best is None or len(key) > best[0]):
            best = (len(key), sev)
    return best[1] if best else None


__all__ = ["ALWAYS_REPORTED", "Config", "DEFAULT_EXCLUDE", "filter_findings", "find_pyproject",
           "known_codes", "load_config", "match_path", "parse_codes", "read_config"]
