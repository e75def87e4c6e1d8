"""Share a surgically changed model without a pickle: weights, plan and spec in a folder.

A save is a directory::

    DIR/dropsurgeon.json     what this is: format, versions, the spec and builder kwargs,
                             the rates, the weights' SHA-256 and tied-weight aliases
    DIR/plan.json            the surgery plan (``Plan.to_json``)
    DIR/model.safetensors    the state_dict, as safetensors (no code runs when it is read)

:func:`load` rebuilds the architecture (from the spec, or onto a model instance given),
applies the plan, loads the weights strictly and sets the saved rates.  Loading runs the
model's own building code (the spec) but never unpickles anything.

Writes go to a temporary directory next to ``DIR`` that is renamed into place at the end, so
a failed save leaves no half-written ``DIR``; an existing ``DIR`` that is not a dropsurgeon
save is refused and left untouched.  A weights file whose checksum, header, keys or shapes do
not match is refused before any tensor reaches the model.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ..errors import DropsurgeonError

FORMAT = "dropsurgeon-save"
FORMAT_VERSION = 1
MANIFEST, PLAN, WEIGHTS = "dropsurgeon.json", "plan.json", "model.safetensors"

__all__ = ["FORMAT", "SaveError", "check_target", "is_save", "load", "read_manifest", "save"]


class SaveError(DropsurgeonError):
    """A save that cannot be written, or a directory that cannot be loaded as one."""


def _plan_of(plan: Any) -> Any:
    from .plan import Plan

    if plan is None:
        return Plan()
    if isinstance(plan, Plan):
        return plan
    if isinstance(plan, (str, os.PathLike)) and Path(plan).is_file():
        return Plan.from_json(Path(plan).read_text(encoding="utf-8"))
    if isinstance(plan, dict):
        return Plan.from_dict(plan)
    raise SaveError(f"plan must be a Plan, a plan dict or a plan.json path, not "
                    f"{type(plan).__name__}")


def is_save(directory: str | os.PathLike) -> bool:
    """Whether ``directory`` holds a dropsurgeon save (its manifest says so)."""
    try:
        data = json.loads((Path(directory) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("format") == FORMAT


def _tensors(model: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """The state_dict as contiguous CPU tensors, tied weights kept once (``aliases``)."""
    import torch

    state = model.state_dict()
    out: dict[str, torch.Tensor] = {}
    aliases: dict[str, str] = {}
    seen: dict[tuple, str] = {}
    storages: set[int] = set()
    for key, value in state.items():
        if not isinstance(value, torch.Tensor):
            raise SaveError(f"state_dict entry {key!r} is a {type(value).__name__}, not a "
                            "tensor; safetensors holds tensors only")
        if value.is_meta:
            raise SaveError(f"{key} is on the meta device: the model has no weights to save")
        t = value.detach()
        ident = (t.untyped_storage().data_ptr(), t.storage_offset(), tuple(t.shape),
                 tuple(t.stride()), t.dtype) if t.numel() else None
        if ident is not None and ident in seen:
            aliases[key] = seen[ident]  # tied weights (e.g. GPT-2's lm_head and wte)
            continue
        ptr = t.untyped_storage().data_ptr() if t.numel() else 0
        # A view overlapping a tensor already kept is written as its own copy.
        t = t.to("cpu").contiguous() if ptr not in storages else t.to("cpu").clone()
        if ptr:
            storages.add(ptr)
        if ident is not None:
            seen[ident] = key
        out[key] = t
    return out, aliases


def _rates(model: Any) -> dict[str, float]:
    from ..rates import rate_handles
    from .select import NoMatchError

    try:
        found = rate_handles(model, "dropout")
    except NoMatchError:
        return {}
    return {h.site: h.get(model) for h in found.handles}


def save(model: Any, plan: Any, directory: str | os.PathLike, *, spec: str | None = None,
         kwargs: dict[str, Any] | None = None) -> Path:
    """Write ``model`` (the result of applying ``plan``) to ``directory``; returns its path.

    ``spec`` (``file.py:Name`` or ``pkg.mod:Name``) and ``kwargs`` say how to build the
    architecture again; without a spec, :func:`load` needs ``model=`` (an instance of it).
    An existing ``directory`` is replaced only if it is a dropsurgeon save (or empty).
    """
    from safetensors.torch import save as st_save

    from .. import __version__

    plan = _plan_of(plan)
    target = Path(directory)
    check_target(target)
    tensors, aliases = _tensors(model)
    try:
        weights = st_save(tensors, metadata={"format": "pt"})
    except Exception as exc:  # noqa: BLE001 - safetensors raises its own error types
        raise SaveError(f"cannot write the weights as safetensors: {type(exc).__name__}: "
                        f"{exc}") from None
    import torch

    manifest = {
        "format": FORMAT, "version": FORMAT_VERSION, "dropsurgeon": __version__,
        "torch": torch.__version__, "spec": spec, "spec_path": _spec_path(spec),
        "kwargs": dict(kwargs or {}), "model_class": type(model).__name__,
        "training": bool(model.training), "weights": WEIGHTS,
        "sha256": hashlib.sha256(weights).hexdigest(), "keys": len(tensors) + len(aliases),
        "aliases": aliases, "rates": _rates(model),
    }
    try:
        text = json.dumps(manifest, indent=2) + "\n"
    except TypeError as exc:
        raise SaveError(f"builder kwargs are not JSON: {exc}") from None
    _write_dir(target, {MANIFEST: text.encode(), PLAN: (plan.to_json() + "\n").encode(),
                        WEIGHTS: weights})
    return target


def _spec_path(spec: str | None) -> str | None:
    """The absolute file of a file spec, so the save loads from another working directory."""
    if not spec:
        return None
    from ..load import parse_spec

    try:
        parsed = parse_spec(spec)
    except DropsurgeonError:
        return None
    if parsed.file is None:
        return None
    return f"{parsed.file}:{parsed.attr}" if parsed.attr else str(parsed.file)


def check_target(target: Path) -> None:
    """Refuse (SaveError) a target that exists and is not a dropsurgeon save or empty."""
    if target.exists() and not (target.is_dir() and (is_save(target) or not any(
            target.iterdir()))):
        what = "a file" if not target.is_dir() else "a directory that is not a dropsurgeon save"
        raise SaveError(f"{target} exists and is {what}; not overwriting it (nothing written)")
    if not target.parent.exists():
        raise SaveError(f"{target.parent}: no such directory")


def _write_dir(target: Path, files: dict[str, bytes]) -> None:
    """Write into a temp dir beside ``target``, then rename it into place."""
    parent = target.parent
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
    old: Path | None = None
    try:
        os.chmod(tmp, 0o777 & ~_umask())
        for name, data in files.items():
            (tmp / name).write_bytes(data)
        if target.exists():
            check_target(target)  # again: it may have changed while we wrote
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=parent))
            os.rmdir(old)
            os.replace(target, old)
        os.replace(tmp, target)
    except BaseException:
        if old is not None and old.exists() and not target.exists():
            os.replace(old, target)  # put the previous save back
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def read_manifest(directory: str | os.PathLike) -> dict[str, Any]:
    path = Path(directory)
    if not path.is_dir():
        raise SaveError(f"{path}: no such directory")
    try:
        data = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SaveError(f"{path} is not a dropsurgeon save (no {MANIFEST})") from None
    except (OSError, ValueError) as exc:
        raise SaveError(f"{path / MANIFEST} cannot be read: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SaveError(f"{path / MANIFEST} is not a dropsurgeon save manifest")
    if data.get("version") != FORMAT_VERSION:
        raise SaveError(f"save format version {data.get('version')!r} is not supported (this "
                        f"dropsurgeon reads version {FORMAT_VERSION})")
    return data


def load(directory: str | os.PathLike, model: Any = None) -> Any:
    """The model saved in ``directory``: rebuilt, re-operated by its plan, weights loaded.

    ``model``: an instance of the architecture to apply the plan to (it is not changed; the
    plan works on a copy).  Without it, the saved spec builds one.  Raises
    :class:`SaveError` (one line) for anything that does not match; no tensor is loaded then.
    """
    import copy

    from .plan import Plan

    path = Path(directory)
    manifest = read_manifest(path)
    try:
        plan = Plan.from_json((path / PLAN).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SaveError(f"{path} has no {PLAN}") from None
    weights = _read_weights(path, manifest)
    base = model if model is not None else _build(manifest)
    if len(plan):
        try:
            new = plan.apply(base, verify=False, name_steps=True).model
        except DropsurgeonError as exc:
            raise SaveError(f"{path / PLAN}: {exc}") from None
    else:
        new = copy.deepcopy(base)
    set_rates = _rate_setter(new, manifest.get("rates") or {}, path)
    _load_strict(new, weights, path / WEIGHTS)
    set_rates()
    new.train(bool(manifest.get("training", False)))
    return new


def _build(manifest: dict[str, Any]) -> Any:
    from ..load import LoadedModel, load_models

    spec = manifest.get("spec")
    if not spec:
        raise SaveError("this save has no spec: pass model= (an instance of the "
                        f"{manifest.get('model_class', 'saved')} architecture)")
    candidates = [spec] + ([manifest["spec_path"]] if manifest.get("spec_path") else [])
    last: Exception | None = None
    for text in candidates:
        try:
            loaded = load_models(text, dict(manifest.get("kwargs") or {}), device="cpu")
        except DropsurgeonError as exc:
            last = exc
            continue
        models = [m for m in loaded if isinstance(m, LoadedModel)]
        if len(loaded) == 1 and models:
            return models[0].model
        last = SaveError(f"spec {text} names {len(loaded)} buildable model(s), not one"
                         if len(loaded) != 1 else f"{loaded[0].name}: {loaded[0].reason}")
    raise SaveError(f"cannot rebuild the saved model from spec {spec!r}: {last}")


def _read_weights(path: Path, manifest: dict[str, Any]) -> dict[str, Any]:
    from safetensors.torch import load as st_load

    file = path / str(manifest.get("weights") or WEIGHTS)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise SaveError(f"{file}: cannot read the weights: {exc.strerror or exc}") from None
    if manifest.get("sha256") and hashlib.sha256(data).hexdigest() != manifest["sha256"]:
        raise SaveError(f"{file} is corrupted: its SHA-256 differs from the one saved "
                        "(nothing loaded)")
    try:
        tensors = st_load(data)
    except Exception as exc:  # noqa: BLE001 - safetensors raises its own error types
        raise SaveError(f"{file} is not a valid safetensors file ({type(exc).__name__}: "
                        f"{str(exc).splitlines()[0] if str(exc) else ''}); nothing loaded") \
            from None
    for alias, kept in (manifest.get("aliases") or {}).items():
        if kept not in tensors:
            raise SaveError(f"{file}: tied weight {alias} points at missing {kept}")
        tensors[alias] = tensors[kept]
    return tensors


def _load_strict(model: Any, tensors: dict[str, Any], file: Path) -> None:
    """Check keys, shapes and dtypes first: ``load_state_dict`` copies as it goes."""
    expected = model.state_dict()
    missing = [k for k in expected if k not in tensors]
    unexpected = [k for k in tensors if k not in expected]
    if missing or unexpected:
        parts = []
        if missing:
            parts.append(f"missing {len(missing)} key(s): {', '.join(missing[:4])}")
        if unexpected:
            parts.append(f"unexpected {len(unexpected)}: {', '.join(unexpected[:4])}")
        raise SaveError(f"{file} does not fit the rebuilt model ({'; '.join(parts)}); "
                        "nothing loaded")
    for key, value in expected.items():
        got = tensors[key]
        if tuple(got.shape) != tuple(value.shape) or got.dtype != value.dtype:
            raise SaveError(f"{file}: {key} is {tuple(got.shape)} {got.dtype} in the save, "
                            f"{tuple(value.shape)} {value.dtype} in the model; nothing loaded")
    model.load_state_dict(tensors, strict=True)


def _rate_setter(model: Any, rates: dict[str, float], path: Path) -> Any:
    """Check every saved rate has a place (before any weight is loaded); return the setter."""
    from ..rates import discover
    from .view import ModelView

    handles = discover(ModelView(model)).handles if rates else {}
    lost = [site for site in rates if site not in handles]
    if lost:
        raise SaveError(f"{path / MANIFEST}: saved rate(s) {', '.join(lost[:4])} have no place "
                        "in the rebuilt model (a different architecture?); nothing loaded")

    def apply() -> None:
        for site, p in rates.items():
            # Only where it differs: a learned rate (concrete dropout) came with the weights.
            if handles[site].get(model) != float(p):
                handles[site].set(model, float(p))

    return apply
