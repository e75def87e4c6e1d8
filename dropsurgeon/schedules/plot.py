"""Draw schedules: rate against step, one curve per preset (matplotlib, the ``[plot]`` extra)."""

from __future__ import annotations

import os
from typing import Any

from .presets import Preset, ScheduleError, as_preset, check_steps

MAX_POINTS = 2000  # enough for a smooth curve; steps are sampled, jumps kept exact


def curve(preset: Any, steps: int) -> tuple[list[int], list[float]]:
    """Steps and rates of ``preset`` over ``0..steps`` (sampled, with every jump of a
    step-wise preset kept)."""
    p = as_preset(preset)
    steps = check_steps(steps)
    if steps <= MAX_POINTS:
        xs = list(range(steps + 1))
    else:
        xs = sorted({round(i * steps / MAX_POINTS) for i in range(MAX_POINTS + 1)}
                    | set(_edges(p, steps)))
    return xs, [p.rate(x) for x in xs]


def _edges(p: Preset, steps: int) -> list[int]:
    # Where a step-wise preset switches: both sides, so the jump is vertical in the plot.
    points = [getattr(p, name) for name in ("until", "start", "steps")
              if isinstance(getattr(p, name, None), int)]
    return [x for v in points for x in (v - 1, v) if 0 <= x <= steps]


def plot(presets: Any, steps: int, path: str | os.PathLike | None = None, *,
         title: str | None = None) -> Any:
    """A figure of one preset or several (a list, or a dict label -> preset).

    With ``path`` the PNG is written atomically and the figure closed; returns the figure
    otherwise.
    """
    try:
        import matplotlib

        if path is not None:
            matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt
    except ImportError:
        raise ScheduleError("drawing a schedule needs matplotlib: "
                            "pip install 'dropsurgeon[plot]'") from None
    if isinstance(presets, dict):
        items = [(str(label), as_preset(p)) for label, p in presets.items()]
    elif isinstance(presets, (list, tuple)):
        items = [(str(as_preset(p)), as_preset(p)) for p in presets]
    else:
        items = [(str(as_preset(presets)), as_preset(presets))]
    if not items:
        raise ScheduleError("nothing to plot: give at least one schedule")
    fig, ax = plt.subplots(figsize=(7, 3.5))
    for label, p in items:
        xs, ys = curve(p, steps)
        ax.plot(xs, ys, label=label)
    ax.set_xlabel("optimiser step")
    ax.set_ylabel("dropout rate p")
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(loc="best")
    if title:
        ax.set_title(title)
    fig.tight_layout()
    if path is None:
        return fig
    from ..atomic import write_png

    write_png(path, fig, dpi=120)
    return None
