import torch
import torch.nn.functional as F
from torch import nn


class Net(nn.Module):
    def __init__(self, n_in=20, n_out=1):
        super().__init__()
        self.body = nn.Sequential(
            nn.Linear(n_in, 64), nn.BatchNorm1d(64), nn.ReLU(), nn.Dropout(0.3)
        )
        self.head = nn.Linear(64, n_out)

    def forward(self, x):
        return self.head(self.body(x))


def fit_predict(X_train, y_train, X_test, epochs=200):
    model = Net(n_in=X_train.shape[1])
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    for _ in range(epochs):
        opt.zero_grad()
        F.mse_loss(model(X_train).squeeze(1), y_train).backward()
        opt.step()
    model.eval()
    y_pred = model(X_test).detach().numpy()
    return y_pred
