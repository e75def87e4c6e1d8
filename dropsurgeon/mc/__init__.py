"""Monte Carlo dropout: uncertainty from any model in one call (see docs/mc.md).

Only the selected dropout sites are switched on (by intercepting their calls, never by
``model.train()``), samples fold into the batch, and the deterministic trunk upstream of the
first active site runs once.
"""

from __future__ import annotations

from .acquire import acquire
from .predict import MCWarning, mc_predict
from .result import MCResult
from .wrap import mc_wrap

__all__ = ["MCResult", "MCWarning", "acquire", "mc_predict", "mc_wrap"]
