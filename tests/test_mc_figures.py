"""Figures: the reliability diagram and the schedule plot (issue 18, item 22)."""

from __future__ import annotations

import pytest
import torch

pytest.importorskip("matplotlib")


def _outside(fig, legend, ax) -> bool:
    """True when the legend's box does not overlap the axes' box (it hides no data)."""
    fig.canvas.draw()
    box = legend.get_window_extent()
    area = ax.get_window_extent()
    return box.x0 >= area.x1 or box.x1 <= area.x0 or box.y0 >= area.y1 or box.y1 <= area.y0


def _close(fig) -> None:
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_reliability_diagram_names_model_samples_and_shows_bin_counts():
    from dropsurgeon.mc.calibration import bin_stats, reliability_figure

    torch.manual_seed(0)
    probs = torch.softmax(torch.randn(300, 4) * 2, -1)
    targets = torch.randint(0, 4, (300,))
    fig = reliability_figure(probs, targets, 10, model="model.py:Net", samples=30)
    try:
        ax, hist = fig.axes
        assert "model.py:Net" in ax.get_title() and "30 MC samples" in ax.get_title()
        count = bin_stats(probs, targets, 10)[0]
        count[9] += count[10]
        expected = [int(c) for c in count[:10]]
        assert [int(t.get_text()) for t in ax.texts] == [c for c in expected if c]
        assert [int(r.get_height()) for r in hist.patches] == expected
        assert _outside(fig, ax.get_legend(), ax)
        for a in (ax, hist):
            assert a.get_ylabel() and "(" in a.get_ylabel()  # what each direction means
        assert "higher" in hist.get_xlabel() and "better" in ax.get_ylabel()
    finally:
        _close(fig)


def test_mc_result_plot_names_the_model_class(tmp_path):
    import torch.nn as nn

    from dropsurgeon.mc import mc_predict

    model = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.3), nn.Linear(8, 3))
    res = mc_predict(model, torch.randn(20, 4), samples=4, seed=0)
    assert res.model == "Sequential"
    out = res.reliability_plot(torch.randint(0, 3, (20,)), tmp_path / "r.png")
    assert (tmp_path / "r.png").read_bytes()[:4] == b"\x89PNG" and out.endswith("r.png")


def test_schedule_plot_legend_outside_and_labelled_axes():
    from dropsurgeon.schedules import parse
    from dropsurgeon.schedules.plot import plot

    texts = ["early(0.1, until=2000)", "late(0.1, start=5000)", "linear(0.1, 0.0, 8000)",
             "cosine(0.2, 0.0, 10000)", "0.05", "warmup(0.1, 3000)"]
    fig = plot([parse(t) for t in texts], 10000)
    try:
        (ax,) = fig.axes
        assert len(ax.get_legend().get_texts()) == len(texts)
        assert _outside(fig, ax.get_legend(), ax)
        assert "higher" in ax.get_ylabel() and "step" in ax.get_xlabel()
    finally:
        _close(fig)


def test_schedule_curve_samples_both_sides_of_every_jump():
    from dropsurgeon.schedules.plot import MAX_POINTS, curve

    def stepwise(step: int) -> float:  # a user's callable: jumps no attribute announces
        return 0.3 if 1234 <= step < 56789 else 0.05

    xs, ys = curve(stepwise, 100_000)
    assert len(xs) < 2 * MAX_POINTS
    rate = dict(zip(xs, ys, strict=True))
    assert rate[1233] == 0.05 and rate[1234] == 0.3
    assert rate[56788] == 0.3 and rate[56789] == 0.05
