"""DS2xx: dropout rates that cannot be what the author meant."""

from __future__ import annotations

import re

from ..findings import Severity
from ..sites import ATTENTION, FUNCTIONAL, MODULE, RNN, Site
from .base import Rule
from .mode import _HEADER, _model, _where


def _p_out_of_range(site: Site) -> str | None:
    if site.p is None or site.kind == RNN:
        return None
    if site.p >= 1.0:
        return f"`{site.op}`{_where(site)} has p={site.p:g}: it zeroes the whole tensor"
    if site.p < 0.0:
        return f"`{site.op}`{_where(site)} has p={site.p:g}: a probability must be in [0, 1)"
    return None


def _rnn_single_layer(site: Site) -> str | None:
    if site.kind != RNN:
        return None
    rate = f"{site.p:g}" if site.p else site.extra.get("dropout_from")
    if not rate:
        return None
    if site.extra.get("num_layers", 2) == 1:
        return (
            f"`{site.module_type or site.op}`{_where(site)} has dropout={rate} with "
            "num_layers=1: RNN dropout only acts between stacked layers, so it can never act "
            "whatever the rate; stack layers or apply `nn.Dropout` to the output"
        )
    return None


def _p_zero(site: Site) -> str | None:
    if site.kind in (MODULE, FUNCTIONAL) and site.p == 0.0:
        return f"`{site.op}`{_where(site)} has p=0: it does nothing; remove it or set a rate"
    return None


def _keep_prob_as_p(site: Site) -> str | None:
    if site.kind in (MODULE, FUNCTIONAL, ATTENTION) and site.p_text:
        if not re.fullmatch(r"[\w.]+", site.p_text.strip()):
            return None
        name = site.p_text.rsplit(".", 1)[-1].lower()
        if "keep" in name:
            return (
                f"`{site.op}`{_where(site)} gets `{site.p_text}` as p, but PyTorch's p is the "
                "probability to *drop*; pass `1 - keep_prob`"
            )
    return None


RULES = (
    Rule(
        code="DS201",
        name="dropout-rate-out-of-range",
        severity=Severity.ERROR,
        summary="Dropout with p >= 1 or p < 0.",
        why=(
            "p is the probability of zeroing an element. p=1 zeroes the whole tensor (the "
            "layer outputs nothing but zeros in training); p<0 or p>1 is rejected by "
            "`nn.Dropout` but not always by functional calls built from a config."
        ),
        fix="Use a rate in [0, 1); typical values are 0.1-0.5.",
        invalid=(
            _model("        return self.drop(self.fc(x))\n",
                   init="self.fc = nn.Linear(8, 8)\n"
                        "        self.drop = nn.Dropout(1.0)  # expect: DS201"),
        ),
        valid=(
            _model("        return self.drop(self.fc(x))\n",
                   init="self.fc = nn.Linear(8, 8)\n        self.drop = nn.Dropout(0.5)"),
        ),
        check_site=_p_out_of_range,
    ),
    Rule(
        code="DS202",
        name="rnn-dropout-single-layer",
        severity=Severity.WARNING,
        summary="RNN/LSTM/GRU dropout with a single layer.",
        why=(
            "`nn.LSTM(dropout=p)` applies dropout on the outputs of each layer except the "
            "last; with `num_layers=1` there is no such layer, so the setting has no effect "
            "(PyTorch only warns once). The same holds when the rate comes from a config "
            "(`nn.GRU(h, h, dropout=cfg.dropout)` with `num_layers` left at its default 1): "
            "whatever the config says, it can never act."
        ),
        fix="Use `num_layers>=2`, or apply `nn.Dropout` to the RNN's output yourself.",
        invalid=(
            _HEADER
            + "class Net(nn.Module):\n"
            + "    def __init__(self):\n"
            + "        super().__init__()\n"
            + "        self.rnn = nn.LSTM(8, 8, num_layers=1, dropout=0.3)  # expect: DS202\n\n"
            + "    def forward(self, x):\n"
            + "        return self.rnn(x)[0]\n",
            _HEADER
            + "class Net(nn.Module):\n"
            + "    def __init__(self, cfg):\n"
            + "        super().__init__()\n"
            + "        self.rnn = nn.GRU(8, 8, batch_first=True, dropout=cfg.dropout)"
            + "  # expect: DS202\n\n"
            + "    def forward(self, x):\n"
            + "        return self.rnn(x)[0]\n",
        ),
        valid=(
            _HEADER
            + "class Net(nn.Module):\n"
            + "    def __init__(self):\n"
            + "        super().__init__()\n"
            + "        self.rnn = nn.LSTM(8, 8, num_layers=2, dropout=0.3)\n\n"
            + "    def forward(self, x):\n"
            + "        return self.rnn(x)[0]\n",
        ),
        check_site=_rnn_single_layer,
    ),
    Rule(
        code="DS203",
        name="dropout-rate-zero",
        severity=Severity.INFO,
        summary="Dropout with p=0.",
        why="A dropout with p=0 never drops anything; it only adds a node to the graph.",
        fix="Remove it, or give it the rate you meant.",
        invalid=(
            _model("        return self.drop(self.fc(x))\n",
                   init="self.fc = nn.Linear(8, 8)\n"
                        "        self.drop = nn.Dropout(0.0)  # expect: DS203"),
        ),
        valid=(
            _model("        return self.drop(self.fc(x))\n",
                   init="self.fc = nn.Linear(8, 8)\n        self.drop = nn.Dropout(0.1)"),
        ),
        check_site=_p_zero,
    ),
    Rule(
        code="DS204",
        name="keep-probability-as-p",
        severity=Severity.WARNING,
        summary="A keep probability passed where PyTorch expects the drop probability.",
        why=(
            "TensorFlow 1 and Srivastava et al. (2014) describe dropout by its *keep* "
            "probability; PyTorch's `p` is the probability to *drop*. `keep_prob=0.9` "
            "passed as p drops 90% of the activations."
        ),
        fix="Pass `p=1 - keep_prob`.",
        invalid=(
            _model("        return F.dropout(self.fc(x), self.keep_prob, self.training)"
                   "  # expect: DS204\n",
                   init="self.fc = nn.Linear(8, 8)\n        self.keep_prob = 0.9"),
        ),
        valid=(
            _model("        return F.dropout(self.fc(x), 1 - self.keep_prob, self.training)\n",
                   init="self.fc = nn.Linear(8, 8)\n        self.keep_prob = 0.9"),
        ),
        check_site=_keep_prob_as_p,
    ),
)
