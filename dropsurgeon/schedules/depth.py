"""Relative depth of a dropout site, for drop-path style rates (Huang et al. 2016).

Stochastic depth gives block ``l`` of ``L`` the rate ``p * l / L``.  A site's block is read
from its name: the part up to its last number (``blocks.3.attn.attn_drop`` and
``blocks.3.drop_path1`` are in block ``blocks.3``; ``layers.1.blocks.2.drop_path`` in
``layers.1.blocks.2``), so nested stages count every block once and several sites of one
block share its depth.  Blocks are numbered in the order their sites come (model order),
``L`` is the number of blocks the selection covers.

When no selected site sits in a numbered block, every site is its own block, in order.  Sites
outside numbered blocks among others that are in one (a ``pos_drop`` before the blocks) keep
the full rate, and are named in the notes.
"""

from __future__ import annotations


def block_of(site: str) -> str | None:
    """The numbered block a site lies in, or None."""
    parts = site.split("@", 1)[0].split(".")
    for i in range(len(parts) - 1, -1, -1):
        if parts[i].isdigit():
            return ".".join(parts[: i + 1])
    return None


def depth_factors(sites: list[str]) -> tuple[dict[str, float], list[str]]:
    """``site -> l / L`` for the sites in order, and notes on sites given the full rate."""
    blocks = {s: block_of(s) for s in sites}
    if not any(blocks.values()):
        n = len(sites)
        return {s: (i + 1) / n for i, s in enumerate(sites)}, []
    order: dict[str, int] = {}
    for s in sites:
        b = blocks[s]
        if b is not None and b not in order:
            order[b] = len(order)
    n = len(order)
    factors: dict[str, float] = {}
    notes: list[str] = []
    for s in sites:
        b = blocks[s]
        if b is None:
            factors[s] = 1.0
            notes.append(f"{s}: in no numbered block; by_depth leaves it at the full rate")
        else:
            factors[s] = (order[b] + 1) / n
    return factors, notes
