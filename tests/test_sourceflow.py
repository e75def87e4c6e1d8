"""Source flow (issue 16, second half): a helper's dropout reached from forward carries the
call chain as its trace; argument-switched dropout is judged at its callers; the per-file
indexes that keep the scan linear answer exactly what the scans they replaced answered."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dropsurgeon.capture.source import _name_calls, scan_source
from dropsurgeon.capture.source_reach import MethodSpans
from dropsurgeon.linter.config import Config
from dropsurgeon.linter.static import lint_text

FIXTURES = Path(__file__).parent / "fixtures" / "source"


def _findings(name: str):
    text = (FIXTURES / name).read_text()
    findings, _, error = lint_text(text, name, Config())
    assert error is None
    return {(f.code, f.line): f for f in findings}


def test_helper_reached_through_a_relay_has_the_forward_and_each_call_in_its_trace():
    found = _findings("sourceflow_reach.py")
    f = found[("DS101", 16)]  # deep_noise, reached via deeper_relay -> deep_relay
    lines = [step.line for step in f.trace]
    assert lines == [44, 46, 24, 20, 16]
    assert "Net.forward" in f.trace[0].message
    assert "`deeper_relay` calls `deep_relay(...)`" in f.trace[2].message
    assert all(step.path == "sourceflow_reach.py" for step in f.trace)
    # the fix names the helper and the method that reaches it
    assert "`deep_noise` runs inside `Net.forward`" in f.message


def test_unreached_helpers_stay_quiet():
    found = _findings("sourceflow_reach.py")
    assert {line for code, line in found if code == "DS101"} == {8, 16}


def test_helper_caller_finding_points_back_at_the_helper_dropout():
    found = _findings("helpers.py")
    f = found[("DS101", 26)]
    assert [step.line for step in f.trace] == [10, 26]
    assert "`residual_dropout` passes its `training` parameter (default `True`)" in (
        f.trace[0].message)


def test_switch_callers_trace_and_message():
    found = _findings("sourceflow_switch.py")
    f = found[("DS102", 30)]
    assert "passes `use_dropout=True`" in f.message
    assert "use_dropout=self.training" in f.message
    assert [step.line for step in f.trace] == [9, 30]
    assert "only when `use_dropout` is truthy" in f.trace[0].message
    default = found[("DS102", 33)]
    assert "leaves `deterministic` at its default `False`" in default.message


def test_switch_with_every_caller_following_the_mode_is_quiet():
    text = textwrap.dedent("""
        import torch.nn as nn
        import torch.nn.functional as F


        def maybe_drop(x, use_dropout):
            if use_dropout:
                x = F.dropout(x, 0.1)
            return x


        class Net(nn.Module):
            def forward(self, x):
                return maybe_drop(x, self.training)
    """)
    findings, sites, _ = lint_text(text, "m.py", Config())
    assert findings == []
    assert [s.active_eval for s in sites] == [None]  # the helper's line: callers decide


def test_cli_json_carries_the_trace(tmp_path):
    import json

    from typer.testing import CliRunner

    from dropsurgeon.cli import app

    target = tmp_path / "m.py"
    target.write_text((FIXTURES / "sourceflow_reach.py").read_text())
    result = CliRunner().invoke(app, ["lint", str(target), "--no-import", "--format", "json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    items = data["findings"] if isinstance(data, dict) else data
    ds101 = [f for f in items if f["code"] == "DS101" and f["line"] == 16]
    assert ds101 and len(ds101[0]["trace"]) == 5


# -- the indexes answer what the scans answered ------------------------------------------


def _find_all(text: str, names: set[str]) -> list[int]:
    out = []
    for n in names:
        i = text.find(n + "(")
        while i != -1:
            out.append(i)
            i = text.find(n + "(", i + len(n) + 1)
    return sorted(out)


_ident = st.text(alphabet="abf_1", min_size=1, max_size=4).filter(lambda s: not s[0].isdigit())


@settings(max_examples=200, deadline=None)
@given(names=st.sets(_ident, min_size=1, max_size=5),
       text=st.text(alphabet="abf_1(. \n)", max_size=80))
def test_name_calls_finds_what_str_find_found(names, text):
    assert sorted(_name_calls(text, names)) == _find_all(text, names)


def _brute_method_at(scopes, line):
    best = None
    for sc in scopes:
        node = sc.node
        if not sc.is_method or not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if node.lineno <= line <= (node.end_lineno or node.lineno):
            if best is None or node.lineno >= best.lineno:
                best = node
    return best


@settings(max_examples=60, deadline=None)
@given(shape=st.lists(st.tuples(st.integers(0, 2), st.integers(1, 3)), min_size=1, max_size=8))
def test_method_spans_match_the_linear_search(shape):
    # classes with methods, some holding a nested class with its own methods
    lines = []
    for k, (nested, body) in enumerate(shape):
        lines.append(f"class C{k}:")
        lines.append(f"    def m{k}(self):")
        lines += ["        x = 1"] * body
        if nested:
            lines.append(f"        class D{k}:")
            for j in range(nested):
                lines.append(f"            def n{j}(self):")
                lines.append("                y = 2")
        lines.append("        return x")
        lines.append(f"y{k} = 0")
    scan = scan_source("\n".join(lines) + "\n", "m.py")
    scopes = scan.context.scopes
    spans = MethodSpans(scopes)
    for line in range(1, len(lines) + 2):
        got = spans.at(line)
        want = _brute_method_at(scopes, line)
        assert (got[1] if got else None) is want


# -- DS405 ---------------------------------------------------------------------------------


def test_ds405_findings_and_their_traces():
    found = _findings("sourceflow_checkpoint.py")
    lines = sorted(line for code, line in found if code == "DS405")
    assert lines == [41, 44, 46, 68]
    loop = found[("DS405", 41)]
    assert [step.line for step in loop.trace] == [13, 41]  # the block's dropout, the recompute
    assert "preserve_rng_state=False" in loop.trace[-1].message
    handwritten = found[("DS405", 68)]
    # the block's dropout, the call handing it over (through a wrapper), forward, backward
    assert [step.line for step in handwritten.trace] == [112, 116, 60, 68]
    assert "CheckpointFunction.backward" in handwritten.message


def test_ds405_through_the_cli_sarif_has_a_code_flow(tmp_path):
    import json

    from typer.testing import CliRunner

    from dropsurgeon.cli import app

    target = tmp_path / "ckpt.py"
    target.write_text((FIXTURES / "sourceflow_checkpoint.py").read_text())
    result = CliRunner().invoke(app, ["lint", str(target), "--no-import", "--select", "DS405",
                                      "--format", "sarif"])
    assert result.exit_code == 1, result.output
    run = json.loads(result.stdout)["runs"][0]
    ds405 = [r for r in run["results"] if r["ruleId"] == "DS405"]
    assert len(ds405) == 4
    assert all(r.get("relatedLocations") or r.get("codeFlows") for r in ds405)


# -- switch judgement: DS102 exactly when the passed value turns dropout on at eval ----------

_SWITCHED = textwrap.dedent("""
    import torch.nn as nn
    import torch.nn.functional as F


    def maybe_drop(x, use_dropout):
        if {test}:
            x = F.dropout(x, 0.1)
        return x


    class Net(nn.Module):
        def forward(self, x):
            y = maybe_drop(x, {arg})
            return y * 2.0
""")


@settings(max_examples=40, deadline=None)
@given(arg=st.sampled_from(["True", "False", "self.training", "not self.training", "1", "0"]),
       negated=st.booleans())
def test_switch_reported_exactly_when_on_at_eval(arg, negated):
    test = "not use_dropout" if negated else "use_dropout"
    text = _SWITCHED.format(test=test, arg=arg)
    findings, _, _ = lint_text(text, "m.py", Config())
    at_eval = {"True": True, "False": False, "self.training": False,
               "not self.training": True, "1": True, "0": False}[arg]
    on = at_eval != negated
    # (a forward whose whole job is the call reads as an MC-dropout layer: DS108, not here)
    assert [(f.code, f.line) for f in findings] == ([("DS102", 14)] if on else [])
