"""Share a surgically changed model without a pickle: weights, plan and spec in a folder.

A save is a directory::

    DIR/dropsurgeon.json     what this is: format, versions, the spec and builder kwargs,
                             the rates, the weights' SHA-256 and tied-weight aliases
    DIR/plan.json            the surgery plan (``Plan.to_json``)
    DIR/model.safetensors    the state_dict, as safetensors (no code runs when it is read)

:func:`dropsurgeon.load` (in :mod:`dropsurgeon.load`, where every model is loaded) rebuilds
the architecture with a builder *the caller* names, applies the plan, loads the weights
strictly and sets the saved rates.  A save is data: loading never imports or calls what the
manifest names unless the caller opts in (``trust_spec=True``); nothing is unpickled.  This
module writes saves and reads their parts (manifest, plan, weights), checking each.

Writes go to a temporary directory next to ``DIR`` (files and directory fsynced) that is
renamed into place at the end, so a failed save leaves no half-written ``DIR``; an existing
``DIR`` that is not a dropsurgeon save is refused and left untouched.  An overwrite moves the
old save aside first; if the process dies between the two renames, the next save or load of
``DIR`` puts the old one back, and leftover temporary directories are removed.  A weights file
whose checksum, header, keys or shapes do not match is refused before any tensor reaches the
model; every path in a manifest is confined to the save directory.
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

__all__ = ["FORMAT", "SaveError", "check_target", "is_save", "read_manifest", "read_plan",
           "read_weights", "recover", "save"]


class SaveError(DropsurgeonError):
    """A save that cannot be written, or a directory that cannot be loaded as one."""


CARRIED = "_dropsurgeon_plan"  # the plan a surgery result was made with (see Plan.apply)


def carried_plan(model: Any) -> Any:
    """The plan the surgery functions attached to the model they returned, or None."""
    return getattr(model, "__dict__", {}).get(CARRIED)


def _plan_of(plan: Any, model: Any) -> Any:
    from .plan import Plan

    carried = carried_plan(model)
    if plan is None:
        if carried is not None:
            return carried
        if _has_surgery(model):
            # Saved without its plan, the load would rebuild the model as it was before.
            raise SaveError("this model was changed by dropsurgeon surgery but carries no plan "
                            "(nothing written): pass the Plan that made it, or save the model "
                            "the surgery functions returned")
        return Plan()
    if isinstance(plan, Plan):
        given = plan
    elif isinstance(plan, (str, os.PathLike)) and Path(plan).is_file():
        given = Plan.from_json(Path(plan).read_text(encoding="utf-8"))
    elif isinstance(plan, dict):
        given = Plan.from_dict(plan)
    else:
        raise SaveError(f"plan must be a Plan, a plan dict or a plan.json path, not "
                        f"{type(plan).__name__}")
    if carried is not None and carried.to_dict() != given.to_dict():
        raise SaveError("the plan given is not the one this model was made with (nothing "
                        f"written): the model carries {carried!r}; pass plan=None to save it "
                        "with its own")
    return given


def _has_surgery(model: Any) -> bool:
    from .graphmodule import RewrittenModule
    from .wrappers import KeyPreservingWrapper

    marks = ("_ds_replaced", "_ds_old_rate", "_ds_old_dropout", "_ds_old_attrs")
    return any(isinstance(m, (KeyPreservingWrapper, RewrittenModule))
               or any(k in m.__dict__ for k in marks) for m in model.modules())


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
    from .rates import rate_handles
    from .select import NoMatchError

    out: dict[str, float] = {}
    for kind in ("dropout", "layerdrop", "drop_path"):  # structural drops keep their rates too
        try:
            found = rate_handles(model, kind)
        except NoMatchError:
            continue
        out.update({h.site: h.get(model) for h in found.handles})
    return out


def save(model: Any, plan: Any, directory: str | os.PathLike, *, spec: str | None = None,
         kwargs: dict[str, Any] | None = None) -> Path:
    """Write ``model`` (the result of applying ``plan``) to ``directory``; returns its path.

    ``plan`` may be None for a model the surgery functions returned: it carries the plan it
    was made with.  A model changed by surgery with no plan to replay is refused (its load
    would not give it back).  ``spec`` (``file.py:Name`` or ``pkg.mod:Name``) and ``kwargs``
    record how the architecture was built; loading uses them only when the caller says so.
    An existing ``directory`` is replaced only if it is a dropsurgeon save (or empty).
    """
    from safetensors.torch import save as st_save

    from .. import __version__

    plan = _plan_of(plan, model)
    target = resolve_target(directory)
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
    idx = spec.rfind(":")
    path, attr = (spec[:idx], spec[idx + 1:]) if idx > 1 else (spec, "")
    if not (path.endswith(".py") or "/" in path or os.sep in path) or not Path(path).is_file():
        return None
    full = str(Path(path).resolve())
    return f"{full}:{attr}" if attr else full


def resolve_target(directory: str | os.PathLike) -> Path:
    """The directory a save goes to: through a symlink to where it points."""
    return Path(os.path.realpath(directory))


def check_target(target: Path, *, recover_first: bool = True) -> None:
    """Refuse (SaveError) a target that exists and is not a dropsurgeon save or empty, or
    whose folder cannot be written; recovers a save an interrupted overwrite moved aside."""
    target = resolve_target(target)
    if recover_first:
        recover(target)
    if target.exists() and not (target.is_dir() and (is_save(target) or not any(
            target.iterdir()))):
        what = "a file" if not target.is_dir() else "a directory that is not a dropsurgeon save"
        raise SaveError(f"{target} exists and is {what}; not overwriting it (nothing written)")
    if not target.parent.is_dir():
        raise SaveError(f"{target.parent}: no such directory (nothing written)")
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise SaveError(f"{target.parent}: not writable (permission denied; nothing written)")


def _siblings(target: Path, suffix: str) -> list[Path]:
    """Our temporary directories beside ``target`` (``.NAME.<random>.tmp`` / ``.old``)."""
    try:
        entries = list(target.parent.iterdir())
    except OSError:
        return []
    prefix = f".{target.name}."
    return [p for p in entries if p.name.startswith(prefix) and p.name.endswith(suffix)
            and len(p.name) > len(prefix) + len(suffix) and p.is_dir() and not p.is_symlink()]


def recover(target: str | os.PathLike) -> None:
    """Put back a save moved aside by an overwrite that died before the second rename, and
    remove temporary directories of killed saves (only ours: files of a save, nothing else)."""
    target = Path(target)
    if not target.exists():
        olds = [p for p in _siblings(target, ".old") if is_save(p)]
        if olds:
            newest = max(olds, key=lambda p: p.stat().st_mtime)
            try:
                os.replace(newest, target)
            except OSError:
                pass
    ours = {MANIFEST, PLAN, WEIGHTS}
    for leftover in _siblings(target, ".tmp"):
        if _writer_alive(leftover.name[len(target.name) + 2:]):
            continue  # a save in progress (this process's or another's): not a leftover
        try:
            names = {p.name for p in leftover.iterdir()}
        except OSError:
            continue
        if names <= ours and all((leftover / n).is_file() for n in names):
            shutil.rmtree(leftover, ignore_errors=True)


def _writer_alive(rest: str) -> bool:
    pid_text = rest.split(".", 1)[0]
    if not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False  # this process writes one save at a time: an older one of ours is dead
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # alive, another user's
        return True
    return True


def _write_dir(target: Path, files: dict[str, bytes]) -> None:
    """Write into a temp dir beside ``target`` (fsynced), then rename it into place."""
    from ..atomic import fsync_dir

    parent = target.parent
    try:
        # The pid in the name tells a later save whether this one may still be running.
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp",
                                    dir=parent))
    except OSError as exc:
        raise SaveError(f"{parent}: cannot write the save: {exc.strerror or exc} (nothing "
                        "written)") from None
    old: Path | None = None
    try:
        os.chmod(tmp, 0o777 & ~_umask())
        for name, data in files.items():
            with open(tmp / name, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        fsync_dir(tmp)
        if target.exists():
            check_target(target, recover_first=False)  # again: it may have changed
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=parent))
            os.rmdir(old)
            os.replace(target, old)
        os.replace(tmp, target)
        fsync_dir(parent)
    except BaseException as exc:
        if old is not None and old.exists() and not target.exists():
            os.replace(old, target)  # put the previous save back
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, OSError):
            raise SaveError(f"{target}: cannot write the save: {exc.strerror or exc} "
                            "(nothing written)") from None
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# What a manifest holds: field -> (accepted types, required).  A hand-edited manifest with
# another type is a SaveError naming the field, never a TypeError from deeper down.
_SCHEMA: dict[str, tuple[tuple[type, ...], bool]] = {
    "format": ((str,), True), "version": ((int,), True), "dropsurgeon": ((str,), False),
    "torch": ((str,), False), "spec": ((str, type(None)), False),
    "spec_path": ((str, type(None)), False), "kwargs": ((dict,), False),
    "model_class": ((str,), False), "training": ((bool,), False), "weights": ((str,), False),
    "sha256": ((str, type(None)), False), "keys": ((int,), False), "aliases": ((dict,), False),
    "rates": ((dict,), False),
}


def read_manifest(directory: str | os.PathLike) -> dict[str, Any]:
    """The manifest of a save, its schema checked (SaveError names the first bad field)."""
    path = Path(directory)
    recover(path)
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
    _check_schema(data, path / MANIFEST)
    return data


def _check_schema(data: dict[str, Any], file: Path) -> None:
    for key, (types, required) in _SCHEMA.items():
        if key not in data:
            if required:
                raise SaveError(f"{file}: field {key!r} is missing")
            continue
        value = data[key]
        # bool is an int in Python: a "version": true or "keys": false is still wrong.
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            names = " or ".join("null" if t is type(None) else t.__name__ for t in types)
            raise SaveError(f"{file}: field {key!r} must be {names}, not "
                            f"{type(value).__name__}")
    aliases = data.get("aliases") or {}
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in aliases.items()):
        raise SaveError(f"{file}: field 'aliases' must map names to names")
    for site, p in (data.get("rates") or {}).items():
        if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0 <= p <= 1:
            raise SaveError(f"{file}: rate of {site!r} must be a number in [0, 1], not {p!r}")
    if data.get("sha256") is not None and not _is_hex(data["sha256"], 64):
        raise SaveError(f"{file}: field 'sha256' is not a SHA-256 hex digest")
    confined(file.parent, str(data.get("weights") or WEIGHTS))


def _is_hex(text: str, length: int) -> bool:
    return len(text) == length and all(c in "0123456789abcdef" for c in text.lower())


def confined(directory: Path, name: str) -> Path:
    """``directory / name``, refused (SaveError) when it leaves the save directory."""
    root = Path(os.path.realpath(directory))
    full = Path(os.path.realpath(root / name))
    if Path(name).is_absolute() or (full != root and root not in full.parents) or full == root:
        raise SaveError(f"{directory / MANIFEST}: path {name!r} is outside the save directory; "
                        "nothing loaded")
    return full


def read_plan(directory: str | os.PathLike) -> Any:
    from .plan import Plan

    path = Path(directory)
    try:
        return Plan.from_json((path / PLAN).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SaveError(f"{path} has no {PLAN}") from None
    except OSError as exc:
        raise SaveError(f"{path / PLAN}: cannot read: {exc.strerror or exc}") from None
    except DropsurgeonError as exc:
        raise SaveError(f"{path / PLAN}: {exc}") from None


def read_weights(path: Path, manifest: dict[str, Any]) -> dict[str, Any]:
    from safetensors.torch import load as st_load

    file = confined(path, str(manifest.get("weights") or WEIGHTS))
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


def load_strict(model: Any, tensors: dict[str, Any], file: Path) -> None:
    """Check keys, shapes and dtypes first: ``load_state_dict`` copies as it goes."""
    from ..weights import WeightsError, load_into

    try:
        load_into(model, tensors, file)
    except WeightsError as exc:
        raise SaveError(str(exc).replace("does not fit the model",
                                         "does not fit the rebuilt model")) from None


def rate_setter(model: Any, rates: dict[str, float], path: Path) -> Any:
    """Check every saved rate has a place (before any weight is loaded); return the setter."""
    from .rates import discover
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
