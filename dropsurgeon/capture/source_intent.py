"""What the code says about its own intent: dropout kept on at inference on purpose.

A dropout that stays active after ``.eval()`` is a bug unless the author meant it (Monte
Carlo dropout, Tacotron's prenet, a layer-skip guidance hook).  Authors say so in a few
ways, and the scan reads them instead of guessing:

- a comment on the call's lines or just above it ("always", "also at inference", "MC
  dropout", "on purpose");
- the enclosing function's or class's docstring ("applies dropout even in evaluation");
- a flag named for it (``self.mc_dropout``, ``apply_during_inference``,
  ``dropout_at_inference``);
- a guard that lets another flag decide the eval behaviour
  (``if self.training or self.apply_during_inference:``);
- a class whose whole job is ``F.dropout(x, p, training=True)`` (an MC-dropout layer).

Nothing here imports torch; it reads the text and the AST only.
"""

from __future__ import annotations

import ast
import re

# In a comment next to the call: short phrases are enough, the comment is about this line.
_COMMENT_INTENT = re.compile(
    r"\balways\b|\bon purpose\b|\bintentional(ly)?\b|\bdeliberate(ly)?\b|"
    r"\b(mc|monte[- ]carlo)[- ]?dropout\b|\bmc\b|"
    r"\b(also|even|still|too)\b[^#]{0,30}\b(at|in|during|under|for)\b[^#]{0,12}"
    r"(eval|evaluation|inference|test|testing|prediction|predict|generation|sampling)\b|"
    r"\b(at|in|during|under)\b[^#]{0,6}\b(eval|evaluation|inference|test[- ]time)\b[^#]{0,20}"
    r"\b(too|also|as well)\b|"
    r"\bresample[sd]?\b[^#]{0,30}\beval",
    re.IGNORECASE,
)
# Words that turn a phrase around ("no dropout at inference", "not at eval").
_NEGATION = re.compile(r"\b(no|not|never|disable[sd]?|off|without|n't)\b", re.IGNORECASE)
# In a docstring: the long text talks about many things, so ask for an explicit phrase.
_DOC_INTENT = re.compile(
    r"\b(even|also|still)\s+(in|at|during)\s+(the\s+)?(eval|evaluation|inference|test|"
    r"testing|prediction)\b|"
    r"\b(mc|monte[- ]carlo)[- ]dropout\b|"
    r"\bdropout\b[^.]{0,40}\b(at|during)\s+(inference|test)[- ]time\b",
    re.IGNORECASE,
)
# Names of flags that exist to keep dropout on at inference.
_OPT_IN_NAME = re.compile(
    r"(^|_)(mc|monte|mcdropout|mc_dropout|bayes|bayesian|always|sample|sampling|stochastic)"
    r"($|_)|during_inference|at_inference|in_inference|at_eval|in_eval|at_test|test_time|"
    r"inference_dropout|dropout_inference|keep_dropout|force_dropout",
    re.IGNORECASE,
)
# A dropout layer class named for staying on: MCDropout, MonteCarloDropout, AlwaysDropout.
_MC_CLASS = re.compile(r"(MC|Mc|Monte\w*|Bayes\w*|Always|Concrete|Sampling|Stochastic)_?"
                       r"(Dropout|Drop)")


class CommentIndex:
    """Comments next to a call, read from the lines themselves (no tokenizing the file)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._lines: list[str] | None = None

    def near(self, first: int, last: int, end_col: int | None = None) -> list[str]:
        """The comment after the call on its last line, inside it, and the block above."""
        if self._lines is None:
            self._lines = self.text.splitlines()
        lines = self._lines
        out = []
        for n in range(first, min(last, len(lines)) + 1):
            line = lines[n - 1]
            tail = line[end_col:] if (n == last and end_col is not None) else line
            i = tail.find("#")
            if i != -1 and (n == last and end_col is not None or tail.count('"', 0, i) % 2 == 0
                            and tail.count("'", 0, i) % 2 == 0):
                out.append(tail[i:])
        n = first - 1
        while n >= 1 and lines[n - 1].lstrip().startswith("#"):
            out.append(lines[n - 1].strip())
            n -= 1
        return out


# Explicit words of intent (enough for a hand-made mask, where "also at eval" may describe
# the bug rather than the wish).
_STRONG_INTENT = re.compile(
    r"\bon purpose\b|\bintentional(ly)?\b|\bdeliberate(ly)?\b|\b(mc|monte[- ]carlo)[- ]?"
    r"dropout\b|\bby design\b", re.IGNORECASE)
# A comment that flags a problem is no statement of intent.
_PROBLEM = re.compile(r"\b(bug|fixme|todo|xxx|wrong|oops|mistake|should not|shouldn't)\b",
                      re.IGNORECASE)


def comment_says_intended(comments: list[str], strong: bool = False) -> bool:
    pattern = _STRONG_INTENT if strong else _COMMENT_INTENT
    for c in comments:
        if _PROBLEM.search(c):
            continue
        m = pattern.search(c)
        if m and not _NEGATION.search(c[max(0, m.start() - 25):m.end()]):
            return True
    return False


def docstring_says_intended(node: ast.AST | None) -> bool:
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return False
    doc = ast.get_docstring(node, clean=False)
    if not doc:
        return False
    for m in _DOC_INTENT.finditer(doc):
        if not _NEGATION.search(doc[max(0, m.start() - 25):m.start()]):
            return True
    return False


def names_in(expr: ast.AST) -> list[str]:
    """Identifiers and attribute names an expression reads (``self.mc.x`` -> mc, x)."""
    out = []
    for n in ast.walk(expr):
        if isinstance(n, ast.Name) and n.id != "self":
            out.append(n.id)
        elif isinstance(n, ast.Attribute):
            out.append(n.attr)
    return out


def opt_in_name(expr: ast.AST) -> bool:
    """Does the flag read a name made to keep dropout on at inference (``self.mc_dropout``)?"""
    return any(_OPT_IN_NAME.search(n) for n in names_in(expr) if n != "training")


def mc_class(name: str) -> bool:
    return bool(_MC_CLASS.search(name))


def whole_job_is(fn: ast.AST | None, call: ast.Call) -> bool:
    """A ``forward`` whose only work is this dropout call (an MC-dropout layer)."""
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) or fn.name != "forward":
        return False
    body = [s for s in fn.body if not (isinstance(s, ast.Expr)
                                       and isinstance(s.value, ast.Constant))]
    if len(body) != 1:
        return False
    s = body[0]
    params = {a.arg for a in (*fn.args.posonlyargs, *fn.args.args)}
    first = call.args[0] if call.args else None
    return (isinstance(s, ast.Return) and s.value is call and isinstance(first, ast.Name)
            and first.id in params)


__all__ = ["CommentIndex", "comment_says_intended", "docstring_says_intended", "mc_class",
           "opt_in_name", "whole_job_is"]
