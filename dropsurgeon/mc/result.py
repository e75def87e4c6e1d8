"""``MCResult``: the estimators of Monte Carlo dropout, with their formulas.

With ``p_t = softmax(f_t(x))`` for samples ``t = 1..T``:

* ``probs = 1/T sum_t p_t``; ``predicted = argmax probs``; ``confidence = max probs``;
* ``predictive_entropy = H[probs] = -sum_c probs_c log probs_c``;
* ``expected_entropy = 1/T sum_t H[p_t]``;
* ``mutual_information = predictive_entropy - expected_entropy`` (BALD, Houlsby et al. 2011);
* ``variation_ratio = 1 - (votes of the modal class) / T`` (Freeman 1965).

For regression (Gal & Ghahramani 2016, eq. 8 and their UCI code), with noise precision tau:
``log_likelihood = logsumexp_t(-tau/2 (y - yhat_t)^2) - log T - 1/2 log 2pi + 1/2 log tau``
per point (summed over output dimensions); ``variance`` is the unbiased sample variance of the
T outputs (add ``1/tau`` for the predictive variance).

Outputs may be a tensor, a tuple or a dict of tensors; ``mean``, ``variance``, ``std`` and
``samples`` then have the same structure.  The classification statistics are those of the
primary output: the tensor itself, the first item of a tuple, or a dict's ``logits``.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import torch

from ..errors import DropsurgeonError
from .stats import BatchStats

_TINY = 1e-12


@dataclass
class Spec:
    """The structure of a forward output: rebuild it from a flat list of tensors."""

    kind: str  # tensor | tuple | dict | none
    children: list[Spec] = dataclasses.field(default_factory=list)
    keys: list[Any] = dataclasses.field(default_factory=list)
    primary: int = 0  # index of the primary leaf among the flattened leaves

    def leaves(self) -> int:
        if self.kind == "tensor":
            return 1
        return sum(c.leaves() for c in self.children)

    def build(self, leaves: list[Any]) -> Any:
        it = iter(leaves)
        return self._build(it)

    def _build(self, it: Any) -> Any:
        if self.kind == "tensor":
            return next(it)
        if self.kind == "none":
            return None
        parts = [c._build(it) for c in self.children]
        if self.kind == "tuple":
            return tuple(parts)
        return dict(zip(self.keys, parts, strict=True))


def flatten(value: Any) -> tuple[list[torch.Tensor], Spec]:
    """Tensor leaves of a forward output and its :class:`Spec` (None values kept apart)."""
    leaves: list[torch.Tensor] = []
    spec = _flatten(value, leaves)
    spec.primary = _primary(value, spec)
    return leaves, spec


def _flatten(value: Any, leaves: list) -> Spec:
    if isinstance(value, torch.Tensor):
        leaves.append(value)
        return Spec("tensor")
    if isinstance(value, Mapping):
        items = [(k, v) for k, v in value.items() if _has_tensor(v)]
        return Spec("dict", [_flatten(v, leaves) for _, v in items], [k for k, _ in items])
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        items = [(f.name, getattr(value, f.name)) for f in dataclasses.fields(value)]
        items = [(k, v) for k, v in items if _has_tensor(v)]
        return Spec("dict", [_flatten(v, leaves) for _, v in items], [k for k, _ in items])
    if isinstance(value, (list, tuple)):
        return Spec("tuple", [_flatten(v, leaves) for v in value])
    return Spec("none")


def _has_tensor(value: Any) -> bool:
    if isinstance(value, torch.Tensor):
        return True
    if isinstance(value, Mapping):
        return any(_has_tensor(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_has_tensor(v) for v in value)
    return False


def _primary(value: Any, spec: Spec) -> int:
    if spec.kind == "dict" and "logits" in spec.keys:
        i = spec.keys.index("logits")
        return sum(c.leaves() for c in spec.children[:i])
    return 0


class MCResult:
    """Mean, variance and the uncertainty estimators of T MC-dropout samples."""

    def __init__(self, stats: BatchStats, spec: Spec | None, samples_drawn: int, seed: int,
                 folded: bool, split: str | None, sites: list[str], notes: list[str],
                 targets: Any = None, model: str | None = None) -> None:
        self._stats = stats
        self.model = model  # the sampled model's class name (figures name it)
        self._spec = spec or Spec("tensor")
        self.num_samples = samples_drawn
        self.seed = seed
        self.folded = folded
        self.split = split
        self.sites = sites
        self.notes = notes
        self.targets = targets
        self.task = stats.task

    # -- structure-wise --------------------------------------------------------------------
    @property
    def mean(self) -> Any:
        return self._spec.build(self._stats.mean)

    @property
    def variance(self) -> Any:
        return self._spec.build(self._stats.var)

    @property
    def std(self) -> Any:
        return self._spec.build([v.sqrt() for v in self._stats.var])

    @property
    def samples(self) -> Any:
        """Every sample, ``[T, *output]`` per leaf (only with ``keep_samples=True``)."""
        if self._stats.samples is None:
            raise DropsurgeonError("samples were not kept: call mc_predict(..., "
                                   "keep_samples=True)")
        return self._spec.build(self._stats.samples)

    @property
    def shared_fraction(self) -> float:
        """Share of the forward's torch operations that ran once, not once per sample."""
        return self._stats.shared_fraction

    def __len__(self) -> int:
        return self._stats.rows

    def __repr__(self) -> str:
        how = "folded" if self.folded else "looped"
        return (f"MCResult(task={self.task}, rows={len(self)}, samples={self.num_samples}, "
                f"{how}, shared_fraction={self.shared_fraction:.2f})")

    # -- classification --------------------------------------------------------------------
    def _cls(self) -> BatchStats:
        if self._stats.probs is None:
            raise DropsurgeonError(
                "this result is a regression: pass task='classification' for class "
                "statistics (the output must be logits with a class axis last)")
        return self._stats

    @property
    def probs(self) -> torch.Tensor:
        return self._cls().probs  # type: ignore[return-value]

    @property
    def predictive_entropy(self) -> torch.Tensor:
        p = self.probs
        return -(p * p.clamp_min(_TINY).log()).sum(-1)

    @property
    def expected_entropy(self) -> torch.Tensor:
        return self._cls().expected_entropy  # type: ignore[return-value]

    @property
    def mutual_information(self) -> torch.Tensor:
        return (self.predictive_entropy - self.expected_entropy).clamp_min(0.0)

    bald = mutual_information

    @property
    def variation_ratio(self) -> torch.Tensor:
        votes = self._cls().votes
        assert votes is not None
        return 1.0 - votes.max(-1).values.float() / self.num_samples

    @property
    def predicted(self) -> torch.Tensor:
        return self.probs.argmax(-1)

    @property
    def confidence(self) -> torch.Tensor:
        return self.probs.max(-1).values

    def calibration(self, targets: Any = None, bins: int = 15) -> dict[str, float]:
        """ECE (``bins`` equal-width confidence bins), NLL and Brier score of ``probs``."""
        from .calibration import calibration

        return calibration(self.probs, self._targets(targets), bins=bins)

    def reliability_plot(self, targets: Any = None, path: Any = "reliability.png",
                         bins: int = 15, *, model: str | None = None) -> str:
        """Write a reliability diagram (PNG, needs matplotlib: the ``plot`` extra); its title
        names ``model`` (default: the sampled model's class) and the number of samples."""
        from .calibration import reliability_plot

        return reliability_plot(self.probs, self._targets(targets), path, bins=bins,
                                model=model or self.model, samples=self.num_samples)

    def _targets(self, targets: Any) -> torch.Tensor:
        targets = self.targets if targets is None else targets
        if targets is None:
            raise DropsurgeonError("no targets: pass the true labels")
        t = torch.as_tensor(targets)
        if t.shape[0] != len(self):
            raise DropsurgeonError(f"{t.shape[0]} targets for {len(self)} predictions")
        return t.to(self.probs.device)

    # -- regression ------------------------------------------------------------------------
    def _primary_samples(self) -> torch.Tensor:
        if self._stats.samples is None:
            raise DropsurgeonError("log_likelihood and sample intervals need the samples: "
                                   "call mc_predict(..., keep_samples=True)")
        return self._stats.samples[self._stats.primary].float()

    def log_likelihood(self, targets: Any, noise_precision: float) -> torch.Tensor:
        """Gaussian predictive log-likelihood per point (Gal & Ghahramani 2016)."""
        tau = float(noise_precision)
        if tau <= 0:
            raise DropsurgeonError(f"noise_precision must be positive (got {tau})")
        s = self._primary_samples()  # [T, N, ...]
        y = torch.as_tensor(targets, dtype=s.dtype, device=s.device)
        if y.shape != s.shape[1:]:
            if y.numel() != s[0].numel():
                raise DropsurgeonError(f"targets of shape {tuple(y.shape)} for outputs of "
                                       f"shape {tuple(s.shape[1:])}")
            y = y.reshape(s.shape[1:])
        ll = (torch.logsumexp(-0.5 * tau * (y.unsqueeze(0) - s) ** 2, dim=0)
              - math.log(s.shape[0]) - 0.5 * math.log(2 * math.pi) + 0.5 * math.log(tau))
        return ll.reshape(ll.shape[0], -1).sum(-1) if ll.dim() > 1 else ll

    def interval(self, level: float = 0.95) -> tuple[torch.Tensor, torch.Tensor]:
        """Central ``level`` interval of the primary output: sample quantiles when the
        samples are kept, else the Gaussian ``mean +- z std``."""
        if not 0.0 < level < 1.0:
            raise DropsurgeonError(f"level must be in (0, 1) (got {level})")
        lo_q, hi_q = (1 - level) / 2, 1 - (1 - level) / 2
        if self._stats.samples is not None:
            s = self._primary_samples()
            q = torch.tensor([lo_q, hi_q], dtype=s.dtype, device=s.device)
            lo, hi = torch.quantile(s, q, dim=0)
            return lo, hi
        mean = self._stats.mean[self._stats.primary]
        std = self._stats.var[self._stats.primary].sqrt()
        z = math.sqrt(2.0) * torch.erfinv(torch.tensor(2 * hi_q - 1)).item()
        return mean - z * std, mean + z * std

    # -- output ------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary: every estimator as nested lists."""
        def plain(value: Any) -> Any:
            if isinstance(value, torch.Tensor):
                return value.detach().cpu().tolist()
            if isinstance(value, dict):
                return {str(k): plain(v) for k, v in value.items()}
            if isinstance(value, tuple):
                return [plain(v) for v in value]
            return value

        out: dict[str, Any] = {
            "task": self.task, "rows": len(self), "samples": self.num_samples,
            "seed": self.seed, "folded": self.folded, "split": self.split,
            "shared_fraction": self.shared_fraction, "sites": self.sites, "notes": self.notes,
            "mean": plain(self.mean), "variance": plain(self.variance),
        }
        if self.task == "classification":
            for name in ("probs", "predicted", "confidence", "predictive_entropy",
                         "expected_entropy", "mutual_information", "variation_ratio"):
                out[name] = plain(getattr(self, name))
        return out

    def tensors(self) -> dict[str, Any]:
        """Every estimator as tensors (what ``dropsurgeon mc --output x.pt`` saves)."""
        out: dict[str, Any] = {"mean": self.mean, "variance": self.variance}
        if self._stats.samples is not None:
            out["samples"] = self.samples
        if self.task == "classification":
            for name in ("probs", "predicted", "confidence", "predictive_entropy",
                         "expected_entropy", "mutual_information", "variation_ratio"):
                out[name] = getattr(self, name)
        return out
