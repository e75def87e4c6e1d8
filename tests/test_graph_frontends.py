"""Unit tests of the fx and export front-ends on small models defined in a real file."""

from __future__ import annotations

import importlib.util

import pytest
import torch

from dropsurgeon.capture import export, graph

MODELS = '''
import torch
import torch.nn as nn
import torch.nn.functional as F


class Mixed(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)
        self.drop = nn.Dropout(0.1)
        self.unused_rnn = nn.LSTM(4, 4, num_layers=1, dropout=0.2)

    def forward(self, x):
        x = F.dropout(x, 0.3)
        x = F.dropout(x, 0.3, training=self.training)
        x = self.drop(self.fc(x))
        for _ in range(3):
            x = F.dropout(x, 0.2, self.training)
        if self.training:
            x = x * torch.bernoulli(torch.full_like(x, 0.5))
        return x


class Sticky(nn.Module):
    def __init__(self):
        super().__init__()
        self.drop = nn.Dropout(0.5)

    def train(self, mode=True):
        self.training = mode
        return self

    def forward(self, x):
        return self.drop(x)


class Orphan(nn.Module):
    def forward(self, x):
        return nn.Dropout(0.5)(x)
'''


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    path = tmp_path_factory.mktemp("m") / "models.py"
    path.write_text(MODELS)
    spec = importlib.util.spec_from_file_location("ds_graph_models", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    from dropsurgeon.capture.construction import recording

    with recording():
        built = {name: getattr(mod, name)() for name in ("Mixed", "Sticky", "Orphan")}
    return path, built


def _by_line(inv):
    return {(s.line, s.kind): s for s in inv}


def test_fx_reads_both_modes(models):
    path, built = models
    inv = graph.inventory(built["Mixed"])
    assert inv.frontends == ["fx"]
    sites = _by_line(inv)
    missing = sites[(15, "functional")]
    assert (missing.active_train, missing.active_eval, missing.p) == (True, True, 0.3)
    assert missing.path.endswith("models.py")
    gated = sites[(16, "functional")]
    assert (gated.active_train, gated.active_eval) == (True, False)
    drop = next(s for s in inv if s.module == "drop")
    assert drop.kind == "module" and drop.line == 11  # the construction line
    assert drop.extra["call_line"] == 17 and drop.producers == ("Linear",)
    loop = [s for s in inv if s.line == 19]
    assert len(loop) == 1, "a loop unrolled by fx is one site"
    rnd = sites[(21, "random")]
    assert (rnd.active_train, rnd.active_eval) == (True, False)
    assert not [s for s in inv if s.kind == "rnn"], "fx only sees what forward calls"


def test_training_override_and_orphans(models):
    _, built = models
    sticky = graph.inventory(built["Sticky"])
    assert [(s.module, s.active_eval) for s in sticky] == [("drop", True)]
    orphan = graph.inventory(built["Orphan"])
    assert [(s.kind, s.in_forward_construction, s.active_eval) for s in orphan] == [
        ("module", True, True)
    ]


def test_export_agrees_with_fx(models):
    _, built = models
    model = built["Mixed"]
    fx_view = {(s.line, s.active_train, s.active_eval) for s in graph.inventory(model)}
    ex_view = {(s.line, s.active_train, s.active_eval)
               for s in export.inventory(model, (torch.randn(2, 4),))}
    assert ex_view == fx_view


def test_untraceable_model_raises_trace_error():
    class Dyn(torch.nn.Module):
        def forward(self, x):
            return x if x.sum() > 0 else -x

    with pytest.raises(graph.TraceError) as err:
        graph.inventory(Dyn())
    assert "\n" not in str(err.value)


def test_attention_without_dropout_p_is_no_site():
    class Attn(torch.nn.Module):
        def forward(self, q):
            return torch.nn.functional.scaled_dot_product_attention(q, q, q)

    assert list(graph.inventory(Attn())) == []


def test_runtime_site_skipped_in_train_by_random_control_flow_is_unknown_not_dead():
    from dropsurgeon.capture import runtime

    class Skipped(torch.nn.Module):
        def forward(self, x):
            if self.training:  # every layer dropped in training, as LayerDrop with p=1
                return x
            return torch.nn.functional.dropout(x, 0.1, self.training)

    [site] = runtime.monitor(Skipped(), (torch.randn(2, 4),))
    assert (site.active_train, site.active_eval) == (None, False)


def test_runtime_sees_drop_path_modules_with_their_rate():
    from dropsurgeon.capture import runtime

    class DropPath(torch.nn.Module):  # the usual timm/transformers shape of it
        def __init__(self, drop_prob):
            super().__init__()
            self.drop_prob = drop_prob

        def forward(self, x):
            if not self.training or self.drop_prob == 0.0:
                return x
            keep = x.new_empty(x.shape[0], 1).bernoulli_(1 - self.drop_prob)
            return x * keep / (1 - self.drop_prob)

    class Block(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = torch.nn.Linear(4, 4)
            self.drop_path = DropPath(0.2)

        def forward(self, x):
            return x + self.drop_path(self.fc(x))

    inv = runtime.monitor(Block(), (torch.randn(2, 4),))
    assert [(s.kind, s.module, round(s.p, 3), s.active_train, s.active_eval) for s in inv] == [
        ("drop_path", "drop_path", 0.2, True, False)
    ]
