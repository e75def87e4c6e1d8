"""Merge what the source scan and the graph front-ends say about the same lines.

The graph knows *whether* a dropout is active in each mode; the source knows *why* (a
missing ``training=`` argument, a literal, an opt-in flag, the text of ``p``).  A graph site
takes the source's explanation; a static finding on a line the graph has evidence for is
dropped, because the graph's evidence wins.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from ..findings import Finding
from ..sites import ATTENTION, DROP_PATH, FUNCTIONAL, MODULE, RANDOM, RNN, Site

_COMPATIBLE = {
    FUNCTIONAL: {FUNCTIONAL, DROP_PATH},
    DROP_PATH: {FUNCTIONAL, DROP_PATH, MODULE},
    ATTENTION: {ATTENTION, MODULE},
    MODULE: {MODULE, DROP_PATH, ATTENTION},
    RNN: {RNN, MODULE},
    RANDOM: {RANDOM},
}


def norm(path: str | None) -> str | None:
    return os.path.realpath(path) if path and not path.startswith("<") else path


# Library files (timm, transformers) are linted again and again in one process (sweeps,
# notebooks): scans are kept per (path, mtime, size), so an edited file is scanned anew.
_SCANS: dict[tuple[str, int, int], object] = {}
_MAX_SCANS = 512


class SourceCache:
    """Source scans of every file a site points into, each scanned once per version."""

    def get(self, path: str | None):
        key = norm(path)
        if key is None or key.startswith("<"):
            return None
        try:
            st = os.stat(key)
        except OSError:
            return None
        version = (key, st.st_mtime_ns, st.st_size)
        scan = _SCANS.get(version)
        if scan is None:
            from ..capture.source import scan_file

            if len(_SCANS) >= _MAX_SCANS:
                _SCANS.clear()
            scan = _SCANS[version] = scan_file(key)
        return scan

    def lines(self, path: str | None) -> list[str]:
        key = norm(path)
        if key is None or not os.path.isfile(key):
            return []
        try:
            with open(key, encoding="utf-8", errors="replace") as fh:
                return fh.read().splitlines()
        except OSError:
            return []


def _covers(src: Site, line: int | None) -> bool:
    if line is None or src.line is None:
        return False
    end = src.extra.get("end_line") or src.line
    return src.line <= line <= end


def source_match(site: Site, scan) -> Site | None:
    if scan is None or site.line is None:
        return None
    candidates = [
        s for s in scan.sites
        if _covers(s, site.line) and s.kind in _COMPATIBLE.get(site.kind, {site.kind})
    ]
    if not candidates:
        return None
    # The innermost (shortest) call on the line explains it best.
    return min(candidates, key=lambda s: (s.extra.get("end_line") or s.line) - s.line)


def enrich(sites: Iterable[Site], cache: SourceCache) -> None:
    """Give graph sites the source's explanation of their flag and rate."""
    for site in sites:
        if site.module_type and not site.in_forward_construction:
            continue  # a module's flag is its own .training: the source adds nothing
        src = source_match(site, cache.get(site.path))
        if src is None:
            continue
        site.extra["source_matched"] = True
        if not site.column and src.column and src.line == site.line:
            site.column = src.column
        if site.flag is None and src.flag:
            site.flag = src.flag
        if site.p_text is None and src.p_text:
            site.p_text = src.p_text
        if src.in_forward_construction and site.kind == MODULE:
            site.in_forward_construction = True
        if site.kind == FUNCTIONAL and src.op:
            site.op = src.op
        if site.kind == RNN and "num_layers" in src.extra:
            site.extra.setdefault("num_layers", src.extra["num_layers"])


def graph_covers(finding: Finding, graph_sites: Iterable[Site]) -> bool:
    """True when some graph site speaks of the finding's line."""
    path = norm(finding.path)
    for site in graph_sites:
        if norm(site.path) != path:
            continue
        lines = {site.line, site.extra.get("call_line"), site.construct_line}
        if finding.line in lines:
            return True
    return False


def dedupe(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per problem: (file, line, code); the first front-end to report it wins."""
    seen: set[tuple] = set()
    out = []
    for f in findings:
        key = (norm(f.path), f.line, f.code)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out
