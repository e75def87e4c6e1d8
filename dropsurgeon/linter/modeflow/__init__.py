"""The mode analysis: train/eval mode as program state (issue 16, DESIGN "Mode is program
state").

Each model object gets a state (``train``, ``eval``, ``unknown``); constructors and loaders
(:mod:`.tables`) give it one, ``.train()``/``.eval()`` set it, wrappers share it.  Every
function gets a :class:`~.summary.Summary` (what it does to each parameter's mode, which
parameters it evaluates or trains); calls apply it.  A rule fires where a use meets a state it
forbids - an evaluation in ``train`` (DS401), training in ``eval`` (DS402; DS403 for a
pretrained model) - and the finding carries the trace of facts that made the state.
``unknown`` reports nothing.  ``ast`` only; no torch.
"""

from __future__ import annotations

from .walk import ModeAnalysis, ModeHit, analyse, attach

__all__ = ["ModeAnalysis", "ModeHit", "analyse", "attach"]
