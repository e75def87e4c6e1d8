"""DS3xx: dropout in a place where it hurts.

These rules read a site's graph neighbours (``producers``/``consumers``), which the graph
front-ends fill with normalised names: module class names (``BatchNorm2d``), function or
method names (``relu``, ``mul``, ``flatten``), ``mul:<constant>`` and ``output``.
"""

from __future__ import annotations

import os

from ..findings import Severity
from ..sites import FUNCTIONAL, MODULE, Site
from .base import Rule, is_dropout_name
from .mode import _HEADER, _model, _where

_ELEMENTWISE_OPS = {"dropout", "F.dropout", "torch.dropout", "Dropout", "AlphaDropout",
                    "alpha_dropout", "F.alpha_dropout", "Dropout1d"}
_CHANNEL_OPS = {"Dropout2d", "Dropout3d", "dropout2d", "dropout3d", "F.dropout2d",
                "F.dropout3d", "FeatureAlphaDropout", "feature_alpha_dropout"}


def _is_elementwise(site: Site) -> bool:
    return site.kind in (MODULE, FUNCTIONAL) and (
        site.op in _ELEMENTWISE_OPS or site.op.rsplit(".", 1)[-1] in _ELEMENTWISE_OPS
    )


def _is_channel(site: Site) -> bool:
    return site.kind in (MODULE, FUNCTIONAL) and (
        site.op in _CHANNEL_OPS or site.op.rsplit(".", 1)[-1] in _CHANNEL_OPS
    )


def _active(site: Site) -> bool:
    return site.kind in (MODULE, FUNCTIONAL) and (site.p is None or site.p > 0)


def _before_batchnorm(site: Site) -> str | None:
    if not _active(site):
        return None
    bn = next((c for c in site.consumers if c.startswith("BatchNorm") or c == "batch_norm"), None)
    if bn:
        return (
            f"`{site.op}`{_where(site)} feeds `{bn}`: BatchNorm's running variance is "
            "estimated on dropped activations and is wrong at eval (variance shift, "
            "Li et al. 2019); move dropout after the last BatchNorm"
        )
    return None


_LOGIT_PRODUCERS = ("Linear", "linear", "Conv1d", "Conv2d", "Conv3d", "conv1d", "conv2d",
                    "conv3d", "addmm", "matmul", "LazyLinear", "Bilinear")


def _on_output(site: Site) -> str | None:
    # Only logits: a feature extractor (head removed) may end in dropout on purpose.
    logits = any(p.startswith(_LOGIT_PRODUCERS) for p in site.producers)
    if _active(site) and site.consumers == ("output",) and logits:
        return (
            f"`{site.op}`{_where(site)} is applied to the model's output: logits are zeroed "
            "and rescaled in training; apply dropout before the final layer instead"
        )
    return None


def _doubled(site: Site) -> str | None:
    if _active(site) and any(is_dropout_name(p) for p in site.producers):
        return (
            f"`{site.op}`{_where(site)} directly follows another dropout: the rates "
            "compound (1-(1-p1)(1-p2)); keep one"
        )
    return None


_SCANS: dict[tuple[str, int, int], object] = {}


def _rescale_position(site: Site) -> dict | None:
    """Where the source multiplies this dropout's output by (1-p) at eval, if it does."""
    pos = site.extra.get("eval_rescale")
    if pos is not None or site.frontend == "source" or not site.path:
        return pos
    line = site.construct_line or site.line
    try:
        st = os.stat(site.path)
    except OSError:
        return None
    key = (site.path, st.st_mtime_ns, st.st_size)
    scan = _SCANS.get(key)
    if scan is None:
        from ..capture.source import scan_file

        if len(_SCANS) > 64:
            _SCANS.clear()
        scan = _SCANS[key] = scan_file(site.path)
    for s in scan.sites:  # type: ignore[attr-defined]
        if s.kind == MODULE and s.line == line and "eval_rescale" in s.extra:
            return s.extra["eval_rescale"]
    return None


def _report_rescale_at(site: Site, pos: dict | None) -> None:
    if pos is not None:
        site.extra.setdefault("report_at", {})["DS304"] = (pos["line"], pos["column"])


def _eval_rescale(site: Site) -> str | None:
    if site.frontend == "source":
        pos = site.extra.get("eval_rescale")
        if pos is None or not _active(site):
            return None
        _report_rescale_at(site, pos)
        return (
            f"output of `{site.op}`{_where(site)} is multiplied by `(1 - {pos['rate']})` at "
            "eval, but PyTorch's dropout already rescales by 1/(1-p) in training: the eval "
            "activations are shrunk twice; remove the eval-time rescaling"
        )
    if site.p is None or not _active(site):
        return None
    for c in site.consumers:
        if c.startswith("mul:"):
            try:
                factor = float(c.split(":", 1)[1])
            except ValueError:
                continue
            if abs(factor - (1.0 - site.p)) < 1e-9 and site.p > 0:
                _report_rescale_at(site, _rescale_position(site))
                return (
                    f"output of `{site.op}`{_where(site)} is multiplied by (1-p)={factor:g} at "
                    "eval, but PyTorch's dropout already rescales by 1/(1-p) in training: "
                    "the eval activations are shrunk twice; remove the rescaling"
                )
    return None


def _elementwise_on_conv(site: Site) -> str | None:
    if not (_is_elementwise(site) and _active(site)):
        return None
    spatial = site.shape is not None and len(site.shape) in (4, 5)
    conv_in = any(p.startswith(("Conv2d", "Conv3d", "BatchNorm2d", "BatchNorm3d"))
                  for p in site.producers)
    if spatial or conv_in:
        return (
            f"`{site.op}`{_where(site)} drops single pixels of a conv feature map; neighbouring "
            "pixels are correlated, so this barely regularises (Tompson et al. 2015); "
            "use `nn.Dropout2d`"
        )
    return None


def _channel_on_flat(site: Site) -> str | None:
    if not (_is_channel(site) and _active(site)):
        return None
    flat = site.shape is not None and len(site.shape) <= 2
    after_linear = any(p in ("Linear", "linear", "flatten") for p in site.producers)
    if flat or after_linear:
        return (
            f"`{site.op}`{_where(site)} is channel dropout on a non-spatial tensor: it zeroes "
            "whole feature rows; use `nn.Dropout`"
        )
    return None


_BN_INIT = "self.fc = nn.Linear(8, 8)\n        self.drop = nn.Dropout(0.5)\n" \
           "        self.bn = nn.BatchNorm1d(8)"
_CONV_INIT = "self.conv = nn.Conv2d(3, 8, 3)\n        self.drop = nn.Dropout(0.3)"
_CONV_INIT2D = "self.conv = nn.Conv2d(3, 8, 3)\n        self.drop = nn.Dropout2d(0.3)"

RULES = (
    Rule(
        code="DS301",
        name="dropout-before-batchnorm",
        severity=Severity.WARNING,
        summary="Dropout whose output feeds BatchNorm.",
        why=(
            "Dropout changes the variance of its output between train and eval; a BatchNorm "
            "after it learns running statistics under the training variance and normalises "
            "wrongly at eval. Li et al. 2019 (Understanding the Disharmony between Dropout "
            "and Batch Normalization): DenseNet on CIFAR-100 fell from 77.42% to 68.55%."
        ),
        fix="Place dropout after the last BatchNorm (e.g. just before the classifier).",
        invalid=(
            _model("        return self.bn(self.drop(self.fc(x)))\n", init=_BN_INIT)
            .replace("self.drop = nn.Dropout(0.5)", "self.drop = nn.Dropout(0.5)  # expect: DS301"),
        ),
        valid=(
            _model("        return self.drop(self.bn(self.fc(x)))\n", init=_BN_INIT),
        ),
        check_site=_before_batchnorm,
    ),
    Rule(
        code="DS302",
        name="dropout-on-output",
        severity=Severity.WARNING,
        summary="Dropout applied to the model's output (logits).",
        why=(
            "Zeroing logits in training distorts the loss (a dropped logit is 0, not "
            "'unknown'); regularisation belongs before the final layer."
        ),
        fix="Move the dropout before the classifier: `self.fc(self.drop(x))`.",
        invalid=(
            _model("        return self.drop(self.fc(x))\n",
                   init="self.fc = nn.Linear(8, 8)\n"
                        "        self.drop = nn.Dropout(0.5)  # expect: DS302"),
        ),
        valid=(
            _model("        return self.fc(self.drop(x))\n",
                   init="self.fc = nn.Linear(8, 8)\n        self.drop = nn.Dropout(0.5)"),
            # a feature extractor (classifier removed) may end in dropout: no logits here
            _model("        return self.drop(self.norm(self.fc(x)))\n",
                   init="self.fc = nn.Linear(8, 8)\n        self.norm = nn.LayerNorm(8)\n"
                        "        self.drop = nn.Dropout(0.5)"),
        ),
        check_site=_on_output,
    ),
    Rule(
        code="DS303",
        name="dropout-doubled",
        severity=Severity.WARNING,
        summary="Two dropouts in a row.",
        why="Consecutive dropouts compound into one with rate 1-(1-p1)(1-p2), rarely intended.",
        fix="Keep one dropout with the rate you want.",
        invalid=(
            _model("        return self.fc(self.d2(self.d1(x)))\n",
                   init="self.fc = nn.Linear(8, 8)\n        self.d1 = nn.Dropout(0.2)\n"
                        "        self.d2 = nn.Dropout(0.3)  # expect: DS303"),
        ),
        valid=(
            _model("        return self.fc(self.d1(x))\n",
                   init="self.fc = nn.Linear(8, 8)\n        self.d1 = nn.Dropout(0.2)"),
        ),
        check_site=_doubled,
    ),
    Rule(
        code="DS304",
        name="eval-rescaling-on-inverted-dropout",
        severity=Severity.WARNING,
        summary="Test-time multiplication by (1-p) on top of PyTorch's inverted dropout.",
        why=(
            "PyTorch scales kept activations by 1/(1-p) during training, so nothing must be "
            "scaled at test time. Multiplying by (1-p) at eval (the original 2014 recipe) "
            "shrinks activations twice."
        ),
        fix="Remove the eval-time `* (1 - p)`.",
        invalid=(
            _model(
                "        x = self.drop(x)\n"
                "        if not self.training:\n"
                "            x = x * (1 - self.drop.p)  # expect: DS304\n"
                "        return self.fc(x)\n",
                init="self.fc = nn.Linear(8, 8)\n"
                     "        self.drop = nn.Dropout(0.5)",
            ),
        ),
        valid=(
            _model("        return self.fc(self.drop(x))\n",
                   init="self.fc = nn.Linear(8, 8)\n        self.drop = nn.Dropout(0.5)"),
        ),
        check_site=_eval_rescale,
    ),
    Rule(
        code="DS305",
        name="elementwise-dropout-on-feature-map",
        severity=Severity.INFO,
        summary="Element-wise dropout on a conv feature map.",
        why=(
            "Adjacent pixels of a feature map are strongly correlated, so dropping single "
            "elements barely regularises; Tompson et al. 2015 drop whole channels "
            "(`Dropout2d`), Ghiasi et al. 2018 whole blocks (DropBlock)."
        ),
        fix="Use `nn.Dropout2d` (or DropBlock) on 4-D feature maps.",
        invalid=(
            _HEADER
            + "class Net(nn.Module):\n"
            + "    def __init__(self):\n"
            + "        super().__init__()\n"
            + "        " + _CONV_INIT + "  # expect: DS305\n\n"
            + "    def forward(self, x):\n"
            + "        return self.drop(self.conv(x)).mean((2, 3))\n",
        ),
        valid=(
            _HEADER
            + "class Net(nn.Module):\n"
            + "    def __init__(self):\n"
            + "        super().__init__()\n"
            + "        " + _CONV_INIT2D + "\n\n"
            + "    def forward(self, x):\n"
            + "        return self.drop(self.conv(x)).mean((2, 3))\n",
        ),
        check_site=_elementwise_on_conv,
    ),
    Rule(
        code="DS306",
        name="channel-dropout-on-flat-tensor",
        severity=Severity.INFO,
        summary="Channel dropout (`Dropout2d`/`Dropout3d`) on a non-spatial tensor.",
        why=(
            "`Dropout2d` zeroes whole channels of an (N, C, H, W) map; on an (N, F) tensor "
            "it zeroes whole samples' features or warns and behaves like 1-D dropout."
        ),
        fix="Use `nn.Dropout` after Linear layers.",
        invalid=(
            _model("        return self.drop(self.fc(x))[:, :4].sum(1)\n",
                   init="self.fc = nn.Linear(8, 8)\n"
                        "        self.drop = nn.Dropout2d(0.5)  # expect: DS306"),
        ),
        valid=(
            _model("        return self.drop(self.fc(x))[:, :4].sum(1)\n",
                   init="self.fc = nn.Linear(8, 8)\n        self.drop = nn.Dropout(0.5)"),
        ),
        check_site=_channel_on_flat,
    ),
)
