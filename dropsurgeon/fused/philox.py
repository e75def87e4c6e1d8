"""Philox4x32-10 in pure PyTorch, and the dropout mask it defines.

The mask (docs/fused.md): for a call with 64-bit ``seed`` s and 64-bit ``offset`` o, element i
(a 64-bit index into the row-major contiguous input) uses Philox block b = i // 4 and output
word i % 4 of ``philox(counter=(lo32(b), hi32(b), lo32(o), hi32(o)), key=(lo32(s), hi32(s)))``
and is kept iff that word >= T(p) = min(2^32 - 1, round(p * 2^32)).

Arithmetic: uint32 values live in int64 tensors. A 32x32-bit product does not fit in int64,
so the multiplier is split into 16-bit halves; every intermediate stays below 2^49 and no
operation relies on signed overflow. ``seed``/``offset`` may be Python ints or int64 tensors
(0-dim, on any device): as tensors they never leave the device, so the reference path needs
no host sync and is traceable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Union

from .validate import check_p

if TYPE_CHECKING:
    import torch

IntLike = Union[int, "torch.Tensor"]

MASK32 = 0xFFFFFFFF
# Random123's Philox4x32 multipliers and Weyl key increments (same as triton.language.random)
M0 = 0xD2511F53
M1 = 0xCD9E8D57
W0 = 0x9E3779B9
W1 = 0xBB67AE85
ROUNDS = 10
# Philox blocks per chunk: on CPU, chunks whose ~20 int64 temporaries stay in cache run ~5x
# faster than one pass over a large tensor; on a GPU, large chunks keep launches few.
_CHUNK_BLOCKS = {"cpu": 1 << 13}
_CHUNK_DEFAULT = 1 << 22


def threshold(p: float) -> int:
    """T(p) = min(2^32 - 1, round(p * 2^32)): an element is kept iff its word >= T(p)."""
    return min(MASK32, round(p * 2.0**32))


def as_int64(value: int) -> int:
    """An unsigned 64-bit value (0 <= value < 2^64) as the int64 with the same bits."""
    value = int(value)
    if not 0 <= value < 2**64:
        raise ValueError(f"seed/offset must be in [0, 2**64), got {value}")
    return value - 2**64 if value >= 2**63 else value


def _mulhilo(m: int, c: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(hi32, lo32) of the 64-bit product of constant m and uint32 values c (int64 tensor)."""
    m_lo, m_hi = m & 0xFFFF, m >> 16
    p0 = c * m_lo  # < 2^48
    p1 = c * m_hi  # < 2^48
    t = p0 + ((p1 & 0xFFFF) << 16)  # < 2^49: low part of the product plus carry
    lo = t & MASK32
    hi = (p1 >> 16) + (t >> 32)
    return hi, lo


def philox4x32(
    c0: torch.Tensor,
    c1: torch.Tensor,
    c2: torch.Tensor,
    c3: torch.Tensor,
    k0: IntLike,
    k1: IntLike,
    rounds: int = ROUNDS,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Philox4x32-R on uint32 counters held in int64 tensors (broadcasting); key (k0, k1)."""
    for r in range(rounds):
        if r:
            # Random123 bumps the key before rounds 2..R
            k0 = (k0 + W0) & MASK32
            k1 = (k1 + W1) & MASK32
        hi0, lo0 = _mulhilo(M0, c0)
        hi1, lo1 = _mulhilo(M1, c2)
        c0, c1, c2, c3 = hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0
    return c0, c1, c2, c3


def _split(value: IntLike, device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
    """(lo32, hi32) of a 64-bit seed/offset, as int64 scalars on ``device``."""
    import torch

    if isinstance(value, torch.Tensor):
        v = value.to(device=device, dtype=torch.int64).reshape(())
    else:
        v = torch.tensor(as_int64(value), dtype=torch.int64, device=device)
    # arithmetic shift then mask: the hi word of the two's-complement bits
    return v & MASK32, (v >> 32) & MASK32


def random_words(
    seed: IntLike,
    offset: IntLike,
    numel: int,
    device: torch.device | str = "cpu",
    *,
    start: int = 0,
) -> torch.Tensor:
    """The uint32 word (in an int64 tensor) of elements start .. start+numel-1, flat."""
    import torch

    device = torch.device(device)
    if numel < 0 or start < 0:
        raise ValueError("numel and start must be non-negative")
    if numel == 0:
        return torch.empty(0, dtype=torch.int64, device=device)
    first, last = start // 4, (start + numel - 1) // 4
    k0, k1 = _split(seed, device)
    o_lo, o_hi = _split(offset, device)
    end = start + numel
    out = torch.empty(numel, dtype=torch.int64, device=device)
    chunk = _CHUNK_BLOCKS.get(device.type, _CHUNK_DEFAULT)  # also bounds temporary memory
    for b0 in range(first, last + 1, chunk):
        b1 = min(b0 + chunk, last + 1)
        b = torch.arange(b0, b1, dtype=torch.int64, device=device)
        zero = torch.zeros_like(b)
        words = philox4x32(b & MASK32, (b >> 32) & MASK32, zero + o_lo, zero + o_hi, k0, k1)
        flat = torch.stack(words, dim=1).reshape(-1)  # element 4b + w is word w of block b
        lo, hi = max(start, 4 * b0), min(end, 4 * b1)
        out[lo - start : hi - start] = flat[lo - 4 * b0 : hi - 4 * b0]
    return out


def keep_mask(
    seed: IntLike,
    offset: IntLike,
    numel: int,
    p: float,
    device: torch.device | str = "cpu",
    *,
    start: int = 0,
) -> torch.Tensor:
    """The reference keep mask: BoolTensor of ``numel`` elements, True where kept.

    ``start`` gives the 64-bit index of the first element (a slice of a larger tensor's mask),
    so masks of tensors past 2^31 elements can be checked without allocating them.
    """
    check_p(p)
    return random_words(seed, offset, numel, device, start=start) >= threshold(p)

