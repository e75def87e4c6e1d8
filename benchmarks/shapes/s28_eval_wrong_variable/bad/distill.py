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


def distill(teacher, loader, epochs=3):
    student = Net()
    opt = torch.optim.Adam(student.parameters())
    teacher.eval()
    for _ in range(epochs):
        student.train()
        for x, _y in loader:
            with torch.no_grad():
                target = teacher(x).softmax(-1)
            loss = F.kl_div(student(x).log_softmax(-1), target, reduction="batchmean")
            opt.zero_grad()
            loss.backward()
            opt.step()
    return student


def report(teacher, loader, test_loader):
    student = distill(teacher, loader)
    teacher.eval()
    with torch.no_grad():
        for x, y in test_loader:
            print((student(x).argmax(1) == y).float().mean().item())  # expect: DS401
