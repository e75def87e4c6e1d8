"""``dropsurgeon fuse SPEC``."""

from __future__ import annotations

import pytest

BLOCK = """
import torch
import torch.nn as nn


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(16, 16)
        self.drop = nn.Dropout(0.1)
        self.norm = nn.LayerNorm(16)

    def forward(self, x):
        return self.norm(x + self.drop(self.lin(x)))


class Plain(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(16, 16)

    def forward(self, x):
        return self.lin(x)


def example_inputs():
    return (torch.randn(4, 16),)
"""


def test_fuse_json_report(cli, write):
    path = write("block.py", BLOCK)
    result = cli("fuse", f"{path}:Block", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = result.json()
    assert data["frontend"] == "fx" and data["inputs"] == "example_inputs()"
    (entry,) = data["fused"]
    assert entry["pattern"] == "dropout_add_layer_norm"
    assert entry["module"] == "drop" and entry["numel"] == 64
    assert entry["location"].endswith("block.py:14")
    assert data["bytes_saved_per_step"] == entry["bytes_saved"] > 0
    assert data["mask_bytes_freed"] == 64


def test_fuse_console_and_nothing_to_fuse(cli, write):
    path = write("block.py", BLOCK)
    result = cli("fuse", f"{path}:Block")
    assert result.exit_code == 0
    assert "dropout_add" in result.stdout  # the table may shorten the op's name
    assert "total:" in result.stdout and "of dropout masks not kept" in result.stdout
    plain = cli("fuse", f"{path}:Plain")
    assert plain.exit_code == 0
    assert "nothing to fuse in Plain" in plain.stdout


@pytest.mark.parametrize("args,message", [
    (["--format", "sarif"], "unknown --format"),
    (["--frontend", "nope"], "unknown frontend"),
])
def test_fuse_bad_options_are_one_line_errors(cli, write, args, message):
    path = write("block.py", BLOCK)
    result = cli("fuse", f"{path}:Block", *args)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_fuse_compile_frontend_without_inputs_says_what_it_needs(cli, write):
    path = write("noinputs.py", BLOCK.replace("def example_inputs", "def _unused"))
    result = cli("fuse", f"{path}:Block", "--frontend", "compile")
    assert result.exit_code == 2
    assert "needs example inputs" in result.stderr


UNTRACEABLE = """
import torch
import torch.nn as nn


class Gate(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(8, 8)
        self.drop = nn.Dropout(0.2)

    def forward(self, x):
        if x.sum() > 0:  # data-dependent: fx cannot trace it, dynamo breaks the graph
            x = -x
        return x + self.drop(self.lin(x))


def example_inputs():
    return (torch.randn(4, 8),)
"""


def test_fuse_falls_back_to_torch_compile_where_fx_cannot_trace(cli, write):
    path = write("gate.py", UNTRACEABLE)
    result = cli("fuse", f"{path}:Gate", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = result.json()
    assert data["frontend"] == "torch.compile"
    assert any(n.startswith("fx: torch.fx cannot trace Gate") for n in data["notes"])
    # One site per mode: the train graph drops, the eval graph only adds.
    assert {(e["pattern"], e["training"]) for e in data["fused"]} == {
        ("bias_dropout_add", "always"), ("bias_dropout_add", "never")}


KEYWORDS = """
import torch
import torch.nn as nn


class KW(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(8, 8)
        self.drop = nn.Dropout(0.1)
        self.norm = nn.LayerNorm(8)

    def forward(self, input_ids, attention_mask=None):
        return self.norm(input_ids + self.drop(self.lin(input_ids)))
"""


def test_fuse_shape_mismatch_is_one_line_naming_the_cause(cli, write):
    path = write("block.py", BLOCK)
    result = cli("fuse", f"{path}:Block", "--input-shape", "4,32")
    assert result.exit_code == 2
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert "mat1 and mat2 shapes cannot be multiplied" in lines[0]
    assert "ShapeProp" not in result.stderr and "fake tensor" not in result.stderr


def test_fuse_frontend_fx_with_keyword_inputs_points_to_compile(cli, write, tmp_path):
    import torch

    path = write("kw.py", KEYWORDS)
    torch.save({"input_ids": torch.randn(2, 8), "attention_mask": torch.ones(2, 8)},
               tmp_path / "kw.pt")
    result = cli("fuse", f"{path}:KW", "--inputs", tmp_path / "kw.pt", "--frontend", "fx")
    assert result.exit_code == 2
    assert "keyword inputs" in result.stderr and "--frontend compile" in result.stderr


def test_fuse_compile_totals_count_one_train_forward(cli, write):
    path = write("block.py", BLOCK)
    result = cli("fuse", f"{path}:Block", "--frontend", "compile", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = result.json()
    by_mode = {e["mode"]: e for e in data["fused"]}
    assert set(by_mode) == {"train", "eval"}
    assert data["bytes_saved_per_step"] == by_mode["train"]["bytes_saved"]
    assert data["bytes_saved_per_eval_forward"] == by_mode["eval"]["bytes_saved"]
    assert data["mask_bytes_freed"] == by_mode["train"]["mask_bytes"] == 64
    console = cli("fuse", f"{path}:Block", "--frontend", "compile")
    assert "per train forward" in console.stdout and "per eval forward" in console.stdout


def test_fuse_report_says_the_reference_runs_without_cuda(cli, write):
    import torch

    if torch.cuda.is_available():
        pytest.skip("the note is for machines without CUDA")
    path = write("block.py", BLOCK)
    data = cli("fuse", f"{path}:Block", "--format", "json").json()
    assert any("no CUDA device" in n and "slower" in n for n in data["notes"]), data["notes"]
