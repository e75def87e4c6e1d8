"""The abstract state: which object each name holds, and each object's mode and history.

Modes: ``train``, ``eval``, ``unknown``, ``entry`` (a parameter's mode as the caller passed
it: what a function summary is written in terms of) and ``returned`` (what a function of
another file of the repository returns: its mode is read there, by the repository-wide
join).  Objects are shared between names (``net = model.to(dev)``, ``self.model = model``,
``DataParallel(model)``), so a switch through one name is seen through all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...findings import TraceStep

TRAIN, EVAL, UNKNOWN, ENTRY, RETURNED = "train", "eval", "unknown", "entry", "returned"


@dataclass
class Obj:
    mode: str
    # where it was created or loaded, then (at most) the last switch: the finding's trace
    steps: list[TraceStep] = field(default_factory=list)
    care: bool | None = None  # has dropout/batch norm (None: may have)
    pretrained: bool = False
    frozen: bool = False  # requires_grad_(False): a feature extractor
    param: int | None = None  # index of the parameter it came in as (mode ENTRY)
    label: str = ""  # how the code names it (for messages)
    uid: int = 0  # stable across copies of the state (optimisers refer to it)
    # built here with fresh weights and, as far as the scan sees, never trained, loaded nor
    # handed anywhere: its outputs mean nothing in either mode (a smoke test, a shape probe)
    fresh: bool = False
    # built from a class imported from another file of the repository: (module as written,
    # class name); whether it has dropout or batch norm is decided by the repository-wide
    # join, which reads that file's classes
    home: tuple[str, str] | None = None
    cls: str = ""  # the class of this file it was built from (its methods can be read)
    # how another file's class (``home``) was called: (keywords, positional count, whether
    # `*args`/`**kwargs` were passed) - which constructor defaults it left in place
    built: tuple[tuple[str, ...], int, bool] | None = None
    # that class's parts that are classes of other files, when nothing else about it is
    # unknown: the join reports a finding only if one of them has dropout or batch norm
    homes: tuple[tuple[str, str], ...] = ()
    # switched to train mode by the code's own `.train()` and neither trained nor handed to
    # a function since: an evaluation now keeps dropout or batch statistics on purpose
    # (Monte Carlo dropout, batch-norm recalibration), not by oversight
    chosen: bool = False
    # returned by a function of another file (mode RETURNED): (module as written, function)
    source: tuple[str, str] | None = None
    # the tracked objects a container was built from (`nn.Sequential(enc, clf)`): switching
    # the container switches them (uids)
    parts: tuple[int, ...] = ()
    # a copy (`copy.deepcopy(net)`) of the object that came in as this parameter of the
    # function being summarised: the caller's copy of its argument is returned
    copy_of: int | None = None
    # built by a plain holder class into this `self` attribute (`self.net = Net()` in
    # `Agent.__init__`): the code that owns the holder may switch it (`agent.net.eval()`)
    held: str = ""
    # handed to a function of another file as its last event (mode unknown here): [module as
    # written, function, argument index, keyword, the call's trace step]; the join reads the
    # mode that function leaves that parameter in.  Any later change of mode clears it.
    after: list | None = None

    def __setattr__(self, name: str, value: object) -> None:
        if name == "mode":  # a new mode, whatever set it: the last event is no longer the call
            object.__setattr__(self, "after", None)
        object.__setattr__(self, name, value)


def join_mode(a: str, b: str) -> str:
    return a if a == b else UNKNOWN


@dataclass
class Env:
    names: dict[str, int] = field(default_factory=dict)
    objs: dict[int, Obj] = field(default_factory=dict)
    counter: list[int] = field(default_factory=lambda: [0])

    def new(self, name: str, obj: Obj) -> Obj:
        self.counter[0] += 1
        if not obj.uid:
            obj.uid = self.counter[0]
        self.objs[self.counter[0]] = obj
        self.names[name] = self.counter[0]
        return obj

    def get(self, name: str) -> Obj | None:
        ident = self.names.get(name)
        return self.objs.get(ident) if ident is not None else None

    def alias(self, name: str, other: str) -> bool:
        ident = self.names.get(other)
        if ident is None:
            self.names.pop(name, None)
            return False
        self.names[name] = ident
        return True

    def forget(self, name: str) -> None:
        self.names.pop(name, None)
        prefix = name + "."
        for key in [k for k in self.names if k.startswith(prefix)]:
            del self.names[key]

    def copy(self) -> Env:
        return Env(dict(self.names), {k: _copied(v) for k, v in self.objs.items()},
                   self.counter)

    def join(self, other: Env) -> Env:
        """The state after either path: a name keeps its object only where both agree."""
        out = Env(counter=self.counter)
        for name, ident in self.names.items():
            theirs = other.names.get(name)
            if theirs is not None and theirs != ident:
                merged = either(self.objs[ident], other.objs[theirs])
                if merged is not None:  # `model = GCN() if ... else SAGE()` as an if/else
                    out.new(name, merged)
                continue
            if theirs != ident:
                continue
            out.names[name] = ident
            if ident not in out.objs:
                a, b = self.objs[ident], other.objs[ident]
                mode = join_mode(a.mode, b.mode)
                steps = a.steps if a.mode == mode else b.steps if b.mode == mode else a.steps
                merged = _copied(a)  # (not `replace`: see `_copied`)
                merged.__dict__.update(
                    mode=mode, steps=list(steps), frozen=a.frozen or b.frozen,
                    fresh=a.fresh and b.fresh, chosen=a.chosen and b.chosen,
                    after=a.after if a.after == b.after else None)
                out.objs[ident] = merged
        return out


def either(a: Obj, b: Obj) -> Obj | None:
    """One of two models, built on two paths, in the same known mode (``if args.sage: model
    = SAGE() else: model = GCN()``): the mode is known whichever was built.  It has dropout
    or batch norm if either may have (the bug is real on the path that builds that one)."""
    if a.care is False and b.care is False:
        # neither has a mode-dependent layer: whichever it is, its mode changes nothing
        # (kept, so that what it is handed to or returned as stays known to be mode-free)
        return Obj(UNKNOWN, [], care=False, label=a.label if a.label == b.label else "")
    if a.mode != b.mode or a.mode not in (TRAIN, EVAL) or a.frozen or b.frozen:
        return None
    if a.care is True or b.care is True:
        care, home = True, None
    else:
        care, home = None, a.home or b.home
    return Obj(a.mode, list(a.steps), care=care, pretrained=a.pretrained and b.pretrained,
               label=a.label if a.label == b.label else "", fresh=a.fresh and b.fresh,
               home=home, cls=a.cls if a.cls == b.cls else "")


def _copied(o: Obj) -> Obj:
    """A copy with its own list of steps (``dataclasses.replace`` re-runs ``__init__`` with
    every field: four times slower, and environments are copied at every branch)."""
    c = object.__new__(Obj)
    c.__dict__.update(o.__dict__)
    c.steps = list(o.steps)
    return c
