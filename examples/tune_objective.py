"""The objective `dropsurgeon tune` calls as objective(model, trial) (see docs/tune.md).

A synthetic three-class problem, split into training and validation batches once; the
built-in objective trains for a few epochs, reports validation accuracy after each epoch
(so the pruner can stop bad trials) and returns the last one.
"""

import torch

from dropsurgeon import train_objective

_g = torch.Generator().manual_seed(0)
_x = torch.randn(600, 16, generator=_g)
_y = (_x[:, :3] @ torch.tensor([1.0, -1.0, 0.5]) > 0).long() + (_x[:, 3] > 0.5).long()
TRAIN = [(_x[i:i + 50], _y[i:i + 50]) for i in range(0, 400, 50)]
VAL = [(_x[400:], _y[400:])]

objective = train_objective(TRAIN, VAL, epochs=3, metric="accuracy")
