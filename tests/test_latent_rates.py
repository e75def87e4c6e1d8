"""DS101/DS102 in a class whose rate the outermost constructor defaults to 0, built nowhere:
latent (info) in its file, its rule's severity again once another file names the class."""

from __future__ import annotations

import re
import textwrap

import pytest

from dropsurgeon.linter.latent_rates import is_latent
from dropsurgeon.linter.static import lint_paths
from dropsurgeon.rules import BY_CODE

RULE = str(BY_CODE["DS102"].severity)  # the severity of a finding that is not latent

NETS = """
import torch
import torch.nn as nn
import torch.nn.functional as F


class Layer(nn.Module):
    def __init__(self, width, drop_rate):
        super().__init__()
        self.fc = nn.Linear(width, width)
        self.drop_rate = float(drop_rate)

    def forward(self, x):
        x = self.fc(x)
        if self.drop_rate > 0:
            x = F.dropout(x, p=self.drop_rate, training=True)
        return x


class Block(nn.Module):
    def __init__(self, width, drop_rate):
        super().__init__()
        self.layers = nn.ModuleList([Layer(width, drop_rate=drop_rate) for _ in range(2)])

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


class Net(nn.Module):
    def __init__(self, width=8, drop_rate=0.0):
        super(Net, self).__init__()
        self.block = Block(width, drop_rate=drop_rate)

    def forward(self, x):
        return self.block(x)
"""


def _ds102(tmp_path, nets_tail="", **others):
    (tmp_path / "nets.py").write_text(NETS + textwrap.dedent(nets_tail))
    for name, text in others.items():
        (tmp_path / f"{name}.py").write_text(textwrap.dedent(text))
    report = lint_paths([tmp_path], jobs=1)
    return [f for f in report.findings if f.code == "DS102"]


def test_a_rate_left_at_the_outermost_default_by_every_file_is_latent(tmp_path):
    found = _ds102(tmp_path)
    assert [(str(f.severity), is_latent(f)) for f in found] == [("info", True)]
    assert "`Net`" in found[0].message


@pytest.mark.parametrize("use", [
    "model = Net(drop_rate=cfg.drop)",        # built with a rate the scan cannot see
    "model = build(Net, cfg)",                # handed to a builder
    "ARCHS = {'net': 'Net'}",                 # named in a registry
])
def test_another_file_naming_the_class_gives_the_finding_back_its_severity(tmp_path, use):
    found = _ds102(tmp_path, train=f"""
        from nets import Net
        {use}
    """)
    assert [(str(f.severity), is_latent(f)) for f in found] == [(RULE, False)]


@pytest.mark.parametrize("prose", [
    "parser.add_argument('--heads', help='the number of heads for Net(default: 2)')",
    'def main():\n            """Trains a Net on the data."""\n            return 0',
])
def test_the_class_named_in_prose_is_no_use(tmp_path, prose):
    # a help text or a docstring names the class in words: nothing builds it there
    found = _ds102(tmp_path, train=f"""
        from nets import Net
        {prose}
    """)
    assert [(str(f.severity), is_latent(f)) for f in found] == [("info", True)]


def test_an_import_alone_is_no_use(tmp_path):
    # re-exported by a package's __init__ (a multi-line import): nothing builds it
    found = _ds102(tmp_path, __init__="""
        from .nets import (
            Block,
            Net,
        )
    """)
    assert [(str(f.severity), is_latent(f)) for f in found] == [("info", True)]


@pytest.mark.parametrize(("tail", "expected"), [
    ("\n\nmodel = Net(drop_rate=0.3)\n", [(RULE, False)]),    # built with a rate here
    ("\n\nNET_CLASS = Net\n", [(RULE, False)]),               # named: may be built so
    ("\n\nmodel = Net()\n", []),                                 # built at 0: never drops
])
def test_the_file_itself_decides_when_it_builds_or_names_the_class(tmp_path, tail, expected):
    found = _ds102(tmp_path, nets_tail=tail)
    assert [(str(f.severity), is_latent(f)) for f in found] == expected


def test_a_functional_dropout_without_training_in_a_class_built_nowhere(tmp_path):
    # DS101: `F.dropout(x, p=self.dropout)` (no `training=`), the rate the class's own
    # default, 0; and the same once a script builds it with a rate
    (tmp_path / "attn.py").write_text(textwrap.dedent("""
        import torch.nn as nn
        import torch.nn.functional as F


        class Attention(nn.Module):
            def __init__(self, dim, dropout=0.0):
                super().__init__()
                self.proj = nn.Linear(dim, dim)
                self.dropout = dropout

            def forward(self, x):
                return F.dropout(self.proj(x).softmax(-1), p=self.dropout)
    """))
    found = [f for f in lint_paths([tmp_path], jobs=1).findings if f.code == "DS101"]
    assert [(str(f.severity), is_latent(f)) for f in found] == [("info", True)]
    (tmp_path / "train.py").write_text("from attn import Attention\n\nattn = Attention(8, 0.1)\n")
    found = [f for f in lint_paths([tmp_path], jobs=1).findings if f.code == "DS101"]
    assert [(str(f.severity), is_latent(f)) for f in found] == [
        (str(BY_CODE["DS101"].severity), False)]


def test_latent_findings_are_the_same_with_workers_and_the_cache(tmp_path, monkeypatch):
    # the marks are made per file (in a worker, kept in the cache) and given back by the
    # join, which runs in the parent on every run: every way of running agrees
    from dropsurgeon.linter import jobs

    monkeypatch.setattr(jobs, "MIN_FILES", 1)
    monkeypatch.setattr(jobs, "MIN_BYTES", 0)
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "nets.py").write_text(NETS)
    other = re.sub(r"\b(Layer|Block|Net)\b", r"Other\1", NETS)  # the same, renamed
    (tree / "other.py").write_text(other)
    (tree / "train.py").write_text("from other import OtherNet\nmodel = OtherNet(drop_rate=0.2)\n")

    def run(**kw):
        found = lint_paths([tree], **kw).findings
        return sorted((f.path, f.line, f.code, str(f.severity), f.message) for f in found
                      if f.code == "DS102")

    plain = run(jobs=1)
    assert [(severity, "latent" in message) for _, _, _, severity, message in plain] == [
        ("info", True), (RULE, False)]
    cache = tmp_path / "cache"
    assert run(jobs=2) == plain
    assert run(jobs=2, cache_dir=cache) == plain  # filling the cache
    assert run(jobs=2, cache_dir=cache) == plain  # read back from it
