import torch
import torch.nn.functional as F
from torch import nn


def make_disc():
    return nn.Sequential(nn.Linear(8, 32), nn.LeakyReLU(0.2), nn.Dropout(0.3), nn.Linear(32, 1))


def make_gen():
    return nn.Sequential(nn.Linear(4, 32), nn.BatchNorm1d(32), nn.ReLU(), nn.Linear(32, 8))


def train_gan(real_loader, steps=1000):
    gen, disc = make_gen(), make_disc()
    opt_g = torch.optim.Adam(gen.parameters(), lr=2e-4)
    opt_d = torch.optim.Adam(disc.parameters(), lr=2e-4)
    gen.train()
    disc.train()
    for real in real_loader:
        fake = gen(torch.randn(len(real), 4))
        d_real = disc(real)  # expect: DS402
        d_fake = disc(fake.detach())
        loss_d = F.softplus(-d_real).mean() + F.softplus(d_fake).mean()
        opt_d.zero_grad()
        loss_d.backward()
        opt_d.step()
        disc.eval()
        loss_g = F.softplus(-disc(fake)).mean()
        opt_g.zero_grad()
        loss_g.backward()
        opt_g.step()
