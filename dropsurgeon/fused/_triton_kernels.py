"""The Triton kernels (``@triton.jit`` at module level, as Triton resolves names through the
module's globals).  :mod:`.kernels` loads this file once per mode: compiled, and interpreted
under ``TRITON_INTERPRET=1`` (Triton picks the mode when a function is decorated).
"""

import triton
import triton.language as tl


@triton.jit
def philox(c0, c1, c2, c3, k0, k1):
    # Random123 Philox4x32-10 on uint32 tensors (multipliers 0xD2511F53, 0xCD9E8D57).
    for _ in tl.static_range(10):
        a0 = c0
        a2 = c2
        c0 = tl.umulhi(a2, 0xCD9E8D57) ^ c1 ^ k0
        c2 = tl.umulhi(a0, 0xD2511F53) ^ c3 ^ k1
        c1 = a2 * 0xCD9E8D57
        c3 = a0 * 0xD2511F53
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
                            scale, start_blk, HAS_BIAS: tl.constexpr, HAS_RES: tl.constexpr,
                            DROP: tl.constexpr, BLOCK_B: tl.constexpr):
    # x[0] is element 4 * start_blk of the call's mask (0 but for tests of the index math)
    pid = tl.program_id(0).to(tl.int64)
    blk = pid * BLOCK_B + tl.arange(0, BLOCK_B).to(tl.int64)
    idx = blk[:, None] * 4 + tl.arange(0, 4)[None, :]
    m = idx < numel
    v = tl.load(x_ptr + idx, mask=m, other=0.0).to(tl.float32)
    if HAS_BIAS:
        v = v + tl.load(bias_ptr + idx % bias_n, mask=m, other=0.0).to(tl.float32)
    if DROP:
        v = tl.where(keep_aligned(rng_ptr, start_blk + blk, thr), v * scale, 0.0)
    if HAS_RES:
        v = v + tl.load(res_ptr + idx, mask=m, other=0.0).to(tl.float32)
    tl.store(out_ptr + idx, v.to(out_ptr.dtype.element_ty), mask=m)


@triton.jit(do_not_specialize=["thr"])
def norm_fwd_kernel(x_ptr, res_ptr, w_ptr, b_ptr, xb_ptr, out_ptr, h_ptr, mean_ptr, rstd_ptr,
                    rng_ptr, N, thr, scale, eps, HAS_RES: tl.constexpr, HAS_W: tl.constexpr,
                    HAS_B: tl.constexpr, HAS_XB: tl.constexpr, DROP: tl.constexpr,
                    RMS: tl.constexpr, ALIGNED: tl.constexpr, BLOCK_B: tl.constexpr):
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
    h = v.to(h_ptr.dtype.element_ty)
    tl.store(h_ptr + idx, h, mask=valid)
    hf = tl.where(valid, h.to(tl.float32), 0.0)  # the norm reads the rounded h
    if RMS:
        rstd = tl.rsqrt(tl.sum(tl.sum(hf * hf, axis=1), axis=0) / N + eps)
        y = hf * rstd
    else:
        mean = tl.sum(tl.sum(hf, axis=1), axis=0) / N
        c = tl.where(valid, hf - mean, 0.0)
        rstd = tl.rsqrt(tl.sum(tl.sum(c * c, axis=1), axis=0) / N + eps)
        y = c * rstd
        tl.store(mean_ptr + row, mean)
    tl.store(rstd_ptr + row, rstd)
    if HAS_W:
        y = y * tl.load(w_ptr + col, mask=valid, other=0.0).to(tl.float32)
    if HAS_B:
        y = y + tl.load(b_ptr + col, mask=valid, other=0.0).to(tl.float32)
    tl.store(out_ptr + idx, y.to(out_ptr.dtype.element_ty), mask=valid)


@triton.jit(do_not_specialize=["thr"])
def norm_bwd_kernel(dy_ptr, dh_ptr, h_ptr, mean_ptr, rstd_ptr, w_ptr, dx_ptr, dres_ptr,
                    dw_ptr, db_ptr, rng_ptr, n_rows, N, thr, scale, HAS_DH: tl.constexpr,
                    HAS_W: tl.constexpr, WANT_B: tl.constexpr, DROP: tl.constexpr,
                    RMS: tl.constexpr, ALIGNED: tl.constexpr, BLOCK_B: tl.constexpr):
    # Each program takes rows pid, pid + G, ... and accumulates its dweight/dbias partials
    # in registers (written once at the end as row ``pid`` of a [G, N] buffer).
    pid = tl.program_id(0)
    G = tl.num_programs(0)
    col = tl.arange(0, BLOCK_B)[:, None] * 4 + tl.arange(0, 4)[None, :]
    valid = col < N
    if HAS_W:
        wt = tl.load(w_ptr + col, mask=valid, other=0.0).to(tl.float32)
    dw_acc = tl.zeros([BLOCK_B, 4], dtype=tl.float32)
    db_acc = tl.zeros([BLOCK_B, 4], dtype=tl.float32)
    for r in range(pid, n_rows, G):
        row = tl.to_tensor(r).to(tl.int64)
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
        c1 = tl.sum(tl.sum(xhat * wdy, axis=1), axis=0) / N
        if RMS:
            dh = (wdy - xhat * c1) * rstd
        else:
            c2 = tl.sum(tl.sum(wdy, axis=1), axis=0) / N
            dh = (wdy - (xhat * c1 + c2)) * rstd
        if HAS_DH:
            dh = dh + tl.load(dh_ptr + idx, mask=valid, other=0.0).to(tl.float32)
        tl.store(dres_ptr + idx, dh.to(dres_ptr.dtype.element_ty), mask=valid)
        if DROP:
            dh = tl.where(keep_row(rng_ptr, e0, BLOCK_B, thr, ALIGNED), dh * scale, 0.0)
        tl.store(dx_ptr + idx, dh.to(dx_ptr.dtype.element_ty), mask=valid)
        dw_acc += dy * xhat
        db_acc += dy
    part = pid.to(tl.int64) * N + col
    if HAS_W:
        tl.store(dw_ptr + part, dw_acc, mask=valid)
    if WANT_B:
        tl.store(db_ptr + part, db_acc, mask=valid)
