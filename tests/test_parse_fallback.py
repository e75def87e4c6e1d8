"""Code written before Python 3.7 (``async`` as an argument name) is linted with the 3.6
grammar instead of stopping at DS000; real syntax errors stay DS000."""

from __future__ import annotations

from dropsurgeon.linter.config import Config
from dropsurgeon.linter.static import lint_text

OLD = """\
import torch
import torch.nn as nn


def evaluate(model, loader):
    correct = 0
    with torch.no_grad():
        for x, y in loader:
            correct += (model(x.cuda(async=True)).argmax(1) == y).sum().item()
    return correct


def main(loader, test_loader):
    model = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.5))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    model.train()
    for x, y in loader:
        loss = nn.functional.cross_entropy(model(x.cuda(async=True)), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    print(evaluate(model, test_loader))
"""


def test_pre_37_async_argument_is_linted():
    findings, _, error = lint_text(OLD, "old.py", Config())
    assert error is None
    assert [(f.code, f.line) for f in findings] == [("DS401", 5)]


def test_python2_print_is_still_ds000():
    findings, _, error = lint_text('print "x"\nasync = 1\n', "py2.py", Config())
    assert error is not None and "line 1" in error
    assert [f.code for f in findings] == ["DS000"]


def test_a_symlink_checked_out_as_text_is_no_syntax_error(tmp_path):
    # git without symlink support writes the link's target into a plain file
    (tmp_path / "hub").mkdir()
    (tmp_path / "hub" / "pipeline.py").write_text("x = 1\n")
    (tmp_path / "tests").mkdir()
    link = tmp_path / "tests" / "test_pipeline.py"
    link.write_text("../hub/pipeline.py")
    findings, _, error = lint_text(link.read_text(), str(link), Config())
    assert findings == [] and error is None
    # naming a file that is not there: a real syntax error
    (tmp_path / "hub" / "pipeline.py").unlink()
    findings, _, error = lint_text(link.read_text(), str(link), Config())
    assert [f.code for f in findings] == ["DS000"] and error is not None
