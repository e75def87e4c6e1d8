"""Write files atomically: a temp file in the same folder, then rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any


def write_text(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> None:
    write_bytes(path, text.encode(encoding))


def write_bytes(path: str | os.PathLike, data: bytes) -> None:
    target = Path(path)
    if target.exists() and not target.is_file():
        # A device or a pipe (``-o /dev/stdout``, ``/dev/null``): renaming onto it would replace
        # the device with a plain file, so it is written in place; there is nothing to tear.
        with open(target, "wb") as fh:
            fh.write(data)
        return
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:  # mkstemp makes 0600; a new file gets the usual umask-derived mode
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_png(path: str | os.PathLike, figure: Any, dpi: int = 120) -> None:
    """Render a matplotlib figure to PNG bytes, write them atomically and close the figure."""
    import io

    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    try:
        figure.savefig(buf, format="png", dpi=dpi)
    finally:
        plt.close(figure)
    write_bytes(path, buf.getvalue())
