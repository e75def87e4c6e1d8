"""The Triton kernels compile for a Hopper GPU (sm_90) without one, and their hot paths are lean.

Ahead-of-time compilation (``triton.compile`` on an ``ASTSource``) runs Triton's whole pipeline
to PTX and cubin with the bundled ptxas, so type errors that the interpreter would not see are
caught on CPU-only CI.  The checks on the PTX are the performance properties the kernels were
written for: 8/16-byte vector loads and stores, one Philox call per 4 elements (two wide
multiplies a round), no spills.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

triton = pytest.importorskip("triton")
pytest.importorskip("triton.backends.nvidia")

from triton.backends.compiler import GPUTarget  # noqa: E402
from triton.compiler import ASTSource  # noqa: E402

import dropsurgeon.fused  # noqa: E402
from dropsurgeon.fused import kernels  # noqa: E402

KERNELS = Path(dropsurgeon.fused.__file__).with_name("_triton_kernels.py")


@pytest.fixture(scope="module")
def compiled_module(monkeypatch_module):
    monkeypatch_module.delenv("TRITON_INTERPRET", raising=False)
    spec = importlib.util.spec_from_file_location("_dropsurgeon_triton_kernels_aot", KERNELS)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


def _compile(fn, types: dict[str, str], constexprs: dict, aligned: list[str], warps: int):
    signature = {**types, **{name: "constexpr" for name in constexprs}}
    # what Triton's launcher specialises for 16-byte aligned pointers and sizes divisible by 16
    attrs = {(fn.arg_names.index(name),): [["tt.divisibility", 16]] for name in aligned}
    source = ASTSource(fn=fn, signature=signature, constexprs=constexprs, attrs=attrs)
    try:
        return triton.compile(source, target=GPUTarget("cuda", 90, 32),
                              options={"num_warps": warps})
    except RuntimeError as exc:  # no toolchain here: nothing to say about our kernels
        if "ptxas" in str(exc).lower():
            pytest.skip(f"no ptxas: {exc}")
        raise


def _ptx_facts(kernel) -> dict:
    ptx = kernel.asm["ptx"]
    return {"wide_mul": ptx.count("mul.wide.u32"), "mulhi": ptx.count("mul.hi.u32"),
            "spills": ptx.count(".local"),
            "loads": set(re.findall(r"ld\.global\.\S+", ptx)),
            "stores": set(re.findall(r"st\.global\.\S+", ptx))}


def test_bias_dropout_add_kernel_compiles_lean(compiled_module):
    types = dict(zip(
        ["x_ptr", "bias_ptr", "res_ptr", "out_ptr", "rng_ptr", "numel", "bias_n", "thr",
         "scale", "start_blk"],
        ["*bf16"] * 4 + ["*i64", "i64", "i32", "i32", "fp32", "i64"], strict=True))
    consts = {"HAS_BIAS": True, "BIAS_ROWS": True, "BIAS_WIDE": True, "HAS_RES": True,
              "DROP": True, "BLOCK_B": kernels.ELEMENTWISE_BLOCKS, "EMULATE_RTNE": False}
    warps = kernels._launch(kernels.ELEMENTWISE_BLOCKS, kernels.ELEMENTWISE_ELEMS)["num_warps"]
    k = _compile(compiled_module.bias_dropout_add_kernel, types, consts,
                 ["x_ptr", "bias_ptr", "res_ptr", "out_ptr", "rng_ptr", "numel", "bias_n"], warps)
    facts = _ptx_facts(k)
    # one Philox call per 4 elements: 2 wide multiplies (hi and lo words at once) x 10 rounds
    calls_per_thread = kernels.ELEMENTWISE_BLOCKS // (32 * warps)
    assert facts["wide_mul"] <= 20 * calls_per_thread and facts["mulhi"] == 0
    assert facts["spills"] == 0 and k.metadata.shared == 0
    assert facts["loads"] == {"ld.global.b64", "ld.global.v2.b32"}  # rng + 4 bf16 per load
    assert facts["stores"] == {"st.global.v2.b32"}


@pytest.mark.parametrize("rms", [False, True])
def test_norm_backward_kernel_compiles_lean(compiled_module, rms):
    names = ["dy_ptr", "dh_ptr", "h_ptr", "mean_ptr", "rstd_ptr", "w_ptr", "dx_ptr",
             "dres_ptr", "dw_ptr", "db_ptr", "rng_ptr", "n_rows", "N", "thr", "scale"]
    types = dict(zip(names, ["*bf16"] * 3 + ["*fp32"] * 2 + ["*bf16"] * 3 + ["*fp32"] * 2 +
                     ["*i64", "i32", "i32", "i32", "fp32"], strict=True))
    consts = {"HAS_DH": True, "HAS_W": True, "WANT_B": not rms, "DROP": True, "RMS": rms,
              "ALIGNED": True, "BLOCK_B": 1024, "EMULATE_RTNE": False}
    # the shipped launch of a bf16 row of 4096
    warps = kernels._launch(1024, kernels.NORM_BWD_ELEMS[(rms, 2)])["num_warps"]
    k = _compile(compiled_module.norm_bwd_kernel, types, consts, names[:11] + ["N"], warps)
    facts = _ptx_facts(k)
    assert facts["spills"] == 0
    assert "ld.global.v2.b32" in facts["loads"] and "ld.global.b16" not in facts["loads"]


def test_bias_gradient_kernel_compiles_lean(compiled_module):
    names = ["g_ptr", "gx_ptr", "gb_ptr", "rng_ptr", "n_rows", "N", "thr", "scale"]
    types = dict(zip(names, ["*bf16", "*bf16", "*fp32", "*i64", "i32", "i32", "i32", "fp32"],
                     strict=True))
    consts = {"DROP": True, "BLOCK_B": kernels.BIAS_BWD_BLOCKS, "EMULATE_RTNE": False}
    warps = kernels._launch(kernels.BIAS_BWD_BLOCKS, kernels.BIAS_BWD_ELEMS)["num_warps"]
    k = _compile(compiled_module.dropout_bias_bwd_kernel, types, consts, names[:6], warps)
    facts = _ptx_facts(k)
    assert facts["spills"] == 0 and k.metadata.shared == 0
    assert "ld.global.v2.b32" in facts["loads"] and "st.global.v2.b32" in facts["stores"]
