"""Run a script (or ``-m module``) under the watcher, as Python itself would run it.

The script runs in this process through :mod:`runpy` with ``sys.argv`` set to its own and
``__main__`` semantics kept (``if __name__ == "__main__":`` runs, ``sys.path[0]`` is the
script's folder).  Whatever happens (normal end, ``sys.exit``, an exception, Ctrl-C) the
hooks are removed and the outcome is returned with the report; printing a traceback and
choosing the exit code is the caller's job.
"""

from __future__ import annotations

import os
import runpy
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import DropsurgeonError
from ..linter.result import Report

__all__ = ["Outcome", "rank_path", "run_script"]


@dataclass
class Outcome:
    report: Report
    exit_code: int  # the script's own: 0, sys.exit's code, 1 on an exception, 130 on Ctrl-C
    exception: BaseException | None = None  # what the script raised (not SystemExit)
    dropped: int = 0  # calls at locations past the watcher's limit (counted, not reported)


def _exit_code(code: Any) -> int:
    # What the interpreter does with SystemExit's argument.
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def run_script(target: str, args: Sequence[str] = (), *, module: bool = False,
               ignore: Sequence[Any] = (), select: Sequence[str] | None = None,
               fail_on: str = "warning") -> Outcome:
    """Run ``target`` (a script path, or a module name with ``module=True``) with ``args``
    under :func:`dropsurgeon.watch`.  A missing script is a ``DropsurgeonError``; anything
    the script raises is returned in ``Outcome.exception``, never raised here."""
    if not module and not os.path.isfile(target):
        raise DropsurgeonError(f"no such script: {target}")
    if module:
        import importlib.util

        try:
            found = importlib.util.find_spec(target)
        except (ImportError, ValueError) as exc:
            raise DropsurgeonError(f"cannot find module {target!r}: {exc}") from None
        if found is None:
            raise DropsurgeonError(f"no module named {target!r}")
    from .watch import Watcher

    watcher = Watcher(ignore=ignore, select=select, fail_on=fail_on)
    saved_argv, saved_path0 = sys.argv[:], sys.path[0] if sys.path else None
    sys.argv = [target, *args]
    if not module:
        sys.path[0:1] = [os.path.dirname(os.path.abspath(target))]
    elif sys.path:
        sys.path[0] = os.getcwd()  # what `python -m` puts first
    code, error = 0, None
    try:
        watcher.start()
        if module:
            runpy.run_module(target, run_name="__main__", alter_sys=True)
        else:
            runpy.run_path(target, run_name="__main__")
    except SystemExit as exc:
        code = _exit_code(exc.code)
    except KeyboardInterrupt as exc:
        code, error = 130, exc
    except BaseException as exc:  # noqa: BLE001 - the script's own error: reported, kept
        code, error = 1, exc
    finally:
        watcher.stop()
        sys.argv = saved_argv
        if saved_path0 is not None and sys.path:
            sys.path[0] = saved_path0
    return Outcome(report=watcher.report, exit_code=code, exception=error,
                   dropped=watcher.dropped)


def rank_path(path: str) -> str:
    """``report.json`` -> ``report.rank1.json`` on rank 1 of a distributed run (set by
    torchrun's ``RANK``/``WORLD_SIZE``, or an initialised process group); unchanged on a
    single process."""
    rank, world = _rank()
    if world <= 1:
        return path
    stem, ext = os.path.splitext(path)
    return f"{stem}.rank{rank}{ext}"


def _rank() -> tuple[int, int]:
    try:
        rank, world = int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"])
        return rank, world
    except (KeyError, ValueError):
        pass
    dist = sys.modules.get("torch.distributed")
    if dist is not None and dist.is_available() and dist.is_initialized():
        return dist.get_rank(), dist.get_world_size()
    return 0, 1
