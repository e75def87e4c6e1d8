import torch
import torch.nn.functional as F
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 128)
        self.drop = nn.Dropout(0.5)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        return self.fc2(self.drop(torch.relu(self.fc1(x.flatten(1)))))


def evaluate(net, loader):
    with torch.no_grad():
        return sum(F.cross_entropy(net(x), y).item() for x, y in loader)


def main(train_loader, val_loader):
    net = Net()
    optimizer = torch.optim.SGD(net.parameters(), lr=0.01)
    for _ in range(2):
        for i, (x, y) in enumerate(train_loader):
            net.train()
            optimizer.zero_grad()
            loss = F.cross_entropy(net(x), y)
            loss.backward()
            optimizer.step()
            if i % 200 == 199:
                net.eval()
                print(evaluate(net, val_loader))
