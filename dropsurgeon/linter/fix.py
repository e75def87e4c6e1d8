"""Autofix with LibCST: edits that keep formatting and comments.

Safe fixes (``--fix``), inside methods of ``nn.Module``-like classes only (``self.training``
must exist):

* functional dropout without a flag (DS101): append ``training=self.training``; for a helper
  called without its flag, pass ``<param>=self.training``;
* ungated attention dropout (DS104): ``dropout_p=X`` becomes
  ``dropout_p=(X if self.training else 0.0)`` (positional or keyword, also at a helper's call).

Unsafe fixes (``--unsafe-fixes``), which change behaviour someone may rely on:

* ``training=True`` hard-coded (DS102) becomes ``training=self.training`` (it may have been
  deliberate MC dropout);
* an ``nn.Dropout(...)`` built inside ``forward`` (DS103) moves to the end of ``__init__`` as
  ``self.<name> = nn.Dropout(...)`` and the construction becomes ``self.<name>``; only when
  its arguments do not use ``forward``'s locals (it changes ``repr(model)``).

A fix is applied only when the result parses; a fixed file is flagged no more, so a second
run changes nothing.
"""

from __future__ import annotations

import ast
import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..sites import ATTENTION, DROP_PATH, FUNCTIONAL, MODULE, Site

SAFE_CODES = frozenset({"DS101", "DS104"})
UNSAFE_CODES = frozenset({"DS102", "DS103"})

# ops whose training keyword is called `training` (torch.dropout's `train` is positional)
_TRAINING_KW_OPS = {"F.dropout", "F.dropout1d", "F.dropout2d", "F.dropout3d", "F.alpha_dropout",
                    "F.feature_alpha_dropout", "F.multi_head_attention_forward",
                    "stochastic_depth"}
_GATE_OPS_P_INDEX = {"scaled_dot_product_attention": (4, "dropout_p")}
_FLASH_P_INDEX = {
    "flash_attn_func": 3, "flash_attn_varlen_func": 7, "flash_attn_qkvpacked_func": 1,
    "flash_attn_kvpacked_func": 2, "flash_attn_varlen_qkvpacked_func": 3,
    "flash_attn_varlen_kvpacked_func": 6,
}


@dataclass
class Edit:
    """One planned change to the call that starts at (line, column)."""

    code: str
    line: int
    column: int  # ast col_offset (UTF-8 bytes)
    end_line: int  # the call's end: a call and the call of its result start at the same place
    end_column: int
    action: str  # "add-kw" | "gate-p" | "flag-self-training" | "hoist-module"
    keyword: str = ""  # for add-kw / flag-self-training
    p_index: int | None = None  # for gate-p
    p_kw: str | None = None
    cls: str = ""  # for hoist-module


@dataclass
class FixResult:
    path: str
    old: str
    new: str
    applied: list[Edit] = field(default_factory=list)
    error: str | None = None

    @property
    def changed(self) -> bool:
        return self.new != self.old

    def diff(self) -> str:
        return "".join(difflib.unified_diff(
            self.old.splitlines(keepends=True), self.new.splitlines(keepends=True),
            fromfile=self.path, tofile=self.path,
        ))


def plan(code: str, site: Site, unsafe: bool = False) -> Edit | None:
    """The edit that fixes ``code`` at ``site``, or None when there is no (allowed) fix."""
    if site.line is None or not site.extra.get("in_module_method"):
        return None
    helper_param = site.extra.get("param")
    if code == "DS101" and site.flag == "missing" and site.kind in (FUNCTIONAL, DROP_PATH):
        if helper_param:
            return Edit(code, site.line, site.column, *_end(site), "add-kw", keyword=helper_param)
        if site.op in _TRAINING_KW_OPS:
            return Edit(code, site.line, site.column, *_end(site), "add-kw", keyword="training")
        return None
    if code == "DS104" and site.kind == ATTENTION:
        if site.op == "F.multi_head_attention_forward" and site.flag == "missing":
            return Edit(code, site.line, site.column, *_end(site), "add-kw", keyword="training")
        if site.flag != "missing":
            return None
        if helper_param:
            return Edit(code, site.line, site.column, *_end(site), "gate-p",
                        p_index=site.extra.get("param_index"), p_kw=helper_param)
        if site.op in _GATE_OPS_P_INDEX:
            idx, kw = _GATE_OPS_P_INDEX[site.op]
            return Edit(code, site.line, site.column, *_end(site), "gate-p", p_index=idx, p_kw=kw)
        if site.op in _FLASH_P_INDEX:
            return Edit(code, site.line, site.column, *_end(site), "gate-p",
                        p_index=_FLASH_P_INDEX[site.op], p_kw="dropout_p")
        return None
    if not unsafe:
        return None
    if code == "DS102" and site.flag == "literal-true" and site.op in _TRAINING_KW_OPS:
        return Edit(code, site.line, site.column, *_end(site), "flag-self-training",
                    keyword="training")
    if (code == "DS103" and site.kind == MODULE and site.in_forward_construction
            and not site.extra.get("uses_locals", True)):
        return Edit(code, site.line, site.column, *_end(site), "hoist-module", cls=site.module)
    return None


def _end(site: Site) -> tuple[int, int]:
    return int(site.extra.get("end_line") or site.line or 0), int(site.extra.get("end_column", -1))


def apply(text: str, path: str, edits: Iterable[Edit]) -> FixResult:
    """Apply planned edits to one file's text; the result always parses (or is unchanged)."""
    import libcst as cst  # lazily: linting without --fix never needs it

    edits = list(edits)
    result = FixResult(path=path, old=text, new=text)
    if not edits:
        return result
    try:
        module = cst.parse_module(text)
    except Exception as exc:  # libcst raises its own ParserSyntaxError and friends
        result.error = f"cannot fix {path}: libcst could not parse it ({exc.__class__.__name__})"
        return result
    wrapper = cst.metadata.MetadataWrapper(module)
    lines = text.splitlines()
    by_pos = {(e.line, _char_column(lines, e.line, e.column), e.end_line,
               _char_column(lines, e.end_line, e.end_column)): e for e in edits}
    transformer = _make_transformer(by_pos)
    try:
        new_module = wrapper.visit(transformer)
    except Exception as exc:  # a transform we cannot apply: leave the file alone
        result.error = f"cannot fix {path}: {exc}"
        return result
    new = new_module.code
    try:
        ast.parse(new)
    except SyntaxError as exc:
        result.error = f"cannot fix {path}: the fixed text would not parse ({exc.msg})"
        return result
    result.new = new
    result.applied = transformer.applied
    return result


def _char_column(lines: list[str], line: int, byte_col: int) -> int:
    """ast columns count UTF-8 bytes; LibCST counts characters."""
    if not 1 <= line <= len(lines):
        return byte_col
    return len(lines[line - 1].encode("utf-8")[:byte_col].decode("utf-8", errors="ignore"))


def _make_transformer(by_pos: dict[tuple[int, int, int, int], Edit]):
    """A LibCST transformer applying the edits keyed by call start (line, character column)."""
    import libcst as cst
    from libcst.metadata import PositionProvider

    class Transformer(cst.CSTTransformer):
        METADATA_DEPENDENCIES = (PositionProvider,)

        def __init__(self) -> None:
            super().__init__()
            self.applied: list[Edit] = []
            self.class_stack: list[tuple[str, bool]] = []  # (name, has __init__)
            self.hoists: dict[str, list[tuple[str, cst.BaseExpression]]] = {}
            self.taken: dict[str, set[str]] = {}

        def visit_ClassDef(self, node: cst.ClassDef) -> None:
            has_init = any(isinstance(s, cst.FunctionDef) and s.name.value == "__init__"
                           for s in node.body.body)
            self.class_stack.append((node.name.value, has_init))
            self.taken.setdefault(node.name.value, set()).update(_class_names(node))

        def leave_ClassDef(self, original: cst.ClassDef, updated: cst.ClassDef
                           ) -> cst.ClassDef:
            name, _ = self.class_stack.pop()
            hoists = self.hoists.pop(name, [])
            return _insert_into_init(updated, hoists) if hoists else updated

        def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
            pos = self.get_metadata(PositionProvider, original)
            edit = by_pos.get((pos.start.line, pos.start.column, pos.end.line, pos.end.column))
            if edit is None:
                return updated
            new = self._apply(edit, updated)
            if new is None:
                return updated
            self.applied.append(edit)
            return new

        def _apply(self, edit: Edit, call: cst.Call) -> cst.BaseExpression | None:
            if edit.action == "add-kw":
                if any(a.keyword is not None and a.keyword.value == edit.keyword
                       for a in call.args):
                    return None
                return call.with_changes(args=_append_arg(call.args, cst.Arg(
                    keyword=cst.Name(edit.keyword), value=_self_training(),
                    equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""),
                                          whitespace_after=cst.SimpleWhitespace("")),
                )))
            if edit.action == "flag-self-training":
                return _replace_arg(call, 2, edit.keyword, lambda _v: _self_training())
            if edit.action == "gate-p":
                return _replace_arg(call, edit.p_index, edit.p_kw, _gate)
            if edit.action == "hoist-module" and self.class_stack:
                cls, has_init = self.class_stack[-1]
                if cls != edit.cls or not has_init:
                    return None
                taken = self.taken.setdefault(cls, set())
                name = _fresh_name(taken, "dropout")
                taken.add(name)
                self.hoists.setdefault(cls, []).append((name, call))
                return cst.Attribute(value=cst.Name("self"), attr=cst.Name(name))
            return None

    return Transformer()


def _self_training():
    import libcst as cst

    return cst.Attribute(value=cst.Name("self"), attr=cst.Name("training"))


def _gate(value):
    import libcst as cst

    if isinstance(value, cst.IfExp):
        return None
    return cst.IfExp(
        test=_self_training(), body=value, orelse=cst.Float("0.0"),
        lpar=[cst.LeftParen()], rpar=[cst.RightParen()],
    )


def _append_arg(args, new_arg):
    import libcst as cst

    args = list(args)
    if not args:
        return [new_arg]
    last = args[-1]
    if isinstance(last.comma, cst.Comma):
        # a trailing comma (often a multi-line call): the new arg takes it over
        sep = args[-2].comma if len(args) >= 2 and isinstance(args[-2].comma, cst.Comma) else (
            cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        )
        args[-1] = last.with_changes(comma=sep)
        new_arg = new_arg.with_changes(comma=last.comma)
    else:
        args[-1] = last.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    args.append(new_arg)
    return args


def _replace_arg(call, index: int | None, kw: str | None, make):
    args = list(call.args)
    target = None
    for i, a in enumerate(args):
        if a.keyword is not None and kw is not None and a.keyword.value == kw:
            target = i
            break
    if target is None and index is not None:
        positional = [i for i, a in enumerate(args) if a.keyword is None and not a.star]
        if index < len(positional):
            target = positional[index]
    if target is None:
        return None
    new_value = make(args[target].value)
    if new_value is None:
        return None
    args[target] = args[target].with_changes(value=new_value)
    return call.with_changes(args=args)


def _class_names(node) -> set[str]:
    """Names a class already uses (``self.<name>``, methods): the hoisted name must be new."""
    import libcst as cst

    names: set[str] = set()

    class Collect(cst.CSTVisitor):
        def visit_Attribute(self, n: cst.Attribute) -> None:
            if isinstance(n.value, cst.Name) and n.value.value == "self":
                names.add(n.attr.value)

        def visit_FunctionDef(self, n: cst.FunctionDef) -> None:
            names.add(n.name.value)

    node.visit(Collect())
    return names


def _fresh_name(taken: set[str], base: str) -> str:
    if base not in taken:
        return base
    i = 1
    while f"{base}_{i}" in taken:
        i += 1
    return f"{base}_{i}"


def _insert_into_init(cls_node, hoists):
    import libcst as cst

    body = list(cls_node.body.body)
    for i, stmt in enumerate(body):
        if isinstance(stmt, cst.FunctionDef) and stmt.name.value == "__init__":
            init_body = list(stmt.body.body)
            for name, call in hoists:
                line = cst.SimpleStatementLine(body=[cst.Assign(
                    targets=[cst.AssignTarget(target=cst.Attribute(
                        value=cst.Name("self"), attr=cst.Name(name)))],
                    value=call,
                )])
                init_body.append(line)
            body[i] = stmt.with_changes(body=stmt.body.with_changes(body=init_body))
            return cls_node.with_changes(body=cls_node.body.with_changes(body=body))
    return cls_node  # unreachable: hoists are only planned for classes with __init__


def format_diffs(results: Iterable[FixResult]) -> str:
    return "".join(r.diff() for r in results if r.changed)


__all__ = ["Edit", "FixResult", "SAFE_CODES", "UNSAFE_CODES", "apply", "format_diffs", "plan"]
