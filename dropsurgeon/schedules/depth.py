"""Relative depth of a dropout site, for drop-path style rates (Huang et al. 2016).

Stochastic depth gives block ``l`` of ``L`` the rate ``p * l / L``.  A site's block is read
from its name: the part up to its last number (``blocks.3.attn.attn_drop`` and
``blocks.3.drop_path1`` are in block ``blocks.3``; ``layers.1.blocks.2.drop_path`` in
``layers.1.blocks.2``), so several sites of one block share its depth.  The blocks are those
of the *model*: every module whose name has the same shape (``blocks.#``,
``layers.#.blocks.#``) counts, in model order, whether or not it holds a selected site (timm
builds block 0 with no drop path at all; it is still block 1 of ``L``).  Stacks of different
shapes (an encoder's ``encoder.layers.#`` and a decoder's ``decoder.layers.#``) each have
their own ``L``.

When no selected site sits in a numbered block (the dropouts of an ``nn.Sequential``, whose
own names are numbers), every site is its own block, in order.  Sites
outside numbered blocks among others that are in one (a ``pos_drop`` before the blocks) keep
the full rate, and are named in the notes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_NUMBER = re.compile(r"(?<![^.])\d+(?![^.])")


def block_of(site: str) -> str | None:
    """The numbered block a site lies in, or None.

    A site's own number is not a block (``classifier.2``, the third module of a Sequential,
    is a dropout, not a block); the owner of a functional site (``blocks.4@dropout``) is.
    """
    owner, at, _ = site.partition("@")
    parts = owner.split(".")
    last = len(parts) if at else len(parts) - 1
    for i in range(last - 1, -1, -1):
        if parts[i].isdigit():
            return ".".join(parts[: i + 1])
    return None


def shape_of(block: str) -> str:
    """``layers.1.blocks.2`` -> ``layers.#.blocks.#``."""
    return _NUMBER.sub("#", block)


def depth_factors(sites: list[str], module_names: Iterable[str] | None = None
                  ) -> tuple[dict[str, float], list[str]]:
    """``site -> l / L`` for the sites in order, and notes on sites given the full rate.

    ``module_names`` (the model's logical module names, in order) give the blocks; without
    them the blocks are those the sites lie in.
    """
    blocks = {s: block_of(s) for s in sites}
    if not any(blocks.values()):
        n = len(sites)
        return {s: (i + 1) / n for i, s in enumerate(sites)}, []
    stacks: dict[str, dict[str, int]] = {}  # shape -> block -> position
    for name in list(module_names or []) + [b for b in blocks.values() if b]:
        # Every module named like a block is one (its own prefix; not deeper numbers).
        for shape in {shape_of(b) for b in blocks.values() if b}:
            if re.fullmatch(re.escape(shape).replace("\\#", r"\d+"), name):
                order = stacks.setdefault(shape, {})
                order.setdefault(name, len(order))
    factors: dict[str, float] = {}
    notes: list[str] = []
    for s in sites:
        b = blocks[s]
        if b is None:
            factors[s] = 1.0
            notes.append(f"{s}: in no numbered block; by_depth leaves it at the full rate")
        else:
            order = stacks[shape_of(b)]
            factors[s] = (order[b] + 1) / len(order)
    return factors, notes
