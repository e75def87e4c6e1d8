"""Lint real models nobody here wrote: torchvision, timm and transformers.

Every model is built without weights (nothing downloads), given example inputs, and passed
to ``dropsurgeon.lint`` with the default front-end layering (fx first, then the runtime
monitor, then torch.export).  Models run one at a time in a worker process so that a crash,
a hang or a blown memory budget costs one row, not the sweep: a model that runs past
``--timeout`` seconds is recorded as ``timeout`` and the worker is restarted.

Usage::

    .venv/bin/python benchmarks/zoo_lint.py                     # everything (slow)
    .venv/bin/python benchmarks/zoo_lint.py --zoo timm --limit 10
    .venv/bin/python benchmarks/zoo_lint.py --markdown benchmarks/results/zoo_lint.md \
        --json /tmp/zoo.json

The table has one row per model: zoo, model, front-ends that saw it, dropout sites found,
findings by code and severity, build and lint time.  The totals count models analysed by
some front-end, error-level findings (these are correct models: every one is either a
true bug in the library or a false positive of the linter), and list each of them.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import queue
import re
import sys
import time
import traceback
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

ZOOS = ("torchvision", "timm", "transformers")
# Nothing may download: weights are never requested, and the hubs are told so too.
_OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "TRANSFORMERS_VERBOSITY": "error",
    "TOKENIZERS_PARALLELISM": "false",
}


@dataclass
class Case:
    zoo: str
    name: str
    group: str = ""  # torchvision sub-package, timm module, transformers model_type


@dataclass
class Row:
    zoo: str
    model: str
    group: str = ""
    status: str = ""  # analysed | failed | skipped | build-error | lint-crash | timeout
    frontends: str = ""
    sites: int = 0
    module_sites: int = 0  # sites that are nn.Dropout-family modules
    unreached: int = 0  # dropout modules no graph front-end reached (module listing only)
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    codes: dict[str, int] = field(default_factory=dict)  # "DS301/warning" -> count
    details: list[dict[str, Any]] = field(default_factory=list)  # error+warning findings
    build_s: float = 0.0
    lint_s: float = 0.0
    reason: str = ""
    note: str = ""  # e.g. which drop-rate kwargs the builder accepted


# -- enumeration (parent process; cheap) ---------------------------------------------------

TV_GROUPS = ("classification", "segmentation", "detection", "video", "optical_flow",
             "quantization")


def torchvision_cases() -> list[Case]:
    import torchvision.models as tvm
    from torchvision.models import list_models

    subs = {
        "classification": tvm,
        "segmentation": tvm.segmentation,
        "detection": tvm.detection,
        "video": tvm.video,
        "optical_flow": tvm.optical_flow,
        "quantization": tvm.quantization,
    }
    return [Case("torchvision", n, g) for g in TV_GROUPS for n in list_models(module=subs[g])]


# Smaller variants first: a sweep of architectures, not of sizes.
_SIZE_WORDS = ["test", "atto", "femto", "pico", "nano", "xxs", "xxsmall", "xtiny", "tiny",
               "mini", "xs", "xsmall", "small", "s0", "b0", "t0", "m0", "s1", "s", "t", "18",
               "26", "lite", "light", "050", "075", "100"]


def _size_rank(name: str) -> tuple:
    tokens = re.split(r"[_\-.]", name)
    ranks = [_SIZE_WORDS.index(t) for t in tokens if t in _SIZE_WORDS]
    ranks += [_SIZE_WORDS.index("s") for t in tokens if re.fullmatch(r"[stn]\d+", t)]
    best = min(ranks, default=99)
    big = any(t in ("large", "huge", "giant", "enormous", "xl", "xxl", "gigantic", "1b", "3b")
              or t.startswith(("l", "h", "g")) and t[1:].isdigit() for t in tokens)
    resolution = max((int(x) for x in re.findall(r"(\d{3})", name) if 150 <= int(x) <= 800),
                     default=224)
    return (big, best, resolution > 256, len(name), name)


def timm_cases(per_module: int = 2) -> list[Case]:
    import timm

    cases = []
    for module in timm.list_modules():
        names = sorted(timm.list_models(module=module), key=_size_rank)
        cases.extend(Case("timm", n, module) for n in names[:per_module])
    return cases


# Architectures built from small configs: generic shrinking plus per-type fixes.
TRANSFORMERS_TYPES = [
    "bert", "roberta", "distilbert", "albert", "electra", "xlm-roberta", "camembert",
    "deberta", "deberta-v2", "mpnet", "mobilebert", "squeezebert", "funnel", "ernie",
    "roformer", "xlnet", "longformer", "big_bird", "nystromformer", "canine", "megatron-bert",
    "xmod", "data2vec-text", "esm", "gpt2", "gpt_neo", "gptj", "gpt_neox", "opt", "bloom",
    "llama", "mistral", "qwen2", "phi", "falcon", "codegen", "ctrl", "gpt_bigcode", "biogpt",
    "t5", "bart", "mbart", "pegasus", "marian", "blenderbot", "m2m_100", "led", "prophetnet",
    "vit", "deit", "beit", "swin", "convnext", "dinov2", "whisper", "wav2vec2", "hubert",
]


def transformers_cases() -> list[Case]:
    return [Case("transformers", t, t) for t in TRANSFORMERS_TYPES]


ENUMERATORS = {
    "torchvision": torchvision_cases,
    "timm": timm_cases,
    "transformers": transformers_cases,
}


# -- building models and inputs (worker process) --------------------------------------------

_TV_VIDEO_SHAPES = {"mvit_v1_b": (1, 3, 16, 224, 224), "mvit_v2_s": (1, 3, 16, 224, 224),
                    "s3d": (1, 3, 16, 224, 224)}


def build_torchvision(case: Case) -> tuple[Any, tuple, str]:
    import torch
    from torchvision.models import get_model

    kwargs: dict[str, Any] = {"weights": None}
    if case.group in ("segmentation", "detection"):
        kwargs["weights_backbone"] = None
    if case.group == "quantization":
        kwargs["quantize"] = False
    model = get_model(case.name, **kwargs)
    side = 299 if "inception" in case.name else 224
    if case.group == "detection":
        inputs: tuple = ([torch.rand(3, 224, 224)],)
    elif case.group == "video":
        inputs = (torch.randn(_TV_VIDEO_SHAPES.get(case.name, (1, 3, 8, 112, 112))),)
    elif case.group == "optical_flow":
        inputs = (torch.randn(1, 3, 128, 128), torch.randn(1, 3, 128, 128))
    else:
        inputs = (torch.randn(1, 3, side, side),)
    return model, inputs, ""


def build_timm(case: Case) -> tuple[Any, tuple, str]:
    import timm
    import torch

    attempts = [
        {"drop_rate": 0.1, "drop_path_rate": 0.1},
        {"drop_rate": 0.1},
        {"drop_path_rate": 0.1},
        {},
    ]
    last: Exception | None = None
    for extra in attempts:
        try:
            model = timm.create_model(case.name, pretrained=False, **extra)
        except TypeError as exc:  # the builder rejects one of the rates
            last = exc
            continue
        note = ",".join(f"{k}={v}" for k, v in extra.items()) or "no drop kwargs accepted"
        size = tuple(model.pretrained_cfg.get("input_size", (3, 224, 224)))
        return model, (torch.randn(1, *size),), note
    raise RuntimeError(f"no accepted kwargs: {last}")


_SHRINK: dict[str, Any] = {
    "hidden_size": 32, "d_model": 32, "n_embd": 32, "dim": 32, "embed_dim": 32,
    "num_hidden_layers": 2, "n_layer": 2, "n_layers": 2, "num_layers": 2,
    "encoder_layers": 2, "decoder_layers": 2, "num_decoder_layers": 2,
    "num_attention_heads": 4, "n_head": 4, "n_heads": 4, "encoder_attention_heads": 4,
    "decoder_attention_heads": 4, "num_key_value_heads": 2, "multi_query_group_num": 2,
    "intermediate_size": 64, "ffn_dim": 64, "encoder_ffn_dim": 64, "decoder_ffn_dim": 64,
    "d_ff": 64, "n_inner": 64, "hidden_dim": 64, "d_kv": 8, "head_dim": 8,
    "embedding_size": 32, "rotary_dim": 4, "vocab_size": 1024, "max_position_embeddings": 128,
    "n_positions": 128, "image_size": 32, "patch_size": 8,
}
_AUDIO: dict[str, Any] = {  # a two-layer conv feature extractor instead of seven
    "num_feat_extract_layers": 2, "conv_dim": [32, 32], "conv_stride": [5, 4],
    "conv_kernel": [10, 8], "num_conv_pos_embeddings": 16, "num_conv_pos_embedding_groups": 4,
}
_PER_TYPE: dict[str, dict[str, Any]] = {
    "gpt_neo": {"attention_types": [[["global", "local"], 1]], "window_size": 16},
    "funnel": {"block_sizes": [1, 1], "block_repeats": [1, 1], "d_head": 8, "d_inner": 64,
               "n_head": 4, "num_decoder_layers": 1,
               "architectures": ["FunnelModel"]},  # AutoModel maps funnel to two classes
    "xlnet": {"d_inner": 64},
    "longformer": {"attention_window": [8, 8]},
    "big_bird": {"attention_type": "original_full"},
    "canine": {"num_hash_buckets": 64, "downsampling_rate": 2},
    "ctrl": {"dff": 64},
    "led": {"attention_window": [8, 8], "max_encoder_position_embeddings": 128,
            "max_decoder_position_embeddings": 128},
    "prophetnet": {"ngram": 2, "num_encoder_layers": 2, "num_encoder_attention_heads": 4,
                   "num_decoder_attention_heads": 4},
    "swin": {"embed_dim": 16, "depths": [1, 1], "num_heads": [2, 2], "window_size": 2,
             "patch_size": 4},
    "convnext": {"hidden_sizes": [16, 32], "depths": [1, 1], "num_stages": 2},
    "beit": {"use_mask_token": False},
    "whisper": {"num_mel_bins": 80, "max_source_positions": 16, "max_target_positions": 32},
    "wav2vec2": {**_AUDIO, "intermediate_size": 64},
    "hubert": dict(_AUDIO),
    "esm": {"pad_token_id": 1, "mask_token_id": 2, "vocab_size": 33},
    "mobilebert": {"embedding_size": 32, "intra_bottleneck_size": 32,
                   "true_hidden_size": 32},
    "squeezebert": {"embedding_size": 32},
    "dinov2": {"image_size": 28, "patch_size": 14},
}


def small_config(model_type: str) -> Any:
    from transformers import AutoConfig

    config = AutoConfig.for_model(model_type)
    for key, value in {**_SHRINK, **_PER_TYPE.get(model_type, {})}.items():
        if key in _PER_TYPE.get(model_type, {}) or hasattr(config, key):
            try:
                setattr(config, key, value)
            except (AttributeError, NotImplementedError, ValueError):
                pass  # a derived property (falcon head_dim) or one the config forbids
    for key, value in list(vars(config).items()):
        # every dropout probability > 0, so that the sweep has sites to find
        if ("dropout" in key or "pdrop" in key or "layerdrop" in key
                or "drop_path" in key) and isinstance(
            value, (int, float)
        ) and not isinstance(value, bool) and 0 <= value < 1:
            setattr(config, key, 0.1)
    for key in ("pad_token_id", "bos_token_id", "eos_token_id", "decoder_start_token_id",
                "sep_token_id", "cls_token_id"):
        value = getattr(config, key, None)
        if isinstance(value, int) and value >= getattr(config, "vocab_size", 1 << 30):
            setattr(config, key, 1)
    return config


def build_transformers(case: Case) -> tuple[Any, tuple, str]:
    import torch
    from transformers import AutoModel

    config = small_config(case.name)
    model = AutoModel.from_config(config)
    if hasattr(model, "set_default_language"):  # X-MOD's adapters need a language
        model.set_default_language("en_XX")
    main = getattr(model, "main_input_name", "input_ids")
    if main == "input_ids":
        vocab = int(getattr(config, "vocab_size", 100) or 100)
        ids = torch.randint(3, min(vocab, 100), (2, 16))
        kwargs: dict[str, Any] = {"input_ids": ids, "attention_mask": torch.ones_like(ids)}
        if getattr(config, "is_encoder_decoder", False):
            kwargs["decoder_input_ids"] = ids[:, :8]
        origin = "input_ids 2x16"
    elif main == "pixel_values":
        side = config.image_size if isinstance(getattr(config, "image_size", None), int) else 32
        channels = getattr(config, "num_channels", 3)
        kwargs = {"pixel_values": torch.randn(1, channels, side, side)}
        origin = f"pixel_values 1x{channels}x{side}x{side}"
    elif main == "input_values":
        kwargs = {"input_values": torch.randn(1, 4000)}
        origin = "input_values 1x4000"
    elif main == "input_features":
        frames = 2 * config.max_source_positions
        kwargs = {"input_features": torch.randn(1, config.num_mel_bins, frames),
                  "decoder_input_ids": torch.tensor([[1, 2, 3, 4]])}
        origin = f"input_features 1x{config.num_mel_bins}x{frames}"
    else:
        dummy = dict(getattr(model, "dummy_inputs", {}) or {})
        if not dummy:
            raise RuntimeError(f"no inputs known for main input {main!r}")
        kwargs, origin = dummy, "dummy_inputs"
    return model, (kwargs,), origin


BUILDERS = {
    "torchvision": build_torchvision,
    "timm": build_timm,
    "transformers": build_transformers,
}


# -- one model ------------------------------------------------------------------------------

def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"[:300]


def run_case(case: Case) -> Row:
    """Build one model and lint it; every exception becomes a row, never a crash."""
    import torch

    import dropsurgeon

    row = Row(case.zoo, case.name, case.group)
    t0 = time.perf_counter()
    try:
        torch.manual_seed(0)
        model, inputs, note = BUILDERS[case.zoo](case)
    except Exception as exc:  # noqa: BLE001 - a builder problem is a row, not a crash
        row.status, row.reason = "build-error", _one_line(exc)
        row.build_s = time.perf_counter() - t0
        return row
    row.build_s, row.note = time.perf_counter() - t0, note
    t1 = time.perf_counter()
    try:
        report = dropsurgeon.lint(model, inputs=inputs)
    except Exception as exc:  # noqa: BLE001 - a crash in the linter is what we look for
        row.status = "lint-crash"
        row.reason = _one_line(exc)
        frames = traceback.extract_tb(exc.__traceback__)
        ours = [f for f in frames if "dropsurgeon" in f.filename]
        if ours:
            row.reason += f" [at {os.path.relpath(ours[-1].filename)}:{ours[-1].lineno}]"
        row.lint_s = time.perf_counter() - t1
        return row
    row.lint_s = time.perf_counter() - t1
    fill_row(row, report)
    return row


def fill_row(row: Row, report: Any) -> None:
    result = report.models[0] if report.models else None
    if result is None:
        row.status, row.reason = "failed", "; ".join(report.errors) or "no model result"
        return
    row.status = result.status
    row.frontends = "+".join(result.frontends)
    inv = result.inventory
    if inv is not None:
        row.sites = len(inv.sites)
        row.module_sites = sum(1 for s in inv.sites if s.kind == "module")
        row.unreached = sum(1 for s in inv.sites if s.extra.get("unreached"))
        failures = "; ".join(f"{k}: {v}" for k, v in inv.failures.items())
        row.reason = result.reason or failures
    else:
        row.reason = result.reason
    codes: Counter[str] = Counter()
    for f in report.active_findings:
        sev = str(f.severity)
        codes[f"{f.code}/{sev}"] += 1
        if sev == "error":
            row.errors += 1
        elif sev == "warning":
            row.warnings += 1
        else:
            row.infos += 1
        if sev in ("error", "warning") and len(row.details) < 20:
            row.details.append({
                "code": f.code, "severity": sev, "path": f.path, "line": f.line,
                "module": f.module, "frontend": f.frontend, "message": f.message,
            })
    row.codes = dict(sorted(codes.items()))


# -- the worker process ---------------------------------------------------------------------

def _worker(inbox: Any, outbox: Any, threads: int) -> None:
    os.environ.update(_OFFLINE_ENV)
    import torch

    torch.set_num_threads(threads)
    while True:
        item = inbox.get()
        if item is None:
            return
        case = Case(**item)
        try:
            row = run_case(case)
        except BaseException as exc:  # noqa: BLE001 - keep the worker alive
            row = Row(case.zoo, case.name, case.group, status="lint-crash",
                      reason=_one_line(exc))
        outbox.put(asdict(row))


class Pool:
    """One worker at a time; restarted after a timeout or a hard crash."""

    def __init__(self, threads: int) -> None:
        self.ctx = mp.get_context("spawn")
        self.threads = threads
        self.proc: Any = None

    def _start(self) -> None:
        self.inbox, self.outbox = self.ctx.Queue(), self.ctx.Queue()
        self.proc = self.ctx.Process(target=_worker, args=(self.inbox, self.outbox,
                                                            self.threads), daemon=True)
        self.proc.start()

    def run(self, case: Case, timeout: float) -> Row:
        if self.proc is None or not self.proc.is_alive():
            self._start()
        start = time.perf_counter()
        self.inbox.put(asdict(case))
        while True:
            try:
                return Row(**self.outbox.get(timeout=1.0))
            except queue.Empty:
                elapsed = time.perf_counter() - start
                if not self.proc.is_alive():
                    code = self.proc.exitcode
                    self.proc = None
                    return Row(case.zoo, case.name, case.group, status="lint-crash",
                               reason=f"worker died (exit code {code})", lint_s=elapsed)
                if elapsed > timeout:
                    self.stop(kill=True)
                    return Row(case.zoo, case.name, case.group, status="timeout",
                               reason=f"no result after {timeout:.0f} s", lint_s=elapsed)

    def stop(self, kill: bool = False) -> None:
        if self.proc is None:
            return
        if kill:
            self.proc.kill()
        else:
            self.inbox.put(None)
        self.proc.join(timeout=10)
        self.proc = None


# -- output ---------------------------------------------------------------------------------

def _codes_text(row: Row) -> str:
    return " ".join(f"{k.replace('/error', ':E').replace('/warning', ':W').replace('/info', ':I')}"
                    f"x{v}" for k, v in row.codes.items()) or "-"


COLUMNS = ("zoo", "model", "status", "front-ends", "sites", "E", "W", "I", "findings",
           "build s", "lint s")


def _cells(row: Row) -> list[str]:
    return [row.zoo, row.model, row.status, row.frontends or "-", str(row.sites),
            str(row.errors), str(row.warnings), str(row.infos), _codes_text(row),
            f"{row.build_s:.1f}", f"{row.lint_s:.1f}"]


def totals(rows: list[Row]) -> dict[str, Any]:
    by_zoo: dict[str, dict[str, int]] = {}
    for r in rows:
        z = by_zoo.setdefault(r.zoo, Counter())
        z["total"] += 1
        z[r.status] += 1
        z["sites"] += r.sites
        z["errors"] += r.errors
        z["warnings"] += r.warnings
        z["infos"] += r.infos
        z["with_sites"] += r.sites > 0
    frontends = Counter(r.frontends for r in rows if r.status == "analysed")
    codes: Counter[str] = Counter()
    for r in rows:
        codes.update(r.codes)
    return {
        "models": len(rows),
        "analysed": sum(r.status == "analysed" for r in rows),
        "error_findings": sum(r.errors for r in rows),
        "models_with_errors": sum(r.errors > 0 for r in rows),
        "by_zoo": {k: dict(v) for k, v in by_zoo.items()},
        "frontends": dict(frontends.most_common()),
        "codes": dict(sorted(codes.items())),
        "lint_s": sum(r.lint_s for r in rows),
        "build_s": sum(r.build_s for r in rows),
    }


def console_table(rows: list[Row]) -> str:
    cells = [list(COLUMNS)] + [_cells(r) for r in rows]
    widths = [min(max(len(c[i]) for c in cells), 48) for i in range(len(COLUMNS))]
    lines = ["  ".join(c[i][:48].ljust(widths[i]) for i in range(len(COLUMNS))) for c in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def summary_text(rows: list[Row]) -> str:
    t = totals(rows)
    out = [f"models analysed by some front-end: {t['analysed']}/{t['models']}"]
    for zoo, z in t["by_zoo"].items():
        other = ", ".join(f"{s} {z[s]}" for s in ("failed", "build-error", "lint-crash",
                                                  "timeout", "skipped") if z.get(s))
        out.append(
            f"  {zoo}: {z.get('analysed', 0)}/{z['total']} analysed"
            + (f" ({other})" if other else "")
            + f"; {z['with_sites']} with dropout sites ({z['sites']} sites); findings "
            f"E{z['errors']} W{z['warnings']} I{z['infos']}"
        )
    out.append("front-ends used: " + ", ".join(f"{k} {v}" for k, v in t["frontends"].items()))
    out.append("findings by code: " + (", ".join(f"{k} {v}" for k, v in t["codes"].items())
                                       or "none"))
    out.append(f"error-level findings on these (correct) models: {t['error_findings']} "
               f"in {t['models_with_errors']} models")
    out.append(f"time: build {t['build_s']:.0f} s, lint {t['lint_s']:.0f} s")
    return "\n".join(out)


def not_analysed(rows: list[Row]) -> list[Row]:
    return [r for r in rows if r.status != "analysed"]


def markdown(rows: list[Row], argv: list[str]) -> str:
    import platform

    import torch

    versions = [f"torch {torch.__version__}"]
    for mod in ("torchvision", "timm", "transformers"):
        try:
            versions.append(f"{mod} {__import__(mod).__version__}")
        except ImportError:
            pass
    out = [
        "# dropsurgeon lint on real model zoos",
        "",
        f"Generated by `python benchmarks/zoo_lint.py {' '.join(argv)}` "
        f"({', '.join(versions)}, Python {platform.python_version()}, CPU, "
        f"{time.strftime('%Y-%m-%d')}).  Models built without weights, default front-end "
        "layering (fx, then runtime, then export).  Findings: `E`rror/`W`arning/`I`nfo.",
        "",
        "## Totals",
        "",
        "```",
        summary_text(rows),
        "```",
        "",
    ]
    for severity in ("error", "warning"):
        found = [(r, d) for r in rows for d in r.details if d["severity"] == severity]
        out += [f"## {severity.capitalize()}-level findings", ""]
        if not found:
            out += ["None.", ""]
            continue
        out += ["| zoo | model | code | location | module | front-end | message |",
                "|---|---|---|---|---|---|---|"]
        for r, d in found:
            out.append(f"| {r.zoo} | {r.model} | {d['code']} | {_site_path(d['path'])}:"
                       f"{d['line']} | {d['module']} | {d['frontend']} | {_md(d['message'])} |")
        out.append("")
    out.append("Triage of these (true bugs, false positives, expected): "
               "[zoo_findings.md](zoo_findings.md).")
    out += ["", "## Models no front-end could analyse", ""]
    missing = not_analysed(rows)
    if missing:
        out += ["| zoo | model | status | reason |", "|---|---|---|---|"]
        out += [f"| {r.zoo} | {r.model} | {r.status} | {_md(_short_reason(r.reason))} |"
                for r in missing]
    else:
        out.append("None.")
    partial = [r for r in rows if r.status == "analysed" and "train" in r.reason
               and "not observed" in r.reason]
    out += ["", "## Models seen in eval mode only", "",
            "Analysed, but the train forward raised (e.g. detection models want targets), "
            "so train-mode behaviour is unknown.", ""]
    if partial:
        out += ["| zoo | model | front-ends | reason |", "|---|---|---|---|"]
        out += [f"| {r.zoo} | {r.model} | {r.frontends} | {_md(_short_reason(r.reason))} |"
                for r in partial]
    else:
        out.append("None.")
    out += ["", "## All models", "", "| " + " | ".join(COLUMNS) + " |",
            "|" + "---|" * len(COLUMNS)]
    out += ["| " + " | ".join(_md(c) for c in _cells(r)) + " |" for r in rows]
    return "\n".join(out) + "\n"


def _site_path(path: str | None) -> str:
    """A path inside site-packages shown from the package on, e.g. ``timm/models/x.py``."""
    if not path:
        return "?"
    marker = "site-packages/"
    return path[path.index(marker) + len(marker):] if marker in path else path


def _short_reason(reason: str, each: int = 140) -> str:
    """Every front-end's reason, each cut short: the last ones matter as much as the first."""
    parts = re.split(r"; (?=(?:fx|runtime|export)[^:;]*: )", reason)
    return "; ".join(p if len(p) <= each else p[: each - 3] + "..." for p in parts)


def _md(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")[:400]


# -- main -----------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--zoo", default=",".join(ZOOS), help="comma list of " + ", ".join(ZOOS))
    ap.add_argument("--limit", type=int, default=0, help="at most N models per zoo (0: all)")
    ap.add_argument("--only", default="", help="regex on model names")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds per model")
    ap.add_argument("--threads", type=int, default=1, help="torch threads in the worker")
    ap.add_argument("--markdown", help="write the table as Markdown to this file")
    ap.add_argument("--json", help="write every row as JSON to this file")
    args = ap.parse_args(argv)
    zoos = [z.strip() for z in args.zoo.split(",") if z.strip()]
    bad = [z for z in zoos if z not in ZOOS]
    if bad:
        ap.error(f"unknown zoo {bad[0]!r}; expected {', '.join(ZOOS)}")
    os.environ.update(_OFFLINE_ENV)
    cases: list[Case] = []
    for zoo in zoos:
        found = ENUMERATORS[zoo]()
        if args.only:
            found = [c for c in found if re.search(args.only, c.name)]
        cases.extend(found[: args.limit] if args.limit else found)
    pool = Pool(args.threads)
    rows: list[Row] = []
    print("  ".join(COLUMNS), flush=True)
    try:
        for i, case in enumerate(cases, 1):
            row = pool.run(case, args.timeout)
            rows.append(row)
            print(f"[{i}/{len(cases)}] " + "  ".join(_cells(row))
                  + (f"  ({row.reason[:160]})" if row.status != "analysed" else ""),
                  flush=True)
    finally:
        pool.stop()
    print()
    print(console_table(rows))
    print()
    print(summary_text(rows))
    if args.json:
        _write(args.json, json.dumps([asdict(r) for r in rows], indent=1))
    if args.markdown:
        _write(args.markdown, markdown(rows, argv))
    return 0


def _write(path: str, text: str) -> None:
    from dropsurgeon.atomic import write_text

    write_text(path, text)  # never a half-written table


if __name__ == "__main__":
    sys.exit(main())
