"""``dropsurgeon tune``: search dropout rates, placements and schedules with Optuna.

Builds the model from its spec, loads ``objective(model, trial)`` from ``file.py:name``, runs
:func:`dropsurgeon.tune` on the study ``--study`` in ``--storage``, prints the trials and
writes ``plan.json`` (for ``dropsurgeon apply``), ``best.json``, ``trials.csv`` and PNGs into
``--out``.  Exit codes: 0 done, 2 bad input, 130 interrupted (the study is kept: run the
same command again to resume).
"""

from __future__ import annotations

import json
from typing import Any

import typer

SPACE_HELP = ("The search space as JSON (a file or inline): an object mapping each selector "
              "to a two-number range, null (the default range) or an object with range, op, "
              "optional, kinds; the key \"schedule\" lists schedule families.")
GROUP_HELP = ("A group of sites and its range, SELECTOR or SELECTOR=LOW:HIGH (repeat); "
              "without a range the advice's default: dense 0:0.6, conv and attention 0:0.3.")


def register(app: typer.Typer) -> None:
    from .common import fail

    @app.command("tune")
    def tune_command(
        spec: str = typer.Argument(..., help="The model: file.py:Name or pkg.module:Name."),
        objective: str = typer.Option(..., "--objective",
                                      help="file.py:function, called as f(model, trial)."),
        trials: int = typer.Option(20, "--trials", help="Trials the study should hold."),
        storage: str | None = typer.Option(
            "sqlite:///tune.db", "--storage",
            help="A database URL (sqlite:///tune.db, postgresql://...); 'memory' keeps none."),
        study: str | None = typer.Option(None, "--study",
                                         help="Study name (default: the model's name)."),
        group: list[str] = typer.Option([], "--group", "-g", help=GROUP_HELP),
        space: str | None = typer.Option(None, "--space", help=SPACE_HELP),
        schedule: list[str] = typer.Option(
            [], "--schedule", help="A schedule family to try (repeat): constant, early, late, "
            "curriculum."),
        direction: str | None = typer.Option(
            None, "--direction", help="minimize or maximize (default: the objective's, or "
            "minimize)."),
        pruner: str = typer.Option("median", "--pruner", help="median, hyperband or none."),
        sampler: str = typer.Option("tpe", "--sampler", help="tpe or random."),
        seed: int | None = typer.Option(None, "--seed", help="Sampler seed."),
        kwargs: str | None = typer.Option(None, "--kwargs", help="JSON kwargs for the builder."),
        out: str = typer.Option("tune-out", "--out", help="Folder for plan, table and PNGs."),
        figures: bool = typer.Option(True, "--figures/--no-figures", help="Write the PNGs."),
        progress: bool | None = typer.Option(None, "--progress/--no-progress",
                                             help="Progress bar (default: on a terminal)."),
        debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
    ) -> None:
        """Tune dropout on a validation set; several processes on one --storage share a
        study, and the same --study resumes."""
        from rich.console import Console

        from ..errors import DropsurgeonError

        try:
            build, name = _builder(spec, kwargs)
            fn = _objective(objective)
            search_space = _space(space, group, schedule)
            result = _run(build, fn, search_space, trials, storage, study or name, pruner,
                          sampler, seed, direction, progress)
        except DropsurgeonError as exc:
            fail(str(exc), debug)
        console = Console(highlight=False)
        result.render_table(console)  # also when no trial completed: it says why each failed
        try:
            written = result.write(out, figures=figures)
        except DropsurgeonError as exc:
            fail(f"{exc} (the trials are in {out}/trials.csv)", debug)
        except OSError as exc:
            fail(f"cannot write --out {out}: {exc.strerror or exc}", debug)
        _print(console, result, written)


def _run(build: Any, fn: Any, space: Any, trials: int, storage: str | None, study: str,
         pruner: str, sampler: str, seed: int | None, direction: str | None,
         progress: bool | None) -> Any:
    from ..tuning import tune

    if sampler not in ("tpe", "random"):
        from ..errors import DropsurgeonError

        raise DropsurgeonError(f"unknown --sampler {sampler!r} (tpe or random)")
    url = None if storage in (None, "memory") else storage
    try:
        return tune(build, fn, space, trials=trials, storage=url, study=study, pruner=pruner,
                    seed=seed, direction=direction, sampler=sampler, progress=progress)
    except KeyboardInterrupt:
        where = "" if url is None else (f"; study {study!r} is kept in {url}: run the same "
                                        "command again to resume")
        typer.echo(f"dropsurgeon: interrupted{where}", err=True)
        raise typer.Exit(130) from None


def _builder(spec_text: str, kwargs: str | None) -> tuple[Any, str]:
    from ..errors import SpecError
    from ..load import build, parse_kwargs, parse_spec, resolve

    spec = parse_spec(spec_text)
    found = resolve(spec)
    if len(found) != 1:
        names = ", ".join(n for n, _ in found)
        raise SpecError(f"{spec_text} names {len(found)} models ({names}); name one with "
                        "file.py:Name")
    display, builder = found[0]
    args = parse_kwargs(kwargs)

    def make() -> Any:
        return build(builder, args, "cpu")

    return make, display.rpartition(":")[2]


def _objective(text: str) -> Any:
    from ..errors import SpecError
    from ..load import parse_spec, resolve

    spec = parse_spec(text)
    if not spec.attr:
        raise SpecError(f"--objective {text}: name the function, e.g. train.py:objective")
    return resolve(spec)[0][1]


def _space(text: str | None, groups: list[str], schedules: list[str]) -> Any:
    from pathlib import Path

    from ..tuning.space import SCHEDULE_KEY, SpaceError, parse_group_option, parse_space

    items: dict[str, Any] = {}
    if text:
        source = text
        if not text.lstrip().startswith("{"):
            try:
                source = Path(text).read_text(encoding="utf-8")
            except OSError as exc:
                raise SpaceError(f"--space {text}: {exc.strerror or exc}") from None
        try:
            items = json.loads(source)
        except json.JSONDecodeError as exc:
            raise SpaceError(f"--space is not valid JSON: {exc.msg} (line {exc.lineno})") \
                from None
        if not isinstance(items, dict):
            raise SpaceError("--space is a JSON object {selector: range}")
    for g in groups:
        where, rng = parse_group_option(g)
        items[where] = rng
    if schedules:
        items[SCHEDULE_KEY] = schedules
    return parse_space(items or None)


def _print(console: Any, result: Any, written: list) -> None:
    best = result.best_trial
    console.print(f"best: trial {best.number}, value {best.value:.6g} "
                  f"({result.study.direction.name.lower()}), schedule "
                  f"{best.user_attrs.get('schedule', 'constant')}")
    for path in written:
        console.print(f"wrote {path}")
    if not any(p.name == "plan.json" for p in written):
        console.print("the best trial changes nothing: no plan.json (see best.json)")
