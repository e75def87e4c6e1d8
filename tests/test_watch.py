"""dropsurgeon.watch(): real training/evaluation code watched in this process."""

from __future__ import annotations

import linecache
import textwrap

import pytest
import torch
import torch.nn.functional as F
from torch import nn

import dropsurgeon
from dropsurgeon.guard.watch import Watcher, watch


class Net(nn.Module):
    def __init__(self, bn: bool = False):
        super().__init__()
        self.fc = nn.Linear(8, 16)
        self.bn = nn.BatchNorm1d(16) if bn else nn.Identity()
        self.drop = nn.Dropout(0.5)
        self.out = nn.Linear(16, 3)

    def forward(self, x):
        return self.out(self.drop(torch.relu(self.bn(self.fc(x)))))


def _data(n=3):
    g = torch.Generator().manual_seed(0)
    return [(torch.randn(8, 8, generator=g), torch.randint(0, 3, (8,), generator=g))
            for _ in range(n)]


def _train(model, data, opt):
    model.train()
    for x, y in data:
        opt.zero_grad()
        F.cross_entropy(model(x), y).backward()
        opt.step()


def _line_of(fn, text):
    """The line number of the first line of ``fn``'s source containing ``text``."""
    import inspect

    lines, start = inspect.getsourcelines(fn)
    for i, line in enumerate(lines):
        if text in line:
            return start + i
    raise AssertionError(text)


def _codes(w):
    return sorted(f.code for f in w.findings)


# -- DS401 -------------------------------------------------------------------------------


def _evaluate_without_eval(model, data):
    with torch.no_grad():
        return [model(x) for x, _ in data]  # the bug: no model.eval()


def test_evaluation_in_train_mode_under_no_grad_is_found_at_the_call_with_its_trace():
    model, data = Net(), _data()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with watch() as w:
        for _ in range(2):
            _train(model, data, opt)
            _evaluate_without_eval(model, data)
    (f,) = w.findings
    assert f.code == "DS401" and f.extra["count"] == 6
    assert f.path.endswith("test_watch.py")
    assert f.line == _line_of(_evaluate_without_eval, "model(x) for x")
    assert "torch.no_grad()" in f.message and "(6 times)" in f.message
    messages = [s.message for s in f.trace]
    assert any("mode last set here: `.train()`" in m for m in messages)
    train_step = next(s for s in f.trace if "mode last set" in s.message)
    assert train_step.line == _line_of(_train, "model.train()")
    assert f.trace[-1].line == f.line  # the judged use comes last
    assert w.report.exit_code() == 1


def test_the_fixed_evaluation_gives_nothing():
    model, data = Net(bn=True), _data()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with watch() as w:
        for _ in range(2):
            _train(model, data, opt)
            model.eval()
            _evaluate_without_eval(model, data)
    assert w.findings == []
    assert w.report.exit_code() == 0


def test_inference_mode_counts_like_no_grad():
    model = Net()
    with watch() as w, torch.inference_mode():
        model(torch.randn(2, 8))
    (f,) = w.findings
    assert f.code == "DS401" and "inference_mode" in f.message


def _forward_without_backward(model, x):
    return model(x).argmax(1)  # metrics with gradients on, in train mode


def test_train_mode_output_that_reaches_no_backward_before_the_step_is_found():
    model, data = Net(), _data()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with watch() as w:
        for x, y in data:
            opt.zero_grad()
            F.cross_entropy(model(x), y).backward()  # reaches backward: fine
            _forward_without_backward(model, x)
            opt.step()
    (f,) = w.findings
    assert f.code == "DS401" and f.extra["count"] == 3
    assert f.line == _line_of(_forward_without_backward, "model(x).argmax")
    assert "no backward before the next optimizer step" in f.message
    assert "optimizer step" in f.trace[-1].message


def test_a_train_mode_forward_with_gradients_at_the_end_of_the_run_is_found():
    model = Net()
    with watch() as w:
        _forward_without_backward(model, torch.randn(2, 8))
    (f,) = w.findings
    assert "the end of the run" in f.message


def test_a_model_without_dropout_or_batch_norm_is_never_judged():
    model = nn.Sequential(nn.Linear(4, 4), nn.ReLU())
    with watch() as w, torch.no_grad():
        model(torch.randn(2, 4))
    assert w.findings == []


def test_zero_rate_dropout_is_not_dropout():
    model = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.0))
    with watch() as w, torch.no_grad():
        model(torch.randn(2, 4))
    assert w.findings == []


# -- DS402 -------------------------------------------------------------------------------


def _fit_after_eval(model, data, opt):
    model.eval()  # left in eval mode: the training below runs without dropout
    for x, y in data:
        opt.zero_grad()
        F.cross_entropy(model(x), y).backward()
        opt.step()


def test_training_after_eval_is_found_at_the_eval_call():
    model, data = Net(), _data()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    with watch() as w:
        _fit_after_eval(model, data, opt)
    (f,) = w.findings
    assert f.code == "DS402" and f.extra["count"] == 3
    assert f.line == _line_of(_fit_after_eval, "model.eval()")
    messages = " | ".join(s.message for s in f.trace)
    assert "`.eval()`" in messages and "optimizer step" in messages
    assert "called in eval mode with gradients" in messages


def test_a_step_over_another_models_parameters_does_not_blame_this_one():
    gen = Net()
    disc = nn.Sequential(nn.Linear(3, 8), nn.Dropout(0.5), nn.Linear(8, 1))
    opt_g = torch.optim.SGD(gen.parameters(), lr=0.1)
    disc.eval()
    with watch() as w:
        for x, _ in _data():
            opt_g.zero_grad()
            gen.train()
            disc(gen(x)).sum().backward()  # the discriminator is frozen in eval on purpose
            opt_g.step()
    assert w.findings == []


# -- deliberate cases --------------------------------------------------------------------


def test_swa_update_bn_is_deliberate():
    from torch.optim.swa_utils import AveragedModel, update_bn

    model = Net(bn=True)
    swa = AveragedModel(model)
    loader = [x for x, _ in _data()]
    with watch() as w:
        update_bn(loader, swa)
    assert w.findings == []


def test_mc_dropout_through_dropsurgeon_mc_is_deliberate():
    model = Net().eval()
    with watch() as w:
        result = dropsurgeon.mc_predict(model, torch.randn(4, 8), samples=4, seed=0)
    assert result is not None
    assert w.findings == []


def test_dropsurgeon_check_inside_a_watch_is_not_judged():
    model = Net().eval()
    with watch() as w:
        assert dropsurgeon.check(model, torch.randn(2, 8))
    assert w.findings == []


def test_ema_and_teacher_copies_give_nothing():
    import copy

    student, data = Net(bn=True), _data()
    teacher = copy.deepcopy(student).eval()
    ema = torch.optim.swa_utils.AveragedModel(
        student, multi_avg_fn=torch.optim.swa_utils.get_ema_multi_avg_fn(0.9))
    opt = torch.optim.SGD(student.parameters(), lr=0.1)
    with watch() as w:
        student.train()
        for x, y in data:
            with torch.no_grad():
                soft = teacher(x).softmax(1)
            opt.zero_grad()
            out = student(x)
            kl = F.kl_div(out.log_softmax(1), soft, reduction="batchmean")
            (F.cross_entropy(out, y) + kl).backward()
            opt.step()
            ema.update_parameters(student)  # updated without a forward
            with torch.no_grad():  # the teacher follows the student by EMA, no optimizer
                for pt, ps in zip(teacher.parameters(), student.parameters(), strict=True):
                    pt.lerp_(ps, 0.1)
        ema.eval()
        with torch.no_grad():
            ema(data[0][0])
    assert w.findings == []


def test_ignored_modules_and_codes_are_left_alone():
    class Teacher(Net):
        pass

    teacher, student = Teacher(), Net()
    for ignore in (["Teacher"], [teacher]):
        with watch(ignore=ignore) as w, torch.no_grad():
            teacher(torch.randn(2, 8))
        assert w.findings == [], ignore
    with watch(ignore=["DS401"]) as w, torch.no_grad():
        student(torch.randn(2, 8))
    assert w.findings == []
    with watch(select=["DS402"]) as w, torch.no_grad():
        student(torch.randn(2, 8))
    assert w.findings == []


def test_noqa_on_the_reported_line_suppresses(tmp_path):
    src = tmp_path / "mc_by_hand.py"
    src.write_text(textwrap.dedent("""
        import torch
        def predict(model, x):
            with torch.no_grad():
                return model(x)  # noqa: DS401 - MC dropout by hand, on purpose
    """))
    ns: dict = {}
    exec(compile(src.read_text(), str(src), "exec"), ns)
    with watch() as w:
        ns["predict"](Net(), torch.randn(2, 8))
    report = w.report
    assert [f.code for f in report.suppressed_findings] == ["DS401"]
    assert report.exit_code() == 0
    linecache.clearcache()


# -- DS105 / DS102 (the runtime monitor's detection) --------------------------------------


class PinnedTrain(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 8)
        self.drop = nn.Dropout(0.5)  # stays in train mode: train() below skips it

    def train(self, mode=True):
        self.training = mode
        self.fc.train(mode)
        return self

    def forward(self, x):
        return self.drop(self.fc(x))


class FlagTrue(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 8)

    def forward(self, x):
        return F.dropout(self.fc(x), 0.5, training=True)


def test_dropout_module_still_training_after_eval_is_ds105_at_its_construction():
    model = PinnedTrain()
    with watch() as w, torch.no_grad():
        model.eval()
        for _ in range(3):
            model(torch.randn(2, 8))
    (f,) = w.findings
    assert f.code == "DS105" and f.extra["count"] == 3
    assert f.line == _line_of(PinnedTrain, "self.drop = nn.Dropout")
    assert any("called in eval mode" in s.message for s in f.trace)


def test_functional_dropout_on_at_eval_is_ds102_at_the_call():
    model = FlagTrue().eval()
    with watch() as w:
        model(torch.randn(2, 8))
    (f,) = w.findings
    assert f.code == "DS102"
    assert f.line == _line_of(FlagTrue, "F.dropout(")


def test_gated_functional_dropout_at_eval_gives_nothing():
    class Gated(FlagTrue):
        def forward(self, x):
            return F.dropout(self.fc(x), 0.5, training=self.training)

    with watch() as w:
        Gated().eval()(torch.randn(2, 8))
    assert w.findings == []


# -- cost, hooks, behaviour ----------------------------------------------------------------


def test_memory_is_one_counter_per_location():
    model = Net()
    with watch() as w, torch.no_grad():
        x = torch.randn(1, 8)
        for _ in range(2000):
            model(x)
    assert len(w.tally.spots) == 1
    assert w.findings[0].extra["count"] == 2000
    assert not w._pending and len(w._since) == 0


def test_hooks_are_removed_and_the_users_exception_propagates():
    from torch.nn.modules import module as module_mod

    before = (len(module_mod._global_forward_pre_hooks), len(module_mod._global_forward_hooks))
    train = nn.Module.train
    with pytest.raises(ZeroDivisionError), watch():
        Net()(torch.randn(2, 8))
        1 / 0  # noqa: B018 - the user's own error
    after = (len(module_mod._global_forward_pre_hooks), len(module_mod._global_forward_hooks))
    assert after == before and nn.Module.train is train


def test_an_exception_inside_a_sampled_forward_leaves_no_mode_behind():
    class Boom(nn.Module):
        def forward(self, x):
            raise ValueError("user error")

    with watch() as w:
        with pytest.raises(ValueError, match="user error"):
            Boom().eval()(torch.randn(1))
        FlagTrue().eval()(torch.randn(2, 8))
    assert torch.overrides._get_current_function_mode_stack() == []
    assert [f.code for f in w.findings] == ["DS102"]


def _seeded_run():
    torch.manual_seed(1234)
    model = Net(bn=True)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    losses = []
    for x, y in _data(4):
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    model.eval()
    with torch.no_grad():
        losses.append(model(_data(1)[0][0]).sum().item())
    return losses, torch.rand(3).tolist()


def test_seeded_training_is_bitwise_the_same_with_and_without_the_watcher():
    plain = _seeded_run()
    with watch() as w:
        watched = _seeded_run()
    assert watched == plain
    assert w.findings == []


def test_gradient_checkpointing_recomputation_is_not_judged():
    from torch.utils.checkpoint import checkpoint

    class Ckpt(nn.Module):
        def __init__(self):
            super().__init__()
            self.block = Net()

        def forward(self, x):
            return checkpoint(self.block, x, use_reentrant=False)

    model = Ckpt()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with watch() as w:
        for x, y in _data():
            opt.zero_grad()
            F.cross_entropy(model(x), y).backward()
            opt.step()
    assert w.findings == []


class _ModuleDataset(torch.utils.data.Dataset):
    """Runs a module in train mode under no_grad (a DS401 pattern) and returns how many
    findings the watcher of the process it runs in holds."""

    watcher: Watcher | None = None

    def __init__(self):
        self.aug = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.5))

    def __len__(self):
        return 4

    def __getitem__(self, i):
        with torch.no_grad():
            self.aug(torch.ones(4))
        return torch.tensor(len(self.watcher.tally.spots))


def test_dataloader_workers_are_not_watched():
    ds = _ModuleDataset()
    with watch() as w:
        ds.watcher = w
        in_workers = torch.cat(list(torch.utils.data.DataLoader(
            ds, batch_size=2, num_workers=1, multiprocessing_context="fork")))
        assert in_workers.tolist() == [0, 0, 0, 0]  # the forked copy saw nothing
        in_process = torch.cat(list(torch.utils.data.DataLoader(ds, batch_size=2)))
        assert in_process.tolist() == [1, 1, 1, 1]  # the same calls here: seen
    assert [f.code for f in w.findings] == ["DS401"]


def test_a_running_watcher_cannot_start_twice():
    w = Watcher().start()
    try:
        with pytest.raises(RuntimeError):
            w.start()
    finally:
        w.stop()


def test_a_dropout_child_switched_back_to_train_is_not_trained_in_eval_mode():
    model, data = Net(), _data()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with watch() as w:
        model.eval()
        model.drop.train()  # dropout on, the rest frozen: DS105 says so, DS402 must not
        for x, y in data:
            opt.zero_grad()
            F.cross_entropy(model(x), y).backward()
            opt.step()
    assert [f.code for f in w.findings] == ["DS105"]


def test_an_internal_failure_of_the_watcher_never_breaks_the_program(monkeypatch):
    def broken(self, module, args):
        raise KeyError("watcher bug")

    monkeypatch.setattr(Watcher, "_top_call", broken)
    model, data = Net(), _data()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with watch() as w:
        _train(model, data, opt)  # runs to the end, unchanged
    assert "internal error: KeyError" in w.error
    report = w.report
    assert report.errors == [w.error] and report.exit_code() == 2
