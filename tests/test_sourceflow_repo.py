"""The whole-repository join: a helper's dropout reached from a forward in another file."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from dropsurgeon.capture.source import scan_file
from dropsurgeon.linter.config import Config
from dropsurgeon.linter.source_rules import file_facts, join_facts
from dropsurgeon.linter.static import lint_text

REPO = Path(__file__).parent / "fixtures" / "sourceflow_repo"
_EXPECT = re.compile(r"# expect: (?P<codes>[A-Z0-9, ]+)")


def _facts(root: Path) -> dict[str, dict]:
    return {str(p): file_facts(scan_file(str(p)).context) for p in sorted(root.rglob("*.py"))}


def _expected(root: Path) -> set[tuple[str, int]]:
    out = set()
    for p in sorted(root.rglob("*.py")):
        for n, line in enumerate(p.read_text().splitlines(), 1):
            if _EXPECT.search(line):
                out.add((str(p), n))
    return out


def test_join_reports_exactly_the_marked_helper_lines():
    found = join_facts(_facts(REPO))
    assert {(f.path, f.line) for f in found} == _expected(REPO)
    assert {f.code for f in found} == {"DS101", "DS405"}


def test_each_file_alone_is_quiet():
    # the forward is in another file: no file can judge the helper by itself
    for p in sorted(REPO.rglob("*.py")):
        findings, _, error = lint_text(p.read_text(), str(p), Config())
        assert error is None
        assert [f for f in findings if f.code in ("DS101", "DS405")] == [], p


def test_trace_crosses_files_from_the_forward_to_the_dropout():
    (f,) = [f for f in join_facts(_facts(REPO)) if f.code == "DS101"]
    steps = [(Path(t.path).name, t.line) for t in f.trace]
    assert steps == [("model.py", 12), ("model.py", 13), ("ops.py", 10), ("ops.py", 6)]
    assert "imported from `.ops`" in f.trace[1].message
    assert "`noisy` runs inside `Net.forward`" in f.message


def test_facts_are_json_and_round_trip(tmp_path):
    facts = _facts(REPO)
    again = json.loads(json.dumps(facts))
    assert [(x.path, x.line, x.message) for x in join_facts(again)] == [
        (x.path, x.line, x.message) for x in join_facts(facts)]


def test_unresolvable_or_ambiguous_imports_stay_quiet(tmp_path):
    copy = tmp_path / "repo"
    shutil.copytree(REPO, copy)
    # a second pkg/ops.py elsewhere makes `pkg.ops` ambiguous for absolute imports
    (copy / "vendor" / "pkg").mkdir(parents=True)
    shutil.copy(copy / "pkg" / "ops.py", copy / "vendor" / "pkg" / "ops.py")
    model = copy / "pkg" / "model.py"
    model.write_text(model.read_text().replace("from .ops import", "from pkg.ops import"))
    assert [f.code for f in join_facts(_facts(copy))] == ["DS405"]  # relative: untouched
    # without the vendored copy the absolute import resolves again
    shutil.rmtree(copy / "vendor")
    assert sorted(f.code for f in join_facts(_facts(copy))) == ["DS101", "DS405"]


def test_noqa_on_the_helper_line_is_honoured_by_the_join(tmp_path):
    copy = tmp_path / "repo"
    shutil.copytree(REPO, copy)
    ops = copy / "pkg" / "ops.py"
    ops.write_text(ops.read_text().replace("# expect: DS101", "# noqa: DS101"))
    (f,) = [f for f in join_facts(_facts(copy)) if f.code == "DS101"]
    assert f.suppressed


def test_checkpoint_function_reported_where_it_recomputes_with_the_blocks_file_in_the_trace():
    (f,) = [f for f in join_facts(_facts(REPO)) if f.code == "DS405"]
    assert Path(f.path).name == "util.py" and f.line == 23
    steps = [(Path(t.path).name, t.line) for t in f.trace]
    assert steps == [("blocks.py", 10), ("blocks.py", 14), ("util.py", 17), ("util.py", 23)]
    assert "imported from `.util`" in f.trace[1].message


def test_cli_lint_of_the_repository_joins_across_files_same_with_jobs_and_cache(tmp_path):
    from typer.testing import CliRunner

    from dropsurgeon.cli import app

    copy = tmp_path / "repo"
    shutil.copytree(REPO, copy)
    cache = tmp_path / "cache"

    def run(*extra: str) -> list[tuple[str, int, int]]:
        result = CliRunner().invoke(app, ["lint", str(copy), "--no-import", "--format", "json",
                                          *extra])
        assert result.exit_code == 1, result.output
        data = json.loads(result.stdout)
        return sorted((Path(f["path"]).name, f["line"], len(f["trace"]))
                      for f in data["findings"] if f["code"] in ("DS101", "DS405"))

    expected = [("ops.py", 6, 4), ("util.py", 23, 4)]
    assert run("--no-cache", "--jobs", "1") == expected
    assert run("--no-cache", "--jobs", "2") == expected
    assert run("--cache-dir", str(cache)) == expected  # cold
    assert run("--cache-dir", str(cache)) == expected  # warm
