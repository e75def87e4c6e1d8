"""DS1xx: dropout whose train/eval behaviour is wrong."""

from __future__ import annotations

from ..findings import Severity
from ..sites import ATTENTION, DROP_PATH, FUNCTIONAL, MODULE, RANDOM, Site
from .traced import TracedRule

_HEADER = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n\n"


def _model(body: str, init: str = "self.fc = nn.Linear(8, 8)") -> str:
    return (
        _HEADER
        + "class Net(nn.Module):\n"
        + "    def __init__(self):\n"
        + "        super().__init__()\n"
        + f"        {init}\n\n"
        + "    def forward(self, x):\n"
        + body
    )


def _where(site: Site) -> str:
    return f" in `{site.module}`" if site.module else ""


def _model_code(site: Site) -> bool:
    """Mode rules judge model code: ``nn.Module`` methods and the helpers they call.

    The source scan marks other code (pytest classes, hooks, data transforms, module-level
    functions no model calls) with ``model_code=False``; graph sites are model code.
    """
    return site.extra.get("model_code", True) is not False


def _functional_missing_flag(site: Site) -> str | None:
    if not _model_code(site):
        return None
    if str(site.extra.get("function", "")).endswith(".__init__"):
        return None  # runs once at construction, never in a forward pass
    if site.kind in (FUNCTIONAL, DROP_PATH) and site.active_eval and site.flag == "missing":
        param = site.extra.get("param") or ("train" if site.op.startswith("torch.") else
                                            "training")
        text = (f"`{site.op}(...)`{_where(site)} has no `{param}=` argument, so it defaults "
                "to True and keeps dropping at eval")
        if site.extra.get("in_module_method", True):
            return f"{text}; pass `{param}=self.training`"
        trace = site.extra.get("trace") or ()
        helper = site.extra.get("function") or "the helper"
        if trace:
            # reached from a model method: name the helper and the method that reaches it
            method = trace[0]["message"].split("`")[1]
            return (f"{text} (`{helper}` runs inside `{method}`); give `{helper}` a "
                    f"`training` parameter, pass it on as `{param}=training`, and call it "
                    "with `training=self.training`")
        return f"{text}; pass `{param}=` the calling module's `.training`"
    return None


_MARK_INTENDED = (
    "if it is meant to stay on at inference (MC dropout), say so in a comment on the line "
    "(`# MC dropout: also at inference, on purpose`) and it is reported as DS108 info"
)


def _flag_true_at_eval(site: Site) -> str | None:
    if site.kind not in (FUNCTIONAL, DROP_PATH) or not site.active_eval or not _model_code(site):
        return None
    if site.flag in ("missing", "opt-in"):
        return None
    switch = site.extra.get("switch")
    if switch:
        # a caller turning on a helper's argument-switched dropout on a path that runs at eval
        param = site.extra.get("param", "the switch")
        return (f"`{site.op}(...)`{_where(site)} {switch}, which switches on the "
                f"dropout in `{site.extra.get('helper')}` after `.eval()` too; pass "
                f"`{param}=self.training`, or {_MARK_INTENDED}")
    if site.flag == "literal-true":
        what = "`training=True` is hard-coded"
    elif site.flag:
        what = f"its training flag `{site.flag}` is True after `.eval()`"
    else:
        what = "its training flag is True after `.eval()`"
    return (f"`{site.op}(...)`{_where(site)}: {what}, so it drops at eval; use "
            f"`training=self.training`, or {_MARK_INTENDED}")


def _constructed_in_forward(site: Site) -> str | None:
    if site.in_forward_construction:
        return (
            f"`{site.op}` is constructed inside `forward`{_where(site)}: a fresh module is "
            "always in train mode, so `.eval()` never reaches it; build it in `__init__`"
        )
    return None


def _attention_ungated(site: Site) -> str | None:
    if site.kind == ATTENTION and site.active_eval and site.flag != "opt-in" and _model_code(
        site
    ):
        rate = site.p_text or (f"{site.p:g}" if site.p is not None else None)
        p = f" (dropout_p={rate})" if rate else ""
        gated = f"({rate}) if self.training else 0.0" if rate and not rate.replace(
            ".", "").replace("_", "").isalnum() else f"{rate or 'p'} if self.training else 0.0"
        if site.op == "F.multi_head_attention_forward":
            fix = "pass `training=self.training`"
        else:
            fix = f"pass `dropout_p={gated}`"
        return f"`{site.op}`{_where(site)} applies attention dropout at eval{p}; {fix}"
    return None


def _module_training_after_eval(site: Site) -> str | None:
    if (site.kind == MODULE and site.active_eval and not site.in_forward_construction
            and site.flag != "opt-in"):
        return (
            f"`{site.module or site.op}` ({site.module_type or site.op}) is still in train mode "
            "after `model.eval()`; an overridden `train()`/`eval()` or a direct `.training` "
            "assignment keeps it dropping"
        )
    return None


def _random_at_eval(site: Site) -> str | None:
    if site.kind == RANDOM and site.active_eval and site.reaches_output is not False and (
        site.flag != "opt-in" and _model_code(site)
    ):
        return (
            f"`{site.op}`{_where(site)} draws random numbers at eval that reach the output: "
            "a hand-made dropout mask must be skipped when `not self.training`"
        )
    return None


def _never_active_in_train(site: Site) -> str | None:
    if site.kind not in (FUNCTIONAL, ATTENTION, MODULE, DROP_PATH) or not _model_code(site):
        return None
    if site.extra.get("zero_by_guard"):
        return (
            f"`{site.op}`{_where(site)} never drops: it only runs on a path where its rate "
            f"`{site.p_text or 'p'}` is 0 (an inverted guard such as `if not p:`); "
            "invert the condition"
        )
    if site.extra.get("configured_off"):
        return None
    if site.extra.get("eval_only_path") and site.active_eval:
        return None  # it never runs in train mode, and drops where it runs (DS108's case)
    if site.active_train is False and (site.p is None or site.p > 0):
        how = "`training=False` is hard-coded" if site.flag == "literal-false" else (
            "its `training` argument is missing and defaults to False"
            if site.flag == "missing" else
            f"its training flag `{site.flag}` is False in train mode" if site.flag else
            "it is off in train mode"
        )
        return f"`{site.op}`{_where(site)} never drops: {how}; use `self.training`"
    return None


def _opt_in(site: Site) -> str | None:
    if site.flag == "opt-in" and site.active_eval and _model_code(site):
        why = site.extra.get("intent") or "an explicit opt-in flag"
        return (
            f"`{site.op}`{_where(site)} stays active at eval on purpose ({why}: MC dropout "
            "or a model that samples at inference); fine if intended"
        )
    return None


def _tied_flag(site: Site) -> str | None:
    tied = site.extra.get("tied_flag")
    if not tied or site.kind not in (FUNCTIONAL, DROP_PATH, ATTENTION) or not _model_code(site):
        return None
    return (
        f"`{site.op}(...)`{_where(site)} takes its training flag from `{tied}`, which is set "
        "once and does not follow `.train()`/`.eval()`: when it is False the dropout never "
        "drops in training, when True it drops at eval; pass `training=self.training`"
    )


RULES = (
    TracedRule(
        code="DS101",
        name="functional-dropout-without-training",
        severity=Severity.ERROR,
        summary="Functional dropout called without a `training` argument.",
        why=(
            "`F.dropout(input, p=0.5, training=True)` defaults to `training=True`; unlike "
            "`nn.Dropout` it does not read the module's mode, so the call keeps zeroing and "
            "rescaling activations after `model.eval()`. Predictions become random and "
            "accuracy drops silently (PyTorch docs; pytorch/pytorch#68190)."
        ),
        fix="Pass `training=self.training` (or use an `nn.Dropout` submodule).",
        invalid=(
            _model("        return F.dropout(self.fc(x), p=0.5)  # expect: DS101\n"),
            _model("        y = torch.relu(self.fc(x))\n"
                   "        return F.dropout(y, 0.3)  # expect: DS101\n"),
        ),
        valid=(
            _model("        return F.dropout(self.fc(x), p=0.5, training=self.training)\n"),
            _model("        return F.dropout(self.fc(x), 0.5, self.training)\n"),
        ),
        check_site=_functional_missing_flag,
    ),
    TracedRule(
        code="DS102",
        name="training-flag-true-at-eval",
        severity=Severity.WARNING,
        summary="Functional dropout whose `training` flag is True in eval mode.",
        why=(
            "A hard-coded `training=True` (or a flag that does not follow `self.training`) "
            "keeps dropout on after `model.eval()`, so evaluation and inference are noisy "
            "and biased. A warning, not an error: some models keep dropout on at inference "
            "on purpose (MC dropout, Tacotron 2's prenet). Say so in the code and the call is "
            "reported as the opt-in DS108 instead: a comment on or above the line ('MC "
            "dropout', 'also at inference', 'on purpose'), a docstring saying it applies "
            "even in evaluation, or a flag named for it (`training=self.training or "
            "self.mc_dropout`)."
        ),
        fix=("Use `training=self.training`; if intended, say so in a comment on the line "
             "(`# MC dropout: on at inference on purpose`)."),
        invalid=(
            _model("        return F.dropout(self.fc(x), 0.5, training=True)  # expect: DS102\n"),
            _model("        return torch.dropout(self.fc(x), 0.5, True)  # expect: DS102\n"),
        ),
        valid=(
            _model("        return F.dropout(self.fc(x), 0.5, training=self.training)\n"),
            _model("        return F.dropout(self.fc(x), 0.5, training=True)  # noqa: DS102\n"),
            _model("        # MC dropout: kept on at inference on purpose\n"
                   "        return F.dropout(self.fc(x), 0.5, training=True)\n"),
        ),
        check_site=_flag_true_at_eval,
    ),
    TracedRule(
        code="DS103",
        name="dropout-constructed-in-forward",
        severity=Severity.ERROR,
        summary="An `nn.Dropout` module built inside `forward`.",
        why=(
            "A module created during `forward` is not a registered submodule: `.eval()` "
            "never reaches it and it starts in train mode, so it drops at eval. It also "
            "costs an allocation per call and hides the layer from `print(model)`."
        ),
        fix="Create the dropout once in `__init__` (`self.drop = nn.Dropout(p)`) and call it.",
        invalid=(
            _model("        return nn.Dropout(0.5)(self.fc(x))  # expect: DS103\n"),
        ),
        valid=(
            _model("        return self.drop(self.fc(x))\n",
                   init="self.fc = nn.Linear(8, 8)\n        self.drop = nn.Dropout(0.5)"),
        ),
        check_site=_constructed_in_forward,
    ),
    TracedRule(
        code="DS104",
        name="attention-dropout-not-gated",
        severity=Severity.ERROR,
        summary="Attention `dropout_p` applied at eval.",
        why=(
            "`F.scaled_dot_product_attention` (and flash-attn's functions) have no training "
            "flag: whatever `dropout_p` you pass is applied, in eval too. "
            "`F.multi_head_attention_forward` defaults to `training=True`."
        ),
        fix="Pass `dropout_p=self.p if self.training else 0.0`.",
        invalid=(
            _model(
                "        q = self.fc(x)[:, None]\n"
                "        return F.scaled_dot_product_attention(q, q, q, dropout_p=0.1)"
                "  # expect: DS104\n"
            ),
        ),
        valid=(
            _model(
                "        q = self.fc(x)[:, None]\n"
                "        p = 0.1 if self.training else 0.0\n"
                "        return F.scaled_dot_product_attention(q, q, q, dropout_p=p)\n"
            ),
        ),
        check_site=_attention_ungated,
    ),
    TracedRule(
        code="DS105",
        name="dropout-module-training-after-eval",
        severity=Severity.ERROR,
        summary="A dropout module is still in train mode after `model.eval()`.",
        why=(
            "Overriding `train()`/`eval()` without forwarding the mode to children, or "
            "setting `.training = True` on a submodule, leaves dropout active at inference."
        ),
        fix="Let `nn.Module.train(mode)` reach every child; do not pin `.training`.",
        invalid=(
            _HEADER
            + "class Net(nn.Module):\n"
            + "    def __init__(self):\n"
            + "        super().__init__()\n"
            + "        self.fc = nn.Linear(8, 8)\n"
            + "        self.drop = nn.Dropout(0.5)  # expect: DS105\n\n"
            + "    def train(self, mode=True):\n"
            + "        self.training = mode\n"
            + "        self.fc.train(mode)\n"
            + "        return self\n\n"
            + "    def forward(self, x):\n"
            + "        return self.drop(self.fc(x))\n",
        ),
        valid=(
            _model("        return self.drop(self.fc(x))\n",
                   init="self.fc = nn.Linear(8, 8)\n        self.drop = nn.Dropout(0.5)"),
        ),
        check_site=_module_training_after_eval,
    ),
    TracedRule(
        code="DS106",
        name="random-mask-at-eval",
        severity=Severity.ERROR,
        summary="Random numbers drawn at eval reach the output (a hand-made dropout mask).",
        why=(
            "A mask built from `torch.rand`/`bernoulli` is dropout by another name; when "
            "it is not skipped in eval mode, inference is random and not reproducible."
        ),
        fix="Apply the mask only under `if self.training:` (or use `nn.Dropout`).",
        invalid=(
            _model(
                "        mask = (torch.rand_like(x) > 0.5).float()  # expect: DS106\n"
                "        return self.fc(x * mask * 2.0)\n"
            ),
        ),
        valid=(
            _model(
                "        if self.training:\n"
                "            x = x * (torch.rand_like(x) > 0.5).float() * 2.0\n"
                "        return self.fc(x)\n"
            ),
        ),
        check_site=_random_at_eval,
    ),
    TracedRule(
        code="DS107",
        name="dropout-never-active-in-train",
        severity=Severity.WARNING,
        summary="A dropout that is off in train mode too (dead regularisation).",
        why=(
            "`training=False` hard-coded, or a flag read from a config attribute such as "
            "`self.is_training` instead of `self.training`, switches dropout off for good: "
            "the model trains without the regularisation you configured."
        ),
        fix="Use `training=self.training`.",
        invalid=(
            _model("        return F.dropout(self.fc(x), 0.5, training=False)  # expect: DS107\n"),
        ),
        valid=(
            _model("        return F.dropout(self.fc(x), 0.5, training=self.training)\n"),
        ),
        check_site=_never_active_in_train,
    ),
    TracedRule(
        code="DS108",
        name="dropout-opt-in-at-eval",
        severity=Severity.INFO,
        summary="Dropout kept on at eval on purpose (MC dropout): an opt-in the code states.",
        why=(
            "`training=self.training or self.mc_dropout` is a deliberate choice for Monte "
            "Carlo dropout; reported for visibility only. The scan reads the same intent from "
            "a guard that lets a flag decide at eval (`if self.training or "
            "self.apply_during_inference:`), a flag named for it (`dropout_at_inference`, "
            "`mc`), a comment on or above the call ('always', 'also at inference', 'MC "
            "dropout', 'on purpose'), a docstring saying dropout applies even in evaluation, "
            "and a layer class whose whole `forward` is `F.dropout(x, p, training=True)`."
        ),
        fix="Nothing, if intended; otherwise use `training=self.training`.",
        invalid=(
            _model(
                "        y = self.fc(x)\n"
                "        return F.dropout(y, 0.5, self.training or self.mc)  # expect: DS108\n",
                init="self.fc = nn.Linear(8, 8)\n        self.mc = True",
            ),
            _model("        y = self.fc(x)\n"
                   "        # MC dropout: on at inference too\n"
                   "        return F.dropout(y, 0.5, training=True)  # expect: DS108\n"),
        ),
        valid=(
            _model("        return F.dropout(self.fc(x), 0.5, training=self.training)\n"),
        ),
        check_site=_opt_in,
    ),
    TracedRule(
        code="DS109",
        name="training-flag-not-following-mode",
        severity=Severity.WARNING,
        summary="A dropout's training flag is tied to something `.train()`/`.eval()` never set.",
        why=(
            "`training=self.is_training` with `self.is_training = config.is_training` set once "
            "in `__init__` (or `training=cfg.training_mode`) is fixed when the model is built: "
            "`model.train()` and `model.eval()` do not touch it. Built with False, the dropout "
            "never drops in training (the regularisation silently vanishes); built with True, "
            "it keeps dropping after `model.eval()` (noisy, biased inference). Unlike the "
            "opt-in of DS108, nothing says it is meant to stay on. (Ported TensorFlow and JAX "
            "code passes `is_training` around like this.)"
        ),
        fix="Pass `training=self.training` (the mode `.train()`/`.eval()` set).",
        invalid=(
            _HEADER
            + "class Net(nn.Module):\n"
            + "    def __init__(self, config):\n"
            + "        super().__init__()\n"
            + "        self.fc = nn.Linear(8, 8)\n"
            + "        self.is_training = config.is_training\n\n"
            + "    def forward(self, x):\n"
            + "        return F.dropout(self.fc(x), 0.5, training=self.is_training)"
            + "  # expect: DS109\n",
        ),
        valid=(
            _HEADER
            + "class Net(nn.Module):\n"
            + "    def __init__(self, config=None):\n"
            + "        super().__init__()\n"
            + "        self.fc = nn.Linear(8, 8)\n"
            + "        self.is_training = getattr(config, 'is_training', False)\n\n"
            + "    def forward(self, x):\n"
            + "        return F.dropout(self.fc(x), 0.5, training=self.training)\n",
        ),
        check_site=_tied_flag,
    ),
)
