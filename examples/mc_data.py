"""Write `x.pt` (64 rows of 16 features) and `y.pt` (their labels, 4 classes) for the
`dropsurgeon mc` examples: `python examples/mc_data.py [DIR]`."""

from __future__ import annotations

import sys
from pathlib import Path

import torch

if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(".")
    out.mkdir(parents=True, exist_ok=True)
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(64, 16, generator=gen)
    y = (x[:, :4].argmax(1)).long()  # a learnable rule: the largest of the first 4 features
    torch.save(x, out / "x.pt")
    torch.save(y, out / "y.pt")
    print(f"wrote {out / 'x.pt'} {tuple(x.shape)} and {out / 'y.pt'} {tuple(y.shape)}")
