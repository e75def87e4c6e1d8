import torch
import torch.nn.functional as F
from torch import nn

xs, ys = torch.randn(256, 20), torch.randint(0, 3, (256,))
model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Dropout(0.5), nn.Linear(64, 3))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for _ in range(100):
    optimizer.zero_grad()
    F.cross_entropy(model(xs), ys).backward()
    optimizer.step()

with torch.no_grad():
    accuracy = (model(xs).argmax(1) == ys).float().mean().item()
print(accuracy)
