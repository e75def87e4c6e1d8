"""What a search gives back: the best configuration as a plan, the trials, the figures."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from ..errors import DropsurgeonError
from .config import Config, config_from_params
from .space import Space

COLUMNS = ("number", "state", "value", "params", "schedule", "note")


class TuneResult:
    """A finished (or stopped) search over one study.

    ``study`` is the Optuna study (all its trials, from every worker); ``ran_here`` the
    numbers of the trials this call ran.
    """

    def __init__(self, study: Any, space: Space, trials: int, ran_here: list[int]) -> None:
        self.study = study
        self.space = space
        self.trials = trials
        self.ran_here = list(ran_here)

    # --- the best trial ------------------------------------------------------------------
    @property
    def best_trial(self) -> Any:
        """The best completed trial (NaN and failed trials never are)."""
        try:
            return self.study.best_trial
        except ValueError:
            first = next((t.user_attrs["error"] for t in self.study.get_trials(deepcopy=False)
                          if t.user_attrs.get("error")), None)
            why = f"; the first error: {first}" if first else ""
            raise DropsurgeonError(f"no trial of study {self.study.study_name!r} completed"
                                   f"{why}") from None

    @property
    def best_value(self) -> float:
        return float(self.best_trial.value)

    @property
    def best_params(self) -> dict[str, Any]:
        return dict(self.best_trial.params)

    @property
    def best_config(self) -> Config:
        return config_from_params(self.space, self.best_params)

    @property
    def best_plan(self) -> Any:
        """The best trial's surgery as a :class:`~dropsurgeon.surgery.Plan`; it has no
        operation when the best trial inserts nothing (every inserted rate 0 or left out)."""
        return self.best_config.plan(self.space)

    def best_summary(self) -> dict[str, Any]:
        t = self.best_trial
        return {"study": self.study.study_name, "trial": t.number, "value": t.value,
                "direction": self.study.direction.name.lower(), "params": dict(t.params),
                "schedule": t.user_attrs.get("schedule", "constant"),
                "plan": self.best_plan.to_dict() if len(self.best_plan) else None,
                "space": self.space.to_dict()}

    # --- the trials ------------------------------------------------------------------------
    def rows(self) -> list[dict[str, Any]]:
        """One row per trial of the study (every worker's), in trial order."""
        out = []
        for t in self.study.get_trials(deepcopy=False):
            note = t.user_attrs.get("error") or (
                "interrupted" if t.user_attrs.get("interrupted") else
                "beyond the study's total (another worker took it)"
                if t.user_attrs.get("surplus") else "")
            if t.state.name == "FAIL" and not note:
                note = "its worker stopped (no heartbeat)"
            out.append({"number": t.number, "state": t.state.name.lower(), "value": t.value,
                        "params": {k: _round(v) for k, v in t.params.items()},
                        "schedule": t.user_attrs.get("schedule", ""), "note": note})
        return out

    def table_csv(self) -> str:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(COLUMNS)
        for r in self.rows():
            writer.writerow([r["number"], r["state"], "" if r["value"] is None else r["value"],
                             json.dumps(r["params"], sort_keys=True), r["schedule"], r["note"]])
        return buf.getvalue()

    def render_table(self, console: Any) -> None:
        from rich.table import Table

        table = Table(title=f"study {self.study.study_name}: {len(self.rows())} trials",
                      title_justify="left")
        for col in COLUMNS:
            table.add_column(col)
        for r in self.rows():
            params = ", ".join(f"{k}={v}" for k, v in r["params"].items())
            value = "" if r["value"] is None else f"{r['value']:.6g}"
            table.add_row(str(r["number"]), r["state"], value, params, r["schedule"],
                          r["note"])
        console.print(table)

    # --- files -----------------------------------------------------------------------------
    def write(self, out_dir: str | Path, figures: bool = True) -> list[Path]:
        """``plan.json`` (for ``dropsurgeon apply``), ``best.json``, ``trials.csv`` and the
        PNGs; each written whole or not at all.  The paths written, in that order.

        No ``plan.json`` when the best trial changes nothing (it inserts no dropout): the
        unchanged model is the best one, and ``best.json`` says so with ``"plan": null``.
        When no trial completed, only ``trials.csv`` is written and the error is raised.
        """
        from ..atomic import write_text

        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        written = []
        try:
            summary = self.best_summary()
        except DropsurgeonError:
            # No trial completed: the table still says why each failed; nothing else is true.
            write_text(out / "trials.csv", self.table_csv())
            for stale in ("plan.json", "best.json"):
                (out / stale).unlink(missing_ok=True)
            raise
        files = [("best.json", json.dumps(summary, indent=2) + "\n"),
                 ("trials.csv", self.table_csv())]
        if summary["plan"] is not None:
            files.insert(0, ("plan.json", self.best_plan.to_json() + "\n"))
        else:  # an older run's plan.json would now name a configuration that is not the best
            (out / "plan.json").unlink(missing_ok=True)
        for name, text in files:
            write_text(out / name, text)
            written.append(out / name)
        if figures:
            from .figures import write_figures

            written += write_figures(self.study, out)
        return written


def _round(value: Any) -> Any:
    return round(value, 4) if isinstance(value, float) else value
