"""The study's figures, drawn by Optuna's matplotlib visualisation and written as PNGs.

* ``history.png``: the objective of each trial and the best so far (which way is better is
  in the title);
* ``importances.png``: how much each parameter explains the objective (fANOVA); needs two
  completed trials and a parameter that varied;
* ``slice.png``: the objective against each parameter.

A figure that cannot be drawn yet (too few completed trials) is left out, never drawn empty.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any


def write_figures(study: Any, out: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")  # files only: never open a window (or need a display)
    from optuna.visualization import matplotlib as vis

    from ..atomic import write_png

    complete = [t for t in study.get_trials(deepcopy=False) if t.state.name == "COMPLETE"]
    if not complete:
        return []
    better = "lower" if study.direction.name == "MINIMIZE" else "higher"
    varied = {k for t in complete for k in t.params
              if len({repr(u.params.get(k)) for u in complete}) > 1}
    drawers = [("history.png", vis.plot_optimization_history,
                f"Optimisation history ({better} is better)")]
    if len(complete) >= 2 and varied:
        drawers.append(("importances.png", vis.plot_param_importances,
                        "Parameter importances (fANOVA; longer bar: explains more)"))
    if any(t.params for t in complete):
        drawers.append(("slice.png", vis.plot_slice,
                        f"Objective against each parameter ({better} is better)"))
    written = []
    for name, draw, title in drawers:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Optuna marks these plots "experimental"
            axes = draw(study)
            first = axes.flat[0] if hasattr(axes, "flat") else axes
            figure = first.get_figure()
            figure.suptitle(title)
            figure.tight_layout()
        write_png(out / name, figure)
        written.append(out / name)
    return written
