"""Trained weights for a model built from its spec: ``--weights FILE`` and save directories.

A weights file is a safetensors file (no code runs when it is read) or a ``.pt``/``.pth``
state dict read with ``torch.load(weights_only=True)``, so a pickle that would run code is
refused.  Loading is strict: every key the model has, nothing else, the same shapes; a file
that does not fit is refused before any tensor is copied, with the missing and unexpected
keys named.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .errors import DropsurgeonError

# Keys under which training scripts commonly nest the state dict in a checkpoint.
_NESTED = ("state_dict", "model_state_dict", "model")


class WeightsError(DropsurgeonError):
    """A weights file that cannot be read, or that does not fit the model."""


def read_state_dict(path: str | os.PathLike) -> dict[str, Any]:
    """The tensors of a safetensors file or a ``weights_only`` ``.pt`` state dict."""
    import torch

    file = Path(path)
    if not file.exists():
        raise WeightsError(f"{file}: no such weights file")
    if file.is_dir():
        raise WeightsError(f"{file}: is a directory; --weights takes a .safetensors or .pt "
                           "file (a dropsurgeon save directory goes where the spec goes)")
    try:
        size = file.stat().st_size
    except OSError as exc:
        raise WeightsError(f"{file}: cannot read: {exc.strerror or exc}") from None
    if size == 0:
        raise WeightsError(f"{file}: empty file (0 bytes), not a weights file")
    if file.suffix == ".safetensors" or _looks_like_safetensors(file):
        from safetensors.torch import load as st_load

        try:
            return dict(st_load(file.read_bytes()))
        except OSError as exc:
            raise WeightsError(f"{file}: cannot read: {exc.strerror or exc}") from None
        except Exception as exc:  # noqa: BLE001 - safetensors raises its own error types
            raise WeightsError(f"{file}: not a valid safetensors file: "
                               f"{_first_line(exc)}") from None
    try:
        data = torch.load(file, weights_only=True, map_location="cpu")
    except OSError as exc:
        raise WeightsError(f"{file}: cannot read: {exc.strerror or exc}") from None
    except Exception as exc:  # noqa: BLE001 - torch.load raises many types for bad files
        raise WeightsError(f"{file}: cannot be loaded with weights_only=True (no code is run "
                           f"from a weights file): {_first_line(exc)}") from None
    return _state_dict_of(data, file)


def _looks_like_safetensors(file: Path) -> bool:
    # A safetensors file starts with an 8-byte header length and then '{'.
    try:
        with open(file, "rb") as fh:
            head = fh.read(9)
    except OSError:
        return False
    return len(head) == 9 and head[8:9] == b"{"


def _state_dict_of(data: Any, file: Path) -> dict[str, Any]:
    import torch

    if isinstance(data, dict):
        for key in _NESTED:
            inner = data.get(key)
            if isinstance(inner, dict) and inner and all(
                    isinstance(v, torch.Tensor) for v in inner.values()):
                return dict(inner)
        if data and all(isinstance(k, str) and isinstance(v, torch.Tensor)
                        for k, v in data.items()):
            return dict(data)
    raise WeightsError(f"{file}: expected a state dict (names to tensors), got "
                       f"{type(data).__name__}")


def check_fits(model: Any, tensors: dict[str, Any], file: str | os.PathLike) -> None:
    """Refuse (WeightsError) a state dict whose keys or shapes differ from the model's."""
    expected = model.state_dict()
    missing = [k for k in expected if k not in tensors]
    unexpected = [k for k in tensors if k not in expected]
    if missing or unexpected:
        parts = []
        if missing:
            parts.append(f"missing {len(missing)} key(s): {_names(missing)}")
        if unexpected:
            parts.append(f"unexpected {len(unexpected)} key(s): {_names(unexpected)}")
        raise WeightsError(f"{file} does not fit the model ({'; '.join(parts)}); nothing "
                           "loaded")
    for key, value in expected.items():
        got = tensors[key]
        if tuple(got.shape) != tuple(value.shape) or got.dtype != value.dtype:
            raise WeightsError(f"{file}: {key} is {tuple(got.shape)} {got.dtype} in the file, "
                               f"{tuple(value.shape)} {value.dtype} in the model; nothing "
                               "loaded")


def load_into(model: Any, tensors: dict[str, Any], file: str | os.PathLike) -> None:
    """Check first (``load_state_dict`` copies as it goes), then load strictly."""
    check_fits(model, tensors, file)
    model.load_state_dict(tensors, strict=True)


def load_weights(model: Any, path: str | os.PathLike) -> None:
    """Load a weights file into ``model`` (see the module docstring)."""
    load_into(model, read_state_dict(path), path)


def _names(keys: list[str], limit: int = 6) -> str:
    shown = ", ".join(keys[:limit])
    return shown + (f", ... ({len(keys) - limit} more)" if len(keys) > limit else "")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0]}" if text else type(exc).__name__
