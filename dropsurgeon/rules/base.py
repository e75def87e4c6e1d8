"""What a rule is.  A rule is data: its code, texts, examples, and a small check function."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..findings import Finding, Severity
from ..sites import MODULE, Site

# A rate written as a name or attribute path (``self.attn_drop``, ``config.dropout``).
_NAME_PATH = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
# A site check returns the finding's message, or None when the site is fine.
SiteCheck = Callable[[Site], "str | None"]


@dataclass(frozen=True)
class Rule:
    """One lint rule.

    ``invalid`` examples are complete model files; each marks the line that must be
    reported with a trailing ``# expect: <CODE>`` comment.  ``valid`` examples must not
    produce this rule's code.  The test suite runs every example through the CLI.
    """

    code: str
    name: str
    severity: Severity
    summary: str
    why: str
    fix: str
    valid: tuple[str, ...] = ()
    invalid: tuple[str, ...] = ()
    check_site: SiteCheck | None = None
    # A rule may carry a static-only check over a parsed file (see capture/source.py).
    check_source: Callable | None = field(default=None, compare=False)

    @property
    def family(self) -> str:
        return self.code[:3] + "xx"

    def finding(self, site: Site, message: str) -> Finding:
        # A check may place its finding where the bug is rather than at the site itself
        # (DS304: at the eval-time multiplication, not at the dropout's constructor).
        line, column = site.extra.get("report_at", {}).get(self.code, (site.line, site.column))
        return Finding(
            code=self.code,
            severity=self.severity,
            message=message,
            path=site.path,
            line=line,
            column=column,
            module=site.module,
            frontend=site.frontend,
            fix=self.fix_for(site),
        )

    def fix_for(self, site: Site) -> str:
        """The fix in the code's own names.  Fix texts are written with generic names
        (``self.p`` for the rate, ``self.drop`` for the dropout module); a site that knows
        its own (``dropout_p=self.attn_drop``, a module named ``attn_drop``) gets them."""
        text = self.fix
        rate = site.p_text if site.p_text and _NAME_PATH.fullmatch(site.p_text) else (
            f"{site.p:g}" if site.p is not None and not site.p_text else None)
        if rate and rate != "self.p":
            text = re.sub(r"\bself\.p\b(?![\w.])", rate, text)
        name = (site.module or "").rsplit(".", 1)[-1]
        if site.kind == MODULE and name.isidentifier() and name != "drop":
            text = re.sub(r"\bself\.drop\b(?![\w.])", f"self.{name}", text)
        return text

    def explain(self) -> str:
        """The ruff-style explanation printed by ``dropsurgeon explain``."""
        parts = [
            f"# {self.code} {self.name} ({self.severity})",
            "",
            "## What it does",
            self.summary,
            "",
            "## Why is this bad?",
            self.why,
            "",
            "## Fix",
            self.fix,
        ]
        if self.invalid:
            parts += ["", "## Example", "```python", _strip_markers(self.invalid[0]), "```"]
        if self.valid:
            parts += ["", "## Use instead", "```python", _strip_markers(self.valid[0]), "```"]
        return "\n".join(parts)


def _strip_markers(src: str) -> str:
    import re

    return re.sub(r"\s*# expect: [A-Z0-9, ]+", "", src).strip()


def is_dropout_name(name: str) -> bool:
    """True for a neighbour name that denotes a dropout-family op."""
    low = name.lower()
    return "dropout" in low or low in {"droppath", "drop_path", "stochasticdepth"}
