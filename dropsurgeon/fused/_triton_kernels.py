"""The Triton kernels (``@triton.jit`` at module level, as Triton resolves names through the
module's globals).  :mod:`.kernels` loads this file once per mode: compiled, and interpreted
under ``TRITON_INTERPRET=1`` (Triton picks the mode when a function is decorated).
"""

import triton
import triton.language as tl


@triton.jit
def add(a, b):
    return a + b


@triton.jit
def total(v):
    # sum of a 2-D tile. Only builtins and our own @jit functions are used in these kernels
    # (``tl.reduce`` + ``add``, not ``tl.sum``; ``tl.full``, not ``tl.zeros``): the library's
    # @jit helpers are decorated when triton is imported, so the interpreter cannot call them
    # when TRITON_INTERPRET was set after that (as in a test session)
    return tl.reduce(tl.reduce(v, 1, add), 0, add)


@triton.jit
def rounded(v, dtype: tl.constexpr, EMULATE_RTNE: tl.constexpr):
    # fp32 -> ``dtype``. GPUs round to nearest even; Triton's interpreter truncates to bf16, so
    # there (EMULATE_RTNE) the rounding is done on the bits first and the cast is then exact.
    if EMULATE_RTNE and dtype == tl.bfloat16:
        bits = v.to(tl.uint32, bitcast=True)
        bits = (bits + 0x7FFF + ((bits >> 16) & 1)) & 0xFFFF0000
        v = tl.where(v != v, v, bits.to(tl.float32, bitcast=True))
    return v.to(dtype)


@triton.jit
def philox(c0, c1, c2, c3, k0, k1):
    # Random123 Philox4x32-10 on uint32 tensors (multipliers 0xD2511F53, 0xCD9E8D57).
    # Each 32x32 -> 64-bit product is one wide multiply (IMAD.WIDE.U32 on sm_90): its high
    # and low words are both used, which umulhi + mul would compute separately.
    for _ in tl.static_range(10):
        p0 = c0.to(tl.uint64) * 0xD2511F53
        p1 = c2.to(tl.uint64) * 0xCD9E8D57
        c0 = (p1 >> 32).to(tl.uint32) ^ c1 ^ k0
        c2 = (p0 >> 32).to(tl.uint32) ^ c3 ^ k1
        c1 = p1.to(tl.uint32)
        c3 = p0.to(tl.uint32)
        k0 = k0 + 0x9E3779B9
        k1 = k1 + 0xBB67AE85
    return c0, c1, c2, c3


@triton.jit
def words(rng_ptr, blk):
    # The four words of each Philox block ``blk`` (int64 tensor) of this call.
    seed = tl.load(rng_ptr)
    off = tl.load(rng_ptr + 1)
    k0 = (seed & 0xFFFFFFFF).to(tl.uint32)
    k1 = ((seed >> 32) & 0xFFFFFFFF).to(tl.uint32)
    zero = (blk * 0).to(tl.uint32)
    c2 = zero + (off & 0xFFFFFFFF).to(tl.uint32)
    c3 = zero + ((off >> 32) & 0xFFFFFFFF).to(tl.uint32)
    c0 = (blk & 0xFFFFFFFF).to(tl.uint32)
    c1 = ((blk >> 32) & 0xFFFFFFFF).to(tl.uint32)
    return philox(c0, c1, c2, c3, k0, k1)


@triton.jit
def pick(t, r0, r1, r2, r3):
    # word t (a [1, 4] or [B, 4] index in 0..3) from per-row words r* of shape [B]
    return tl.where(t == 0, r0[:, None], tl.where(t == 1, r1[:, None],
                    tl.where(t == 2, r2[:, None], r3[:, None])))


@triton.jit
def keep_aligned(rng_ptr, blk, thr):
    # keep mask [B, 4] of elements 4*blk + w
    r0, r1, r2, r3 = words(rng_ptr, blk)
    w = tl.arange(0, 4)[None, :]
    return pick(w, r0, r1, r2, r3) >= thr.to(tl.uint32, bitcast=True)


@triton.jit
def keep_row(rng_ptr, e0, BLOCK_B: tl.constexpr, thr, ALIGNED: tl.constexpr):
    # keep mask [BLOCK_B, 4] of elements e0 + 4*j + w (a row starting at element e0)
    blk = (e0 >> 2) + tl.arange(0, BLOCK_B).to(tl.int64)
    t = (e0 & 3) + tl.arange(0, 4)[None, :]
    r0, r1, r2, r3 = words(rng_ptr, blk)
    if ALIGNED:
        word = pick(t, r0, r1, r2, r3)
    else:
        q0, q1, q2, q3 = words(rng_ptr, blk + 1)
        word = tl.where(t < 4, pick(t, r0, r1, r2, r3), pick(t - 4, q0, q1, q2, q3))
    return word >= thr.to(tl.uint32, bitcast=True)


@triton.jit(do_not_specialize=["thr", "start_blk"])
def bias_dropout_add_kernel(x_ptr, bias_ptr, res_ptr, out_ptr, rng_ptr, numel, bias_n, thr,
                            scale, start_blk, HAS_BIAS: tl.constexpr, BIAS_ROWS: tl.constexpr,
                            BIAS_WIDE: tl.constexpr,
                            HAS_RES: tl.constexpr,
                            DROP: tl.constexpr, BLOCK_B: tl.constexpr,
                            EMULATE_RTNE: tl.constexpr):
    # x[0] is element 4 * start_blk of the call's mask (0 but for tests of the index math)
    pid = tl.program_id(0).to(tl.int64)
    blk = pid * BLOCK_B + tl.arange(0, BLOCK_B).to(tl.int64)
    idx = blk[:, None] * 4 + tl.arange(0, 4)[None, :]
    m = idx < numel
    v = tl.load(x_ptr + idx, mask=m, other=0.0).to(tl.float32)
    if HAS_BIAS:
        # bias index idx % bias_n: one 64-bit remainder per program, 32-bit ones after that;
        # with bias_n % 4 == 0 one per tile row, which keeps the row's 4 loads contiguous
        base = ((pid * BLOCK_B * 4) % bias_n).to(tl.int32)
        if BIAS_ROWS:
            first = base + tl.arange(0, BLOCK_B) * 4
            if BIAS_WIDE:  # bias_n >= the tile: first < 2 * bias_n, a compare does
                first = tl.where(first >= bias_n, first - bias_n, first)
            else:
                first = first % bias_n
            first = tl.multiple_of(first, 4)
            col = first[:, None] + tl.arange(0, 4)[None, :]
        else:
            col = (base + tl.arange(0, BLOCK_B)[:, None] * 4 + tl.arange(0, 4)[None, :]) % bias_n
        v = v + tl.load(bias_ptr + col, mask=m, other=0.0).to(tl.float32)
    if DROP:
        v = tl.where(keep_aligned(rng_ptr, start_blk + blk, thr), v * scale, 0.0)
    if HAS_RES:
        v = v + tl.load(res_ptr + idx, mask=m, other=0.0).to(tl.float32)
    tl.store(out_ptr + idx, rounded(v, out_ptr.dtype.element_ty, EMULATE_RTNE), mask=m)


@triton.jit(do_not_specialize=["thr"])
def norm_fwd_kernel(x_ptr, res_ptr, w_ptr, b_ptr, xb_ptr, out_ptr, h_ptr, mean_ptr, rstd_ptr,
                    rng_ptr, N, thr, scale, eps, HAS_RES: tl.constexpr, HAS_W: tl.constexpr,
                    HAS_B: tl.constexpr, HAS_XB: tl.constexpr, DROP: tl.constexpr,
                    RMS: tl.constexpr, ALIGNED: tl.constexpr, BLOCK_B: tl.constexpr,
                    EMULATE_RTNE: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    e0 = row * N
    col = tl.arange(0, BLOCK_B)[:, None] * 4 + tl.arange(0, 4)[None, :]
    valid = col < N
    idx = e0 + col
    v = tl.load(x_ptr + idx, mask=valid, other=0.0).to(tl.float32)
    if HAS_XB:
        v = v + tl.load(xb_ptr + col, mask=valid, other=0.0).to(tl.float32)
    if DROP:
        v = tl.where(keep_row(rng_ptr, e0, BLOCK_B, thr, ALIGNED), v * scale, 0.0)
    if HAS_RES:
        v = v + tl.load(res_ptr + idx, mask=valid, other=0.0).to(tl.float32)
    h = rounded(v, h_ptr.dtype.element_ty, EMULATE_RTNE)
    tl.store(h_ptr + idx, h, mask=valid)
    hf = tl.where(valid, h.to(tl.float32), 0.0)  # the norm reads the rounded h
    if RMS:
        rstd = tl.rsqrt(total(hf * hf) / N + eps)
        y = hf * rstd
    else:
        mean = total(hf) / N
        c = tl.where(valid, hf - mean, 0.0)
        rstd = tl.rsqrt(total(c * c) / N + eps)
        y = c * rstd
        tl.store(mean_ptr + row, mean)
    tl.store(rstd_ptr + row, rstd)
    if HAS_W:
        y = y * tl.load(w_ptr + col, mask=valid, other=0.0).to(tl.float32)
    if HAS_B:
        y = y + tl.load(b_ptr + col, mask=valid, other=0.0).to(tl.float32)
    tl.store(out_ptr + idx, rounded(y, out_ptr.dtype.element_ty, EMULATE_RTNE), mask=valid)


@triton.jit(do_not_specialize=["thr"])
def norm_bwd_kernel(dy_ptr, dh_ptr, h_ptr, mean_ptr, rstd_ptr, w_ptr, dx_ptr, dres_ptr,
                    dw_ptr, db_ptr, rng_ptr, n_rows, N, thr, scale, HAS_DH: tl.constexpr,
                    HAS_W: tl.constexpr, WANT_B: tl.constexpr, DROP: tl.constexpr,
                    RMS: tl.constexpr, ALIGNED: tl.constexpr, BLOCK_B: tl.constexpr,
                    EMULATE_RTNE: tl.constexpr):
    # Each program takes rows pid, pid + G, ... and accumulates its dweight/dbias partials
    # in registers (written once at the end as row ``pid`` of a [G, N] buffer).
    pid = tl.program_id(0)
    G = tl.num_programs(0)
    col = tl.arange(0, BLOCK_B)[:, None] * 4 + tl.arange(0, 4)[None, :]
    valid = col < N
    if HAS_W:
        wt = tl.load(w_ptr + col, mask=valid, other=0.0).to(tl.float32)
    dw_acc = tl.full([BLOCK_B, 4], 0.0, tl.float32)
    db_acc = tl.full([BLOCK_B, 4], 0.0, tl.float32)
    for r in range(pid, n_rows, G):
        row = tl.full((), 0, tl.int64) + r  # int64 also where r is a Python int (interpreter)
        e0 = row * N
        idx = e0 + col
        dy = tl.load(dy_ptr + idx, mask=valid, other=0.0).to(tl.float32)
        hf = tl.load(h_ptr + idx, mask=valid, other=0.0).to(tl.float32)
        rstd = tl.load(rstd_ptr + row)
        if RMS:
            xhat = hf * rstd
        else:
            xhat = tl.where(valid, (hf - tl.load(mean_ptr + row)) * rstd, 0.0)
        if HAS_W:
            wdy = dy * wt
        else:
            wdy = dy
        c1 = total(xhat * wdy) / N
        if RMS:
            dh = (wdy - xhat * c1) * rstd
        else:
            c2 = total(wdy) / N
            dh = (wdy - (xhat * c1 + c2)) * rstd
        if HAS_DH:
            dh = dh + tl.load(dh_ptr + idx, mask=valid, other=0.0).to(tl.float32)
        tl.store(dres_ptr + idx, rounded(dh, dres_ptr.dtype.element_ty, EMULATE_RTNE),
                 mask=valid)
        if DROP:
            dh = tl.where(keep_row(rng_ptr, e0, BLOCK_B, thr, ALIGNED), dh * scale, 0.0)
        tl.store(dx_ptr + idx, rounded(dh, dx_ptr.dtype.element_ty, EMULATE_RTNE), mask=valid)
        dw_acc += dy * xhat
        db_acc += dy
    part = pid.to(tl.int64) * N + col
    if HAS_W:
        tl.store(dw_ptr + part, dw_acc, mask=valid)
    if WANT_B:
        tl.store(db_ptr + part, db_acc, mask=valid)


@triton.jit(do_not_specialize=["thr"])
def dropout_bias_bwd_kernel(g_ptr, gx_ptr, gb_ptr, rng_ptr, n_rows, N, thr, scale,
                            DROP: tl.constexpr, BLOCK_B: tl.constexpr,
                            EMULATE_RTNE: tl.constexpr):
    # Backward of bias_dropout_add with a bias over the last dim N (N % 4 == 0): gx = dropout(g)
    # and the bias gradient's fp32 partial sums in one pass. Program (pid, cb) takes columns
    # cb * 4 * BLOCK_B ... of rows pid, pid + G, ...; its partial is row ``pid`` of [G, N].
    pid = tl.program_id(0)
    G = tl.num_programs(0)
    cb = tl.program_id(1)
    j = cb * BLOCK_B + tl.arange(0, BLOCK_B)
    col = j[:, None] * 4 + tl.arange(0, 4)[None, :]
    valid = col < N
    acc = tl.full([BLOCK_B, 4], 0.0, tl.float32)
    for r in range(pid, n_rows, G):
        e0 = (tl.full((), 0, tl.int64) + r) * N  # a multiple of 4: tiles stay Philox-aligned
        idx = e0 + col
        g = tl.load(g_ptr + idx, mask=valid, other=0.0).to(tl.float32)
        if DROP:
            g = tl.where(keep_aligned(rng_ptr, (e0 >> 2) + j.to(tl.int64), thr), g * scale, 0.0)
        tl.store(gx_ptr + idx, rounded(g, gx_ptr.dtype.element_ty, EMULATE_RTNE), mask=valid)
        acc += g
    tl.store(gb_ptr + pid.to(tl.int64) * N + col, acc, mask=valid)
