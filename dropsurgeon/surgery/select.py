"""Selectors: say *where* in a model, the way peft's ``target_modules`` does, plus positions.

A selector is a string, a module class, or a list of them (the union).  Each string is read
by the first rule below that applies (the priority order):

1. keywords: ``dropout`` (every dropout site: ``nn.Dropout*`` and drop-path modules,
   functional ``F.dropout*`` calls, ``nn.MultiheadAttention``/RNN ``dropout``, and the rate
   attributes forwards read, such as transformers' ``self.attention_dropout``),
   ``attention`` (the sites whose rate feeds an attention op: MHA ``dropout``, a rate passed
   as ``dropout=``/``dropout_p=`` to an attention call, a dropout module whose ``p`` is),
   ``residual-branches`` (the branch ``f(x)`` of each ``x + f(x)``), ``head`` (the final
   classifier: the last ``nn.Linear`` in the model);
2. prefixes: ``after:SEL``, ``before:SEL``, ``after-last:SEL``, ``before-first:SEL``
   (positions around the modules SEL matches), ``re:REGEX`` (module names, ``re.search``),
   ``type:NAME`` and ``name:NAME`` (force one reading);
3. an index range ``NAME[a:b]`` (or ``NAME[i]``): children a..b-1 of the container NAME,
   negative indices as in Python;
4. a glob with ``*`` or ``?``: ``*`` matches within one name part, ``**`` across parts
   (``encoder.layer.*.attention``);
5. a leading dot: a name suffix (``.fc`` matches ``fc`` and ``head.fc``);
6. a dotted class path (``torch.nn.LayerNorm``) that imports, or a capitalised word that is
   the name of a class in some module's MRO (``Linear`` also matches its subclasses);
7. an exact module name (``encoder.layer.3.output``), functional site name
   (``block@dropout``) or rate attribute name (``model.layers.0.self_attn.attention_dropout``).

Regexes, globs and suffixes match rate attribute names too (``re:attention_dropout$``); a
module name stands for every site at or below it (``model.layers.*.self_attn``).

A term that matches nothing raises :class:`NoMatchError` naming it.  ``exclude`` takes the
same forms and drops every target at or below what it matches.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..errors import DropsurgeonError
from .view import ModelView
from .wrappers import unwrap

KEYWORDS = ("dropout", "attention", "residual-branches", "head", "layerdrop", "drop_path")
# Structural drops skip whole layers or branches: never part of ``dropout`` (a dropout
# schedule must not switch LayerDrop on); each has its own keyword.
STRUCTURAL = ("layerdrop", "drop_path")
_DROP_PATH_CLASSES = ("DropPath", "StochasticDepth", "DropPath2d", "LayerDrop")
POSITIONS = ("after", "before", "after-last", "before-first")

_RANGE_RE = re.compile(r"^(?P<name>[\w.]*)\[(?P<a>-?\d*)(?P<colon>:?)(?P<b>-?\d*)\]$")


class NoMatchError(DropsurgeonError):
    """A selector term matched nothing in the model."""


@dataclass(frozen=True)
class Target:
    """One place an operation acts on.

    ``kind``: ``module`` (a module by logical name), ``functional`` (a functional dropout
    call, ``owner@node``), ``attribute`` (a rate held by a module attribute: the ``dropout``
    of MHA/RNN, named like the module, or a number a forward reads, ``owner.attr``) or
    ``edge`` (the branch operand of a residual addition, ``owner@add_node``).  ``position``
    is ``at``, ``after`` or ``before`` (insertions).
    """

    kind: str
    name: str
    position: str = "at"
    owner: str = ""
    node: str = ""
    operand: int = -1

    def describe(self) -> str:
        where = self.name or "model"
        return where if self.position == "at" else f"{self.position} {where}"

    def within(self, names: set[str]) -> bool:
        base = self.owner if self.kind in ("functional", "edge", "attribute") else self.name
        if self.name in names:
            return True
        return any(base == n or base.startswith(n + ".") or n == "" for n in names)


Selector = Any  # str | type | Iterable[str | type]


def terms(where: Selector) -> list[Any]:
    if where is None:
        return []
    if isinstance(where, (str, type)):
        return [where]
    if isinstance(where, Iterable):
        out = list(where)
        if not all(isinstance(t, (str, type)) for t in out):
            raise DropsurgeonError("a selector is a string, a module class or a list of them")
        return out
    raise DropsurgeonError(f"bad selector {where!r}: expected a string or a module class")


def select(view: ModelView, where: Selector, exclude: Selector = None) -> list[Target]:
    """Every target ``where`` names, minus those at or below ``exclude``; in model order."""
    found: dict[tuple, Target] = {}
    term_list = terms(where)
    if not term_list:
        raise DropsurgeonError("empty selector: say where (e.g. 'dropout', 'after:Linear')")
    for term in term_list:
        for target in resolve_term(view, term):
            found.setdefault(_key(target), target)
    excluded: set[str] = set()
    for term in terms(exclude):
        excluded |= {t.name for t in resolve_term(view, term)}
    targets = [t for t in found.values() if not (excluded and t.within(excluded))]
    if not targets:
        raise NoMatchError(f"selector {_show(where)} matches nothing once {_show(exclude)} "
                           "is excluded")
    order = {name: i for i, name in enumerate(view.entries)}
    owned = ("functional", "edge", "attribute")
    return sorted(targets, key=lambda t: order.get(t.owner if t.kind in owned else t.name,
                                                   len(order)))


def _key(t: Target) -> tuple:
    return (t.kind, t.name, t.position)


def _show(where: Selector) -> str:
    items = terms(where)
    return ", ".join(repr(i.__name__ if isinstance(i, type) else i) for i in items)


def resolve_term(view: ModelView, term: str | type) -> list[Target]:
    targets = _resolve(view, term)
    if not targets:
        shown = term.__name__ if isinstance(term, type) else term
        raise NoMatchError(f"selector {shown!r} matches nothing in {type(view.model).__name__}")
    return targets


def _modules(names: Iterable[str], position: str = "at") -> list[Target]:
    return [Target("module", n, position) for n in names]


def _resolve(view: ModelView, term: str | type) -> list[Target]:
    if isinstance(term, type):
        return _modules(e.name for e in view.modules() if isinstance(unwrap(e.module), term))
    text = term.strip()
    if not text:
        raise DropsurgeonError("empty selector term")
    if text == "dropout":
        return dropout_sites(view)
    if text == "attention":
        return attention_sites(view)
    if text in STRUCTURAL:
        return structural_sites(view, text)
    if text == "residual-branches":
        return residual_targets(view)
    if text == "head":
        return _modules(_head(view))
    prefix, sep, rest = text.partition(":")
    if sep and prefix in POSITIONS:
        inner = [t for t in resolve_term(view, rest) if t.kind == "module"]
        if not inner:
            raise NoMatchError(f"selector {text!r}: {rest!r} matches no module to be "
                               f"{prefix.split('-')[0]}")
        if prefix == "after-last":
            inner = inner[-1:]
        elif prefix == "before-first":
            inner = inner[:1]
        return _modules((t.name for t in inner), prefix.split("-")[0])
    if sep and prefix == "re":
        try:
            rx = re.compile(rest)
        except re.error as exc:
            raise DropsurgeonError(f"selector {text!r}: bad regex: {exc}") from None
        return (_modules(e.name for e in view.modules() if e.name and rx.search(e.name))
                + [t for t in rate_targets(view) if rx.search(t.name)])
    if sep and prefix == "type":
        return _by_type(view, rest)
    if sep and prefix == "name":
        return _by_name(view, rest)
    m = _RANGE_RE.match(text)
    if m:
        return _index_range(view, text, m)
    if "*" in text or "?" in text:
        rx = _glob(text)
        return (_modules(e.name for e in view.modules() if e.name and rx.match(e.name))
                + [t for t in rate_targets(view) if rx.match(t.name)])
    if text.startswith("."):
        suffix = text[1:]

        def hit(name: str) -> bool:
            return name == suffix or name.endswith("." + suffix)

        return (_modules(e.name for e in view.modules() if hit(e.name))
                + [t for t in rate_targets(view) if hit(t.name) and t.name not in view.entries])
    if text[:1].isupper() or ("." in text and text.rsplit(".", 1)[1][:1].isupper()):
        by_type = _by_type(view, text)
        if by_type or text[:1].isupper():
            return by_type or _by_name(view, text)
    return _by_name(view, text)


def _by_type(view: ModelView, text: str) -> list[Target]:
    cls = _import_class(text) if "." in text else None
    if cls is not None:
        return _modules(e.name for e in view.modules() if isinstance(unwrap(e.module), cls))
    short = text.rsplit(".", 1)[-1]
    return _modules(e.name for e in view.modules()
                    if any(c.__name__ == short for c in type(unwrap(e.module)).__mro__))


def _import_class(text: str) -> type | None:
    mod, _, attr = text.rpartition(".")
    try:
        obj = getattr(importlib.import_module(mod), attr)
    except (ImportError, AttributeError, ValueError):
        return None
    return obj if isinstance(obj, type) else None


def _by_name(view: ModelView, text: str) -> list[Target]:
    if text in view.entries:
        return _modules([text])
    if "@" in text:
        return [t for t in dropout_sites(view) + residual_targets(view, strict=False)
                if t.name == text]
    if text in view.rates().handles:
        return [t for t in rate_targets(view) if t.name == text]
    return []


def _index_range(view: ModelView, text: str, m: re.Match) -> list[Target]:
    container = m["name"]
    if container not in view.entries:
        raise NoMatchError(f"selector {text!r}: no module named {container!r}")
    prefix = container + "." if container else ""
    children = [n for n in view.entries if n.startswith(prefix) and n != container
                and "." not in n[len(prefix):]]
    try:
        if m["colon"]:
            a = int(m["a"]) if m["a"] else None
            b = int(m["b"]) if m["b"] else None
            chosen = children[a:b]
        else:
            chosen = [children[int(m["a"])]]
    except (ValueError, IndexError):
        raise NoMatchError(
            f"selector {text!r}: {container!r} has {len(children)} children"
        ) from None
    return _modules(chosen)


def _glob(text: str) -> re.Pattern:
    out = []
    i = 0
    while i < len(text):
        if text.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        ch = text[i]
        out.append("[^.]*" if ch == "*" else "[^.]" if ch == "?" else re.escape(ch))
        i += 1
    return re.compile("^" + "".join(out) + "$")


def _head(view: ModelView) -> list[str]:
    import torch.nn as nn

    linears = [e.name for e in view.modules() if isinstance(unwrap(e.module), nn.Linear)]
    return linears[-1:]


def rate_targets(view: ModelView) -> list[Target]:
    """Rates held by module attributes: MHA/RNN ``dropout`` and the numbers forwards read."""
    from .rates import ATTRIBUTE, MHA, RNN

    out = []
    for h in view.rates().handles.values():
        if h.kind in (MHA, RNN):
            out.append(Target("attribute", h.site, owner=h.site))
        elif h.kind == ATTRIBUTE:
            out.append(Target("attribute", h.site, owner=h.site.rpartition(".")[0]))
    return out


def _all_sites(view: ModelView) -> list[Target]:
    out = _modules(e.name for e in view.dropout_modules())
    out += rate_targets(view)
    out += [Target("functional", s.name, owner=s.owner, node=s.node)
            for s in view.functional_sites()]
    return out


def structural_role(view: ModelView, target: Target) -> str | None:
    """``layerdrop`` or ``drop_path`` for a site that drops whole layers or branches."""
    handle = view.rates().handles.get(target.name)
    roles = set(handle.roles) if handle is not None else set()
    for role in STRUCTURAL:
        if role in roles:
            return role
    if target.kind == "module" and target.name in view.entries:
        cls = type(unwrap(view.entries[target.name].module)).__name__
        if cls in _DROP_PATH_CLASSES or cls.endswith("DropPath"):
            return "layerdrop" if cls == "LayerDrop" else "drop_path"
    return None


def dropout_sites(view: ModelView) -> list[Target]:
    """The dropout sites, without the structural drops (``layerdrop``, ``drop_path``)."""
    return [t for t in _all_sites(view) if structural_role(view, t) is None]


def structural_sites(view: ModelView, role: str) -> list[Target]:
    return [t for t in _all_sites(view) if structural_role(view, t) == role]


def attention_sites(view: ModelView) -> list[Target]:
    """Sites whose rate feeds an attention op (the source or the runtime says so)."""
    handles = view.rates().handles
    attention = {site for site, h in handles.items() if "attention" in h.roles}
    return [t for t in dropout_sites(view) if t.name in attention]


def expand_to_sites(view: ModelView, targets: list[Target], where: Any,
                    op: str = "this operation") -> tuple[list[Target], set[str]]:
    """Operations on rates act on dropout sites: a module that is none stands for the sites
    at or below it (``remove(model, "encoder")``).  Also returns the subtrees the selector
    covers as a whole ("" for ``dropout``: the whole model)."""
    sites = dropout_sites(view)
    scopes = {""} if "dropout" in terms(where) else set()
    out: dict[tuple, Target] = {}
    for t in targets:
        if t.position != "at" and t.kind != "edge":
            raise DropsurgeonError(f"{op} acts on dropout sites, not on positions "
                                   f"({t.describe()}): use a site selector such as 'dropout'")
        if t.kind == "edge":
            raise DropsurgeonError(f"{op} acts on dropout sites; residual branches take "
                                   "insert")
        if t.kind != "module" or view.is_site(t.name):
            out.setdefault((t.kind, t.name), t)
            continue
        scopes.add(t.name)
        for s in sites:
            if s.within({t.name}):
                out.setdefault((s.kind, s.name), s)
    if not out:
        shown = ", ".join(map(str, terms(where)))
        raise NoMatchError(f"selector {shown} matches no dropout site for {op}")
    return list(out.values()), scopes


def residual_targets(view: ModelView, strict: bool = True) -> list[Target]:
    from .view import residual_branches

    out = []
    for owner in view.owners().values():
        for br in residual_branches(owner):
            if br.module is not None:
                out.append(Target("module", br.module, "after"))
            else:
                out.append(Target("edge", f"{br.owner}@{br.add_node}", "after",
                                  owner=br.owner, node=br.add_node, operand=br.operand))
    return out
