"""Variational dropout kinds: keys and eval outputs kept, the local reparameterisation and
the KL approximation against direct computations, regularisation and sparsity."""

from __future__ import annotations

import copy
import math
import pickle
import warnings

import pytest
import torch
import torch.nn as nn

import dropsurgeon
from dropsurgeon.errors import DropsurgeonError
from dropsurgeon.surgery import ConcreteDropout, NoMatchError
from dropsurgeon.surgery.variational import (
    K1,
    RegularisationWarning,
    SparseVariationalDropout,
    VariationalDropout,
    kl_approx,
    regularisation,
    sparsity,
)

KINDS = ["variational", "sparse_variational"]


def mlp() -> nn.Module:
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Dropout(0.2), nn.Linear(16, 3))


def convnet() -> nn.Module:
    torch.manual_seed(0)
    return nn.Sequential(nn.Conv2d(3, 4, 3, padding=1, padding_mode="reflect"), nn.ReLU(),
                         nn.Conv2d(4, 2, 3, groups=2), nn.Flatten(), nn.Linear(72, 2))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("make,where,x", [
    (mlp, "Linear", torch.randn(5, 8)),
    (convnet, ["Conv2d", "Linear"], torch.randn(2, 3, 8, 8)),
])
def test_replace_keeps_keys_and_eval_outputs(kind, make, where, x):
    model = make()
    new = dropsurgeon.replace(model, where, kind=kind, example_inputs=(x,))  # verifies too
    old_sd, new_sd = model.state_dict(), new.state_dict()
    for k, v in old_sd.items():
        assert torch.equal(new_sd[k], v), k
    extra = set(new_sd) - set(old_sd)
    assert extra and all(".noise." in k for k in extra)
    model.eval()
    new.eval()
    with torch.no_grad():
        assert torch.equal(new(x), model(x))
    # A checkpoint of the new model loads into a fresh replacement of the same architecture.
    again = dropsurgeon.replace(make(), where, kind=kind, verify=False)
    again.load_state_dict(new_sd)
    again.eval()
    assert torch.equal(again(x), new(x))
    # The layers trained in place: undo gives back plain layers with the (trained) means.
    undone = dropsurgeon.undo(new)
    assert type(undone[0]) is type(model[0])
    assert torch.equal(undone[0].weight, model[0].weight)


def test_train_mode_is_the_local_reparameterisation_of_gaussian_weight_noise():
    """Oracle: sampling weights w = theta * (1 + sqrt(alpha) eps) directly gives the same
    output mean and variance as sampling the pre-activations."""
    torch.manual_seed(1)
    lin = nn.Linear(6, 4)
    layer = VariationalDropout(lin, p=0.3)
    with torch.no_grad():
        layer.noise.log_alpha.copy_(torch.tensor([-2.0, -0.5, -0.1, 0.0]))
    x = torch.randn(1, 6)
    n = 20000
    layer.train()
    with torch.no_grad():
        lrt = layer(x.expand(n, 6))
        alpha = layer.noise.log_alpha.exp()[:, None]
        w = lin.weight * (1 + alpha.sqrt() * torch.randn(n, 4, 6))
        direct = torch.einsum("noi,i->no", w, x[0]) + lin.bias
        want_var = (alpha * lin.weight ** 2 * x[0] ** 2).sum(1)
    for sample in (lrt, direct):
        assert torch.allclose(sample.mean(0), lin(x)[0].detach(), atol=4 * want_var.sqrt().max()
                              / math.sqrt(n))
        assert torch.allclose(sample.var(0), want_var, rtol=0.05)


def test_sparse_local_reparameterisation_variance():
    torch.manual_seed(2)
    lin = nn.Linear(5, 3)
    layer = SparseVariationalDropout(lin)
    with torch.no_grad():
        layer.noise.log_sigma2.copy_(torch.randn(3, 5) - 2)
    x = torch.randn(1, 5)
    layer.train()
    with torch.no_grad():
        out = layer(x.expand(40000, 5))
        want_var = (layer.noise.log_sigma2.exp() * x[0] ** 2).sum(1)
    assert torch.allclose(out.var(0), want_var, rtol=0.05)
    assert torch.allclose(out.mean(0), lin(x)[0].detach(), atol=0.03)


def test_kl_approximation_matches_the_integral():
    """-KL(alpha) = 0.5 log alpha - E_{e ~ N(1, alpha)} log|e| + C (Molchanov et al. 2017,
    eq. 13), C = -k1 so that KL -> 0 as alpha grows; the approximation is within 0.01."""
    z = torch.linspace(-12, 12, 2_000_001, dtype=torch.float64)
    density = torch.exp(-z * z / 2) / math.sqrt(2 * math.pi)
    for log_alpha in (-4.0, -2.0, -1.0, 0.0, 1.0, 2.0, 4.0):
        a = math.exp(log_alpha)
        e = (1 + math.sqrt(a) * z).abs().clamp_min(1e-300)
        expect_log = torch.trapezoid(density * e.log(), z).item()
        neg_kl = 0.5 * log_alpha - expect_log - K1
        assert kl_approx(torch.tensor(log_alpha)).item() == pytest.approx(-neg_kl, abs=0.01)
    assert kl_approx(torch.tensor(10.0)).item() == pytest.approx(0.0, abs=1e-3)


def test_sparse_eval_zeroes_weights_with_log_alpha_above_3():
    model = dropsurgeon.replace(mlp(), "Linear", kind="sparse_variational", verify=False)
    layer = model[0]
    theta = layer.wrapped.weight.detach()
    with torch.no_grad():
        la = torch.full_like(theta, -5.0)
        la[:, :4] = 3.5  # half the inputs of the first layer: pruned
        la[0, 4] = 3.0   # exactly 3 is kept
        layer.noise.log_sigma2.copy_(la + torch.log(theta ** 2 + 1e-8))
    model.eval()
    x = torch.randn(7, 8)
    ref = torch.nn.functional.linear(x, torch.where(la > 3, 0.0, theta), layer.wrapped.bias)
    assert torch.allclose(model[0](x), ref, atol=1e-6)
    s = sparsity(model)
    assert s["0"] == pytest.approx(0.5)
    assert s["3"] == 0.0
    assert s["total"] == pytest.approx(64 / (128 + 48))


def test_regularisation_sums_kl_over_dataset_size_and_concrete():
    model = dropsurgeon.replace(mlp(), "Linear", kind="sparse_variational", verify=False)
    kl = sum(kl_approx(m.log_alpha()).sum() for m in (model[0], model[3]))
    assert regularisation(model, 100).item() == pytest.approx(kl.item() / 100, rel=1e-6)
    both = dropsurgeon.replace(model, "dropout", kind="concrete", verify=False)
    both(torch.randn(2, 8))  # concrete dropout reads its input size in the forward
    concrete = next(m for m in both.modules() if isinstance(m, ConcreteDropout))
    want = kl.item() / 100 + concrete.regularisation().item()
    assert regularisation(both, 100).item() == pytest.approx(want, rel=1e-6)
    unit = dropsurgeon.replace(mlp(), "Linear", kind="variational", verify=False)
    # One alpha per output unit, shared by its in_features weights.
    want = (8 * kl_approx(unit[0].noise.log_alpha).sum()
            + 16 * kl_approx(unit[3].noise.log_alpha).sum()) / 10
    assert regularisation(unit, 10).item() == pytest.approx(want.item(), rel=1e-6)
    assert regularisation(unit, 10).requires_grad


def test_no_learned_rates_gives_zero_and_a_warning():
    with pytest.warns(RegularisationWarning, match="no learned-rate layers"):
        assert regularisation(mlp(), 10).item() == 0.0
    with pytest.warns(RegularisationWarning, match="no sparse_variational"):
        assert sparsity(mlp()) == {"total": 0.0}
    with pytest.raises(DropsurgeonError, match="dataset_size must be a positive integer"):
        regularisation(mlp(), 0)


def test_variational_trains_and_alpha_moves():
    torch.manual_seed(3)
    model = dropsurgeon.replace(mlp(), "Linear", kind="variational", p=0.2, verify=False)
    start = [m.noise.log_alpha.detach().clone() for m in (model[0], model[3])]
    assert start[0][0].item() == pytest.approx(math.log(0.25))
    x = torch.randn(64, 8)
    y = (x @ torch.randn(8, 3)).argmax(1)  # learnable labels
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    model.train()
    losses = []
    for _ in range(60):
        loss = nn.functional.cross_entropy(model(x), y) + regularisation(model, 64)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < losses[0]
    moved = [(m.noise.log_alpha.detach() - s).abs().max().item()
             for m, s in zip((model[0], model[3]), start, strict=True)]
    assert min(moved) > 0.1


def test_replacing_again_swaps_the_wrapper_instead_of_nesting():
    once = dropsurgeon.replace(mlp(), "Linear", kind="variational", verify=False)
    twice = dropsurgeon.replace(once, "Linear", kind="sparse_variational", verify=False)
    assert isinstance(twice[0], SparseVariationalDropout)
    assert isinstance(twice[0].wrapped, nn.Linear)
    assert set(twice.state_dict()) == {"0.weight", "0.bias", "0.noise.log_sigma2", "3.weight",
                                       "3.bias", "3.noise.log_sigma2"}


def test_plans_json_deepcopy_and_pickle():
    plan = dropsurgeon.Plan().replace("Linear", kind="sparse_variational", p=0.1)
    again = dropsurgeon.Plan.from_json(plan.to_json())
    model = again.apply(mlp(), (torch.randn(2, 8),)).model
    assert isinstance(model[3], SparseVariationalDropout)
    assert model[3].log_alpha().mean().item() == pytest.approx(math.log(0.1 / 0.9), abs=1e-4)
    for other in (copy.deepcopy(model), pickle.loads(pickle.dumps(model))):
        other.eval()
        model.eval()
        x = torch.randn(3, 8)
        assert torch.equal(other(x), model(x))


def test_bad_input():
    with pytest.raises(NoMatchError, match="replaces Linear or Conv"):
        dropsurgeon.replace(mlp(), "dropout", kind="variational")
    with pytest.raises(DropsurgeonError, match="acts on weights: use replace"):
        dropsurgeon.insert(mlp(), "after:Linear", p=0.1, kind="sparse_variational")
    with pytest.raises(DropsurgeonError, match=r"must be in \(0, 0.5\]"):
        dropsurgeon.replace(mlp(), "Linear", kind="variational", p=0.0)
    with pytest.raises(DropsurgeonError, match=r"must be in \(0, 0.5\]"):
        dropsurgeon.replace(mlp(), "Linear", kind="variational", p=0.7)
    with pytest.raises(DropsurgeonError, match=r"must be in \(0, 1\)"):
        dropsurgeon.replace(mlp(), "Linear", kind="sparse_variational", p=1.0)
    with pytest.raises(DropsurgeonError, match="not ReLU"):
        VariationalDropout(nn.ReLU())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # Linear matched, ReLU not selected: no note
        dropsurgeon.replace(mlp(), "Linear", kind="variational")
