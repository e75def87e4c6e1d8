"""What a fusion pass did, and the bytes it saves: :class:`FuseReport`.

The byte model counts HBM traffic of one forward step, per matched site:

* eager: every replaced op reads each tensor it takes and writes its output once (a cast to the
  dtype a tensor already has costs nothing; a dropout in training also writes its 1-byte bool
  mask, and in eval returns its input untouched: 0 bytes);
* fused: the op reads ``x``, ``residual``, the biases and norm weights and writes its output,
  plus, for the norm ops, the residual sum ``h`` (kept for backward, returned when the block
  reads it) and 4 bytes per row per statistic;
* mask: the eager dropout keeps its bool mask alive until backward (1 byte per element); the
  fused op keeps none (backward regenerates it), so that activation memory is freed too.

Sizes come from the graph's tensor metadata (dynamo's fake tensors; fx with example inputs):
with them the counts are bytes, without them they are bytes per element of the site.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .patterns import GraphView, Match, ParamRef, Skipped, _dtype_read, _is_node


@dataclass
class FusedEntry:
    pattern: str  # the fused op: dropout, bias_dropout_add, dropout_add_layer_norm ...
    chain: str  # what it replaced, e.g. "bias add + F.dropout + residual add + F.layer_norm"
    nodes: list[str]
    module: str
    location: str | None
    p: float
    training: str  # "follows encoder.drop.training", "always", "never"
    return_residual: bool
    dtype: str | None
    numel: int | None  # None: shapes unknown, byte counts are per element
    bytes_eager: float
    bytes_fused: float
    mask_bytes: float  # activation memory freed (the eager bool mask)
    graph: int | None = None  # which captured graph (torch.compile may capture several)
    mode: str | None = None  # "train"/"eval": the mode its graph was captured in (compile)

    @property
    def bytes_saved(self) -> float:
        return self.bytes_eager - self.bytes_fused


@dataclass
class FuseReport:
    frontend: str  # "fx" or "torch.compile"
    entries: list[FusedEntry] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    graphs: int = 0

    @property
    def fused(self) -> int:
        return len(self.entries)

    def bytes_saved(self, mode: str = "train") -> float:
        """Bytes saved by one forward in ``mode``: torch.compile captures train and eval
        graphs apart, and a step runs one of them, never both.  (fx fuses one graph that
        follows the mode; its sites count in either.)"""
        return sum(e.bytes_saved for e in self._of(mode) if e.numel is not None)

    def mask_bytes(self, mode: str = "train") -> float:
        return sum(e.mask_bytes for e in self._of(mode) if e.numel is not None)

    def _of(self, mode: str) -> list[FusedEntry]:
        return [e for e in self.entries if e.mode in (None, mode)]

    @property
    def _has_eval_graphs(self) -> bool:
        return any(e.mode == "eval" for e in self.entries)

    def to_dict(self) -> dict[str, Any]:
        return {
            "frontend": self.frontend,
            "graphs": self.graphs,
            "fused": [dict(asdict(e), bytes_saved=e.bytes_saved) for e in self.entries],
            "skipped": [asdict(s) for s in self.skipped],
            "notes": list(self.notes),
            "bytes_saved_per_step": self.bytes_saved(),  # one train forward
            "mask_bytes_freed": self.mask_bytes(),
            "bytes_saved_per_eval_forward": self.bytes_saved("eval"),
        }

    def render(self) -> str:
        """Plain text (the CLI renders a rich table from the same entries)."""
        lines = [f"fused {self.fused} site(s) via {self.frontend}"
                 + (f" in {self.graphs} graph(s)" if self.frontend != "fx" else "")]
        for e in self.entries:
            where = f" at {e.location}" if e.location else ""
            size = (f"{human_bytes(e.bytes_saved)} saved/step, "
                    f"{human_bytes(e.mask_bytes)} mask freed"
                    if e.numel is not None else
                    f"{e.bytes_saved:g} B/elem saved, {e.mask_bytes:g} B/elem mask freed")
            graph = f"[graph {e.graph}] " if e.graph is not None else ""
            lines.append(f"  {graph}{e.pattern:<24} {e.module or 'model'}{where}: {e.chain} "
                         f"(p={e.p:g}, {e.training}; {size})")
        for s in self.skipped:
            where = f" at {s.location}" if s.location else ""
            lines.append(f"  not fused: {s.node}{where}: {s.reason}")
        lines.extend(f"  note: {n}" for n in self.notes)
        lines.extend(self.totals())
        return "\n".join(lines)

    def totals(self) -> list[str]:
        """The per-forward totals (train, and eval when torch.compile captured it apart)."""
        if not self.entries or any(e.numel is None for e in self.entries):
            return []
        out = [f"total: {human_bytes(self.bytes_saved())} less HBM traffic per train "
               f"forward, {human_bytes(self.mask_bytes())} of dropout masks not kept"]
        if self._has_eval_graphs:
            out.append(f"       {human_bytes(self.bytes_saved('eval'))} less per eval forward")
        return out


def device_note(model: Any) -> str | None:
    """What the fused model runs here: no CUDA means the PyTorch reference, slower than eager."""
    import torch

    from .dispatch import interpret_mode

    devices = {p.device.type for p in model.parameters()} or {"cpu"}
    if "cuda" in devices or interpret_mode():
        return None
    where = ("this machine has no CUDA device" if not torch.cuda.is_available()
             else f"the model is on {', '.join(sorted(devices))}")
    return (f"{where}: the fused model runs the PyTorch reference of the fused ops here, "
            "which is slower than the unfused model; the byte savings are those of the Triton "
            "kernels on a CUDA GPU")


def human_bytes(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(n) < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GiB"


def entry(view: GraphView, match: Match, graph: int | None = None) -> FusedEntry:
    eager, fused, mask, numel, dtype = byte_model(view, match)
    return FusedEntry(
        pattern=match.pattern if match.dropout is not None or match.norm is None
        else match.pattern.replace("dropout_add", "add"),
        chain=" + ".join(match.sources), nodes=[n.name for n in match.nodes],
        module=match.module(), location=match.location(), p=match.p,
        training=match.training.describe() if match.dropout is not None else "no dropout",
        return_residual=match.return_residual, dtype=dtype, numel=numel,
        bytes_eager=eager, bytes_fused=fused, mask_bytes=mask, graph=graph)


def byte_model(view: GraphView, match: Match) -> tuple[float, float, float, int | None,
                                                        str | None]:
    """(eager bytes, fused bytes, mask bytes, numel, dtype) of one forward of the site."""
    shape, dtype = view.meta(match.out)
    if shape is None:
        shape, dtype = view.meta(match.x)
    numel = _prod(shape) if shape is not None else None
    if numel is None:
        shape = None  # symbolic sizes: counts per element, like unknown ones
    itemsize = _itemsize(dtype) if dtype is not None else 4
    full = float(numel) if numel is not None else 1.0  # per element when shapes are unknown

    def size(value: Any) -> float:
        if value is None or not (_is_node(value) or isinstance(value, ParamRef)) \
                or _dtype_read(value):
            return 0.0
        s, d = view.meta(value)
        isz = _itemsize(d) if d is not None else itemsize
        n = _prod(s) if s is not None else None
        if numel is None:  # per element: parameters are negligible, activations count once
            return 0.0 if s is not None and len(s) <= 1 else float(isz)
        return full * isz if n is None else float(n) * isz

    # At p = 0 eager dropout returns its input (no kernel, no mask), as the fused op does.
    dropping = match.p > 0 and (match.training.value is not False
                                or match.training.module is not None)
    eager = 0.0
    for node in match.nodes:
        if node is match.linear or _dtype_read(node) \
                or view.module_of(node).__class__.__name__ == "Identity":
            continue
        if node is match.dropout:
            if dropping:
                eager += size(match.dropout.args[0] if match.dropout.args else None)
                eager += size(node) + full  # the output and the bool mask
            continue
        if view._cast_input(node) is not None:
            _, din = view.meta(view._cast_input(node))
            _, dout = view.meta(node)
            if din is None or dout is None or din == dout:
                continue  # .to() of the dtype it has returns the tensor itself
        eager += sum(size(a) for a in node.all_input_nodes) + size(node)
        if node.op == "call_module":  # module leaves read their own parameters
            mod = view.module_of(node)
            for p in list(mod.parameters(recurse=False)) if mod is not None else []:
                eager += p.numel() * p.element_size() if numel is not None else 0.0
    fused = size(match.x) + size(match.residual) + size(match.bias) + full * itemsize
    if match.norm is not None:
        fused += size(match.norm.weight) + size(match.norm.bias)
        fused += full * itemsize  # h is written for backward even when nothing else reads it
        rows = (numel // shape[-1]) if numel is not None and shape else 0
        fused += rows * 4 * (2 if match.norm.kind == "layer_norm" else 1)
    mask = full if dropping and match.dropout is not None else 0.0
    return eager, fused, mask, numel, None if dtype is None else str(dtype).removeprefix("torch.")


def _prod(shape: tuple) -> int | None:
    """The element count, or None when a size is symbolic (dynamic shapes)."""
    n = 1
    for s in shape:
        if not isinstance(s, int):
            return None
        n *= s
    return n


def _itemsize(dtype: Any) -> int:
    import torch

    return torch.empty((), dtype=dtype).element_size() if dtype is not None else 4
