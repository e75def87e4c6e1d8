"""Renderers: one module per output format, each exposing ``render(report) -> str``."""

from __future__ import annotations

import importlib

from ..errors import DropsurgeonError
from ..linter.result import Report

FORMATS: dict[str, str] = {
    "console": "console",
    "json": "json_format",
    "sarif": "sarif",
    "github": "github",
}


def render(report: Report, fmt: str, **options) -> str:
    try:
        module_name = FORMATS[fmt]
    except KeyError:
        known = ", ".join(FORMATS)
        raise DropsurgeonError(f"unknown --format {fmt!r} (expected one of: {known})") from None
    module = importlib.import_module(f"{__name__}.{module_name}")
    return module.render(report, **options)
