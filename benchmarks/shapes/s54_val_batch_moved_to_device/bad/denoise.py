import torch
import torch.nn as nn
import torch.nn.functional as F


class Denoiser(nn.Module):
    def __init__(self, width=64):
        super().__init__()
        self.body = nn.Sequential(
            nn.Linear(width, width), nn.BatchNorm1d(width), nn.ReLU(), nn.Linear(width, width))

    def forward(self, x):
        return self.body(x)


def main(train_loader, val_loader, epochs=20, device="cpu"):
    net = Denoiser().to(device)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    best = float("inf")
    for epoch in range(epochs):
        for clean, noisy in train_loader:
            clean, noisy = clean.to(device), noisy.to(device)
            loss = F.mse_loss(net(noisy), clean)
            opt.zero_grad()
            loss.backward()
            opt.step()
        val_loss = 0.0
        for clean_val, noisy_val in val_loader:
            clean_val = clean_val.to(device)
            noisy_val = noisy_val.to(device)
            with torch.no_grad():
                val_loss += F.mse_loss(net(noisy_val), clean_val).item()  # expect: DS401
        if val_loss < best:
            best = val_loss
            torch.save(net.state_dict(), "best.pt")
    return best
