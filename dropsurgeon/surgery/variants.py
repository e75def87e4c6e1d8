"""The dropout kinds surgery can put into a model, and what it knows about existing ones.

Every kind is an ``nn.Module`` with a ``p`` attribute (so code that reads ``self.dropout.p``,
as transformers' attention does, keeps working) and, except ``mc``, is the identity in eval
mode: inserting or swapping one leaves eval outputs bitwise unchanged.

===============  ==========================================================================
kind             module
===============  ==========================================================================
dropout          ``nn.Dropout``
dropout1d/2d/3d  ``nn.Dropout1d/2d/3d`` (whole channels, Tompson et al. 2015)
auto             one of the above, chosen from the rank of the tensor at the site
alpha            ``nn.AlphaDropout`` (keeps SELU's self-normalisation)
gaussian         :class:`GaussianDropout`: multiplicative noise N(1, p/(1-p))
dropconnect      :class:`DropConnect`: drops weights of a Linear/ConvNd it wraps (Wan 2013)
drop_path        :class:`DropPath`: drops a residual branch per sample (Huang et al. 2016)
dropblock        :class:`DropBlock2d`: drops contiguous regions (Ghiasi et al. 2018)
mc               :class:`MCDropout`: stays active in eval (Gal & Ghahramani 2016)
concrete         :class:`ConcreteDropout`: learned rate (Gal, Hron & Kendall 2017)
===============  ==========================================================================

The custom kinds subclass ``nn.modules.dropout._DropoutNd`` so every front-end that lists
``nn.Dropout*`` modules also lists them.
"""

from __future__ import annotations

import math
from typing import Any

import torch
import torch.nn as nn
import torch.nn.functional as F

from ..errors import DropsurgeonError
from .wrappers import KeyPreservingWrapper

KINDS = (
    "dropout", "dropout1d", "dropout2d", "dropout3d", "auto", "alpha", "gaussian",
    "dropconnect", "drop_path", "dropblock", "mc", "concrete",
    "variational", "sparse_variational",  # learned weight noise: see .variational
)
# Kinds that are the identity at eval: swapping one in keeps eval outputs bitwise equal.
EVAL_IDENTITY_KINDS = frozenset(KINDS) - {"mc"}
# Kinds that wrap the module they act on instead of going after/before it.
WRAPPING_KINDS = frozenset({"dropconnect"})

def _drop_path(x: torch.Tensor, p: float, training: bool, inplace: bool = False) -> torch.Tensor:
    if not training or p == 0.0:
        return x
    keep = 1.0 - p
    mask = x.new_empty((x.shape[0],) + (1,) * (x.ndim - 1)).bernoulli_(keep)
    return x * mask / keep if keep > 0 else x * mask


_FUNCTIONAL_BY_RANK = {"dropout": F.dropout, "dropout1d": F.dropout1d,
                       "dropout2d": F.dropout2d, "dropout3d": F.dropout3d,
                       "alpha": F.alpha_dropout, "feature_alpha": F.feature_alpha_dropout,
                       "drop_path": _drop_path}


def check_p(p: Any, kind: str = "dropout") -> float:
    """A rate in [0, 1] (kinds that divide by 1-p need p < 1); a one-line error otherwise."""
    if isinstance(p, bool) or not isinstance(p, (int, float)) or math.isnan(p):
        raise DropsurgeonError(f"p must be a number in [0, 1], got {p!r}")
    if not 0.0 <= p <= 1.0:
        raise DropsurgeonError(f"p must be in [0, 1], got {p}")
    if p == 1.0 and kind in ("gaussian", "concrete", "dropconnect", "drop_path", "dropblock"):
        raise DropsurgeonError(f"p must be < 1 for kind {kind!r} (it divides by 1 - p)")
    return float(p)


class GaussianDropout(nn.modules.dropout._DropoutNd):
    """Multiplicative Gaussian noise with the variance of Bernoulli dropout at rate ``p``.

    Srivastava et al. 2014, section 10: ``x * N(1, p / (1 - p))``; the identity in eval.
    """

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training or self.p == 0.0:
            return x
        std = math.sqrt(self.p / (1.0 - self.p))
        return x * (1.0 + std * torch.randn_like(x))


class MCDropout(nn.modules.dropout._DropoutNd):
    """Dropout that stays on in eval mode, for Monte Carlo predictions.

    ``variant`` keeps the flavour of the module it replaced (``dropout``, ``dropout2d``,
    ``alpha`` ...).  It ignores ``.eval()`` on purpose; BatchNorm and the rest of the model
    still switch to eval, as MC dropout needs (Gal & Ghahramani 2016).
    """

    # Read by the linter: active at eval on purpose (an opt-in, reported as DS108 info).
    active_in_eval = True

    def __init__(self, p: float = 0.5, inplace: bool = False, variant: str = "dropout") -> None:
        super().__init__(p, inplace)
        if variant not in _FUNCTIONAL_BY_RANK:
            raise DropsurgeonError(f"unknown MC dropout variant {variant!r}")
        self.variant = variant

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return _FUNCTIONAL_BY_RANK[self.variant](x, self.p, True, self.inplace)

    def extra_repr(self) -> str:
        return f"p={self.p}, variant={self.variant}"


class DropPath(nn.modules.dropout._DropoutNd):
    """Stochastic depth: zero the whole input of a sample with probability ``p``.

    Put after the last module of a residual branch ``x + f(x)`` so a dropped sample keeps
    only the skip path; survivors are scaled by ``1/(1-p)`` as in timm and torchvision.
    """

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return _drop_path(x, self.p, self.training)


class DropBlock2d(nn.modules.dropout._DropoutNd):
    """DropBlock (Ghiasi et al. 2018): drop ``block_size`` x ``block_size`` regions of NCHW maps.

    The seed rate ``gamma`` is chosen so that about a fraction ``p`` of units is dropped, and
    the kept units are rescaled by the fraction actually kept.
    """

    def __init__(self, p: float = 0.1, block_size: int = 7, inplace: bool = False) -> None:
        super().__init__(p, inplace)
        if not isinstance(block_size, int) or block_size < 1:
            raise DropsurgeonError(f"block_size must be a positive integer, got {block_size!r}")
        self.block_size = block_size

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training or self.p == 0.0:
            return x
        if x.ndim != 4:
            raise ValueError(f"DropBlock2d expects an NCHW tensor, got rank {x.ndim}")
        _, _, h, w = x.shape
        bs = min(self.block_size, h, w)
        valid = max((h - bs + 1) * (w - bs + 1), 1)
        gamma = self.p / (bs * bs) * (h * w) / valid
        seeds = (torch.rand_like(x) < gamma).to(x.dtype)
        # A max-pool of the seeds grows each into a bs x bs block (odd and even sizes).
        block = F.max_pool2d(seeds, kernel_size=bs, stride=1, padding=bs // 2)
        if bs % 2 == 0:
            block = block[:, :, :-1, :-1]
        keep = 1.0 - block
        scale = keep.numel() / keep.sum().clamp_min(1.0)
        return x * keep * scale

    def extra_repr(self) -> str:
        return f"p={self.p}, block_size={self.block_size}"


class ConcreteDropout(nn.modules.dropout._DropoutNd):
    """Concrete dropout (Gal, Hron & Kendall 2017): the rate is a learned parameter.

    Training uses the relaxed Bernoulli mask with temperature ``temperature`` (0.1 in the
    paper) so gradients reach ``p_logit``; eval is the identity.  Add
    :meth:`regularisation` (or :func:`concrete_regularisation` for a whole model) to the loss:
    without it the rate collapses to 0.
    """

    def __init__(self, p: float = 0.1, temperature: float = 0.1,
                 weight_regulariser: float = 1e-6, dropout_regulariser: float = 1e-5) -> None:
        nn.Module.__init__(self)
        p = check_p(p, "concrete")
        p = min(max(p, 1e-6), 1 - 1e-6)  # the logit of 0 is -inf
        self.p_logit = nn.Parameter(torch.tensor(math.log(p) - math.log1p(-p)))
        self.temperature = temperature
        self.weight_regulariser = weight_regulariser
        self.dropout_regulariser = dropout_regulariser
        self.inplace = False
        self.input_dim = 0  # features per sample, read at the last forward

    @property
    def p(self) -> float:  # type: ignore[override]
        return float(torch.sigmoid(self.p_logit.detach()))

    @p.setter
    def p(self, value: float) -> None:
        value = min(max(check_p(value, "concrete"), 1e-6), 1 - 1e-6)
        if "p_logit" in self._parameters:
            with torch.no_grad():
                self.p_logit.fill_(math.log(value) - math.log1p(-value))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.input_dim = int(x[0].numel()) if x.ndim > 0 and x.shape[0] else 0
        if not self.training:
            return x
        eps = 1e-7
        p = torch.sigmoid(self.p_logit)
        u = torch.rand_like(x)
        drop = torch.sigmoid(
            (torch.log(p + eps) - torch.log1p(-p + eps) + torch.log(u + eps)
             - torch.log1p(-u + eps)) / self.temperature
        )
        return x * (1.0 - drop) / (1.0 - p)

    def regularisation(self, weight: torch.Tensor | None = None) -> torch.Tensor:
        """The KL term of the paper for this layer.

        ``dropout_regulariser * input_dim * -H(p)`` always, plus
        ``weight_regulariser * ||W||^2 / (1 - p)`` when ``weight`` (the next layer's weight)
        is given.  ``input_dim`` is taken from the last forward.
        """
        p = torch.sigmoid(self.p_logit)
        neg_entropy = p * torch.log(p) + (1.0 - p) * torch.log1p(-p)
        reg = self.dropout_regulariser * self.input_dim * neg_entropy
        if weight is not None:
            reg = reg + self.weight_regulariser * weight.pow(2).sum() / (1.0 - p)
        return reg

    def extra_repr(self) -> str:
        return f"p={self.p:.4g} (learned), temperature={self.temperature}"


def concrete_regularisation(model: nn.Module) -> torch.Tensor:
    """Sum of :meth:`ConcreteDropout.regularisation` over a model (add it to the loss)."""
    terms = [m.regularisation() for m in model.modules() if isinstance(m, ConcreteDropout)]
    if not terms:
        return torch.zeros(())
    return torch.stack([t.reshape(()) for t in terms]).sum()


class NoDropout(nn.Identity):
    """What ``remove`` leaves: the identity, with ``p = 0.0`` for code that reads the rate."""

    def __init__(self) -> None:
        super().__init__()
        self.p = 0.0
        self.inplace = False

    def extra_repr(self) -> str:
        return "removed dropout"


class DropConnect(KeyPreservingWrapper):
    """Drop weights of the Linear/ConvNd it wraps (Wan et al. 2013).

    The wrapped module keeps its weights, bias, stride, padding, dilation and groups; the
    state_dict keys stay those of the wrapped module (``fc.weight``, not
    ``fc.wrapped.weight``).  In eval the wrapped module runs unchanged.
    """

    def __init__(self, module: nn.Module, p: float = 0.5) -> None:
        if not isinstance(module, (nn.Linear, nn.Conv1d, nn.Conv2d, nn.Conv3d)):
            raise DropsurgeonError(
                f"dropconnect wraps Linear or Conv1d/2d/3d, not {type(module).__name__}"
            )
        super().__init__(module)
        self.p = check_p(p, "dropconnect")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        inner = self.wrapped
        if not self.training or self.p == 0.0:
            return inner(x)
        weight = F.dropout(inner.weight, self.p, True)
        if isinstance(inner, nn.Linear):
            return F.linear(x, weight, inner.bias)
        return inner._conv_forward(x, weight, inner.bias)

    def extra_repr(self) -> str:
        return f"p={self.p}"


def infer_kind(kind: str, rank: int | None, neighbour: nn.Module | None = None) -> str:
    """Resolve ``auto`` from the rank of the tensor at the site (None: rank unknown)."""
    if kind != "auto":
        return kind
    if rank is None:
        raise DropsurgeonError(
            "kind='auto' picks dropout/1d/2d/3d from the tensor rank: give example inputs"
        )
    if rank == 5:
        return "dropout3d"
    if rank == 4:
        return "dropout2d"
    # (N, C, L) of a 1-d conv net; a (batch, tokens, features) tensor keeps plain dropout.
    one_d = (nn.Conv1d, nn.BatchNorm1d, nn.MaxPool1d, nn.AvgPool1d, nn.InstanceNorm1d)
    if rank == 3 and isinstance(neighbour, one_d):
        return "dropout1d"
    return "dropout"


def variant_of(module: nn.Module) -> str:
    """The flavour of an existing dropout module, kept when it becomes ``mc``."""
    if isinstance(module, MCDropout):
        return module.variant
    if type(module).__name__ in ("DropPath", "StochasticDepth"):
        return "drop_path"
    for cls, name in ((nn.Dropout1d, "dropout1d"), (nn.Dropout2d, "dropout2d"),
                      (nn.Dropout3d, "dropout3d"), (nn.AlphaDropout, "alpha"),
                      (nn.FeatureAlphaDropout, "feature_alpha")):
        if isinstance(module, cls):
            return name
    return "dropout"


def make(kind: str, p: float, *, like: nn.Module | None = None,
         block_size: int = 7, temperature: float = 0.1) -> nn.Module:
    """A new dropout module of ``kind`` (already resolved from ``auto``) with rate ``p``.

    ``like`` is the module being replaced: ``mc`` keeps its flavour (channel-wise stays
    channel-wise).  ``dropconnect`` is not made here: it wraps a module (see DropConnect).
    """
    p = check_p(p, kind)
    if kind == "dropout":
        return nn.Dropout(p)
    if kind == "dropout1d":
        return nn.Dropout1d(p)
    if kind == "dropout2d":
        return nn.Dropout2d(p)
    if kind == "dropout3d":
        return nn.Dropout3d(p)
    if kind == "alpha":
        return nn.AlphaDropout(p)
    if kind == "gaussian":
        return GaussianDropout(p)
    if kind == "drop_path":
        return DropPath(p)
    if kind == "dropblock":
        return DropBlock2d(p, block_size=block_size)
    if kind == "mc":
        return MCDropout(p, variant=variant_of(like) if like is not None else "dropout")
    if kind == "concrete":
        return ConcreteDropout(p, temperature=temperature)
    if kind == "dropconnect":
        raise DropsurgeonError(
            "dropconnect acts on weights: use insert(model, where='Linear', kind='dropconnect')"
        )
    if kind in ("variational", "sparse_variational"):
        raise DropsurgeonError(
            f"{kind} acts on weights: use replace(model, 'Linear', kind={kind!r})"
        )
    if kind == "auto":
        raise DropsurgeonError("kind='auto' must be resolved from the tensor rank first")
    raise DropsurgeonError(f"unknown dropout kind {kind!r} (expected one of {', '.join(KINDS)})")


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise DropsurgeonError(
            f"unknown dropout kind {kind!r} (expected one of {', '.join(KINDS)})"
        )
    return kind


# --- what surgery knows about dropout modules already in a model -------------------------

# Attributes holding the rate, in the order they are looked for (timm DropPath: drop_prob).
RATE_ATTRS = ("p", "drop_prob", "drop_rate", "prob")
DROP_PATH_NAMES = frozenset({"DropPath", "StochasticDepth", "DropBlock2d", "DropBlock3d",
                             "DropPath2d", "LayerDrop"})


def is_dropout_module(module: nn.Module) -> bool:
    """An ``nn.Dropout*``, one of ours, or a drop-path/drop-block module of timm/torchvision
    (and transformers, which names one per model: ``BeitDropPath``, ``SwinDropPath`` ...)."""
    if isinstance(module, nn.modules.dropout._DropoutNd):
        return True
    name = type(module).__name__
    return (name in DROP_PATH_NAMES or name.endswith("DropPath")) and rate_of(module) is not None


def rate_of(module: nn.Module) -> float | None:
    for attr in RATE_ATTRS:
        value = getattr(module, attr, None)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    return None


def set_rate_of(module: nn.Module, p: float) -> None:
    for attr in RATE_ATTRS:
        value = getattr(module, attr, None)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            setattr(module, attr, p)
            return
    raise DropsurgeonError(f"{type(module).__name__} has no rate attribute to set")


def describe(module: nn.Module | None) -> str:
    """``Dropout(p=0.1)``-style text for tables and plans."""
    if module is None:
        return "-"
    name = type(module).__name__
    if isinstance(module, KeyPreservingWrapper):
        inner = describe(module.wrapped)
        inserted = getattr(module, "inserted", None)
        if inserted is not None:
            drop = describe(inserted())
            return f"{drop} -> {inner}" if module.position == "before" else f"{inner} -> {drop}"
        return f"{name}(p={rate_of(module):.4g}) of {inner}"
    rate = rate_of(module)
    if rate is not None and not isinstance(module, NoDropout):
        return f"{name}(p={rate:.4g})"
    return name


class AlwaysTraining(KeyPreservingWrapper):
    """Run the wrapped ``nn.MultiheadAttention``/RNN in train mode, also at eval.

    Their only train/eval difference is their own dropout (MHA's attention dropout, an RNN's
    inter-layer dropout), so this keeps exactly that dropout on: MC dropout for rates held
    by those modules.  The state_dict keys stay the wrapped module's.
    """

    active_in_eval = True  # read by the linter: on at eval on purpose

    def __init__(self, module: nn.Module) -> None:
        if not isinstance(module, (nn.MultiheadAttention, nn.RNNBase)):
            raise DropsurgeonError(
                f"AlwaysTraining wraps MultiheadAttention or an RNN, not {type(module).__name__}"
            )
        super().__init__(module)

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        inner = self.wrapped
        was = inner.training
        inner.training = True
        try:
            return inner(*args, **kwargs)
        finally:
            inner.training = was

    @property
    def p(self) -> float:
        return float(self.wrapped.dropout)

    def extra_repr(self) -> str:
        return "dropout on in eval"
