"""A mode bug in the MNIST-example shape: `train()` switches the model to train mode and
`evaluate()` runs it under `torch.no_grad()` without `.eval()`, so its dropout stays active.

    dropsurgeon lint examples/mode_bug.py --no-import
"""
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 8, 3)
        self.dropout = nn.Dropout(0.25)
        self.fc = nn.Linear(8 * 26 * 26, 10)

    def forward(self, x):
        x = self.dropout(F.relu(self.conv(x)))
        return F.log_softmax(self.fc(torch.flatten(x, 1)), dim=1)


def train(model, loader, optimizer, epoch):
    model.train()
    for data, target in loader:
        optimizer.zero_grad()
        loss = F.nll_loss(model(data), target)
        loss.backward()
        optimizer.step()


def evaluate(model, loader):
    test_loss, correct = 0.0, 0
    with torch.no_grad():
        for data, target in loader:
            output = model(data)
            test_loss += F.nll_loss(output, target, reduction="sum").item()
            correct += output.argmax(dim=1).eq(target).sum().item()
    return test_loss, correct


def main(train_loader, test_loader):
    model = Net()
    optimizer = optim.Adadelta(model.parameters(), lr=1.0)
    for epoch in range(1, 3):
        train(model, train_loader, optimizer, epoch)
        evaluate(model, test_loader)


if __name__ == "__main__":
    main([], [])
