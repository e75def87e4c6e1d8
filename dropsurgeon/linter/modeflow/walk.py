"""The abstract interpretation of one file: walk each function with the mode state.

Statements are walked in order; branches are walked on copies of the state and joined (a mode
that differs between paths becomes ``unknown``); loop bodies are walked twice (an ``.eval()``
at the end of one iteration meets the next iteration's training step).  Calls of the file's
own functions apply their summaries (computed on demand, memoised; a recursive call is out of
sight).  A tracked object handed to code the scan cannot read becomes ``unknown``.
"""

from __future__ import annotations

import ast
import bisect
import builtins
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ...capture import arg_guards, ctor_args, text_scan, tree_walk
from ...capture.source_names import EVAL_HELPER_NAME as _EVAL_HELPER
from ...capture.source_names import LIBRARIES as _LIBRARIES
from ...capture.source_names import built_model
from ...capture.source_random import dotted_name
from ...findings import TraceStep
from . import tables
from .backward import calls_feeding_backward
from .state import ENTRY, EVAL, RETURNED, TRAIN, UNKNOWN, Env, Obj, either
from .summary import Summary, Use

Func = ast.FunctionDef | ast.AsyncFunctionDef

# calls that never change a module's mode nor let it escape
# methods that move or copy a tensor and change none of its values
# methods that give the same values in another shape, place or type
_RESHAPES = frozenset({"view", "reshape", "squeeze", "unsqueeze", "flatten", "permute",
                       "transpose", "contiguous", "detach", "cpu", "cuda", "to", "float",
                       "double", "view_as", "reshape_as", "clone"})
_MOVES_VALUE = frozenset({"detach", "cpu", "cuda", "numpy", "to", "clone", "float", "double",
                          "half", "contiguous", "squeeze", "unsqueeze", "data"})
_HARMLESS = frozenset({"print", "len", "isinstance", "type", "id", "str", "repr", "hasattr",
                       "getattr", "vars", "dir", "format", "sum", "count_parameters"})
# calls that draw a tensor as a picture (Visdom, torchvision, matplotlib, TensorBoard)
_VIEWERS = frozenset({"images", "image", "imshow", "save_image", "make_grid", "add_image",
                      "add_images", "add_figure", "imsave", "imwrite", "matshow"})
# writing a module to disk reads it and leaves its mode alone
_SAVERS = frozenset({"torch.save", "torch.jit.save", "pickle.dump", "joblib.dump", "dill.dump"})
_KNOWN_METHODS = frozenset({
    "parameters", "named_parameters", "state_dict", "load_state_dict", "zero_grad",
    "modules", "named_modules", "children", "named_children", "buffers", "named_buffers",
    "register_buffer", "register_forward_hook", "register_forward_pre_hook",
    "register_full_backward_hook", "get_submodule", "extra_repr", "num_parameters",
})
_BATCH_NORM = re.compile(r"BatchNorm|batch_norm")
# methods of every module that do not run it (a text test: is a parameter run at all?)
_NOT_RUNS = ("(?:to|cuda|cpu|float|half|double|eval|train|parameters|named_parameters|"
             "state_dict|load_state_dict|zero_grad|modules|named_modules|children|apply|"
             "requires_grad_|register_\\w+|save\\w*|size|dim|item|"
             # tensor methods: a parameter they are called on is data, not a model
             "view|reshape|transpose|permute|contiguous|unsqueeze|squeeze|expand\\w*|flatten|"
             "masked_fill\\w*|softmax|log_softmax|sum|mean|max|min|argmax|matmul|type_as|"
             "chunk|split|repeat\\w*|new_\\w+|clone|detach|numpy|tolist|long|int|bool|"
             "norm|pow|sqrt|exp|gather|index_select|narrow|unbind|masked_\\w+|fill_|copy_|"
             "eq|ne|gt|lt|ge|le|all|any|append|extend|get|items|keys|values|format|join)")
# in-place writes of a parameter's data: an EMA update, a copy of another network's weights
_IN_PLACE = frozenset({"copy_", "mul_", "add_", "lerp_", "sub_", "set_", "addcmul_",
                       "div_", "zero_"})
_SYNTHETIC = frozenset({"randn", "rand", "zeros", "ones", "empty", "randint", "full",
                        "randn_like", "rand_like", "zeros_like", "ones_like"})


def _own_scope(scope: ast.AST) -> list[ast.AST]:
    """The nodes of a function or module body, without the functions and classes inside it
    (their names are theirs)."""
    out: list[ast.AST] = []
    todo = list(ast.iter_child_nodes(scope))
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        out.append(node)
        todo.extend(ast.iter_child_nodes(node))
    return out


# methods after which a freshly built module still has its fresh weights
_KEEPS_FRESH = frozenset({"eval", "train", "to", "cuda", "cpu", "float", "half", "double",
                          "bfloat16", "requires_grad_", "type", "share_memory", "extra_repr",
                          "num_parameters", "parameters", "named_parameters", "modules",
                          "named_modules", "children", "named_children", "buffers", "apply",
                          "forward"})
# a call that computes a loss: a model output read through softmax on its way into one is
# the loss's input (TRADES' `criterion_kl(F.log_softmax(model(x_adv)), ...)`), not a prediction
_LOSS_CALL = re.compile(r"(?i)(loss|criterion|kl_div|cross_entropy|nll|mse|bce|divergence)")
_TEST_FILE = re.compile(r"(^|/)(test_[^/]*|[^/]*_test)\.py$")
# what test runners other than pytest collect in a test file: `test` as a word of the name
_RUNNER_TEST = re.compile(r"(?:^|_)[Tt]est(?:$|_|[A-Z0-9])")


@dataclass
class ModeHit:
    code: str
    line: int
    column: int
    message: str
    trace: list[TraceStep]
    fix: str
    function: str = ""
    label: str = ""
    # the model is known to have dropout or batch norm (its class, or a library
    # architecture, was read); False: it may have them, out of sight (reported as info)
    certain: bool = True


@dataclass
class _Frame:
    """One function being walked."""

    name: str
    summary: Summary | None
    has_backward: bool
    has_step: bool = False
    optimisers: dict[str, set[int]] = field(default_factory=dict)  # opt name -> obj ids
    steps: list[str] = field(default_factory=list)  # names of optimisers stepped here
    fn: Any = None  # the function node (parameters called like models: computed on demand)
    preds: dict[str, Any] = field(default_factory=dict)  # variable -> _Pred
    # `if epoch == n_epochs - 1:` blocks left out of a loop's first pass (they run last)
    skip_ifs: frozenset[int] = frozenset()
    no_grad: int = 0
    # ``torch.set_grad_enabled(False)`` as a statement: gradients stay off until a later
    # ``set_grad_enabled(True)`` in the same function
    grad_off: bool = False
    grad_label: str = "torch.no_grad()"  # what turned gradients off, for the message
    exit_envs: list[Env] = field(default_factory=list)
    returned: list[Any] = field(default_factory=list)
    # names of models the analysis does not follow (built or loaded out of sight) switched
    # to eval here: an imported evaluation helper they are handed to gets them in eval mode
    evaled: set[str] = field(default_factory=set)
    owner: Any = None  # the class of a method
    # a loop over literal phases unrolled (``for phase in ["train", "val"]``): the loop
    # variable's value in the pass being walked, so tests on it are decided
    consts: dict[str, Any] = field(default_factory=dict)
    # gradients off because such a test decided ``set_grad_enabled(phase == "train")``: the
    # backward under ``if phase == "train":`` is not run in this pass
    folded_off: int = 0


_PICKS = frozenset({"multinomial", "argmax", "topk"})
_DECODING = "in an autoregressive decoding loop"


def _decodes_itself(method: Any) -> bool:
    """Does a method of a module run the module itself (``self(x)``, ``self.forward(x)``)
    inside a loop that picks tokens from its output (``torch.multinomial``, ``argmax``,
    ``topk``) and appends them to its input (``torch.cat``): autoregressive decoding?  No
    mode switch, no ``.training`` read, no backward anywhere in it."""
    for loop in ast.walk(method):
        if not isinstance(loop, (ast.For, ast.While)):
            continue
        calls = [n for n in ast.walk(loop) if isinstance(n, ast.Call)]
        runs = any(isinstance(c.func, ast.Name) and c.func.id == "self" or (
            isinstance(c.func, ast.Attribute) and c.func.attr == "forward"
            and isinstance(c.func.value, ast.Name) and c.func.value.id == "self")
            for c in calls)
        picks = any(isinstance(c.func, ast.Attribute) and c.func.attr in _PICKS
                    for c in calls)
        grows = any(isinstance(c.func, ast.Attribute) and c.func.attr == "cat" for c in calls)
        if runs and picks and grows:
            return not any(isinstance(n, ast.Attribute) and n.attr == "training"
                           for n in ast.walk(method))
    return False


def _self_aliases(fn: Any) -> set[str]:
    """``self`` and the names a method binds to the module itself (``model = self``,
    ``model = self.train().to(device)``)."""
    out = {"self"}
    for n in fn.body:
        if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(
                n.targets[0], ast.Name):
            v = n.value
            while isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute) and (
                    v.func.attr == "train" or v.func.attr in tables.SAME_OBJECT_METHODS):
                v = v.func.value
            if isinstance(v, ast.Name) and v.id == "self":
                out.add(n.targets[0].id)
    return out


def _forward_name(call: ast.Call) -> str:
    """The model a call runs: ``est`` for ``est(x)`` and for ``est.forward(x)`` alike."""
    name = _dotted(call.func)
    return name[:-len(".forward")] if name.endswith(".forward") else name


def _dotted(node: ast.AST) -> str:
    """``a.b.c`` for a name or attribute chain, else ``""``."""
    return dotted_name(node) or ""


def _grad_off(expr: ast.expr) -> str | None:
    """The call as written when ``expr`` turns gradients off (``no_grad``,
    ``inference_mode``, ``set_grad_enabled(False)``), else None.  ``set_grad_enabled(flag)``
    with a flag the scan cannot read is not known to be off."""
    name = _dotted(expr.func if isinstance(expr, ast.Call) else expr)
    last = name.rsplit(".", 1)[-1]
    if last in ("no_grad", "inference_mode"):
        return f"{name}()"
    if last == "set_grad_enabled" and isinstance(expr, ast.Call) and expr.args and isinstance(
            expr.args[0], ast.Constant) and expr.args[0].value is False:
        return f"{name}(False)"
    return None


_NO_CONST = object()


_BUILTIN_EXCEPTIONS = frozenset(n for n, v in vars(builtins).items()
                                if isinstance(v, type) and issubclass(v, BaseException))


def _not_a_module_branch(test: ast.expr) -> tuple[str, bool] | None:
    """``isinstance(net, nn.Module)`` (or ``torch.nn.Module``): the name tested and whether
    the branch where it is no module is the body (``not isinstance(...)``) rather than the
    ``else``; None for any other test."""
    negated = isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not)
    call = test.operand if negated else test  # type: ignore[attr-defined]
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
            and call.func.id == "isinstance" and len(call.args) == 2):
        return None
    name = _dotted(call.args[0])
    kinds = call.args[1].elts if isinstance(call.args[1], ast.Tuple) else [call.args[1]]
    if not name or not any(_dotted(k).rsplit(".", 1)[-1] == "Module" for k in kinds):
        return None
    return name, negated


# Methods a framework calls in the mode it chose (Lightning's `*_step`, `on_*` hooks).
_HOOK_METHOD = re.compile(r"_step$|_step_end$|^on_|_epoch_end$")
_OUTSIDE_SWITCH = re.compile(r"(?<!\bself)\.\s*(\w+)\s*\.\s*(?:eval|train)\s*\(")


def attrs_switched_from_outside(text: str) -> set[str]:
    """``x.net.eval()``, ``self.opp.net.train(False)``: the attribute names whose model some
    other object's code switches (read from the text: cheap, and only where ``.eval(`` or
    ``.train(`` appears)."""
    if ".eval(" not in text and ".train(" not in text:
        return set()
    return set(_OUTSIDE_SWITCH.findall(text))


def _unsteady_attrs(cls: ast.ClassDef) -> set[str]:
    """The ``self.<attr>`` models of a class whose mode its methods may change: switched to
    eval (or by a flag), frozen, or loaded from another model's weights (a target network,
    a copy of unknown mode).  Only ever ``.train()``: still train mode."""
    out: set[str] = set()
    for n in ast.walk(cls):
        if not (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)):
            continue
        owner = n.func.value
        if not (isinstance(owner, ast.Attribute) and isinstance(owner.value, ast.Name)
                and owner.value.id == "self"):
            continue
        attr = n.func.attr
        if attr in ("eval", "requires_grad_") or attr == "train" and (n.args or n.keywords):
            out.add(owner.attr)
        elif attr == "load_state_dict" and n.args and isinstance(n.args[0], ast.Call) and (
                _dotted(n.args[0].func).endswith(".state_dict")):
            out.add(owner.attr)
    return out


def _phases(s: ast.stmt) -> tuple[str, list[Any]] | None:
    """``for phase in ["train", "val"]:`` whose body tests ``phase``: the loop variable and
    its literal values (at most a few), else None."""
    if not (isinstance(s, ast.For) and isinstance(s.target, ast.Name) and isinstance(
            s.iter, (ast.List, ast.Tuple)) and 1 < len(s.iter.elts) <= 4 and all(
            isinstance(e, ast.Constant) and isinstance(e.value, str) for e in s.iter.elts)):
        return None
    name = s.target.id
    tested = any(isinstance(n, (ast.If, ast.IfExp)) and any(
        isinstance(x, ast.Name) and x.id == name for x in ast.walk(n.test))
        for n in ast.walk(s))
    return (name, [e.value for e in s.iter.elts]) if tested else None  # type: ignore[attr-defined]


def _is_no_grad(item: ast.withitem) -> bool:
    return _grad_off(item.context_expr) is not None


def _params(fn: Func) -> list[str]:
    a = fn.args
    return [p.arg for p in (*a.posonlyargs, *a.args, *a.kwonlyargs)]


_DROPOUT_LAYER = re.compile(r"Dropout\(")
_WRITES_TRAINING = re.compile(r"\.training[ \t]*=(?!=)")
_TRAINING_WRITE = re.compile(r"^[ \t]*self\.training[ \t]*=[^=\n][^\n]*$", re.MULTILINE)
# calls in a constructor that may bring weights in (``self.load_state_dict(...)``)
_LOADS = re.compile(r"load|from_pretrained|restore|ckpt|checkpoint", re.IGNORECASE)
_CTOR_ATTRS = frozenset({"from_pretrained", "load_from_checkpoint", "create_model"})
_SWITCH_ATTRS = frozenset({"eval", "train", "requires_grad_"})


@dataclass
class _Facts:
    """What one walk of the file learned about a function (or the module), so that each
    function's frame needs no walk of its own and dull functions are not walked at all."""

    backward: bool = False
    step: bool = False
    stepped: list[str] = field(default_factory=list)
    called_names: set[str] = field(default_factory=set)
    switch: bool = False  # .eval() / .train() / .requires_grad_()
    ctor: bool = False  # a capitalised call, a loader, a torchvision builder
    ctor_imported: bool = False  # a call of a class imported from the repository
    calls_imported: bool = False  # a call of a function imported from the repository
    grad: bool = False  # no_grad / inference_mode named
    consumer: bool = False  # argmax, softmax, a comparison ...
    calls_local: bool = False  # calls a function or class of this file
    callees: set[str] = field(default_factory=set)  # the file's functions it calls


# Each fact kind is a few literal words, with a pattern checked only where a word is (see
# capture.text_scan: an alternation without a literal prefix is slow on large files).
_TOKENS: dict[str, tuple[text_scan.Literal, ...]] = {
    "backward": ((".backward(", None, False),),
    "switch": ((".eval(", None, False), (".train(", None, False),
               (".requires_grad_(", None, False),
               ("requires_grad", re.compile(r"requires_grad\s*=\s*False"), False)),
    "grad": (("no_grad", None, False), ("inference_mode", None, False),
             ("set_grad_enabled", re.compile(r"set_grad_enabled\(\s*False"), False)),
    "consumer": tuple((w, None, False) for w in ("argmax", "argmin", "topk", "softmax",
                                                 "sigmoid", ".item(", "tolist", "numpy(")),
    # a capitalised nn. call builds a layer; a loss or a parameter is not a model
    "ctor": (("nn.", re.compile(r"nn\.(?!Parameter\b)[A-Z]\w*(?<!Loss)\("), True),
             ("Sequential(", None, False),
             ("models.", re.compile(r"models\.\w+\("), False),
             ("from_pretrained", None, False), ("load_from_checkpoint", None, False),
             ("create_model", None, False)),
}


def _name_calls(text: str, names: set[str]) -> list[tuple[int, str]]:
    """``(line, name)`` of each call ``name(`` of one of ``names``, in order."""
    found = text_scan.name_calls(text, names)
    lines = text_scan.lines_at(text, [at for at, _ in found])
    return [(line, name) for line, (_, name) in zip(lines, found, strict=True)]


_RECEIVER = re.compile(r"([A-Za-z_][\w.]*)$")


def _steps_of(text: str) -> list[tuple[int, str]]:
    """``(line, receiver)`` of each ``x.step(`` (found by ``str.find``: a regex that starts
    at every identifier is slow on large files)."""
    out: list[tuple[int, str]] = []
    line, pos = 1, 0
    at = text.find(".step(")
    while at != -1:
        m = _RECEIVER.search(text, max(0, at - 120), at)
        if m is not None:
            line += text.count("\n", pos, at)
            pos = at
            out.append((line, m.group(1)))
        at = text.find(".step(", at + 6)
    return out


# what follows a parameter that is run: `(`, or a method or submodule that runs it and `(`
_RUN_AFTER_NAME = re.compile(r"(?:\.(?!" + _NOT_RUNS + r"\()[a-z_]\w*)?\(")


def _name_run_at(body: str, name: str) -> bool:
    """Is ``name`` (not after a word character or a dot) followed by ``_RUN_AFTER_NAME``
    somewhere in ``body``?"""
    at = body.find(name)
    while at != -1:
        before = body[at - 1] if at else ""
        if not (before == "." or before and text_scan.is_word(before)) and (
                _RUN_AFTER_NAME.match(body, at + len(name))):
            return True
        at = body.find(name, at + 1)
    return False


def _facts_from_text(tree: ast.Module, text: str) -> tuple[dict[int, _Facts],
                                                             list[ast.ClassDef]]:
    """Each function's facts from a few regular expressions over the file's text, looked up
    by the function's line span: no walk over every node of the file (the speed budget)."""
    classes, defs = tree_walk.classes_and_defs(tree)
    lines = {k: text_scan.literal_lines(text, literals) for k, literals in _TOKENS.items()}
    # calls of the file's own functions and of its classes that can be modules
    local = {d.name for d in tree.body if isinstance(d, (ast.FunctionDef, ast.AsyncFunctionDef))}
    # a class with a base may be a module; a dataclass or an enum is a record, not a model
    # (transformers' `ModelOutput`s, built in every forward)
    kinds = {c.name for c in classes if c.bases and not _record_class(c)}
    # classes imported from the repository's own modules may be models too (the join reads
    # them in their files); only module-level functions are walked for them (a method's
    # models are its own attributes, out of the analysis's sight)
    from_repo = {a.asname or a.name for n in tree.body if isinstance(n, ast.ImportFrom)
                 and (n.level or (n.module or "").split(".", 1)[0] not in _LIBRARIES)
                 for a in n.names} - kinds - local
    imported = {n for n in from_repo if n[:1].isupper()}
    helpers = from_repo - imported  # functions of the repository's other files
    local_calls: list[tuple[int, str]] = []
    builds: list[int] = []
    imported_builds: list[int] = []
    imported_calls: list[int] = []
    for line, name in _name_calls(text, local | kinds | from_repo):
        if name in local:
            local_calls.append((line, name))
        elif name in kinds:
            builds.append(line)
        elif name in helpers:
            imported_calls.append(line)
        else:
            imported_builds.append(line)
    if imported:  # `Net.load(path)`: a factory of another file's class may build one too
        found = text_scan.method_call_offsets(text, imported)
        if found:
            imported_builds = sorted({*imported_builds, *text_scan.lines_at(text, found)})
    # `import model` then `model.UNet(...)`: a class of the repository's module, built
    modules = {a.asname or a.name for n in tree.body if isinstance(n, ast.Import)
               for a in n.names if (a.asname or "." not in a.name)
               and a.name.split(".", 1)[0] not in _LIBRARIES
               and a.name.split(".", 1)[0] not in sys.stdlib_module_names} - kinds - local
    if modules:
        found = text_scan.class_call_offsets(text, modules)
        if found:
            imported_builds = sorted({*imported_builds, *text_scan.lines_at(text, found)})
    # a class's static or class-method factories (`Tagger.load(path)`) build models too
    factories = [f"{c.name}.{m.name}" for c in classes for m in c.body
                 if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
                     _dotted(d) in ("staticmethod", "classmethod") for d in m.decorator_list)]
    if factories:
        found = text_scan.dotted_call_offsets(text, factories)
        if found:
            builds = sorted({*builds, *text_scan.lines_at(text, found)})
    calls_local = [line for line, _ in local_calls]
    steps = _steps_of(text)
    step_lines = [line for line, _ in steps]

    def within(found: list[int], first: int, last: int) -> range:
        """Indexes of the sorted ``found`` lines in [first, last] (bisect, no scan)."""
        return range(bisect.bisect_left(found, first), bisect.bisect_right(found, last))

    def span(first: int, last: int) -> _Facts:
        def has(found: list[int]) -> bool:
            k = bisect.bisect_left(found, first)
            return k < len(found) and found[k] <= last
        stepped = [steps[i][1] for i in within(step_lines, first, last)]
        return _Facts(backward=has(lines["backward"]), step=bool(stepped), stepped=stepped,
                      switch=has(lines["switch"]), ctor=has(lines["ctor"]) or has(builds),
                      ctor_imported=has(imported_builds),
                      calls_imported=has(imported_calls),
                      grad=has(lines["grad"]), consumer=has(lines["consumer"]),
                      calls_local=has(calls_local),
                      callees={local_calls[i][1] for i in within(calls_local, first, last)})

    # module-level code: its own lines, not those of the functions and classes it defines (a
    # `.backward()` inside `def train` is no training at module level)
    ranges: list[list[int]] = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            ranges.append([])
            continue
        first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", ()))])
        last = node.end_lineno or node.lineno
        if ranges and ranges[-1]:
            ranges[-1][1] = last
        else:
            ranges.append([first, last])
    module = _Facts()
    for first, last in (r for r in ranges if r):
        part = span(first, last)
        for name in ("backward", "step", "switch", "ctor", "ctor_imported", "grad",
                     "consumer", "calls_local"):
            setattr(module, name, getattr(module, name) or getattr(part, name))
        module.stepped += part.stepped
        module.callees |= part.callees
    facts = {id(tree): module}
    for fn in defs:
        first = min([fn.lineno, *(d.lineno for d in fn.decorator_list)])
        facts[id(fn)] = span(first, fn.end_lineno or fn.lineno)
    return facts, classes


_RECORD_BASES = frozenset(("Enum", "IntEnum", "StrEnum", "Flag", "IntFlag", "NamedTuple",
                           "TypedDict", "Exception", "ValueError", "RuntimeError"))


def _record_class(cls: ast.ClassDef) -> bool:
    """A dataclass, an enum, a named tuple or an exception: never an ``nn.Module``."""
    bases = [_dotted(b).rsplit(".", 1)[-1] for b in cls.bases]
    if any(_dotted(d.func if isinstance(d, ast.Call) else d).rsplit(".", 1)[-1] == "dataclass"
           for d in cls.decorator_list):
        # (a dataclass subclassing a module or a model class stays a possible model)
        return not any(b.endswith(("Module", "Model", "Net")) for b in bases)
    return all(b in _RECORD_BASES for b in bases)


def _collect(tree: ast.Module) -> tuple[dict[int, _Facts], list[ast.ClassDef]]:
    facts: dict[int, _Facts] = {id(tree): _Facts()}
    classes: list[ast.ClassDef] = []
    stack: list[tuple[ast.AST, tuple[_Facts, ...]]] = [(tree, (facts[id(tree)],))]
    while stack:
        node, owners = stack.pop()
        for child in ast.iter_child_nodes(node):
            inner = owners
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                f = facts[id(child)] = _Facts()
                inner = (*owners, f)
                for d in child.decorator_list:
                    if _grad_off(d) is not None:
                        f.grad = True
            elif isinstance(child, ast.ClassDef):
                classes.append(child)
            elif isinstance(child, ast.Call):
                _note_call(child, owners)
            elif isinstance(child, ast.Compare):
                for o in owners:
                    o.consumer = True
            elif isinstance(child, (ast.Name, ast.Attribute)):
                last = child.id if isinstance(child, ast.Name) else child.attr
                if last in ("no_grad", "inference_mode", "set_grad_enabled"):
                    for o in owners:
                        o.grad = True
            stack.append((child, inner))
    return facts, classes


def _note_call(call: ast.Call, owners: tuple[_Facts, ...]) -> None:
    func = call.func
    attr = func.attr if isinstance(func, ast.Attribute) else ""
    name = func.id if isinstance(func, ast.Name) else attr
    for o in owners:
        if attr == "backward":
            o.backward = True
        elif attr == "step":
            o.step = True
            o.stepped.append(_dotted(func.value))  # type: ignore[union-attr]
        elif attr in _SWITCH_ATTRS:
            o.switch = True
        if isinstance(func, ast.Name):
            o.called_names.add(func.id)
            o.calls_local = True
        if attr in _CTOR_ATTRS or (name[:1].isupper() and (
                isinstance(func, ast.Name) or _dotted(func).startswith(("nn.", "torch.nn.")))
        ) or "models." in _dotted(func):
            o.ctor = True
        if name in tables.PREDICTION_CONSUMERS:
            o.consumer = True


class FileAnalysis:
    def __init__(self, tree: ast.Module, path: str, names: Any = None,
                 text: str | None = None) -> None:
        self.tree = tree
        self.path = path
        self.names = names
        self.funcs: dict[str, Func] = {}
        self.classes: dict[str, ast.ClassDef] = {}
        self.methods: list[tuple[Func, ast.ClassDef | None]] = []
        self.facts, classes = (_facts_from_text(tree, text) if text is not None
                               else _collect(tree))
        for node in classes:
            self.classes.setdefault(node.name, node)
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    self.methods.append((item, node))
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.funcs[node.name] = node
        # a class's static factories (`Net.restore(path)` building and loading a `Net`),
        # called as `Class.method`: walked like the file's functions
        self.factories: dict[str, Func] = {
            f"{cls.name}.{m.name}": m for cls in self.classes.values() for m in cls.body
            if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
                _dotted(d) in ("staticmethod", "classmethod") for d in m.decorator_list)}
        # a classmethod factory's `cls(...)` builds its own class
        self._factory_class: dict[int, str] = {
            id(m): name.split(".", 1)[0] for name, m in self.factories.items()
            if any(_dotted(d) == "classmethod" for d in m.decorator_list)}
        self.summaries: dict[str, Summary | None] = {}
        self._care: dict[str, bool | None] = {}
        # while set: the outermost classes' constructor defaults taken for rates (see
        # free_by_default), and where they were taken
        self._assumed: list[tuple[str, str]] | None = None
        self._built_by: ctor_args.Constructions | None = None
        # a class of this file whose only unknown parts are classes of other files: those
        self._class_homes: dict[str, list[tuple[str, str]]] = {}
        self.hits: dict[tuple[str, int, int], ModeHit] = {}
        # hits about a plain holder's `self.<attr>` model (the attribute), withdrawn by the
        # join if another file switches `<owner>.<attr>`
        self.held_hits: dict[tuple[str, int, int], str] = {}
        # DS401s at info (the model's dropout out of sight here) about a model another
        # file's callable built (`all_CNN(...)`, a lowercase class): the join reads that
        # file, and a class there with dropout or batch norm makes the finding a warning
        self.sight_hits: dict[tuple[str, int, int], tuple[str, str]] = {}
        # calls of functions imported from elsewhere with a model in a known mode: the
        # repository-wide join (:mod:`.join`) resolves those that land in the linted files
        self.external: dict[tuple[int, int], dict[str, Any]] = {}
        self._arg_values: dict[int, list[Any]] = {}  # id(call) -> its arguments' values
        self._relevant_cache: set[str] | None = None
        self._guards: dict[int, arg_guards.Guards | None] = {}
        self._fed: dict[int, set[int] | None] = {}
        # hits on models of classes imported from the repository: (code, line, column) ->
        # what the join needs to report them if the class has dropout or batch norm
        self.pending: dict[tuple[str, int, int], dict[str, Any]] = {}
        # hits that run only when a caller passes an opt-in keyword (`norm_training=...`)
        # no code of this file passes: the join reports them if another file does
        self.optin: list[dict[str, Any]] = []
        # uses of what a function of another file returned (``model = build_model(cfg)``):
        # findings if the join reads there that it returns a model in the mode they need
        self.returned: dict[tuple[str, int, int], dict[str, Any]] = {}
        # hits about a parameter of a module-level function that the function switched
        # itself (its class unknown here): (code, line) -> [function, parameter index]; the
        # join withdraws them when the function's callers, all in other files, hand it models
        # with neither dropout nor batch norm
        self.param_hits: dict[tuple[str, int, int], list[Any]] = {}
        # script-rule hits on a model another file's function returns: (code, line, column) ->
        # [module, function]; the join withdraws them if it returns a pretrained model
        self.if_pretrained: dict[tuple[str, int, int], list[str]] = {}
        self._helper_trains: dict[int, set[int] | None] = {}
        self._memo: dict[str, Any] = {}
        # per scope (by id, the node kept beside its answer so the id cannot be reused):
        # its own nodes, and the names read by the functions nested in it (see `_own`)
        self._own_nodes: dict[int, tuple[ast.AST, list[ast.AST]]] = {}
        self._nested_reads: dict[int, tuple[ast.AST, set[str], list[set[str]]]] = {}
        self._discarded: set[int] = set()  # calls that are whole statements (output unread)
        self._assigned: dict[int, list[str]] = {}  # `a, b = call(...)`: the call's names
        self._owners: dict[int, ast.ClassDef] | None = None
        self._method_summaries: dict[int, Summary | None] = {}
        self.text = text
        self._text_lines: list[str] | None = None
        self.is_test_file = bool(_TEST_FILE.search(path.replace("\\", "/")))
        self._scope: ast.AST | None = None  # the function (or module) being walked
        self._in_loss = 0  # inside the arguments of a loss call

    def _own(self, scope: ast.AST) -> list[ast.AST]:
        """``_own_scope(scope)``, computed once per scope: many questions about one function
        (its reads, loops, returns, bindings) each went over all its nodes again.  The tree
        is not changed while the file is analysed; callers only read the list."""
        entry = self._own_nodes.get(id(scope))
        if entry is None or entry[0] is not scope:
            entry = self._own_nodes[id(scope)] = (scope, _own_scope(scope))
        return entry[1]

    # -- entry ---------------------------------------------------------------------------

    def run(self) -> list[ModeHit]:
        self._walk_function(None)
        for fn in self.funcs.values():
            if not self._skipped(fn, None) and (self._worth_walking(fn)
                                                or self._builds_and_returns(fn)):
                self.summary(fn.name)
        for fn, owner in self.methods:
            if self._skipped(fn, owner):
                continue
            if self._driven(owner) and _params(fn)[:1] == ["self"]:
                # a trainer's method: its summary also serves the calls of its siblings
                if id(fn) not in self._method_summaries:
                    self._method_summaries[id(fn)] = None
                    self._method_summaries[id(fn)] = self._walk_function(fn)
            elif self._worth_walking(fn, method=True) or (
                    (self.facts[id(fn)].grad or self.facts[id(fn)].consumer
                     or self.facts[id(fn)].callees & self._relevant())
                    and _params(fn)[:1] == ["self"] and self._held(owner)):
                # a holder's method that runs its model, or hands it to the file's functions
                self._walk_function(fn)
        return sorted(self.hits.values(), key=lambda h: (h.line, h.column, h.code))

    def _attr_care(self, cls: ast.ClassDef, attr: str
                   ) -> tuple[bool | None, tuple[tuple[str, str], ...]]:
        """Does ``self.<attr>`` of a trainer class have dropout or batch norm, through every
        assignment of it in the class (each a constructor call)?  False: none of them has;
        None with homes: other files' classes decide; None alone: may have."""
        key = f"attr_care:{cls.name}.{attr}"
        if key in self._memo:
            return self._memo[key]
        values = [v for v, _ in self._attr_values(cls, attr)]
        out: tuple[bool | None, tuple[tuple[str, str], ...]] = (None, ())
        homes: list[tuple[str, str]] = []
        for value in map(built_model, values):
            if not isinstance(value, ast.Call):
                break
            if self.care_of_call(value) is False:
                continue
            found = self.homes_of_call(value)
            if not found:
                break
            homes.extend(h for h in found if h not in homes)
        else:
            if values:
                out = (None, tuple(homes)) if homes else (False, ())
        self._memo[key] = out
        return out

    @staticmethod
    def _attr_values(cls: ast.ClassDef, attr: str) -> list[tuple[ast.expr, ast.Assign]]:
        """Every value ``self.<attr>`` is assigned in the class, with its assignment."""
        return [(n.value, n) for n in ast.walk(cls) if isinstance(n, ast.Assign) and any(
            isinstance(t, ast.Attribute) and t.attr == attr and isinstance(t.value, ast.Name)
            and t.value.id == "self" for t in n.targets)]

    def attr_proven(self, cls: ast.ClassDef, attr: str) -> bool:
        """Is ``self.<attr>`` of ``cls`` known to have dropout or batch norm: some
        assignment of it in the class builds a class or architecture that has them, or
        stores a constructor parameter that some construction of ``cls`` in this file hands
        such a model (``Trainer(Net(), ...)`` for ``self.model = model``)?"""
        init = ctor_args.init_of(cls)
        params = [a.arg for a in init.args.args][1:] if init is not None else []
        inside = {id(n) for n in ast.walk(init)} if init is not None else set()
        for value, node in self._attr_values(cls, attr):
            value = built_model(value)
            if isinstance(value, ast.Call) and self.care_of_call(value) is True:
                return True
            if not (isinstance(value, ast.Name) and value.id in params and id(node) in inside):
                continue
            index = params.index(value.id) + 1
            for _, call in ctor_args.constructions(self.tree).get(cls.name, ()):
                arg = ctor_args.argument(call, init, index, skip_self=True)
                arg = built_model(arg) if arg is not None else None
                if isinstance(arg, ast.Call) and self.care_of_call(arg) is True:
                    return True
        return False

    def _self_followed(self, cls: ast.ClassDef, fn: Func) -> bool:
        """Is ``fn`` a method (not ``forward``, ``__init__`` or a framework hook) of a module
        class of this file with dropout or batch norm that switches the module's own mode
        (``self.eval()``)?  Its summary then says which mode it leaves the module in."""
        if fn.name in ("forward", "__init__") or _HOOK_METHOD.search(fn.name) or not (
                self._is_module_class(cls.name)):
            return False
        key = ("self_followed", id(fn))
        if key in self._memo:
            return self._memo[key]
        self._memo[key] = False  # a cycle of helpers: decided by the rest
        own = [n.func for n in self._own(fn) if isinstance(n, ast.Call)
               and isinstance(n.func, ast.Attribute) and isinstance(n.func.value, ast.Name)
               and n.func.value.id == "self"]
        found = any(f.attr in ("eval", "train") for f in own) or any(
            (m := self._method(cls, f.attr)) is not None and self._self_followed(cls, m)
            for f in own)  # through its own helpers (`evaluate` calling `predict`)
        self._memo[key] = found = found and self.class_care(cls.name) is True
        return found

    def _trains_itself(self, cls: ast.ClassDef, fn: Func) -> Obj | None:
        """A method of a module class of this file (with dropout or batch norm) that
        trains the module itself (a backward and an optimizer step) and calls it
        (``self(x)``, ``self.forward(x)``): whatever mode it came in, it trains in it, so
        it is followed from train mode (a later evaluation with no switch between is
        DS401; an ``.eval()`` before the training, DS402)."""
        if fn.name in ("forward", "__init__") or _HOOK_METHOD.search(fn.name) or not (
                self._is_module_class(cls.name)):
            return None
        aliases = _self_aliases(fn)  # `model = self.train().to(device)`: the module itself
        if not any(isinstance(n, ast.Call) and (
                isinstance(n.func, ast.Name) and n.func.id in aliases
                or isinstance(n.func, ast.Attribute) and n.func.attr == "forward"
                and isinstance(n.func.value, ast.Name) and n.func.value.id in aliases)
                for n in self._own(fn)):
            return None
        if self.class_care(cls.name) is not True:
            return None
        return Obj(TRAIN, label="self", cls=cls.name, care=True, steps=[self._step(
            fn, f"`{cls.name}.{fn.name}` trains the module itself: it runs in the mode it "
                "trains in (train mode)")])

    @staticmethod
    def _without(env: Env, name: str) -> Env:
        out = env.copy()
        out.forget(name)
        return out

    def switched_from_outside(self) -> set[str]:
        """The attributes this file switches through another object (``agent.net.eval()``,
        ``self.opp.net.train(False)``: not ``self.net`` itself)."""
        if "outside" not in self._memo:
            self._memo["outside"] = attrs_switched_from_outside(self.text or "")
        return self._memo["outside"]

    def _held(self, cls: ast.ClassDef | None) -> dict[str, tuple[Obj, Func]]:
        """Models a class that is no module builds in one of its methods and never switches
        (``self.net = Net()`` in ``Predictor.__init__``): each of its other methods finds
        ``self.net`` in the mode it was built in."""
        if cls is None:
            return {}
        key = f"held:{cls.name}"
        if key in self._memo:
            return self._memo[key]
        found: dict[str, tuple[Obj, Func]] = {}
        self._memo[key] = found
        if any(_dotted(b) not in ("object", "ABC", "abc.ABC") for b in cls.bases):
            return found  # a subclass (of a module, a framework's class): not a plain holder
        if not any(isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)) and (
                f := self.facts.get(id(m))) is not None and (f.ctor or f.ctor_imported)
                for m in cls.body):
            return found  # builds no model in any method
        switched = _unsteady_attrs(cls)
        assigned: dict[str, list[tuple[Any, Func]]] = {}
        for m in cls.body:
            if not isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for n in ast.walk(m):
                targets = n.targets if isinstance(n, ast.Assign) else [n.target] if isinstance(
                    n, (ast.AnnAssign, ast.AugAssign)) else []
                for t in targets:
                    if (isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name)
                            and t.value.id == "self"):
                        assigned.setdefault(t.attr, []).append((getattr(n, "value", None), m))
        for attr, values in assigned.items():
            if attr in switched or len(values) != 1:
                continue  # switched to eval somewhere (followed as a trainer's), or rebound
            value, method = values[0]
            value = built_model(value)
            if not isinstance(value, ast.Call):
                continue
            dotted = _dotted(value.func)
            made = self._construct(value, self._qualified(value.func),
                                   dotted.rsplit(".", 1)[-1]) if dotted else None
            if made is None or made.mode != TRAIN or not (made.care is True or made.home):
                continue  # followed only when known (or, for another file's class, decided
                # by the join) to have dropout or batch norm
            if self._qualified(value.func).startswith("torch.nn.") and dotted.rsplit(
                    ".", 1)[-1] != "Sequential":
                continue  # a bare layer (a dropout used as an augmentation) is no model
            made.steps = [self._step(value, f"`{dotted}(...)` creates it in train mode (in "
                                            f"`{cls.name}.{method.name}`)")]
            made.fresh = False  # its weights may be loaded in the method that builds it
            made.held = attr
            found[attr] = (made, method)
        return found

    def _worth_walking(self, fn: Func, method: bool = False) -> bool:
        """Can walking this function (when no caller asks for its summary) find anything?
        Only if it switches a mode, builds a model and uses one, or - a module-level
        function, whose summary other files may use - uses its parameters or calls the
        file's own functions.  (A method's parameters and ``self`` attributes have no mode
        the scan knows.)"""
        f = self.facts[id(fn)]
        uses = f.grad or f.consumer or (f.backward and f.step)
        if f.switch or ((f.ctor or (f.ctor_imported and not method)) and uses):
            return True
        return not method and ((uses and self._calls_a_param(fn)) or bool(
            f.callees & self._relevant()) or (f.calls_imported and any(
                p not in ("self", "cls") for p in _params(fn))))

    def _builds_and_returns(self, fn: Func) -> bool:
        """A factory (``def build_model(cfg): ... return model``): other files may use what it
        returns, so its summary says in which mode (read by the join)."""
        f = self.facts[id(fn)]
        return (f.ctor or f.ctor_imported) and any(
            isinstance(n, ast.Return) and n.value is not None for n in self._own(fn))

    def _calls_a_param(self, fn: Func) -> bool:
        """Does the function call one of its parameters like a model (``model(x)``)?"""
        params = [p for p in _params(fn) if p not in ("self", "cls")]
        if not params:
            return False
        if self.text is None:
            return True
        if self._text_lines is None:
            self._text_lines = self.text.splitlines()
        body = "\n".join(self._text_lines[fn.lineno - 1:fn.end_lineno or fn.lineno])
        # `model(x)`, `model.forward(x)`, and `model.encoder(x)`: a submodule or method of
        # the model, a use where the caller knows its class (the join asks the caller).
        # What `(?<![\w.])(?:p1|p2|...)<_RUN_AFTER_NAME>` would find, without compiling a
        # pattern per function (a compile of the long alternation each): every occurrence
        # of each parameter, the rest matched after it.
        return any(_name_run_at(body, p) for p in params)

    def _relevant(self) -> set[str]:
        """Module-level functions that use, switch or build a model, and their callers."""
        if self._relevant_cache is None:
            out = set()
            for name, fn in self.funcs.items():
                f = self.facts[id(fn)]
                uses = f.grad or f.consumer or (f.backward and f.step)
                if f.switch or f.ctor or f.ctor_imported or (
                        uses and self._calls_a_param(fn)):
                    out.add(name)
            callers: dict[str, list[str]] = {}
            for name, fn in self.funcs.items():
                for callee in self.facts[id(fn)].callees:
                    callers.setdefault(callee, []).append(name)
            todo = list(out)
            while todo:  # callers of a function that matters matter (linear, not a fixpoint)
                for caller in callers.get(todo.pop(), ()):
                    if caller not in out:
                        out.add(caller)
                        todo.append(caller)
            self._relevant_cache = out
        return self._relevant_cache

    def _skipped(self, fn: Func, owner: ast.ClassDef | None) -> bool:
        """Code the scan must not judge: tests pytest collects, framework hooks."""
        if tables.FRAMEWORK_HOOKS.search(fn.name):
            return True
        if fn.name.startswith("test_") and not _params(fn):
            return True  # a test anywhere (fixtures by path): it takes no model to evaluate
        if self.is_test_file and owner is None and _RUNNER_TEST.search(fn.name):
            return True  # nose/unittest-style names in a test file (`forward_test`)
        if not self.is_test_file or not fn.name.startswith("test"):
            return False
        if owner is None:
            return True
        has_init = any(isinstance(n, ast.FunctionDef) and n.name == "__init__"
                       for n in owner.body)
        return owner.name.startswith("Test") and not has_init

    def summary(self, name: str) -> Summary | None:
        if name in self.summaries:
            return self.summaries[name]
        fn = self.funcs.get(name) or self.factories.get(name)
        if fn is None:
            return None
        self.summaries[name] = None  # a recursive call sees no summary: out of sight
        self.summaries[name] = self._walk_function(fn)
        return self.summaries[name]

    # -- the walk of one function -----------------------------------------------------------

    def _walk_function(self, fn: Func | None) -> Summary:
        outer = self._scope
        self._scope = fn if fn is not None else self.tree
        try:
            return self._walk_scope(fn)
        finally:
            self._scope = outer

    def _walk_scope(self, fn: Func | None) -> Summary:
        env = Env()
        if fn is None:
            body: list[ast.stmt] = self.tree.body
            summary = Summary("<module>", [])
            f = self.facts[id(self.tree)]
            frame = _Frame("<module>", None, f.backward, f.step, steps=f.stepped)
        else:
            params = _params(fn)
            summary = Summary(fn.name, params, line=fn.lineno)
            for i, p in enumerate(params):
                if p in ("self", "cls"):
                    continue
                env.new(p, Obj(ENTRY, param=i, label=p))
            owner = self._owner(fn)
            if owner is None and self.funcs.get(fn.name) is fn:
                for name in self._global_refs(fn):  # a script's module-level models
                    summary.params.append(f"global {name}")
                    env.new(name, Obj(ENTRY, param=len(summary.params) - 1, label=name))
            if params[:1] == ["self"]:
                for attr, (made, where) in self._held(owner).items():
                    if where is not fn:  # a model the class built in another method
                        env.new(f"self.{attr}", replace(made, steps=list(made.steps),
                                                        label=f"self.{attr}"))
                for attr in self._driven(owner):  # a trainer's models: followed as parameters
                    if attr in self._held(owner):
                        continue
                    summary.params.append(f"self.{attr}")
                    care, homes = self._attr_care(owner, attr)
                    env.new(f"self.{attr}", Obj(ENTRY, param=len(summary.params) - 1,
                                                label=f"self.{attr}", care=care, homes=homes))
            f = self.facts[id(fn)]
            itself = None
            if params[:1] == ["self"] and f.backward and f.step and owner is not None:
                itself = self._trains_itself(owner, fn)
                if itself is not None:
                    env.new("self", itself)
            if itself is None and params[:1] == ["self"] and owner is not None and (
                    self._self_followed(owner, fn)):
                # a module's own helper (`predict` calling `self.eval()`): the mode it leaves
                # the module in is part of its summary, for a method that trains the module
                env.new("self", Obj(ENTRY, param=0, label="self", cls=owner.name, care=True))
            frame = _Frame(fn.name, summary, f.backward, f.step, steps=f.stepped)
            frame.fn = fn
            frame.owner = owner
            off = next((w for w in map(_grad_off, fn.decorator_list) if w), None)
            if off is not None:
                frame.no_grad, frame.grad_label = 1, off
            body = fn.body
        end = self._block(body, env, frame)
        frame.exit_envs.append(end)
        if fn is not None:
            self._finish_summary(summary, frame)
        else:
            self._run_callbacks(end, frame)
        return summary

    def _callbacks(self) -> list[tuple[Func, ast.AST]]:
        """Module-level functions the file never calls itself but hands to a call as a value
        (``button.click(predict, ...)``, ``gr.Interface(fn=predict)``) or registers with a
        decorator call (``@app.route("/predict")``): a framework runs them once the module's
        code has run (a demo's or a server's handlers), with the reference where the file
        hands them over.  Only functions that read a module-level model are looked for, and
        only where the text names them other than in a call or their own ``def``: most files
        pay for a text search, not a walk."""
        if not self.funcs or self.text is None:
            return []
        out: dict[str, tuple[Func, ast.AST]] = {}
        # a bare reference as an argument (`click(predict, ...)`): one search for them all
        pattern = re.compile(r"[(,=]\s*(" + "|".join(map(re.escape, sorted(self.funcs)))
                             + r")\s*[,)]")
        handed = {m.group(1) for m in pattern.finditer(self.text)}
        for name, fn in self.funcs.items():
            for d in fn.decorator_list:
                head = _dotted(d.func).split(".", 1)[0] if isinstance(d, ast.Call) else ""
                if isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) and (
                        head not in ("torch", "functools", "pytest")):
                    out[name] = (fn, d)  # `@app.route(...)`, `@router.post(...)`
                    break
        handed = {n for n in handed if n not in out and self._global_refs(self.funcs[n])}
        out = {n: v for n, v in out.items() if self._global_refs(v[0])}
        if handed or out:
            called = {n.func.id for n in ast.walk(self.tree)
                      if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
            out = {k: v for k, v in out.items() if k not in called}
            for n in ast.walk(self.tree) if handed - called else ():
                if isinstance(n, ast.Call):
                    for a in (*n.args, *(k.value for k in n.keywords)):
                        if isinstance(a, ast.Name) and a.id in handed and a.id not in called:
                            out.setdefault(a.id, (self.funcs[a.id], a))
        return [out[k] for k in sorted(out)]

    def _run_callbacks(self, end: Env, frame: _Frame) -> None:
        """Judge each callback on the module-level models it reads, in the mode the
        module's code leaves them in (the handlers run after it)."""
        if not self._module_models():
            return
        for fn, where in self._callbacks():  # (each reads a module-level model)
            summary = self.summary(fn.name)
            if summary is None:
                continue
            bound = []
            for j, pname in enumerate(summary.params):
                if pname.startswith("global "):
                    obj = end.get(pname[len("global "):])
                    if obj is not None:
                        handed = self._step(where, f"`{fn.name}` is handed over here, to run "
                                                   "once the module's code has run")
                        bound.append((j, replace(obj, steps=[*obj.steps, handed]),
                                      pname[len("global "):]))
            if bound:
                call = ast.copy_location(ast.Call(func=ast.Name(id=fn.name, ctx=ast.Load()),
                                                  args=[], keywords=[]), where)
                self._apply_bound(call, fn.name, summary, bound, frame, fn)

    def _finish_summary(self, summary: Summary, frame: _Frame) -> None:
        envs = frame.exit_envs
        for i in range(len(summary.params)):
            modes = []
            steps: list[TraceStep] = []
            for env in envs:
                obj = self._param_obj(env, i)
                modes.append(obj.mode if obj is not None else UNKNOWN)
                if obj is not None and obj.mode in (TRAIN, EVAL):
                    steps = obj.steps
            if modes and all(m == modes[0] for m in modes):
                summary.exits[i] = (modes[0], steps)
            else:
                summary.exits[i] = (UNKNOWN, [])
        if any(isinstance(r, _InTuple) for r in frame.returned):
            summary.returns_in_tuple = _tuple_returned(frame.returned)
            return
        kinds = {repr(r) if not isinstance(r, Obj) else "obj" for r in frame.returned}
        if len(frame.returned) >= 1 and len(kinds) == 1:
            first = frame.returned[0]
            if isinstance(first, int):
                summary.returns_param = first
            elif isinstance(first, Obj) and first.copy_of is not None and all(
                    isinstance(r, Obj) and r.copy_of == first.copy_of for r in frame.returned):
                summary.returns_copy_of = first.copy_of
            elif isinstance(first, Obj) and all(
                isinstance(r, Obj) and r.mode == first.mode for r in frame.returned
            ):
                summary.returns = first

    @staticmethod
    def _param_obj(env: Env, index: int) -> Obj | None:
        for obj in env.objs.values():
            if obj.param == index:
                return obj
        return None

    # -- statements ---------------------------------------------------------------------------

    def _block(self, stmts: list[ast.stmt], env: Env, frame: _Frame) -> Env:
        for stmt in stmts:
            env = self._stmt(stmt, env, frame)
        return env

    def _stmt(self, s: ast.stmt, env: Env, frame: _Frame) -> Env:
        if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            env.forget(s.name)
            return env
        if isinstance(s, ast.Assign):
            if len(s.targets) == 1 and _target_names(s.targets[0]):
                value = s.value
                self._assigned[id(value)] = _target_names(s.targets[0])
                # `imgs = g(z).detach().cpu().numpy()`: the model's output, moved or copied
                # (also through `.data` and a slice: `g(z).cpu().data.numpy()[:64]`)
                while True:
                    if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and (
                            value.func.attr in _MOVES_VALUE):
                        value = value.func.value
                    elif isinstance(value, ast.Subscript) or (
                            isinstance(value, ast.Attribute) and value.attr == "data"):
                        value = value.value
                    else:
                        break
                    if isinstance(value, ast.Call):
                        self._assigned[id(value)] = _target_names(s.targets[0])
            if (len(s.targets) == 1 and isinstance(s.targets[0], ast.Tuple)
                    and isinstance(s.value, ast.Tuple)
                    and len(s.targets[0].elts) == len(s.value.elts)):
                values = [self._expr(v, env, frame) for v in s.value.elts]
                for t, v, node in zip(s.targets[0].elts, values, s.value.elts, strict=True):
                    self._bind(t, v, node, env, frame)
                return env
            handed = self._handed_back(s, env)
            value = self._expr(s.value, env, frame)
            if value is None and handed is not None:
                # `model = fit(model, opt, loader)` through a function out of sight: most
                # likely the same model, its mode unknown; its class still tells whether
                # it has dropout or batch norm (another file's helper judged by the join)
                value = replace(handed, steps=list(handed.steps), mode=UNKNOWN)
            elif isinstance(value, Obj) and value.mode == RETURNED and handed is not None and (
                    value.home is None and not value.cls):
                # what another file's function returns in the name of the model it was
                # handed: the mode is the join's to read, the class is the model's
                value = replace(value, home=handed.home, cls=handed.cls, care=handed.care,
                                homes=handed.homes)
            for t in s.targets:
                self._bind(t, value, s.value, env, frame)
            return env
        if isinstance(s, (ast.AnnAssign, ast.AugAssign)):
            value = self._expr(s.value, env, frame) if s.value is not None else None
            self._bind(s.target, value if isinstance(s, ast.AnnAssign) else None, s.value,
                       env, frame)
            return env
        if isinstance(s, ast.Expr):
            if isinstance(s.value, ast.Call):
                self._discarded.add(id(s.value))
            self._expr(s.value, env, frame)
            self._set_grad_enabled(s.value, frame)
            return env
        if isinstance(s, ast.Return):
            if isinstance(s.value, (ast.Tuple, ast.List)) and not any(
                    isinstance(e, ast.Starred) for e in s.value.elts):
                items = [self._expr(e, env, frame) for e in s.value.elts]
                models = [(i, v) for i, v in enumerate(items) if isinstance(v, Obj)]
                if len(models) > 1:  # a loss module beside the model has no mode to follow
                    models = [(i, v) for i, v in models if v.care is not False]
                if len(models) == 1:
                    i, v = models[0]
                    frame.returned.append(_InTuple(i, len(items), v.param if (
                        v.mode == ENTRY and v.param is not None) else replace(v)))
                else:
                    frame.returned.append(None)
                frame.exit_envs.append(env.copy())
                return env
            value = self._expr(s.value, env, frame) if s.value else None
            if isinstance(value, Obj):
                frame.returned.append(value.param if value.mode == ENTRY and
                                      value.param is not None else replace(value))
            elif s.value is not None and not (isinstance(s.value, ast.Constant)):
                frame.returned.append(None)
            frame.exit_envs.append(env.copy())
            return env
        if isinstance(s, ast.If):
            if id(s) in frame.skip_ifs:
                return env  # runs in a later (the last) pass of its loop only
            self._expr(s.test, env, frame)
            decided = arg_guards.decide(s.test, frame.consts) if frame.consts else None
            if decided is not None:  # a test on an unrolled phase variable
                return self._block(s.body if decided else s.orelse, env, frame)
            if frame.fn is None and tree_walk.is_main_guard(s.test):
                # `if __name__ == "__main__":` runs whenever the script runs: what it leaves
                # is the state the module's functions see afterwards (its handlers)
                return self._block(s.body, env, frame)
            not_module = _not_a_module_branch(s.test)
            if not_module is not None:  # `if isinstance(net, nn.Module): ... else: net(x)`
                name, in_body = not_module
                a = self._block(s.body, self._without(env, name) if in_body else env.copy(),
                                frame)
                b = self._block(s.orelse, env.copy() if in_body else self._without(env, name),
                                frame)
                for out in (a, b):  # after the test it is the object it was again
                    ident = env.names.get(name)
                    if name not in out.names and ident is not None and ident in env.objs:
                        out.names[name] = ident
                        if ident not in out.objs:  # a join inside the branch let it go
                            out.objs[ident] = replace(env.objs[ident])
                return a.join(b)
            a = self._block(s.body, env.copy(), frame)
            b = self._block(s.orelse, env.copy(), frame)
            return a.join(b)
        phases = _phases(s)
        if phases is not None:
            # `for phase in ["train", "val"]:` with tests on `phase`: one pass per phase
            name, values = phases
            self._bind(s.target, None, None, env, frame)  # type: ignore[attr-defined]
            outer = frame.consts.get(name, _NO_CONST)
            for value in values:
                frame.consts[name] = value
                env = self._block(s.body, env, frame)  # type: ignore[attr-defined]
            if outer is _NO_CONST:
                frame.consts.pop(name, None)
            else:
                frame.consts[name] = outer
            return self._block(s.orelse, env, frame)  # type: ignore[attr-defined]
        if isinstance(s, (ast.For, ast.AsyncFor, ast.While)):
            if isinstance(s, ast.While):
                self._expr(s.test, env, frame)
            else:
                self._expr(s.iter, env, frame)
                self._bind(s.target, None, None, env, frame)
                self._freezes(s, env)
                self._hand_copied(s, env)
            # `if epoch == n_epochs - 1:` runs only in the last pass: none follows it
            last_only = {id(st) for st in tree_walk.last_pass_ifs(s)}
            outer_skip, frame.skip_ifs = frame.skip_ifs, frame.skip_ifs | frozenset(last_only)
            try:
                once = self._block(s.body, env.copy(), frame)
            finally:
                frame.skip_ifs = outer_skip
            # the second pass starts where the first ended: an `.eval()` at the end of every
            # epoch is the mode the next epoch trains in
            twice = self._block(s.body, once, frame)
            out = env.join(twice)
            return self._block(s.orelse, out, frame)
        if isinstance(s, (ast.With, ast.AsyncWith)):
            offs = [w for w in (_grad_off(i.context_expr) for i in s.items) if w]
            folded = [w for w in (self._folded_off(i.context_expr, frame) for i in s.items)
                      if w] if frame.consts and not offs else []
            offs = offs or folded
            frame.folded_off += bool(folded)
            grad = bool(offs)
            if offs:
                outer_label, frame.grad_label = frame.grad_label, offs[0]
            for item in s.items:
                self._expr(item.context_expr, env, frame)
                if item.optional_vars is not None:
                    self._bind(item.optional_vars, None, None, env, frame)
            frame.no_grad += grad
            env = self._block(s.body, env, frame)
            frame.no_grad -= grad
            frame.folded_off -= bool(folded)
            if offs:
                frame.grad_label = outer_label
            return env
        if isinstance(s, ast.Try) or type(s).__name__ == "TryStar":
            after = self._block(s.body, env, frame)  # type: ignore[attr-defined]
            out = after
            for h in s.handlers:  # type: ignore[attr-defined]
                out = out.join(self._block(h.body, after.copy(), frame))
            out = self._block(s.orelse, out, frame)  # type: ignore[attr-defined]
            return self._block(s.finalbody, out, frame)  # type: ignore[attr-defined]
        if type(s).__name__ == "Match":
            self._expr(s.subject, env, frame)  # type: ignore[attr-defined]
            outs = [self._block(c.body, env.copy(), frame)
                    for c in s.cases]  # type: ignore[attr-defined]
            out = env
            for o in outs:
                out = out.join(o)
            return out
        for child in ast.iter_child_nodes(s):
            if isinstance(child, ast.expr):
                self._expr(child, env, frame)
        return env

    def _handed_back(self, s: ast.Assign, env: Env) -> Obj | None:
        """The model ``name`` in ``name = f(name, ...)`` (a call of a function of another
        file, which hands it back), else None."""
        if len(s.targets) != 1 or not isinstance(s.targets[0], ast.Name) or not isinstance(
                s.value, ast.Call) or not isinstance(s.value.func, ast.Name) or (
                s.value.func.id in self.funcs):
            return None
        name = s.targets[0].id
        if not any(isinstance(a, ast.Name) and a.id == name for a in s.value.args):
            return None
        found = env.get(name)
        return found if isinstance(found, Obj) and found.mode != ENTRY else None

    @staticmethod
    def _folded_off(expr: ast.expr, frame: _Frame) -> str | None:
        """``torch.set_grad_enabled(phase == "train")`` in a pass where the test is false."""
        if not (isinstance(expr, ast.Call) and expr.args and _dotted(expr.func).rsplit(
                ".", 1)[-1] == "set_grad_enabled"):
            return None
        if arg_guards.decide(expr.args[0], frame.consts) is False:
            names = sorted(n.id for n in ast.walk(expr.args[0]) if isinstance(n, ast.Name))
            when = ", ".join(f"{n} = {frame.consts[n]!r}" for n in names if n in frame.consts)
            return f"{_dotted(expr.func)}({ast.unparse(expr.args[0])})` with `{when}"
        return None

    def _freezes(self, loop: ast.For | ast.AsyncFor, env: Env) -> None:
        """``for p in net.parameters(): p.requires_grad = False``: a frozen extractor."""
        it = loop.iter
        if not (isinstance(it, ast.Call) and isinstance(it.func, ast.Attribute)
                and it.func.attr == "parameters"):
            return
        obj = self._lookup(it.func.value, env)
        if obj is None:
            return
        for n in ast.walk(loop):
            if (isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant)
                    and n.value.value is False
                    and any(isinstance(t, ast.Attribute) and t.attr == "requires_grad"
                            for t in n.targets)):
                obj.frozen = True

    def _hand_copied(self, loop: ast.For | ast.AsyncFor, env: Env) -> None:
        """``for p, q in zip(online.parameters(), target.parameters()):
        q.data.mul_(m).add_(p.data)``: weights written by hand (a target or EMA network, as
        after ``copy.deepcopy``), kept in train mode on purpose as often as not: unknown."""
        for model in _hand_written(loop)[0]:
            obj = self._lookup(model, env)
            if obj is not None:
                obj.mode = UNKNOWN
                obj.fresh = obj.chosen = False

    def _bind(self, target: ast.AST, value: Any, value_node: ast.AST | None, env: Env,
              frame: _Frame) -> None:
        if isinstance(target, (ast.Tuple, ast.List)):
            if isinstance(value, _InTuple) and len(target.elts) == value.size and not any(
                    isinstance(t, ast.Starred) for t in target.elts):
                # `net, crit = build()`: the model to its position's name, nothing else
                for k, t in enumerate(target.elts):
                    self._bind(t, value.value if k == value.index else None, None, env, frame)
                return
            # `y, h = decoder(tok, h)`: a prediction read off any part of a model's output
            # is read off the output
            part = value if isinstance(value, _Pred) else None
            for t in target.elts:
                self._bind(t, part, None, env, frame)
            return
        if isinstance(target, ast.Starred):
            self._bind(target.value, None, None, env, frame)
            return
        name = _dotted(target)
        if not name:
            return
        if isinstance(value, _Pred):
            env.forget(name)
            frame.preds[name] = value
            return
        root = _derived_from(value_node) if value is None and frame.preds else None
        if root is not None and root in frame.preds:
            # `err = err.pow(2).mean()`, `p = out[0] * 2`: still the model's output, read
            # as a prediction wherever the new name is
            env.forget(name)
            frame.preds[name] = frame.preds[root]
            return
        frame.preds.pop(name, None)
        if isinstance(value_node, ast.Call) and isinstance(value, _Optimiser):
            env.forget(name)
            frame.optimisers[name] = value.ids
            return
        if isinstance(value, Obj):
            for ident, obj in env.objs.items():
                if obj is value:
                    env.forget(name)
                    env.names[name] = ident
                    return
            if not value.label:
                value.label = name
            env.forget(name)
            env.new(name, value)
            return
        env.forget(name)

    # -- expressions --------------------------------------------------------------------------

    def _lookup(self, node: ast.AST, env: Env) -> Obj | None:
        name = _dotted(node)
        return env.get(name) if name else None

    def _expr(self, node: ast.AST | None, env: Env, frame: _Frame, consumer: bool = False
              ) -> Any:
        if node is None:
            return None
        kind = node.__class__
        if kind is ast.Constant:
            return None  # (the commonest leaf, by exact class: nothing below applies to it)
        if isinstance(node, ast.Call):
            return self._call(node, env, frame, consumer)
        if isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp,
                             ast.GeneratorExp)):
            for child in ast.walk(node):
                if isinstance(child, ast.Call):
                    self._call(child, env, frame, consumer, nested=True)
            return None
        if isinstance(node, ast.IfExp):
            self._expr(node.test, env, frame)
            a = self._expr(node.body, env, frame, consumer)
            b = self._expr(node.orelse, env, frame, consumer)
            return _one_of(a, b)
        if isinstance(node, ast.Name) and consumer and node.id in frame.preds:
            pred = frame.preds.pop(node.id)
            self._use(pred.call, pred.obj, pred.label, env, frame, True, method=pred.method)
            return None
        if isinstance(node, (ast.Name, ast.Attribute)) and _dotted(node):
            obj = env.get(_dotted(node))
            if obj is not None:
                return obj
        if kind is ast.Name:
            return None  # its one child is its context: no expression to walk
        if isinstance(node, ast.Attribute):
            # `preds.shape == (2, 10)` checks a shape: nothing is read off the values
            self._expr(node.value, env, frame, consumer and node.attr not in _METADATA)
            return None
        if isinstance(node, ast.Subscript):
            self._expr(node.value, env, frame, consumer)
            self._expr(node.slice, env, frame)
            return None
        if isinstance(node, ast.Compare):
            # `model(x).argmax(1) == y`: a prediction compared with labels
            for child in (node.left, *node.comparators):
                self._expr(child, env, frame, consumer=True)
            return None
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                self._expr(child, env, frame, consumer)
        return None

    def _call(self, call: ast.Call, env: Env, frame: _Frame, consumer: bool,
              nested: bool = False) -> Any:
        func = call.func
        attr = func.attr if isinstance(func, ast.Attribute) else ""
        receiver = self._lookup(func.value, env) if isinstance(func, ast.Attribute) else None
        feeds = attr in tables.PREDICTION_CONSUMERS
        if not nested:
            if isinstance(func, ast.Attribute):
                inner = self._expr(func.value, env, frame, consumer=feeds or (
                    consumer and attr not in _METADATA))
                if receiver is None and isinstance(inner, Obj):
                    receiver = inner
            callee_last = (_dotted(func).rsplit(".", 1)[-1] if _dotted(func) else "")
            loss = bool(callee_last) and _LOSS_CALL.search(callee_last) is not None
            arg_consumer = not self._in_loss and (
                callee_last in tables.PREDICTION_CONSUMERS or (
                    callee_last in ("max", "min") and (  # torch.max(prob, dim=1): an argmax
                        len(call.args) >= 2 or any(k.arg == "dim" for k in call.keywords))))
            self._in_loss += loss
            try:
                values = [self._expr(a.value if isinstance(a, ast.Starred) else a, env, frame,
                                     consumer=arg_consumer) for a in call.args]
            finally:
                self._in_loss -= loss
            if isinstance(func, ast.Name) and func.id in self.funcs or (
                    callee_last in tables.WRAPPERS):  # `torch.compile(Net())`: the built one
                self._arg_values[id(call)] = values
            for k in call.keywords:
                self._expr(k.value, env, frame)
            if isinstance(func, ast.Attribute) and isinstance(inner, _Pred) and (
                    attr in _RESHAPES):
                return inner  # `m(x).view(-1, n)`: the model's output, reshaped
        if receiver is not None and receiver.cls and receiver.mode in (TRAIN, EVAL) and (
                not receiver.fresh and isinstance(func, ast.Attribute)):
            region = self._own_evaluation(receiver.cls, attr)
            if region is not None:  # `model.test(loader)`: the class scores itself
                self._use(call, receiver, _dotted(func.value) or receiver.label, env, frame,
                          False, region=f"in `{receiver.cls}.{attr}` ({region})")
                return None
        if receiver is not None and attr not in _KEEPS_FRESH and not self._inert(receiver, attr):
            # load_state_dict(...), a method that may load or train
            receiver.fresh = receiver.chosen = False
        if receiver is not None and attr == "load_state_dict" and call.args and isinstance(
                call.args[0], ast.Call) and isinstance(call.args[0].func, ast.Attribute) and (
                call.args[0].func.attr == "state_dict") and self._lookup(
                call.args[0].func.value, env) is not None:
            # `target.load_state_dict(online.state_dict())`: a copy of a model tracked here
            # (a target network), kept in train mode on purpose as often as not (as with
            # `copy.deepcopy`): unknown until the code switches it
            receiver.mode = UNKNOWN
        # x.eval() / x.train(...)
        if receiver is None and attr in ("eval", "train") and isinstance(func, ast.Attribute):
            name = _dotted(func.value)
            off = attr == "eval" or (call.args and isinstance(call.args[0], ast.Constant)
                                     and call.args[0].value is False)
            if name and off and not (attr == "eval" and (call.args or call.keywords)):
                frame.evaled.add(name)
            elif name:
                frame.evaled.discard(name)
        if receiver is not None and attr in ("eval", "train"):
            return self._switch(call, receiver, attr, env)
        if receiver is not None and attr == "requires_grad_":
            arg = call.args[0] if call.args else None
            if isinstance(arg, ast.Constant) and arg.value is False:
                receiver.frozen = True
            return receiver
        if receiver is not None and attr in tables.SAME_OBJECT_METHODS:
            return receiver
        if attr == "step" and isinstance(func, ast.Attribute):
            return None
        if (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                and func.value.id == "self" and frame.owner is not None
                and self._driven(frame.owner) and self._method(frame.owner, attr) is not None):
            return self._apply_method(call, frame.owner, attr, env, frame)
        # a call of the model itself
        target = self._lookup(func, env)
        if target is None and receiver is not None and attr == "forward":
            target = receiver
        if target is not None:
            label = (_dotted(func) if attr != "forward"
                     else _dotted(func.value))  # type: ignore[union-attr]
            if self._use(call, target, label, env, frame, consumer):
                return _Pred(replace(target, steps=list(target.steps)), label, call)
            return None
        if receiver is not None and attr in tables.LIBRARY_INFERENCE and not receiver.cls:
            # transformers' `generate()` runs the model under no_grad without switching it:
            # decoding with a model left in train mode keeps its dropout on (a class of
            # another file of the repository: the join reports it only if that class has
            # dropout or batch norm and switches no mode itself)
            label = _dotted(func.value) or receiver.label  # type: ignore[union-attr]
            if receiver.mode == ENTRY and frame.summary is not None and receiver.param is not None:
                frame.summary.methods.setdefault(receiver.param, set()).add(attr)
            self._use(call, receiver, label, env, frame, consumer, method=attr,
                      region=tables.LIBRARY_INFERENCE[attr])
            return None
        if receiver is not None and receiver.cls and attr not in _KNOWN_METHODS and (
                not self._keeps_mode(receiver, attr)):
            mode = self._sets_own_mode(receiver, attr)
            if mode is not None:  # `model.fit_epoch(...)` opening with `self.train()`
                receiver.mode = mode
                receiver.steps = receiver.steps[:1] + [self._step(
                    call, f"`{_dotted(func)}(...)` switches it to {mode} mode "
                          f"(`{receiver.cls}.{attr}` leaves it so)")]
                receiver.fresh = receiver.chosen = False
                return None
            owner = frame.owner
            if receiver.label == "self" and owner is not None and receiver.cls == owner.name and (
                    self._method(owner, attr) is not None) and any(
                    self._lookup(a, env) is receiver for a in call.args
                    if not isinstance(a, ast.Starred)):
                # the module's own method handed the module under another name
                # (`self.check_accuracy(loader, model)` after `model = self.train()`): its
                # summary says what it does with that parameter
                self._apply_method(call, owner, attr, env, frame)
                return None
        if receiver is not None and attr not in _KNOWN_METHODS and (
                self._runs_model(receiver, attr) or (
                    receiver.mode == ENTRY and receiver.param is not None
                    and frame.summary is not None)):
            # `model.encode(src)`, `model.generator(h)`: a method (or submodule) of the
            # model's own class, read here, that switches no mode runs the model like a
            # call of it; on a parameter, each caller decides with the class it knows
            label = _dotted(func) or receiver.label
            if receiver.mode == ENTRY and frame.summary is not None and receiver.param is not None:
                frame.summary.methods.setdefault(receiver.param, set()).add(attr)
                self._escape(call, env)  # what the method does with its arguments is unseen
            if self._use(call, receiver, label, env, frame, consumer, method=attr):
                return _Pred(replace(receiver, steps=list(receiver.steps)), label, call,
                             method=attr)
            return None
        if receiver is not None:
            if attr not in _KNOWN_METHODS and not self._keeps_mode(receiver, attr):
                # (a method of its own class that sets a mode was applied above)
                receiver.mode = UNKNOWN  # a method out of sight may switch it
                self._escape(call, env)
            return None
        return self._other_call(call, env, frame)

    def _sets_own_mode(self, obj: Obj, attr: str) -> str | None:
        """The mode a method of the object's own class leaves it in when its first
        statement is ``self.train()``/``self.eval()`` and nothing else in it switches a mode
        or writes ``.training`` (a class that trains and scores itself), else None."""
        cls = self.classes.get(obj.cls) if obj.cls else None
        method = self._method(cls, attr) if cls is not None else None
        if method is None or not method.body or not self._is_module_class(cls.name):
            return None
        first = method.body[0]
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and len(
                method.body) > 1:
            first = method.body[1]  # after the docstring
        call = first.value if isinstance(first, ast.Expr) else None
        mode = _mode_of_self_switch(call)
        if mode is None:
            return self._mode_left_by_method(cls, method)
        for n in ast.walk(method):
            if n is call:
                continue
            if isinstance(n, ast.Attribute) and n.attr == "training" or (
                    isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                    and n.func.attr in ("train", "eval", "requires_grad_")):
                return None
        return mode

    def _method_summary(self, method: Func) -> Summary | None:
        """A method's summary, walked once (None while it is being walked: a recursive call
        is out of sight)."""
        key = id(method)
        if key not in self._method_summaries:
            self._method_summaries[key] = None
            self._method_summaries[key] = self._walk_function(method)
        return self._method_summaries[key]

    def _mode_left_by_method(self, cls: ast.ClassDef, method: Func) -> str | None:
        """The mode a method of a module class of this file leaves the module in on every
        path, read from its summary (``evaluate`` calling ``self.predict``, which opens
        with ``self.eval()``: eval), when it switches the module's mode at all; else None."""
        if not self._self_followed(cls, method):
            return None
        summary = self._method_summary(method)
        if summary is None or summary.params[:1] != ["self"]:
            return None
        mode, _ = summary.exits.get(0, (UNKNOWN, []))
        return mode if mode in (TRAIN, EVAL) else None

    def _runs_model(self, obj: Obj, attr: str, depth: int = 0) -> bool:
        """Is ``obj.attr(...)`` a submodule of the file's class the object was built from,
        or a method of it (or of its bases in this file) that switches no mode and runs a
        submodule?"""
        cls = self.classes.get(obj.cls) if obj.cls else None
        if cls is None or depth > 3 or obj.care is not True:
            return False  # a method of a class not read, or not known to have dropout
        if attr in self._submodules(cls.name):
            return True
        method = self._method(cls, attr)
        if method is None or method.decorator_list or attr.startswith("__"):
            return False  # unseen, a property, a static or class method: not a forward
        f = self.facts.get(id(method))
        if f is None or f.switch:
            return False
        for n in ast.walk(method):
            if (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                    and isinstance(n.func.value, ast.Name) and n.func.value.id == "self"
                    and (n.func.attr in self._submodules(cls.name)
                         or self._runs_model(obj, n.func.attr, depth + 1))):
                return True
        return False

    def _inert(self, obj: Obj, attr: str) -> bool:
        """A method of the model's own class that neither switches its mode nor loads or
        trains it (``model.count_parameters()``): a fresh model stays fresh."""
        if not (obj.fresh and obj.cls and self._keeps_mode(obj, attr)):
            return False
        cls = self.classes.get(obj.cls)
        method = self._method(cls, attr) if cls is not None else None
        return method is not None and not _LOADS_OR_TRAINS.search(ast.unparse(method))

    def _keeps_mode(self, obj: Obj, attr: str, depth: int = 0) -> bool:
        """Is ``obj.attr(...)`` a method of the file's class the object was built from that
        switches no mode, writes no ``.training`` and calls only such methods on ``self``
        (``model.set_lr(0.1)``)?"""
        if not obj.cls:
            # a parameter: its class is the caller's; if the file's classes that define
            # the method all keep the mode, so does this call
            owners = [c for c in self.classes.values()
                      if any(isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))
                             and m.name == attr for m in c.body)]
            return bool(owners) and depth == 0 and all(
                self._keeps_mode(replace(obj, cls=c.name), attr, 1) for c in owners)
        cls = self.classes.get(obj.cls)
        if cls is None or depth > 3:
            return False
        method = self._method(cls, attr)
        if method is None or method.decorator_list or attr.startswith("__"):
            return False
        f = self.facts.get(id(method))
        if f is None or f.switch:
            return False
        for n in ast.walk(method):
            if isinstance(n, ast.Attribute) and n.attr == "training":
                return False
            if (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                    and isinstance(n.func.value, ast.Name) and n.func.value.id == "self"
                    and n.func.attr not in self._submodules(cls.name)
                    and n.func.attr not in _KNOWN_METHODS
                    and not self._keeps_mode(obj, n.func.attr, depth + 1)):
                return False
            if isinstance(n, ast.Call) and any(isinstance(a, ast.Name) and a.id == "self"
                                               for a in n.args):
                return False  # hands itself to code that may switch it
        return True

    def _method(self, cls: ast.ClassDef, name: str) -> Func | None:
        seen: set[str] = set()
        while cls is not None and cls.name not in seen:
            seen.add(cls.name)
            for m in cls.body:
                if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)) and m.name == name:
                    return m
            base = next((_dotted(b).rsplit(".", 1)[-1] for b in cls.bases
                         if _dotted(b).rsplit(".", 1)[-1] in self.classes), None)
            cls = self.classes.get(base) if base else None  # type: ignore[assignment]
        return None

    def _own_evaluation(self, name: str, attr: str) -> str | None:
        """Is ``attr`` a method of the module class ``name`` that runs the module's own
        layers (``self.net(x)``, ``self(x)``) under ``no_grad`` and sets no mode, trains
        nothing and calls no other method of its own: an evaluation of the module?  The
        region it evaluates in, else None."""
        key = f"own_eval:{name}.{attr}"
        if key in self._memo:
            return self._memo[key]
        self._memo[key] = None
        cls = self.classes.get(name)
        method = self._method(cls, attr) if cls is not None and self._is_module_class(
            name) else None
        f = self.facts.get(id(method)) if method is not None else None
        if method is None or f is None or f.switch or f.backward or attr.startswith("_") or (
                attr in ("forward", "train", "eval") or attr in _KNOWN_METHODS):
            return None
        grad_off = any(_dotted(d.func if isinstance(d, ast.Call) else d).rsplit(".", 1)[-1]
                       in ("no_grad", "inference_mode") for d in method.decorator_list)
        if method.decorator_list and not grad_off:
            return None
        subs = self._submodules(name)
        region = None
        if not grad_off and _decodes_itself(method):
            # `generate`: the module runs itself token by token and feeds its samples back
            # (autoregressive decoding); with dropout on, every token is drawn from a
            # perturbed model
            self._memo[key] = _DECODING
            return self._memo[key]
        for n in ast.walk(method):
            if isinstance(n, ast.Attribute) and n.attr == "training":
                return None
            if not (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                    and isinstance(n.func.value, ast.Name) and n.func.value.id == "self"):
                continue
            if n.func.attr not in subs:
                if n.func.attr not in _KNOWN_METHODS:
                    return None  # another method of its own: what it does is not read here
                continue
            if grad_off or self._under_no_grad(n, method):
                region = "under `torch.no_grad()`"
        self._memo[key] = region
        return region

    def _submodules(self, name: str) -> set[str]:
        """``self.<attr> = <a call>`` in the class's ``__init__``, or in a method of the class
        it calls (``self._build()``): its submodules."""
        key = f"submodules:{name}"
        found = self._memo.get(key)
        if found is None:
            found = set()
            cls = self.classes.get(name)
            init = self._method(cls, "__init__") if cls is not None else None
            todo, done = ([init] if init is not None else []), set()
            while todo and len(done) < 8:
                fn = todo.pop()
                done.add(id(fn))
                for n in ast.walk(fn):
                    if isinstance(n, ast.Assign) and isinstance(n.value, ast.Call):
                        for t in n.targets:
                            if (isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name)
                                    and t.value.id == "self"):
                                found.add(t.attr)
                    elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and (
                            isinstance(n.func.value, ast.Name) and n.func.value.id == "self"):
                        helper = self._method(cls, n.func.attr)  # type: ignore[arg-type]
                        if helper is not None and id(helper) not in done:
                            todo.append(helper)
            self._memo[key] = found
        return found

    def _escape(self, call: ast.Call, env: Env) -> None:
        """Objects handed to code out of sight: their mode is unknown from here on."""
        for a in [*call.args, *(k.value for k in call.keywords)]:
            o = self._lookup(a.value if isinstance(a, ast.Starred) else a, env)
            if o is not None:
                o.mode = UNKNOWN
                o.fresh = o.chosen = False

    def _switch(self, call: ast.Call, obj: Obj, attr: str, env: Env) -> Obj:
        label = _dotted(call.func.value) or obj.label  # type: ignore[attr-defined]
        if attr == "eval" and not call.args and not call.keywords:
            mode = EVAL
        else:
            arg = call.args[0] if call.args else next(
                (k.value for k in call.keywords if k.arg == "mode"), None)
            if arg is None or (isinstance(arg, ast.Constant) and arg.value is True):
                mode = TRAIN
            elif isinstance(arg, ast.Constant) and arg.value is False:
                mode = EVAL
            else:
                mode = UNKNOWN
        obj.mode = mode
        obj.chosen = mode == TRAIN
        if mode != UNKNOWN:
            text = f"`{label}.{attr}({ast.unparse(call.args[0]) if call.args else ''})` " \
                   f"switches it to {mode} mode"
            obj.steps = obj.steps[:1] + [self._step(call, text)]
        if obj.parts:  # a container's switch reaches the modules it was built from
            for part in env.objs.values():
                if part.uid in obj.parts and part is not obj:
                    part.mode, part.chosen = mode, obj.chosen
                    part.steps = part.steps[:1] + obj.steps[1:]
        return obj

    def _step(self, node: ast.AST, text: str) -> TraceStep:
        return TraceStep.at(self.path, node, text)

    @staticmethod
    def _set_grad_enabled(expr: ast.expr, frame: _Frame) -> None:
        """``torch.set_grad_enabled(False)`` / ``(True)`` as a statement."""
        if not (isinstance(expr, ast.Call) and expr.args and isinstance(
                expr.args[0], ast.Constant) and isinstance(expr.args[0].value, bool)):
            return
        name = _dotted(expr.func)
        if name.rsplit(".", 1)[-1] != "set_grad_enabled":
            return
        frame.grad_off = expr.args[0].value is False
        if frame.grad_off and not frame.no_grad:
            frame.grad_label = f"{name}(False)"

    def _region(self, frame: _Frame, consumer: bool, call: ast.Call | None = None
                ) -> str | None:
        if frame.no_grad or frame.grad_off:
            return f"under `{frame.grad_label}`"
        if consumer and not frame.has_backward and not self._trains_through_helper(frame, call):
            return "for a prediction that nothing trains on"
        if consumer and frame.has_backward and call is not None and self._after_training(
                call, frame) and not self._feeds_backward(call, frame, strict=True):
            if self._refits_training_batch(call, frame):
                return None  # how well the batch it just fit is fit: a training metric
            return "for a prediction after the training loop"
        if frame.has_backward and call is not None and self._held_out_loop(call, frame) and (
                id(call) not in self._discarded and not self._unread(call, frame)
                and not self._feeds_backward(call, frame, strict=True)):
            # its output read (a prediction, a validation loss) in a loop that trains nothing
            return "in a loop over held-out data that trains nothing"
        return None

    def _refits_training_batch(self, call: ast.Call, frame: _Frame) -> bool:
        """Does the call run the model on the very inputs its training loops fit (``xb``
        bound before the loop, ``loss_fn(net(xb), yb)`` in it, ``net(xb)`` after it), not
        rebound since: an overfit-one-batch check, a training metric?"""
        args = [a.id for a in call.args if isinstance(a, ast.Name)]
        if not args or len(args) != len(call.args) or call.keywords:
            return False
        scope = frame.fn if frame.fn is not None else self.tree
        nodes = self._own(scope)
        if any(isinstance(n, ast.Return) and n.value is not None and any(
                x is call for x in ast.walk(n.value)) for n in nodes) or (
                self._only_returned(call, frame)):
            return False  # predictions handed back to the caller: what they are used for
        loops = [(n.lineno, n.end_lineno or n.lineno) for n in nodes
                 if isinstance(n, (ast.For, ast.AsyncFor, ast.While)) and any(
                     isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute)
                     and c.func.attr == "backward" for c in ast.walk(n))]
        if not loops:
            return False
        name = _dotted(call.func)
        fitted = {a.id for n in nodes if isinstance(n, ast.Call) and n is not call
                  and _dotted(n.func) == name and any(a <= n.lineno <= b for a, b in loops)
                  for a in n.args if isinstance(a, ast.Name)}
        last = max(b for _, b in loops)
        if not set(args) <= fitted:
            return False
        # bound again (a held-out batch under the same name) between the loops and the call:
        # in a loop's own target too (`for xb, yb in loader:` rebinds on every batch)
        return not any(isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
                       and n.id in args and (any(a <= n.lineno <= b for a, b in loops)
                                             or last < n.lineno <= call.lineno)
                       for n in nodes)

    def _held_out_loop(self, call: ast.Call, frame: _Frame) -> bool:
        """Is the innermost loop around the call one over validation or test data
        (``for x, y in val_loader``) whose body runs no ``.backward()``?"""
        scope = frame.fn if frame.fn is not None else self.tree
        key = ("held_out_loops", id(scope))
        if key not in self._memo:
            self._memo[key] = [
                (n.lineno, n.end_lineno or n.lineno, _HELD_OUT_DATA.search(
                    ast.unparse(n.iter)) is not None and not any(
                    isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute)
                    and c.func.attr == "backward" for c in ast.walk(n)))
                for n in self._own(scope) if isinstance(n, (ast.For, ast.AsyncFor))]
        around = [sp for sp in self._memo[key] if sp[0] <= call.lineno <= sp[1]]
        return bool(around) and max(around)[2]

    def _beside_backward(self, call: ast.Call, frame: _Frame) -> bool:
        """Does the call run in the loop that runs the backward (the batch loop: training
        accuracy on the batch), or is there no loop to tell?  Not when the backward sits in
        a loop of its own that the call is outside of (``accuracy(test_loader, net)`` once
        per epoch, after the batch loop)."""
        scope = frame.fn if frame.fn is not None else self.tree
        key = ("batch_loops", id(scope))
        if key not in self._memo:
            nodes = self._own(scope)
            loops = [(n.lineno, n.end_lineno or n.lineno) for n in nodes
                     if isinstance(n, (ast.For, ast.AsyncFor, ast.While))]
            spans = set()
            for c in nodes:  # the innermost loop around each backward
                if isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute) and (
                        c.func.attr == "backward"):
                    around = [sp for sp in loops if sp[0] <= c.lineno <= sp[1]]
                    if around:
                        spans.add(max(around))
            self._memo[key] = sorted(spans)
        spans = self._memo[key]
        return not spans or any(a <= call.lineno <= b for a, b in spans)

    def _after_training(self, call: ast.Call, frame: _Frame) -> bool:
        """Does the call come after every loop of its function that runs a ``.backward()``
        (a prediction once training is over), inside none of them?"""
        scope = frame.fn if frame.fn is not None else self.tree
        key = ("training_loops", id(scope))
        if key not in self._memo:
            self._memo[key] = [(n.lineno, n.end_lineno or n.lineno) for n in self._own(scope)
                               if isinstance(n, (ast.For, ast.AsyncFor, ast.While)) and any(
                                   isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute)
                                   and c.func.attr == "backward" for c in ast.walk(n))]
        loops = self._memo[key]
        return bool(loops) and all(call.lineno > end for _, end in loops)

    def _use(self, call: ast.Call, obj: Obj, label: str, env: Env, frame: _Frame,
             consumer: bool, method: str = "", region: str | None = None) -> bool:
        """Judge a model call; True when it is left undecided (its output may still be read
        as a prediction).  ``region``: the call is an evaluation whatever surrounds it."""
        if obj.cls and not method and self._forward_switches(obj.cls):
            # its forward sets its own mode (`if frozen: self.eval() else: self.train()`):
            # the mode this call's arguments make it switch to, else unknown
            mode = self._forward_mode(obj.cls, call)
            if mode is None:
                obj.mode = UNKNOWN
                return False
            if mode != obj.mode:
                obj.mode = mode
                obj.steps = obj.steps[:1] + [self._step(
                    call, f"`{label}(...)` switches it to {mode} mode in its own `forward`")]
        region = region or self._region(frame, consumer, call)
        if region is not None and frame.has_backward and frame.has_step and (
                not frame.folded_off) and (
                self._feeds_loss(call, frame) and (
                    self._stepped(obj, frame) or self._trained_here(call, frame)
                    or self._trained_in_file(call) or self._copy_of_trained(call))):
            # an RL rollout, or labels the model being trained predicts for its own next
            # forward: its outputs are training data (they reach this function's backward),
            # not an evaluation; so are the fakes a generator that another step of the file
            # trains makes for its discriminator's loss (GAN alternation), and the TD targets
            # of a target network whose weights follow a network the file trains
            return False
        training = (not frame.no_grad and not frame.grad_off and frame.has_backward
                    and frame.has_step and self._feeds_backward(call, frame)
                    and not self._backward_skipped(frame))
        if region is None and not training:
            # undecided (a prediction may still be read off its output) where nothing trains,
            # or after the training loops when its value reaches no backward
            return not frame.has_backward or (
                consumer is False and self._after_training(call, frame)
                and not self._feeds_backward(call, frame, strict=True))
        kind = "eval" if region is not None else "train"
        if kind == "eval" and id(call) in self._discarded and region.startswith("under"):
            return False  # `model(x)` whose output nothing reads: batch-norm statistics
        if kind == "eval" and self._only_viewed(call, frame) and (
                region.startswith("under") or label in self._feeders()):
            # a reconstruction or sample drawn as a picture: no measurement (without no_grad
            # only a generator's, one whose outputs the file feeds to another model: a GAN's
            # translations, drawn in train mode by the convention of pix2pix and CycleGAN)
            return False
        if kind == "eval" and region.startswith("under") and self._unread(call, frame):
            return False  # `_ = model(x)` never read: batch-norm statistics refreshed
        if kind == "train":
            obj.fresh = False
            obj.chosen = False
        elif obj.fresh and (obj.source is None or self._synthetic_inputs(call, frame)):
            # built here, weights never trained nor loaded: its outputs are no measurement
            # in either mode (a smoke test, a shape probe, two code paths compared); what a
            # function of another file returns may come with weights (on made-up input, no)
            return False
        elif _DECODING not in (region or "") and self._noise_sample(call, frame, consumer):
            # samples from noise (a GAN's generator): no measurement; a language model
            # decoding from a start token is a prediction, its tokens drawn with dropout on
            return False
        step = self._step(call, f"`{label}(...)` " + (
            f"evaluates it ({region})" if kind == "eval" else "trains it (backward and step)"))
        if obj.mode == ENTRY and obj.param is not None and frame.summary is not None:
            if kind == "eval" or self._single_trained(env, frame):
                guards = self._train_guards(frame.fn) if kind == "train" else (
                    arg_guards.step_guards(frame.fn, lambda c: c is call)
                    if frame.fn is not None and self._under_if(frame.fn, call)
                    else None)  # an evaluation for some arguments
                frame.summary.add_use(obj.param, Use(
                    kind, step, [], label, frame.name, region or "", guards, method, node=call,
                    returned=kind == "eval" and self._only_returned(call, frame),
                    viewed_inputs=self._viewed_inputs(call, frame) if kind == "eval" else None))
            return False
        self._judge(kind, obj, label, step, [], frame.name, region or "", frame, method=method)
        return False

    def _feeders(self) -> set[str]:
        """Names of models whose output the file hands to another model's call
        (``D(G(z))``, ``D(G(z).detach())``, ``fake = G(z)`` then ``D(fake)``), in any
        function: generators of a GAN, or the first of two chained models."""
        found = self._memo.get("feeders")
        if found is None:
            found = set()
            for fn in [self.tree, *self._scopes()]:
                nodes = self._own(fn)
                made: dict[str, set[str]] = {}  # name -> the callees it was bound to
                for n in nodes:
                    if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(
                            n.targets[0], ast.Name) and isinstance(n.value, ast.Call):
                        made.setdefault(n.targets[0].id, set()).add(_dotted(n.value.func))
                for n in nodes:
                    if not (isinstance(n, ast.Call) and n.args and isinstance(
                            n.func, (ast.Name, ast.Attribute))):
                        continue
                    outer = _dotted(n.func)
                    if not outer or outer not in self._module_built_models():
                        continue  # a function, a loss, a print: no model
                    inner = n.args[0]
                    while isinstance(inner, ast.Call) and isinstance(
                            inner.func, ast.Attribute) and inner.func.attr in _RESHAPES:
                        inner = inner.func.value  # `G(z).detach()`
                    if isinstance(inner, ast.Call) and _dotted(inner.func):
                        callees = {_dotted(inner.func)}
                    elif isinstance(inner, ast.Name):
                        callees = made.get(inner.id, set())
                    else:
                        continue
                    models = {c for c in callees if c != outer} & self._module_built_models()
                    if models:
                        found |= models | {outer}
            self._memo["feeders"] = found
        return found

    def _module_built_models(self) -> set[str]:
        """Module-level names bound to a built model (a capitalised class called, maybe
        moved: ``G = Generator().to(device)``, ``G, F = Gen(), Gen()``)."""
        found = self._memo.get("module_built")
        if found is None:
            found = set()
            for n in _module_assigns(self.tree):
                if len(n.targets) != 1:
                    continue
                t, v = n.targets[0], n.value
                pairs = list(zip(t.elts, v.elts, strict=False)) if isinstance(
                    t, ast.Tuple) and isinstance(v, ast.Tuple) else [(t, v)]
                for target, value in pairs:
                    while isinstance(value, ast.Call) and isinstance(
                            value.func, ast.Attribute) and value.func.attr in _RESHAPES:
                        value = value.func.value  # `.to(device)`, `.cuda()`
                    if isinstance(target, ast.Name) and isinstance(value, ast.Call) and (
                            _dotted(value.func).rsplit(".", 1)[-1][:1].isupper()):
                        found.add(target.id)
            self._memo["module_built"] = found
        return found

    def _viewed_inputs(self, call: ast.Call, frame: _Frame) -> tuple[int, ...] | None:
        """The parameter indexes the call's inputs come from, when its output is only drawn
        and every input is a parameter of the function or made up in it (else None)."""
        if frame.fn is None or not self._only_viewed(call, frame):
            return None
        params = _params(frame.fn)
        args = [*call.args, *(k.value for k in call.keywords)]
        out: list[int] = []
        for a in args:
            if isinstance(a, ast.Name) and a.id in params:
                out.append(params.index(a.id))
            elif not self._synthetic(a, frame.fn, set()):
                return None
        return tuple(out) if out else None

    def _made_up_at(self, call: ast.Call, callee: Func, indexes: tuple[int, ...],
                    frame: _Frame) -> bool:
        """Does the caller hand made-up tensors (``torch.randn`` noise, however bound) to
        every one of the callee's parameters at ``indexes``?"""
        params = _params(callee)
        scope = frame.fn if frame.fn is not None else self.tree
        keywords = {k.arg: k.value for k in call.keywords if k.arg}
        bound_first = params[:1] in (["self"], ["cls"]) and isinstance(call.func, ast.Attribute)
        shift = 1 if bound_first else 0
        for i in indexes:
            j = i - shift
            if 0 <= j < len(call.args) and not any(isinstance(a, ast.Starred)
                                                    for a in call.args[:j + 1]):
                arg: ast.AST | None = call.args[j]
            else:
                arg = keywords.get(params[i]) if i < len(params) else None
            if arg is None or not self._synthetic(arg, scope, set()):
                return False
        return True

    def _export_use(self, call: ast.Call, qualified: str, env: Env, frame: _Frame) -> None:
        """``torch.jit.trace(model, x)``, ``torch.onnx.export(model, ...)``: the export runs
        the model and records what it does in its present mode (dropout, batch statistics)
        into the exported program: an evaluation use."""
        keywords = {k.arg: k.value for k in call.keywords if k.arg}
        dynamo = keywords.get("dynamo")
        if qualified == "torch.onnx.export" and ("training" in keywords or not (
                isinstance(dynamo, ast.Constant) and dynamo.value is True)):
            # the TorchScript exporter (the default before torch 2.9) switches to eval
            # itself; which one runs by default depends on the user's torch: only an
            # explicit `dynamo=True` is known to keep the mode
            return
        target = call.args[0] if call.args else keywords.get("model", keywords.get("mod"))
        obj = self._lookup(target, env) if target is not None else None
        if obj is None:
            return
        short = qualified.replace("torch.", "", 1)
        self._use(call, obj, _dotted(target) or obj.label, env, frame, False,
                  region=f"in `{short}(...)` (the export keeps its present mode's behaviour)")

    def _trained_here(self, call: ast.Call, frame: _Frame) -> bool:
        """Is the model this call runs also run, by the same name, in a grad-enabled forward
        whose value reaches the function's backward (so it is the model being trained)?"""
        scope = frame.fn if frame.fn is not None else self.tree
        return self._trained_in(scope, _forward_name(call), besides=call)

    def _trained_in_file(self, call: ast.Call) -> bool:
        """Is the model this call runs (by the same name: ``self.generator``) run, in some
        function of the file, in a grad-enabled forward whose value reaches that function's
        backward (it is trained there: the generator's own step)?"""
        return self._name_trained_in_file(_forward_name(call))

    def _name_trained_in_file(self, name: str) -> bool:
        key = ("trained_in_file", name)
        if key not in self._memo:
            self._memo[key] = any(self._trained_in(scope, name) for scope in self._scopes())
        return self._memo[key]

    def _copy_of_trained(self, call: ast.Call) -> bool:
        """Does the model this call runs take its weights from a model the file trains (a
        target network: ``soft_update(critic, target_critic, tau)``,
        ``target.load_state_dict(net.state_dict())``, ``target = copy.deepcopy(net)``)?"""
        name = _forward_name(call)
        key = ("copy_of_trained", name)
        if key not in self._memo:
            sources: set[str] = set()
            for n in ast.walk(self.tree):
                if isinstance(n, ast.Assign) and any(_dotted(t) == name for t in n.targets) and (
                        isinstance(n.value, ast.Call) and _dotted(n.value.func).rsplit(
                            ".", 1)[-1] == "deepcopy" and n.value.args):
                    sources.add(_dotted(n.value.args[0]))
                if isinstance(n, (ast.For, ast.AsyncFor)):
                    sources.update(_params_synced(n, name))
                if not isinstance(n, ast.Call):
                    continue
                func = _dotted(n.func)
                if func == f"{name}.load_state_dict" and n.args and isinstance(
                        n.args[0], ast.Call) and _dotted(n.args[0].func).endswith(".state_dict"):
                    sources.add(_dotted(n.args[0].func)[:-len(".state_dict")])
                elif _WEIGHT_SYNC.search(func.rsplit(".", 1)[-1]):
                    args = [_dotted(a) for a in (*n.args, *(k.value for k in n.keywords))]
                    if name in args:
                        sources.update(a for a in args if a and a != name)
            self._memo[key] = any(map(self._name_trained_in_file, sorted(sources)))
        return self._memo[key]

    def _scopes(self) -> list[ast.AST]:
        """The file's functions and methods (each its own scope), found once."""
        if "scopes" not in self._memo:
            self._memo["scopes"] = [n for n in ast.walk(self.tree)
                                    if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        return self._memo["scopes"]

    def _trained_in(self, scope: ast.AST, name: str, besides: ast.Call | None = None) -> bool:
        """Is ``name`` run in ``scope`` (other than by ``besides``) in a grad-enabled
        forward whose value reaches the scope's backward?"""
        calls = [n for n in self._own(scope) if isinstance(n, ast.Call) and n is not besides
                 and _forward_name(n) == name]
        if not calls:
            return False
        if id(scope) not in self._fed:
            self._fed[id(scope)] = calls_feeding_backward(scope)
        fed = self._fed[id(scope)] or set()
        return any(id(c) in fed and not self._under_no_grad(c, scope) for c in calls)

    def _under_no_grad(self, call: ast.Call, scope: ast.AST) -> bool:
        for n in self._own(scope):
            if isinstance(n, (ast.With, ast.AsyncWith)) and any(
                    _is_no_grad(i) for i in n.items) and any(
                    c is call for c in ast.walk(n)):
                return True
        return False

    def _trains_through_helper(self, frame: _Frame, call: ast.Call | None) -> bool:
        """Does this model call's value reach a helper that trains on it: a call that is also
        handed an optimizer (``loss_scaler(loss, optimizer)``)?  A loss read as a float on
        its way there is no prediction."""
        if call is None:
            return False
        scope = frame.fn if frame.fn is not None else self.tree
        key = id(scope)
        if key not in self._helper_trains:
            self._helper_trains[key] = calls_feeding_backward(scope, optimizer_sinks=True)
        fed = self._helper_trains[key]
        return fed is not None and id(call) in fed

    def _feeds_backward(self, call: ast.Call, frame: _Frame, strict: bool = False) -> bool:
        """Does this model call's value reach a ``.backward()`` of its function?  A forward
        whose output only feeds a print or a plot (``net.eval(); val = net(vx); ...;
        net.train()`` inside a training loop) is a look at the model, not training."""
        scope = frame.fn if frame.fn is not None else self.tree
        key = id(scope)
        if key not in self._fed:
            self._fed[key] = calls_feeding_backward(scope)
        fed = self._fed[key]
        return (fed is None and not strict) or (fed is not None and id(call) in fed)

    def _feeds_loss(self, call: ast.Call, frame: _Frame) -> bool:
        """Does this model call's value reach a ``.backward()`` of its function as data,
        through ``.detach()`` too (``imp = est(x).detach()`` reweighting the batch the loss
        is computed on)?  A function with no backward of its own: no."""
        scope = frame.fn if frame.fn is not None else self.tree
        key = ("fed_as_data", id(scope))
        if key not in self._memo:
            self._memo[key] = calls_feeding_backward(scope, through_detach=True)
        fed = self._memo[key]
        return fed is not None and id(call) in fed

    def _under_if(self, fn: Any, call: ast.Call) -> bool:
        """Is the call on a line inside some ``if`` of ``fn`` (a cheap test first)?"""
        key = ("if_spans", id(fn))
        if key not in self._memo:
            self._memo[key] = [(n.lineno, n.end_lineno or n.lineno) for n in self._own(fn)
                               if isinstance(n, (ast.If, ast.IfExp))]
        return any(a <= call.lineno <= b for a, b in self._memo[key])

    def _forward_trained(self, label: str, frame: _Frame) -> bool:
        """Does the function run ``label(...)`` into its own backward (it trains that
        model here)?"""
        scope = frame.fn if frame.fn is not None else self.tree
        if id(scope) not in self._fed:
            self._fed[id(scope)] = calls_feeding_backward(scope)
        fed = self._fed[id(scope)]
        return bool(fed) and any(isinstance(c, ast.Call) and id(c) in fed  # type: ignore
                                 and _dotted(c.func) == label for c in self._own(scope))

    def _backward_skipped(self, frame: _Frame) -> bool:
        """In a pass over a loop of literal phases (``for phase in ["train", "val"]``), does
        every ``.backward()`` of the function sit under a test this pass decides against
        (``if phase == "train":`` in the ``"val"`` pass)?"""
        if not frame.consts:
            return False
        scope = frame.fn if frame.fn is not None else self.tree
        key = ("backward_tests", id(scope))
        if key not in self._memo:
            self._memo[key] = arg_guards.call_tests(scope, lambda c: isinstance(
                c.func, ast.Attribute) and c.func.attr == "backward")
        found = self._memo[key]
        return bool(found) and all(
            any(arg_guards.decide(test, frame.consts) is (not branch) for test, branch in tests)
            for tests in found)

    def _train_guards(self, fn: Any) -> arg_guards.Guards | None:
        """The tests on ``fn``'s parameters its optimizer steps sit under (None: it steps
        for every call)."""
        if fn is None:
            return None
        key = id(fn)
        if key not in self._guards:
            owner = self._owner(fn)
            self._guards[key] = arg_guards.step_guards(
                fn, lambda c: _is_step_call(c) and not self._own_plain_step(owner, c))
        return self._guards[key]

    def _own_plain_step(self, cls: ast.ClassDef | None, call: ast.Call) -> bool:
        """Is ``self.step(...)`` the class's own method, one that steps nothing itself (an
        environment's or a decoder's step: ``reward = self.step(action, ...)``), so no
        optimizer step?"""
        if cls is None or not (isinstance(call.func, ast.Attribute)
                               and isinstance(call.func.value, ast.Name)
                               and call.func.value.id == "self"):
            return False
        method = self._method(cls, call.func.attr)
        return method is not None and not any(
            isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and (
                n.func.attr in ("step", "backward")) for n in ast.walk(method))

    def _synthetic_inputs(self, call: ast.Call, frame: _Frame) -> bool:
        """Are all the call's inputs tensors made up on the spot (``torch.randn(...)``), directly
        or through a name only ever bound to one in this function (or module)?"""
        args = [*call.args, *(k.value for k in call.keywords)]
        if not args:
            return False
        scope = frame.fn if frame.fn is not None else self.tree
        return all(self._synthetic(a, scope, set()) for a in args)

    def _synthetic(self, e: ast.AST, scope: ast.AST, seen: set[str]) -> bool:
        """A tensor made up here: a random or constant factory of torch (however torch is
        imported), ``.to(device)`` and the like on one, or a name only ever bound to one."""
        if isinstance(e, ast.Constant):
            return True  # a flag or None beside the made-up tensor: `mask=None`
        if isinstance(e, ast.Compare) and len(e.comparators) == 1:
            return self._synthetic(e.left, scope, seen) and isinstance(
                e.comparators[0], ast.Constant)
        if isinstance(e, ast.Name):
            if e.id in seen:
                return True  # `x = x.to(device)`: decided by x's other bindings
            if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)) and e.id in _params(
                    scope):
                return False  # data handed in
            seen.add(e.id)
            own = self._own(scope)
            values = [n.value for n in own if isinstance(n, ast.Assign)
                      and any(isinstance(t, ast.Name) and t.id == e.id for t in n.targets)]
            if values and sum(isinstance(n, ast.Name) and n.id == e.id and not isinstance(
                    n.ctx, ast.Load) for n in own) > len(values):
                return False  # also bound otherwise: a loop's batch, then `x = x.to(device)`
            if not values and scope is not self.tree and not any(
                    isinstance(n, ast.Name) and n.id == e.id and not isinstance(n.ctx, ast.Load)
                    for n in self._own(scope)):
                # a module-level name the function reads (`fixed_z = torch.randn(...)`)
                return self._synthetic(e, self.tree, seen - {e.id})
            return bool(values) and all(self._synthetic(v, scope, seen) for v in values)
        if isinstance(e, ast.Subscript):
            return self._synthetic(e.value, scope, seen)  # a slice of a made-up tensor
        if isinstance(e, ast.BinOp):  # `torch.rand(n) * 2 - 1`
            return self._synthetic(e.left, scope, seen) and self._synthetic(e.right, scope, seen)
        if isinstance(e, ast.UnaryOp):
            return self._synthetic(e.operand, scope, seen)
        if not isinstance(e, ast.Call):
            return False
        q = self._qualified(e.func)
        if q.startswith("torch.") and q.rsplit(".", 1)[-1] in _JOINS and e.args and isinstance(
                e.args[0], (ast.Tuple, ast.List)):
            # torch.cat((pos, x), 2): made up if every piece is
            return all(self._synthetic(x, scope, seen) for x in e.args[0].elts)
        if q.startswith("torch.") and q.rsplit(".", 1)[-1] in ("load", "from_file"):
            return False  # read from disk: data
        if q.startswith("torch."):
            # a factory, or a function of made-up tensors (`F.normalize(torch.randn(...))`)
            return q.rsplit(".", 1)[-1] in _SYNTHETIC or bool(e.args) and all(
                self._synthetic(a, scope, seen) for a in e.args)
        if isinstance(e.func, ast.Name):
            # `discriminator(generator(noise))`: a model's output on made-up input is made up
            return bool(e.args) and all(self._synthetic(a, scope, seen) for a in e.args)
        if isinstance(e.func, ast.Attribute):  # `.to(device)`, `.bool()` on a made-up one
            return self._synthetic(e.func.value, scope, seen)
        return False

    def _model_output(self, e: ast.AST, scope: ast.AST, seen: set[str] | None = None
                      ) -> bool:
        """Is ``e`` the output of a call of a plain name that is no torch function
        (``generator(z)``), directly or through a name bound only to one in ``scope``?"""
        seen = set() if seen is None else seen
        if isinstance(e, ast.Name):
            if e.id in seen:
                return True  # `x = x.detach()`: decided by x's other bindings
            seen.add(e.id)
            own = self._own(scope)
            values = [n.value for n in own if isinstance(n, ast.Assign)
                      and any(isinstance(t, ast.Name) and t.id == e.id for t in n.targets)]
            if values and sum(isinstance(n, ast.Name) and n.id == e.id and not isinstance(
                    n.ctx, ast.Load) for n in own) > len(values):
                return False  # also bound otherwise: a loop's batch, then `x = x.to(device)`
            return bool(values) and all(self._model_output(v, scope, seen) for v in values
                                        if not isinstance(v, ast.Name))
        if isinstance(e, ast.Call) and isinstance(e.func, ast.Attribute) and (
                e.func.attr in _KEEPS_FRESH or e.func.attr == "detach"):
            return self._model_output(e.func.value, scope, seen)  # `fake.detach()`
        return isinstance(e, ast.Call) and isinstance(e.func, ast.Name) and not (
            self._qualified(e.func).startswith("torch."))

    def _only_viewed(self, call: ast.Call, frame: _Frame) -> bool:
        """``out = model(x)`` whose every later read is inside a call that draws a picture
        (``viz.images(out.view(...))``, ``save_image``, ``plt.imshow``, ``add_images``), or
        feeds a value that is itself only drawn (stacked autoencoders: ``code =
        enc.get_code(x)``, ``picture = dec.decode(code)``, ``viz.images(picture)``)."""
        names = self._assigned.get(id(call))
        if not names:
            return False
        scope = frame.fn if frame.fn is not None else self.tree
        return self._viewed_names(names, (call.lineno, call.col_offset), scope, 0)

    def _only_returned(self, call: ast.Call, frame: _Frame) -> bool:
        """``out = model(x)`` whose only reads are ``return out``: the caller's use of the
        returned value is what decides."""
        names = self._assigned.get(id(call))
        if not names or frame.fn is None:
            return False
        reads = self._reads(names, (call.lineno, call.col_offset), frame.fn)
        if not reads:
            return False
        key = ("returned", id(frame.fn))
        if key not in self._memo:
            self._memo[key] = {id(n.value) for n in self._own(frame.fn)
                               if isinstance(n, ast.Return) and n.value is not None}
        return all(id(r) in self._memo[key] for r in reads)

    def _unread(self, call: ast.Call, frame: _Frame) -> bool:
        """``out = model(x)`` whose value nothing reads before the name is bound again."""
        names = self._assigned.get(id(call))
        if not names:
            return False
        scope = frame.fn if frame.fn is not None else self.tree
        return self._reads(names, (call.lineno, call.col_offset), scope) == []

    def _reads(self, names: list[str], after: tuple[int, int], scope: ast.AST
               ) -> list[ast.Name] | None:
        """The reads of ``names`` in ``scope`` after ``after``, up to their next binding
        (``x_hat = ...`` again, later in a script; a rebinding's own value is read first);
        None when a function nested in ``scope`` reads one of them (it may run any time)."""
        if self._read_in_nested(names, scope):
            return None
        nodes = self._own_names(scope)
        until = min([(n.lineno, 10**6) for n in nodes if n.id in names
                     and isinstance(n.ctx, ast.Store) and n.lineno > after[0]],
                    default=(10**9, 0))
        return [n for n in nodes if n.id in names and isinstance(n.ctx, ast.Load)
                and after < (n.lineno, n.col_offset) <= until]

    def _own_names(self, scope: ast.AST) -> list[ast.Name]:
        """The names among ``_own(scope)``, in its order (what ``_reads`` goes through)."""
        nodes = self._own(scope)  # (keeps the scope, so its id keys the memo safely)
        key = ("own_names", id(scope))
        found = self._memo.get(key)  # type: ignore[call-overload]
        if found is None:
            found = self._memo[key] = [  # type: ignore[index]
                n for n in nodes if isinstance(n, ast.Name)]
        return found

    def _read_in_nested(self, names: list[str], scope: ast.AST) -> bool:
        """Does a function, lambda or class nested in ``scope`` read one of ``names`` of
        ``scope`` (not a local of its own that happens to share the name)?"""
        # asked for each model call's names in turn: what the scope's nested code reads is
        # gathered once per scope (the walks over the whole scope cost more than the rest)
        entry = self._nested_reads.get(id(scope))
        if entry is None or entry[0] is not scope:
            own = {id(n) for n in self._own(scope)}
            outside = {n.id for n in ast.walk(scope) if isinstance(n, ast.Name)
                       and isinstance(n.ctx, ast.Load) and id(n) not in own}
            entry = self._nested_reads[id(scope)] = (scope, outside, [])
            if outside:
                entry[2].extend(self._free_reads(fn) for fn in ast.walk(scope)
                                if fn is not scope and isinstance(fn, (
                                    ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda,
                                    ast.ClassDef)))
        _, outside, nested = entry
        if not any(name in outside for name in names):
            return False
        return any(not reads.isdisjoint(names) for reads in nested)

    def _free_reads(self, fn: ast.AST) -> set[str]:
        """The names a nested function, lambda or class reads that are not its own locals."""
        if isinstance(fn, ast.ClassDef):
            local: set[str] = set()
        else:
            local = {a.arg for a in (*fn.args.posonlyargs, *fn.args.args,  # type: ignore
                                     *fn.args.kwonlyargs, fn.args.vararg,  # type: ignore
                                     fn.args.kwarg)  # type: ignore[attr-defined]
                     if a is not None}
        body = self._own(fn)
        declared = {n for st in body if isinstance(st, (ast.Global, ast.Nonlocal))
                    for n in st.names}
        local |= {n.id for n in body if isinstance(n, ast.Name)
                  and not isinstance(n.ctx, ast.Load)}
        local -= declared
        return {n.id for n in body if isinstance(n, ast.Name) and n.id not in local
                and isinstance(n.ctx, ast.Load)}

    def _viewed_names(self, names: list[str], after: tuple[int, int], scope: ast.AST,
                      depth: int) -> bool:
        key = ("viewers", id(scope))
        if key not in self._memo:
            nodes = self._own(scope)
            viewed: set[int] = set()
            for n in nodes:
                last = n.func.attr if isinstance(n, ast.Call) and isinstance(
                    n.func, ast.Attribute) else _dotted(n.func) if isinstance(n, ast.Call) else ""
                if isinstance(n, ast.Call) and last in _VIEWERS:  # also `axes[0].imshow(...)`
                    # its arguments, and the axes it draws on (`ax.imshow(im)`)
                    viewed |= {id(m) for a in [*n.args, *(k.value for k in n.keywords),
                                               n.func] for m in ast.walk(a)}
            self._memo[key] = (nodes, viewed)
        nodes, viewed = self._memo[key]
        reads = self._reads(names, after, scope)
        if not reads:
            return False
        for r in reads:
            if id(r) in viewed:
                continue
            assign = next((a for a in nodes if isinstance(a, ast.Assign) and any(
                m is r for m in ast.walk(a.value))), None) if depth < 6 else None
            targets = _target_names(assign.targets[0]) if assign is not None and len(
                assign.targets) == 1 else []
            if not targets and assign is not None and len(assign.targets) == 1 and isinstance(
                    assign.targets[0], ast.Subscript):
                # `canvas[i:j, k:l] = imgs[n].numpy()`: copied into a canvas, then drawn
                root = _dotted(assign.targets[0].value)
                targets = [root] if root and "." not in root else []
            if assign is None and depth < 6:
                # `for ax, im in zip(axes.flat, imgs): ax.imshow(im)`: the loop's names
                loop = next((f for f in nodes if isinstance(f, (ast.For, ast.AsyncFor))
                             and any(m is r for m in ast.walk(f.iter))), None)
                if loop is not None:
                    assign, targets = loop, _target_names(loop.target)
                    if isinstance(loop.iter, ast.Call) and _dotted(
                            loop.iter.func) == "enumerate" and isinstance(
                            loop.target, ast.Tuple) and len(loop.target.elts) == 2:
                        # `for i, im in enumerate(imgs)`: the counter is no picture
                        targets = _target_names(loop.target.elts[1])
            if not targets or set(targets) & set(names) or not self._viewed_names(
                    targets, (assign.lineno, assign.col_offset), scope, depth + 1):
                return False
        return True

    def _batch_norm_here(self) -> bool:
        """Does the file name batch norm anywhere (or is its text not at hand)?  Train mode
        chosen for Monte Carlo dropout also makes batch norm use batch statistics."""
        return self.text is None or _BATCH_NORM.search(self.text) is not None

    def _noise_sample(self, call: ast.Call, frame: _Frame, consumer: bool) -> bool:
        """Is the call a model run on nothing but made-up tensors that no other call of the
        function takes, and either not read as a prediction (``netG(fixed_noise)``: a GAN's
        samples from noise) or run on another model's output (the discriminator's score of
        those samples)?  No measurement, whatever the mode.  A made-up tensor another call
        also takes (a synthetic dataset trained on, then scored) is data; a class read off
        a trained model's output on ``torch.randn`` is a prediction."""
        if not self._synthetic_inputs(call, frame):
            return False
        scope = frame.fn if frame.fn is not None else self.tree
        if consumer and not any(self._model_output(a, scope) for a in call.args) and not (
                self._only_viewed(call, frame)):
            return False  # a number read off it (a picture of it only is no reading)
        mine = {id(n) for n in ast.walk(call)}
        names = {n.id for a in [*call.args, *(k.value for k in call.keywords)]
                 for n in ast.walk(a) if isinstance(n, ast.Name)}
        nodes = self._own(scope)
        bindings: dict[str, int] = {}
        for n in nodes:
            if isinstance(n, ast.Assign):
                for t in n.targets:
                    if isinstance(t, ast.Name) and t.id in names:
                        bindings[t.id] = bindings.get(t.id, 0) + 1
        # a name drawn afresh each time (`z = torch.randn(...)` before each use) is noise
        # wherever else it is used; one tensor drawn once and reused is a dataset
        names = {n for n in names if bindings.get(n, 0) < 2}
        for n in nodes:
            if isinstance(n, ast.Call) and id(n) not in mine and any(
                    isinstance(a, ast.Name) and a.id in names
                    for a in [*n.args, *(k.value for k in n.keywords)]):
                return False
        return True

    def _fresh_model_names(self, scope: ast.AST) -> dict[str, bool]:
        """Names bound in ``scope`` only to models built here from a class or layer (their
        outputs on made-up input are made up too: a smoke test of two networks)."""
        key = ("fresh_models", id(scope))
        if key not in self._memo:
            built: dict[str, bool] = {}
            for n in self._own(scope):
                if not isinstance(n, ast.Assign):
                    continue
                for t in n.targets:
                    pairs = [(t, n.value)]
                    if isinstance(t, ast.Tuple) and isinstance(n.value, ast.Tuple) and len(
                            t.elts) == len(n.value.elts):  # `g, d = Generator(), Disc()`
                        pairs = list(zip(t.elts, n.value.elts, strict=True))
                    for name, value in pairs:
                        if isinstance(name, ast.Name):
                            ok = isinstance(value, ast.Call) and self._builds_model(value)
                            built[name.id] = built.get(name.id, True) and ok
            self._memo[key] = built
        return self._memo[key]

    def _builds_model(self, call: ast.Call) -> bool:
        dotted = _dotted(call.func)
        if not dotted:
            return False
        made = self._construct(call, self._qualified(call.func), dotted.rsplit(".", 1)[-1])
        return made is not None and made.fresh

    @staticmethod
    def _single_trained(env: Env, frame: _Frame) -> bool:
        """A training function that calls exactly one incoming model (not a GAN step)."""
        if frame.fn is None:
            return True
        params = set(_params(frame.fn))
        called = {n.func.id for n in ast.walk(frame.fn) if isinstance(n, ast.Call)
                  and isinstance(n.func, ast.Name) and n.func.id in params}
        return len(called) <= 1 or len(called - _loss_params(frame.fn, called)) <= 1

    def _judge(self, kind: str, obj: Obj, label: str, use: TraceStep, chain: list[TraceStep],
               function: str, region: str, frame: _Frame | None, via: str = "",
               method: str = "") -> None:
        if obj.frozen or obj.care is False:
            return
        if kind == "eval" and obj.chosen and not self._batch_norm_here():
            return  # dropout on by choice (Monte Carlo dropout); with batch norm, a bug
        name = obj.label or label
        trace = [*obj.steps, *chain, use]
        if obj.mode == RETURNED and obj.source is not None:
            self._judge_returned(kind, obj, label, name, use, trace, function, region, frame)
            return
        if obj.param is not None and frame is not None and frame.fn is not None and (
                self.funcs.get(frame.fn.name) is frame.fn and obj.care is None
                and obj.home is None and not obj.homes):
            self.param_hits[(("DS401" if kind == "eval" else "DS402"), use.line or 0,
                             use.column)] = [frame.fn.name, obj.param]
        if kind == "eval" and obj.mode == TRAIN:
            if obj.held and obj.held in self.switched_from_outside():
                return  # the holder's owner switches it (`agent.net.eval()`): mode unknown
            if obj.held:  # other files may switch it: the join decides
                self.held_hits[("DS401", use.line or 0, use.column)] = obj.held
            where = f"`{function}` " if function != "<module>" else ""
            msg = (f"{where}evaluates `{label}` {region} while it is in train mode"
                   + (f" (it comes from `{name}` in {via})" if via else "")
                   + f": dropout and batch norm keep their training behaviour, so the "
                   f"results are noisy; call `{name}.eval()` before evaluating it")
            fix = f"Call `{name}.eval()` before the evaluation (and `{name}.train()` after)."
            self._hit("DS401", use, msg, trace, fix, function, name, _homes(obj), method,
                      obj.built, certain=obj.care is True)
            if obj.care is not True and obj.source is not None:
                self.sight_hits.setdefault(("DS401", use.line or 0, use.column), obj.source)
        elif kind == "train" and obj.mode == EVAL:
            code = "DS403" if obj.pretrained and not any(
                "switches it" in s.message for s in obj.steps) else "DS402"
            if frame is not None and not self._stepped(obj, frame):
                return  # no optimiser here is known to step it (GAN alternation, a teacher)
            if frame is not None and self._next_step_elsewhere(obj, use, frame):
                return  # the gradients go to another model's optimizer (the generator's)
            msg = (f"`{label}` is trained here while in eval mode"
                   + (" (a pretrained model is returned in eval mode)" if code == "DS403"
                      else "") + f": it trains without dropout; call `{name}.train()` first")
            fix = f"Call `{name}.train()` before training."
            self._hit(code, use, msg, trace, fix, function, name, _homes(obj), built=obj.built)

    def _judge_returned(self, kind: str, obj: Obj, label: str, name: str, use: TraceStep,
                        trace: list[TraceStep], function: str, region: str,
                        frame: _Frame | None) -> None:
        """A use of what another file's function returned: a finding if that function
        returns a model in the other mode (the join reads it there)."""
        assert obj.source is not None
        made = f"`{obj.source[1]}(...)`"
        if kind == "eval":
            where = f"`{function}` " if function != "<module>" else ""
            code, need = "DS401", TRAIN
            msg = (f"{where}evaluates `{label}` {region} while it is in train mode ({made}, "
                   "in another file, returns it in train mode): dropout and batch norm keep "
                   f"their training behaviour, so the results are noisy; call `{name}.eval()` "
                   "before evaluating it")
            fix = f"Call `{name}.eval()` before the evaluation (and `{name}.train()` after)."
        else:
            if frame is not None and not self._stepped(obj, frame):
                return  # no optimiser here is known to step it
            code, need = "DS402", EVAL
            msg = (f"`{label}` is trained here while in eval mode ({made}, in another file, "
                   f"returns it in eval mode): it trains without dropout; call "
                   f"`{name}.train()` first")
            fix = f"Call `{name}.train()` before training."
        key = (code, use.line or 0, use.column)
        if key not in self.returned and key not in self.hits:
            self.returned[key] = {"code": code, "module": obj.source[0], "name": obj.source[1],
                                  "need": need, "step": use.to_dict(), "message": msg,
                                  "fix": fix, "trace": [t.to_dict() for t in trace]}

    def _next_step_elsewhere(self, obj: Obj, use: TraceStep, frame: _Frame) -> bool:
        """Is the first optimizer step after this training use that of an optimizer known
        not to hold the model's parameters (the discriminator in eval during the generator's
        step)?"""
        scope = frame.fn if frame.fn is not None else self.tree
        line = use.line or 0
        after = [(n.lineno, _dotted(n.func.value)) for n in self._own(scope)
                 if isinstance(n, ast.Call) and _is_step_call(n) and n.lineno > line]
        if not after:
            return False
        receiver = min(after)[1]
        return receiver in frame.optimisers and obj.uid not in frame.optimisers[receiver]

    @staticmethod
    def _stepped(obj: Obj, frame: _Frame) -> bool:
        """Is an optimiser built here over its parameters stepped in this function?"""
        return any(obj.uid in frame.optimisers.get(s, ()) for s in frame.steps)

    def _hit(self, code: str, at: TraceStep, msg: str, trace: list[TraceStep], fix: str,
             function: str, label: str, homes: Sequence[tuple[str, str]] = (),
             method: str = "", built: Any = None, certain: bool = True) -> None:
        key = (code, at.line or 0, at.column)
        if homes:  # decided by the join, once the classes are read in their own files
            if key not in self.pending and key not in self.hits:
                self.pending[key] = {"code": code, "module": homes[0][0],
                                     "class": homes[0][1],
                                     "homes": [list(h) for h in homes],
                                     "step": at.to_dict(), "message": msg, "fix": fix,
                                     "trace": [t.to_dict() for t in trace]}
                if method:  # run through a method: only if the class switches no mode
                    self.pending[key]["method"] = method
                if built is not None:  # which constructor defaults the call left
                    self.pending[key]["built"] = [list(built[0]), built[1], built[2]]
                also = [[m, cls] for module, cls in homes
                        if module in (stars := self._star_modules(cls))
                        for m in stars if m != module]
                if also:  # `from models import *` and `from utils import *`: the class may
                    # come from any of them (the join keeps the file that defines it)
                    self.pending[key]["also"] = also
            return
        if key not in self.hits:
            self.hits[key] = ModeHit(code, at.line or 0, at.column, msg, trace, fix,
                                     function, label, certain)

    # -- other calls: constructors, loaders, wrappers, the file's functions -------------------

    def _checkpoint_name(self, call: ast.Call) -> str | None:
        """The checkpoint ``from_pretrained`` loads, as the file shows it: a string literal,
        or a name every binding of which in the file (assignments, parameter defaults) is
        one string (``def run(..., ckpt="bert-base-cased")``)."""
        arg = call.args[0] if call.args else next(
            (k.value for k in call.keywords if k.arg == "pretrained_model_name_or_path"), None)
        if isinstance(arg, ast.Constant):
            return arg.value if isinstance(arg.value, str) else None
        if not isinstance(arg, ast.Name):
            return None
        found: set[object] = set()
        for n in ast.walk(self.tree):
            if isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id == arg.id
                                                 for t in n.targets):
                found.add(_literal(n.value) if isinstance(n.value, ast.Constant) else None)
            elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
                default = tree_walk.param_defaults(n).get(arg.id)
                if default is not None:
                    found.add(_literal(default))
        return found.pop() if len(found) == 1 and isinstance(next(iter(found)), str) else None

    def _qualified(self, node: ast.AST) -> str:
        if self.names is not None:
            try:
                q = self.names.qualify(node)
            except Exception:  # noqa: BLE001 - an odd callee is simply unresolved
                q = None
            if q and isinstance(node, ast.Name) and q.startswith(("<unbound>.", node.id)):
                star = self._star_modules(node.id)
                if star:  # `from utils import *` then `evaluate(model)`
                    return f"{star[0]}.{node.id}"
            if q:
                return q
        return _dotted(node)

    def _star_modules(self, name: str) -> list[str]:
        """The repository modules the file star-imports (``from utils import *``) that
        ``name`` may come from: all of them when it is bound nowhere in the file and is no
        builtin (the join keeps the one whose file defines it), else none."""
        mods = [m for m in getattr(self.names, "star_modules", ())
                if m.lstrip(".").split(".", 1)[0] not in _LIBRARIES]
        if not mods or hasattr(builtins, name):
            return []
        bound = self._memo.get("bound_names")
        if bound is None:  # every name the file binds: assigned, defined, imported, a parameter
            bound = set()
            for n in ast.walk(self.tree):
                if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load):
                    bound.add(n.id)
                elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    bound.add(n.name)
                elif isinstance(n, (ast.Import, ast.ImportFrom)):
                    bound |= {(a.asname or a.name).split(".", 1)[0] for a in n.names}
                elif isinstance(n, ast.arg):
                    bound.add(n.arg)
            self._memo["bound_names"] = bound
        return [] if name in bound else mods

    def _other_call(self, call: ast.Call, env: Env, frame: _Frame) -> Any:
        func = call.func
        dotted = _dotted(func)
        last = dotted.rsplit(".", 1)[-1] if dotted else ""
        qualified = self._qualified(func) if dotted else ""
        if dotted == "cls" and frame.fn is not None and id(frame.fn) in self._factory_class:
            last = self._factory_class[id(frame.fn)]  # `cls(hp)` in `Tagger.load`
            qualified = f"<local>.{last}"
        args = [a for a in call.args if not isinstance(a, ast.Starred)]
        arg_objs = [(i, self._lookup(a, env)) for i, a in enumerate(args)]
        # wrappers share the object; copies copy it
        if last in tables.WRAPPERS and arg_objs and arg_objs[0][1] is not None:
            return arg_objs[0][1]
        if last in tables.WRAPPERS:
            values = self._arg_values.pop(id(call), [])
            if values and isinstance(values[0], Obj):
                return values[0]
        if last in tables.COPIERS and arg_objs and arg_objs[0][1] is not None:
            # a copy (an EMA teacher, a target network) is often kept in train mode on
            # purpose and updated without an optimiser: unknown until the code switches it
            src = arg_objs[0][1]
            return replace(src, steps=list(src.steps), param=None, uid=0, mode=UNKNOWN,
                           label="", copy_of=src.param if src.mode == ENTRY else None)
        # an optimiser over some models' parameters
        if "optim" in qualified.split(".")[:-1] or qualified.startswith("torch.optim"):
            ids: set[int] = set()
            for a in [*call.args, *(k.value for k in call.keywords)]:
                for n in ast.walk(a):
                    if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and (
                        n.func.attr in ("parameters", "named_parameters")
                    ):
                        o = self._lookup(n.func.value, env)
                        if o is not None:
                            ids.add(o.uid)
            return _Optimiser(ids)
        # the file's own functions: apply the summary
        if isinstance(func, ast.Name) and func.id in self.funcs and (
                self.funcs[func.id] is not frame.fn):  # (a method may share its name)
            return self._apply(call, func.id, env, frame)
        if isinstance(func, ast.Attribute) and _dotted(func) in self.factories and (
                self.factories[_dotted(func)] is not frame.fn):
            return self._apply(call, _dotted(func), env, frame)
        if qualified in tables.EXPORTERS:
            self._export_use(call, qualified, env, frame)
            return None
        made = self._construct(call, qualified, last)
        if made is not None:
            if qualified.startswith("torch.nn.") and last in ("Sequential", "ModuleList"):
                items = [*call.args, *(e for a in call.args if isinstance(a, ast.List)
                                       for e in a.elts)]
                made.parts = tuple(o.uid for o in (self._lookup(a, env) for a in items)
                                   if o is not None and o.uid)
                source = self._children_of(call, env)
                if source is not None:
                    # `nn.Sequential(*list(resnet.children())[:-1])`: the same layers, each
                    # in the mode it had (a container's own flag switches none of them)
                    made = replace(source, steps=[*source.steps, self._step(
                        call, f"`{dotted}(...)` regroups its layers, which keep their mode")],
                        uid=made.uid, parts=())
            if made.home is not None:
                # another file's class: its constructor may switch a model it is handed
                # (`GradCAM(net)` calling `model.eval()`): unknown from here on
                self._escape(call, env)
            return made
        if last in _HARMLESS or qualified in _SAVERS:
            return None  # reads the model, never switches it
        if dotted and not qualified.startswith("<") and "." in qualified:
            self._record_external(call, qualified, env, frame)
            before = self._modes_handed(call, env)
            self._escape(call, env)
            module, _, name = qualified.rpartition(".")
            if module.split(".", 1)[0] not in _LIBRARIES:
                self._handed_across(call, module, name, env, before)
            if module.split(".", 1)[0] not in _LIBRARIES and name[:1].islower():
                # a function imported from elsewhere: if it is one of the repository's, the
                # join reads there in which mode it returns a model (if it returns one)
                return Obj(RETURNED, [self._step(call, f"`{dotted}(...)` returns it "
                                                       "(from another file)")],
                           fresh=True, source=(module, name))
            return None
        self._escape(call, env)
        return None

    def _children_of(self, call: ast.Call, env: Env) -> Obj | None:
        """The tracked model whose own layers (``m.children()``, ``m.modules()``,
        ``m.named_children()``) a container call regroups, when it is the only source of
        its arguments; else None."""
        found: Obj | None = None
        for a in call.args:
            for n in ast.walk(a):
                if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and (
                        n.func.attr in ("children", "modules", "named_children")):
                    o = self._lookup(n.func.value, env)
                    if o is None or (found is not None and o is not found):
                        return None
                    found = o
        return found

    def _modes_handed(self, call: ast.Call, env: Env) -> dict[int, str]:
        """The mode (train or eval) of each model a call hands over, by uid, before it."""
        out = {}
        for a in [*call.args, *(k.value for k in call.keywords)]:
            o = self._lookup(a, env)
            if o is not None and o.uid and o.mode in (TRAIN, EVAL):
                out[o.uid] = o.mode
        return out

    def _handed_across(self, call: ast.Call, module: str, name: str, env: Env,
                       before: dict[int, str]) -> None:
        """Remember, on each model this call to a function of another file hands over, that
        the call is its last event: the join knows the mode that function leaves it in
        (or, when it leaves the mode as it was, the mode it had before: the last item)."""
        step = self._step(call, f"`{_dotted(call.func)}(...)` (another file) leaves it in "
                                "{mode} mode").to_dict()
        if any(isinstance(a, ast.Starred) for a in call.args):
            return  # which parameter gets which argument is unknown
        handed = [*((i, None, a) for i, a in enumerate(call.args)),
                  *((None, k.arg, k.value) for k in call.keywords if k.arg)]
        for index, keyword, node in handed:
            o = self._lookup(node, env)
            if o is not None and o.mode == UNKNOWN:
                o.after = [module, name, index, keyword, step, before.get(o.uid)]

    def _model_members(self, o: Obj) -> list[str]:
        """The submodules and methods of the object's class (read here) that run the model
        and switch no mode: what a function of another file may call on it as a use."""
        cls = self.classes.get(o.cls) if o.cls else None
        if cls is None or o.care is not True:
            return []
        names = set(self._submodules(cls.name)) | {
            m.name for m in cls.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))
            and not m.name.startswith("_")}
        return sorted(n for n in names if self._runs_model(o, n))

    def _record_external(self, call: ast.Call, qualified: str, env: Env, frame: _Frame) -> None:
        if qualified.split(".", 1)[0] in _LIBRARIES:
            return
        args = []
        for i, a in enumerate(call.args):
            if isinstance(a, ast.Starred):
                break
            o = self._lookup(a, env)
            if o is not None and o.mode in (TRAIN, EVAL):
                args.append(_obj_dict(o, i, None, _dotted(a)))
            elif o is not None and o.mode == ENTRY and o.param is not None and (
                    frame.summary is not None):
                # a parameter passed on to another file: the join chains the summaries
                args.append({**_obj_dict(o, i, None, _dotted(a)), "param": o.param})
            elif o is not None and o.mode != ENTRY and (
                    o.care is False or o.home is not None or o.after is not None):
                # mode unknown here, but its class may be read: a model with no dropout or
                # batch norm clears the callee's name-rule finding (the join decides); or
                # the mode another file's function left it in (the join reads it there)
                args.append(_obj_dict(o, i, None, _dotted(a)))
        for k in call.keywords:
            o = self._lookup(k.value, env)
            if o is not None and k.arg and (o.mode in (TRAIN, EVAL) or (
                    o.mode == UNKNOWN and o.after is not None)):
                args.append(_obj_dict(o, None, k.arg, _dotted(k.value)))
            elif o is not None and k.arg and o.mode == ENTRY and o.param is not None and (
                    frame.summary is not None):
                args.append({**_obj_dict(o, None, k.arg, _dotted(k.value)), "param": o.param})
        owner = frame.owner
        for i, a in enumerate(call.args):  # `self`, a module with no mode-dependent layer
            if isinstance(a, ast.Starred):
                break
            if isinstance(a, ast.Name) and a.id == "self" and owner is not None and (
                    owner.name in self.classes and self._is_module_class(owner.name)
                    and self.class_care(owner.name) is False):
                args.append(_obj_dict(Obj(UNKNOWN, care=False, label="self"), i, None, "self"))
        for i, a in enumerate(call.args):  # untracked models switched to eval here
            if isinstance(a, ast.Starred):
                break
            if self._lookup(a, env) is None and _dotted(a) in frame.evaled:
                args.append(_obj_dict(Obj(EVAL, label=_dotted(a)), i, None, _dotted(a)))
        for k in call.keywords:
            if k.arg and self._lookup(k.value, env) is None and (
                    _dotted(k.value) in frame.evaled):
                args.append(_obj_dict(Obj(EVAL, label=_dotted(k.value)), None, k.arg,
                                      _dotted(k.value)))
        if not args:
            return
        held: dict[int, list[dict[str, Any]]] = {}
        for a in args:  # what the callee may run on a model of a class read here
            node = call.args[a["index"]] if a["index"] is not None else next(
                (k.value for k in call.keywords if k.arg == a["keyword"]), None)
            o = self._lookup(node, env) if node is not None else None
            if o is not None and o.cls:
                a["runs"] = self._model_members(o)
            if o is not None:
                held.setdefault(id(o), []).append(a)
        for group in held.values():  # `fit(model_train, model)`: one object, two parameters
            for a in group:
                if len(group) > 1:
                    a["same"] = [[b["index"], b["keyword"]] for b in group if b is not a]
        module, _, name = qualified.rpartition(".")
        record = self.external.setdefault((call.lineno, call.col_offset), {
            "module": module, "name": name, "args": args,
            "call": self._step(call, f"`{_dotted(call.func)}(...)` is called with it").to_dict(),
            "caller": frame.name, "trains_here": frame.has_backward and not frame.no_grad
            and self._beside_backward(call, frame),
        })
        if isinstance(call.func, ast.Name):
            stars = self._star_modules(call.func.id)
            if len(stars) > 1 and stars[0] == module:
                record["also"] = stars[1:]  # several star imports: the join picks

    def export(self) -> dict[str, Any]:
        """What other files need from this one (JSON-able, cached with the file): the
        summaries of its module-level functions that evaluate or train a parameter, and its
        calls into other files with a model in a known mode."""
        functions = {}
        for name, fn in self.funcs.items():
            summary = self.summaries.get(name)
            if summary is None or not summary.uses:
                continue
            functions[name] = {
                "params": summary.params, "start": fn.lineno, "end": fn.end_lineno or fn.lineno,
                "uses": {str(i): [_use_dict(u) for u in uses]
                         for i, uses in summary.uses.items()},
            }
        returns = {}
        for name in [*self.funcs, *self.factories]:
            summary = self.summaries.get(name)
            if summary is None and name in self.factories and _builds_own_class(
                    self.factories[name], name.split(".", 1)[0]):
                summary = self.summary(name)  # `Net.load(path)` called from another file
            made = summary.returns if summary is not None else None
            if made is None or made.mode not in (TRAIN, EVAL) or made.frozen or (
                    made.care is False):
                continue
            returns[name] = {"mode": made.mode, "care": made.care, "home": made.home,
                             "homes": [list(h) for h in made.homes],
                             "pretrained": made.pretrained,
                             "steps": [t.to_dict() for t in made.steps]}
        return {"functions": functions, "calls": list(self.external.values()),
                "values": self._imported_values(),
                "returns": returns,
                "returned": [self.returned[k] for k in sorted(self.returned)],
                "defs": {name: {"start": fn.lineno, "end": fn.end_lineno or fn.lineno,
                                "params": _params(fn),
                                "evals": self._params_left_in(name, EVAL),
                                **({"trains": t} if (t := self._params_left_in(name, TRAIN))
                                   else {}),
                                **({"keeps": k} if (k := self._params_left_in(name, ENTRY))
                                   else {})}
                         for name, fn in self.funcs.items()},
                "pending": [self.pending[k] for k in sorted(self.pending)],
                "optin": self.optin,
                "param_hits": [[code, line, column, *where] for (code, line, column), where
                               in sorted(self.param_hits.items())
                               if where[0] not in self._called_here()],
                "classes": (caring := self._caring_classes()) + (
                    composed := self._composed_caring(caring)) + self._caring_factories(
                    set(caring) | set(composed)),
                "mode_free": sorted(n for n in self.classes if n not in caring
                                    and n not in composed and self._is_module_class(n)),
                "switching": self._switching_classes(caring),
                "free_by_default": self.free_by_default(set(caring)),
                "overrides_train": bool(caring and self.text is not None
                                        and _TRAIN_OVERRIDE.search(self.text)),
                **({"sight": [[*k, *src] for k, src in sorted(self.sight_hits.items())
                              if k in self.hits]} if self.sight_hits else {}),
                **({"held": [[*k, a] for k, a in sorted(self.held_hits.items())
                             if k in self.hits or k in self.pending]}
                   if self.held_hits else {}),
                **({"outside": sorted(o)} if (o := self.switched_from_outside()) else {}),
                **({"if_pretrained": [[*k, *v] for k, v in sorted(self.if_pretrained.items())]}
                   if self.if_pretrained else {})}

    def _composed_caring(self, caring: list[str]) -> list[str]:
        """The file's module classes whose own text names no mode-dependent layer but that
        build one of the file's classes that does (``UNet`` holding ``Encoder`` holding
        ``Block``'s batch norm, also through ``nn.ModuleList([...])``): they care too."""
        if not caring or len(caring) == len(self.classes) or self.text is None:
            return []
        # read off the text like `_caring_classes` (a class's own verdict, `class_care`,
        # costs a third of the whole lint when asked of every class of a large package): a
        # class whose lines call a caring class of the file, or that derives from one, cares,
        # to a fixed point (the file's call index says which classes each class calls)
        text, starts = self.text, self._starts()
        table = text_scan.calls_by_name(text)  # the file's call index, read once per text
        uses: dict[str, set[str]] = {}  # per other class: the classes it calls or derives from
        for n, cls in self.classes.items():
            last = cls.end_lineno or cls.lineno
            if n not in caring and last < len(starts):
                a, b = starts[cls.lineno - 1], starts[last]
                uses[n] = {c for c in self.classes if any(
                    a <= at < b for at in table.get(c, ()))}
                uses[n].update(b for b in map(_dotted, cls.bases) if not (
                    b in caring and self._base_free_as_called(cls, b)))
        found = set(caring)
        out: list[str] = []
        grown = True
        while grown and uses:
            grown = False
            for n, used in list(uses.items()):
                if used & found and self._is_module_class(n):
                    found.add(n)
                    out.append(n)
                    del uses[n]
                    grown = True
        return sorted(out)

    def _caring_factories(self, caring: set[str]) -> list[str]:
        """Module-level functions that only return a new caring class of the file
        (``def ResNet50(): return ResNet(Bottleneck, [3, 4, 6, 3])``): another file's
        ``my_resnet.ResNet50()`` builds a model with dropout or batch norm too."""
        if not caring:
            return []
        out = []
        for name, fn in self.funcs.items():
            body = [st for st in fn.body if not (isinstance(st, ast.Expr)
                                                 and isinstance(st.value, ast.Constant))]
            last = body[-1] if body else None
            if (len(body) <= 3 and isinstance(last, ast.Return) and isinstance(last.value, ast.Call)
                    and isinstance(last.value.func, ast.Name) and last.value.func.id in caring):
                out.append(name)
        return sorted(out)

    def _called_here(self) -> set[str]:
        """The names of the file's functions called somewhere in the file."""
        if "called_here" not in self._memo:
            self._memo["called_here"] = {
                n.func.id for n in ast.walk(self.tree) if isinstance(n, ast.Call)
                and isinstance(n.func, ast.Name) and n.func.id in self.funcs}
        return self._memo["called_here"]

    def _params_left_in(self, name: str, mode: str) -> list[int]:
        """The parameters the function leaves in ``mode`` on every path.  Eval: a caller
        handing the same object as another parameter too has it switched through that one;
        train (its own ``model.train()``): what a caller in another file hands over comes
        back so."""
        summary = self.summaries.get(name)
        if summary is None:
            return []
        return sorted(i for i, (left, _) in summary.exits.items() if left == mode)

    def _imported_values(self) -> list[list[str]]:
        """Functions imported from the repository's other files and used here as values,
        not called (``{"eval_fn": eval_mae}``, ``fit(..., score_fn=eval_mae)``): who calls
        them with what is out of the join's sight, so their name-rule findings are too."""
        if self.names is None:
            return []
        wanted = {}
        for local, target in self.names.aliases.items():
            module, _, name = target.rpartition(".")
            if module and module.lstrip(".").split(".", 1)[0] not in _LIBRARIES and (
                    _EVAL_HELPER.search(name)):
                wanted[local] = [module, name]  # only such helpers get a name-rule finding
        if not wanted or self.text is None:
            return []
        text = self.text
        # most imported names are only called or used as modules: counted in C, no regex
        wanted = {local: v for local, v in wanted.items() if text.count(local) > text.count(
            local + "(") + text.count(local + ".") + text.count("import " + local)}
        if not wanted:
            return []
        # read off the text (a walk of the tree costs more than the rest of the analysis):
        # the name neither called nor used as a module, outside the import statements; a
        # mention in a comment or string counts too, which only makes the join quieter
        imports = [(n.lineno, n.end_lineno or n.lineno) for n in self.tree.body
                   if isinstance(n, (ast.Import, ast.ImportFrom))]
        starts = self._starts()
        spans = [(starts[a - 1], starts[min(b, len(starts) - 1)]) for a, b in imports]
        pattern = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, wanted))
                             + r")\b(?!\s*[(.\w])")
        found = {m.group(1) for m in pattern.finditer(self.text)
                 if not any(a <= m.start() < b for a, b in spans)}
        return [wanted[local] for local in sorted(found)]

    def _forward_switches(self, name: str) -> tuple[Any, list[ast.Call]] | None:
        """The file's class ``name``'s ``forward`` and the calls in it that switch its own
        mode (``if frozen: self.eval() else: self.train()``); None when there are none."""
        key = f"forward_switches:{name}"
        if key not in self._memo:
            cls = self.classes.get(name)
            fwd = next((m for m in cls.body if isinstance(m, (ast.FunctionDef,
                        ast.AsyncFunctionDef)) and m.name == "forward"), None) if cls else None
            switches = [n for n in ast.walk(fwd) if isinstance(n, ast.Call) and isinstance(
                n.func, ast.Attribute) and n.func.attr in ("eval", "train") and isinstance(
                n.func.value, ast.Name) and n.func.value.id == "self"] if fwd else []
            self._memo[key] = (fwd, switches) if switches else None
        return self._memo[key]

    def _forward_mode(self, name: str, call: ast.Call) -> str | None:
        """The mode the class's ``forward`` switches itself to for this call's arguments
        (every switch it can run agrees), else None."""
        fwd, switches = self._forward_switches(name)  # type: ignore[misc]
        # the call as a method call, so that `self` is not bound to its first argument
        as_method = ast.Call(func=ast.Attribute(value=ast.Name(id="_"), attr="forward"),
                             args=call.args, keywords=call.keywords)
        modes = set()
        for sw in switches:
            if sw.func.attr == "eval" and not sw.args:  # type: ignore[attr-defined]
                mode = EVAL
            elif sw.func.attr == "train" and not sw.args:  # type: ignore[attr-defined]
                mode = TRAIN
            elif sw.args and isinstance(sw.args[0], ast.Constant) and isinstance(
                    sw.args[0].value, bool):
                mode = TRAIN if sw.args[0].value else EVAL
            else:
                return None
            guards = arg_guards.step_guards(fwd, lambda c, sw=sw: c is sw)
            runs = True if guards is None else arg_guards.runs_at(guards, fwd, as_method)
            if runs is None:
                return None
            if runs:
                modes.add(mode)
        return modes.pop() if len(modes) == 1 else None

    def _module_aliases(self) -> set[str]:
        """Module-level names bound only to a plain module base (``MyModule =
        torch.jit.ScriptModule`` or ``nn.Module``, also on either side of an ``if``)."""
        if "module_aliases" not in self._memo:
            bound: dict[str, bool] = {}
            for st in _module_statements(self.tree):
                if isinstance(st, ast.Assign):
                    plain = _dotted(st.value).rsplit(".", 1)[-1] in ("Module", "ScriptModule")
                    for t in st.targets:
                        if isinstance(t, ast.Name):
                            bound[t.id] = bound.get(t.id, True) and plain
            self._memo["module_aliases"] = {n for n, ok in bound.items() if ok}
        return self._memo["module_aliases"]

    def _function_care(self, name: str) -> bool | None:
        """Does a module-level function of this file (called from a class) name a
        mode-dependent layer (True), build layers or call code the scan cannot judge (None),
        or neither (False: a tensor op such as a custom kernel's wrapper)?"""
        key = f"function_care:{name}"
        if key not in self._memo:
            verdicts = set()
            for fn in self._module_defs()[name]:  # each definition (`if cuda: def OP ...`)
                src = ast.unparse(fn)
                if tables.CARE_WORDS.search(src):
                    verdicts.add(True)
                elif any(isinstance(n, ast.Call) and (_dotted(n.func).rsplit(".", 1)[-1][:1]
                                                       .isupper()) for n in ast.walk(fn)):
                    verdicts.add(None)  # builds something (a layer? a class of this file?)
                else:
                    verdicts.add(False)
            self._memo[key] = True if True in verdicts else (
                None if None in verdicts else False)
        return self._memo[key]

    def _module_defs(self) -> dict[str, list[Any]]:
        """The functions defined at module level, also inside ``if``/``try`` blocks."""
        if "module_defs" not in self._memo:
            found: dict[str, list[Any]] = {}
            for st in _module_statements(self.tree):
                if isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    found.setdefault(st.name, []).append(st)
            self._memo["module_defs"] = found
        return self._memo["module_defs"]

    def _switching_classes(self, names: list[str]) -> list[str]:
        """Those of ``names`` (classes of the file) that switch their own mode somewhere
        (``self.eval()``): a method of theirs called from another file may leave the model
        in either mode."""
        text = self.text
        if text is not None and _TRAIN_OVERRIDE.search(text):
            return list(names)  # a class here decides what `.train()` means: any may
        out = []
        for name in names:
            cls = self.classes[name]
            if text is None:
                body = ast.unparse(cls)
                a, b = 0, len(body)
            else:
                starts = self._starts()
                first, last = cls.lineno, cls.end_lineno or cls.lineno
                if last >= len(starts):
                    continue
                body, a, b = text, starts[first - 1], starts[last]
            if body.find("self.eval()", a, b) != -1 or body.find("self.train(", a, b) != -1:
                out.append(name)
        return sorted(out)

    def _starts(self) -> list[int]:
        if "starts" not in self._memo:
            self._memo["starts"] = text_scan.line_starts(self.text or "")
        return self._memo["starts"]

    def _caring_classes(self) -> list[str]:
        """The file's classes whose text names a mode-dependent layer (for the join: a model
        of such a class built in another file is worth judging there).  Read off the text,
        not the AST: every file pays for it (the literal words are found once per file, in
        the same scan as the other literal sets; each class is then a few bisections)."""
        if not self.classes:
            return []
        text = self.text
        if text is None:
            return sorted(n for n, c in self.classes.items()
                          if tables.CARE_WORDS.search(ast.unparse(c)))
        starts = self._starts()
        care = [(s[0][0], text_scan.literal_offsets(text, s)) for s in _CARE_SETS]
        rnn = text_scan.literal_offsets(text, _RNN_SET)
        out = []
        for name, cls in self.classes.items():
            first, last = cls.lineno, cls.end_lineno or cls.lineno
            if last >= len(starts):
                continue
            a, b = starts[first - 1], starts[last]
            hit = False
            prose: list[tuple[int, int]] | None = None  # its strings standing as statements
            for word, found in care:
                k = bisect.bisect_left(found, a)
                while k < len(found) and found[k] + len(word) <= b:  # text.find(word, a, b)
                    at = found[k]
                    k += 1
                    if not tables.CARE_WORDS.search(text, max(a, at - 2), min(b, at + 40)):
                        continue
                    if prose is None:
                        prose = [(starts[d.lineno - 1], starts[min(d.end_lineno or d.lineno,
                                                                   len(starts) - 1)])
                                 for d in _string_statements(cls)]
                    line_start = text.rfind("\n", a, at) + 1
                    if "#" in text[line_start:at] or any(p <= at < q for p, q in prose):
                        continue  # "no dropout" in a docstring, a comment or a string is none
                    if word == ".training" and _WRITES_TRAINING.match(text, at):
                        continue  # `self.training = False`: a flag no layer reads
                    hit = True
                    break
                if hit:
                    break
            if not hit:
                continue
            if "training" not in text[a:b] and (
                    _FUNCTIONAL_CALL.search(text, a, b) or _INLINE_LAYER.search(text, a, b)) and (
                    self.class_care(name) is False):
                # only `F.dropout(x, p)` or `nn.Dropout(p)(x)`, which drop in both modes: no
                # mode to care
                continue
            k = bisect.bisect_left(rnn, a)
            rnn_call = False
            while k < len(rnn) and rnn[k] < b:
                at = rnn[k]
                if any(text.startswith(w, at) and at + len(w) <= b for w in _RNN_WORDS):
                    rnn_call = True
                    break
                k += 1
            if not rnn_call or self.class_care(name) is True:
                out.append(name)
        return sorted(out)

    def _apply(self, call: ast.Call, name: str, env: Env, frame: _Frame) -> Any:
        fn = self.funcs.get(name) or self.factories[name]
        for g in self._global_refs(fn):
            o = env.get(g)
            if o is not None:  # a module-level model the function reads may be trained there
                o.fresh = o.chosen = False
        values = self._arg_values.pop(id(call), [])
        if not any(isinstance(v, Obj) for v in values) and not any(
            env.get(_dotted(k.value)) for k in call.keywords if _dotted(k.value)
        ) and not any(  # in a comprehension the arguments were not evaluated: look them up
            self._lookup(a, env) for a in call.args if not isinstance(a, ast.Starred)
        ):
            f = self.facts[id(fn)]
            if not (f.ctor or f.ctor_imported or f.callees & self._relevant()
                    or any(env.get(g) for g in self._global_refs(fn))
                    ) and name not in self.summaries:
                return None  # no model goes in, and none can come out
        summary = self.summary(name)
        bound: list[tuple[int, Obj, str]] = []
        for i, a in enumerate(call.args):
            if isinstance(a, ast.Starred):
                break
            o = self._lookup(a, env)
            if o is None and i < len(values) and isinstance(values[i], Obj):
                o = values[i]  # built in the call: `predict(Net(), x)`
                o.label = o.label or summary.params[i] if summary and i < len(
                    summary.params) else o.label
            if o is not None:
                bound.append((i, o, _dotted(a) or o.label))
                o.fresh = o.chosen = False  # a function of the repository may train it
        for k in call.keywords:
            o = self._lookup(k.value, env)
            if o is None:
                continue
            o.fresh = o.chosen = False
            if summary is not None and k.arg in summary.params:
                bound.append((summary.params.index(k.arg), o, _dotted(k.value)))
            else:
                o.mode = UNKNOWN
        for j, pname in enumerate(summary.params if summary is not None else ()):
            if pname.startswith("global "):  # the module-level model the function uses
                o = env.get(pname[len("global "):])
                if o is not None:
                    bound.append((j, o, pname[len("global "):]))
        if summary is None:
            for _, o, _ in bound:
                o.mode = UNKNOWN
            return None
        self._apply_bound(call, name, summary, bound, frame, fn)
        if summary.returns_param is not None:
            for index, obj, _ in bound:
                if index == summary.returns_param:
                    return obj
            return None
        if summary.returns_copy_of is not None:  # a copy of the argument, as a copy made here
            for index, obj, _ in bound:
                if index == summary.returns_copy_of:
                    return replace(obj, steps=list(obj.steps), param=None, uid=0,
                                   mode=UNKNOWN, label="", copy_of=None)
            return None
        if summary.returns is not None:
            made = replace(summary.returns, steps=[*summary.returns.steps, self._step(
                call, f"`{name}(...)` returns it in {summary.returns.mode} mode")], label="")
            return made if made.mode in (TRAIN, EVAL) else None
        if summary.returns_in_tuple is not None:
            found = summary.returns_in_tuple
            if isinstance(found.value, int):
                obj = next((o for index, o, _ in bound if index == found.value), None)
                return None if obj is None else _InTuple(found.index, found.size, obj)
            made = replace(found.value, steps=[*found.value.steps, self._step(
                call, f"`{name}(...)` returns it in {found.value.mode} mode (item "
                      f"{found.index + 1} of {found.size})")], label="")
            return _InTuple(found.index, found.size, made) if made.mode in (TRAIN, EVAL) else (
                None)
        return None

    def _apply_bound(self, call: ast.Call, name: str, summary: Summary,
                     bound: list[tuple[int, Obj, str]], frame: _Frame, callee: Any) -> None:
        """The callee's uses and exit modes, for the objects bound to its parameters."""
        for index, obj, label in bound:
            pname = summary.params[index] if index < len(summary.params) else "?"
            where = self._step(call, f"`{name}(...)` receives `{label}` as `{pname}`")
            methods = summary.methods.get(index, set())
            # the callee calls these on it: uses of the model only if its class is read here
            # and none of them switches a mode (else: what it does is out of sight)
            clean = all(self._runs_model(obj, m) or (
                m in tables.LIBRARY_INFERENCE and not obj.cls) for m in methods)
            if methods and obj.mode == ENTRY and obj.param is not None and (
                    frame.summary is not None):
                frame.summary.methods.setdefault(obj.param, set()).update(methods)
                clean = True  # decided by our own callers
            for use in summary.uses.get(index, ()):
                if use.method and not clean:
                    continue
                if use.guards is not None and use.kind == "eval":
                    # `score(model, x, y, with_grad=False)` alone reaches its `no_grad` branch
                    owner = use.guard_owner or use.function
                    if owner == name and callee is not None and arg_guards.runs_at(
                            use.guards, callee, call) is False:
                        continue
                    use = replace(use, guards=None)
                elif use.guards is not None:  # trains only for some arguments
                    owner = use.guard_owner or use.function
                    runs = arg_guards.runs_at(use.guards, callee, call) if (
                        owner == name and callee is not None) else None
                    if runs is None and owner == name and callee is not None and (
                            obj.mode == ENTRY and obj.param is not None
                            and frame.summary is not None and frame.fn is not None):
                        # the caller hands its own parameters on (`run_batch(model, x, y,
                        # optimizer)` in `run_epoch(..., optimizer=None)`): its callers decide
                        moved = arg_guards.translated(use.guards, callee, call,
                                                      set(_params(frame.fn)))
                        if moved is not None:
                            frame.summary.add_use(obj.param, replace(
                                use, guards=moved, guard_owner=frame.name,
                                chain=[where, *use.chain]))
                        continue
                    if runs is False and use.kind == "train":
                        # `run_epoch(model, loader, train=False)`: the same forward, its
                        # backward and step skipped for these arguments: an evaluation
                        use = replace(use, kind="eval", guards=None, region=(
                            f"in `{name}(...)`, whose arguments skip its backward and "
                            "optimizer step"), step=replace(use.step, message=(
                                f"`{use.label}(...)` runs it, and this call's arguments "
                                "skip the backward and the optimizer step")))
                    elif runs is not True:
                        continue  # this call does not train it, or the scan cannot tell
                    else:
                        use = replace(use, guards=None)
                if use.kind == "eval" and not use.region.startswith("under") and (
                    frame.has_backward and not frame.no_grad and self._beside_backward(
                        call, frame)
                ):
                    continue  # e.g. training accuracy: the caller trains on this batch
                if use.kind == "eval" and frame.has_backward and frame.has_step and (
                        not frame.folded_off) and self._feeds_backward(
                        call, frame, strict=True) and (
                        self._stepped(obj, frame) or self._trained_here(call, frame)
                        or self._forward_trained(label, frame)):
                    # what the helper returns (pseudo-labels from the model being trained)
                    # reaches this function's backward: training data, not an evaluation
                    continue
                if obj.mode == ENTRY and obj.param is not None and frame.summary is not None:
                    frame.summary.add_use(obj.param, replace(
                        use, chain=[where, *use.chain]))
                    continue
                if use.returned and (self._only_viewed(call, frame) or self._unread(
                        call, frame) or id(call) in self._discarded):
                    continue  # the evaluation's output, returned here, is only drawn
                if use.viewed_inputs is not None and use.function == name and (
                        callee is not None and self._made_up_at(
                            call, callee, use.viewed_inputs, frame)):
                    continue  # samples drawn from this call's noise: a picture, no measurement
                judged = obj
                if obj.cls and not use.method and self._forward_switches(obj.cls):
                    mode = self._forward_mode(obj.cls, use.node) if (
                        use.node is not None) else None
                    if mode is None:
                        continue  # its forward sets its own mode, for arguments out of sight
                    judged = replace(obj, mode=mode, steps=[*obj.steps[:1], replace(
                        use.step, message=f"`{use.label}(...)` switches it to {mode} mode in "
                                          "its own `forward`")])
                self._judge(use.kind, judged, use.label, use.step, [where, *use.chain],
                            use.function, use.region, None, via=f"`{frame.name}`"
                            if frame.name != "<module>" else "module-level code",
                            method=use.method)
            obj.chosen = False  # the callee may have trained it
            mode, steps = summary.exits.get(index, (UNKNOWN, []))
            if not clean:
                obj.mode = UNKNOWN  # a method out of sight may have switched it
                continue
            if mode in (TRAIN, EVAL):
                obj.mode = mode
                obj.steps = obj.steps[:1] + [self._step(
                    call, f"`{name}(...)` leaves `{label}` in {mode} mode")] + steps[-1:]
            elif mode == UNKNOWN:
                obj.mode = UNKNOWN

    # -- a class that drives models it holds (a trainer): `self.<model>` across methods -----

    def _module_models(self) -> set[str]:
        """Names the module binds to a call at its top level (``model = Net()``, also under
        ``if __name__ == "__main__":``): a script's functions may use them as globals."""
        found = self._memo.get("module_models")
        if found is None:
            found = set()
            for n in _module_assigns(self.tree):
                if isinstance(n.value, ast.Call):
                    for t in n.targets:
                        found |= {e.id for e in ast.walk(t) if isinstance(e, ast.Name)}
            self._memo["module_models"] = found
        return found

    def _global_refs(self, fn: Func, depth: int = 0) -> list[str]:
        """The module-level models a function reads (itself or through the file's functions
        it calls) and does not bind itself."""
        key = f"globals:{id(fn)}"
        found = self._memo.get(key)
        if found is None:
            self._memo[key] = []  # a recursive call adds nothing
            models = self._module_models()
            out: set[str] = set()
            if models:
                # most functions never name a module-level model (`logger` is one): their
                # text says so without a walk of the whole function
                if not self._names_none_of(fn, models):
                    local = set(_params(fn))
                    read: set[str] = set()
                    for n in ast.walk(fn):
                        if isinstance(n, ast.Name):
                            (read if isinstance(n.ctx, ast.Load) else local).add(n.id)
                    out = (read & models) - local
                if depth < 3:
                    # in name order: a set's order changes with the interpreter's hash seed,
                    # and with the recursion placeholder above the result could too
                    for callee in sorted(self.facts[id(fn)].callees):
                        inner = self.funcs.get(callee)
                        if inner is not None and inner is not fn:
                            out |= set(self._global_refs(inner, depth + 1))
            found = self._memo[key] = sorted(out)
        return found

    def _names_none_of(self, fn: Func, names: set[str]) -> bool:
        """Is it certain from the text alone that no name node of ``fn`` (decorators
        included) is one of ``names``?  Only where the text's lines are the parser's (no
        line break other than ``\\n``) and the function's lines are ASCII (a non-ASCII
        identifier is read NFKC-normalised: the name would not be in the text as written);
        otherwise False, and the caller walks the function."""
        if self.text is None:
            return False
        starts = self._starts()
        if "aligned_lines" not in self._memo:
            text = self.text
            lines = text.count("\n") + (0 if not text or text.endswith("\n") else 1)
            self._memo["aligned_lines"] = len(starts) - 1 == lines
        if not self._memo["aligned_lines"]:
            return False
        first = min([fn.lineno, *(d.lineno for d in fn.decorator_list)])
        last = fn.end_lineno or fn.lineno
        if last >= len(starts):
            return False
        span = self.text[starts[first - 1]:starts[last]]
        return span.isascii() and not any(name in span for name in names)

    def _built_care(self, cls: ast.ClassDef, name: str, depth: int) -> bool | None:
        """Does the class build or call something mode-dependent (a dropout or norm layer, a
        functional dropout, ``self.training``, a stacked RNN with dropout, a class of this
        file that does)?  None where it passes a dropout rate to code not read here."""
        verdict: bool | None = False
        # layers built and run on the spot (`nn.Dropout(p)(x)` in `forward`): a fresh module
        # is in train mode whatever mode the model is in (DS103 says so), so no mode reaches it
        inline = {id(n.func) for n in ast.walk(cls)
                  if isinstance(n, ast.Call) and isinstance(n.func, ast.Call)}
        for n in ast.walk(cls):
            if isinstance(n, ast.Attribute) and n.attr == "training" and isinstance(
                    n.ctx, ast.Load):
                return True  # (a write alone, `self.training = False`, changes no layer)
            if not isinstance(n, ast.Call) or id(n) in inline:
                continue
            q = self._qualified(n.func)
            la = q.rsplit(".", 1)[-1]
            if la in _FUNCTIONAL_DROPOUT and _dotted(n.func).split(".", 1)[0] != "self" and (
                    not self._always_on(n)):
                return True  # (`self.dropout(x)` calls a submodule, judged where it is built)
            c: bool | None = False
            if q.startswith("torch.nn.") and la[:1].isupper():
                c = self.layer_care(la, n, cls)
            elif la in self.classes and la != name:
                c = self.class_care(la, depth + 1)
            elif _dotted(n.func).split(".", 1)[0] != "self" and (
                    any(k.arg and "drop" in k.arg for k in n.keywords) or any(
                        "drop" in _dotted(a).rsplit(".", 1)[-1].lower() for a in n.args
                        if isinstance(a, (ast.Name, ast.Attribute)))):
                # a rate handed to code out of sight (`FeedForward(d, ff, dropout)`); not to
                # `self.<method>(...)`, whose code is the class's own (read here) or a
                # submodule's (judged where it is built)
                c = None
            if c is True:
                return True
            if c is None:
                verdict = None
        return verdict

    def _owner(self, fn: Any) -> ast.ClassDef | None:
        if self._owners is None:
            self._owners = {id(m): c for m, c in self.methods}
        return self._owners.get(id(fn))

    def _driven(self, cls: ast.ClassDef | None) -> list[str]:
        """The attributes a class that is no module itself switches (``self.model.train()``
        in one of its methods): their mode is followed across its methods."""
        if cls is None or self.text is None:
            return []
        key = f"driven:{cls.name}"
        found = self._memo.get(key)
        if found is None:
            found = []
            if not self._is_module_class(cls.name):
                starts = self._starts()
                end = starts[min(cls.end_lineno or cls.lineno, len(starts) - 1)]
                found = sorted(set(_SELF_SWITCH.findall(self.text, starts[cls.lineno - 1],
                                                        end)))
            self._memo[key] = found
        return found

    def _apply_method(self, call: ast.Call, cls: ast.ClassDef, name: str, env: Env,
                      frame: _Frame) -> Any:
        """``self.run_epoch(...)`` in a trainer class: the method's summary over its
        parameters and the driven ``self.<attr>`` models."""
        method = self._method(cls, name)
        if method is None:
            return None
        summary = self._method_summary(method)
        if summary is None:
            for o in (env.get(f"self.{a}") for a in self._driven(cls)):
                if o is not None:
                    o.mode = UNKNOWN
            return None
        bound: list[tuple[int, Obj, str]] = []
        for i, a in enumerate(call.args):
            if isinstance(a, ast.Starred):
                break
            o = self._lookup(a, env)
            if o is not None and i + 1 < len(summary.params):
                bound.append((i + 1, o, _dotted(a) or o.label))
        for k in call.keywords:
            o = self._lookup(k.value, env)
            if o is not None and k.arg in summary.params:
                bound.append((summary.params.index(k.arg), o, _dotted(k.value)))
        for j, pname in enumerate(summary.params):
            if pname.startswith("self."):
                o = env.get(pname)
                if o is not None:
                    bound.append((j, o, pname))
        itself = env.get("self")
        if itself is not None and summary.params[:1] == ["self"] and (
                itself.mode in (TRAIN, EVAL)):
            bound.append((0, itself, "self"))  # the module's own helper, on the module
        self._apply_bound(call, f"self.{name}", summary, bound, frame, method)
        return None

    def _construct(self, call: ast.Call, qualified: str, last: str) -> Obj | None:
        head = qualified.split(".", 1)[0]
        text = _dotted(call.func)
        if last == "from_pretrained":
            owner = qualified.rsplit(".", 2)[-2] if "." in qualified else ""
            if head in tables.EVAL_LOADER_LIBS and not tables.NOT_A_MODULE.search(owner):
                if head == "peft" and any(k.arg == "is_trainable" for k in call.keywords):
                    return None
                return Obj(EVAL, [self._step(call, f"`{text}(...)` returns it in eval mode")],
                           care=tables.pretrained_care(owner, self._checkpoint_name(call)),
                           pretrained=True)
            return None
        if last == "load_from_checkpoint":
            owner = text.rsplit(".", 1)[0]
            care = self.class_care(owner) if owner in self.classes else None
            return Obj(TRAIN, [self._step(call, f"`{text}(...)` returns a new module, "
                                                "in train mode (Lightning does not switch it)")],
                       care=care)
        weights = any(k.arg in ("weights", "pretrained", "checkpoint_path", None)
                      for k in call.keywords)  # weights come with it: not fresh
        if head == "<local>" and last in self.classes and self._is_module_class(last):
            if weights and not any(k.arg for k in call.keywords if k.arg in (
                    "weights", "pretrained", "checkpoint_path")):
                # only `**kwargs`: weights can come in only if the class's own constructor
                # loads them
                init = next((m for m in self.classes[last].body if isinstance(
                    m, ast.FunctionDef) and m.name == "__init__"), None)
                weights = init is None or any(
                    isinstance(n, ast.Call) and _LOADS.search(_dotted(n.func) or "")
                    for n in ast.walk(init))
            care = self.class_care(last)
            return Obj(TRAIN, [self._step(call, f"`{last}(...)` creates it in train mode")],
                       care=care, fresh=not weights, cls=last,
                       homes=tuple(self._class_homes.get(last, ())) if care is None else ())
        if (last[:1].isupper() and head not in _LIBRARIES and head != "<local>"
                and "." in qualified and last not in self.classes):
            # a class of another file (`from nets import Backbone`): a module is built in
            # train mode; the join reports its uses only if that file's class has dropout
            # or batch norm (anything else, a library or a non-module, stays quiet)
            return Obj(TRAIN, [self._step(call, f"`{text}(...)` creates it in train mode")],
                       care=None, fresh=not weights, home=(qualified.rsplit(".", 1)[0], last),
                       built=_call_shape(call))
        if qualified.startswith("torch.nn.") and last[:1].isupper():
            care = self.layer_care(last, call)
            # a container of modules made elsewhere (`nn.Sequential(*list(model.children()))`)
            # holds their weights: fresh only when it builds every layer itself
            built = last not in ("Sequential", "ModuleList", "ModuleDict") or all(
                isinstance(a, ast.Call) for a in call.args)
            return Obj(TRAIN, [self._step(call, f"`{text}(...)` creates it in train mode")],
                       care=care, fresh=not weights and built)
        if qualified.startswith("torchvision.models.") and (
                last[:1].islower() or last in tables.TORCHVISION_CARING_CLASSES):
            return Obj(TRAIN, [self._step(call, f"`{text}(...)` creates it in train mode")],
                       care=tables.torchvision_care(last), fresh=not weights)
        if qualified == "timm.create_model":
            return Obj(TRAIN, [self._step(call, f"`{text}(...)` creates it in train mode")],
                       care=tables.timm_care([_literal(a) for a in call.args],
                                             {k.arg: _literal(k.value) for k in call.keywords
                                              if k.arg}),
                       fresh=not weights and len(call.args) < 2)
        return None

    # -- does the model care? -----------------------------------------------------------------

    def _aliased(self, call: ast.Call) -> list[ast.Call] | None:
        """``model_func(...)`` where the module binds ``model_func`` only to classes or
        callables by name (``model_func = GCN`` in one branch, ``= MLP`` in another): the
        call once per thing it may be; None for any other call."""
        func = call.func
        if not isinstance(func, ast.Name) or func.id in self.funcs or func.id in self.classes:
            return None
        key = f"alias:{func.id}"
        if key not in self._memo:
            values: list[ast.expr] | None = []
            for st in _module_statements(self.tree):
                if isinstance(st, ast.Assign) and any(
                        isinstance(t, ast.Name) and t.id == func.id for t in st.targets):
                    if values is not None and len(st.targets) == 1 and isinstance(
                            st.value, (ast.Name, ast.Attribute)) and _dotted(st.value) and (
                            _dotted(st.value) != func.id):
                        values.append(st.value)
                    else:
                        values = None
            self._memo[key] = values or None
        values = self._memo[key]
        if values is None:
            return None
        return [ast.copy_location(ast.Call(func=v, args=call.args, keywords=call.keywords),
                                  call) for v in values]

    def care_of_call(self, call: ast.Call) -> bool | None:
        func = call.func
        dotted = _dotted(func)
        if not dotted:
            return None
        options = self._aliased(call)
        if options is not None:
            cares = [self.care_of_call(c) for c in options]
            return True if True in cares else (False if all(c is False for c in cares)
                                               else None)
        if isinstance(func, ast.Name) and func.id in self.funcs:
            summary = self.summary(func.id)
            return summary.returns.care if summary and summary.returns else None
        made = self._construct(call, self._qualified(func), dotted.rsplit(".", 1)[-1])
        return made.care if made is not None else None

    def homes_of_call(self, call: ast.Call) -> list[tuple[str, str]]:
        """The classes of the repository's other files whose dropout or batch norm decides
        whether the module the call builds has any: its own class (``from nets import
        Net``; ``Net()``), or those a class of this file is built from."""
        dotted = _dotted(call.func)
        if not dotted:
            return []
        options = self._aliased(call)
        if options is not None:
            found: list[tuple[str, str]] = []
            for c in options:
                if self.care_of_call(c) is False:
                    continue
                more = self.homes_of_call(c)
                if not more:
                    return []  # one of them may care, and no other file can tell
                found += [h for h in more if h not in found]
            return found
        if isinstance(call.func, ast.Name) and call.func.id in self.funcs:
            # a factory of this file (`model = fit(...)` returning `Scorer(...)`): the
            # classes of what it returns
            summary = self.summary(call.func.id)
            made = summary.returns if summary is not None else None
        else:
            made = self._construct(call, self._qualified(call.func),
                                   dotted.rsplit(".", 1)[-1])
        if made is None:
            return []
        return [made.home] if made.home is not None else list(made.homes)

    def _is_module_class(self, name: str) -> bool:
        cls = self.classes[name]
        if not any(_dotted(b) not in ("", "object") for b in cls.bases):
            return False  # no base: a plain class (a NumPy network) has no mode
        if any(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == "forward"
               for n in cls.body):
            return True
        for b in cls.bases:
            base = _dotted(b)
            last = base.rsplit(".", 1)[-1]
            if "Module" in last or (last in self.classes and last != name
                                    and self._is_module_class(last)):
                return True
        return False

    def layer_care(self, last: str, call: ast.Call,
                   owner: ast.ClassDef | None = None) -> bool | None:
        if "Dropout" in last and not last.startswith("Feature"):
            # `nn.Dropout(rate)` whose rate is 0 (a literal, or a constructor parameter every
            # construction here leaves at its default 0) never drops
            rate = call.args[0] if call.args else next(
                (k.value for k in call.keywords if k.arg == "p"), None)
            if isinstance(rate, ast.Constant) and rate.value == 0:
                return False
            if isinstance(rate, ast.Name) and owner is not None and (
                    self._default_everywhere(owner, rate.id) == 0):
                return False
            return True
        if tables.MODE_LAYERS.search(last):
            return True
        if last in tables.MODE_FREE_LAYERS:
            return False
        if last in ("Sequential", "ModuleList"):
            args = list(call.args)
            if len(args) == 1 and isinstance(args[0], ast.Call) and _dotted(
                    args[0].func).rsplit(".", 1)[-1] == "OrderedDict" and args[0].args and (
                    isinstance(args[0].args[0], (ast.List, ast.Tuple))):
                # `nn.Sequential(OrderedDict([("fc1", nn.Linear(...)), ...]))`: the layers
                args = [e.elts[1] if isinstance(e, ast.Tuple) and len(e.elts) == 2 else e
                        for e in args[0].args[0].elts]  # type: ignore[attr-defined]
            elif len(args) == 1 and isinstance(args[0], ast.Dict):
                args = [v for v in args[0].values if v is not None]
            # `ModuleList([...])`, `Sequential(*[Block() for _ in range(n)])`: the layers
            elements = [e for a in args for e in _listed(a)]
            if not args and not call.keywords and owner is not None and _filled_here(owner):
                # `self.enc = nn.ModuleList()` then `self.enc.append(nn.Conv2d(...))`: what
                # goes in is built in the class, and the class walk judges it there
                return False
            # inside a class, a layer built in the container's arguments is a call of the
            # class's own code, which the class walk judges (with other files' classes as
            # homes): the container adds nothing unknown of its own
            cares = [False if owner is not None and isinstance(a, ast.Call) else
                     self._element_care(a, owner) for a in elements]
            if any(c is True for c in cares):
                return True
            return False if cares and all(c is False for c in cares) else None
        if last in tables.DROPOUT_ARG_LAYERS:
            kw = next((k.value for k in call.keywords if k.arg == "dropout"), None)
            if kw is None:
                return last in tables.DROPOUT_DEFAULT_ON
            if last in ("LSTM", "GRU", "RNN"):
                # dropout acts between stacked layers only: one layer (the default) has none
                layers = next((k.value for k in call.keywords if k.arg == "num_layers"),
                              call.args[2] if len(call.args) > 2 else None)
                if isinstance(layers, ast.Name) and owner is not None and (
                        self._default_everywhere(owner, layers.id) == 1):
                    return False  # `num_layers=1` by default, and no caller here changes it
                if layers is None or (isinstance(layers, ast.Constant)
                                      and layers.value == 1):
                    return False
                if not isinstance(layers, ast.Constant):
                    return None if not (isinstance(kw, ast.Constant) and not kw.value) else False
            if isinstance(kw, ast.Constant) and isinstance(kw.value, (int, float)):
                return bool(kw.value)
            return None
        if last.startswith("InstanceNorm"):
            kw = next((k.value for k in call.keywords if k.arg == "track_running_stats"), None)
            return None if kw is not None and not isinstance(kw, ast.Constant) else bool(
                kw is not None and kw.value)
        if last == "ModuleDict":
            return None
        if last in ("ParameterList", "ParameterDict"):
            return False  # parameters only: no layer, so no mode
        # every other torch.nn module (losses, activations, containers of the above...)
        # computes the same in train and eval mode
        return False

    def _default_everywhere(self, owner: ast.ClassDef, param: str) -> Any:
        """The one literal value ``__init__``'s parameter ``param`` takes at every
        construction of the class in this file (at least one), passed on through the
        constructors of the file's other classes (``Net(rate)`` -> ``Layer(rate=rate)``);
        else None."""
        if self._built_by is None:
            self._built_by = ctor_args.constructions(self.tree)
        taken = ctor_args.values(owner, param, self.tree, unbuilt=self._assumed is not None,
                                 assumed=self._assumed, built_by=self._built_by)
        return next(iter(taken)) if taken is not None and len(taken) == 1 else None

    def _built_here(self, name: str) -> bool:
        """Does the file call ``name(...)`` (its text read once, no walk of the tree)?"""
        if self.text is not None:
            text = self.text
            return any(not text[max(0, at - 6):at].endswith("class ")  # its own `class X(`
                       for at in text_scan.calls_by_name(text).get(name, ()))
        if self._built_by is None:
            self._built_by = ctor_args.constructions(self.tree)
        return name in self._built_by

    def free_by_default(self, caring: set[str]) -> dict[str, dict[str, Any]]:
        """The caring module classes that have neither dropout nor batch norm when the
        constructor defaults their rates come from are left in place (``GCN(...,
        dropout_rate=0.)`` built in another file that passes no rate): {class: its
        ``__init__`` parameters and those whose defaults decide}.  The join reads how the
        other file's call built it."""
        out: dict[str, dict[str, Any]] = {}
        for name in sorted(caring):
            if name in self.classes and self._zero_rate_default(name) and not (
                    self._built_here(name)):  # built here too: its defaults are no other file's
                free = self._free_params(name)
                if free is not None:
                    out[name] = free
        return out

    def _zero_rate_default(self, name: str) -> bool:
        """Does the class's own ``__init__`` have a rate parameter that defaults to 0 (the
        cheap test before :meth:`_free_params`)?"""
        init = self._method(self.classes[name], "__init__")
        return isinstance(init, ast.FunctionDef) and any(
            _RATE_PARAM.search(a.arg) and isinstance(d, ast.Constant) and not d.value
            for a, d in zip(init.args.args[::-1], init.args.defaults[::-1], strict=False))

    def _free_params(self, name: str) -> dict[str, Any] | None:
        """For a class with dropout only through rates that default to 0: its ``__init__``
        parameters and those whose defaults leave it mode-free (None: not so)."""
        init = self._method(self.classes[name], "__init__")
        care, assumed = self._care_at_defaults(name)
        if not isinstance(init, ast.FunctionDef) or care is not False or not assumed or any(
                c != name for c, _ in assumed):
            return None
        return {"params": [a.arg for a in init.args.args][1:],
                "needed": sorted({p for _, p in assumed}),
                "keywords": [a.arg for a in init.args.kwonlyargs]}

    def _care_at_defaults(self, name: str) -> tuple[bool | None, list[tuple[str, str]]]:
        """The class's care with the constructor defaults of its rates taken where no
        construction of this file decides them, and the (class, parameter) defaults taken."""
        key = f"defaults:{name}"
        if key in self._memo:
            return self._memo[key]
        self._memo[key] = (None, [])  # a cycle: may have
        saved = self._care, self._class_homes, self._assumed
        try:
            self._care, self._class_homes = {}, {}
            self._assumed = []
            out = (self.class_care(name), list(self._assumed))
        finally:
            self._care, self._class_homes, self._assumed = saved
        self._memo[key] = out
        return out

    def _base_free_as_called(self, cls: ast.ClassDef, base: str) -> bool:
        """Is the file's class ``base`` mode-free as ``cls`` builds it, its ``__init__``
        calling ``super().__init__(...)`` without the rates whose defaults (0) leave the
        base without dropout (``TanhGaussianPolicy(Mlp)`` passing no ``target_drop_rate``
        to ``Mlp``, which adds its dropout only for a rate above 0)?"""
        init = next((m for m in cls.body if isinstance(m, ast.FunctionDef)
                     and m.name == "__init__"), None)
        if init is None or not self._zero_rate_default(base):
            return False
        supers = [n for n in ast.walk(init) if isinstance(n, ast.Call) and isinstance(
            n.func, ast.Attribute) and n.func.attr == "__init__" and (
            isinstance(n.func.value, ast.Call) and _dotted(n.func.value.func) == "super")]
        if len(supers) != 1:
            return False  # the base built no way, or several: not read
        call = supers[0]
        if any(isinstance(a, ast.Starred) for a in call.args) or any(
                k.arg is None for k in call.keywords):
            return False
        care, assumed = self._care_at_defaults(base)
        if care is not False or any(c != base for c, _ in assumed):
            return False
        params = [a.arg for a in self._method(self.classes[base], "__init__").args.args][1:]
        passed = {k.arg for k in call.keywords} | set(params[:len(call.args)])
        # the rates whose defaults count: those taken here, or (none taken: this file's
        # constructions of the base, this call among them, decided them) every rate
        rates = {p for _, p in assumed} or {p for p in params if _RATE_PARAM.search(p)}
        return not passed & rates

    def _element_care(self, a: ast.AST, owner: ast.ClassDef | None) -> bool | None:
        """Does one element of ``nn.Sequential(...)`` care about the mode?"""
        if isinstance(a, ast.Call):
            q = self._qualified(a.func)
            la = q.rsplit(".", 1)[-1]
            if q.startswith("torch.nn."):
                return self.layer_care(la, a, owner)
            if la in self.classes:
                return self.class_care(la)
            through = self._passes_through(la, a)
            if through is not None:  # ``layer_init(nn.Linear(...))`` is that nn.Linear
                return self._element_care(through, owner)
            return None
        if owner is None and isinstance(a, ast.Name) and self._scope is not None:
            # ``nn.Sequential(fc1, act, fc2)`` with each layer bound to its name here
            return self._name_care(a.id, self._own(self._scope))
        if owner is None and isinstance(a, ast.Starred):
            # ``nn.Sequential(*layers)`` with ``layers`` filled in this function (or at the
            # module level) by appends of layers read here
            if isinstance(a.value, ast.Name) and self._scope is not None:
                return self._list_care(a.value.id, self._scope)
            return None
        if owner is not None and isinstance(a, (ast.Starred, ast.Name, ast.Attribute)):
            # ``nn.Sequential(*layers)`` (or ``*self.net``) with the list built inside the
            # class: every layer constructed there is judged by the class walk (class_care)
            name = _dotted(a.value if isinstance(a, ast.Starred) else a)
            if name and self._built_in_class(name, owner):
                return False
        return None

    def _list_care(self, name: str, scope: ast.AST) -> bool | None:
        """Care of a list of layers built in ``scope`` (``layers = []`` and
        ``layers.append(nn.Linear(...))``): any other binding or element leaves it unknown."""
        if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)) and name in _params(scope):
            return None
        elements: list[ast.AST] = []
        for n in self._own(scope):
            if isinstance(n, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
                targets = n.targets if isinstance(n, ast.Assign) else [n.target]
                if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                    if not isinstance(n.value, (ast.List, ast.Tuple)):
                        return None
                    elements.extend(n.value.elts)
                elif any(name in {x.id for x in ast.walk(t) if isinstance(x, ast.Name)}
                         for t in targets):
                    return None  # `layers[i] = ...`, or bound in a tuple
            elif isinstance(n, (ast.For, ast.comprehension)) and any(
                    isinstance(x, ast.Name) and x.id == name for x in ast.walk(n.target)):
                return None
            elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and isinstance(
                    n.func.value, ast.Name) and n.func.value.id == name:
                if n.func.attr == "append" and len(n.args) == 1:
                    elements.append(n.args[0])
                elif n.func.attr == "insert" and len(n.args) == 2:
                    elements.append(n.args[1])
                elif n.func.attr == "extend" and len(n.args) == 1 and isinstance(
                        n.args[0], (ast.List, ast.Tuple)):
                    elements.extend(n.args[0].elts)
                elif n.func.attr not in ("pop", "index", "count", "__len__"):
                    return None
        if not elements:
            return None
        nodes = self._own(scope)
        cares = [self._element_care(e, None) if not isinstance(e, ast.Name)
                 else self._name_care(e.id, nodes) for e in elements]
        if any(c is True for c in cares):
            return True
        return False if all(c is False for c in cares) else None

    def _name_care(self, name: str, nodes: list[ast.AST]) -> bool | None:
        """Care of a layer named in a list's append (``layer = nn.Linear(...)``): every
        value bound to the name in the scope must be a layer read here."""
        values = [n.value for n in nodes if isinstance(n, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in n.targets)]
        if not values or any(isinstance(n, (ast.For, ast.comprehension, ast.AugAssign))
                             and any(isinstance(x, ast.Name) and x.id == name
                                     for x in ast.walk(n.target)) for n in nodes):
            return None
        cares = [self._element_care(v, None) if isinstance(v, ast.Call) else None
                 for v in values]
        if any(c is True for c in cares):
            return True
        return False if all(c is False for c in cares) else None

    def _passes_through(self, name: str, call: ast.Call) -> ast.AST | None:
        """The argument a repository function returns unchanged (``return layer``), if any."""
        fn = self.funcs.get(name)
        if fn is None or tables.CARE_WORDS.search(ast.unparse(fn)):
            return None
        params = _params(fn)
        returns = [n for n in ast.walk(fn) if isinstance(n, ast.Return)]
        if not returns or not all(isinstance(r.value, ast.Name) for r in returns):
            return None
        names = {r.value.id for r in returns if isinstance(r.value, ast.Name)}
        if len(names) != 1:
            return None
        (ret,) = names
        if ret not in params:
            return None
        index = params.index(ret)
        if index < len(call.args) and not isinstance(call.args[index], ast.Starred):
            return call.args[index]
        return next((k.value for k in call.keywords if k.arg == ret), None)

    @staticmethod
    def _built_in_class(name: str, owner: ast.ClassDef) -> bool:
        """Is ``name`` a local list of the class whose every value is built in its body (not
        a constructor parameter holding modules made elsewhere)?"""
        params: set[str] = set()
        for item in owner.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                params.update(_params(item))
        if name in params:
            return False
        found = False
        for n in ast.walk(owner):
            value = None
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) \
                    and _dotted(n.func.value) == name \
                    and n.func.attr in ("append", "extend", "insert") and any(
                        isinstance(a, ast.Name) and a.id in params for a in n.args):
                return False  # a module handed in from outside joins the list
            if isinstance(n, ast.Assign) and any(_dotted(t) == name for t in n.targets):
                value = n.value
                if isinstance(value, ast.Call) and any(
                        isinstance(a, ast.Starred) and _dotted(a.value) == name
                        for a in value.args):
                    continue  # `self.net = nn.Sequential(*self.net)`: the list wrapped
            elif isinstance(n, ast.AugAssign) and _dotted(n.target) == name:
                value = n.value
            if value is None:
                continue
            found = True
            if isinstance(value, ast.Call) and _dotted(value.func).rsplit(".", 1)[-1] in (
                    "ModuleList", "Sequential") and not value.keywords:
                # `self.enc = nn.ModuleList([...])` (then `nn.Sequential(*self.enc)`)
                elements = [e for a in value.args for e in (
                    a.elts if isinstance(a, (ast.List, ast.Tuple)) else
                    [a.elt] if isinstance(a, ast.ListComp) else [a])]
                if any(isinstance(e, ast.Name) and e.id in params for e in elements):
                    return False
                continue
            # a list display or comprehension built here; any parameter in it is foreign
            if not isinstance(value, (ast.List, ast.ListComp, ast.Tuple)):
                return False
            elements = value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value.elt]
            for e in elements:  # a parameter itself (a module made elsewhere) in the list
                e = e.value if isinstance(e, ast.Starred) else e
                if isinstance(e, ast.Name) and e.id in params:
                    return False
        return found

    def _always_on(self, call: ast.Call) -> bool:
        """``F.dropout(x, 0.5)`` with no ``training``: it drops in both modes, so it makes
        no difference between them (DS101 is about it, not the mode rules)."""
        q = self._qualified(call.func)
        return q.startswith("torch.nn.functional.") and q.rsplit(".", 1)[-1] in _ALWAYS_ON and (
            len(call.args) < 3 and not any(k.arg in ("training", None) for k in call.keywords))

    def _code_of(self, cls: ast.ClassDef) -> str:
        """The class's code, each always-on functional dropout written as its input (the
        tree itself is left as it is)."""
        src = ast.unparse(cls)
        if "dropout(" not in src:
            return src
        for n in ast.walk(cls):
            if n.__class__ is ast.Call and n.args and len(n.args) < 3 and (  # type: ignore
                    isinstance(n.func, ast.Attribute) and n.func.attr in _ALWAYS_ON) and (
                    self._always_on(n)):  # (cheap tests first: `_qualified` per call is not)
                src = src.replace(ast.unparse(n), ast.unparse(n.args[0]))
        return src

    def class_care(self, name: str, depth: int = 0) -> bool | None:
        if name in self._care:
            return self._care[name]
        self._care[name] = None  # a cycle: may have
        cls = self.classes.get(name)
        if cls is None or depth > 8:
            return None
        if any(isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)) and m.name == "train"
               and len(m.args.args) > 1 for m in cls.body):
            # its own `train(mode)` decides what the modes mean (a frozen part kept in
            # eval): out of the scan's sight, so nothing to report
            self._care[name] = False
            return False
        src = self._code_of(cls)
        if tables.CARE_WORDS.search(src):
            src = _code_only(cls, src)  # "no dropout" in a docstring is no dropout
            # `self.training = False` in `__init__` writes a flag no layer reads unless the
            # class reads it too (then that read still counts)
            src = _TRAINING_WRITE.sub("", src)
        if tables.CARE_WORDS.search(src) and not _RNN_CALL.search(src):
            if all((m.group(0).startswith("Dropout") and _DROPOUT_LAYER.match(src, m.start()))
                   or _rate_name(src, m) for m in tables.CARE_WORDS.finditer(src)):
                # only dropout layers (and names of rates handed on: `dropout_rate=...`):
                # none drops if each one's rate is 0 here
                verdict = self._built_care(cls, name, depth)
                self._care[name] = False if verdict is False else True
                return self._care[name]
            self._care[name] = True
            return True
        if _RNN_CALL.search(src):
            # the words may be an RNN's dropout argument, which acts only between stacked
            # layers: judge what the class builds and calls instead
            verdict = self._built_care(cls, name, depth)
            self._care[name] = verdict
            return verdict
        verdict: bool | None = False
        # classes of the repository's other files it builds (`from utils.layers import
        # MyLinear`): when they are all that is unknown, the join reads them in their files
        homes: list[tuple[str, str]] = []
        blind = False  # something else unknown: no join can tell
        for b in cls.bases:
            last = _dotted(b).rsplit(".", 1)[-1]
            if last in self.classes and last != name:
                c = self.class_care(last, depth + 1)
                if c is not False and self._base_free_as_called(cls, last):
                    c = False  # its dropout only for a rate the subclass leaves at 0
                if c is not False:
                    verdict = c if verdict is False else verdict
                    blind = blind or last not in self._class_homes
                    homes += self._class_homes.get(last, [])
            # a base of torch's that is mode-free (a layer like `nn.Linear`, or one of its
            # losses, `nn.modules.loss._WeightedLoss` too): the subclass adds only what it
            # writes here; any other base may hold dropout or batch norm
            elif last not in ("Module", "LightningModule", "object", "ScriptModule") and (
                    last not in self._module_aliases()) and not (
                    (last in tables.MODE_FREE_LAYERS or last.endswith("Loss"))
                    and self._qualified(b).startswith("torch.nn.")):
                verdict = None  # (a subclass of `nn.Linear` adds only what it writes here)
                blind = True
        for n in _aliased_calls(cls, self.classes):
            q = self._qualified(n.func)
            la = q.rsplit(".", 1)[-1]
            if q.startswith("torchvision.models."):
                c = tables.torchvision_care(la)  # a builder: resnet152(...) has batch norm
                if c is True:
                    verdict = True
                    break
                if c is None and verdict is False:
                    verdict = None
                blind = blind or c is None
                continue
            if not la[:1].isupper() or _dotted(n.func).split(".", 1)[0] == "self":
                continue  # `self.Linear(x)`: a call of a submodule, judged where it is built
            if la == name and isinstance(n.func, ast.Name):
                continue  # `Tagger(...)` in its own factory method: the class itself
            if isinstance(n.func, ast.Name) and la not in self.classes and (
                    la in _BUILTIN_EXCEPTIONS or la.endswith(("Error", "Exception"))):
                continue  # `raise ValueError(...)`: an exception, never a layer
            if q.startswith("torch.") and not q.startswith("torch.nn."):
                continue  # Variable, FloatTensor, distributions, optimizers: never a layer
            if q.startswith("torch.nn."):
                c = self.layer_care(la, n, cls)
                blind = blind or c is None
            elif la in self.classes and la != name:
                c = self.class_care(la, depth + 1)
                if c is None:
                    blind = blind or la not in self._class_homes
                    homes += self._class_homes.get(la, [])
            elif isinstance(n.func, ast.Name) and la in self._module_defs():
                c = self._function_care(la)  # `Squash(x)`: a function of this file
                blind = blind or c is None
            else:
                c = None
                module = q.rsplit(".", 1)[0] if "." in q else ""
                if module and not module.startswith("<") and (
                        module.lstrip(".").split(".", 1)[0] not in _LIBRARIES):
                    homes.append((module, la))
                else:
                    blind = True
            if c is True:
                verdict = True
                break
            if c is None and verdict is False:
                verdict = None
        if verdict is None and homes and not blind:
            self._class_homes[name] = list(dict.fromkeys(homes))
        self._care[name] = verdict
        return verdict


def _rate_name(src: str, m: re.Match[str]) -> bool:
    """Is the CARE_WORDS match a lower-case name (``dropout_rate``, ``self.dropout``,
    ``F.dropout``), not a layer class, a drop-path, batch norm or ``.training``?  What the
    class builds and calls under such names decides (``nn.Dropout(dropout_rate)``, a
    functional dropout), not the name."""
    word = m.group(0)
    return word.startswith("dropout") and word == word.lower()


def _filled_here(cls: ast.ClassDef) -> bool:
    """Does every ``.append``/``.extend``/``.insert``/``.add_module`` on a ``self.``
    container in the class add modules it builds right there (calls, or lists of them, or a
    local name that the same method binds only to calls: ``fc = nn.Linear(...)`` then
    ``self.layers.append(fc)``)?"""
    methods = [m for m in cls.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))]
    rest = ast.Module(body=[m for m in cls.body if m not in methods], type_ignores=[])
    for scope in (*methods, rest):
        built_names: dict[str, bool] | None = None
        for n in ast.walk(scope):
            if not (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                    and n.func.attr in ("append", "extend", "insert", "add_module")
                    and _dotted(n.func.value).startswith("self.")):
                continue
            added = n.args[-1:] if n.func.attr in ("insert", "add_module") else n.args
            for a in added:
                items = a.elts if isinstance(a, (ast.List, ast.Tuple)) else (
                    [a.elt] if isinstance(a, ast.ListComp) else [a])
                for i in items:
                    if isinstance(i, ast.Call):
                        continue
                    if not isinstance(i, ast.Name):
                        return False
                    if built_names is None:
                        built_names = _names_bound_to_calls(scope)
                    if not built_names.get(i.id):
                        return False
    return True


def _names_bound_to_calls(scope: ast.AST) -> dict[str, bool]:
    """Per plain name a method binds: is every binding of it a call (a layer built right
    there, which the class walk judges)?  A loop variable, a parameter or any other binding
    makes it False."""
    out: dict[str, bool] = {}
    for n in ast.walk(scope):
        if isinstance(n, ast.Assign):
            for t in n.targets:
                for name in ast.walk(t):
                    if isinstance(name, ast.Name):
                        out[name.id] = out.get(name.id, True) and isinstance(
                            t, ast.Name) and isinstance(n.value, ast.Call)
        elif isinstance(n, (ast.AnnAssign, ast.AugAssign, ast.For, ast.AsyncFor,
                            ast.comprehension, ast.NamedExpr)):
            for name in ast.walk(n.target):
                if isinstance(name, ast.Name):
                    out[name.id] = False
        elif isinstance(n, ast.withitem) and n.optional_vars is not None:
            for name in ast.walk(n.optional_vars):
                if isinstance(name, ast.Name):
                    out[name.id] = False
        elif isinstance(n, ast.arg):
            out[n.arg] = False
    return out


# A function that copies or averages one network's weights into another (a target network's
# soft or hard update).
_WEIGHT_SYNC = re.compile(r"update|copy|sync|polyak|ema|average", re.IGNORECASE)

# A constructor parameter that gives a dropout rate.
_RATE_PARAM = re.compile(r"drop|rate|^p$|prob", re.IGNORECASE)


def _builds_own_class(fn: Func, cls: str) -> bool:
    """Does a factory method build its own class (``cls(...)``, ``Net(...)``)?"""
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
               and n.func.id in ("cls", cls) for n in ast.walk(fn))


def _call_shape(call: ast.Call) -> tuple[tuple[str, ...], int, bool]:
    """(keywords passed, positional arguments passed, any `*args`/`**kwargs`)."""
    return (tuple(k.arg for k in call.keywords if k.arg),
            sum(1 for a in call.args if not isinstance(a, ast.Starred)),
            any(isinstance(a, ast.Starred) for a in call.args)
            or any(k.arg is None for k in call.keywords))


def _mode_of_self_switch(call: ast.AST | None) -> str | None:
    """``self.train()``/``self.train(True)``: train; ``self.eval()``/``self.train(False)``:
    eval; anything else None."""
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and isinstance(call.func.value, ast.Name) and call.func.value.id == "self"
            and not call.keywords and len(call.args) <= 1):
        return None
    arg = call.args[0] if call.args else None
    if call.func.attr == "eval" and arg is None:
        return EVAL
    if call.func.attr == "train" and (arg is None or isinstance(arg, ast.Constant)):
        return TRAIN if arg is None or arg.value is True else (  # type: ignore[union-attr]
            EVAL if arg.value is False else None)  # type: ignore[union-attr]
    return None


def _aliased_calls(cls: ast.ClassDef, classes: dict[str, ast.ClassDef]) -> list[ast.Call]:
    """The calls of a class, a call through a local name bound to a class (``Conv = EqConv
    if eq else nn.Conv2d``; ``Conv(8, 8, 3)``) counted once per class it may be."""
    aliases: dict[str, list[ast.expr]] = {}
    calls: list[ast.Call] = []
    for n in ast.walk(cls):
        kind = n.__class__
        if kind is ast.Call:
            calls.append(n)  # type: ignore[arg-type]
        elif kind is ast.Assign and len(n.targets) == 1 and isinstance(  # type: ignore
                n.targets[0], ast.Name):  # type: ignore[attr-defined]
            value = n.value  # type: ignore[attr-defined]
            options = [value.body, value.orelse] if isinstance(value, ast.IfExp) else [value]
            if all(isinstance(o, (ast.Name, ast.Attribute)) and _dotted(o) for o in options):
                aliases.setdefault(n.targets[0].id, []).extend(options)  # type: ignore
    if not aliases:
        return calls
    out: list[ast.Call] = []
    for n in calls:
        name = n.func.id if isinstance(n.func, ast.Name) else None
        if name in aliases and name not in classes:
            out.extend(ast.copy_location(ast.Call(func=o, args=n.args, keywords=n.keywords), n)
                       for o in aliases[name])  # type: ignore[index]
        else:
            out.append(n)
    return out


@dataclass
class _Optimiser:
    ids: set[int]


@dataclass
class _InTuple:
    """A function's result that is a tuple with one model in it (``return model, criterion``):
    the model reaches the name an unpacking binds at its position (``net, crit = build()``),
    nothing else."""

    index: int
    size: int
    value: Any  # the model (an Obj), or in a summary the index of the parameter returned


@dataclass
class _Pred:
    """A model call's output held in a variable: an evaluation if a prediction is read off
    it (``logits.argmax(1)``) in a function that trains on nothing."""

    obj: Obj
    label: str
    call: ast.Call
    method: str = ""  # `model.encode(x)`: the method of the model that made it


# top-level packages whose functions are no code of the repository


def _module_statements(tree: ast.AST) -> list[ast.stmt]:
    """The module's top-level statements, also those inside top-level ``if``/``try``
    blocks (``if cuda: def OP(...)``, ``try: MyModule = torch.jit.ScriptModule``)."""
    out: list[ast.stmt] = []
    stack = list(getattr(tree, "body", []))
    while stack:
        st = stack.pop()
        out.append(st)
        if isinstance(st, (ast.If, ast.Try)):
            stack.extend([*st.body, *st.orelse, *getattr(st, "finalbody", []),
                          *(b for h in getattr(st, "handlers", []) for b in h.body)])
    return out


def _tuple_returned(returned: list[Any]) -> _InTuple | None:
    """What every ``return`` of a function gives back as one tuple with one model at the
    same position: the same parameter, or new models in one mode; else None."""
    if not all(isinstance(r, _InTuple) for r in returned):
        return None
    first = returned[0]
    if any((r.index, r.size) != (first.index, first.size) for r in returned):
        return None
    if isinstance(first.value, int):
        return first if all(r.value == first.value for r in returned) else None
    if first.value.copy_of is None and all(
            isinstance(r.value, Obj) and r.value.mode == first.value.mode
            and r.value.copy_of is None for r in returned):
        return first
    return None


def _one_of(a: Any, b: Any) -> Obj | None:
    """The value of ``a if test else b`` for two models: the same object; a parameter or a
    copy of it (``copy.deepcopy(net) if copy_net else net``: the caller's class, mode
    unknown); else two models that agree (see ``state.either``)."""
    if not (isinstance(a, Obj) and isinstance(b, Obj)):
        return None
    if a is b:
        return a
    src = [o.param if o.mode == ENTRY else o.copy_of for o in (a, b)]
    if src[0] is not None and src[0] == src[1]:
        return Obj(UNKNOWN, [], care=a.care, copy_of=src[0])
    return either(a, b)


def _module_assigns(tree: ast.Module) -> list[ast.Assign]:
    """The assignments of a module's top level, also inside its ``if``/``with``/``try``
    and loops (``if __name__ == "__main__":``)."""
    out: list[ast.Assign] = []
    stack: list[ast.stmt] = list(tree.body)
    while stack:
        n = stack.pop()
        if isinstance(n, ast.Assign):
            out.append(n)
        elif isinstance(n, (ast.If, ast.With, ast.Try, ast.For, ast.While)):
            stack.extend([*n.body, *getattr(n, "orelse", []), *getattr(n, "finalbody", [])])
    return out


def _derived_from(e: ast.AST | None) -> str | None:
    """The name an expression computes from by methods, slices and arithmetic on it
    (``err.pow(2).mean()``, ``out[0] * 2``), or None."""
    while e is not None:
        if isinstance(e, ast.Call) and isinstance(e.func, ast.Attribute):
            e = e.func.value
        elif isinstance(e, (ast.Attribute, ast.Subscript)):
            e = e.value
        elif isinstance(e, ast.BinOp):
            e = e.left if not isinstance(e.left, ast.Constant) else e.right
        elif isinstance(e, ast.UnaryOp):
            e = e.operand
        elif isinstance(e, ast.Name):
            return e.id
        else:
            return None
    return None


def _listed(a: ast.expr) -> list[ast.expr]:
    """The layers one argument of ``nn.Sequential``/``nn.ModuleList`` lists: the items of a
    list or tuple (starred or not), the element of a comprehension, else the argument."""
    inner = a.value if isinstance(a, ast.Starred) else a
    if isinstance(inner, (ast.List, ast.Tuple)):
        return list(inner.elts)
    if isinstance(inner, (ast.ListComp, ast.GeneratorExp)):
        return [inner.elt]
    return [a]


def _outer_calls(e: ast.AST) -> list[ast.Call]:
    """The calls a value is made of: itself, or the terms of a sum (``a(x) + b(y)``)."""
    if isinstance(e, ast.Call):
        return [e]
    if isinstance(e, ast.BinOp):
        return [*_outer_calls(e.left), *_outer_calls(e.right)]
    return []


def _loss_params(fn: ast.AST, called: set[str]) -> set[str]:
    """Parameters called like functions whose result is what the backward runs on
    (``loss = loss_fn(out, y); loss.backward()``): the loss, not a second model."""
    made: dict[str, set[str]] = {}
    receivers: list[ast.AST] = []
    for n in ast.walk(fn):
        if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(
                n.targets[0], ast.Name):
            heads = {c.func.id for c in _outer_calls(n.value) if isinstance(c.func, ast.Name)}
            made.setdefault(n.targets[0].id, set()).update(heads & called)
        elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and (
                n.func.attr == "backward"):
            receivers.extend([n.func.value, *n.args])
    losses: set[str] = set()
    for r in receivers:
        for c in _outer_calls(r):
            if isinstance(c.func, ast.Name) and c.func.id in called:
                losses.add(c.func.id)  # `loss_fn(out, y).backward()`
        for n in ast.walk(r):
            if isinstance(n, ast.Name):
                losses |= made.get(n.id, set())
    # a loss compares a prediction with a target: every call of it takes two arguments (a
    # critic's `netD(x).backward(one)` takes one)
    arity: dict[str, int] = {}
    for n in ast.walk(fn):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in losses:
            arity[n.func.id] = min(arity.get(n.func.id, 99), len(n.args) + len(n.keywords))
    return {name for name in losses if arity.get(name, 0) >= 2}


def _obj_dict(o: Obj, index: int | None, keyword: str | None, label: str) -> dict[str, Any]:
    out = {"index": index, "keyword": keyword, "mode": o.mode, "care": o.care,
           "frozen": o.frozen, "pretrained": o.pretrained, "label": label or o.label,
           "steps": [s.to_dict() for s in o.steps],
           "home": list(o.home) if o.home is not None else None}
    if o.mode == UNKNOWN and o.after is not None:
        out["after"] = o.after
        if o.source is not None:  # what another file's callable built: read there
            out["source"] = list(o.source)
    return out


def _use_dict(u: Use) -> dict[str, Any]:
    out = {"kind": u.kind, "step": u.step.to_dict(), "chain": [c.to_dict() for c in u.chain],
           "label": u.label, "function": u.function, "region": u.region}
    if u.guards is not None and u.kind == "train":
        out["conditional"] = True  # trains only for some arguments: quiet
    if u.method:
        # runs a method or submodule of the object: a use only for a caller whose class of
        # it runs that member without switching a mode (the argument's "runs")
        out["method"] = u.method
    return out


def _code_only(node: ast.ClassDef, src: str) -> str:
    """The class's source without the strings standing as statements that name a
    mode-dependent layer: docstrings ("no dropout here" is no dropout) and code commented out
    in a triple-quoted string (``'''self.bn1 = nn.BatchNorm2d(64)'''``), which never runs.  No
    copy of the tree: the few strings are blanked for one unparse, then put back."""
    docs = [n.value for n in _string_statements(node)
            if tables.CARE_WORDS.search(n.value.value)]  # type: ignore[attr-defined]
    if not docs:
        return src
    saved = [d.value for d in docs]
    for d in docs:
        d.value = ""
    try:
        return ast.unparse(node)
    finally:
        for d, v in zip(docs, saved, strict=True):
            d.value = v


_LOADS_OR_TRAINS = re.compile(r"load|backward|\.step\(|optim|\.data\b|copy_\(")
_TRAIN_OVERRIDE = re.compile(r"def train\(\s*self\s*,")
_JOINS = frozenset({"cat", "concat", "concatenate", "stack", "hstack", "vstack", "dstack"})
_RNN_CALL = re.compile(r"\b(?:LSTM|GRU|RNN)\(")
# one literal set per CARE word (its first hit in a class is what `text.find` would give), and
# `\b(?:LSTM|GRU|RNN)\(` as words after a non-word character
_CARE_SETS = tuple(((w, None, False),) for w in tables.CARE_LITERALS)
_RNN_WORDS = ("LSTM(", "GRU(", "RNN(")
_RNN_SET = tuple((w, None, True) for w in _RNN_WORDS)
# a functional dropout written as a call of the functional module (`F.dropout(`)
# a layer built and run on the spot: `nn.Dropout(p)(x)` (one level of nested parentheses)
_INLINE_LAYER = re.compile(r"\b(?:Dropout|BatchNorm)\w*\((?:[^()]|\([^()]*\))*\)\(")
_FUNCTIONAL_CALL = re.compile(r"\b(?:F|functional)\.(?:feature_)?(?:alpha_)?dropout[123]?d?\(")
_ALWAYS_ON = frozenset({"dropout", "dropout1d", "dropout2d", "dropout3d", "alpha_dropout",
                        "feature_alpha_dropout"})


_FUNCTIONAL_DROPOUT = frozenset({"dropout", "dropout1d", "dropout2d", "dropout3d",
                                 "alpha_dropout", "feature_alpha_dropout", "drop_path",
                                 "dropout_add"})
# `\bself\.(\w+)\.(?:train|eval)\(` with a literal prefix (the look-behind is the `\b`)
_SELF_SWITCH = re.compile(r"self(?<!\wself)\.(\w+)\.(?:train|eval)\(")
# what a tensor is, not what it holds: reading these is no prediction
_METADATA = frozenset({"shape", "dtype", "device", "ndim", "is_cuda", "requires_grad",
                       "grad_fn", "size", "dim", "numel", "type", "layout"})


def _target_names(target: ast.AST) -> list[str]:
    """The names an assignment target binds (``out``; ``x_hat, _``), or [] for others."""
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Tuple) and all(isinstance(e, ast.Name) for e in target.elts):
        return [e.id for e in target.elts if e.id != "_"]  # type: ignore[attr-defined]
    return []


def _string_statements(cls: ast.ClassDef) -> list[ast.Expr]:
    """The strings standing as statements in a class: the docstrings of the class and of its
    methods, and code commented out in triple-quoted strings, which never runs."""
    out = []
    blocks = [cls]  # statements only: expressions hold no statement (`ast.walk` was 5%)
    while blocks:
        node = blocks.pop()
        for name in _BLOCK_FIELDS:
            for st in getattr(node, name, None) or ():
                if isinstance(st, ast.Expr) and isinstance(st.value, ast.Constant) and (
                        isinstance(st.value.value, str)):
                    out.append(st)
                elif not isinstance(st, _LEAF_STATEMENTS):
                    blocks.append(st)
    return out


_BLOCK_FIELDS = ("body", "orelse", "finalbody", "handlers", "cases")
_LEAF_STATEMENTS = (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Return, ast.Pass,
                    ast.Raise, ast.Import, ast.ImportFrom, ast.Break, ast.Continue,
                    ast.Delete, ast.Global, ast.Nonlocal, ast.Assert)


# An iterable of held-out data: `val_loader`, `dataloaders["val"]`, `test_set`, `dev_iter`.
_HELD_OUT_DATA = re.compile(r"(?<![a-z])(val|valid|validation|test|testing|eval|dev)"
                            r"(?=$|[^a-z]|loader|set|data|iter|batch)", re.IGNORECASE)


def _literal(node: ast.AST) -> object:
    """A constant's value (a model name, a rate), else None."""
    return node.value if isinstance(node, ast.Constant) else None


def _homes(obj: Obj) -> list[tuple[str, str]]:
    """The other files' classes whose dropout or batch norm decides a finding about ``obj``
    (none: decided here)."""
    return [obj.home] if obj.home is not None else list(obj.homes)


def _hand_written(loop: ast.For | ast.AsyncFor) -> tuple[list[ast.AST], list[ast.AST]]:
    """The models whose parameters a loop over ``.parameters()`` (or a ``zip`` of several)
    writes in place (``q.data.mul_(m).add_(p.data)``, ``q.data = p.data.clone()``), and those
    it only reads: a target or EMA network's update written out, and where it copies from."""
    def params_of(e: ast.AST) -> ast.AST | None:
        if isinstance(e, ast.Call) and isinstance(e.func, ast.Attribute) and (
                e.func.attr in ("parameters", "named_parameters", "buffers")):
            return e.func.value
        return None

    it, target = loop.iter, loop.target
    pairs: list[tuple[str, ast.AST]] = []
    if params_of(it) is not None and isinstance(target, ast.Name):
        pairs = [(target.id, params_of(it))]  # type: ignore[list-item]
    elif isinstance(it, ast.Call) and _dotted(it.func) == "zip" and isinstance(
            target, ast.Tuple) and len(target.elts) == len(it.args):
        pairs = [(t.id, m) for t, a in zip(target.elts, it.args, strict=True)
                 if isinstance(t, ast.Name) and (m := params_of(a)) is not None]
    if not pairs:
        return [], []
    written: set[str] = set()
    for n in ast.walk(loop):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and (
                n.func.attr in _IN_PLACE):
            written.add(_dotted(n.func.value).split(".", 1)[0])
        elif isinstance(n, ast.Assign):
            written |= {_dotted(t).split(".", 1)[0] for t in n.targets
                        if isinstance(t, ast.Attribute) and t.attr == "data"}
    return ([m for name, m in pairs if name in written],
            [m for name, m in pairs if name not in written])


def _params_synced(loop: ast.For | ast.AsyncFor, name: str) -> set[str]:
    """The models a hand-written weight sync into ``name`` copies from (``for t, s in
    zip(target.parameters(), net.parameters()): t.data.copy_(...)``): a target network's
    soft or hard update, written out instead of called."""
    written, read = _hand_written(loop)
    if name not in map(_dotted, written):
        return set()
    return {d for d in map(_dotted, read) if d}


def _is_step_call(call: ast.Call) -> bool:
    """``<anything>.step(...)``: what the per-function facts count as an optimizer step."""
    return isinstance(call.func, ast.Attribute) and call.func.attr == "step"


class ModeAnalysis:
    """The analysis of one file as the rules see it (``ctx._modeflow``): run on first use."""

    def __init__(self, ctx: Any) -> None:
        self._file = FileAnalysis(ctx.tree, os.fspath(ctx.path), getattr(ctx, "names", None),
                                  getattr(ctx, "text", None))
        self._hits: list[ModeHit] | None = None
        self._failed = False

    def hits(self) -> list[ModeHit]:
        if self._hits is None:
            try:
                self._hits = self._file.run()
            except RecursionError:
                # code nested deeper than the walk can follow: the modes are unknown, and
                # unknown reports nothing (the other rules still run on the file)
                self._hits, self._failed = [], True
        return self._hits

    def care_of_call(self, call: ast.Call) -> bool | None:
        """Does what this call builds have dropout or batch norm (None: may have)?"""
        return self._file.care_of_call(call)

    def homes_of_call(self, call: ast.Call) -> list[tuple[str, str]]:
        """The other files' classes that decide whether what this call builds cares."""
        return self._file.homes_of_call(call)

    def defer_optin(self, code: str, at: TraceStep, message: str, trace: list[TraceStep],
                    fix: str, keyword: str) -> None:
        """A script rule's finding on code that runs only when a caller passes the keyword
        ``keyword``, which no code of this file passes: the join reports it if another
        linted file passes it."""
        self._file.optin.append({"code": code, "keyword": keyword, "step": at.to_dict(),
                                 "message": message, "fix": fix,
                                 "trace": [t.to_dict() for t in trace]})

    def defer(self, code: str, at: TraceStep, message: str, trace: list[TraceStep], fix: str,
              homes: list[tuple[str, str]], built: ast.Call | None = None) -> None:
        """A script rule's finding about a model of another file's class (``homes``, one
        per way the model is built): the join reports it only if one of those classes,
        read in its own file, has dropout or batch norm."""
        self.hits()  # the analysis's own hits first: a deferral never replaces one
        pending = self._file.pending
        where = self._enclosing(at.line or 0)
        for key, hit in list(pending.items()):  # the analysis found the same bug: one finding
            if hit["code"] != code or hit.get("deferred"):
                continue
            lines = [hit["step"]["line"], *(t["line"] for t in hit["trace"]
                                            if t.get("path") in (None, at.path))]
            if where in {self._enclosing(n or 0) for n in lines}:
                del pending[key]
                if code == "DS401":
                    trace = [TraceStep.from_dict(t) for t in hit["trace"]]
                    fix = hit["fix"]
        self._file._hit(code, at, message, trace, fix, "", "", homes=homes,
                        built=_call_shape(built) if built is not None else None)
        hit = pending.get((code, at.line or 0, at.column))
        if hit is not None:
            hit["deferred"] = True

    def _enclosing(self, line: int) -> tuple[int, int]:
        """The innermost function around a line, as its span ((0, 0): module level)."""
        best = (0, 0)
        for n in ast.walk(self._file.tree):
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and (
                    n.lineno <= line <= (n.end_lineno or n.lineno)) and (
                    best == (0, 0) or n.lineno >= best[0]):
                best = (n.lineno, n.end_lineno or n.lineno)
        return best

    def script_models(self) -> list[tuple[str, str]] | None:
        """What the models this file's scripts build (calls outside its class bodies) are
        made of, for a helper no caller here hands one: [] when every one of them has
        neither dropout nor batch norm, the other files' classes that decide it, or None
        (none built, or one may have them)."""
        homes: list[tuple[str, str]] = []
        built = 0
        for call, cls, _ in tree_walk.calls_in_context(self._file.tree):
            if cls is not None:
                continue  # the scripts' calls, not those of class bodies
            dotted = _dotted(call.func)
            if not dotted or (isinstance(call.func, ast.Name) and call.func.id in
                              self._file.funcs):
                continue
            made = self._file._construct(call, self._file._qualified(call.func),
                                         dotted.rsplit(".", 1)[-1])
            if made is None:
                continue
            built += 1
            if made.care is False:
                continue
            found = [made.home] if made.home is not None else list(made.homes)
            if made.care is True or not found:
                return None
            homes += [h for h in found if h not in homes]
        return homes if built else None

    def attr_homes(self, cls: ast.ClassDef, attr: str) -> list[tuple[str, str]] | None:
        """How ``self.<attr>`` of ``cls`` is built, for the name rules: [] when no assignment
        of it builds dropout or batch norm, the other files' classes that decide it, or None
        (may have)."""
        care, homes = self._file._attr_care(cls, attr)
        return [] if care is False else (list(homes) or None)

    def attr_cares(self, cls: ast.ClassDef, attr: str) -> bool:
        """Is ``self.<attr>`` of ``cls`` known to have dropout or batch norm?"""
        return self._file.attr_proven(cls, attr)

    def called_here(self, name: str) -> bool:
        """Does code of this file call its function ``name`` by name?"""
        return name in self._file._called_here()

    def withdraw_if_pretrained(self, code: str, line: int, column: int, module: str,
                               name: str) -> None:
        """A script rule's finding about a model that ``module.name(...)`` (a function of
        another file) returns: reported, unless the join finds that function returning a
        ``from_pretrained`` model in eval mode (the finding then claims a wrong mode)."""
        self._file.if_pretrained[(code, line, column)] = [module, name]

    def defer_param(self, code: str, line: int, column: int, function: str,
                    param: int) -> None:
        """A script rule's finding about parameter ``param`` of the module-level
        ``function``, which no code of this file calls: reported, unless the join finds
        every caller in other files (at least one) handing a model with neither dropout nor
        batch norm (as for the analysis's own hits on such parameters)."""
        self._file.param_hits[(code, line, column)] = [function, param]

    def is_module_class(self, name: str) -> bool:
        """Is the file's class ``name`` a torch module (a base, a ``forward``)?"""
        return name in self._file.classes and self._file._is_module_class(name)

    def class_care(self, name: str) -> bool | None:
        """Does the file's class ``name`` have dropout or batch norm (None: may have)?"""
        if name not in self._file.classes or not self._file._is_module_class(name):
            return None
        return self._file.class_care(name)

    def export(self) -> dict[str, Any]:
        self.hits()
        if self._failed:
            return {}
        try:
            return self._file.export()
        except RecursionError:
            return {}


def attach(ctx: Any) -> ModeAnalysis:
    """Give a parsed file's context its mode analysis (the script rules read it)."""
    flow = ModeAnalysis(ctx)
    ctx._modeflow = flow
    return flow


def analyse(ctx: Any) -> list[ModeHit]:
    """DS401-DS403 hits of one parsed file (a ``SourceContext`` or anything with ``tree``,
    ``path`` and optionally ``names``)."""
    flow = getattr(ctx, "_modeflow", None) or attach(ctx)
    return flow.hits()
