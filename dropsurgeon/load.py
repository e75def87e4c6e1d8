"""Resolve model specs, build models (on ``meta`` when possible) and find example inputs.

Spec forms:

* ``path/to/file.py`` - every ``nn.Module`` subclass defined in the file that can be built
  with no arguments (the others are returned as :class:`SkippedModel` with the reason);
* ``path/to/file.py:Name`` or ``pkg.module:Name`` - a class or factory, called with kwargs
  (``pkg.module`` is looked up in the current directory first, as ``python -m`` does);
* ``DIR:Name`` - the ``.py`` file under ``DIR`` that defines ``Name`` (found without importing);
* ``DIR`` holding a dropsurgeon save - built by the spec its manifest names, only when the
  caller trusts it (``trust_spec``, ``--trust-spec``): a save from elsewhere is data, and
  loading never runs what it names unless asked to.

Trained weights come from ``--weights FILE`` (:mod:`dropsurgeon.weights`) or the save.  Save
directories are loaded here too (:func:`load`, public as ``dropsurgeon.load``), so that
loading lives in one place and ``surgery/`` never imports this module.

Example inputs come, in order, from: explicit ``inputs``/``input_shapes``; an
``example_inputs()`` function in the model's file/module (called with no argument, or with
the model); a transformers model's ``dummy_inputs``.  None of that imports torch until a
model is actually built.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import inspect
import json
import math
import os
import re
import sys
import types
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import SpecError


@dataclass
class ModelSpec:
    text: str
    file: Path | None  # the .py file, when the spec names one
    module_name: str | None  # the dotted module, when the spec names one
    attr: str | None  # class or factory name; None = every buildable class in the file
    save: Path | None = None  # a dropsurgeon save directory (built by load_models only)


@dataclass
class LoadedModel:
    name: str  # display name, e.g. "examples/buggy_mlp.py:BuggyMLP"
    model: Any  # nn.Module
    device: str  # "meta" or "cpu"
    source_file: str | None = None
    example_inputs: tuple | None = None
    example_kwargs: dict = field(default_factory=dict)
    input_origin: str | None = None  # where the inputs came from
    factory: Callable[[], Any] | None = None  # rebuilds the model (e.g. on CPU)
    trained: bool = False  # weights came from --weights or a save, not a fresh init


@dataclass
class SkippedModel:
    name: str
    reason: str


def parse_spec(text: str) -> ModelSpec:
    text = text.strip()
    if not text:
        raise SpecError("empty model spec")
    if _is_save_dir(text):
        return ModelSpec(text, None, None, None, save=Path(text))
    path_part, _, attr = text.partition(":") if _has_attr_colon(text) else (text, "", "")
    attr = attr or None
    plain_dir = Path(path_part).is_dir() and not (Path(path_part) / "__init__.py").exists()
    # ``adir:Net`` is a directory (a package directory is a module: ``pkg:Net``).
    if path_part.endswith(".py") or os.sep in path_part or "/" in path_part or plain_dir:
        file = Path(path_part)
        if not file.exists():
            raise SpecError(f"{path_part}: no such file")
        if file.is_dir():
            if attr:
                return ModelSpec(text, _file_defining(file, attr, path_part), None, attr)
            raise SpecError(f"{path_part}: is a directory; name a .py file (or DIR:Name)")
        return ModelSpec(text, file.resolve(), None, attr)
    return ModelSpec(text, None, path_part, attr)


def _file_defining(directory: Path, attr: str, shown: str) -> Path:
    """The one ``.py`` file under ``directory`` whose top level defines ``attr``'s first part
    (found by parsing, so nothing is imported to look)."""
    import ast

    name = attr.split(".")[0]
    found = []
    for path in sorted(directory.rglob("*.py")):
        if any(part.startswith(".") for part in path.relative_to(directory).parts):
            continue
        try:
            tree = ast.parse(path.read_bytes())
        except (OSError, SyntaxError, ValueError):
            continue
        for node in tree.body:
            defined = ({node.name} if isinstance(node, (ast.ClassDef, ast.FunctionDef))
                       else {t.id for t in getattr(node, "targets", []) if isinstance(t, ast.Name)})
            if name in defined:
                found.append(path)
                break
    if not found:
        raise SpecError(f"{shown}: no .py file in this directory defines {name}")
    if len(found) > 1:
        raise SpecError(f"{shown}: {len(found)} files define {name} ("
                        + ", ".join(str(p.relative_to(directory)) for p in found[:5])
                        + "); name the file: FILE.py:" + attr)
    return found[0].resolve()


def _has_attr_colon(text: str) -> bool:
    # Windows drive letters ("C:\\x.py") are not attribute separators.
    idx = text.rfind(":")
    return idx > 1 or (idx == 1 and not text[0].isalpha())


def parse_kwargs(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SpecError(f"--kwargs is not valid JSON: {exc.msg} (at char {exc.pos})") from None
    if not isinstance(value, dict):
        raise SpecError("--kwargs must be a JSON object, e.g. '{\"width\": 256}'")
    return value


def parse_shape(text: str) -> tuple[int, ...]:
    """``8,3,32,32`` or ``8x3x32x32``; every part must be an integer (``2,x`` is an error,
    not the shape ``(2,)``)."""
    parts = re.split(r"[,x]", text.strip())
    try:
        shape = tuple(int(p) for p in parts)
    except ValueError:
        raise SpecError(f"bad --input-shape {text!r}: expected integers like 8,3,32,32") from None
    if not shape or any(d <= 0 for d in shape):
        raise SpecError(f"bad --input-shape {text!r}: dimensions must be positive integers")
    return shape


def import_spec_module(spec: ModelSpec):
    """Import the file or module a spec names; errors become one-line SpecErrors."""
    try:
        if spec.file is not None:
            return _import_file(spec.file)
        return _import_module(spec.module_name or "")
    except SpecError:
        raise
    except SyntaxError as exc:
        raise SpecError(f"{exc.filename}:{exc.lineno}: syntax error: {exc.msg}") from None
    except ModuleNotFoundError as exc:
        raise SpecError(f"{spec.text}: import failed: {exc} (looked in the current directory "
                        "and on sys.path; for a package elsewhere set PYTHONPATH)") from None
    except ImportError as exc:
        raise SpecError(f"{spec.text}: import failed: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - user code may raise anything at import
        raise SpecError(f"{spec.text}: import failed: {type(exc).__name__}: {exc}") from None


def _import_module(name: str):
    # ``python -m pkg.mod`` finds pkg in the current directory; the ``dropsurgeon`` console
    # script's sys.path starts at its own bin/ instead, so the directory is added for the import.
    cwd = os.getcwd()
    added = cwd not in sys.path and "" not in sys.path
    if added:
        sys.path.insert(0, cwd)
    try:
        return importlib.import_module(name)
    finally:
        if added:
            with contextlib.suppress(ValueError):
                sys.path.remove(cwd)


def _import_file(file: Path):
    mod_name = "_dropsurgeon_user_" + "".join(c if c.isalnum() else "_" for c in str(file))
    if mod_name in sys.modules:
        return sys.modules[mod_name]
    loader_spec = importlib.util.spec_from_file_location(mod_name, file)
    if loader_spec is None or loader_spec.loader is None:
        raise SpecError(f"{file}: cannot be imported as a Python module")
    module = importlib.util.module_from_spec(loader_spec)
    # Let the file import its siblings, as `python file.py` would.
    sys.path.insert(0, str(file.parent))
    sys.modules[mod_name] = module
    try:
        loader_spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(mod_name, None)
        raise
    finally:
        with contextlib.suppress(ValueError):
            sys.path.remove(str(file.parent))
    return module


def _display(spec: ModelSpec, attr: str) -> str:
    base = spec.text.split(":")[0] if spec.attr else spec.text
    if spec.file is not None:
        from .capture.frames import display_path

        base = display_path(str(spec.file)) or base
    return f"{base}:{attr}"


def has_module_classes(spec: ModelSpec) -> bool:
    """Whether the spec's file defines an nn.Module subclass (imports the file)."""
    if spec.attr or spec.save is not None:
        return True
    try:
        resolve(spec)
    except SpecError as exc:
        if "defines no nn.Module subclass" in str(exc):
            return False
        raise
    return True


def resolve(spec: ModelSpec) -> list[tuple[str, Callable[..., Any]]]:
    """The (display name, builder) pairs a spec names."""
    import torch.nn as nn

    if spec.save is not None:
        raise SpecError(f"{spec.text} is a dropsurgeon save: load it with load_models or "
                        "dropsurgeon.load")
    module = import_spec_module(spec)
    if spec.attr:
        obj = module
        for part in spec.attr.split("."):
            if not hasattr(obj, part):
                raise SpecError(f"{spec.text}: `{part}` not found in {module.__name__}")
            obj = getattr(obj, part)
        if not callable(obj):
            raise SpecError(f"{spec.text}: `{spec.attr}` is not a class or function")
        return [(_display(spec, spec.attr), obj)]
    found = [
        (name, obj)
        for name, obj in vars(module).items()
        if inspect.isclass(obj)
        and issubclass(obj, nn.Module)
        and obj.__module__ == module.__name__
    ]
    if not found:
        raise SpecError(f"{spec.text}: defines no nn.Module subclass")
    # Classes used only as parts of others are still models the user may run: lint all.
    return [(_display(spec, name), obj) for name, obj in found]


def _needs_arguments(builder: Callable[..., Any], kwargs: dict[str, Any]) -> str | None:
    try:
        sig = inspect.signature(builder)
    except (TypeError, ValueError):
        return None
    missing = [
        name
        for name, param in sig.parameters.items()
        if param.default is inspect.Parameter.empty
        and param.kind in (param.POSITIONAL_ONLY, param.POSITIONAL_OR_KEYWORD, param.KEYWORD_ONLY)
        and name not in kwargs
    ]
    if missing:
        return "constructor needs arguments: " + ", ".join(missing) + " (pass --kwargs)"
    return None


def build(builder: Callable[..., Any], kwargs: dict[str, Any], device: str) -> Any:
    """Build a model, on ``meta`` if asked (no weights allocated)."""
    import torch

    from .capture.construction import recording

    ctx = torch.device(device) if device != "cpu" else contextlib.nullcontext()
    # Construction warnings (e.g. LSTM dropout with one layer) become findings instead.
    with ctx, recording(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = builder(**kwargs)
    if not isinstance(model, torch.nn.Module):
        raise SpecError(f"builder returned {type(model).__name__}, not an nn.Module")
    return model


def available_devices() -> list[str]:
    import torch

    out = ["cpu"]
    if torch.cuda.is_available():
        out += [f"cuda:{i}" for i in range(torch.cuda.device_count())]
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        out.append("mps")
    return out


def check_device(text: str) -> str:
    """``text`` if it names a device this machine has; else a SpecError listing those it has
    (an unknown device never falls back to the CPU silently)."""
    import torch

    here = available_devices()
    try:
        dev = torch.device(text)
    except (RuntimeError, ValueError):
        dev = None
    if dev is not None and dev.type == "cpu":
        return text
    if dev is not None and dev.type in ("cuda", "mps"):
        name = f"{dev.type}:{dev.index or 0}" if dev.type == "cuda" else "mps"
        if name in here:
            return text
    raise SpecError(f"unknown --device {text!r}: this machine has {', '.join(here)}")


@dataclass(frozen=True)
class LoadOptions:
    """How the CLI asked for models to be loaded (see :func:`loading`)."""

    weights: str | None = None  # --weights FILE: trained weights for the one model named
    trust_spec: bool = False  # --trust-spec: build a save directory from its stored spec
    evaluating: bool = False  # an evaluation (mc --targets): fresh weights get a warning


_OPTIONS: ContextVar[LoadOptions | None] = ContextVar("dropsurgeon_load_options",
                                                      default=None)


@contextlib.contextmanager
def loading(weights: str | None = None, trust_spec: bool = False,
            evaluating: bool = False) -> Iterator[None]:
    """Within the block, :func:`load_models` loads ``weights`` into the model a spec names and
    builds save directories from their stored spec if ``trust_spec``.  Commands whose loading
    goes through another layer (``check``, ``inspect``) pass their options this way."""
    token = _OPTIONS.set(LoadOptions(weights, trust_spec, evaluating))
    try:
        yield
    finally:
        _OPTIONS.reset(token)


def load_models(
    spec_text: str,
    kwargs: dict[str, Any] | None = None,
    *,
    device: str = "meta",
    input_shapes: Sequence[tuple[int, ...]] | None = None,
    dtype: str | None = None,
    inputs: tuple | None = None,
    weights: str | None = None,
    trust_spec: bool | None = None,
) -> list[LoadedModel | SkippedModel]:
    """Build every model a spec names; a model that fails to build becomes a SkippedModel.

    A spec that names one model (``file.py:Name``, ``pkg.mod:Name``, a save directory) and
    builds nothing is an error (SpecError, with the reason), not an empty result.
    ``weights`` / ``trust_spec`` default to the :func:`loading` options.
    """
    if device not in ("meta", "cpu"):
        check_device(device)
    options = _OPTIONS.get() or LoadOptions()
    weights = weights if weights is not None else options.weights
    trust = options.trust_spec if trust_spec is None else trust_spec
    kwargs = kwargs or {}
    if _is_save_dir(spec_text):
        out_save = [_load_save_spec(spec_text, kwargs, trust, input_shapes, dtype, inputs)]
        if weights:
            raise SpecError(f"{spec_text} is a save: its weights come with it; --weights is "
                            "for a model built from a spec")
        return list(out_save)
    spec = parse_spec(spec_text)
    out: list[LoadedModel | SkippedModel] = []
    for name, builder in resolve(spec):
        need = _needs_arguments(builder, kwargs) if spec.attr is None or not kwargs else None
        if need:
            out.append(SkippedModel(name, need))
            continue
        out.append(
            _load_one(name, builder, kwargs, spec, "cpu" if weights else device, input_shapes,
                      dtype, inputs)
        )
    if spec.attr and len(out) == 1 and isinstance(out[0], SkippedModel):
        raise SpecError(f"{out[0].name}: {out[0].reason}")
    if weights:
        _apply_weights(spec_text, out, weights)
    elif options.evaluating:
        _warn_fresh(out)
    return out


def _apply_weights(spec_text: str, out: list, weights: str) -> None:
    from .weights import load_weights

    models = [m for m in out if isinstance(m, LoadedModel)]
    if len(out) != 1 or not models:
        raise SpecError(f"--weights fits one model, and {spec_text} names {len(out)}; name one "
                        "with file.py:Name")
    loaded = models[0]
    if loaded.device == "meta":
        raise SpecError(f"{loaded.name}: built on the meta device; cannot load weights")
    load_weights(loaded.model, weights)
    loaded.trained = True
    rebuild = loaded.factory

    def factory() -> Any:  # a rebuild on CPU gets the same trained weights
        model = rebuild() if rebuild is not None else None
        if model is not None:
            load_weights(model, weights)
        return model

    loaded.factory = factory


_warned_fresh: set[str] = set()


def _warn_fresh(out: list) -> None:
    """Once per model and process: an evaluation on random weights says so."""
    for m in out:
        if isinstance(m, LoadedModel) and not m.trained and m.name not in _warned_fresh:
            _warned_fresh.add(m.name)
            print(f"dropsurgeon: warning: {m.name} runs on freshly initialised weights (no "
                  "--weights FILE and not a save): the numbers describe an untrained model",
                  file=sys.stderr)


def _is_save_dir(text: str) -> bool:
    path = Path(text.strip())
    return path.is_dir() and (path / "dropsurgeon.json").is_file()


def _load_save_spec(text: str, kwargs: dict[str, Any], trust: bool, input_shapes: Any,
                    dtype: str | None, inputs: tuple | None) -> LoadedModel:
    from .surgery.save import read_manifest

    directory = Path(text.strip())
    manifest = read_manifest(directory)
    stored = manifest.get("spec")
    if not trust:
        shown = (f"spec {stored!r} with kwargs {json.dumps(manifest.get('kwargs') or {})}"
                 if stored else "no spec")
        raise SpecError(f"{text} is a dropsurgeon save of {shown}; building it runs that code: "
                        "pass --trust-spec if you trust this directory (in Python: "
                        "dropsurgeon.load(DIR, build=...) or trust_spec=True)")
    model = load(directory, kwargs=kwargs or None, trust_spec=True)
    name = f"{text.rstrip('/')} ({stored})" if stored else text
    loaded = LoadedModel(name=name, model=model, device="cpu", trained=True,
                         factory=lambda: load(directory, kwargs=kwargs or None, trust_spec=True))
    spec = None
    for candidate in (stored, manifest.get("spec_path")):
        if candidate:
            try:
                spec = parse_spec(candidate)
                break
            except SpecError:
                continue
    if spec is not None:
        loaded.source_file = str(spec.file) if spec.file else None
    find_inputs(loaded, spec, input_shapes=input_shapes, dtype=dtype, inputs=inputs)
    return loaded


def _load_one(name, builder, kwargs, spec, device, input_shapes, dtype, inputs):
    model = None
    used = device
    errors = []
    for dev in ([device, "cpu"] if device != "cpu" else ["cpu"]):
        try:
            model = build(builder, kwargs, dev)
            used = dev
            break
        except SpecError as exc:
            return SkippedModel(name, str(exc))
        except Exception as exc:  # noqa: BLE001 - user constructors may raise anything
            errors.append(f"{type(exc).__name__}: {exc}")
    if model is None:
        return SkippedModel(name, "constructor raised " + errors[-1].splitlines()[0])
    loaded = LoadedModel(
        name=name,
        model=model,
        device=used,
        source_file=str(spec.file) if spec.file else None,
        factory=lambda b=builder, k=dict(kwargs): build(b, k, "cpu"),
    )
    find_inputs(loaded, spec, input_shapes=input_shapes, dtype=dtype, inputs=inputs)
    return loaded


def make_inputs(
    shapes: Sequence[tuple[int, ...]], dtype: str | None = None, device: str = "cpu"
) -> tuple:
    import torch

    dt = getattr(torch, dtype or "float32", None)
    if not isinstance(dt, torch.dtype):
        raise SpecError(f"unknown --dtype {dtype!r}")
    gen = torch.Generator().manual_seed(0)
    tensors = []
    for shape in shapes:
        numel = math.prod(shape)
        size = numel * dt.itemsize
        if size > _MAX_INPUT_BYTES:
            raise SpecError(f"--input-shape {','.join(map(str, shape))} is {numel:,} elements "
                            f"({size / 2**30:,.1f} GiB of {dtype or 'float32'}); example inputs "
                            f"are limited to {_MAX_INPUT_BYTES // 2**30} GiB: use a small batch")
        try:
            if dt.is_floating_point:
                t = torch.randn(shape, generator=gen, dtype=dt)
            else:
                t = torch.randint(0, 2, shape, generator=gen, dtype=dt)
        except (RuntimeError, MemoryError) as exc:
            raise SpecError(f"--input-shape {','.join(map(str, shape))}: cannot make the "
                            f"tensor: {str(exc).splitlines()[0] if str(exc) else 'no memory'}"
                            ) from None
        tensors.append(t.to(device))
    return tuple(tensors)


# Example inputs only need to exercise the forward; 4 GiB is far beyond that.
_MAX_INPUT_BYTES = 4 * 2**30


def load_inputs_file(path: str) -> tuple:
    import torch

    p = Path(path)
    if not p.exists():
        raise SpecError(f"{path}: no such inputs file")
    if p.is_dir():
        raise SpecError(f"{path}: is a directory, not a .pt file of inputs")
    try:
        if p.stat().st_size == 0:
            raise SpecError(f"{path}: empty file (0 bytes), not a .pt file of inputs")
        # weights_only: a pickle that would run code is refused, never executed.
        data = torch.load(p, weights_only=True, map_location="cpu")
    except SpecError:
        raise
    except OSError as exc:
        raise SpecError(f"{path}: cannot read inputs: {exc.strerror or exc}") from None
    except Exception as exc:  # noqa: BLE001
        text = str(exc).strip()
        raise SpecError(f"{path}: cannot load inputs (read with weights_only=True): "
                        f"{text.splitlines()[0] if text else type(exc).__name__}") from None
    if isinstance(data, torch.Tensor):
        return (data,)
    if isinstance(data, (list, tuple)):
        return tuple(data)
    if isinstance(data, dict):
        return (data,)
    raise SpecError(f"{path}: expected a tensor, a list/tuple of tensors or a dict")


def find_inputs(
    loaded: LoadedModel,
    spec: ModelSpec | None = None,
    *,
    input_shapes: Sequence[tuple[int, ...]] | None = None,
    dtype: str | None = None,
    inputs: tuple | None = None,
) -> None:
    """Fill ``loaded.example_inputs`` from the first source that has some."""
    if inputs is not None:
        loaded.example_inputs, loaded.input_origin = _split_dict(loaded, tuple(inputs), "--inputs")
        return
    if input_shapes:
        loaded.example_inputs = make_inputs(input_shapes, dtype)
        loaded.input_origin = "--input-shape"
        return
    if spec is not None:
        try:
            module = import_spec_module(spec)
        except SpecError:
            module = None
        fn = getattr(module, "example_inputs", None) if module else None
        if callable(fn):
            try:
                params = inspect.signature(fn).parameters
                value = fn(loaded.model) if params else fn()
            except Exception as exc:  # noqa: BLE001
                loaded.input_origin = f"example_inputs() raised {type(exc).__name__}: {exc}"
                return
            value = value if isinstance(value, (tuple, list)) else (value,)
            loaded.example_inputs, loaded.input_origin = _split_dict(
                loaded, tuple(value), "example_inputs()"
            )
            return
    dummy = _dummy_inputs(loaded.model)
    if dummy is not None:
        loaded.example_inputs = ()
        loaded.example_kwargs = dummy
        loaded.input_origin = "model.dummy_inputs"


def _split_dict(loaded: LoadedModel, values: tuple, origin: str):
    # A single dict of named tensors is passed as keyword arguments (transformers style).
    if len(values) == 1 and isinstance(values[0], dict):
        loaded.example_kwargs = dict(values[0])
        return (), origin
    return values, origin


def _dummy_inputs(model: Any) -> dict | None:
    try:
        dummy = getattr(model, "dummy_inputs", None)
    except Exception:  # noqa: BLE001 - a property that raises is simply no inputs
        return None
    if isinstance(dummy, dict) and dummy:
        return dict(dummy)
    return None


def load(directory: str | os.PathLike, model: Any = None, *,
         build: Callable[..., Any] | None = None, spec: str | None = None,
         kwargs: dict[str, Any] | None = None,
         trust_spec: bool = False) -> Any:
    """The model saved in ``directory`` (by :func:`dropsurgeon.save`): the architecture built
    as the caller says, the saved plan applied, the weights loaded strictly, the rates set.

    A save is data: nothing it names is imported or called unless the caller says so.  Give
    the architecture as one of ``model=`` (an instance; it is not changed), ``build=`` (a
    class or function, called with ``kwargs`` or the saved kwargs), ``spec=`` (a spec string
    of your own), or ``trust_spec=True`` to build the spec stored in the save (as
    transformers' ``trust_remote_code``).  Raises :class:`~dropsurgeon.surgery.save.SaveError`
    (one line) for anything that does not match; no tensor is loaded then.
    """
    import copy

    from .surgery.save import (
        MANIFEST,
        SaveError,
        load_strict,
        rate_setter,
        read_manifest,
        read_plan,
        read_weights,
    )

    path = Path(directory)
    manifest = read_manifest(path)
    plan = read_plan(path)
    weights = read_weights(path, manifest)
    saved_kwargs = dict(manifest.get("kwargs") or {})
    given = sum(x is not None for x in (model, build, spec)) + bool(trust_spec)
    if given > 1:
        raise SaveError("pass one of model=, build=, spec= or trust_spec=True")
    if model is not None:
        base = model
    elif build is not None:
        base = _call_builder(build, saved_kwargs if kwargs is None else kwargs, path)
    elif spec is not None or trust_spec:
        base = _build_from_spec(manifest, spec, saved_kwargs if kwargs is None else kwargs)
    else:
        stored = manifest.get("spec")
        shown = (f"its manifest names spec {stored!r} with kwargs {json.dumps(saved_kwargs)}"
                 if stored else f"it holds a {manifest.get('model_class', 'model')}")
        raise SaveError(f"{path}: {shown}; loading never runs code a save names: pass "
                        "build= (the class), spec= or model=, or trust_spec=True if you trust "
                        f"this directory ({path / MANIFEST})")
    if len(plan):
        from .errors import DropsurgeonError

        try:
            new = plan.apply(base, verify=False, name_steps=True).model
        except DropsurgeonError as exc:
            raise SaveError(f"{path / 'plan.json'}: {exc}") from None
    else:
        new = copy.deepcopy(base)
    set_rates = rate_setter(new, manifest.get("rates") or {}, path)
    load_strict(new, weights, path / str(manifest.get("weights") or "model.safetensors"))
    set_rates()
    new.train(bool(manifest.get("training", False)))
    return new


def _call_builder(build: Callable[..., Any], kwargs: dict[str, Any], path: Path) -> Any:
    import torch

    from .surgery.save import SaveError

    model = build(**kwargs)  # the caller's own code: its exceptions are the caller's
    if not isinstance(model, torch.nn.Module):
        raise SaveError(f"{path}: build= returned {type(model).__name__}, not an nn.Module")
    return model


def _build_from_spec(manifest: dict[str, Any], spec: str | None,
                     kwargs: dict[str, Any]) -> Any:
    from .errors import DropsurgeonError
    from .surgery.save import SaveError

    if spec is not None:
        candidates = [spec]
    else:
        if not manifest.get("spec"):
            raise SaveError("this save has no spec: pass model= or build= (the "
                            f"{manifest.get('model_class', 'saved')} architecture)")
        candidates = [manifest["spec"]] + ([manifest["spec_path"]]
                                           if manifest.get("spec_path") else [])
    last: Exception | None = None
    for text in candidates:
        try:
            with loading():  # the command's --weights are not this save's
                loaded = load_models(text, kwargs, device="cpu")
        except DropsurgeonError as exc:
            last = exc
            continue
        models = [m for m in loaded if isinstance(m, LoadedModel)]
        if len(loaded) == 1 and models:
            return models[0].model
        last = SaveError(f"spec {text} names {len(loaded)} buildable model(s), not one"
                         if len(loaded) != 1 else f"{loaded[0].name}: {loaded[0].reason}")
    raise SaveError(f"cannot build the saved model from spec {candidates[0]!r}: {last}")


class _CallableModule(types.ModuleType):
    """``dropsurgeon.load(DIR)`` (load a save, :func:`load`) must work even after
    ``import dropsurgeon.load`` made the package attribute this module."""

    def __call__(self, directory: Any, model: Any = None, **options: Any) -> Any:
        return load(directory, model, **options)


sys.modules[__name__].__class__ = _CallableModule
