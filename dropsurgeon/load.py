"""Resolve model specs, build models (on ``meta`` when possible) and find example inputs.

Spec forms:

* ``path/to/file.py`` - every ``nn.Module`` subclass defined in the file that can be built
  with no arguments (the others are returned as :class:`SkippedModel` with the reason);
* ``path/to/file.py:Name`` or ``pkg.module:Name`` - a class or factory, called with kwargs.

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
import os
import re
import sys
import types
import warnings
from collections.abc import Callable, Sequence
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


@dataclass
class SkippedModel:
    name: str
    reason: str


def parse_spec(text: str) -> ModelSpec:
    text = text.strip()
    if not text:
        raise SpecError("empty model spec")
    path_part, _, attr = text.partition(":") if _has_attr_colon(text) else (text, "", "")
    attr = attr or None
    if path_part.endswith(".py") or os.sep in path_part or "/" in path_part:
        file = Path(path_part)
        if not file.exists():
            raise SpecError(f"{path_part}: no such file")
        if file.is_dir():
            raise SpecError(f"{path_part}: is a directory; name a .py file")
        return ModelSpec(text, file.resolve(), None, attr)
    return ModelSpec(text, None, path_part, attr)


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
        return importlib.import_module(spec.module_name or "")
    except SpecError:
        raise
    except SyntaxError as exc:
        raise SpecError(f"{exc.filename}:{exc.lineno}: syntax error: {exc.msg}") from None
    except ImportError as exc:
        raise SpecError(f"{spec.text}: import failed: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - user code may raise anything at import
        raise SpecError(f"{spec.text}: import failed: {type(exc).__name__}: {exc}") from None


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
    if spec.attr:
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


def load_models(
    spec_text: str,
    kwargs: dict[str, Any] | None = None,
    *,
    device: str = "meta",
    input_shapes: Sequence[tuple[int, ...]] | None = None,
    dtype: str | None = None,
    inputs: tuple | None = None,
) -> list[LoadedModel | SkippedModel]:
    """Build every model a spec names; a model that fails to build becomes a SkippedModel."""
    kwargs = kwargs or {}
    spec = parse_spec(spec_text)
    out: list[LoadedModel | SkippedModel] = []
    for name, builder in resolve(spec):
        need = _needs_arguments(builder, kwargs) if spec.attr is None or not kwargs else None
        if need:
            out.append(SkippedModel(name, need))
            continue
        out.append(
            _load_one(name, builder, kwargs, spec, device, input_shapes, dtype, inputs)
        )
    return out


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
        if dt.is_floating_point:
            t = torch.randn(shape, generator=gen, dtype=dt)
        else:
            t = torch.randint(0, 2, shape, generator=gen, dtype=dt)
        tensors.append(t.to(device))
    return tuple(tensors)


def load_inputs_file(path: str) -> tuple:
    import torch

    p = Path(path)
    if not p.exists():
        raise SpecError(f"{path}: no such inputs file")
    try:
        data = torch.load(p, weights_only=True, map_location="cpu")
    except Exception as exc:  # noqa: BLE001
        raise SpecError(f"{path}: cannot load inputs: {str(exc).splitlines()[0]}") from None
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


class _CallableModule(types.ModuleType):
    """``dropsurgeon.load(DIR)`` (load a surgery save, :func:`dropsurgeon.surgery.save.load`)
    must work even after ``import dropsurgeon.load`` made the package attribute this module."""

    def __call__(self, directory: Any, model: Any = None) -> Any:
        from .surgery.save import load

        return load(directory, model)


sys.modules[__name__].__class__ = _CallableModule
