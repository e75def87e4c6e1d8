"""Lightning's and transformers' Trainers set modes themselves: their correct loops give no
finding under the watcher, and bugs planted in user code around them are found.  Real (tiny,
CPU, a few steps) training runs."""

from __future__ import annotations

import inspect
import logging
import warnings

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from dropsurgeon.guard.watch import watch


def _line(obj, text: str) -> int:
    lines, start = inspect.getsourcelines(obj)
    return start + next(i for i, line in enumerate(lines) if text in line)


# -- Lightning -----------------------------------------------------------------------------

pl = pytest.importorskip("lightning.pytorch")


class LitNet(pl.LightningModule):
    def __init__(self, planted: bool = False):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(8, 16), nn.BatchNorm1d(16), nn.ReLU(),
                                 nn.Dropout(0.3), nn.Linear(16, 2))
        self.planted = planted

    def forward(self, x):
        return self.net(x)

    def training_step(self, batch, _):
        x, y = batch
        return F.cross_entropy(self(x), y)

    def validation_step(self, batch, _):
        x, y = batch
        if self.planted:
            self.train()  # the planted bug: validation switches the model to train mode
        loss = F.cross_entropy(self(x), y)  # validation forward
        self.log("val_loss", loss)

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.1)


def _loader():
    g = torch.Generator().manual_seed(0)
    data = torch.utils.data.TensorDataset(torch.randn(32, 8, generator=g),
                                          torch.randint(0, 2, (32,), generator=g))
    return torch.utils.data.DataLoader(data, batch_size=8)


def _fit(model):
    logging.getLogger("lightning.pytorch").setLevel(logging.ERROR)
    trainer = pl.Trainer(max_epochs=2, accelerator="cpu", devices=1, logger=False,
                         enable_checkpointing=False, enable_progress_bar=False,
                         enable_model_summary=False, limit_train_batches=3,
                         limit_val_batches=2, num_sanity_val_steps=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        trainer.fit(model, _loader(), _loader())
    return trainer


def test_lightning_trainer_correct_loop_gives_nothing():
    model = LitNet()
    with watch() as w:
        trainer = _fit(model)
    assert trainer.global_step == 6  # it really trained
    assert w.findings == []


def test_lightning_validation_step_that_calls_train_is_found():
    with watch() as w:
        _fit(LitNet(planted=True))
    codes = {f.code for f in w.findings}
    assert codes == {"DS401"}, w.findings
    (f,) = w.findings
    assert f.path.endswith("test_watch_frameworks.py")
    assert f.line == _line(LitNet, "# validation forward")
    assert "inference_mode" in f.message or "no_grad" in f.message
    set_at = [s for s in f.trace if "mode last set" in s.message]
    assert set_at and set_at[0].line == _line(LitNet, "self.train()  # the planted")


# -- transformers ----------------------------------------------------------------------------

transformers = pytest.importorskip("transformers")


def _bert():
    config = transformers.BertConfig(
        vocab_size=64, hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
        intermediate_size=32, max_position_embeddings=32, num_labels=2,
        hidden_dropout_prob=0.2, attention_probs_dropout_prob=0.2)
    torch.manual_seed(0)
    return transformers.BertForSequenceClassification(config)


class _Tokens(torch.utils.data.Dataset):
    def __len__(self):
        return 16

    def __getitem__(self, i):
        g = torch.Generator().manual_seed(i)
        return {"input_ids": torch.randint(1, 64, (12,), generator=g),
                "attention_mask": torch.ones(12, dtype=torch.long),
                "labels": torch.tensor(i % 2)}


def _hf_trainer(tmp_path, model):
    args = transformers.TrainingArguments(
        output_dir=str(tmp_path), max_steps=4, per_device_train_batch_size=4,
        per_device_eval_batch_size=4, report_to=[], use_cpu=True, save_strategy="no",
        logging_strategy="no", disable_tqdm=True, dataloader_num_workers=0)
    return transformers.Trainer(model=model, args=args, train_dataset=_Tokens(),
                                eval_dataset=_Tokens())


def _custom_evaluation(model, batch):
    with torch.no_grad():
        return model(**batch).logits.argmax(-1)  # the planted bug: no model.eval()


def test_transformers_trainer_correct_loop_gives_nothing(tmp_path):
    model = _bert()
    with watch() as w:
        trainer = _hf_trainer(tmp_path, model)
        trainer.train()
        metrics = trainer.evaluate()
    assert trainer.state.global_step == 4 and "eval_loss" in metrics
    assert w.findings == []


def test_transformers_custom_evaluation_after_train_without_eval_is_found(tmp_path):
    model = _bert()
    batch = torch.utils.data.default_collate([_Tokens()[i] for i in range(4)])
    with watch() as w:
        _hf_trainer(tmp_path, model).train()
        _custom_evaluation(model, batch)
    (f,) = w.findings
    assert f.code == "DS401"
    assert f.line == _line(_custom_evaluation, "model(**batch)")


# -- the same runs as real scripts under `dropsurgeon run` -----------------------------------

RUNS = {
    "lightning": lambda tmp: _fit(LitNet()),
    "lightning-planted": lambda tmp: _fit(LitNet(planted=True)),
    "transformers": lambda tmp: _hf_trainer(tmp, _bert()).train(),
    "transformers-planted": lambda tmp: _planted_hf(tmp),
}


def _planted_hf(tmp):
    model = _bert()
    _hf_trainer(tmp, model).train()
    _custom_evaluation(model, torch.utils.data.default_collate([_Tokens()[i] for i in range(4)]))


SCRIPT = """\
import sys
import test_watch_frameworks as t

t.RUNS[sys.argv[1]](sys.argv[2])
print("ran", sys.argv[1])
"""


@pytest.mark.parametrize(("case", "code", "marker"), [
    ("lightning", None, None),
    ("lightning-planted", "DS401", "# validation forward"),
    ("transformers", None, None),
    ("transformers-planted", "DS401", "model(**batch).logits"),
])
def test_trainer_runs_under_dropsurgeon_run(case, code, marker, tmp_path, monkeypatch):
    import json
    import sys
    from pathlib import Path

    from typer.testing import CliRunner

    from dropsurgeon.cli.app import app

    here = Path(__file__).resolve()
    script = tmp_path / "train_job.py"
    script.write_text(SCRIPT)
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(here.parent))
    monkeypatch.setitem(sys.modules, "test_watch_frameworks", sys.modules[__name__])
    result = CliRunner().invoke(app, ["run", "--format", "json", "-o", "r.json", str(script),
                                      case, str(tmp_path / "out")], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr[-2000:]
    assert f"ran {case}" in result.stdout
    findings = json.loads((tmp_path / "r.json").read_text())["findings"]
    if code is None:
        assert findings == []
    else:
        (f,) = findings
        assert f["code"] == code
        lines = here.read_text().splitlines()
        assert lines[f["line"] - 1].strip().find(marker) >= 0
