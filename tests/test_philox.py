"""The mask definition: Philox4x32-10 against Random123's known answers; the mask's statistics."""

from __future__ import annotations

import math

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from dropsurgeon.fused import FusedArgumentError, keep_mask, threshold
from dropsurgeon.fused.philox import as_int64, philox4x32, random_words

M32 = 0xFFFFFFFF

# Random123 tests/kat_vectors, philox4x32 10: counter, key, expected output (hex words)
KAT = [
    ((0, 0, 0, 0), (0, 0), (0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8)),
    ((M32, M32, M32, M32), (M32, M32), (0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD)),
    ((0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344), (0xA4093822, 0x299F31D0),
     (0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1)),
]


def _philox_int(ctr: tuple[int, ...], key: tuple[int, ...], rounds: int = 10) -> tuple[int, ...]:
    """Philox4x32 in plain Python ints: an oracle independent of the tensor arithmetic."""
    c0, c1, c2, c3 = ctr
    k0, k1 = key
    for r in range(rounds):
        if r:
            k0, k1 = (k0 + 0x9E3779B9) & M32, (k1 + 0xBB67AE85) & M32
        p0, p1 = 0xD2511F53 * c0, 0xCD9E8D57 * c2
        c0, c1, c2, c3 = (p1 >> 32) ^ c1 ^ k0, p1 & M32, (p0 >> 32) ^ c3 ^ k1, p0 & M32
    return c0, c1, c2, c3


@pytest.mark.parametrize("ctr,key,expected", KAT)
def test_random123_known_answers(ctr, key, expected):
    got = philox4x32(*(torch.tensor([c]) for c in ctr), *key)
    assert tuple(int(g) for g in got) == expected
    assert _philox_int(ctr, key) == expected


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, M32), min_size=6, max_size=6))
def test_tensor_philox_equals_int_philox(words):
    ctr, key = tuple(words[:4]), tuple(words[4:])
    got = philox4x32(*(torch.tensor([c]) for c in ctr), torch.tensor(key[0]), torch.tensor(key[1]))
    assert tuple(int(g) for g in got) == _philox_int(ctr, key)


def _words_by_definition(seed: int, offset: int, index: int) -> int:
    b = index // 4
    ctr = (b & M32, b >> 32, offset & M32, offset >> 32)
    return _philox_int(ctr, (seed & M32, seed >> 32))[index % 4]


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**64 - 1), offset=st.integers(0, 2**64 - 1),
       start=st.integers(0, 2**40), n=st.integers(1, 9))
def test_words_follow_the_definition(seed, offset, start, n):
    got = random_words(seed, offset, n, start=start).tolist()
    want = [_words_by_definition(seed, offset, start + i) for i in range(n)]
    assert got == want


def test_seed_and_offset_as_tensors_equal_ints():
    seed, offset = 2**64 - 3, 2**63 + 11
    as_ints = random_words(seed, offset, 50)
    as_tensors = random_words(torch.tensor(as_int64(seed)), torch.tensor(as_int64(offset)), 50)
    assert torch.equal(as_ints, as_tensors)


def test_slices_past_2_31_and_2_34_elements():
    # the mask of a slice is that slice of the whole mask; checked past 32-bit element and
    # block indices without allocating the tensor
    for start in (2**31 - 2, 2**32 + 1, 2**34 + 3):
        whole = random_words(7, 2**33, 64, start=start - 30)
        part = random_words(7, 2**33, 20, start=start)
        assert torch.equal(whole[30:50], part)
        assert random_words(7, 2**33, 1, start=start).item() == _words_by_definition(
            7, 2**33, start)


def test_threshold():
    assert threshold(0.0) == 0
    assert threshold(0.5) == 2**31
    assert threshold(0.1) == round(0.1 * 2**32)
    assert threshold(1 - 2**-40) == M32  # capped, never 2**32
    # p = 0.1 is kept with probability 1 - T/2^32: exact to 2^-32, no rounding to 1/256
    assert abs(threshold(0.1) / 2**32 - 0.1) < 2**-32


@pytest.mark.parametrize("p", [-0.1, 1.0, 1.5, float("nan")])
def test_rate_outside_unit_interval_raises(p):
    with pytest.raises(FusedArgumentError, match="dropout probability"):
        keep_mask(0, 0, 10, p)
    with pytest.raises(ValueError):
        keep_mask(0, 0, 10, p)


N_STAT = 1 << 20


@pytest.mark.parametrize("p", [0.01, 0.1, 0.5, 0.9, 0.1234567])
def test_keep_rate_z_test(p):
    # 0.1234567 is no multiple of 1/256: a rate rounded to 8 bits (0.12109375) would be off by
    # ~0.0024, i.e. ~70 standard errors at this n
    kept = keep_mask(12345, 678, N_STAT, p).sum().item()
    q = 1 - p
    z = (kept - N_STAT * q) / math.sqrt(N_STAT * p * q)
    assert abs(z) < 5, z


def test_calls_with_different_offsets_or_seeds_are_independent():
    a = keep_mask(1, 0, 1 << 16, 0.5).float()
    for other in (keep_mask(1, 1, 1 << 16, 0.5), keep_mask(1, 2**32, 1 << 16, 0.5),
                  keep_mask(2, 0, 1 << 16, 0.5), keep_mask(1 + 2**32, 0, 1 << 16, 0.5)):
        agree = (a == other.float()).float().mean().item()
        assert abs(agree - 0.5) < 5 * 0.5 / math.sqrt(1 << 16)


def test_rows_and_tiles_are_independent_and_do_not_repeat():
    # a [rows, d] activation: mask rows uncorrelated, and no period of 32 rows (xFormers' bug)
    rows, d = 512, 256
    m = keep_mask(99, 5, rows * d, 0.5).view(rows, d).float()
    centred = m - m.mean()
    corr = torch.corrcoef(centred)
    off_diag = corr[~torch.eye(rows, dtype=torch.bool)]
    # each correlation has standard error ~1/sqrt(d); no pair looks related beyond 6 se
    assert off_diag.abs().max().item() < 6 / math.sqrt(d)
    assert abs(off_diag.mean().item()) < 6 / math.sqrt(d * rows)
    for period in (1, 8, 16, 32, 64):
        assert not torch.equal(m[:period], m[period:2 * period])
    # tiles as a kernel program sees them (2048 elements): consecutive tiles uncorrelated
    tiles = keep_mask(99, 6, 64 * 2048, 0.5).view(64, 2048).float()
    tcorr = torch.corrcoef(tiles - tiles.mean())
    assert tcorr[~torch.eye(64, dtype=torch.bool)].abs().max().item() < 6 / math.sqrt(2048)
    # the four words of a block are not tied to each other
    w = random_words(3, 4, 1 << 16).view(-1, 4).float()
    corr4 = torch.corrcoef(w.T)
    assert (corr4 - torch.eye(4)).abs().max().item() < 6 / math.sqrt(w.shape[0])


def test_keep_mask_device_argument_and_shape():
    m = keep_mask(0, 0, 1001, 0.3, "cpu")
    assert m.dtype == torch.bool and m.shape == (1001,)
    assert keep_mask(0, 0, 0, 0.3).numel() == 0
