"""Dropout schedules inside real trainers: a 20-step CPU run of lightning.Trainer and of
transformers.Trainer each, with the logged rates equal to the schedule."""

from __future__ import annotations

import pickle

import pytest
import torch
import torch.nn as nn

from dropsurgeon.schedules import ScheduleError, parse

STEPS = 20
SCHEDULE = "linear(0.05, 0.45, 16)"


def net() -> nn.Module:
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Dropout(0.1), nn.Linear(16, 16),
                         nn.ReLU(), nn.Dropout(0.1), nn.Linear(16, 2))


def data(n: int = 64) -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(0)
    return torch.randn(n, 4, generator=g), torch.randint(0, 2, (n,), generator=g)


# --- Lightning ------------------------------------------------------------------------------

def _lightning_run(tmp_path, callback, *, accumulate: int = 1, seen=None):
    L = pytest.importorskip("lightning.pytorch")
    from lightning.pytorch.loggers import Logger

    class Memory(Logger):
        def __init__(self) -> None:
            super().__init__()
            self.rows: list[tuple[int, dict]] = []

        name, version = "memory", 0

        @property
        def experiment(self):
            return None

        def log_metrics(self, metrics, step=None):
            self.rows.append((step, dict(metrics)))

        def log_hyperparams(self, params, *args, **kwargs):
            pass

    class Module(L.LightningModule):
        def __init__(self) -> None:
            super().__init__()
            self.net = net()

        def training_step(self, batch, batch_idx):
            x, y = batch
            if seen is not None:  # the rates the forward of this batch runs with
                seen.append((self.trainer.global_step, self.net[2].p, self.net[5].p))
            return nn.functional.cross_entropy(self.net(x), y)

        def configure_optimizers(self):
            return torch.optim.SGD(self.parameters(), lr=0.1)

    x, y = data()
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=4)
    logger = Memory()
    trainer = L.Trainer(max_steps=STEPS, accelerator="cpu", devices=1, logger=logger,
                        callbacks=[callback], log_every_n_steps=1, enable_checkpointing=False,
                        enable_progress_bar=False, enable_model_summary=False,
                        accumulate_grad_batches=accumulate, default_root_dir=tmp_path)
    module = Module()
    trainer.fit(module, loader)
    return module, logger


def test_lightning_callback_steps_and_logs_the_schedule(tmp_path):
    pytest.importorskip("lightning")
    from dropsurgeon.integrations.lightning import DropoutScheduleCallback

    seen: list = []
    cb = DropoutScheduleCallback("dropout", p=SCHEDULE)
    module, logger = _lightning_run(tmp_path, cb, seen=seen)
    preset = parse(SCHEDULE)
    # Every batch ran with the rate of its global step.
    assert [s for s, _, _ in seen] == list(range(STEPS))
    for step, p2, p5 in seen:
        assert p2 == pytest.approx(preset(step)) and p5 == pytest.approx(preset(step))
    # ... and that rate was logged at that step, once per optimiser step, for both sites.
    logged = [(step, m) for step, m in logger.rows if "dropout/net.2" in m]
    assert len(logged) == STEPS
    for (step, m), (ran, p2, p5) in zip(logged, seen, strict=True):
        assert step == ran
        assert m["dropout/net.2"] == pytest.approx(p2) and m["dropout/net.5"] == pytest.approx(p5)
    assert cb.scheduler.model is module
    assert module.net[2].p == pytest.approx(preset(STEPS - 1))
    # A spawned worker gets the spec, not the scheduler (which holds a weak reference).
    again = pickle.loads(pickle.dumps(cb.binding))
    assert again.scheduler is None and again.spec["p"] == SCHEDULE


def test_lightning_accumulation_changes_rates_per_optimiser_step(tmp_path):
    pytest.importorskip("lightning")
    from dropsurgeon.integrations.lightning import DropoutScheduleCallback

    seen: list = []
    import dropsurgeon

    inner = net()
    sched = dropsurgeon.schedule(inner, "dropout", p="late(0.3, start=3)")
    cb = DropoutScheduleCallback(scheduler=sched, log=False)
    module, logger = _lightning_run(tmp_path, cb, accumulate=2, seen=seen)
    # A scheduler built on another instance of the network is re-bound to the trained one.
    assert cb.scheduler.model is not inner
    steps = [s for s, _, _ in seen]
    assert steps == [s for s in range(STEPS) for _ in range(2)]
    assert all(p == (0.3 if s >= 3 else 0.0) for s, p, _ in seen)
    assert not [m for _, m in logger.rows if any(k.startswith("dropout/") for k in m)]


def test_callbacks_need_exactly_one_schedule():
    from dropsurgeon.integrations.binding import ScheduleBinding

    with pytest.raises(ScheduleError, match="not both or neither"):
        ScheduleBinding("dropout")


# --- transformers ---------------------------------------------------------------------------

class Classifier(nn.Module):
    """A plain module the Trainer accepts: keyword inputs in, a dict with the loss out."""

    def __init__(self) -> None:
        super().__init__()
        self.net = net()

    def forward(self, x, labels=None):
        logits = self.net(x)
        out = {"logits": logits}
        if labels is not None:
            out["loss"] = nn.functional.cross_entropy(logits, labels)
        return out


class Pairs(torch.utils.data.Dataset):
    def __init__(self) -> None:
        self.x, self.y = data()

    def __len__(self) -> int:
        return len(self.x)

    def __getitem__(self, i: int) -> dict:
        return {"x": self.x[i], "labels": self.y[i]}


def test_transformers_trainer_callback_steps_and_logs_the_schedule(tmp_path):
    tf = pytest.importorskip("transformers")
    pytest.importorskip("accelerate")
    from dropsurgeon.integrations.transformers import DropoutScheduleCallback

    class Capture(tf.TrainerCallback):
        def __init__(self) -> None:
            self.logs: list[tuple[int, dict]] = []
            self.ran: list[tuple[int, float]] = []

        def on_step_begin(self, args, state, control, model=None, **kwargs):
            self.ran.append((state.global_step, model.net[2].p))

        def on_log(self, args, state, control, logs=None, **kwargs):
            self.logs.append((state.global_step, dict(logs)))

    model = Classifier()
    capture = Capture()
    args = tf.TrainingArguments(output_dir=str(tmp_path), max_steps=STEPS,
                                per_device_train_batch_size=4, logging_steps=1,
                                report_to="none", use_cpu=True, save_strategy="no",
                                disable_tqdm=True, learning_rate=1e-2)
    trainer = tf.Trainer(model=model, args=args, train_dataset=Pairs(),
                         callbacks=[DropoutScheduleCallback("dropout", p=SCHEDULE), capture])
    trainer.train()
    preset = parse(SCHEDULE)
    # Each optimiser step ran with the rate of its step (the callback before the capture).
    assert [s for s, _ in capture.ran] == list(range(STEPS))
    assert all(p == pytest.approx(preset(s)) for s, p in capture.ran)
    train_logs = [(s, m) for s, m in capture.logs if "loss" in m]
    assert len(train_logs) == STEPS
    for step, m in train_logs:  # logged after step `step`: the rate it ran with
        assert m["dropout/net.2"] == pytest.approx(preset(step - 1))
        assert m["dropout/net.5"] == pytest.approx(preset(step - 1))
    history = [h for h in trainer.state.log_history if "loss" in h]
    assert [h["dropout/net.2"] for h in history] == [m["dropout/net.2"] for _, m in train_logs]
    assert model.net[5].p == pytest.approx(preset(STEPS - 1))
