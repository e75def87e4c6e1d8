"""Property: on generated models, lint reports exactly the planted dropout bugs, at their lines."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dropsurgeon

# (forward line template, expected code or None); {p} is a rate in (0, 1), {i} the index.
SNIPPETS = [
    ("x = F.dropout(x, {p})", "DS101"),
    ("x = F.dropout(x, p={p}, training=self.training)", None),
    ("x = F.dropout(x, {p}, self.training)", None),
    ("x = F.dropout(x, {p}, training=True)", "DS102"),
    ("x = torch.dropout(x, {p}, True)", "DS102"),
    ("x = F.dropout(x, {p}, training=False)", "DS107"),
    ("x = self.drop{i}(x)", None),
    ("x = x * (torch.rand_like(x) > {p}).float()", "DS106"),
    ("x = F.alpha_dropout(x, {p})", "DS107"),  # alpha dropout defaults to training=False
    ("x = F.dropout(x, {p}, self.training or self.mc)", "DS108"),
]

HEADER = """import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.mc = True
"""


def build_source(plan: list[tuple[int, float]]) -> tuple[str, set[tuple[str, int]]]:
    lines = HEADER.splitlines()
    for i, (_, p) in enumerate(plan):
        lines.append(f"        self.fc{i} = nn.Linear(8, 8)")
        lines.append(f"        self.drop{i} = nn.Dropout({p})")
    lines.append("        self.head = nn.Linear(8, 2)")
    lines += ["", "    def forward(self, x):"]
    expected: set[tuple[str, int]] = set()
    for i, (choice, p) in enumerate(plan):
        template, code = SNIPPETS[choice]
        lines.append(f"        x = self.fc{i}(x)")  # a Linear between dropouts: no DS303
        lines.append("        " + template.format(p=p, i=i))
        if code:
            expected.add((code, len(lines)))
    lines.append("        return self.head(x)")
    return "\n".join(lines) + "\n", expected


plans = st.lists(
    st.tuples(st.integers(0, len(SNIPPETS) - 1),
              st.sampled_from([0.1, 0.2, 0.25, 0.3, 0.5])),
    min_size=1, max_size=5,
)


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=plans)
def test_lint_reports_exactly_the_planted_bugs(plan, tmp_path):
    source, expected = build_source(plan)
    path = tmp_path / f"gen_{abs(hash(source))}.py"
    path.write_text(source)
    report = dropsurgeon.lint(str(path), select="DS1")
    got = {(f.code, f.line) for f in report.active_findings}
    assert got == expected, source
    assert [m.status for m in report.models] == ["analysed"]


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=plans)
def test_static_only_lint_agrees_on_flag_bugs(plan, tmp_path):
    source, expected = build_source(plan)
    path = tmp_path / f"gen_static_{abs(hash(source))}.py"
    path.write_text(source)
    report = dropsurgeon.lint(str(path), select="DS101,DS102,DS107,DS108", static_only=True)
    got = {(f.code, f.line) for f in report.active_findings}
    assert got == {e for e in expected if e[0] != "DS106"}, source
