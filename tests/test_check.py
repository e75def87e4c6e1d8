"""`check` catches each kind of eval-time randomness at the right line, through the API and
the CLI, and turns bad input into one-line errors with exit code 2."""

from __future__ import annotations

import json
import textwrap

import pytest
import torch
import torch.nn as nn

from dropsurgeon.capture.runtime import ForwardError
from dropsurgeon.guard.check import CheckResult, check, check_model, check_spec

HEADER = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n\n"

# Each case: a model file whose reported line carries `# expect: CODE`.
CASES = {
    "functional-no-flag": HEADER + textwrap.dedent("""\
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(8, 8)

            def forward(self, x):
                return F.dropout(self.fc(x), 0.5)  # expect: DS101
        """),
    "training-true": HEADER + textwrap.dedent("""\
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(8, 8)

            def forward(self, x):
                y = self.fc(x)
                return F.dropout(y, p=0.3, training=True)  # expect: DS102
        """),
    "sdpa-ungated": HEADER + textwrap.dedent("""\
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(8, 8)

            def forward(self, x):
                q = self.fc(x)[:, None]
                out = F.scaled_dot_product_attention(q, q, q, dropout_p=0.2)  # expect: DS104
                return out[:, 0]
        """),
    "train-override": HEADER + textwrap.dedent("""\
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(8, 8)
                self.drop = nn.Dropout(0.5)  # expect: DS105

            def train(self, mode=True):
                self.training = mode
                self.fc.train(mode)
                return self

            def forward(self, x):
                return self.drop(self.fc(x))
        """),
    "rand-like-mask": HEADER + textwrap.dedent("""\
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(8, 8)

            def forward(self, x):
                keep = torch.rand_like(x) > 0.25  # expect: DS106
                return self.fc(x * keep / 0.75)
        """),
    "untraceable-control-flow": HEADER + textwrap.dedent("""\
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(8, 8)

            def forward(self, x):
                y = self.fc(x)
                if y.abs().sum().item() > 0:  # data-dependent: torch.fx cannot trace this
                    y = F.dropout(y, 0.1)  # expect: DS101
                return y
        """),
    "built-in-forward": HEADER + textwrap.dedent("""\
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(8, 8)

            def forward(self, x):
                return nn.Dropout(0.5)(self.fc(x))  # expect: DS103
        """),
    "mutates-state": HEADER + textwrap.dedent("""\
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(8, 8)
                self.dropout_p = 0.1

            def forward(self, q):
                if not self.training:
                    self.dropout_p = 0.0  # expect: DS404
                q = self.fc(q)[:, None]
                return F.scaled_dot_product_attention(q, q, q, dropout_p=self.dropout_p)[:, 0]
        """),
}


def _expected(src: str) -> set[tuple[str, int]]:
    out = set()
    for n, line in enumerate(src.splitlines(), 1):
        if "# expect: " in line:
            out.add((line.split("# expect: ")[1].strip(), n))
    return out


@pytest.mark.parametrize("case", sorted(CASES))
def test_cli_check_catches_each_kind(case, cli, write):
    src = CASES[case]
    path = write(f"{case.replace('-', '_')}.py", src)
    result = cli("check", f"{path}:Net", "--input-shape", "2,8", "--format", "json")
    assert result.exit_code == 1, result.stdout + result.stderr
    data = result.json()
    got = {(f["code"], f["line"]) for f in data["findings"]}
    assert got == _expected(src), data["findings"]
    assert all(f["path"].endswith(path.name) and f["frontend"] == "runtime"
               for f in data["findings"])
    assert data["models"][0]["status"] == "analysed"


CLEAN = HEADER + textwrap.dedent("""\
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(8, 8)
            self.drop = nn.Dropout(0.5)
            self.p = 0.1

        def forward(self, x):
            y = F.dropout(self.drop(self.fc(x)), 0.2, training=self.training)
            if self.training:
                y = y * (torch.rand_like(y) > 0.1).float()
            q = y[:, None]
            p = self.p if self.training else 0.0
            return F.scaled_dot_product_attention(q, q, q, dropout_p=p)[:, 0]


    def example_inputs():
        return (torch.randn(3, 8),)
    """)


def test_clean_model_passes_with_example_inputs(cli, write):
    path = write("clean.py", CLEAN)
    result = cli("check", path, "--format", "json")  # inputs from example_inputs()
    assert result.exit_code == 0, result.stdout + result.stderr
    data = result.json()
    assert data["findings"] == [] and data["models"][0]["sites"] == 4


def test_noqa_marks_intended_mc_dropout(cli, write):
    src = CASES["training-true"].replace("# expect: DS102", "# noqa: DS102")
    result = cli("check", f"{write('mc.py', src)}:Net", "--input-shape", "2,8", "-f", "json")
    assert result.exit_code == 0, result.stdout
    assert result.json()["summary"]["suppressed"] == 1


def test_inputs_file_and_console_output(cli, write, tmp_path):
    path = write("bad.py", CASES["functional-no-flag"])
    torch.save((torch.randn(2, 8),), tmp_path / "inputs.pt")
    result = cli("check", f"{path}:Net", "--inputs", tmp_path / "inputs.pt")
    assert result.exit_code == 1
    assert "DS101" in result.stdout and "F.dropout(self.fc(x), 0.5)" in result.stdout


def test_output_file_written_atomically(cli, write, tmp_path):
    path = write("bad.py", CASES["functional-no-flag"])
    out = tmp_path / "report.json"
    result = cli("check", f"{path}:Net", "--input-shape", "2,8", "-f", "json", "-o", out)
    assert result.exit_code == 1
    assert json.loads(out.read_text())["summary"]["by_code"] == {"DS101": 1}


def test_select_and_ignore(cli, write):
    path = write("bad.py", CASES["rand-like-mask"])
    ignored = cli("check", f"{path}:Net", "--input-shape", "2,8", "--ignore", "DS106")
    assert ignored.exit_code == 0, ignored.stdout
    only = cli("check", f"{path}:Net", "--input-shape", "2,8", "--select", "DS2", "-f", "json")
    assert only.exit_code == 0 and only.json()["findings"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "needs example inputs"),
        (("--input-shape", "2,a"), "bad --input-shape"),
        (("--input-shape", "0,8"), "dimensions must be positive"),
        (("--input-shape", "2,9"), "eval forward raised RuntimeError"),
        (("--input-shape", "2,8", "--format", "xml"), "unknown --format"),
        (("--input-shape", "2,8", "--fail-on", "fatal"), "unknown severity"),
        (("--inputs", "missing.pt"), "no such inputs file"),
        (("--input-shape", "2,8", "--kwargs", "{bad"), "--kwargs is not valid JSON"),
    ],
)
def test_bad_input_is_one_line_exit_2(args, message, cli, write):
    path = write("clean.py", CASES["functional-no-flag"])
    result = cli("check", f"{path}:Net", *args)
    assert result.exit_code == 2, result.stdout + result.stderr
    errors = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(errors) == 1 and errors[0].startswith("dropsurgeon: error: "), result.stderr
    assert message in errors[0]
    assert "Traceback" not in result.stdout + result.stderr


def test_missing_spec_file(cli):
    result = cli("check", "nowhere.py", "--input-shape", "2,8")
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_model_without_required_inputs_runs_without_any(cli, write):
    src = HEADER + textwrap.dedent("""\
        class Net(nn.Module):
            def forward(self, x=None):
                return torch.ones(2)
        """)
    assert cli("check", write("noin.py", src)).exit_code == 0


# --------------------------------------------------------------------------- Python API


class Noisy(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 8)

    def forward(self, x):
        return nn.functional.dropout(self.fc(x), 0.5)


class Plain(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 8)
        self.drop = nn.Dropout(0.5)

    def forward(self, x, *, scale=1.0):
        return {"y": self.drop(self.fc(x)) * scale, "aux": (x.sum(), 3)}


def test_api_check_result():
    x = torch.randn(2, 8)
    bad = check(Noisy(), x)
    assert isinstance(bad, CheckResult) and not bad and not bad.ok
    assert [f.code for f in bad.problems] == ["DS101"]
    assert bad.deterministic is False and bad.mismatch == "output"
    assert [s.op for s in bad.active_at_eval] == ["F.dropout"]
    assert "test_check.py" in bad.describe() and "DS101" in bad.describe()
    good = check(Plain(), x, scale=2.0)  # keyword inputs reach forward
    assert good and good.deterministic is True and good.findings == [] and not good.mutations
    assert good.describe() == "Plain: no dropout or randomness at eval"
    assert good.to_report().exit_code() == 0 and bad.to_report().exit_code() == 1


def test_api_check_model_selection_and_errors():
    x = torch.randn(2, 8)
    assert check_model(Noisy(), (x,), ignore=["DS101"]).ok
    with pytest.raises(RuntimeError) as info:
        check(Noisy(), torch.randn(2, 9))
    assert not isinstance(info.value, ForwardError)  # the model's own error, as itself
    assert any(n.startswith("dropsurgeon.check: raised by the model's eval forward")
               for n in info.value.__notes__)
    from dropsurgeon.errors import DropsurgeonError

    with pytest.raises(DropsurgeonError):
        check_model("not a model")


class Jitter(nn.Module):
    """Randomness torch's modes cannot see: Python's RNG."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 8)

    def forward(self, x):
        import random

        return self.fc(x) * (1.0 + random.random())


def test_unexplained_nondeterminism_is_ds501():
    result = check(Jitter(), torch.randn(2, 8))
    assert [f.code for f in result.problems] == ["DS501"]
    assert result.findings[0].line == Jitter.forward.__code__.co_firstlineno
    assert "differ at output" in result.findings[0].message


def test_check_spec_reports_every_model(write):
    clean = CLEAN.split(HEADER)[1].replace("class Net", "class Clean")
    path = write("two.py", CASES["functional-no-flag"] + "\n\n" + clean)
    report = check_spec(str(path), input_shapes=["2,8"])
    assert sorted(m.name.split(":")[1] for m in report.models) == ["Clean", "Net"]
    assert {f.model.split(":")[1] for f in report.findings} == {"Net"}
    assert report.exit_code() == 1


def test_public_api_name_works_before_and_after_submodule_import():
    import importlib

    import dropsurgeon

    importlib.import_module("dropsurgeon.check")  # rebinding the package attribute
    result = dropsurgeon.check(Noisy(), torch.randn(2, 8))
    assert isinstance(result, dropsurgeon.CheckResult) and not result.ok


def test_inputs_file_with_named_tensors_goes_to_keywords(cli, write, tmp_path):
    src = HEADER + textwrap.dedent("""\
        class Net(nn.Module):
            def forward(self, *, ids, mask):
                return F.dropout(ids.float() * mask, 0.1)  # expect: DS101
        """)
    torch.save({"ids": torch.ones(2, 3, dtype=torch.long), "mask": torch.ones(2, 3)},
               tmp_path / "named.pt")
    result = cli("check", f"{write('kw.py', src)}:Net", "--inputs", tmp_path / "named.pt",
                 "-f", "json")
    assert result.exit_code == 1, result.stdout + result.stderr
    assert {(f["code"], f["line"]) for f in result.json()["findings"]} == _expected(src)


class _RaisesOOM(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.drop = nn.Dropout(0.1)
        self.error = torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 8 GiB")

    def forward(self, x):
        raise self.error


@pytest.mark.parametrize("call", ["check", "assert_no_dropout_in_eval",
                                  "assert_eval_deterministic"])
def test_the_models_out_of_memory_error_reaches_the_caller_as_itself(call):
    from dropsurgeon import testing

    fn = check if call == "check" else getattr(testing, call)
    model = _RaisesOOM()
    with pytest.raises(torch.cuda.OutOfMemoryError) as info:
        fn(model, torch.randn(2, 4))
    assert info.value is model.error and info.value.__notes__
    assert model.training  # the mode is restored even so
