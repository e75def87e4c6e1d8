"""The dropout-site inventory: one record per place where randomness zeroes activations.

Every front-end (source, fx, export, runtime) produces :class:`Site` objects and every
consumer (rules, surgery, fusion, MC dropout) reads them.  This module must not import torch.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from typing import Any

# What a site is.
MODULE = "module"  # nn.Dropout* / AlphaDropout / FeatureAlphaDropout instances
FUNCTIONAL = "functional"  # F.dropout*, torch.dropout, alpha_dropout ...
ATTENTION = "attention"  # scaled_dot_product_attention(dropout_p=), MHA
RNN = "rnn"  # inter-layer dropout of nn.RNN/LSTM/GRU
DROP_PATH = "drop_path"  # stochastic depth, DropPath, LayerDrop
RANDOM = "random"  # a hand-made mask: rand/bernoulli/... used on the data path

KINDS = (MODULE, FUNCTIONAL, ATTENTION, RNN, DROP_PATH, RANDOM)


@dataclass
class Site:
    """One dropout-family operation in one model, as one front-end saw it.

    ``active_train``/``active_eval`` are ``True``/``False`` when known and ``None`` when
    the front-end cannot tell (e.g. a flag computed from something it cannot follow).
    ``flag`` says *why*: ``"missing"`` (no training argument: defaults to True),
    ``"literal-true"``, ``"literal-false"``, ``"self.training"``, ``"gated"`` (p is zero
    at eval, or the call sits under ``if self.training``) or the flag's source text.
    """

    kind: str
    op: str
    p: float | None = None
    p_text: str | None = None
    active_train: bool | None = None
    active_eval: bool | None = None
    flag: str | None = None
    module: str = ""
    module_type: str = ""
    path: str | None = None
    line: int | None = None
    column: int = 0
    construct_path: str | None = None
    construct_line: int | None = None
    frontend: str = ""
    producers: tuple[str, ...] = ()
    consumers: tuple[str, ...] = ()
    shape: tuple[int, ...] | None = None
    in_forward_construction: bool = False
    reaches_output: bool | None = None
    # Where the rate lives when a module attribute holds it (``dropsurgeon.rates.annotate``):
    # ``model.layers.0.self_attn.attention_dropout``; extra["rate"] says owner, attribute and
    # whether it holds a number or reads a config field.
    rate_attr: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def location(self) -> str:
        if self.path is None:
            return "<unknown>"
        return f"{self.path}:{self.line}" if self.line else self.path

    @property
    def key(self) -> tuple:
        """Identity used to merge what several front-ends say about the same site."""
        return (self.path, self.line, self.kind, self.module if self.kind == MODULE else "")

    def behaviour(self) -> str:
        def word(v: bool | None) -> str:
            return {True: "on", False: "off", None: "?"}[v]

        return f"train:{word(self.active_train)} eval:{word(self.active_eval)}"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["producers"] = list(self.producers)
        d["consumers"] = list(self.consumers)
        d["shape"] = list(self.shape) if self.shape is not None else None
        return d

    def evolve(self, **changes: Any) -> Site:
        return replace(self, **changes)


@dataclass
class Inventory:
    """Every dropout site of one model, plus which front-ends looked at it."""

    sites: list[Site] = field(default_factory=list)
    frontends: list[str] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)  # front-end -> why it could not see

    def __iter__(self) -> Iterator[Site]:
        return iter(self.sites)

    def __len__(self) -> int:
        return len(self.sites)

    def of_kind(self, *kinds: str) -> list[Site]:
        return [s for s in self.sites if s.kind in kinds]

    def extend(self, sites: Iterable[Site]) -> None:
        self.sites.extend(sites)

    def to_dict(self) -> dict[str, Any]:
        return {
            "frontends": list(self.frontends),
            "failures": dict(self.failures),
            "sites": [s.to_dict() for s in self.sites],
        }
