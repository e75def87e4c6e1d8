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


def resume(loader, ckpt="last.pt"):
    model = Net()
    state = torch.load(ckpt)
    model.load_state_dict(state["model"])
    model.eval()
    print("resumed at", state["epoch"])
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    for x, y in loader:
        opt.zero_grad()
        F.cross_entropy(model(x), y).backward()  # expect: DS402
        opt.step()
