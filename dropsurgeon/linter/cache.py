"""A cache of per-file static lint results, so that re-linting an unchanged tree is nearly free.

An entry holds one file's findings (noqa marks and config filtering already applied) and is
named by a hash of everything that decides them:

- the file's bytes and its path (per-file ignores and the reported path depend on it);
- the effective config (select, ignore, per-file ignores, severity overrides, their root);
- the tool: its version, the Python version (the parser), and a hash of the source of the
  installed ``dropsurgeon`` code that decides findings (the top-level modules and the
  ``capture``, ``rules`` and ``linter`` packages), computed once per process, so that
  results of an older rule set never survive a code change, released or not.

This relies on the static scan judging a file by its own text alone: a rule that read
another file would have to add that file's bytes to the key.

Entries live in ``.dropsurgeon_cache/<tool key>/`` at the project root (the directory of
the ``pyproject.toml`` holding ``[tool.dropsurgeon]``, else the enclosing git repository,
else the working directory), or under ``--cache-dir``.

The cache owns only what it made (issue 18 item 25): ``--cache-dir X`` uses ``X`` itself
when ``X`` is new, empty or already marked as a dropsurgeon cache (its ``CACHEDIR.TAG`` says
so), and otherwise its own subfolder ``X/.dropsurgeon_cache``; the tag and ``.gitignore`` are
written only into a folder the cache claims that way, and an old tool version's entries are
deleted only from a marked cache folder and only where the entries' own marker file proves
that dropsurgeon wrote them.  A user's folder, whatever its subfolders are called, loses
nothing.  Each is written to a temporary file
and renamed into place, so a reader never sees half an entry; an entry that cannot be read
or decoded is a miss, never an error, and a cache directory that cannot be written simply
stops caching.  Fixes (``--fix``/``--diff``) do not use the cache.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from ..findings import Finding, Severity, TraceStep
from .config import Config

CACHE_DIR_NAME = ".dropsurgeon_cache"
FORMAT = 2  # bump when the entry layout changes (2: the mode join's export)
# Sub-packages whose code can change a static finding; the top-level modules (sites,
# findings, ...) always count.  Surgery, reports or the CLI changing must not empty the cache.
_LINT_PARTS = {"capture", "rules", "linter"}
_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
        "# This directory is a cache made by dropsurgeon.\n")
_TAG_WORDS = "made by dropsurgeon"
# written into every <tool key> folder: only folders holding it are ever pruned
ENTRIES_MARK = ".dropsurgeon-entries"
_FIELDS = ("code", "message", "path", "line", "column", "module", "frontend", "fix", "model")


@functools.lru_cache(maxsize=1)
def tool_key() -> str:
    """Version, interpreter and a hash of this package's own source files."""
    from .. import __version__

    h = hashlib.blake2b(digest_size=16)
    h.update(f"{FORMAT}\0{__version__}\0{sys.version}\0".encode())
    h.update(source_hash(Path(__file__).resolve().parent.parent).encode())
    return h.hexdigest()


def source_hash(package: Path) -> str:
    """A hash of the package's top-level modules and its ``capture``/``rules``/``linter``."""
    h = hashlib.blake2b(digest_size=16)
    for dirpath, dirnames, filenames in os.walk(package):
        if dirpath == str(package):  # the parts that decide a file's static findings
            dirnames[:] = sorted(d for d in dirnames if d in _LINT_PARTS)
        else:
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith(".py"):
                full = os.path.join(dirpath, name)
                h.update(os.path.relpath(full, package).encode() + b"\0")
                try:
                    with open(full, "rb") as fh:
                        h.update(fh.read())
                except OSError:
                    h.update(b"unreadable")
    return h.hexdigest()


def config_key(cfg: Config) -> str:
    """What of the config changes a file's findings (exclude and fail-on do not)."""
    return json.dumps([
        cfg.select, cfg.ignore, sorted(cfg.per_file_ignores.items()),
        sorted((code, int(sev)) for code, sev in cfg.severity.items()), str(cfg.root),
    ])


def project_root(cfg: Config, paths: Sequence[str | os.PathLike]) -> Path:
    """Where ``.dropsurgeon_cache`` goes by default."""
    if cfg.source is not None:
        return Path(cfg.source).resolve().parent
    from .gitignore import git_root

    start = os.fspath(paths[0]) if paths else os.getcwd()
    top = git_root(start if os.path.isdir(start) else os.path.dirname(os.path.abspath(start)))
    return Path(top) if top is not None else Path.cwd()


class Cache:
    """Look up and store per-file results under ``directory`` for one tool and config."""

    def __init__(self, directory: str | os.PathLike, cfg: Config) -> None:
        self.base = Path(directory)
        self.dir = self.base / tool_key()
        self._dir = str(self.dir)
        self._config = config_key(cfg)
        self._prefix = self._start()
        self.exists = self.dir.is_dir()  # absent: every lookup would miss, skip them
        self.writable = True
        self._counter = 0
        self._folders: set[str] = set()  # entry folders made (or found) by this process

    def _start(self):
        # the key of a file is this prefix state plus its path and bytes (sha1: the fastest
        # here, and a cache key needs no collision resistance against an attacker)
        h = hashlib.sha1()
        h.update(self._config.encode() + b"\0")
        return h

    # a spawned worker gets the cache pickled; hash objects do not pickle
    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_prefix"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._prefix = self._start()

    def key(self, path: str, data: bytes) -> str:
        h = self._prefix.copy()
        h.update(os.path.abspath(path).encode() + b"\0" + path.encode() + b"\0")
        h.update(data)
        return h.hexdigest()

    def _entry(self, key: str) -> str:
        return os.path.join(self._dir, key[:2], key)

    def get(self, path: str, data: bytes) -> list[Finding] | None:
        entry = self.get_entry(path, data)
        return entry[0] if entry is not None else None

    def get_entry(self, path: str, data: bytes) -> tuple[list[Finding], dict] | None:
        """The file's findings and its part of the repository-wide mode join."""
        if not self.exists:
            return None
        try:
            with open(self._entry(self.key(path, data)), "rb") as fh:
                raw = json.loads(fh.read())
            if raw["path"] != path:
                return None
            modeflow = raw.get("modeflow") or {}
            if not isinstance(modeflow, dict):
                return None
            return [_finding(d) for d in raw["findings"]], modeflow
        except Exception:  # noqa: BLE001 - missing, truncated, or garbage: a miss
            return None

    def put(self, path: str, data: bytes, findings: list[Finding],
            modeflow: dict | None = None) -> None:
        if not self.writable:
            return
        key = self.key(path, data)
        entry = self._entry(key)
        record: dict = {"path": path, "findings": [_record(f) for f in findings]}
        if modeflow:
            record["modeflow"] = modeflow
        payload = json.dumps(record)
        self._counter += 1
        folder = os.path.dirname(entry)
        tmp = os.path.join(folder, f".{key}.{os.getpid()}.{self._counter}.tmp")
        try:
            if folder not in self._folders:  # one mkdir per folder, not one per entry
                os.makedirs(folder, exist_ok=True)
                self._folders.add(folder)
            try:
                fh = open(tmp, "w", encoding="utf-8")
            except FileNotFoundError:  # the folder went away since: make it again
                os.makedirs(folder, exist_ok=True)
                fh = open(tmp, "w", encoding="utf-8")
            with fh:
                fh.write(payload)
            os.replace(tmp, entry)  # atomic: readers see the old entry or the new one
        except OSError:
            self.writable = False  # read-only checkout, full disk: lint on without caching
            try:
                os.unlink(tmp)
            except OSError:
                pass

    def prepare(self) -> None:
        """Create the directory (tagged like ruff's, so backup tools and git skip it) and
        drop the entries of other tool versions, which can never hit again - only those that
        this cache can prove it wrote (see the module docstring)."""
        if self.exists:
            return
        try:
            claim = not self.base.exists() or _is_marked(self.base) or _is_empty(self.base)
            self.dir.mkdir(parents=True, exist_ok=True)
            (self.dir / ENTRIES_MARK).touch()
            if claim:
                tag = self.base / "CACHEDIR.TAG"
                if not tag.exists():
                    tag.write_text(_TAG)
                ignore = self.base / ".gitignore"
                if not ignore.exists():
                    ignore.write_text("# Automatically created by dropsurgeon.\n*\n")
            if _is_marked(self.base):
                for other in self.base.iterdir():
                    if (other.name != self.dir.name and other.is_dir()
                            and not other.is_symlink() and (other / ENTRIES_MARK).is_file()):
                        shutil.rmtree(other, ignore_errors=True)
        except OSError:
            self.writable = False
        self.exists = True


def _is_marked(folder: Path) -> bool:
    """Does the folder carry this tool's cache tag (it was made as a dropsurgeon cache)?"""
    try:
        return _TAG_WORDS in (folder / "CACHEDIR.TAG").read_text(errors="replace")
    except OSError:
        return False


def _is_empty(folder: Path) -> bool:
    try:
        return folder.is_dir() and not any(folder.iterdir())
    except OSError:
        return False


def cache_base(cache_dir: str | os.PathLike) -> Path:
    """The folder a ``--cache-dir`` cache owns: the folder itself when it is new, empty or a
    marked dropsurgeon cache, else its own ``.dropsurgeon_cache`` subfolder."""
    folder = Path(cache_dir)
    if not folder.exists() or _is_marked(folder) or _is_empty(folder):
        return folder
    return folder / CACHE_DIR_NAME


def _record(f: Finding) -> dict:
    d = {name: getattr(f, name) for name in _FIELDS}
    d["severity"] = int(f.severity)
    d["suppressed"] = f.suppressed
    if f.extra.get("end_line"):
        d["end_line"] = f.extra["end_line"]
    if f.trace:
        d["trace"] = [step.to_dict() for step in f.trace]
    return d


def _finding(d: dict) -> Finding:
    f = Finding(severity=Severity(d["severity"]), suppressed=bool(d["suppressed"]),
                **{name: d[name] for name in _FIELDS})
    if d.get("end_line"):
        f.extra["end_line"] = d["end_line"]
    f.trace = [TraceStep.from_dict(step) for step in d.get("trace") or ()]
    return f


def open_cache(cfg: Config, paths: Sequence[str | os.PathLike],
               cache_dir: str | os.PathLike | None = None) -> Cache:
    """The cache for this run: in ``cache_dir``, else ``.dropsurgeon_cache`` at the project
    root."""
    if cache_dir is not None:
        return Cache(cache_base(cache_dir), cfg)
    return Cache(project_root(cfg, paths) / CACHE_DIR_NAME, cfg)


__all__ = ["CACHE_DIR_NAME", "ENTRIES_MARK", "Cache", "cache_base", "config_key", "open_cache",
           "project_root", "source_hash", "tool_key"]
