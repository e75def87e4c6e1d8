"""Issue 18 item 31, the static half: --fix keeps the encoding; a dir scan reports DS000."""
from __future__ import annotations

from dropsurgeon.linter.api import lint
from dropsurgeon.linter.static import lint_paths

LATIN1_FIXABLE = """# -*- coding: latin-1 -*-
import torch.nn as nn
import torch.nn.functional as F

GREETING = 'Café'


class Net(nn.Module):
    def forward(self, x):
        return F.dropout(x, 0.5)
""".encode("latin-1")


def test_fix_keeps_the_files_own_encoding(tmp_path):
    path = tmp_path / "m.py"
    path.write_bytes(LATIN1_FIXABLE)
    report = lint_paths([str(path)], fix=True)
    assert report.fixed
    data = path.read_bytes()
    assert "GREETING = 'Café'".encode("latin-1") in data
    assert b"training=self.training" in data
    data.decode("latin-1")
    compile(data, str(path), "exec")


def test_an_undecodable_file_is_ds000_in_a_directory_scan(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "broken.py").write_bytes(b"x = 1\nNAME = 'caf\xe9'\n")
    report = lint(str(tmp_path / "pkg"), cache=False)
    assert [(f.code, f.line) for f in report.findings] == [("DS000", 2)]
    assert lint_paths([str(tmp_path / "pkg")], fix=True).findings[0].code == "DS000"
