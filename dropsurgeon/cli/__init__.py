"""The command line (``dropsurgeon`` console script): thin over the public API."""

from __future__ import annotations

from .app import app, main

__all__ = ["app", "main"]
