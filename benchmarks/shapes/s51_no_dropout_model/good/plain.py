import torch
import torch.nn.functional as F
from torch import nn


def make_model():
    return nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 3))


def score(loader):
    model = make_model()
    model.load_state_dict(torch.load("mlp.pt"))
    with torch.no_grad():
        return [F.softmax(model(x), -1) for x in loader]
