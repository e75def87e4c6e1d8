"""DS5xx: what only running the model shows (reported by ``dropsurgeon check``).

These rules have no per-site check: ``check`` runs the forward twice in eval mode and
compares the outputs bitwise (see ``dropsurgeon/check.py``).  ``lint`` does not run them,
so they are kept out of ``ALL_RULES`` (whose examples the lint tests run); their examples
are run through ``dropsurgeon check`` in tests/test_check_rules.py.  (A forward that
mutates dropout state is DS404, which lint's source scan reports too.)
"""

from __future__ import annotations

from ..findings import Severity
from .base import Rule
from .mode import _HEADER

_INIT = (
    "class Net(nn.Module):\n"
    "    def __init__(self):\n"
    "        super().__init__()\n"
    "        self.fc = nn.Linear(8, 8)\n"
    "        self.drop = nn.Dropout(0.5)\n\n"
)

RULES = (
    Rule(
        code="DS501",
        name="eval-forward-not-deterministic",
        severity=Severity.ERROR,
        summary="Two eval-mode forwards on the same input give different outputs.",
        why=(
            "After `model.eval()` a forward pass should be a pure function of its inputs. "
            "When two eval forwards on the same input differ bitwise and no dropout or "
            "random op explains it, something else is random or stateful: Python's or "
            "NumPy's RNG, uninitialised memory (`torch.empty`), or state carried between "
            "calls. Evaluation metrics and served predictions are then not reproducible."
        ),
        fix=(
            "Make eval forward depend only on its inputs: draw random numbers only when "
            "`self.training`, from torch's RNG, and do not keep state between calls."
        ),
        invalid=(
            _HEADER.replace("import torch\n", "import random\n\nimport torch\n")
            + _INIT
            + "    def forward(self, x):  # expect: DS501\n"
            + "        return self.drop(self.fc(x)) * (1.0 + 0.1 * random.random())\n",
            _HEADER
            + _INIT
            + "    calls = 0\n\n"
            + "    def forward(self, x):  # expect: DS501\n"
            + "        self.calls += 1\n"
            + "        return self.drop(self.fc(x)) + self.calls\n",
        ),
        valid=(
            _HEADER
            + _INIT
            + "    def forward(self, x):\n"
            + "        return self.drop(self.fc(x))\n",
        ),
    ),
)
