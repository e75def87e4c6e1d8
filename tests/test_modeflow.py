"""The mode analysis (issue 16): states, summaries, the repository-wide join, traces."""

from __future__ import annotations

import ast
import json
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dropsurgeon.linter.config import Config
from dropsurgeon.linter.modeflow.confidence import OUT_OF_SIGHT
from dropsurgeon.linter.static import lint_paths, lint_text
from dropsurgeon.report import render

FIXTURES = Path(__file__).parent / "fixtures" / "source"
MODE_CODES = {"DS401", "DS402", "DS403", "DS404"}
HEADER = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n\n"


def _lint(src: str, path: str = "script.py"):
    findings, _, error = lint_text(HEADER + textwrap.dedent(src), path, Config())
    assert error is None
    return [f for f in findings if f.code in MODE_CODES and not f.suppressed]


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.py")))
def test_every_mode_finding_has_a_trace(name):
    text = (FIXTURES / name).read_text()
    findings, _, _ = lint_text(text, name, Config())
    for f in findings:
        if f.code in MODE_CODES:
            assert f.trace, (f.code, f.line)
            assert all(step.line and step.message for step in f.trace)
            assert f.fix


def test_mnist_shape_trace_names_creation_switch_and_call():
    text = (FIXTURES / "scripts_mode_mnist.py").read_text()
    findings, _, _ = lint_text(text, "scripts_mode_mnist.py", Config())
    (f,) = [f for f in findings if f.code == "DS401"]
    messages = [s.message for s in f.trace]
    assert messages[0] == "`Net(...)` creates it in train mode"
    assert any("`model.train()` switches it to train mode" in m for m in messages)
    assert any(m.startswith("`evaluate(...)` receives `model`") for m in messages)
    assert "evaluates it (under `torch.no_grad()`)" in messages[-1]
    assert f.fix.startswith("Call `model.eval()`")


def test_fix_uses_the_codes_own_name():
    (f,) = _lint("""
        def predict(x):
            net = nn.Sequential(nn.Linear(2, 2), nn.Dropout(0.5))
            net.load_state_dict(torch.load("net.pt"))
            with torch.no_grad():
                return net(x)
    """)
    assert "`net.eval()`" in f.fix and "`net.eval()`" in f.message


def test_does_the_model_care():
    assert _lint("""
        def predict(x):
            rnn = nn.LSTM(4, 4, num_layers=2, dropout=0.2)
            rnn.load_state_dict(torch.load("rnn.pt"))
            with torch.no_grad():
                return rnn(x)
    """)
    assert not _lint("""
        def predict(x):
            rnn = nn.LSTM(4, 4, num_layers=2)
            rnn.load_state_dict(torch.load("rnn.pt"))
            with torch.no_grad():
                return rnn(x)
    """)


def test_pytest_rules_decide_what_is_a_test():
    src = """
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.drop = nn.Dropout(0.5)

            def forward(self, x):
                return self.drop(x)


        def test_accuracy(x):
            net = Net()
            net.load_state_dict(torch.load("net.pt"))
            with torch.no_grad():
                return net(x).argmax(1)
    """
    assert not _lint(src, "tests/test_net.py")  # pytest collects it: a test, not evaluation
    assert len(_lint(src, "evaluate.py")) == 1  # a script: evaluation code


def test_unknown_is_quiet():
    assert not _lint("""
        def run(x, helper):
            net = nn.Sequential(nn.Linear(2, 2), nn.Dropout(0.5))
            helper.prepare(net)  # code the scan cannot read: mode unknown
            with torch.no_grad():
                return net(x)
    """)


def _repo(root: Path, *, relative: bool = False) -> Path:
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "__init__.py").write_text("")
    (root / "pkg" / "evaluation.py").write_text(textwrap.dedent("""
        import torch


        def score(model, batches):
            hits = 0
            with torch.no_grad():
                for x, y in batches:
                    hits += (model(x).argmax(1) == y).sum().item()
            return hits
    """))
    imp = "from .evaluation import score" if relative else "from pkg.evaluation import score"
    where = root / "pkg" / "train.py" if relative else root / "train.py"
    where.write_text(HEADER + imp + "\n\n\n" + textwrap.dedent("""
        def main(train_loader, test_loader):
            net = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.3), nn.Linear(8, 2))
            opt = torch.optim.SGD(net.parameters(), lr=0.1)
            for x, y in train_loader:
                opt.zero_grad()
                F.cross_entropy(net(x), y).backward()
                opt.step()
            return score(net, test_loader)


        def main_ok(test_loader):
            net = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.3), nn.Linear(8, 2))
            net.eval()
            return score(net, test_loader)
    """))
    return root


def _facts(report) -> list[tuple]:
    return [(f.path, f.line, f.column, f.code, f.message, f.fix, f.suppressed,
             [s.to_dict() for s in f.trace]) for f in report.findings]


@pytest.mark.parametrize("relative", [False, True])
def test_helper_imported_from_another_file(tmp_path, relative):
    root = _repo(tmp_path / "repo", relative=relative)
    report = lint_paths([root], jobs=1)
    found = [f for f in report.findings if f.code == "DS401"]
    assert len(found) == 1
    f = found[0]
    assert f.path.endswith("evaluation.py") and f.line == 9
    assert f.trace[0].path.endswith("train.py")
    assert "`net.eval()`" in f.fix


def test_join_same_with_jobs_and_cache(tmp_path):
    root = _repo(tmp_path / "repo")
    for i in range(12):  # enough files for the worker pool
        (root / f"extra_{i}.py").write_text("x = 1\n" * 400)
    one = _facts(lint_paths([root], jobs=1))
    two = _facts(lint_paths([root], jobs=2))
    cold = _facts(lint_paths([root], jobs=2, cache_dir=tmp_path / "c"))
    warm = _facts(lint_paths([root], jobs=2, cache_dir=tmp_path / "c"))
    assert one == two == cold == warm and one


def test_noqa_on_the_helper_line_silences_the_join(tmp_path):
    root = _repo(tmp_path / "repo")
    ev = root / "pkg" / "evaluation.py"
    ev.write_text(ev.read_text().replace("== y).sum().item()", "== y).sum().item()  # noqa: DS401"))
    report = lint_paths([root], jobs=1)
    assert not report.active_findings


def test_sarif_of_a_real_lint_carries_code_flows(tmp_path, monkeypatch):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((Path(__file__).parent / "data" / "sarif-2.1.0.json").read_text())
    root = _repo(tmp_path / "repo")
    monkeypatch.chdir(root)
    doc = json.loads(render(lint_paths(["."], jobs=1), "sarif"))
    assert not list(jsonschema.Draft4Validator(schema).iter_errors(doc))
    (result,) = doc["runs"][0]["results"]
    flow = result["codeFlows"][0]["threadFlows"][0]["locations"]
    uris = [s["location"]["physicalLocation"]["artifactLocation"]["uri"] for s in flow]
    assert uris[0] == "train.py" and uris[-1] == "pkg/evaluation.py"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["train", "eval", "use", "to"]), min_size=1, max_size=8))
def test_straight_line_state_invariant(ops):
    """A use is reported exactly when the constructor left the model in train mode and no
    switch came since.  The code's own ``net.train()`` followed by an evaluation, with
    nothing trained between and no batch norm in the file, is Monte Carlo dropout: a choice."""
    lines = ["def run(x):",
             "    net = nn.Sequential(nn.Linear(2, 2), nn.Dropout(0.5))",
             "    net.load_state_dict(torch.load('net.pt'))"]
    expected, mode = set(), "new"
    offset = HEADER.count("\n") + 1
    for op in ops:
        if op == "use":
            lines.append("    with torch.no_grad():")
            lines.append("        print(net(x).argmax(1))")
            if mode == "new":
                expected.add(offset + len(lines) - 1)
        elif op == "to":
            lines.append("    net = net.to('cpu')")
        else:
            lines.append(f"    net.{op}()")
            mode = op
    findings, _, _ = lint_text(HEADER + "\n".join(lines) + "\n", "s.py", Config())
    assert {f.line for f in findings if f.code == "DS401"} == expected


def test_losses_and_activations_have_no_mode():
    assert not _lint("""
        def validate(out, y):
            criterion = nn.CrossEntropyLoss()
            act = nn.GELU()
            with torch.no_grad():
                return criterion(act(out), y).item()
    """)


_WRAPPED_LAYERS = """
    def init_layer(layer, gain=1.0):
        nn.init.orthogonal_(layer.weight, gain)
        return layer


    class Critic(nn.Module):
        def __init__(self, n_in, n_out):
            super().__init__()
            self.body = nn.Sequential(init_layer(nn.Linear(n_in, 64)), nn.{LAYER}, nn.Tanh(),
                                      init_layer(nn.Linear(64, n_out)))

        def forward(self, x):
            return self.body(x)


    class Pixels(nn.Module):
        def __init__(self, channels, n_out):
            super().__init__()
            parts = [nn.Conv2d(channels, 8, 3), {CONV_EXTRA}nn.ReLU()]
            parts += [nn.Flatten(), nn.LazyLinear(n_out)]
            self.body = nn.Sequential(*parts)

        def forward(self, x):
            return self.body(x)


    class Wrapped(nn.Module):
        def __init__(self, backbone):
            super().__init__()
            parts = [backbone, nn.ReLU()]
            self.body = nn.Sequential(*parts)

        def forward(self, x):
            return self.body(x)


    def act(obs, backbone):
        critic, pix, wrapped = Critic(4, 2), Pixels(3, 2), Wrapped(backbone)
        critic.load_state_dict(torch.load("critic.pt"))
        pix.load_state_dict(torch.load("pix.pt"))
        wrapped.load_state_dict(torch.load("wrapped.pt"))
        opt = torch.optim.Adam(critic.parameters())
        with torch.no_grad():
            a = critic(obs).argmax(-1)
            b = pix(obs).argmax(-1)
            c = wrapped(obs).argmax(-1)
        loss = critic(obs).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
        return a, b, c
"""


def test_does_the_model_care_through_wrapping_helpers_and_built_lists():
    """A layer passed through a helper that returns it (``init_layer(nn.Linear(...))``) is that
    layer; ``nn.Sequential(*parts)`` over a list built in the class is judged by what the class
    builds; a list holding a constructor argument (a module made elsewhere) may care."""
    free = _WRAPPED_LAYERS.replace("{LAYER}", "LayerNorm(64)").replace("{CONV_EXTRA}", "")
    lines = {f.line - HEADER.count("\n") for f in _lint(free)}
    assert lines == {47}  # only `wrapped`: its backbone comes from outside
    cares = _WRAPPED_LAYERS.replace("{LAYER}", "Dropout(0.2)").replace(
        "{CONV_EXTRA}", "nn.BatchNorm2d(8), ")
    assert {f.line - HEADER.count("\n") for f in _lint(cares)} == {45, 46, 47}


_SMOKE = """
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(8, 2)
            self.drop = nn.Dropout(0.3)

        def forward(self, x):
            return self.fc(self.drop(x))


    if __name__ == "__main__":
        net = Net()
        {LOAD}probe = torch.randn(4, 8)
        with torch.no_grad():
            print(net(probe).argmax(1))
"""


def test_fresh_weights_are_a_smoke_test_not_an_evaluation():
    """A module built right here, never trained nor loaded: its outputs mean nothing in either
    mode, on ``torch.randn(...)`` or on real inputs (two code paths compared).  Loaded weights
    make it an evaluation."""
    assert not _lint(_SMOKE.replace("{LOAD}", ""))
    loaded = _lint(_SMOKE.replace("{LOAD}", 'net.load_state_dict(torch.load("w.pt"))\n        '))
    assert [f.code for f in loaded] == ["DS401"]
    assert not _lint(_SMOKE.replace("{LOAD}", "").replace("torch.randn(4, 8)", "load_batch()"))
    real = _lint(_SMOKE.replace("{LOAD}", 'net.load_state_dict(torch.load("w.pt"))\n        ')
                 .replace("torch.randn(4, 8)", "load_batch()"))
    assert [f.code for f in real] == ["DS401"]


NETS = """\
import torch.nn as nn


class Backbone(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(3, 8, 3), nn.BatchNorm2d(8), nn.ReLU(),
                                  nn.AdaptiveAvgPool2d(1))

    def forward(self, x):
        return self.body(x).flatten(1)


class Plain(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 2)

    def forward(self, x):
        return self.fc(x)
"""

EXTRACT = """\
import torch
from {module} import Backbone, Plain
from meters import Meter


def dump_features(loader):
    backbone = Backbone()
    backbone.load_state_dict(torch.load("backbone.pt"))
    feats = []
    with torch.no_grad():
        for images, _ in loader:
            feats.append(backbone(images).numpy())
    return feats


def dump_plain(loader):
    plain = Plain()
    plain.load_state_dict(torch.load("plain.pt"))
    with torch.no_grad():
        return [plain(x).argmax(1) for x, _ in loader]


def dump_after_eval(loader):
    backbone = Backbone().eval()
    with torch.no_grad():
        return [backbone(x).numpy() for x, _ in loader]


def meter_values(loader):
    meter = Meter()
    meter.load_state_dict(torch.load("meter.pt"))
    with torch.no_grad():
        return [meter(x).argmax(1) for x, _ in loader]
"""


def _write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write ``files`` (relative path -> text) under ``root``; a folder named in a path gets
    an empty ``__init__.py`` (a package)."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.parent != root and not (path.parent / "__init__.py").exists():
            (path.parent / "__init__.py").write_text("")
        path.write_text(text)
    return root


@pytest.mark.parametrize("layout", ["flat", "package"])
def test_model_of_a_class_imported_from_another_file(tmp_path, layout):
    # the class's own file decides whether it has dropout or batch norm; classes of
    # libraries or of files not linted (Meter) stay quiet
    prefix = "pkg/" if layout == "package" else ""
    root = _write_tree(tmp_path / "repo", {
        f"{prefix}nets.py": NETS,
        f"{prefix}extract.py": EXTRACT.format(module=".nets" if prefix else "nets")})
    pkg = root / prefix
    report = lint_paths([root], jobs=1)
    found = [f for f in report.findings if f.code in MODE_CODES]
    assert [(Path(f.path).name, f.line) for f in found] == [("extract.py", 12)]
    (f,) = found
    assert f.trace[0].message == "`Backbone(...)` creates it in train mode"
    # alone, the file cannot tell: quiet
    alone = lint_paths([pkg / "extract.py"], jobs=1)
    assert [f for f in alone.findings if f.code in MODE_CODES] == []


def test_a_model_built_one_of_two_ways_keeps_its_mode():
    found = _lint("""
        class GCN(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, 4)

            def forward(self, x):
                return F.dropout(self.fc(x), 0.5, training=self.training)


        class MLP(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, 4)

            def forward(self, x):
                return self.fc(x)


        def main(args, x):
            if args.gcn:
                model = GCN()
            else:
                model = MLP()
            opt = torch.optim.Adam(model.parameters())
            loss = model(x).sum()
            loss.backward()
            opt.step()
            with torch.no_grad():
                return model(x).argmax(1)
    """)
    assert [(f.code, f.line) for f in found] == [("DS401", 35)]


UTILS = """\
import torch


def evaluate(model, loader):
    correct = 0
    with torch.no_grad():
        for x, y in loader:
            correct += (model(x).argmax(1) == y).sum().item()
    return correct
"""

TRAIN = """\
import torch
from builders import build_model
from utils import evaluate


def main(cfg, train_loader, test_loader):
    model = build_model(cfg)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for x, y in train_loader:
        model.train()
        loss = torch.nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
{switch}        print(evaluate(model, test_loader))
"""


@pytest.mark.parametrize("switch", [True, False])
def test_helper_judged_by_name_is_withdrawn_when_callers_elsewhere_switch(tmp_path, switch):
    # utils.evaluate has no caller in its file, so the name rule reports it there; a caller
    # in another file that switches its (untracked) model to eval first settles it
    root = tmp_path / "repo"
    root.mkdir()
    (root / "utils.py").write_text(UTILS)
    (root / "train.py").write_text(TRAIN.format(switch="        model.eval()\n" if switch else ""))
    found = [f for f in lint_paths([root], jobs=1).findings if f.code in MODE_CODES]
    assert [(Path(f.path).name, f.line) for f in found] == ([] if switch else [("utils.py", 4)])


def test_join_follows_a_parameter_through_several_files(tmp_path):
    # train.py -> pkg/evaluation.evaluate(model) -> pkg/predict.predict(model): the use is
    # two files away from the model's creation
    root = tmp_path / "repo"
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "__init__.py").write_text("")
    (root / "pkg" / "predict.py").write_text(
        "import torch\n\n\ndef predict(model, batch):\n    with torch.no_grad():\n"
        "        return model(batch).argmax(1)\n")
    (root / "pkg" / "evaluation.py").write_text(
        "from pkg.predict import predict\n\n\ndef evaluate(model, loader):\n"
        "    return [predict(model, x) for x, _ in loader]\n")
    (root / "train.py").write_text(textwrap.dedent("""\
        import torch
        import torch.nn as nn
        from pkg.evaluation import evaluate


        def main(loader, test_loader):
            model = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.5))
            opt = torch.optim.SGD(model.parameters(), lr=0.1)
            for x, y in loader:
                loss = nn.functional.cross_entropy(model(x), y)
                opt.zero_grad()
                loss.backward()
                opt.step()
            print(evaluate(model, test_loader))
        """))
    for jobs in (1, 2):
        found = [f for f in lint_paths([root], jobs=jobs).findings if f.code in MODE_CODES]
        assert [(Path(f.path).name, f.line) for f in found] == [("predict.py", 6)]
        assert [Path(s.path).name for s in found[0].trace] == [
            "train.py", "train.py", "evaluation.py", "predict.py"]


def test_nose_style_test_functions_in_a_test_file_are_tests():
    src = """
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.5))

            def forward(self, x):
                return self.fc(x)


        def model_forward_test(x, lengths):
            model = Net()
            model.load_state_dict(torch.load("net.pt"))
            out = model.forward(x[:, : lengths.max()])
            assert (out.argmax(1) >= 0).all()
    """
    assert not _lint(src, "tests/test_net.py")  # nose/unittest collect `*_test` there
    assert len(_lint(src, "net_checks.py")) == 1  # not a test file: a script


FACTORIES = '''\
import torch
import torch.nn as nn
from transformers import AutoModel


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 8)
        self.drop = nn.Dropout(0.5)

    def forward(self, x):
        return self.fc(self.drop(x))


class Plain(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 8)

    def forward(self, x):
        return self.fc(x)


def build_model(path=None):
    model = Net()
    if path:
        model.load_state_dict(torch.load(path))
    return model


def build_plain():
    return Plain()


def load_plm(name):
    return AutoModel.from_pretrained(name)


def load_for_eval(path):
    model = Net()
    model.load_state_dict(torch.load(path))
    model.eval()
    return model
'''

USES_FACTORIES = '''\
import torch
from {module} import build_model, build_plain, load_plm, load_for_eval


def main(loader, path):
    model = build_model(path)
    correct = 0
    with torch.no_grad():
        for x, y in loader:
            correct += (model(x).argmax(1) == y).sum().item()
    return correct


def plain(loader):
    model = build_plain()
    with torch.no_grad():
        return [model(x).argmax(1) for x, _ in loader]


def evaled(loader, path):
    model = load_for_eval(path)
    with torch.no_grad():
        return [model(x).argmax(1) for x, _ in loader]


def switched(loader, path):
    model = build_model(path)
    model.eval()
    with torch.no_grad():
        return [model(x).argmax(1) for x, _ in loader]


def finetune(loader):
    plm = load_plm("t5-base")
    opt = torch.optim.AdamW(plm.parameters(), lr=1e-4)
    for batch in loader:
        loss = plm(**batch).loss
        loss.backward()
        opt.step()
        opt.zero_grad()


def smoke():
    model = build_model()
    with torch.no_grad():
        print(model(torch.randn(2, 8)).shape)


def unknown(loader):
    model = make_elsewhere()
    with torch.no_grad():
        return [model(x).argmax(1) for x, _ in loader]
'''


@pytest.mark.parametrize("layout", ["flat", "package"])
def test_a_model_returned_by_a_function_of_another_file(tmp_path, layout):
    # the factory's own file says in which mode it returns the model (a new module: train;
    # from_pretrained: eval; after .eval(): eval) and whether it has dropout or batch norm
    prefix = "pkg/" if layout == "package" else ""
    root = _write_tree(tmp_path / "repo", {
        f"{prefix}models.py": FACTORIES,
        "evaluate.py": USES_FACTORIES.format(module="pkg.models" if prefix else "models")})
    report = lint_paths([root], jobs=1)
    found = sorted((f.code, Path(f.path).name, f.line) for f in report.findings
                   if f.code in MODE_CODES)
    assert found == [("DS401", "evaluate.py", 10), ("DS403", "evaluate.py", 37)]
    ds401 = next(f for f in report.findings if f.code == "DS401")
    assert [(Path(t.path).name, t.line) for t in ds401.trace] == [
        ("models.py", 26), ("evaluate.py", 6), ("evaluate.py", 10)]
    assert "build_model" in ds401.message and "`model.eval()`" in ds401.message
    # the same with the cache and several jobs
    again = lint_paths([root], jobs=2, cache_dir=tmp_path / "cache")
    again = lint_paths([root], jobs=2, cache_dir=tmp_path / "cache")
    assert sorted((f.code, Path(f.path).name, f.line) for f in again.findings
                  if f.code in MODE_CODES) == found
    # alone, the file cannot tell: quiet
    alone = lint_paths([root / "evaluate.py"], jobs=1)
    assert [f for f in alone.findings if f.code in MODE_CODES] == []


PROMPTS = '''\
import torch.nn as nn


class PromptForGeneration(nn.Module):
    def __init__(self, plm):
        super().__init__()
        self.plm = plm
        self.dropout = nn.Dropout(0.1)

    def forward(self, batch):
        return self.plm(**batch).loss

    def generate(self, batch, **kw):
        return self.plm.generate(**batch, **kw)


class SelfSwitching(nn.Module):
    def __init__(self, plm):
        super().__init__()
        self.plm = plm
        self.dropout = nn.Dropout(0.1)

    def forward(self, batch):
        return self.plm(**batch).loss

    def generate(self, batch, **kw):
        self.eval()
        return self.plm.generate(**batch, **kw)
'''

GENERATES = '''\
import torch
from prompts import PromptForGeneration, SelfSwitching


def evaluate(model, loader):
    return [model.generate(batch, max_length=20) for batch in loader]


def evaluate_other(model, loader):
    return [model.generate(batch, max_length=20) for batch in loader]


def main(plm, loader, val):
    model = PromptForGeneration(plm)
    other = SelfSwitching(plm)
    opt = torch.optim.AdamW([*model.parameters(), *other.parameters()])
    model.train()
    other.train()
    for batch in loader:
        loss = model(batch) + other(batch)
        loss.backward()
        opt.step()
        opt.zero_grad()
        evaluate(model, val)
        evaluate_other(other, val)
'''


def test_generate_on_a_class_of_another_file(tmp_path):
    # validation by generation inside the training loop: an evaluation in train mode, unless
    # the class (read in its own file) switches its own mode
    root = _write_tree(tmp_path / "repo", {"prompts.py": PROMPTS, "train.py": GENERATES})
    report = lint_paths([root], jobs=1)
    found = [(f.code, Path(f.path).name, f.line) for f in report.findings
             if f.code in MODE_CODES]
    assert found == [("DS401", "train.py", 6)]
    (f,) = [f for f in report.findings if f.code == "DS401"]
    assert "generate()" in f.message
    assert f.trace[0].message == "`PromptForGeneration(...)` creates it in train mode"


HELPER_UTILS = '''\
def evaluate_model(model, iterator):
    preds, ys = [], []
    for x, y in iterator:
        preds.extend(model(x).argmax(1).tolist())
        ys.extend(y.tolist())
    return sum(int(a == b) for a, b in zip(preds, ys)) / len(ys)
'''

HELPER_MODEL = '''\
import torch.nn as nn


class FastText(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(100, 8)
        self.fc = nn.Linear(8, 4){extra}

    def forward(self, x):
        return self.fc(self.emb(x).mean(1))
'''

HELPER_TRAIN = '''\
import torch
from model import FastText
from utils import evaluate_model

model = FastText()
opt = torch.optim.SGD(model.parameters(), lr=0.1)
model.train()
print(evaluate_model(model, []))
'''


@pytest.mark.parametrize("dropout", [False, True])
def test_helper_finding_withdrawn_when_every_caller_hands_a_mode_free_model(tmp_path, dropout):
    # the name rule judges `evaluate_model` alone in utils.py; the join sees its only caller
    # hand it a model whose class (read in model.py) has no dropout or batch norm
    root = _write_tree(tmp_path / "repo", {
        "utils.py": HELPER_UTILS,
        "model.py": HELPER_MODEL.format(
            extra="\n        self.drop = nn.Dropout(0.5)" if dropout else ""),
        "train.py": HELPER_TRAIN})
    found = [(f.code, Path(f.path).name, f.line) for f in lint_paths([root], jobs=1).findings
             if f.code in MODE_CODES]
    assert found == ([("DS401", "utils.py", 1)] if dropout else [])


SCRIPT_NETS = '''\
import torch.nn as nn


class Plain(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        return self.fc(x)


class Drop(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)
        self.drop = nn.Dropout(0.5)

    def forward(self, x):
        return self.drop(self.fc(x))
'''

SCRIPT_RUN = '''\
import torch
from nets import {cls}


def test_step(model, loader):
    model.eval()
    with torch.no_grad():
        for x, y in loader:
            print((model(x).argmax(1) == y).float().mean())


def evaluate(model, loader):
    correct = 0
    with torch.no_grad():
        for x, y in loader:
            correct += (model(x).argmax(1) == y).sum()
    return correct


def fit(loader):
    model = {cls}()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for epoch in range(3):
        for x, y in loader:
            loss = torch.nn.functional.cross_entropy(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
        test_step(model, loader)
    print(evaluate(model, loader))


net = {cls}()
optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
data = []
for epoch in range(3):
    for x, y in data:
        loss = torch.nn.functional.cross_entropy(net(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    test_step(model=net, loader=data)
'''


@pytest.mark.parametrize("cls, expected", [("Drop", [29, 42]), ("Plain", [])])
def test_name_rules_judge_a_model_of_another_files_class_in_that_file(tmp_path, cls, expected):
    # DS402: `test_step` leaves the model in eval inside the epoch loop; whether that
    # matters is decided by the class's own file (Plain has neither dropout nor batch norm).
    # `evaluate(model)` after the loop is no DS401: `test_step(model)` left it in eval.
    root = _write_tree(tmp_path / "repo", {"nets.py": SCRIPT_NETS,
                                           "run.py": SCRIPT_RUN.format(cls=cls)})
    report = lint_paths([root], jobs=1)
    found = [f for f in report.findings if f.code in MODE_CODES]
    assert [(f.code, f.line) for f in found] == [("DS402", n) for n in expected]
    for f in found:
        assert [t.line for t in f.trace] == [f.line, f.line - 1]  # the switch, then the step
    # alone, run.py cannot tell whether the class cares: quiet
    alone = lint_paths([root / "run.py"], jobs=1)
    assert [f for f in alone.findings if f.code in MODE_CODES] == []


OWN_LAYERS = '''\
import torch
from torch import nn


class MyLinear(nn.Module):
    """A hand-written linear layer: no dropout, no batch norm."""

    def __init__(self, n_in, n_out):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(n_out, n_in))
        {extra}

    def forward(self, x):
        return {out}
'''

FITS_OWN_LAYERS = '''\
import torch
from torch import nn
from layers.linear import MyLinear


class TinyNet(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.fc1 = MyLinear(1, hidden)
        self.fc2 = MyLinear(hidden, 1)

    def forward(self, x):
        return self.fc2(torch.tanh(self.fc1(x)))


def fit(x, y):
    model = TinyNet(32)
    opt = torch.optim.Adam(model.parameters())
    for _ in range(100):
        opt.zero_grad()
        ((model(x) - y) ** 2).mean().backward()
        opt.step()
    return model(x).argmax(1)
'''


@pytest.mark.parametrize("dropout", [False, True])
def test_a_class_built_from_another_files_layers(tmp_path, dropout):
    # TinyNet's only unknown parts are MyLinear layers of another file: that file decides
    extra = "self.drop = nn.Dropout(0.1)" if dropout else "self.bias = None"
    out = "self.drop(x @ self.weight.T)" if dropout else "x @ self.weight.T"
    root = _write_tree(tmp_path / "repo", {
        "layers/linear.py": OWN_LAYERS.format(extra=extra, out=out),
        "lesson/fit.py": FITS_OWN_LAYERS})
    report = lint_paths([root], jobs=1)
    found = [(f.code, Path(f.path).name, f.line) for f in report.findings
             if f.code in MODE_CODES]
    assert found == ([("DS401", "fit.py", 23)] if dropout else [])


HELPER = '''\
import torch


def eval_mae(model, loader):
    total = 0.0
    with torch.no_grad():
        for x, y in loader:
            total += (model(x) - y).abs().mean().item()
    return total
'''

PASSES_HELPER = '''\
from metrics import eval_mae


def fit(model, loader, score_fn):
    model.eval()
    return score_fn(model, loader)


def main(model, loader):
    return fit(model, loader, eval_mae)
'''


def test_an_evaluation_helper_handed_around_as_a_value(tmp_path):
    # `eval_mae` is never called by name: who calls it with what is out of sight, so its
    # name-rule finding (no `.eval()` in it nor in a visible caller) is withdrawn
    root = _write_tree(tmp_path / "repo", {"metrics.py": HELPER, "train.py": PASSES_HELPER})
    assert [f for f in lint_paths([root], jobs=1).findings if f.code in MODE_CODES] == []
    alone = _write_tree(tmp_path / "alone", {"metrics.py": HELPER})
    assert [(f.code, f.line) for f in lint_paths([alone], jobs=1).findings
            if f.code in MODE_CODES] == [("DS401", 4)]


DECODES = '''\
import torch


def translate(model, src, steps=5):
    with torch.no_grad():
        hidden = model.encoder(src)
    out = []
    for _ in range(steps):
        with torch.no_grad():
            logits, hidden = model.decoder(hidden)
        out.append(int(logits.argmax(1)))
    return out
'''

TRAINS_SEQ2SEQ = '''\
import torch
import torch.nn as nn

from decode import translate


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.drop = nn.Dropout(0.5)

    def forward(self, x):
        return self.drop(x)


class Seq2Seq(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = Encoder()
        self.decoder = nn.GRUCell(4, 4)

    def forward(self, src):
        return self.decoder(self.encoder(src))


model = Seq2Seq()
opt = torch.optim.Adam(model.parameters())
for src in [torch.randn(2, 4)]:
    opt.zero_grad()
    model(src).sum().backward()
    opt.step()
{switch}print(translate(model, torch.randn(2, 4)))
'''


@pytest.mark.parametrize("switch", ["", "model.eval()\n"])
def test_a_helper_of_another_file_running_the_models_submodules(tmp_path, switch):
    # `model.encoder(src)` in decode.py is a use of `model` because train.py, which knows
    # Seq2Seq, vouches that its `encoder` and `decoder` run it and switch no mode
    root = _write_tree(tmp_path / "repo", {"decode.py": DECODES,
                                           "train.py": TRAINS_SEQ2SEQ.format(switch=switch)})
    found = [(f.code, Path(f.path).name, f.line) for f in lint_paths([root], jobs=1).findings
             if f.code in MODE_CODES]
    assert found == ([] if switch else [("DS401", "decode.py", 6), ("DS401", "decode.py", 10)])


FIT_TWO_NAMES = '''import torch
import torch.nn as nn


def fit_one_epoch(model_train, model, optimizer, train_dl, test_dl):
    model_train.train()
    for x, y in train_dl:
        optimizer.zero_grad()
        nn.functional.cross_entropy(model_train(x), y).backward()
        optimizer.step()
{switch}    dists = []
    for a, b in test_dl:
        with torch.no_grad():
            dists.append(torch.dist(model(a), model(b)).item())
    return dists
'''

CALLS_FIT_TWO_NAMES = '''import torch
import torch.nn as nn

from utils_fit import fit_one_epoch

model = nn.Sequential(nn.Linear(16, 32), nn.BatchNorm1d(32), nn.ReLU(), nn.Linear(32, 8))
model_train = model.train()
if torch.cuda.is_available():
    model_train = nn.DataParallel(model).cuda()
optimizer = torch.optim.Adam(model_train.parameters())
train_dl = [(torch.randn(8, 16), torch.randint(0, 8, (8,))) for _ in range(4)]
test_dl = [(torch.randn(8, 16), torch.randn(8, 16)) for _ in range(2)]
for epoch in range(3):
    print(fit_one_epoch(model_train, model, optimizer, train_dl, test_dl))
'''


@pytest.mark.parametrize("switch", ["", "    model_train.eval()\n"])
def test_one_model_handed_to_a_helper_of_another_file_under_two_names(tmp_path, switch):
    # `model_train` wraps `model`: the helper's `model_train.eval()` switches the object it
    # then evaluates as `model`; without that switch the evaluation is in train mode
    root = _write_tree(tmp_path / "repo", {"utils_fit.py": FIT_TWO_NAMES.format(switch=switch),
                                           "train.py": CALLS_FIT_TWO_NAMES})
    found = [(f.code, Path(f.path).name) for f in lint_paths([root], jobs=1).findings
             if f.code in MODE_CODES]
    assert found == ([] if switch else [("DS401", "utils_fit.py")])


LOOPS_SWITCHING = '''import torch


def nll_epoch(rnn, head, loader):
    rnn.train()
    head.train()
    total = 0.0
    with torch.no_grad():
        for x, y in loader:
            rnn.zero_grad()  # (copied from the training loop)
            head.zero_grad()
            y_pred = torch.sigmoid(head(rnn(x)))
            total += ((y_pred - y) ** 2).mean().item()
    return total / len(loader)
'''

NETS_GRU = '''import torch.nn as nn


class StepRNN(nn.Module):
    def __init__(self, n_in, n_hid):
        super().__init__()
        self.inp = nn.Linear(n_in, n_hid)
        self.rnn = nn.GRU(n_hid, n_hid, num_layers=2, batch_first=True)

    def forward(self, x):
        return self.rnn(self.inp(x))[0]


class Head(nn.Module):
    def __init__(self, n_hid, n_out):
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(n_hid, n_hid), {drop}nn.Linear(n_hid, n_out))

    def forward(self, h):
        return self.mlp(h)
'''

MAIN_GRU = '''import torch
from nets import StepRNN, Head
import loops

rnn = StepRNN(8, 16)
head = Head(16, 8)
rnn.load_state_dict(torch.load("rnn.pt"))
head.load_state_dict(torch.load("head.pt"))
print(loops.nll_epoch(rnn, head, torch.load("test.pt")))
'''


@pytest.mark.parametrize("drop", ["", "nn.Dropout(0.1), "])
def test_parameters_switched_inside_are_judged_by_callers_in_other_files(tmp_path, drop):
    # `nll_epoch` calls `.train()` on its parameters and then only evaluates: in its own
    # file the models' classes are unknown; its one caller (main.py) hands a GRU model with
    # no dropout (num_layers=2, dropout 0) and a head with or without dropout
    root = _write_tree(tmp_path / "repo", {"loops.py": LOOPS_SWITCHING, "main.py": MAIN_GRU,
                                           "nets.py": NETS_GRU.format(drop=drop)})
    found = [(f.code, Path(f.path).name, f.message.split("`")[3])
             for f in lint_paths([root], jobs=1).findings if f.code in MODE_CODES]
    # `head(rnn(x))`: one finding per model, and only the head has dropout
    assert found == ([("DS401", "loops.py", "head")] if drop else [])


PORTED_NETS = '''import torch.nn as nn


class PortedNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Conv2d(3, 6, 3)
        self.act = nn.PReLU(6)
        self.training = False{extra}

    def forward(self, x):
        return self.act(self.body(x))
'''

PORTED_CHECK = '''import torch
from nets import PortedNet


def compare(net, reference, batch):
    with torch.no_grad():
        return (net(batch) - reference).abs().max().item()


net = PortedNet()
net.load_state_dict(torch.load("ported.pt"))
print(compare(net, torch.load("ref.pt"), torch.randn(1, 3, 8, 8)))
'''


@pytest.mark.parametrize("extra", ["", "\n        self.drop = nn.Dropout(0.1)"])
def test_a_write_of_self_training_is_no_mode_dependent_layer_across_files(tmp_path, extra):
    root = _write_tree(tmp_path / "repo", {"nets.py": PORTED_NETS.format(extra=extra),
                                           "check.py": PORTED_CHECK})
    found = [(f.code, Path(f.path).name) for f in lint_paths([root], jobs=1).findings
             if f.code in MODE_CODES]
    assert found == ([("DS401", "check.py")] if extra else [])


SCORER = '''import torch.nn as nn


class Scorer(nn.Module):
    def __init__(self, n_items, dim):
        super().__init__()
        self.item_emb = nn.Embedding(n_items, dim)
        self.head = nn.Sequential(nn.Linear(dim, dim), {drop}nn.Linear(dim, 1))

    def forward(self, items):
        return self.head(self.item_emb(items)).squeeze(-1)
'''

FIT_THEN_EVALUATE = '''import torch
import torch.nn.functional as F
from nets import Scorer


def fit(loader, epochs):
    model = Scorer(1000, 32)
    opt = torch.optim.Adam(model.parameters(), 1e-3)
    for _ in range(epochs):
        for items, y in loader:
            loss = F.mse_loss(model(items), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
    return model


def evaluate(model, loader):
    with torch.no_grad():
        return [F.mse_loss(model(items), y).item() for items, y in loader]


m = fit(torch.load("train.pt"), 3)
print(evaluate(m, torch.load("test.pt")))
'''


@pytest.mark.parametrize("drop", ["", "nn.Dropout(0.2), "])
def test_a_model_a_factory_of_this_file_builds_from_another_files_class(tmp_path, drop):
    # `m = fit(...)` returns a `Scorer` of nets.py: whether `evaluate(m)` matters is decided
    # there (no dropout: quiet)
    root = _write_tree(tmp_path / "repo", {"nets.py": SCORER.format(drop=drop),
                                           "run.py": FIT_THEN_EVALUATE})
    found = [(f.code, Path(f.path).name) for f in lint_paths([root], jobs=1).findings
             if f.code in MODE_CODES]
    assert (found != []) == bool(drop)


# -- tuning-set classes of the sixth round (held-out sets 34 and 35, seen) ----------------------

EMBED_SCORER = '''import torch.nn as nn


class Ranker(nn.Module):
    def __init__(self, n, dim):
        super().__init__()
        self.emb = nn.Embedding(n, dim)
        self.out = nn.Sequential(nn.Linear(dim, dim), nn.ReLU(), {drop}nn.Linear(dim, 1))

    def forward(self, ids):
        return self.out(self.emb(ids)).squeeze(-1)
'''

UNCALLED_EVALUATE = '''import torch
import torch.nn.functional as F
from nets import Ranker


def fit(loader):
    model = Ranker(50, 8)
    opt = torch.optim.SGD(model.parameters(), 0.1)
    for ids, y in loader:
        loss = F.mse_loss(model(ids), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model


def evaluate(model, loader):
    total = 0.0
    for ids, y in loader:
        total += F.mse_loss(model(ids), y).item()
    return total
'''


@pytest.mark.parametrize("drop", ["", "nn.Dropout(0.3), "])
def test_an_uncalled_helper_is_judged_by_the_models_its_file_builds_from_other_files(
        tmp_path, drop):
    # `evaluate(model)` is called nowhere: the only model its file builds is another file's
    # `Ranker`, whose own file decides (no dropout, no batch norm: quiet)
    root = _write_tree(tmp_path / "repo", {"nets.py": EMBED_SCORER.format(drop=drop),
                                           "run.py": UNCALLED_EVALUATE})
    found = [(f.code, Path(f.path).name) for f in lint_paths([root], jobs=1).findings
             if f.code in MODE_CODES]
    assert found == ([("DS401", "run.py")] if drop else [])


@pytest.mark.parametrize("switch", ["model.eval()\n", ""])
def test_an_uncalled_helper_of_a_script_whose_global_model_is_put_in_eval(switch):
    found = _lint(f"""
        class Tagger(nn.Module):
            def __init__(self):
                super().__init__()
                self.drop = nn.Dropout(0.5)
                self.out = nn.Linear(8, 3)

            def forward(self, x):
                return self.out(self.drop(x))


        model = torch.load("tagger.pt")
        {switch}

        def evaluate(model, batches):
            hits = 0
            for x, y in batches:
                hits += (model(x).argmax(-1) == y).sum().item()
            return hits
    """)
    assert [f.code for f in found] == ([] if switch else ["DS401"])


@pytest.mark.parametrize("rate", ["", "rate=0.4"])
def test_a_rate_passed_on_through_two_constructors_is_read_at_the_outer_one(rate):
    found = _lint(f"""
        class Layer(nn.Module):
            def __init__(self, n_in, n_out, rate=0.0):
                super().__init__()
                self.lin = nn.Linear(n_in, n_out)
                self.drop = nn.Dropout(rate)

            def forward(self, x):
                return self.lin(self.drop(x))


        class Net(nn.Module):
            def __init__(self, rate=0.0):
                super().__init__()
                self.a = Layer(6, 6, rate=rate)
                self.b = Layer(6, 2, rate=rate)

            def forward(self, x):
                return self.b(torch.relu(self.a(x)))


        model = Net({rate})
        opt = torch.optim.SGD(model.parameters(), 0.1)
        x, y = torch.randn(8, 6), torch.randint(0, 2, (8,))


        def accuracy():
            model.eval()
            with torch.no_grad():
                return (model(x).argmax(1) == y).float().mean().item()


        for epoch in range(3):
            loss = F.cross_entropy(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            print(accuracy())
    """)
    assert [f.code for f in found] == (["DS402"] if rate else [])


@pytest.mark.parametrize("norm_class", ["nn.LayerNorm(c)", "nn.Sequential(nn.Dropout(0.1))"])
def test_a_training_write_on_a_child_a_factory_builds_is_judged_by_what_it_returns(norm_class):
    findings, _, _ = lint_text(HEADER + textwrap.dedent(f"""
        def make_norm(c):
            return {norm_class}


        class Block(nn.Module):
            def __init__(self, c):
                super().__init__()
                self.norm = make_norm(c)
                self.fc = nn.Linear(c, c)

            def forward(self, x, norm_training=None):
                if norm_training is not None:
                    self.norm.training = norm_training
                return self.fc(self.norm(x))
    """), "block.py", Config())
    codes = [f.code for f in findings if f.code == "DS404"]
    assert codes == ([] if "LayerNorm" in norm_class else ["DS404"])


MIXER = '''import torch.nn as nn


class Mixer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.fc = nn.Linear(c, c)
        self.drop = {layer}

    def forward(self, x):
        return self.drop(self.fc(x))
'''

FLIPS_CHILD = '''import torch.nn as nn
from layers import Mixer


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.mix = Mixer(c)

    def forward(self, x, mix_training=None):
        if mix_training is not None:
            self.mix.training = mix_training
        return self.mix(x)
'''


@pytest.mark.parametrize("layer", ["nn.Identity()", "nn.Dropout(0.2)"])
def test_a_training_write_on_another_files_child_is_judged_in_that_file(tmp_path, layer):
    root = _write_tree(tmp_path / "repo", {"layers.py": MIXER.format(layer=layer),
                                           "model.py": FLIPS_CHILD})
    found = [(f.code, Path(f.path).name) for f in lint_paths([root], jobs=1).findings
             if f.code == "DS404"]
    assert found == ([("DS404", "model.py")] if "Dropout" in layer else [])


@pytest.mark.parametrize("loop", ["val_loader", "train_loader"])
def test_script_level_validation_loop_with_a_prediction_and_no_eval(loop):
    found = _lint(f"""
        model = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.Linear(8, 2))
        opt = torch.optim.Adam(model.parameters())
        train_loader = torch.load("train.pt")
        val_loader = torch.load("val.pt")
        for epoch in range(10):
            for x, y in train_loader:
                loss = F.cross_entropy(model(x), y)
                opt.zero_grad()
                loss.backward()
                opt.step()
            for i, (x, y) in enumerate({loop}):
                pred = model(x).argmax(1)
                torch.save(pred, f"pred_{{epoch}}_{{i}}.pt")
    """)
    # the same loop over the training data (no backward in it) is no evaluation to judge
    assert [f.code for f in found] == (["DS401"] if loop == "val_loader" else [])


# a hand-written checkpoint whose backward re-runs the block with no saved RNG state
RECOMPUTE_FUNCTION = '''class Recompute(torch.autograd.Function):
    @staticmethod
    def forward(ctx, fn, x):
        ctx.fn = fn
        ctx.save_for_backward(x)
        with torch.no_grad():
            return fn(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        with torch.enable_grad():
            x = x.detach().requires_grad_(True)
            y = ctx.fn(x)
        (gx,) = torch.autograd.grad(y, x, g)
        return None, gx


'''

GATED_RECOMPUTE = HEADER + RECOMPUTE_FUNCTION + '''def run_block(fn, x, enabled):
    if enabled:
        return Recompute.apply(fn, x)
    return fn(x)


class Block(nn.Module):
    def __init__(self, c, recompute=False):
        super().__init__()
        self.recompute = recompute
        self.net = nn.Sequential(nn.Linear(c, c), nn.Dropout(0.1))

    def forward(self, x):
        return run_block(self.net, x, self.recompute)


class Tower(nn.Module):
    def __init__(self, c=8, recompute=False):
        super().__init__()
        self.blocks = nn.Sequential(Block(c, recompute=recompute), Block(c, recompute))

    def forward(self, x):
        return self.blocks(x)


tower = Tower({args})
'''


@pytest.mark.parametrize("args", ["8", "8, recompute=True"])
def test_a_recompute_behind_a_flag_no_construction_turns_on_is_quiet(args):
    findings, _, _ = lint_text(GATED_RECOMPUTE.format(args=args), "tower.py", Config())
    codes = [f.code for f in findings if f.code == "DS405"]
    assert codes == (["DS405"] if "True" in args else [])


@pytest.mark.parametrize("product", ["keep", "x * keep.float() / self.rate"])
def test_a_module_whose_product_is_the_random_mask_is_no_dropout(product):
    findings, _, _ = lint_text(HEADER + textwrap.dedent(f"""
        class Masker(nn.Module):
            def __init__(self, rate=0.7):
                super().__init__()
                self.rate = rate

            def forward(self, x):
                b, t, d = x.shape
                keep = (torch.rand(b, d) < self.rate).reshape(b, 1, d).expand(b, t, d)
                return {product}
    """), "masker.py", Config())
    codes = [f.code for f in findings if f.code == "DS106"]
    assert codes == ([] if product == "keep" else ["DS106"])


# -- tuning set 36's classes -----------------------------------------------------------------


@pytest.mark.parametrize("scored", ["xb", "xv"])
def test_an_overfit_one_batch_check_is_a_training_metric(scored):
    found = _lint(f"""
        def quick_fit(net, train_loader, val_loader):
            xb, yb = next(iter(train_loader))
            xv, yv = next(iter(val_loader))
            opt = torch.optim.Adam(net.parameters())
            for _ in range(30):
                opt.zero_grad()
                F.cross_entropy(net(xb), yb).backward()
                opt.step()
            fit = (net({scored}).argmax(1) == y{scored[1]}).float().mean().item()
            if fit < 0.9:
                raise RuntimeError("the pipeline cannot fit one batch")


        def main(train_loader, val_loader):
            net = nn.Sequential(nn.Linear(8, 16), nn.BatchNorm1d(16), nn.Linear(16, 3))
            quick_fit(net, train_loader, val_loader)
    """)
    # the batch it just fit, not rebound since, checked and not handed back: quiet; a
    # held-out batch: an evaluation (predictions returned to the caller are judged there)
    assert [f.code for f in found] == ([] if scored == "xb" else ["DS401"])


@pytest.mark.parametrize("layer", ["EqConv", "nn.Dropout2d(0.1) if drop else EqConv"])
def test_a_layer_class_bound_to_a_local_name_is_read_as_that_class(layer):
    found = _lint(f"""
        class EqConv(nn.Conv2d):
            def forward(self, x):
                return super().forward(x) * 0.5


        class Gen(nn.Module):
            def __init__(self, drop=False):
                super().__init__()
                Layer = {layer.replace("nn.Dropout2d(0.1)", "nn.Dropout2d")}
                self.a = Layer(4, 4, 3, padding=1) if not drop else Layer(0.1)
                self.act = nn.LeakyReLU(0.2)

            def forward(self, x):
                return self.act(self.a(x))


        def render(path, x):
            g = Gen()
            g.load_state_dict(torch.load(path))
            with torch.no_grad():
                return g(x)
    """)
    assert [f.code for f in found] == (["DS401"] if "Dropout" in layer else [])


TWO_HOP_LAYERS = '''import torch.nn as nn


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv = nn.Conv2d(c, c, 3, padding=1)
        self.act = {act}

    def forward(self, x):
        return self.act(self.conv(x))
'''

TWO_HOP_NETS = '''import torch
from .layers import Block


class Gen(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.b1 = Block(8)

    def forward(self, x):
        return self.b1(x)


def load_gen(path):
    g = Gen()
    g.load_state_dict(torch.load(path))
    return g
'''

TWO_HOP_SCRIPT = '''import torch
from gan.nets import load_gen


def render(path, latents):
    g = load_gen(path)
    with torch.no_grad():
        return [g(z) for z in latents]
'''


@pytest.mark.parametrize("act", ["nn.LeakyReLU(0.2)", "nn.Dropout2d(0.2)"])
def test_a_model_a_factory_of_another_file_returns_built_from_a_third_files_classes(
        tmp_path, act):
    root = _write_tree(tmp_path / "repo", {"gan/__init__.py": "",
                                           "gan/layers.py": TWO_HOP_LAYERS.format(act=act),
                                           "gan/nets.py": TWO_HOP_NETS,
                                           "render.py": TWO_HOP_SCRIPT})
    found = [(f.code, Path(f.path).name) for f in lint_paths([root], jobs=1).findings
             if f.code in MODE_CODES]
    assert found == ([("DS401", "render.py")] if "Dropout" in act else [])


@pytest.mark.parametrize("switch", ["", "net.eval()\n        "])
def test_a_model_a_static_factory_of_its_class_builds_and_loads(switch):
    found = _lint(f"""
        class Tagger(nn.Module):
            def __init__(self, width=8):
                super().__init__()
                self.norm = nn.BatchNorm1d(width)
                self.head = nn.Linear(width, 2)

            def forward(self, x):
                return self.head(self.norm(x))

            @staticmethod
            def restore(path):
                blob = torch.load(path)
                net = Tagger(**blob["options"])
                net.load_state_dict(blob["state"])
                {switch}return net


        tagger = Tagger.restore("tagger.pt")
        print(tagger(torch.randn(1, 8)).argmax(-1).item())
    """)
    assert [f.code for f in found] == ([] if switch else ["DS401"])


@pytest.mark.parametrize("switch", ["", "self.eval()\n                "])
def test_a_module_scoring_itself_in_a_method_of_its_own(switch):
    found = _lint(f"""
        class Classifier(nn.Module):
            def __init__(self):
                super().__init__()
                self.net = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.Linear(8, 3))
                self.opt = torch.optim.Adam(self.net.parameters())

            def fit_epoch(self, loader):
                self.train()
                for x, y in loader:
                    self.opt.zero_grad()
                    F.cross_entropy(self.net(x), y).backward()
                    self.opt.step()

            def accuracy(self, loader):
                {switch}hits = 0
                for x, y in loader:
                    with torch.no_grad():
                        hits += (self.net(x).argmax(1) == y).sum().item()
                return hits


        def main(train_dl, dev_dl):
            model = Classifier()
            for epoch in range(3):
                model.fit_epoch(train_dl)
                print(epoch, model.accuracy(dev_dl))
    """)
    assert [f.code for f in found] == ([] if switch else ["DS401"])
    if not switch:
        assert "in `Classifier.accuracy` (under `torch.no_grad()`)" in found[0].message


@pytest.mark.parametrize("norm", ["nn.BatchNorm1d(8)", "nn.Identity()"])
def test_layers_a_helper_of_init_builds_are_the_modules_submodules(norm):
    found = _lint(f"""
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self._build()

            def _build(self):
                self.encoder = nn.Sequential(nn.Linear(4, 8), {norm}, nn.Linear(8, 3))

            def forward(self, xs):
                return self.encoder(xs)

            def classify(self, xs):
                return self.encoder(xs).argmax(1)


        class Predictor:
            def __init__(self, path):
                self.model = Net()
                self.model.load_state_dict(torch.load(path))

            def predict(self, xs):
                with torch.no_grad():
                    return self.model.classify(xs)
    """)
    assert [f.code for f in found] == (["DS401"] if "Batch" in norm else [])


@pytest.mark.parametrize("inputs", ["shape, seed=None", "x, seed=None"])
def test_a_forward_that_takes_only_a_shape_generates_masks(inputs):
    findings, _, _ = lint_text(HEADER + textwrap.dedent(f"""
        class VisibleMask(nn.Module):
            def __init__(self, rate=0.7):
                super().__init__()
                self.rate = rate

            def forward(self, {inputs}):
                b, t, d = {inputs.split(",")[0]}{"" if "shape" in inputs else ".shape"}
                keep = torch.rand(b, d) < self.rate
                ones = torch.ones(b, 2, dtype=torch.bool)
                return torch.cat([ones, keep], dim=-1){"" if "shape" in inputs else " * x"}
    """), "masks.py", Config())
    codes = [f.code for f in findings if f.code == "DS106"]
    assert codes == ([] if "shape" in inputs else ["DS106"])


GCN_LAYERS = '''import torch
import torch.nn as nn


class GraphConv(nn.Module):
    def __init__(self, n_in, n_out, dropout_rate=0.0):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(n_in, n_out))
        self.dropout = nn.Dropout(dropout_rate)

    def forward(self, x, adj):
        return adj @ (self.dropout(x) @ self.weight)


class GCN(nn.Module):
    def __init__(self, n_in, n_classes=4, dropout_rate=0.0):
        super().__init__()
        self.one = GraphConv(n_in, 16, dropout_rate=dropout_rate)
        self.two = GraphConv(16, n_classes, dropout_rate=dropout_rate)

    def forward(self, x, adj):
        return self.two(torch.relu(self.one(x, adj)), adj)
'''

GCN_TRAIN = '''import torch
import torch.nn.functional as F
from models import GCN

if torch.cuda.is_available():
    model_class = GCN
else:
    model_class = GCN
model = model_class(32, {args})
opt = torch.optim.Adam(model.parameters())
x, adj, y = torch.load("graph.pt")
for epoch in range(50):
    loss = F.cross_entropy(model(x, adj), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    model.eval()
    with torch.no_grad():
        print((model(x, adj).argmax(1) == y).float().mean())
'''


@pytest.mark.parametrize("args", ["n_classes=4", "n_classes=4, dropout_rate=0.5"])
def test_a_rate_another_files_class_defaults_to_zero_and_the_call_leaves(tmp_path, args):
    # GCN cares in its own file only through `dropout_rate`, which defaults to 0: built
    # without a rate (through a name bound to the class) it has no dropout
    root = _write_tree(tmp_path / "repo", {"models.py": GCN_LAYERS,
                                           "train.py": GCN_TRAIN.format(args=args)})
    found = [(f.code, Path(f.path).name) for f in lint_paths([root], jobs=1).findings
             if f.code in MODE_CODES]
    assert found == ([("DS402", "train.py")] if "0.5" in args else [])


# -- tuning set 38's classes -----------------------------------------------------------------


@pytest.mark.parametrize("switch", ["", "model.eval()\n        "])
def test_a_model_a_classmethod_loader_builds_with_cls(switch):
    found = _lint(f"""
        class Tagger(nn.Module):
            def __init__(self, hp):
                super().__init__()
                self.emb = nn.Embedding(100, hp["dim"])
                self.drop = nn.Dropout(hp["dropout"])
                self.out = nn.Linear(hp["dim"], 5)

            def forward(self, x):
                return self.out(self.drop(self.emb(x))).argmax(-1)

            @classmethod
            def load(cls, path):
                model = cls(torch.load(path + ".hp"))
                model.load_state_dict(torch.load(path + ".pt"))
                {switch}return model


        def interactive(path):
            model = Tagger.load(path)
            while True:
                batch = torch.tensor([[int(t) for t in input("> ").split()]])
                print(model(batch).tolist())
    """)
    assert [f.code for f in found] == ([] if switch else ["DS401"])


RECOMPUTE_BEHIND_SELF_FLAG = HEADER + RECOMPUTE_FUNCTION + '''class Block(nn.Module):
    def __init__(self, width, drop=0.1, use_ckpt=False):
        super().__init__()
        self.use_ckpt = use_ckpt
        self.body = nn.Sequential(nn.Linear(width, width), nn.Dropout(drop))

    def forward(self, x):
        if self.use_ckpt:
            return Recompute.apply(self.body, x)
        return self.body(x)


SETTINGS = dict(width=32, use_ckpt={flag})
net = nn.Sequential(Block(**SETTINGS), Block(**SETTINGS))
'''


@pytest.mark.parametrize("flag", ["False", "True"])
def test_a_recompute_under_a_self_flag_that_a_settings_dict_leaves_off(flag):
    findings, _, _ = lint_text(RECOMPUTE_BEHIND_SELF_FLAG.format(flag=flag), "net.py", Config())
    assert [f.code for f in findings if f.code == "DS405"] == (["DS405"] if flag == "True"
                                                                else [])


@pytest.mark.parametrize("use", ["labels = assign_labels(model)", "print(assign_labels(model))"])
def test_pseudo_labels_a_helper_returns_for_the_callers_backward(use):
    found = _lint(f"""
        model = nn.Sequential(nn.Linear(8, 16), nn.BatchNorm1d(16), nn.Linear(16, 4))
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        data = [torch.randn(16, 8) for _ in range(10)]


        def assign_labels(net):
            scores = []
            for x in data:
                scores.append(torch.softmax(net(x), 1))
            return torch.cat(scores).argmax(1)


        def train(labels):
            model.train()
            for i, x in enumerate(data):
                if i == 0:
                    with torch.no_grad():
                        {use}
                loss = F.cross_entropy(model(x), labels[i * 16:(i + 1) * 16])
                opt.zero_grad()
                loss.backward()
                opt.step()
    """)
    # the labels reach the caller's backward: training data; only printed: an evaluation
    assert [f.code for f in found] == ([] if use.startswith("labels") else ["DS401"])


@pytest.mark.parametrize("blocks", ["Attn(16), Attn(16)", "Attn(16), Attn(16, drop_rate=0.1)"])
def test_attention_dropout_whose_rate_every_construction_leaves_at_zero(blocks):
    findings, _, _ = lint_text(HEADER + textwrap.dedent(f"""
        class Attn(nn.Module):
            def __init__(self, dim, drop_rate=0.0):
                super().__init__()
                self.drop_rate = drop_rate
                self.qkv = nn.Linear(dim, dim * 3)

            def forward(self, x):
                q, k, v = self.qkv(x).chunk(3, dim=-1)
                return F.scaled_dot_product_attention(q, k, v, dropout_p=self.drop_rate)


        net = nn.Sequential({blocks})
    """), "attn.py", Config())
    assert [f.code for f in findings if f.code == "DS104"] == (["DS104"] if "0.1" in blocks
                                                               else [])


@pytest.mark.parametrize("layer", ["nn.Conv2d(3, 3, 3, padding=1)", "nn.BatchNorm2d(3)"])
def test_layers_appended_to_a_container_in_the_class_are_judged_there(layer):
    found = _lint(f"""
        class AE(nn.Module):
            def __init__(self):
                super().__init__()
                self.enc = nn.ModuleList()
                self.enc.append({layer})
                self.dec = nn.Conv2d(3, 3, 3, padding=1)

            def forward(self, x):
                for m in self.enc:
                    x = m(x)
                return self.dec(x)


        model = AE()
        opt = torch.optim.Adam(model.parameters())
        for epoch in range(2):
            for x in torch.load("train.pt"):
                loss = ((model(x) - x) ** 2).mean()
                opt.zero_grad()
                loss.backward()
                opt.step()
            with torch.no_grad():
                for x in torch.load("test.pt"):
                    print(((model(x) - x) ** 2).mean().item())
    """)
    assert [f.code for f in found] == (["DS401"] if "Batch" in layer else [])


@pytest.mark.parametrize("arg", ["", ", with_grad=False"])
def test_a_no_grad_branch_the_training_calls_arguments_skip(arg):
    found = _lint(f"""
        net = nn.Sequential(nn.Linear(8, 16), nn.Dropout(0.3), nn.Linear(16, 2))
        opt = torch.optim.SGD(net.parameters(), lr=0.1)
        data = torch.load("data.pt")


        def score(model, x, y, with_grad=True):
            if with_grad:
                out = model(x)
            else:
                with torch.no_grad():
                    out = model(x)
            return F.cross_entropy(out, y)


        for epoch in range(3):
            net.train()
            for x, y in data:
                loss = score(net, x, y)
                opt.zero_grad()
                loss.backward()
                opt.step()
            print(score(net, x, y{arg}).item())
    """)
    # the training call's default skips the `no_grad` branch; the check after each epoch
    # takes it, in train mode
    assert [f.code for f in found] == (["DS401"] if arg else [])


@pytest.mark.parametrize("own_step", [False, True])
def test_eval_while_another_models_optimizer_steps(own_step):
    extra = ("    opt_e.zero_grad()\n    F.softplus(-ae.critic(ae.encoder(x))).mean().backward()\n"
             "    opt_e.step()\n") if own_step else ""
    findings, _, _ = lint_text(HEADER + textwrap.dedent("""
        class AAE(nn.Module):
            def __init__(self):
                super().__init__()
                self.encoder = nn.Sequential(nn.Linear(32, 8), nn.Dropout(0.2))
                self.critic = nn.Linear(8, 1)


        ae = AAE()
        opt_e = torch.optim.Adam(ae.encoder.parameters())
        opt_c = torch.optim.Adam(ae.critic.parameters())
        for x in torch.load("data.pt"):
            opt_e.zero_grad()
            ae.encoder(x).pow(2).mean().backward()
            opt_e.step()
            ae.encoder.eval()
            fake = ae.critic(ae.encoder(x).detach())
            F.softplus(fake).mean().backward()
            opt_c.step()
        """) + extra + "    ae.encoder.train()\n", "aae.py", Config())
    assert [f.code for f in findings if f.code == "DS402"] == (["DS402"] if own_step else [])


@pytest.mark.parametrize("early", [True, False])
def test_functional_dropout_on_a_path_of_eval_mode_only_is_no_dead_dropout(early):
    guard = "if self.training:\n            return self.fc(x)\n        " if early else ""
    findings, _, _ = lint_text(HEADER + textwrap.dedent('''
        class MCHead(nn.Module):
            def __init__(self, d, k, p=0.2):
                super().__init__()
                self.fc = nn.Linear(d, k)
                self.p = p

            def forward(self, x):
                GUARDreturn self.fc(F.dropout(x, p=self.p, training=not self.training))
    ''').replace("GUARD", guard), "head.py", Config())
    codes = {f.code for f in findings}
    # after `if self.training: return`, it never runs in train mode and drops where it runs
    # (Monte Carlo dropout): not "never drops"; without that return it is off in train mode
    assert ("DS107" in codes) == (not early)


FACTORY_CLASS = '''import torch
import torch.nn as nn


class Tagger(nn.Module):
    def __init__(self, width=8):
        super().__init__()
        self.norm = {layer}
        self.head = nn.Linear(width, 2)

    def forward(self, x):
        return self.head(self.norm(x))

    @staticmethod
    def load(path):
        net = Tagger()
        net.load_state_dict(torch.load(path))
        return net
'''

FACTORY_USER = '''import torch
from model import Tagger

tagger = Tagger.load("tagger.pt")
with torch.no_grad():
    print(tagger(torch.load("x.pt")).argmax(-1).item())
'''


@pytest.mark.parametrize("layer", ["nn.BatchNorm1d(width)", "nn.LayerNorm(width)"])
def test_a_static_factory_of_another_files_class(tmp_path, layer):
    root = _write_tree(tmp_path / "repo", {"model.py": FACTORY_CLASS.format(layer=layer),
                                           "infer.py": FACTORY_USER})
    found = [(f.code, Path(f.path).name) for f in lint_paths([root], jobs=1).findings
             if f.code in MODE_CODES]
    assert found == ([("DS401", "infer.py")] if "Batch" in layer else [])


@pytest.mark.parametrize("where", ["if __name__ == '__main__':\n    ", ""])
def test_a_self_test_block_does_not_fix_a_constructor_parameter(where):
    findings, _, _ = lint_text(HEADER + textwrap.dedent("""
        class WeightDrop(nn.Module):
            def __init__(self, module, p=0.5, variational=False):
                super().__init__()
                self.module = module
                self.p = p
                self.variational = variational

            def forward(self, x):
                if self.variational:
                    mask = F.dropout(torch.ones(x.size(0), 1), p=self.p, training=True)
                    return self.module(x) * mask
                return self.module(F.dropout(x, p=self.p, training=self.training))


    """) + where + "demo = WeightDrop(nn.Linear(4, 4))\n", "weight_drop.py", Config())
    codes = [f.code for f in findings if f.code == "DS102"]
    # in a self-test the class is only tried; other files may pass variational=True
    assert codes == (["DS102"] if where else [])


OPT_IN_LAYER = '''import torch.nn as nn


class Layer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.norm = nn.Sequential(nn.BatchNorm1d(c), nn.Dropout(0.1))
        self.fc = nn.Linear(c, c)

    def forward(self, x, **kwargs):
        norm_training = kwargs.get("norm_training", None)
        if norm_training is not None:
            self.norm.training = norm_training
        return self.fc(self.norm(x))
'''


@pytest.mark.parametrize("caller", ["layer(x)", "layer(x, norm_training=False)"])
def test_a_training_write_behind_an_opt_in_keyword_needs_a_caller_that_passes_it(
        tmp_path, caller):
    root = _write_tree(tmp_path / "repo", {
        "layers.py": OPT_IN_LAYER,
        "run.py": f"import torch\\nfrom layers import Layer\\n\\nlayer = Layer(4)\\n"
                  f"x = torch.load('x.pt')\\nprint({caller})\\n"})
    found = [(f.code, Path(f.path).name) for f in lint_paths([root], jobs=1).findings
             if f.code == "DS404"]
    assert found == ([("DS404", "layers.py")] if "norm_training" in caller else [])


@pytest.mark.parametrize("layer", ["nn.ReLU()", "nn.Dropout(0.2)"])
def test_a_model_moved_by_rebinding_keeps_its_class(layer):
    found = _lint(f"""
        net = nn.Sequential(nn.Linear(8, 16), {layer}, nn.Linear(16, 3))
        if torch.cuda.is_available():
            net = net.cuda()
        opt = torch.optim.SGD(net.parameters(), lr=0.1)
        for epoch in range(2):
            for x, y in torch.load("train.pt"):
                loss = F.cross_entropy(net(x), y)
                opt.zero_grad()
                loss.backward()
                opt.step()
            net.eval()
            with torch.no_grad():
                print(sum((net(x).argmax(1) == y).float().mean() for x, y in torch.load("v.pt")))
    """)
    # `net = net.cuda()` is the same model: no dropout, no batch norm means no DS402
    assert [f.code for f in found] == (["DS402"] if "Dropout" in layer else [])


@pytest.mark.parametrize("use", ["ax.imshow(im.reshape(4, 4))", "print(float(abs(im).mean()))"])
def test_samples_moved_to_numpy_and_drawn_in_a_loop_are_only_viewed(use):
    # under no_grad: a picture measures nothing (without it, an inference script's shown
    # prediction is its product, and stays reported)
    found = _lint(f"""
        def save_grid(g, z, axes):
            with torch.no_grad():
                imgs = g(z).detach().cpu().numpy()
            for ax, im in zip(axes, imgs):
                {use}


        G = nn.Sequential(nn.Linear(8, 16), nn.BatchNorm1d(16), nn.Linear(16, 16))
        opt = torch.optim.Adam(G.parameters())
        fixed_z = torch.randn(16, 8)
        for epoch in range(2):
            for step in range(3):
                loss = G(torch.load("batch.pt")).pow(2).mean()
                opt.zero_grad()
                loss.backward()
                opt.step()
            save_grid(G, fixed_z, torch.load("axes.pt"))
    """)
    # a picture of the samples measures nothing; a number read off them does
    assert [f.code for f in found] == ([] if "imshow" in use else ["DS401"])


@pytest.mark.parametrize("noise", ["torch.randn(16, 8)", "torch.load('faces.pt')"])
def test_a_drawn_sample_from_the_callers_noise_measures_nothing(noise):
    # no no_grad: the helper only draws what the model makes of its input; the caller hands
    # it made-up noise (a GAN's fixed noise) or real data (a prediction shown: reported)
    found = _lint(f"""
        def save_grid(g, z, axes):
            imgs = g(z).detach().cpu().numpy()
            for ax, im in zip(axes, imgs):
                ax.imshow(im.reshape(4, 4))


        G = nn.Sequential(nn.Linear(8, 16), nn.BatchNorm1d(16), nn.Linear(16, 16))
        opt = torch.optim.Adam(G.parameters())
        fixed_z = {noise}
        for epoch in range(2):
            for step in range(3):
                loss = G(torch.randn(4, 8)).pow(2).mean()
                opt.zero_grad()
                loss.backward()
                opt.step()
            save_grid(G, fixed_z, torch.load("axes.pt"))
    """)
    assert [f.code for f in found] == ([] if "randn" in noise else ["DS401"])


def test_a_dataclass_built_in_a_function_is_no_model():
    # `Output(...)` of a dataclass is a record: no construction makes the function worth a
    # walk, and a dataclass subclassing a module stays a possible model
    from dropsurgeon.capture.source import parse_source
    from dropsurgeon.linter.modeflow.walk import _record_class

    tree = parse_source(textwrap.dedent("""
        @dataclass
        class Output(ModelOutput):
            logits: object = None

        @dataclasses.dataclass(eq=False)
        class Block(nn.Module):
            width: int = 4

        class Kind(enum.Enum):
            A = 1

        class Net(Base):
            pass
    """), "m.py")
    records = {c.name: _record_class(c) for c in tree.body if isinstance(c, ast.ClassDef)}
    assert records == {"Output": True, "Block": False, "Kind": True, "Net": False}


@pytest.mark.parametrize("source", ["module", "local", "loaded"])
def test_noise_samples_read_to_numpy_and_only_drawn_in_an_enumerate_loop(source):
    # `.numpy()` alone is no reading: the samples are only drawn (`for i, p in
    # enumerate(pics)`: the counter is no picture); the noise may be the module's own
    local = {"module": "", "local": "fixed_z = torch.randn(8, 16)",
             "loaded": "fixed_z = torch.load('faces.pt')"}[source]
    found = _lint(f"""
        G = nn.Sequential(nn.Linear(16, 64), nn.BatchNorm1d(64), nn.Linear(64, 4))
        opt = torch.optim.Adam(G.parameters())
        fixed_z = torch.randn(8, 16)

        def train_step():
            loss = G(torch.randn(32, 16)).pow(2).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()

        def show(epoch):
            {local}
            pics = G(fixed_z).detach().numpy()
            for i, p in enumerate(pics):
                plt.subplot(2, 4, i + 1)
                plt.imshow(p.reshape(2, 2))
            plt.savefig(f"out_{{epoch}}.png")

        for epoch in range(3):
            train_step()
            show(epoch)
    """)
    assert [f.code for f in found] == (["DS401"] if source == "loaded" else [])


@pytest.mark.parametrize("chain", [".cpu().data.numpy()[:64]", ".detach()[0].numpy()"])
def test_samples_moved_through_data_and_a_slice_are_still_the_models_output(chain):
    found = _lint(f"""
        G = nn.Sequential(nn.Linear(16, 64), nn.BatchNorm1d(64), nn.Linear(64, 4))
        opt = torch.optim.Adam(G.parameters())

        def train_step():
            loss = G(torch.randn(32, 16)).pow(2).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()

        fixed_z = torch.randn(64, 16)
        def evaluate(epoch):
            samples = G(fixed_z){chain}
            for i, sample in enumerate(samples):
                plt.imshow(sample.reshape(2, 2))
            plt.savefig(f"out/{{epoch}}.png")

        for epoch in range(3):
            train_step()
            evaluate(epoch)
    """)
    assert found == []


@pytest.mark.parametrize("read", ["err = err.pow(2).mean()\n            total += err.item()",
                                  "total += err.pow(2).mean().item()"])
def test_a_prediction_rebound_to_its_own_name_is_still_read(read):
    found = _lint(f"""
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(16, 16)
                self.drop = nn.Dropout(0.5)

            def forward(self, x):
                return self.drop(self.fc(x))

            def err(self, x):
                return (self.forward(x) - x).abs()


        def evaluate(model, batches):
            total = 0.0
            for x in batches:
                err = model.err(x)
                {read}
            return total / len(batches)


        def main(batches):
            model = Net()
            model.train()
            with torch.no_grad():
                print("val", evaluate(model, batches))
    """)
    assert [f.code for f in found] == ["DS401"]


@pytest.mark.parametrize("shape", [".view(-1, 5)", ".reshape(-1, 5)", ".squeeze(1)"])
def test_a_loaded_models_output_reshaped_in_the_same_expression_is_read(shape):
    found = _lint(f"""
        net = nn.Sequential(nn.Linear(8, 16), nn.BatchNorm1d(16), nn.Linear(16, 5))
        net.load_state_dict(torch.load("net.pt"))
        correct = 0
        for x, y in torch.load("test.pt"):
            scores = net(x){shape}
            correct += (scores.argmax(-1) == y).sum().item()
        print(correct)
    """)
    assert [f.code for f in found] == ["DS401"]


@pytest.mark.parametrize("case", ["shadowed_local", "canvas", "translation", "metric"])
def test_gan_pictures_drawn_after_training(case):
    # a script's samples only drawn stay no measurement when another function has a local
    # of the same name, when copied into a canvas first, and (a GAN's generators, whose
    # outputs the file feeds to one another) for a real image's translation without
    # no_grad; a number read off the translation stays reported
    use = {
        "shadowed_local": ["x = G(torch.randn(4, 8))", "plt.imshow(x.detach().numpy())"],
        "canvas": ["imgs = G(torch.randn(4, 8))", "canvas = np.zeros((8, 8))",
                   "for i in range(2):",
                   "    canvas[i * 4:(i + 1) * 4, :] = imgs[i].detach().numpy().reshape(4, 2)",
                   "plt.imshow(canvas)"],
        "translation": ["photo = torch.load('photo.pt')", "g_x = G(photo)", "f_g_x = F2(g_x)",
                        "axes[0].imshow(g_x[0].data.numpy())",
                        "axes[1].imshow(f_g_x[0].data.numpy())"],
        "metric": ["photo = torch.load('photo.pt')", "g_x = G(photo)",
                   "print((g_x.argmax(-1) == 0).float().mean())"],
    }[case]
    src = "\n".join([
        "def fit(model):",
        "    x = torch.randn(2, 8)",
        "    return model(x).sum()",
        "",
        "",
        "G = nn.Sequential(nn.Linear(8, 8), nn.Dropout(0.5))",
        "F2 = nn.Sequential(nn.Linear(8, 8), nn.Dropout(0.5))",
        "opt = torch.optim.Adam(list(G.parameters()) + list(F2.parameters()))",
        "for step in range(3):",
        "    z = torch.randn(4, 8)",
        "    loss = (F2(G(z)) - z).abs().mean()",
        "    opt.zero_grad()",
        "    loss.backward()",
        "    opt.step()",
        *use, ""])
    found = _lint(src)
    assert [f.code for f in found] == (["DS401"] if case == "metric" else [])


@pytest.mark.parametrize("imported", ["from tiles import *", "from tiles import predict",
                                      "from common import *\nfrom tiles import *"])
@pytest.mark.parametrize("evals", [True, False])
def test_a_star_imported_helper_is_followed_like_a_named_one(tmp_path, imported, evals):
    # the tiling helper (a prediction by its name, no `.eval()` of its own) is cleared by a
    # caller that star-imports it and hands it a model in eval mode, as by a named import
    (tmp_path / "tiles.py").write_text(textwrap.dedent("""
        import torch


        def predict(model, image, tile=4):
            out = torch.zeros_like(image[:, :1])
            for x0 in range(0, image.shape[-1], tile):
                out[..., x0:x0 + tile] = model(image[..., x0:x0 + tile])
            return out
    """))
    (tmp_path / "common.py").write_text("def helper():\n    return 1\n")
    (tmp_path / "main.py").write_text(HEADER + imported + "\n\n\n" + textwrap.dedent(f"""
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.conv = nn.Conv2d(3, 1, 1)
                self.drop = nn.Dropout2d(0.3)

            def forward(self, x):
                return self.conv(self.drop(x))


        def validation(model, loader, tiled):
            {"model.eval()" if evals else "pass"}
            total = 0.0
            with torch.no_grad():
                for x, y in loader:
                    pred = predict(model, x) if tiled else model(x)
                    total += ((pred - y) ** 2).mean().item()
            return total


        def main(loader, train_loader):
            model = Net()
            opt = torch.optim.SGD(model.parameters(), lr=0.1)
            for x, y in train_loader:
                model.train()
                opt.zero_grad()
                ((model(x) - y) ** 2).mean().backward()
                opt.step()
            print(validation(model, loader, True))
    """))
    report = lint_paths([tmp_path], jobs=1)
    found = sorted(Path(f.path).name for f in report.findings
                   if f.code == "DS401" and not f.suppressed)
    assert found == ([] if evals else ["main.py", "tiles.py"])


@pytest.mark.parametrize("layer", ["nn.ReLU()", "nn.Dropout(0.5)"])
def test_a_model_handed_back_by_another_files_function_keeps_its_class(tmp_path, layer):
    (tmp_path / "net.py").write_text(HEADER + textwrap.dedent(f"""
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.body = nn.Sequential(nn.Linear(4, 8), {layer}, nn.Linear(8, 2))

            def forward(self, x):
                return self.body(x)
    """))
    (tmp_path / "helpers.py").write_text(textwrap.dedent("""
        import torch


        def fit(model, opt, loader):
            for x, y in loader:
                opt.zero_grad()
                torch.nn.functional.cross_entropy(model(x), y).backward()
                opt.step()
            return model


        def evaluate(model, loader):
            right = 0
            with torch.no_grad():
                for x, y in loader:
                    right += (model(x).argmax(1) == y).sum().item()
            return right
    """))
    (tmp_path / "run.py").write_text(textwrap.dedent("""
        import torch
        from net import Net
        from helpers import fit, evaluate


        def run(train_loader, test_loader):
            model = Net()
            opt = torch.optim.SGD(model.parameters(), lr=0.1)
            model = fit(model, opt, train_loader)
            return evaluate(model, test_loader)
    """))
    report = lint_paths([tmp_path], jobs=1)
    found = [f.code for f in report.findings if f.code in MODE_CODES and not f.suppressed]
    assert found == (["DS401"] if "Dropout" in layer else [])


@pytest.mark.parametrize("outer_train", [True, False])
@pytest.mark.parametrize("nested", [False, True])
def test_an_eval_in_the_last_epoch_only(outer_train, nested):
    # `if epoch == n_epochs - 1: net.eval()`: the epoch loop does not come round again;
    # the next task's `.train()` comes first (without it, the next task trains in eval)
    found = _lint(f"""
        net = nn.Sequential(nn.Linear(8, 16), nn.BatchNorm1d(16), nn.Linear(16, 3))
        opt = torch.optim.SGD(net.parameters(), lr=0.1)
        n_epochs = 3
        for task, batches in enumerate(torch.load("tasks.pt")):
            {"net.train()" if outer_train else "pass"}
            for epoch in range(n_epochs):
                for x, y in batches:
                    loss = F.cross_entropy(net(x), y)
                    opt.zero_grad()
                    loss.backward()
                    opt.step()
                {"with torch.no_grad():" if nested else "if True:"}
                    if epoch == n_epochs - 1:
                        net.eval()
                        print((net(x).argmax(1) == y).float().mean().item())
    """)
    assert [f.code for f in found] == ([] if outer_train else ["DS402"])


@pytest.mark.parametrize("handed", ["FeedForward(8, dropout)", "FeedForward(8, cfg.dropout)",
                                    "FeedForward(8, 16)"])
def test_a_rate_handed_positionally_to_a_class_out_of_sight_may_drop(handed):
    # `FeedForward(d, ff, dropout)` of another file: its dropout is out of sight (unknown),
    # not absent; a call with no rate at all leaves the class free of it
    from dropsurgeon.capture.source import parse_source
    from dropsurgeon.linter.modeflow.walk import FileAnalysis

    src = HEADER + "from layers import FeedForward\n\n\n" + textwrap.dedent(f"""
        class T(nn.Module):
            def __init__(self, cfg):
                super().__init__()
                width, dropout = cfg.width, cfg.dropout
                self.ff = {handed}

            def forward(self, x):
                return self.ff(x)
    """)
    care = FileAnalysis(parse_source(src, "m.py"), "m.py", text=src).class_care("T")
    assert (care is False) == handed.endswith("16)")


def test_a_caller_in_a_mode_out_of_sight_keeps_the_helpers_finding(tmp_path):
    # one caller hands the helper a model it switched to eval, another one a model in a
    # mode the scan cannot see (after a method of a class it does not read): kept
    (tmp_path / "utils.py").write_text(textwrap.dedent("""
        import torch


        def evaluate_model(model, batches):
            hits = 0
            for x, y in batches:
                hits += (model(x).argmax(1) == y).sum().item()
            return hits
    """))
    (tmp_path / "model.py").write_text(HEADER + "from utils import *\n\n\n" + textwrap.dedent("""
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.body = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.3), nn.Linear(8, 2))

            def forward(self, x):
                return self.body(x)

            def run_epoch(self, batches, val):
                for x, y in batches:
                    self.loss(self(x), y).backward()
                    self.opt.step()
                self.eval()
                print(evaluate_model(self, val))
                self.train()
    """))
    (tmp_path / "train.py").write_text(HEADER + "from utils import *\nfrom model import *\n"
                                       + textwrap.dedent("""

        def main(batches, val):
            model = Net()
            model.train()
            model.run_epoch(batches, val)
            return evaluate_model(model, val)
    """))
    report = lint_paths([tmp_path], jobs=1)
    assert [(Path(f.path).name, f.code) for f in report.findings
            if f.code == "DS401" and not f.suppressed] == [("utils.py", "DS401")]
    # the model the second caller hands over is a `Net`, with dropout: a warning (its mode is
    # out of sight, as the helper's name rule always allowed; its dropout is not)
    (f,) = [f for f in report.findings if f.code == "DS401"]
    assert str(f.severity) == "warning"
    # a stale copy of the model file in a subfolder does not hide the one beside the script
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "model.py").write_text((tmp_path / "model.py").read_text())
    report = lint_paths([tmp_path], jobs=1)
    assert [str(f.severity) for f in report.findings
            if f.code == "DS401" and Path(f.path).name == "utils.py"] == ["warning"]


@pytest.mark.parametrize("drop", ["F.dropout(h, 0.5)", "F.dropout(h, 0.5, self.training)",
                                  "self.drop(h)"])
def test_an_always_on_functional_dropout_makes_no_mode_difference(drop):
    # `F.dropout(h, 0.5)` drops in both modes (DS101 says so at the call): a model whose
    # only dropout it is computes the same in train and eval mode
    layer = "nn.Dropout(0.5)" if drop == "self.drop(h)" else "nn.Identity()"
    found = _lint(f"""
        class TextCNN(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(8, 2)
                self.drop = {layer}

            def forward(self, x):
                h = torch.relu(x)
                h = {drop}
                return self.fc(h)


        model = TextCNN()
        model.load_state_dict(torch.load("model.pth"))
        count = 0
        for x, y in torch.load("test.pt"):
            count += int(model(x).argmax(1) == y)
        print(count)
    """)
    assert [f.code for f in found] == ([] if drop == "F.dropout(h, 0.5)" else ["DS401"])


DEAD_HELPER = HEADER + textwrap.dedent("""
    def predict_windows(model, signal, width=128):
        best = None
        for start in range(0, signal.shape[-1], width):
            out = model(signal[..., start:start + width])
            best = out if best is None else torch.max(best, out)
        return best
""")


@pytest.mark.parametrize("caller", [None, "from utils import predict_windows",
                                    "import utils", "from utils import *",
                                    "from utils import *\n\n\ndef predict_windows(m, s):\n"
                                    "    return m(s)"])
def test_an_evaluation_helper_no_linted_file_calls_is_info(tmp_path, caller):
    # who calls a helper nothing in the linted files reaches, and in which mode, is out of
    # sight: its whole-function DS401 (judged by the helper's name and body) is info and says
    # so; an import of the helper, its module or (unshadowed) a star import reaches it, but
    # no caller shows what it is handed (with or without dropout): info, saying that instead
    (tmp_path / "utils.py").write_text(DEAD_HELPER)
    if caller is not None:
        (tmp_path / "run.py").write_text(HEADER + caller + "\n")
    report = lint_paths([tmp_path], jobs=1)
    (f,) = [f for f in report.findings if f.code == "DS401"]
    reached = caller is not None and not caller.endswith("return m(s)")
    assert str(f.severity) == "info"
    assert ("no linted file calls this function" in f.message) is not reached
    assert f.message.endswith(OUT_OF_SIGHT) is reached


@pytest.mark.parametrize("layer", ["nn.Dropout(0.3)", "nn.ReLU()", None])
def test_an_evaluation_helper_is_a_warning_once_a_caller_shows_dropout(tmp_path, layer):
    # alone, `evaluate(model, ...)` is judged by its name and body, with no model in sight:
    # info.  A caller in another file that hands it a model with dropout makes it a warning,
    # with the caller's trace; one that hands a model without any withdraws it
    (tmp_path / "utils.py").write_text(HEADER + textwrap.dedent("""
        def evaluate(model, batches):
            correct = 0
            for x, y in batches:
                correct += (model(x).argmax(1) == y).sum().item()
            return correct
    """))
    if layer is not None:
        (tmp_path / "run.py").write_text(HEADER + textwrap.dedent(f"""
            from utils import evaluate

            net = nn.Sequential(nn.Linear(8, 16), {layer}, nn.Linear(16, 3))
            opt = torch.optim.SGD(net.parameters(), lr=0.1)
            data = [(torch.randn(4, 8), torch.randint(0, 3, (4,)))]
            for x, y in data:
                opt.zero_grad()
                F.cross_entropy(net(x), y).backward()
                opt.step()
            print(evaluate(net, data))
        """))
    report = lint_paths([tmp_path], jobs=1)
    found = [f for f in report.findings if f.code == "DS401"]
    if layer == "nn.ReLU()":
        assert found == []
        return
    (f,) = found
    assert Path(f.path).name == "utils.py"
    if layer is None:  # (no linted file calls it: that reason is given)
        assert str(f.severity) == "info" and "no linted file calls" in f.message
    else:
        assert str(f.severity) == "warning" and not f.message.endswith(OUT_OF_SIGHT)
        assert [Path(t.path).name for t in f.trace][:2] == ["run.py", "run.py"]


def test_an_evaluation_helper_its_own_file_hands_on_is_out_of_sight(tmp_path):
    # handed on as a value in its own file: something calls it, but with which model (with
    # or without dropout) is out of sight
    (tmp_path / "utils.py").write_text(DEAD_HELPER + "\n\nPREDICTORS = [predict_windows]\n")
    report = lint_paths([tmp_path], jobs=1)
    (f,) = [f for f in report.findings if f.code == "DS401"]
    assert str(f.severity) == "info" and f.message.endswith(OUT_OF_SIGHT)


HOLDER = HEADER + textwrap.dedent("""
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.norm = nn.BatchNorm1d(8)
            self.fc = nn.Linear(8, 5)

        def forward(self, x):
            return self.fc(self.norm(x))


    class Agent:
        def __init__(self):
            self.net = Net()

        def act(self, obs):
            return self.net(torch.as_tensor(obs)).argmax().item()
""")
OWNER = textwrap.dedent("""
    class FixedOpponent:
        def __init__(self, path):
            self.opp = Agent()
            self.opp.net.load_state_dict(torch.load(path))
            {switch}

        def step(self, obs):
            return self.opp.act(obs)
""")


@pytest.mark.parametrize("switch", ["self.opp.net.eval()", "pass"])
@pytest.mark.parametrize("layout", ["one file", "two files"])
def test_a_holders_model_switched_by_its_owner_is_not_judged(tmp_path, switch, layout):
    # a plain holder builds `self.net` in train mode and predicts with it; the code that owns
    # the holder switches `opp.net` to eval: the holder's methods see a mode out of sight
    owner = OWNER.format(switch=switch)
    if layout == "one file":
        (tmp_path / "agent.py").write_text(HOLDER + owner)
    else:
        (tmp_path / "agent.py").write_text(HOLDER)
        (tmp_path / "opponent.py").write_text(HEADER + "from agent import Agent\n" + owner)
    report = lint_paths([tmp_path], jobs=1)
    found = [(Path(f.path).name, f.code) for f in report.findings if f.code == "DS401"]
    assert found == ([] if switch != "pass" else [("agent.py", "DS401")])


@pytest.mark.parametrize("layers", ["nn.Dropout(0.5)", "nn.Identity()"])
def test_a_holder_of_an_imported_class_is_followed(tmp_path, layers):
    # `self.net = Net()` of a class another file defines: the join decides by that file
    # whether the model has dropout or batch norm
    (tmp_path / "netdef.py").write_text(HEADER + textwrap.dedent(f"""
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Sequential(nn.Linear(8, 16), {layers}, nn.Linear(16, 3))

            def forward(self, x):
                return self.fc(x)
    """))
    (tmp_path / "app.py").write_text(HEADER + "from netdef import Net\n" + textwrap.dedent("""
        class Viewer:
            def __init__(self, weights):
                self.net = Net()
                self.net.load_state_dict(torch.load(weights))

            def live(self, frames):
                for frame in frames:
                    print(self.net(frame).argmax(1).item())
    """))
    report = lint_paths([tmp_path], jobs=1)
    found = [(Path(f.path).name, f.code) for f in report.findings if f.code == "DS401"]
    assert found == ([("app.py", "DS401")] if "Dropout" in layers else [])


@pytest.mark.parametrize("between", ["", "self.eval()", "self.train(False)"])
def test_a_module_that_trains_and_scores_itself_in_one_method(between):
    # whatever mode `fit` is called in, it trains in it: scoring held-out data afterwards
    # with no switch between is evaluating in train mode
    found = _lint(f"""
        class Classifier(nn.Module):
            def __init__(self, train_loader, val_loader):
                super().__init__()
                self.body = nn.Sequential(nn.Linear(8, 16), nn.BatchNorm1d(16), nn.Linear(16, 2))
                self.train_loader, self.val_loader = train_loader, val_loader
                self.opt = torch.optim.SGD(self.parameters(), lr=0.1)

            def forward(self, x):
                return self.body(x)

            def fit(self, epochs=3):
                for epoch in range(epochs):
                    self.train()
                    for x, y in self.train_loader:
                        self.opt.zero_grad()
                        F.cross_entropy(self.forward(x), y).backward()
                        self.opt.step()
                    {between}
                    hits = 0
                    for x, y in self.val_loader:
                        hits += (self(x).argmax(1) == y).sum().item()
                    print("val acc", hits)
    """)
    assert [f.code for f in found] == (["DS401"] if not between else [])
    if not between:
        assert "trains the module itself" in found[0].trace[0].message


@pytest.mark.parametrize("guard", ["isinstance(net, nn.Module)", "isinstance(net, torch.nn.Module)",
                                   "x.dim() == 2"])
def test_the_branch_where_the_model_is_no_module_is_not_judged(guard):
    # d2l's `evaluate_accuracy`: `if isinstance(net, nn.Module): net.eval()`, else a plain
    # function model is called; a Module never takes the else branch (any other test may)
    found = _lint(f"""
        class Classifier(nn.Module):
            def __init__(self):
                super().__init__()
                self.body = nn.Sequential(nn.Linear(8, 16), nn.Dropout(0.5), nn.Linear(16, 3))

            def forward(self, x):
                return self.body(x)


        def accuracy(batches, net):
            hits = 0.0
            with torch.no_grad():
                for x, y in batches:
                    if {guard}:
                        net.eval()
                        hits += (net(x).argmax(1) == y).float().sum().item()
                        net.train()
                    else:
                        hits += (net(x).argmax(1) == y).float().sum().item()
            return hits


        def fit(net, batches):
            opt = torch.optim.SGD(net.parameters(), lr=0.1)
            for x, y in batches:
                loss = F.cross_entropy(net(x), y)
                opt.zero_grad()
                loss.backward()
                opt.step()
            print("test acc", accuracy(batches, net))


        fit(Classifier(), [(torch.randn(4, 8), torch.randint(0, 3, (4,)))])
    """)
    assert [f.code for f in found] == ([] if guard.startswith("isinstance") else ["DS401"])


@pytest.mark.parametrize("binding", ["", "net = nn.Sequential(nn.Linear(8, 2), nn.Dropout(0.5))\n"])
def test_a_fragment_using_a_model_it_never_binds_is_quiet(binding):
    # a slide's fragment: `net` comes from another file, whose layers are out of sight
    found = _lint(binding + textwrap.dedent("""
        for xb, yb in train_dl:
            opt.zero_grad()
            loss_fn(net(xb), yb).backward()
            opt.step()

        hits = 0
        with torch.no_grad():
            for xb, yb in test_dl:
                hits += (net(xb).argmax(1) == yb).sum().item()
        print(hits)
    """))
    assert [f.code for f in found] == (["DS401"] if binding else [])


@pytest.mark.parametrize("layers", ["nn.Linear(16, 1)", "nn.Dropout(0.2), nn.Linear(16, 1)"])
def test_an_exception_raised_in_a_module_is_no_layer(layers):
    found = _lint(f"""
        class Regressor(nn.Module):
            def __init__(self):
                super().__init__()
                self.net = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), {layers})

            def forward(self, x):
                if x.dim() != 2:
                    raise ValueError("expected a 2-D batch")
                return self.net(x)


        def evaluate(model, loader):
            total = 0.0
            with torch.no_grad():
                for x, y in loader:
                    total += ((model(x) - y) ** 2).sum().item()
            return total


        def main(loader):
            model = Regressor()
            opt = torch.optim.SGD(model.parameters(), lr=0.1)
            for x, y in loader:
                opt.zero_grad()
                ((model(x) - y) ** 2).mean().backward()
                opt.step()
            return evaluate(model, loader)
    """)
    assert [f.code for f in found] == (["DS401"] if "Dropout" in layers else [])


@pytest.mark.parametrize("setup", ["model.eval()", "pass"])
def test_a_holders_setup_method_may_switch_what_it_holds(setup):
    # `tester._make_model()` builds, loads and (here) switches `tester.model`: read in this
    # file, a method that switches no mode leaves the evaluation reported
    found = _lint(f"""
        class PoseNet(nn.Module):
            def __init__(self):
                super().__init__()
                self.body = nn.Sequential(nn.Linear(8, 8), nn.BatchNorm1d(8), nn.Dropout(0.1))

            def forward(self, x):
                return self.body(x)


        class Tester(object):
            def __init__(self, ckpt):
                self.ckpt = ckpt

            def _make_model(self):
                model = PoseNet()
                model.load_state_dict(torch.load(self.ckpt))
                {setup}
                self.model = model


        def main(ckpt, loader):
            tester = Tester(ckpt)
            tester._make_model()
            preds = []
            with torch.no_grad():
                for x in loader:
                    preds.append(tester.model(x))
            return preds
    """)
    assert [f.code for f in found] == ([] if setup != "pass" else ["DS401"])


@pytest.mark.parametrize("caller", ["forward", "evaluate", "commented"])
def test_a_helper_another_files_forward_calls_is_part_of_the_model(tmp_path, caller):
    # `inference(model, x)` (a chunked forward) named like an evaluation: called from a
    # module's `forward` in another file, it runs in whatever mode that module is in
    (tmp_path / "render.py").write_text(HEADER + textwrap.dedent("""
        def inference(model, x, chunk=1024):
            outs = []
            for i in range(0, x.shape[0], chunk):
                outs.append(model(x[i:i + chunk]))
            return torch.cat(outs, 0)
    """))
    (tmp_path / "system.py").write_text(HEADER + "from render import inference\n"
                                        + textwrap.dedent(f"""
        class System(nn.Module):
            def __init__(self, field):
                super().__init__()
                self.field = field

            def {"forward" if caller == "commented" else caller}(self, pts):
                {"return self.field(pts)  # was: inference(self.field, pts)"
                 if caller == "commented" else "return inference(self.field, pts)"}

        def evaluate(system, pts):
            return inference(system.field, pts)
    """))
    report = lint_paths([tmp_path], jobs=1)
    found = [(Path(f.path).name, f.code) for f in report.findings if f.code == "DS401"]
    # a forward that names the helper only in a comment does not call it (what `field` is,
    # with or without dropout, is out of sight: info)
    assert found == ([] if caller == "forward" else [("render.py", "DS401")])


def test_a_join_inside_the_no_module_branch_keeps_the_model():
    # the branch where `net` is no module is walked without it; a join inside that branch
    # drops its object, and after the test `net` is the object it was again
    found = _lint("""
        def score(net, batches, scale):
            total = 0.0
            for x, y in batches:
                if isinstance(net, nn.Module):
                    net.eval()
                else:
                    if scale > 1:
                        x = x * scale
                    else:
                        x = x / scale
                with torch.no_grad():
                    total += (net(x).argmax(1) == y).sum().item()
            return total


        model = nn.Sequential(nn.Linear(4, 2), nn.Dropout(0.5))
        model.load_state_dict(torch.load("m.pt"))
        print(score(model, [], 2))
    """)
    assert [f.code for f in found] == []


@pytest.mark.parametrize(("body", "called"), [
    ("return inference(x)", True),
    ("return self.inference(x)", False),
    ("return my_inference(x)", False),
    ("y = x  # inference(x)\nreturn y", False),
    ("y = x  # inference(x)\nreturn inference(y)", True),
])
def test_a_forward_calls_an_imported_name_only_as_a_bare_call(body, called):
    from dropsurgeon.linter.modeflow.reach import calls_bare

    assert calls_bare(body, "inference") is called


@pytest.mark.parametrize(("stepper", "expected"), [
    # an optimizer over the loaded model's parameters: nothing switches it to train mode
    ("opt = torch.optim.AdamW(policy.parameters())", ["DS403"]),
    # an optimizer over another model's parameters: the loaded one is only read
    ("opt = torch.optim.AdamW(head.parameters())", []),
])
def test_a_pretrained_model_is_trained_only_by_the_optimizer_over_its_parameters(
        stepper, expected):
    found = _lint(f"""
        from transformers import AutoModel

        policy = AutoModel.from_pretrained("some/encoder")
        head = nn.Linear(768, 2)
        {stepper}
        for batch in range(10):
            feats = policy(batch)
            loss = head(feats).sum()
            loss.backward()
            opt.step()
    """)
    assert [f.code for f in found] == expected


def test_a_trainer_objects_step_sets_the_mode_out_of_sight():
    # `ppo_trainer.step(q, r, rewards)`: which model the trainer trains, and whether it
    # calls .train() first, is inside the trainer; the scorer read in the loop is not trained
    found = _lint("""
        from transformers import AutoModelForSequenceClassification, pipeline
        from rl_lib import PolicyModel, PPOTrainer

        scorer = AutoModelForSequenceClassification.from_pretrained("some/scorer")
        score = pipeline("text-classification", model=scorer)
        policy = PolicyModel.from_pretrained("some/policy")
        ppo_trainer = PPOTrainer(policy)
        for epoch in range(10):
            replies = [policy.generate(q) for q in range(4)]
            rewards = torch.tensor([o["score"] for o in score(replies)])
            ppo_trainer.step(replies, rewards)
    """)
    assert found == []


@pytest.mark.parametrize(("features", "expected"), [
    ("_, feats = net(x)\n                feats = feats.detach()", []),
    ("feats = net(x).detach()", []),
    ("_, feats = net(x)", ["DS402"]),  # the backbone's gradients reach the probe's loss
])
def test_a_backbone_read_only_through_detached_outputs_is_frozen(features, expected):
    # a linear probe: the backbone is switched to eval at the top of each step and its
    # features are detached before the head's loss, so no step can train it
    found = _lint(f"""
        class Backbone(nn.Module):
            def __init__(self):
                super().__init__()
                self.body = nn.Sequential(nn.Linear(8, 8), nn.BatchNorm1d(8), nn.Dropout(0.1))

            def forward(self, x):
                h = self.body(x)
                return h, h.relu()


        def probe(net, head, loader, opt):
            net.train()
            for x, y in loader:
                net.eval()
                {features}
                loss = F.cross_entropy(head(feats), y)
                opt.zero_grad()
                loss.backward()
                opt.step()
    """)
    assert [f.code for f in found] == expected


@pytest.mark.parametrize(("before", "expected"), [
    ("", ["DS403"]),             # `.train()` first reached in the evaluation, after N steps
    ("model.train()", []),       # switched before the loop
])
def test_a_pretrained_model_first_switched_to_train_by_a_periodic_evaluation(
        before, expected):
    found = _lint(f"""
        from transformers import AutoModelForSequenceClassification


        def evaluate_model(model, loader):
            model.eval()
            with torch.no_grad():
                hits = sum((model(x).logits.argmax(-1) == y).sum().item() for x, y in loader)
            model.train()
            return hits


        def train(loader, dev_loader, every=200):
            model = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased")
            opt = torch.optim.AdamW(model.parameters())
            step = 0
            {before}
            for epoch in range(3):
                for x, y in loader:
                    loss = model(x, labels=y).loss
                    loss.backward()
                    opt.step()
                    opt.zero_grad()
                    step += 1
                    if step % every == 0:
                        evaluate_model(model, dev_loader)
    """)
    assert [f.code for f in found] == expected


def test_a_late_train_call_is_in_the_trace_and_the_fix_names_the_model():
    # parameter groups built from `named_parameters()`: the optimizer is the name rule's
    found = _lint("""
        from transformers import AutoModel


        def evaluate_model(encoder, loader):
            encoder.eval()
            with torch.no_grad():
                hits = sum((encoder(x).logits.argmax(-1) == y).sum().item() for x, y in loader)
            encoder.train()
            return hits


        def train(loader, dev_loader, every=200):
            encoder = AutoModel.from_pretrained("bert-base-uncased")
            groups = [{"params": [p for n, p in encoder.named_parameters() if "bias" in n]},
                      {"params": [p for n, p in encoder.named_parameters() if "bias" not in n]}]
            opt = torch.optim.AdamW(groups)
            for step, (x, y) in enumerate(loader):
                loss = encoder(x, labels=y).loss
                loss.backward()
                opt.step()
                opt.zero_grad()
                if step % every == 0:
                    evaluate_model(encoder, dev_loader)
    """)
    assert [f.code for f in found] == ["DS403"]
    assert "after an optimizer step" in found[0].message
    assert found[0].fix == "Call `encoder.train()` before the training loop."
    assert [s.line for s in found[0].trace][-1] == 29  # the evaluation that calls .train()


@pytest.mark.parametrize(("layer", "expected"), [
    ("nn.BatchNorm2d(c_out)", [("predict.py", "DS401")]),
    ("nn.Identity()", []),
])
@pytest.mark.parametrize("net", ["nets.Net()", "nets.DeepNet()"])
def test_another_files_class_cares_through_the_classes_it_builds(tmp_path, layer, expected,
                                                                  net):
    # `Net` names no mode-dependent layer itself: it holds `Stage`, whose `nn.ModuleList`
    # comprehension builds `Unit`, which has batch norm (or, in the twin, nothing)
    (tmp_path / "nets.py").write_text(HEADER + textwrap.dedent(f"""
        class Unit(nn.Module):
            def __init__(self, c_in, c_out):
                super().__init__()
                self.conv = nn.Conv2d(c_in, c_out, 3, padding=1)
                self.norm = {layer}

            def forward(self, x):
                return self.norm(self.conv(x)).relu()


        class Stage(nn.Module):
            def __init__(self, chans=(3, 8, 16)):
                super().__init__()
                self.units = nn.ModuleList([Unit(chans[i], chans[i + 1])
                                            for i in range(len(chans) - 1)])

            def forward(self, x):
                for unit in self.units:
                    x = unit(x)
                return x


        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.stage = Stage()
                self.head = nn.Conv2d(16, 2, 1)

            def forward(self, x):
                return self.head(self.stage(x))


        class DeepNet(Net):  # cares through its base
            pass
    """))
    (tmp_path / "predict.py").write_text(HEADER + "import nets\n" + textwrap.dedent(f"""
        def main(images, ckpt):
            net = {net}
            net.load_state_dict(torch.load(ckpt))
            with torch.no_grad():
                return [net(x).argmax(1) for x in images]
    """))
    report = lint_paths([tmp_path], jobs=1)
    found = [(Path(f.path).name, f.code) for f in report.findings
             if f.code == "DS401" and str(f.severity) != "info"]
    assert found == expected


@pytest.mark.parametrize(("model", "expected"), [
    ("nn.Sequential(nn.Linear(8, 8), nn.Dropout(0.3), nn.Linear(8, 2))", ["DS402"]),
    ("nn.Linear(8, 2)", []),  # every caller hands a model with no dropout, no batch norm
])
def test_a_training_function_only_another_file_calls_is_judged_by_those_calls(
        tmp_path, model, expected):
    # `fit(net, ...)` switches `net` to eval every few epochs through its own evaluation and
    # never back; the file never calls `fit`, so the model's class is the caller's
    (tmp_path / "engine.py").write_text(HEADER + textwrap.dedent("""
        def score(net, loader):
            net.eval()
            with torch.no_grad():
                return sum((net(x).argmax(1) == y).sum().item() for x, y in loader)


        def fit(net, loader, epochs=10):
            net.train()
            opt = torch.optim.SGD(net.parameters(), lr=0.1)
            for epoch in range(epochs):
                for x, y in loader:
                    opt.zero_grad()
                    F.cross_entropy(net(x), y).backward()
                    opt.step()
                if epoch % 5 == 0:
                    score(net, loader)
    """))
    (tmp_path / "main.py").write_text(HEADER + "from engine import fit\n" + textwrap.dedent(f"""
        def main(loader):
            net = {model}
            fit(net, loader)
    """))
    report = lint_paths([tmp_path], jobs=1)
    found = [f.code for f in report.findings if f.code == "DS402"]
    assert found == expected


@pytest.mark.parametrize(("norm", "expected"), [
    ("nn.BatchNorm1d(8)", ["DS402"]),
    ("nn.Identity()", []),
])
def test_another_files_factory_function_builds_its_caring_class(tmp_path, norm, expected):
    # `def TinyResNet8(): return TinyResNet(8)` in nets.py: the script's epoch loop calls
    # `fit(...)` then `score(...)`, whose `.eval()` nothing undoes before the next epoch
    (tmp_path / "nets.py").write_text(HEADER + textwrap.dedent(f"""
        class TinyResNet(nn.Module):
            def __init__(self, width):
                super().__init__()
                self.body = nn.Sequential(nn.Linear(8, width), {norm}, nn.ReLU())

            def forward(self, x):
                return self.body(x)


        def TinyResNet8():
            \"\"\"The small variant.\"\"\"
            return TinyResNet(8)
    """))
    (tmp_path / "run.py").write_text(HEADER + "import nets\n" + textwrap.dedent("""
        model = nets.TinyResNet8()
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)


        def fit(loader):
            for x, y in loader:
                optimizer.zero_grad()
                F.cross_entropy(model(x), y).backward()
                optimizer.step()


        def score(loader):
            model.eval()
            with torch.no_grad():
                return sum((model(x).argmax(1) == y).sum().item() for x, y in loader)


        for epoch in range(10):
            fit([])
            score([])
    """))
    report = lint_paths([tmp_path], jobs=1)
    assert [f.code for f in report.findings if f.code in ("DS401", "DS402")] == expected


@pytest.mark.parametrize(("switch", "expected"), [
    ("", ["DS403"]),                    # eval all along: the training is the bug, not the check
    ("model.train()", ["DS401"]),       # switched to train before the loop, never back
])
def test_a_pretrained_model_never_switched_is_evaluated_in_eval_mode(switch, expected):
    found = _lint(f"""
        from transformers import AutoModelForSeq2SeqLM


        def run(train_batches, val_batches):
            model = AutoModelForSeq2SeqLM.from_pretrained("t5-small")
            opt = torch.optim.AdamW(model.parameters())
            {switch}
            for epoch in range(3):
                for x, y in train_batches:
                    loss = model(input_ids=x, labels=y).loss
                    loss.backward()
                    opt.step()
                    opt.zero_grad()
                with torch.no_grad():
                    total = 0.0
                    for x, y in val_batches:
                        total += model(input_ids=x, labels=y).loss.item()
                print(epoch, total)
    """)
    assert sorted({f.code for f in found}) == expected


@pytest.mark.parametrize(("builder", "expected"), [
    # the optimizer a setup method builds steps the student: the teacher's eval is deliberate
    ("self.optimizer, self.scheduler = build_optimizer(self.student, 1e-3)", []),
    ("self.optimizer = torch.optim.AdamW(self.student.parameters())", []),
    # it steps the teacher itself: the helper's .eval() leaves it in eval for its own steps
    ("self.optimizer = torch.optim.AdamW(self.teacher.parameters())", ["DS402"]),
])
def test_a_helper_switching_a_target_model_the_class_optimizer_does_not_step(
        builder, expected):
    found = _lint(f"""
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.body = nn.Sequential(nn.Linear(8, 8), nn.Dropout(0.1))

            def forward(self, x):
                return self.body(x)


        class Manager:
            def __init__(self, teacher, loader):
                self.teacher = teacher
                self.student = Net()
                self.loader = loader
                self.setup()

            def setup(self):
                {builder}

            def targets(self, batch, model):
                model.eval()
                return model(batch).argmax(1).detach()

            def train(self):
                for epoch in range(3):
                    self.student.train()
                    for batch in self.loader:
                        target = self.targets(batch, self.teacher)
                        loss = F.cross_entropy(self.student(batch), target)
                        loss = loss + self.teacher(batch).sum()
                        loss.backward()
                        self.optimizer.step()
                        self.optimizer.zero_grad()
    """)
    assert [f.code for f in found] == expected


@pytest.mark.parametrize("importance", [
    "imp = est(x)",
    "imp = est.forward(x).detach()",
    "imp = est(x).detach()\n"
    "                    g.ndata['imp'] = imp\n"
    "                    imp = unbatch(g)",
])
def test_a_no_grad_forward_whose_value_the_training_loss_reads_is_part_of_the_step(
        importance):
    # node importances the estimator being trained computes, without gradient, to weight
    # the batch its own loss is computed on: a training step, not an evaluation
    found = _lint(f"""
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.body = nn.Sequential(nn.Linear(8, 8), nn.Dropout(0.1))

            def forward(self, x):
                return self.body(x)


        def train_epoch(model, est, optimizer, loader):
            model.train()
            est.train()
            for x, g in loader:
                with torch.no_grad():
                    {importance}
                out = model(x * imp) + est(x)
                loss = out.sum()
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()


        def main(loader):
            model, est = Net(), Net()
            opt = torch.optim.Adam([*model.parameters(), *est.parameters()])
            train_epoch(model, est, opt, loader)
    """)
    assert found == []


def test_a_no_grad_forward_the_loss_does_not_read_is_still_an_evaluation():
    found = _lint("""
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.body = nn.Sequential(nn.Linear(8, 8), nn.Dropout(0.1))

            def forward(self, x):
                return self.body(x)


        def train_epoch(model, optimizer, loader, val):
            model.train()
            for x, y in loader:
                loss = model(x).sum()
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                with torch.no_grad():
                    acc = (model.forward(val).argmax(1) == y).float().mean().detach()
                print(acc)


        def main(loader, val):
            model = Net()
            train_epoch(model, torch.optim.Adam(model.parameters()), loader, val)
    """)
    assert [f.code for f in found] == ["DS401"]


@pytest.mark.parametrize(("switch", "expected"), [
    ("", False),               # returned by from_pretrained: eval mode, however it is trained
    ("model.train()", True),   # the loader switches it to train mode: evaluated in train mode
])
def test_a_model_another_files_loader_returns_from_pretrained(tmp_path, switch, expected):
    (tmp_path / "utils.py").write_text(textwrap.dedent(f"""
        from transformers import AutoModelForSeq2SeqLM


        def load_model(name):
            model = AutoModelForSeq2SeqLM.from_pretrained(name)
            {switch}
            return model
    """))
    (tmp_path / "train.py").write_text(textwrap.dedent("""
        import torch
        from utils import load_model


        def main(train_loader, val_loader):
            model = load_model("t5-small")
            opt = torch.optim.AdamW(model.parameters())
            for batch in train_loader:
                loss = model(**batch).loss
                loss.backward()
                opt.step()
                opt.zero_grad()
            total = 0.0
            with torch.no_grad():
                for batch in val_loader:
                    total += model(**batch).loss.item()
            print(total / len(val_loader))
    """))
    report = lint_paths([tmp_path], jobs=1)
    assert any(f.code == "DS401" for f in report.findings) is expected


@pytest.mark.parametrize(("switch", "layers", "expected"), [
    # `train_epoch` (another file) leaves the estimator in train mode: evaluated so
    ("est.train()", "nn.BatchNorm1d(d), nn.Dropout(0.2)", ["DS401"]),
    # it sets no mode: the estimator's mode after it is unknown
    ("pass", "nn.BatchNorm1d(d), nn.Dropout(0.2)", []),
    # the estimator (a lowercase class of a third file) has no mode-dependent layer
    ("est.train()", "nn.ReLU()", []),
])
def test_the_mode_a_function_of_another_file_leaves_a_model_in(tmp_path, switch, layers,
                                                               expected):
    (tmp_path / "nets.py").write_text(textwrap.dedent(f"""
        import torch.nn as nn


        class explainer(nn.Module):
            def __init__(self, d):
                super().__init__()
                self.body = nn.Sequential(nn.Linear(d, d), {layers})

            def forward(self, x):
                return self.body(x)
    """))
    (tmp_path / "loops.py").write_text(textwrap.dedent(f"""
        import torch


        def train_epoch(model, est, optimizer, loader):
            model.train()
            {switch}
            for x, y in loader:
                loss = torch.nn.functional.cross_entropy(model(x * est(x)), y)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()


        def evaluate_network(model, est, loader):
            model.eval()
            correct = 0
            with torch.no_grad():
                for x, y in loader:
                    imp = est(x)
                    correct += (model(x * imp).argmax(1) == y).sum().item()
            return correct
    """))
    (tmp_path / "main.py").write_text(textwrap.dedent("""
        import torch
        import torch.nn as nn
        from nets import explainer
        from loops import train_epoch, evaluate_network


        def main(train_loader, val_loader):
            model = nn.Sequential(nn.Linear(8, 2), nn.Dropout(0.2))
            est = explainer(8)
            opt = torch.optim.Adam([*model.parameters(), *est.parameters()])
            for epoch in range(3):
                train_epoch(model, est, opt, train_loader)
                print(evaluate_network(model, est, val_loader))
    """))
    report = lint_paths([tmp_path], jobs=1)
    found = [f for f in report.findings if f.code.startswith("DS4")]
    assert [f.code for f in found] == expected
    if found:
        assert found[0].path.endswith("loops.py")
        assert any("`train_epoch(...)` (another file) leaves it in train mode" in s.message
                   for s in found[0].trace)


@pytest.mark.parametrize(("generator_step", "expected"), [
    # the generator has its own training step in the file: its no_grad fakes for the
    # discriminator's loss are GAN alternation, not an evaluation
    ("x_fake = self.generator(z)\n"
     "                loss = -self.discriminator(x_fake).mean()\n"
     "                loss.backward()\n"
     "                self.g_optimizer.step()", []),
    # nothing trains it (a frozen teacher whose outputs are targets): evaluated in train mode
    ("pass", ["DS401"]),
])
def test_fakes_a_generator_trained_elsewhere_in_the_file_makes_for_another_loss(
        generator_step, expected):
    found = _lint(f"""
        class Gen(nn.Module):
            def __init__(self):
                super().__init__()
                self.body = nn.Sequential(nn.Linear(8, 8), nn.BatchNorm1d(8))

            def forward(self, z):
                return self.body(z)


        class Trainer:
            def __init__(self, generator, discriminator, g_optimizer, d_optimizer):
                self.generator = generator
                self.discriminator = discriminator
                self.g_optimizer = g_optimizer
                self.d_optimizer = d_optimizer

            def generator_trainstep(self, z):
                self.generator.train()
                {generator_step}

            def discriminator_trainstep(self, x_real, z):
                self.generator.train()
                self.discriminator.train()
                self.d_optimizer.zero_grad()
                with torch.no_grad():
                    x_fake = self.generator(z)
                loss = self.discriminator(x_fake).mean() - self.discriminator(x_real).mean()
                loss.backward()
                self.d_optimizer.step()


        def main(z, x):
            gen = Gen()
            disc = nn.Sequential(nn.Linear(8, 1), nn.Dropout(0.1))
            t = Trainer(gen, disc, torch.optim.Adam(gen.parameters()),
                        torch.optim.Adam(disc.parameters()))
            t.generator_trainstep(z)
            t.discriminator_trainstep(x, z)
    """)
    assert [f.code for f in found] == expected


@pytest.mark.parametrize(("imports", "expected"), [
    # a course's numpy re-implementation ("mytorch"): no torch module, no mode to forget
    ("import numpy as np\nfrom gru_cell import *\n", []),
    ("import numpy as np\nimport torch\nfrom gru_cell import *\n", ["DS401"]),
])
def test_an_inference_loop_of_plain_numpy_code(imports, expected):
    src = imports + textwrap.dedent("""

        def inference(net, inputs):
            logits = np.zeros((inputs.shape[0], 10))
            h = np.zeros(8)
            for i in range(inputs.shape[0]):
                p, h = net(inputs[i], h)
                logits[i] = p
            return logits
    """)
    findings, _, error = lint_text(src, "hw3.py", Config())
    assert error is None
    assert [f.code for f in findings if f.code in MODE_CODES] == expected


@pytest.mark.parametrize(("restore", "expected"), [
    ("", ["DS402"]),                  # `predict` leaves the module in eval: later epochs train so
    ("self.train()", []),             # the validation puts it back in train mode
])
def test_a_modules_own_fit_evaluating_through_its_own_predict(restore, expected):
    found = _lint(f"""
        class BaseModel(nn.Module):
            def __init__(self):
                super().__init__()
                self.body = nn.Sequential(nn.Linear(8, 8), nn.Dropout(0.4), nn.Linear(8, 2))

            def forward(self, x):
                return self.body(x)

            def fit(self, loader, val, epochs=3):
                model = self.train()
                optim = torch.optim.Adam(self.parameters())
                for epoch in range(epochs):
                    for x, y in loader:
                        loss = F.cross_entropy(model(x), y)
                        optim.zero_grad()
                        loss.backward()
                        optim.step()
                    print(self.evaluate(val))

            def evaluate(self, val):
                pred = self.predict(val)
                {restore}
                return pred.float().mean()

            def predict(self, x):
                self.eval()
                with torch.no_grad():
                    return self(x).argmax(1)
    """)
    assert [f.code for f in found] == expected
    if found:
        assert any("`self.evaluate(...)` switches it to eval mode" in s.message
                   for s in found[0].trace)


@pytest.mark.parametrize(("switch", "expected"), [
    ("resnet.eval()", []),   # its layers keep eval mode inside the new container
    ("", ["DS401"]),         # never switched: the regrouped layers are in train mode
])
def test_a_container_regrouping_a_models_children_keeps_their_mode(switch, expected):
    found = _lint(f"""
        from torchvision.models import resnet50

        resnet = resnet50()
        resnet.load_state_dict(torch.load("resnet50.pt"))
        {switch}
        resnet = torch.nn.Sequential(*list(resnet.children())[:-1])
        feats = []
        for img in images:
            with torch.no_grad():
                feats.append(resnet(img).flatten().numpy())
    """)
    assert [f.code for f in found] == expected


@pytest.mark.parametrize(("base", "expected"), [
    ("torch.nn.modules.loss._WeightedLoss", []),  # one of torch's losses: no mode
    ("SomeLibraryBase", ["DS401"]),               # a base out of sight may hold dropout
])
def test_a_loss_module_handed_to_another_files_evaluation(tmp_path, base, expected):
    (tmp_path / "utils.py").write_text(textwrap.dedent("""
        import torch


        def test(model, loader, f_loss):
            with torch.no_grad():
                model.eval()
                total = 0.0
                for x, y in loader:
                    total += f_loss(model(x), y).item()
            return total
    """))
    (tmp_path / "average.py").write_text(textwrap.dedent(f"""
        import torch
        import torch.nn.functional as F
        import torch.nn.modules.loss
        from lib import SomeLibraryBase
        import utils


        class CELoss({base}):
            def forward(self, input, target):
                return F.nll_loss(torch.log(input), target)


        def main(model, loader):
            loss = CELoss()
            print(utils.test(model, loader, loss))
    """))
    report = lint_paths([tmp_path], jobs=1)
    assert [f.code for f in report.findings if f.code.startswith("DS4")] == expected


@pytest.mark.parametrize(("factory_args", "expected"), [
    ("vocab_size=vocab, dropout_p=rate", ["DS402"]),  # the factory sets the rate
    ("vocab_size=vocab", []),                          # the rate stays at its default, 0
])
def test_a_model_from_an_in_file_factory_of_another_files_class(tmp_path, factory_args,
                                                                 expected):
    (tmp_path / "model.py").write_text(textwrap.dedent("""
        import torch.nn as nn


        class CSC(nn.Module):
            def __init__(self, vocab_size, dropout_p=0.0):
                super().__init__()
                self.emb = nn.Embedding(vocab_size, 8)
                self.dropout = nn.Dropout(dropout_p)
                self.out = nn.Linear(8, 2)

            def forward(self, x):
                return self.out(self.dropout(self.emb(x)).mean(1))
    """))
    (tmp_path / "train.py").write_text(textwrap.dedent(f"""
        import torch
        from model import CSC


        def build_model(vocab, rate=0.5):
            model = CSC({factory_args})
            return model


        def train_epochs(model, data, optimizer, criterion):
            model.train()
            for epoch in range(10):
                for x, y in data:
                    train(x, y, model, optimizer, criterion)
                print(evaluate(model, data, criterion))


        def train(x, y, model, optimizer, criterion):
            loss = criterion(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()


        def evaluate(model, data, criterion):
            model.eval()
            with torch.no_grad():
                return sum(criterion(model(x), y).item() for x, y in data)


        if __name__ == "__main__":
            model = build_model(100)
            optimizer = torch.optim.Adam(model.parameters())
            train_epochs(model, [], optimizer, torch.nn.CrossEntropyLoss())
    """))
    report = lint_paths([tmp_path], jobs=1)
    assert [f.code for f in report.findings if f.code.startswith("DS4")] == expected


@pytest.mark.parametrize(("before", "expected"), [
    ("", ["DS401"]),             # sampled token by token with dropout on
    ("model.eval()", []),        # switched first
])
def test_a_language_models_own_autoregressive_generate_after_training(before, expected):
    found = _lint(f"""
        class TinyLM(nn.Module):
            def __init__(self):
                super().__init__()
                self.emb = nn.Embedding(65, 32)
                self.drop = nn.Dropout(0.2)
                self.head = nn.Linear(32, 65)

            def forward(self, idx, targets=None):
                logits = self.head(self.drop(self.emb(idx)))
                loss = None if targets is None else F.cross_entropy(
                    logits.view(-1, 65), targets.view(-1))
                return logits, loss

            def generate(self, idx, max_new_tokens):
                for _ in range(max_new_tokens):
                    logits, _ = self(idx[:, -8:])
                    probs = F.softmax(logits[:, -1, :], dim=-1)
                    idx_next = torch.multinomial(probs, num_samples=1)
                    idx = torch.cat((idx, idx_next), dim=1)
                return idx


        model = TinyLM()
        optimizer = torch.optim.AdamW(model.parameters())
        for step in range(100):
            xb, yb = get_batch("train")
            logits, loss = model(xb, yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        {before}
        context = torch.zeros((1, 1), dtype=torch.long)
        print(decode(model.generate(context, max_new_tokens=100)[0].tolist()))
    """)
    assert [f.code for f in found] == expected


@pytest.mark.parametrize(("super_args", "expected"), [
    ("input_size=obs_dim, output_size=act_dim, hidden_sizes=hidden", []),  # rate left at 0
    ("input_size=obs_dim, output_size=act_dim, hidden_sizes=hidden, drop_rate=0.1",
     ["DS401"]),                                                           # dropout built
])
def test_a_subclass_leaving_its_bases_rate_gated_dropout_at_zero(tmp_path, super_args,
                                                                 expected):
    # the base appends its layers through local names, and adds dropout only for a rate
    # above 0; the subclass's `super().__init__` decides whether it has any
    (tmp_path / "nets.py").write_text(textwrap.dedent(f"""
        import torch.nn as nn


        class Mlp(nn.Module):
            def __init__(self, input_size, output_size, hidden_sizes, drop_rate=0.0,
                         layer_norm=False):
                super().__init__()
                self.layers = nn.ModuleList()
                in_size = input_size
                for size in hidden_sizes:
                    fc = nn.Linear(in_size, size)
                    self.layers.append(fc)
                    if drop_rate > 0.0:
                        self.layers.append(nn.Dropout(p=drop_rate))
                    if layer_norm:
                        self.layers.append(nn.LayerNorm(size))
                    in_size = size
                self.head = nn.Linear(in_size, output_size)

            def forward(self, x):
                for fc in self.layers:
                    x = fc(x)
                return self.head(x)


        class Policy(Mlp):
            def __init__(self, obs_dim, act_dim, hidden):
                super().__init__({super_args})
                self.log_std = nn.Linear(hidden[-1], act_dim)
    """))
    (tmp_path / "agent.py").write_text(textwrap.dedent("""
        import torch
        from nets import Policy


        class Agent:
            def __init__(self, obs_dim, act_dim):
                self.policy = Policy(obs_dim, act_dim, [256, 256])

            def act(self, obs):
                with torch.no_grad():
                    return self.policy(torch.as_tensor(obs)).numpy()
    """))
    report = lint_paths([tmp_path], jobs=1)
    assert [f.code for f in report.findings if f.code.startswith("DS4")] == expected


@pytest.mark.parametrize(("appended", "expected"), [
    ("fc", []),          # a name bound to the layer built right there: judged as built
    ("layer", ["DS401"]),  # a name handed in: the container may hold anything
])
def test_a_container_filled_through_local_names(appended, expected):
    found = _lint(f"""
        class Net(nn.Module):
            def __init__(self, sizes, layer, rate=0.0):
                super().__init__()
                self.layers = nn.ModuleList()
                for a, b in zip(sizes, sizes[1:]):
                    fc = nn.Linear(a, b)
                    self.layers.append({appended})
                    if rate > 0:
                        self.layers.append(nn.Dropout(rate))

            def forward(self, x):
                for fc in self.layers:
                    x = fc(x)
                return x


        net = Net([4, 8, 2], make_layer())
        net.load_state_dict(torch.load("net.pt"))
        with torch.no_grad():
            print(net(torch.zeros(1, 4)).argmax())
    """)
    assert [f.code for f in found] == expected


@pytest.mark.parametrize(("sync", "expected"), [
    ("self._soft_update(self.critic, self.target_critic, 0.01)", []),      # a target network
    ("self.target_critic.load_state_dict(self.critic.state_dict())", []),  # a hard update
    # the soft update written out where it runs
    ("for t, p in zip(self.target_critic.parameters(), self.critic.parameters()):\n"
     "                    t.data.copy_(0.01 * p.data + 0.99 * t.data)", []),
    ("for t, p in zip(self.target_critic.parameters(), self.critic.parameters()):\n"
     "                    t.data = p.data.clone()", []),
    # a loop over both models' parameters that writes nothing: no sync
    ("for t, p in zip(self.target_critic.parameters(), self.critic.parameters()):\n"
     "                    print((t - p).abs().sum())", ["DS401"]),
    ("pass", ["DS401"]),  # nothing feeds it the trained weights: a teacher left in train mode
])
def test_a_target_networks_td_targets_are_training_data(sync, expected):
    found = _lint(f"""
        class Critic(nn.Module):
            def __init__(self):
                super().__init__()
                self.body = nn.Sequential(nn.Linear(8, 8), nn.BatchNorm1d(8), nn.Linear(8, 1))

            def forward(self, s, a):
                return self.body(torch.cat([s, a], 1))


        class Agent:
            def __init__(self):
                self.critic = Critic()
                self.target_critic = Critic()
                self.optimizer = torch.optim.Adam(self.critic.parameters())

            def _soft_update(self, local, target, tau):
                for t, p in zip(target.parameters(), local.parameters()):
                    t.data.copy_(tau * p.data + (1 - tau) * t.data)

            def update(self, s, a, r, s2, a2):
                with torch.no_grad():
                    q_next = self.target_critic(s2, a2)
                q_target = r + 0.99 * q_next
                loss = F.mse_loss(self.critic(s, a), q_target)
                self.optimizer.zero_grad()
                loss.backward()
                self.optimizer.step()
                {sync}
    """)
    assert [f.code for f in found] == expected


@pytest.mark.parametrize(("user", "expected"), [
    ("import torch\n", "info"),  # nothing builds the holder: whether `add` runs is unknown
    ("from memory import Memory\n\nmemory = Memory(64)\nmemory.add(torch.zeros(4, 64))\n",
     "warning"),
])
def test_a_finding_in_a_method_of_a_class_nothing_builds_is_info(tmp_path, user, expected):
    (tmp_path / "memory.py").write_text(textwrap.dedent("""
        import torch
        import torch.nn as nn


        class Memory:
            def __init__(self, size):
                super(Memory, self).__init__()
                self.score = nn.Sequential(nn.Linear(size, size), nn.Dropout(0.2),
                                           nn.Linear(size, 1))

            def add(self, x):
                prob = torch.softmax(self.score(x), dim=0)
                return (prob * x).sum(0)
    """))
    (tmp_path / "main.py").write_text("import torch\n" + user)
    report = lint_paths([tmp_path], jobs=1)
    found = [f for f in report.findings if f.code == "DS401"]
    assert [f.severity.name.lower() for f in found] == [expected]


@pytest.mark.parametrize(("layer", "message_dropout", "expected"), [
    # built on the spot: drops in both modes (a DS103), so the model has no mode
    ("self.out = nn.Identity()", "nn.Dropout(self.rate)(h)", []),
    ("self.drop = nn.Dropout(rate)", "self.drop(h)", ["DS401"]),  # a layer: follows the mode
])
def test_a_model_whose_only_dropout_is_built_in_forward_has_no_mode(layer, message_dropout,
                                                                     expected):
    found = _lint(f"""
        class GraphRec(nn.Module):
            def __init__(self, n, d, rate=0.1, node_dropout=0.1):
                super().__init__()
                self.rate = rate
                self.node_dropout = node_dropout
                self.weights = nn.ParameterDict({{"w": nn.Parameter(torch.randn(d, d))}})
                self.embed = nn.Embedding(n, d)
                {layer}

            def sparse_dropout(self, x, rate):
                return x * (torch.rand_like(x) > rate)

            def forward(self, users, drop_flag=True):
                h = self.embed(users)
                if drop_flag:
                    h = self.sparse_dropout(h, self.node_dropout)
                h = h @ self.weights["w"]
                return {message_dropout}


        model = GraphRec(100, 16)
        model.load_state_dict(torch.load("rec.pt"))
        with torch.no_grad():
            print(model(torch.arange(10), drop_flag=False).argmax(1))
    """)
    assert [f.code for f in found] == expected


@pytest.mark.parametrize(("build", "severity"), [
    ('timm.create_model("resnet50", num_classes=3)', "warning"),  # batch norm family
    ('timm.create_model("vit_small_patch16_224", drop_rate=0.1)', "warning"),  # rate given
    ('timm.create_model("vit_small_patch16_224")', "info"),  # LayerNorm, dropout 0: unknown
    ('AutoModelForSequenceClassification.from_pretrained("bert-base-uncased")', "warning"),
    ('AutoModelForCausalLM.from_pretrained("meta-llama/Llama-3.2-1B")', "info"),
    ("nn.Sequential(layer_init(nn.Linear(4, 8)), nn.Tanh(), layer_init(nn.Linear(8, 2)))",
     "info"),  # a layer factory of another package: what it returns is out of sight
])
def test_a_model_whose_dropout_is_out_of_sight_is_info(build, severity):
    found = _lint(f"""
        import timm
        from transformers import AutoModelForCausalLM, AutoModelForSequenceClassification
        from rl_utils import layer_init

        def main(batches):
            model = {build}
            model.train()
            opt = torch.optim.SGD(model.parameters(), lr=0.1)
            for x, y in batches:
                opt.zero_grad()
                F.cross_entropy(model(x), y).backward()
                opt.step()
            with torch.no_grad():
                return model(x).argmax(1)
    """)
    (f,) = [f for f in found if f.code == "DS401"]
    assert str(f.severity) == severity
    assert f.message.endswith(OUT_OF_SIGHT) is (severity == "info")


@pytest.mark.parametrize(("layer", "expected"), [("nn.BatchNorm1d(8)", ["DS401"]),
                                                 ("nn.ReLU()", [])])
def test_a_class_from_the_second_of_two_star_imports(tmp_path, layer, expected):
    # `from models import *` then `from data import *` (the later star import is read first):
    # the class is the one the linted file that defines it says (batch norm: the held-out
    # loop is a DS401; none: quiet)
    (tmp_path / "data.py").write_text("import torch\n\n\ndef batches():\n"
                                      "    return [(torch.randn(4, 8), torch.randn(4, 1))]\n")
    (tmp_path / "models.py").write_text(HEADER + textwrap.dedent(f"""
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.body = nn.Sequential(nn.Linear(8, 8), {layer}, nn.Linear(8, 1))

            def forward(self, x):
                return self.body(x)
    """))
    (tmp_path / "train.py").write_text(HEADER + textwrap.dedent("""
        from models import *
        from data import *

        net = Net()
        opt = torch.optim.Adam(net.parameters())
        val_set = batches()
        for epoch in range(3):
            for x, y in batches():
                opt.zero_grad()
                F.mse_loss(net(x), y).backward()
                opt.step()
            losses = []
            for x, y in val_set:
                losses.append(F.mse_loss(net(x), y).item())
    """))
    report = lint_paths([tmp_path], jobs=1)
    found = [f for f in report.findings if f.code == "DS401" and str(f.severity) != "info"]
    assert [f.code for f in found] == expected
    assert all(Path(f.path).name == "train.py" for f in found)


@pytest.mark.parametrize(("layer", "severity"), [("nn.Dropout(0.5)", "warning"),
                                                 ("nn.ReLU()", None)])
def test_a_lowercase_class_of_another_file_is_read_there(tmp_path, layer, severity):
    # `D = all_cnn(3)`: a lowercase name of another file, a class or a factory; out of
    # sight in the script (info), a warning once the join reads a class with dropout there
    (tmp_path / "all_cnn_model.py").write_text(HEADER + textwrap.dedent(f"""
        class all_cnn(nn.Module):
            def __init__(self, depth):
                super().__init__()
                self.body = nn.Sequential(nn.Linear(depth, 8), {layer}, nn.Linear(8, 2))

            def forward(self, x):
                return self.body(x)
    """))
    (tmp_path / "main.py").write_text(HEADER + textwrap.dedent("""
        from all_cnn_model import all_cnn

        D = all_cnn(3)
        opt = torch.optim.SGD(D.parameters(), lr=0.1)


        def evaluate(batches):
            hits = 0
            with torch.no_grad():
                for x, y in batches:
                    hits += (D(x).argmax(1) == y).sum().item()
            return hits


        for step in range(100):
            D.train()
            opt.zero_grad()
            F.cross_entropy(D(torch.randn(4, 3)), torch.zeros(4, dtype=torch.long)).backward()
            opt.step()
            if step % 10 == 0:
                print(evaluate([(torch.randn(4, 3), torch.zeros(4, dtype=torch.long))]))
    """))
    report = lint_paths([tmp_path], jobs=1)
    found = [str(f.severity) for f in report.findings if f.code == "DS401"]
    # (without dropout or batch norm there, the model has no mode bug: nothing at all)
    assert found == ([severity] if severity else [])


@pytest.mark.parametrize(("trainer", "expected"), [
    # the helper builds and trains its own model: the caller's evaluated copy is another object
    ("def train(data):\n"
     "    model = Net()\n", []),
    # the helper trains the script's module-level model: the eval is never undone before it
    ("def train(data):\n", ["DS402"]),
])
def test_a_helper_that_trains_only_what_it_builds_does_not_train_the_callers_model(
        trainer, expected):
    found = _lint(f"""
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.body = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.5))

            def forward(self, x):
                return self.body(x)


        def denoise(net, x):
            net.eval()
            with torch.no_grad():
                return net(x)


        model = Net()


        {textwrap.indent(trainer, " " * 8).lstrip()}
            opt = torch.optim.Adam(model.parameters())
            for x in data:
                loss = model(x).sum()
                opt.zero_grad()
                loss.backward()
                opt.step()


        data = [torch.randn(2, 4)]
        for fold in range(3):
            train(data)
            print(denoise(model, data[0]))
    """)
    assert [f.code for f in found] == expected


@pytest.mark.parametrize(("layers", "output", "expected"), [
    # batch norm only in code commented out as a triple-quoted string: it never runs
    ("'\'\'\n"
     "        self.bn = nn.BatchNorm1d(8)\n"
     "        '\'\'", "'\'\'return self.bn(self.fc(x))'\'\'\n        return self.fc(x)", []),
    ("self.bn = nn.BatchNorm1d(8)", "return self.bn(self.fc(x))", ["DS401"]),
])
def test_layers_in_a_string_statement_are_no_layers(tmp_path, layers, output, expected):
    (tmp_path / "nets.py").write_text(HEADER + textwrap.dedent(f"""
        class Encoder(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, 8)
                {layers}

            def forward(self, x):
                {output}
    """))
    (tmp_path / "main.py").write_text(HEADER + textwrap.dedent("""
        from nets import Encoder

        enc = Encoder()
        enc.load_state_dict(torch.load("encoder.pt"))
        with torch.no_grad():
            print(enc(torch.randn(2, 4)).argmax(1))
    """))
    report = lint_paths([tmp_path], jobs=1)
    assert [f.code for f in report.findings
            if f.code == "DS401" and str(f.severity) == "warning"] == expected


@pytest.mark.parametrize(("switch", "expected"), [
    ("", ["DS401"]),
    ("model.eval()", []),
])
def test_a_batch_moved_to_the_device_under_its_own_name_is_data_not_noise(switch, expected):
    # `xv = xv.to(device)`: the only assignment of `xv` reads itself, but the loop binds it
    # to the loader's batches first: data, not a tensor made up on the spot
    found = _lint(f"""
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.body = nn.Sequential(nn.Linear(4, 4), nn.BatchNorm1d(4))

            def forward(self, x):
                return self.body(x)


        def main(train_loader, val_loader, device="cpu"):
            model = Net().to(device)
            opt = torch.optim.Adam(model.parameters())
            for epoch in range(3):
                model.train()
                for x, y in train_loader:
                    loss = F.mse_loss(model(x.to(device)), y.to(device))
                    opt.zero_grad()
                    loss.backward()
                    opt.step()
                {switch}
                val = 0.0
                for xv, yv in val_loader:
                    xv = xv.to(device)
                    with torch.no_grad():
                        val += F.mse_loss(model(xv), yv).item()
                print(val)
    """)
    assert [f.code for f in found] == expected


def test_noise_moved_to_the_device_stays_made_up():
    # `z = torch.randn(...)` then `z = z.to(device)`: every binding makes it up (a GAN's
    # samples drawn as a picture are no measurement)
    found = _lint("""
        class Gen(nn.Module):
            def __init__(self):
                super().__init__()
                self.body = nn.Sequential(nn.Linear(4, 4), nn.BatchNorm1d(4))

            def forward(self, z):
                return self.body(z)


        def train(loader, device="cpu"):
            gen = Gen().to(device)
            opt = torch.optim.Adam(gen.parameters())
            for x in loader:
                loss = gen(x).pow(2).mean()
                opt.zero_grad()
                loss.backward()
                opt.step()
                z = torch.randn(16, 4)
                z = z.to(device)
                with torch.no_grad():
                    save_image(gen(z), "samples.png")
    """)
    assert found == []


TRAIN_HELPERS = """
import torch


def train_model(model, loader):
    opt = torch.optim.Adam(model.parameters())
    for x, y in loader:
        loss = torch.nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()


def describe(model):
    return sum(p.numel() for p in model.parameters())


def test_model(model, loader):
    correct = 0
    with torch.no_grad():
        for x, y in loader:
            correct += (model(x).argmax(1) == y).sum().item()
    return correct
"""


@pytest.mark.parametrize(("between", "expected"), [
    # trained by another file's function that switches no mode: back in train mode
    ("train.train_model(model, data)", ["DS401"]),
    ("train.train_model(model, data)\nmodel.eval()", []),
    # handed to a function that neither trains nor switches it: the mode is followed only
    # through a function that trains the model (a fresh one's outputs are no measurement)
    ("train.describe(model)", []),
])
def test_a_model_trained_by_another_files_function_keeps_its_mode(tmp_path, between,
                                                                  expected):
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "__init__.py").write_text("")
    (tmp_path / "models" / "net.py").write_text(HEADER + textwrap.dedent("""
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.body = nn.Sequential(nn.Linear(4, 4), nn.BatchNorm1d(4))

            def forward(self, x):
                return self.body(x)
    """))
    (tmp_path / "models" / "train.py").write_text(TRAIN_HELPERS)
    (tmp_path / "main.py").write_text(
        "from models.net import Net\nfrom models import train\n\ndata = []\nmodel = Net()\n"
        + between + "\nprint(train.test_model(model, data))\n")
    report = lint_paths([tmp_path], jobs=1)
    assert [f.code for f in report.findings
            if f.code == "DS401" and str(f.severity) == "warning"] == expected


@pytest.mark.parametrize(("path", "name", "reported"), [
    ("train.py", "evaluate_model", True),
    ("train.py", "test_model", True),        # pytest collects no function of train.py
    ("train.py", "test", True),              # the MNIST example's `test(model, loader)`
])
def test_a_test_named_evaluation_function_outside_test_files_is_judged(tmp_path, path, name,
                                                                       reported):
    target = tmp_path / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(HEADER + textwrap.dedent(f"""
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.body = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.5))

            def forward(self, x):
                return self.body(x)


        def {name}(model, loader):
            hits = 0
            with torch.no_grad():
                for x, y in loader:
                    hits += (model(x).argmax(1) == y).sum().item()
            return hits


        data = [(torch.randn(8, 4), torch.zeros(8, dtype=torch.long))]
        model = Net()
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        for x, y in data:
            opt.zero_grad()
            F.cross_entropy(model(x), y).backward()
            opt.step()
        print({name}(model, data))
    """))
    report = lint_paths([tmp_path], jobs=1)
    assert any(f.code == "DS401" for f in report.findings) is reported


@pytest.mark.parametrize(("eval_call", "own_step", "expected"), [
    # the evaluation pass's literal argument skips the optimizer step: no training in eval
    ("self.run_pass(self.test_loader, training=False)", "return (out.argmax(-1) == y).float()",
     []),
    ("self.run_pass(self.test_loader)", "return (out.argmax(-1) == y).float()", ["DS402"]),
    # the class's own `step` steps the optimizer itself, whatever the argument: it trains
    ("self.run_pass(self.test_loader, training=False)", "self.optimizer.step()\n"
     "        return (out.argmax(-1) == y).float()", ["DS402"]),
])
def test_a_classs_own_step_method_is_no_optimizer_step(eval_call, own_step, expected):
    # `reward = self.step(action, ...)` (an environment's step, the class's own method) sits
    # outside the `if training:` that guards the optimizer step: the guard still decides
    found = _lint(f"""
        class Encoder(nn.Module):
            def __init__(self):
                super().__init__()
                self.body = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.3))

            def forward(self, x):
                return self.body(x)


        class Trainer:
            def __init__(self, train_loader, test_loader):
                self.encoder = Encoder()
                self.optimizer = torch.optim.Adam(self.encoder.parameters())
                self.train_loader = train_loader
                self.test_loader = test_loader

            def fit(self):
                for epoch in range(10):
                    self.run_pass(self.train_loader)
                    self.encoder.eval()
                    with torch.no_grad():
                        {eval_call}
                    self.encoder.train()

            def run_pass(self, loader, training=True):
                total = 0.0
                for x, y in loader:
                    out = self.encoder(x)
                    for i in range(3):
                        reward = self.step(out, y)
                        loss = ((out - y) ** 2).mean() * reward.mean()
                        if training:
                            self.optimizer.zero_grad()
                            loss.backward(retain_graph=True)
                            self.optimizer.step()
                        total += loss.item()
                return total

            def step(self, out, y):
                {own_step}
    """)
    assert [f.code for f in found if f.code == "DS402"] == expected


@pytest.mark.parametrize(("builder", "unpack", "expected"), [
    # a builder that returns the model with its loss: the model reaches its position's name
    ("return model, criterion", "model, criterion = build()", ["DS401"]),
    ("return criterion, model", "criterion, model = build()", ["DS401"]),
    ("model.eval()\n            return model, criterion", "model, criterion = build()", []),
    # unpacked into another shape, or kept whole: out of sight, quiet
    ("return model, criterion", "model, *rest = build()", []),
    ("return model, criterion", "pair = build()\n            model = pair[0]", []),
])
def test_a_model_returned_in_a_tuple_reaches_the_unpacked_name(builder, unpack, expected):
    found = _lint(f"""
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.body = nn.Sequential(nn.Linear(4, 4), nn.BatchNorm1d(4))

            def forward(self, x):
                return self.body(x)


        def build():
            model = Net()
            criterion = nn.CrossEntropyLoss()
            {builder}


        def test_model(loader):
            {unpack}
            criterion = nn.CrossEntropyLoss()
            model.load_state_dict(torch.load("model.pt"))
            with torch.no_grad():
                for x, y in loader:
                    print(criterion(model(x), y).item())
    """, path="evaluate.py")
    assert [f.code for f in found] == expected


def test_a_parameter_returned_in_a_tuple_keeps_its_mode():
    # `net, opt = prepare(net)`: the caller's model comes back, in the mode it had
    found = _lint("""
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.body = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.5))

            def forward(self, x):
                return self.body(x)


        def prepare(net):
            opt = torch.optim.SGD(net.parameters(), lr=0.1)
            return net, opt


        def main(loader):
            net = Net()
            net.load_state_dict(torch.load("net.pt"))
            net, opt = prepare(net)
            with torch.no_grad():
                for x, y in loader:
                    print((net(x).argmax(1) == y).float().mean().item())
    """)
    assert [f.code for f in found] == ["DS401"]


@pytest.mark.parametrize(("signature", "body", "call", "expected"), [
    # handed the model and the optimizer: a helper leaving it in eval every N steps
    ("model, loader, optimizer, criterion",
     "loss = criterion(model(x), y)", "evaluate(model, x)", ["DS402"]),
    ("model, loader, optimizer, loss_fn",
     "out = model(x)\n                loss = loss_fn(out, y)", "evaluate(model, x)", ["DS402"]),
    # the helper puts train mode back
    ("model, loader, optimizer, criterion",
     "loss = criterion(model(x), y)", "evaluate_and_restore(model, x)", []),
    # two networks and the optimizer handed in: which one it steps is the caller's to tell
    ("gen, disc, loader, optimizer",
     "loss = disc(gen(x)).mean()", "evaluate(gen, x)", []),
])
def test_an_eval_helper_in_a_loop_handed_its_optimizer(signature, body, call, expected):
    found = _lint(f"""
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.body = nn.Sequential(nn.Linear(4, 4), nn.BatchNorm1d(4))

            def forward(self, x):
                return self.body(x)


        def evaluate(model, x):
            model.eval()
            with torch.no_grad():
                print(model(x).argmax(1))


        def evaluate_and_restore(model, x):
            model.eval()
            with torch.no_grad():
                print(model(x).argmax(1))
            model.train()


        def fit({signature}):
            step = 0
            for x, y in loader:
                {body}
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                step += 1
                if step % 100 == 0:
                    {call}
    """)
    assert [f.code for f in found if f.code == "DS402"] == expected



APP_NET = """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(4, 4), nn.BatchNorm1d(4))

    def forward(self, x):
        return self.body(x)
"""


@pytest.mark.parametrize(("handler", "handing", "setup", "expected"), [
    # a demo's button handler, handed to the UI, run once the script has built the model
    ("def predict(values):", "    button.click(predict, inputs=[box])", "", ["DS401"]),
    ("def predict(values):", "    button.click(predict, inputs=[box])", "    model.eval()",
     []),
    # a server's route, registered by a decorator call
    ("@app.route('/predict')\ndef predict(values):", "", "", ["DS401"]),
    ("@app.route('/predict')\ndef predict(values):", "", "    model.eval()", []),
    # never handed over nor called: whether it ever runs is out of sight
    ("def predict(values):", "", "", []),
    # the mode is left to a branch: unknown, quiet
    ("def predict(values):", "    button.click(predict, inputs=[box])",
     "    if os.environ.get('EVAL'):\n        model.eval()", []),
])
def test_a_callback_sees_the_mode_the_script_leaves(handler, handing, setup, expected):
    src = "\n".join([
        APP_NET, "import os", "from flask import Flask", "", "app = Flask(__name__)", "", "",
        handler,
        "    x = torch.tensor(values).float().unsqueeze(0)",
        "    return int(model(x).argmax(1))", "", "",
        "def demo(button, box):", handing or "    pass", "", "",
        'if __name__ == "__main__":',
        "    model = Net()",
        '    model.load_state_dict(torch.load("net.pt"))',
        setup or "    pass",
        "    demo(None, None)", ""])
    found = _lint(src)
    assert [f.code for f in found if f.code == "DS401"] == expected


@pytest.mark.parametrize(("split", "expected"), [
    # both branches replace `head`: the validation loop's value never reaches the training
    # loop's backward (the next epoch replaces it first)
    ("if out.shape[0] == 8:\n    head = out[:4]\nelse:\n    head = out[:2]", []),
    ("if out.shape[0] == 8:\n    head = out[:4]\nelif out.shape[0] == 4:\n"
     "    head = out[:2]\nelse:\n    head = out", []),
    ("head = out\nif out.shape[0] == 8:\n    head = out[:4]", []),
])
def test_names_reused_across_training_and_validation_loops(split, expected):
    src = "\n".join([
        "class Net(nn.Module):",
        "    def __init__(self):",
        "        super().__init__()",
        "        self.body = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.3))",
        "",
        "    def forward(self, x):",
        "        return self.body(x)",
        "",
        "",
        "net = Net()",
        "optimizer = torch.optim.Adam(net.parameters())",
        "for epoch in range(3):",
        "    net.train()",
        "    for x, y in [(torch.randn(8, 4), torch.randn(4, 4))]:",
        "        out = net(x)",
        textwrap.indent(split, "        "),
        "        loss = F.mse_loss(head, y)",
        "        optimizer.zero_grad()",
        "        loss.backward()",
        "        optimizer.step()",
        "    net.eval()",
        "    for x, y in [(torch.randn(8, 4), torch.randn(4, 4))]:",
        "        out = net(x)",
        textwrap.indent(split, "        "),
        "        loss = F.mse_loss(head, y)",
        "        print(loss.item())",
        ""])
    found = _lint(src)
    assert [f.code for f in found if f.code == "DS402"] == expected
