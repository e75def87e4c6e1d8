"""Selector grammar: every form, its priority, and loud failures."""

from __future__ import annotations

import pytest
import torch.nn as nn
import torch.nn.functional as F

from dropsurgeon.errors import DropsurgeonError
from dropsurgeon.surgery import NoMatchError, select


class Attention(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.qkv = nn.Linear(8, 24)
        self.proj = nn.Linear(8, 8)

    def forward(self, x):
        q, _, _ = self.qkv(x).chunk(3, dim=-1)
        return self.proj(F.dropout(q, 0.1, self.training))


class Layer(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.attention = Attention()
        self.norm = nn.LayerNorm(8)
        self.fc = nn.Linear(8, 8)
        self.drop = nn.Dropout(0.2)

    def forward(self, x):
        x = x + self.attention(self.norm(x))
        return x + self.drop(self.fc(x))


class Net(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.stem = nn.Conv1d(2, 8, 1)
        self.bn = nn.BatchNorm1d(8)
        self.layers = nn.ModuleList([Layer() for _ in range(4)])
        self.head = nn.Linear(8, 3)

    def forward(self, x):
        x = self.bn(self.stem(x)).mean(-1)
        for layer in self.layers:
            x = layer(x)
        return self.head(x)


def names(where, exclude=None, model=None):
    return [t.describe() for t in select(model or Net(), where, exclude)]


def test_type_by_short_name_dotted_path_and_class():
    linears = [f"layers.{i}.{n}" for i in range(4) for n in ("attention.qkv", "attention.proj",
                                                             "fc")] + ["head"]
    assert sorted(names("Linear")) == sorted(linears)
    assert names("torch.nn.LayerNorm") == [f"layers.{i}.norm" for i in range(4)]
    assert names(nn.BatchNorm1d) == ["bn"]
    assert names("type:Conv1d") == ["stem"]


def test_names_exact_suffix_glob_regex():
    assert names("layers.3.fc") == ["layers.3.fc"]
    assert names(".proj") == [f"layers.{i}.attention.proj" for i in range(4)]
    assert names("layers.*.attention") == [f"layers.{i}.attention" for i in range(4)]
    assert names("layers.**.qkv") == [f"layers.{i}.attention.qkv" for i in range(4)]
    assert names(r"re:^layers\.[12]\.fc$") == ["layers.1.fc", "layers.2.fc"]
    assert names("name:head") == ["head"]


def test_positions():
    assert names("after:Linear")[0].startswith("after layers.0")
    assert names("before:head") == ["before head"]
    assert names("after-last:LayerNorm") == ["after layers.3.norm"]
    assert names("before-first:Linear") == ["before layers.0.attention.qkv"]
    assert names("head") == ["head"]


def test_index_ranges():
    assert names("layers[1:3]") == ["layers.1", "layers.2"]
    assert names("layers[-1]") == ["layers.3"]
    assert names("layers[2:]") == ["layers.2", "layers.3"]
    assert names("after:layers[0:2]") == ["after layers.0", "after layers.1"]


def test_dropout_keyword_finds_modules_and_functional_calls():
    found = select(Net(), "dropout")
    kinds = sorted({(t.kind, t.name) for t in found})
    assert ("module", "layers.0.drop") in kinds
    assert ("functional", "layers.0.attention@dropout") in kinds
    assert len(found) == 8


def test_residual_branches_find_each_x_plus_f_x():
    found = select(Net(), "residual-branches")
    assert [t.describe() for t in found][:2] == ["after layers.0.attention",
                                                 "after layers.0.drop"]
    assert len(found) == 8


def test_union_and_exclude_subtree():
    assert names(["head", "stem"]) == ["stem", "head"]
    got = names("Linear", exclude=["layers[0:3]"])
    assert got == ["layers.3.attention.qkv", "layers.3.attention.proj", "layers.3.fc", "head"]
    got = [t.name for t in select(Net(), "dropout", exclude="layers.0")]
    assert not any(n.startswith("layers.0") for n in got) and len(got) == 6


@pytest.mark.parametrize("bad", ["Conv3d", "nothing.here", ".nope", "re:^zzz", "after:GRU",
                                 "layers.*.mlp", "layers[7]"])
def test_a_selector_matching_nothing_raises_naming_it(bad):
    with pytest.raises(NoMatchError) as exc:
        select(Net(), bad)
    assert bad.split(":")[-1].split("[")[0] in str(exc.value)


def test_everything_excluded_raises():
    with pytest.raises(NoMatchError, match="excluded"):
        select(Net(), "head", exclude="head")


def test_bad_selectors_are_one_line_errors():
    with pytest.raises(DropsurgeonError, match="bad regex"):
        select(Net(), "re:(")
    with pytest.raises(DropsurgeonError, match="empty selector"):
        select(Net(), [])
    with pytest.raises(DropsurgeonError):
        select(Net(), 3)


def test_no_dropout_in_model():
    with pytest.raises(NoMatchError, match="'dropout'"):
        select(nn.Sequential(nn.Linear(2, 2)), "dropout")
