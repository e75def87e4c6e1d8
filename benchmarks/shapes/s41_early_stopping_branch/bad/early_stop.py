import torch
import torch.nn.functional as F
from torch import nn


class Net(nn.Module):
    def __init__(self, n_in=20, n_out=3):
        super().__init__()
        self.body = nn.Sequential(
            nn.Linear(n_in, 64), nn.BatchNorm1d(64), nn.ReLU(), nn.Dropout(0.3)
        )
        self.head = nn.Linear(64, n_out)

    def forward(self, x):
        return self.head(self.body(x))


def fit(train_loader, val_loader, patience=3, epochs=100):
    model = Net()
    opt = torch.optim.Adam(model.parameters())
    best, bad_epochs = float("inf"), 0
    model.train()
    for epoch in range(epochs):
        for x, y in train_loader:
            opt.zero_grad()
            F.cross_entropy(model(x), y).backward()  # expect: DS402
            opt.step()
        if epoch % 2 == 1:
            model.eval()
            with torch.no_grad():
                val = sum(F.cross_entropy(model(x), y).item() for x, y in val_loader)
            if val < best:
                best, bad_epochs = val, 0
                torch.save(model.state_dict(), "best.pt")
            else:
                bad_epochs += 1
                if bad_epochs >= patience:
                    break
    return best
