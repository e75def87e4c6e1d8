"""Draw schedules: rate against step, one curve per preset (matplotlib, the ``[plot]`` extra)."""

from __future__ import annotations

import os
from typing import Any

from .presets import Preset, ScheduleError, as_preset, check_steps

MAX_POINTS = 2000  # enough for a smooth curve; steps are sampled, jumps kept exact


def curve(preset: Any, steps: int) -> tuple[list[int], list[float]]:
    """Steps and rates of ``preset`` over ``0..steps``: every step up to ``MAX_POINTS``,
    evenly sampled beyond, with both sides of every jump kept (any preset, a user's callable
    too), so that a step change is drawn vertical, at the step where it happens."""
    p = as_preset(preset)
    steps = check_steps(steps)
    if steps <= MAX_POINTS:
        xs = list(range(steps + 1))
        return xs, [p.rate(x) for x in xs]
    rates: dict[int, float] = {}

    def rate(x: int) -> float:
        if x not in rates:
            rates[x] = p.rate(x)
        return rates[x]

    grid = sorted({round(i * steps / MAX_POINTS) for i in range(MAX_POINTS + 1)}
                  | set(_edges(p, steps)))
    values = [rate(x) for x in grid]
    spread = max(values) - min(values)
    # A change of more than 1% of the curve's range within one sampled interval (which spans
    # > steps / MAX_POINTS steps) is searched down to the single step where it happens; a
    # smooth ramp spreads its change and never concentrates one this large in one step.
    tol = 0.01 * spread
    if tol > 0:
        for a, b in zip(grid, grid[1:], strict=False):
            _find_jumps(rate, a, b, tol)
    xs = sorted(rates)
    return xs, [rates[x] for x in xs]


def _find_jumps(rate: Any, a: int, b: int, tol: float) -> None:
    """Evaluate ``rate`` by bisection inside ``(a, b)`` wherever it changes by more than
    ``tol``, down to adjacent steps: both sides of each jump end up evaluated."""
    stack = [(a, b)]
    while stack:
        lo, hi = stack.pop()
        if hi - lo <= 1 or abs(rate(hi) - rate(lo)) <= tol:
            continue
        mid = (lo + hi) // 2
        rate(mid)
        stack.extend(((lo, mid), (mid, hi)))


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
    fig, ax = plt.subplots(figsize=(8.5, 3.5))
    for label, p in items:
        xs, ys = curve(p, steps)
        ax.plot(xs, ys, label=label)
    # Neither direction is better for a rate: the labels say what each direction means.
    ax.set_xlabel("optimiser step (training progresses to the right)")
    ax.set_ylabel("dropout rate p\n(higher: more regularisation)")
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    # Outside the axes: a legend inside can cover a curve (schedules overlap where they start).
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0,
              fontsize="small")
    if title:
        ax.set_title(title)
    fig.tight_layout()
    if path is None:
        return fig
    from ..atomic import write_png

    write_png(path, fig, dpi=120)
    return None
