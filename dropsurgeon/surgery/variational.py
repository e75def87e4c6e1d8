"""Variational dropout: the noise level is learned, per output unit or per weight.

Two surgery kinds act on the *weights* of ``Linear`` and ``Conv1d/2d/3d`` layers (like
``dropconnect``), so they are selected by layer: ``replace(model, "Linear",
kind="sparse_variational")``.  The layer is wrapped, keeping its parameters as the means of
the weight distribution and its state_dict keys (``fc.weight`` stays ``fc.weight``); the new
parameter sits in a child (``fc.noise.log_alpha`` / ``fc.noise.log_sigma2``).

``variational`` (Kingma, Salimans & Welling 2015)
    Gaussian multiplicative weight noise ``w_ij ~ N(theta_ij, alpha_j theta_ij^2)`` with one
    learned ``alpha`` per output unit ``j``.  Training samples the pre-activations, not the
    weights (the *local reparameterisation trick*): ``b ~ N(x theta, alpha * (x^2 theta^2))``,
    which costs one more matmul and gives lower-variance gradients.  Eval runs the layer
    unchanged.  ``p`` sets the initial ``alpha = p / (1 - p)``, the variance of Bernoulli
    dropout at rate ``p`` (default 0.1: ``alpha = 1/9``).  As in Kingma et al., ``alpha <= 1``
    (``p <= 0.5``): unbounded, the KL term drives each unit's alpha up until noise drowns it.

``sparse_variational`` (Molchanov, Ashukha & Vetrov 2017)
    One learned ``log alpha`` per weight, parameterised additively as ``log sigma^2`` (their
    variance-reduction trick: ``log alpha = log sigma^2 - log theta^2``), local
    reparameterisation in training, and at eval the weights with ``log alpha > 3`` are zero
    (they are dominated by noise).  Initial ``log alpha = -10`` (or ``log(p / (1 - p))``), so
    nothing is pruned before training and eval outputs are bitwise the original model's.

Both add a KL term to the loss, the approximation of Molchanov et al.::

    -KL ~= k1 * sigmoid(k2 + k3 * log alpha) - 0.5 * log(1 + 1 / alpha) - k1
    k1, k2, k3 = 0.63576, 1.87320, 1.48695

summed over weights; :func:`regularisation` returns it for a whole model, divided by the
dataset size (so ``loss = mean NLL + regularisation(model, N)`` is the negative ELBO per
example), plus concrete dropout's regulariser.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import torch
import torch.nn as nn
import torch.nn.functional as F

from ..errors import DropsurgeonError
from .wrappers import KeyPreservingWrapper

K1, K2, K3 = 0.63576, 1.87320, 1.48695
PRUNE_LOG_ALPHA = 3.0  # Molchanov et al.: weights with log alpha > 3 are set to zero
LOG_ALPHA_RANGE = (-10.0, 10.0)  # clipped as in their code: keeps exp() finite
# Kingma et al. bound alpha <= 1 (p <= 0.5): with one alpha per unit and no bound, the KL
# term drives alpha up until the noise drowns the unit (measured on digits: 11% accuracy).
UNIT_LOG_ALPHA_RANGE = (-10.0, 0.0)
# Start below the bound (alpha of Bernoulli dropout at p = 0.1): from the bound itself the KL
# term's pull keeps every alpha there.
DEFAULT_UNIT_LOG_ALPHA = math.log(0.1 / 0.9)
_EPS = 1e-8
WEIGHT_LAYERS = (nn.Linear, nn.Conv1d, nn.Conv2d, nn.Conv3d)
VARIATIONAL_KINDS = ("variational", "sparse_variational")


class RegularisationWarning(UserWarning):
    """``regularisation``/``sparsity`` found no learned-rate layer in the model."""


def kl_approx(log_alpha: torch.Tensor) -> torch.Tensor:
    """Molchanov et al. 2017, eq. 14: KL(q || log-uniform prior) per weight (up to a constant
    chosen so that it tends to 0 as alpha grows)."""
    neg_kl = K1 * torch.sigmoid(K2 + K3 * log_alpha) - 0.5 * F.softplus(-log_alpha) - K1
    return -neg_kl


def _initial_log_alpha(p: float | None, default: float, p_max: float = 1.0) -> float:
    if p is None:
        return default
    closed = p_max < 1.0
    if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0.0 < p <= p_max \
            or p == 1.0:
        shown = f"(0, {p_max:g}]" if closed else "(0, 1)"
        raise DropsurgeonError(f"variational dropout: p sets the initial alpha = p / (1 - p) "
                               f"and must be in {shown}, got {p!r}")
    return math.log(p) - math.log1p(-p)


class _Noise(nn.Module):
    """Holds the learned noise parameter (a child, so the wrapper keeps the layer's keys)."""

    def __init__(self, name: str, value: torch.Tensor) -> None:
        super().__init__()
        self.param_name = name
        self.register_parameter(name, nn.Parameter(value))

    def extra_repr(self) -> str:
        return f"{self.param_name}: {tuple(getattr(self, self.param_name).shape)}"


class VariationalLayer(KeyPreservingWrapper):
    """Base of the two kinds: a Linear/ConvNd with learned Gaussian weight noise."""

    kind = ""

    def __init__(self, module: nn.Module) -> None:
        if not isinstance(module, WEIGHT_LAYERS):
            raise DropsurgeonError(f"{self.kind} acts on the weights of Linear or Conv1d/2d/3d "
                                   f"layers, not {type(module).__name__}")
        super().__init__(module)

    # --- the layer with other weights ----------------------------------------------------
    def _layer(self, x: torch.Tensor, weight: torch.Tensor,
               bias: torch.Tensor | None) -> torch.Tensor:
        inner = self.wrapped
        if isinstance(inner, nn.Linear):
            return F.linear(x, weight, bias)
        return inner._conv_forward(x, weight, bias)

    def _sample(self, x: torch.Tensor, mean_weight: torch.Tensor,
                var_weight: torch.Tensor) -> torch.Tensor:
        # Local reparameterisation: the pre-activation is Gaussian given x; sample it.
        mu = self._layer(x, mean_weight, self.wrapped.bias)
        var = self._layer(x * x, var_weight, None)
        return mu + torch.sqrt(var.clamp_min(0.0) + _EPS) * torch.randn_like(mu)

    # --- what the kinds define -----------------------------------------------------------
    def log_alpha(self) -> torch.Tensor:
        """log alpha per weight (broadcastable to the weight's shape), clipped."""
        raise NotImplementedError

    def kl(self) -> torch.Tensor:
        """The KL term of this layer, summed over its weights."""
        la = self.log_alpha()
        weight = self.wrapped.weight
        return kl_approx(la).expand_as(weight).sum() if la.shape != weight.shape \
            else kl_approx(la).sum()

    @property
    def p(self) -> float:
        """The mean equivalent Bernoulli rate alpha / (1 + alpha) (read-only)."""
        return float(torch.sigmoid(self.log_alpha().detach()).mean())

    def extra_repr(self) -> str:
        la = self.log_alpha().detach()
        return f"log_alpha in [{float(la.min()):.3g}, {float(la.max()):.3g}]"


class VariationalDropout(VariationalLayer):
    """Kingma et al. 2015: one learned alpha per output unit, local reparameterisation."""

    kind = "variational"

    def __init__(self, module: nn.Module, p: float | None = None) -> None:
        super().__init__(module)
        weight = module.weight
        init = _initial_log_alpha(p, DEFAULT_UNIT_LOG_ALPHA, p_max=0.5)
        self.noise = _Noise("log_alpha", torch.full((weight.shape[0],), init,
                                                    dtype=weight.dtype, device=weight.device))

    def _unit_shape(self) -> tuple[int, ...]:
        return (-1,) + (1,) * (self.wrapped.weight.ndim - 1)

    def log_alpha(self) -> torch.Tensor:
        la = self.noise.log_alpha.clamp(*UNIT_LOG_ALPHA_RANGE)
        return la.reshape(self._unit_shape())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training:
            return self.wrapped(x)
        with torch.no_grad():
            # Projected gradient: a log alpha pushed past the bound comes back to it, so it
            # is not stuck where the clamp below passes no gradient.
            self.noise.log_alpha.clamp_(*UNIT_LOG_ALPHA_RANGE)
        theta = self.wrapped.weight
        return self._sample(x, theta, self.log_alpha().exp() * theta * theta)


class SparseVariationalDropout(VariationalLayer):
    """Molchanov et al. 2017: one learned log alpha per weight; weights with log alpha > 3
    are zero at eval."""

    kind = "sparse_variational"

    def __init__(self, module: nn.Module, p: float | None = None,
                 threshold: float = PRUNE_LOG_ALPHA) -> None:
        super().__init__(module)
        weight = module.weight.detach()
        init = _initial_log_alpha(p, LOG_ALPHA_RANGE[0])
        # log sigma^2 such that log alpha = init for every weight (theta = 0 included).
        log_sigma2 = init + torch.log(weight * weight + _EPS)
        self.noise = _Noise("log_sigma2", log_sigma2.clone())
        self.threshold = float(threshold)

    def log_alpha(self) -> torch.Tensor:
        theta = self.wrapped.weight
        la = self.noise.log_sigma2 - torch.log(theta * theta + _EPS)
        return la.clamp(*LOG_ALPHA_RANGE)

    def mask(self) -> torch.Tensor:
        """1 where a weight is kept at eval, 0 where it is pruned (log alpha > threshold)."""
        return (self.log_alpha().detach() <= self.threshold).to(self.wrapped.weight.dtype)

    def pruned_fraction(self) -> float:
        m = self.mask()
        return float(1.0 - m.mean()) if m.numel() else 0.0

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        theta = self.wrapped.weight
        if not self.training:
            # theta * 1 is bitwise theta: before training the outputs are the original's.
            return self._layer(x, theta * self.mask(), self.wrapped.bias)
        return self._sample(x, theta, self.noise.log_sigma2.clamp(max=20.0).exp())


def make_variational(kind: str, module: nn.Module, p: float | None = None) -> VariationalLayer:
    if kind == "variational":
        return VariationalDropout(module, p)
    if kind == "sparse_variational":
        return SparseVariationalDropout(module, p)
    raise DropsurgeonError(f"unknown variational kind {kind!r}")


# --- whole-model helpers ---------------------------------------------------------------------

def variational_layers(model: nn.Module) -> dict[str, VariationalLayer]:
    """Every variational layer, by logical name (``fc``, not ``fc.wrapped``)."""
    from .wrappers import logical_name

    return {logical_name(name): m for name, m in model.named_modules()
            if isinstance(m, VariationalLayer)}


def regularisation(model: nn.Module, dataset_size: int) -> torch.Tensor:
    """The sum of every learned-rate regulariser in ``model``, to add to the mean loss.

    Variational KL terms are divided by ``dataset_size`` (the ELBO per example); concrete
    dropout's regulariser is added as it is (its weights already include the dataset size,
    Gal et al. 2017).  A model without learned rates gives 0 and a
    :class:`RegularisationWarning`.
    """
    from .variants import ConcreteDropout

    if isinstance(dataset_size, bool) or not isinstance(dataset_size, int) or dataset_size < 1:
        raise DropsurgeonError(f"dataset_size must be a positive integer (the number of "
                               f"training examples), got {dataset_size!r}")
    terms = [layer.kl() / dataset_size for layer in variational_layers(model).values()]
    terms += [m.regularisation().reshape(()) for m in model.modules()
              if isinstance(m, ConcreteDropout)]
    if not terms:
        warnings.warn(f"{type(model).__name__} has no learned-rate layers (variational, "
                      "sparse_variational or concrete dropout): the regularisation is 0",
                      RegularisationWarning, stacklevel=2)
        return torch.zeros(())
    return torch.stack(terms).sum()


def sparsity(model: nn.Module) -> dict[str, float]:
    """Fraction of weights pruned (zero at eval) per sparse variational layer, and
    ``"total"`` over all of them (weighted by weight count)."""
    layers = {name: m for name, m in variational_layers(model).items()
              if isinstance(m, SparseVariationalDropout)}
    if not layers:
        warnings.warn(f"{type(model).__name__} has no sparse_variational layers: nothing is "
                      "pruned", RegularisationWarning, stacklevel=2)
        return {"total": 0.0}
    out: dict[str, float] = {}
    pruned = total = 0
    for name, layer in layers.items():
        m = layer.mask()
        n = m.numel()
        k = int(n - int(m.sum()))
        out[name] = k / n if n else 0.0
        pruned, total = pruned + k, total + n
    out["total"] = pruned / total if total else 0.0
    return out


def apply(model: nn.Module, view: Any, targets: list, op: Any) -> tuple[nn.Module, list, list]:
    """``replace`` with a variational kind: wrap each selected Linear/ConvNd.

    Called from :func:`dropsurgeon.surgery.apply.apply_operation`; returns the new root, the
    changes and the notes like it.
    """
    from .apply import Change
    from .select import NoMatchError
    from .variants import DropConnect, describe

    changes: list = []
    notes: list[str] = []
    layers = []
    for t in targets:
        entry = view.entries.get(t.name) if t.kind == "module" else None
        if entry is None or not isinstance(entry.module, WEIGHT_LAYERS):
            shown = type(entry.module).__name__ if entry is not None else t.kind
            notes.append(f"{t.describe()}: skipped: {op.kind} acts on the weights of "
                         f"Linear/Conv layers, not on {shown}")
            continue
        layers.append(entry)
    if not layers:
        raise NoMatchError(f"{op.kind} replaces Linear or Conv1d/2d/3d layers, and selector "
                           f"{', '.join(map(str, op.where))} matches none; e.g. "
                           f"replace(model, 'Linear', kind={op.kind!r})")
    for entry in layers:
        real = entry.real
        parent_real, _, child = real.rpartition(".")
        holder = model.get_submodule(parent_real) if parent_real else model
        if isinstance(holder, DropConnect) and child == "wrapped":
            raise DropsurgeonError(f"{entry.name}: already drops its weights (dropconnect); "
                                   f"remove that first")
        if isinstance(holder, VariationalLayer) and child == "wrapped":
            # Already variational: the new kind replaces the old wrapper, means kept.
            real, (parent_real, _, child) = parent_real, parent_real.rpartition(".")
            holder = model.get_submodule(parent_real) if parent_real else model
        before = describe(model.get_submodule(real) if real else model)
        new = make_variational(op.kind, entry.module, op.p)
        pruned = isinstance(new, SparseVariationalDropout) and new.pruned_fraction() > 0
        if not real:
            model = new
        else:
            holder._modules[child] = new
        changes.append(Change(entry.name, "replace", before, describe(new), "module",
                              eval_changed=pruned))
    return model, changes, notes
