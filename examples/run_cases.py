"""Training patterns for `dropsurgeon run`, one per argument: two bugs and the deliberate
cases that must give nothing.

    dropsurgeon run examples/run_cases.py train-after-eval   # DS402 at the model.eval() line
    dropsurgeon run examples/run_cases.py no-backward        # DS401: train-mode metrics forward
    dropsurgeon run examples/run_cases.py update-bn          # nothing (SWA batch-norm update)
    dropsurgeon run examples/run_cases.py mc                 # nothing (dropsurgeon.mc_predict)
    dropsurgeon run examples/run_cases.py ema-teacher        # nothing (EMA and teacher copies)

CPU, random data, a second or two each.
"""

from __future__ import annotations

import copy
import sys

import torch
import torch.nn.functional as F
from torch import nn
from torch.optim import swa_utils


def make_model() -> nn.Module:
    return nn.Sequential(nn.Linear(8, 32), nn.BatchNorm1d(32), nn.ReLU(), nn.Dropout(0.3),
                         nn.Linear(32, 3))


def batches(n: int = 4):
    g = torch.Generator().manual_seed(0)
    return [(torch.randn(16, 8, generator=g), torch.randint(0, 3, (16,), generator=g))
            for _ in range(n)]


def train_after_eval(model, opt) -> None:
    model.eval()  # e.g. left over from a validation pass: training below runs without dropout
    for x, y in batches():
        opt.zero_grad()
        F.cross_entropy(model(x), y).backward()
        opt.step()


def no_backward(model, opt) -> None:
    model.train()
    for x, y in batches():
        opt.zero_grad()
        logits = model(x)
        F.cross_entropy(logits, y).backward()
        accuracy = (model(x).argmax(1) == y).float().mean()  # a second, train-mode forward
        opt.step()
    print(f"accuracy {accuracy.item():.4f}")


def update_bn(model, opt) -> None:
    swa = swa_utils.AveragedModel(model)
    model.train()
    for x, y in batches():
        opt.zero_grad()
        F.cross_entropy(model(x), y).backward()
        opt.step()
        swa.update_parameters(model)
    swa_utils.update_bn([x for x, _ in batches()], swa)  # train mode under no_grad: on purpose
    swa.eval()
    with torch.no_grad():
        print(swa(batches(1)[0][0]).argmax(1).tolist())


def mc(model, opt) -> None:
    import dropsurgeon

    model.eval()
    result = dropsurgeon.mc_predict(model, batches(1)[0][0], samples=8, seed=0)
    print(f"mean predictive entropy {result.predictive_entropy.mean().item():.4f}")


def ema_teacher(model, opt) -> None:
    teacher = copy.deepcopy(model).eval()
    ema = swa_utils.AveragedModel(model, multi_avg_fn=swa_utils.get_ema_multi_avg_fn(0.9))
    model.train()
    for x, y in batches():
        with torch.no_grad():
            soft = teacher(x).softmax(1)
        opt.zero_grad()
        out = model(x)
        loss = F.cross_entropy(out, y) + F.kl_div(out.log_softmax(1), soft,
                                                  reduction="batchmean")
        loss.backward()
        opt.step()
        ema.update_parameters(model)
        with torch.no_grad():
            for t, s in zip(teacher.parameters(), model.parameters(), strict=True):
                t.lerp_(s, 0.1)
    ema.eval()
    with torch.no_grad():
        print(ema(batches(1)[0][0]).argmax(1).tolist())


CASES = {"train-after-eval": train_after_eval, "no-backward": no_backward,
         "update-bn": update_bn, "mc": mc, "ema-teacher": ema_teacher}


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in CASES:
        print(f"usage: run_cases.py {{{','.join(CASES)}}}", file=sys.stderr)
        return 2
    torch.manual_seed(0)
    model = make_model()
    CASES[argv[0]](model, torch.optim.SGD(model.parameters(), lr=0.05))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
