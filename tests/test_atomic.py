"""Atomic writes: the whole file or nothing, with ordinary permissions."""

from __future__ import annotations

import os
import stat
import threading

import pytest

from dropsurgeon.atomic import write_bytes, write_text


def test_new_file_gets_umask_mode_and_existing_mode_is_kept(tmp_path):
    umask = os.umask(0o022)
    try:
        new = tmp_path / "new.json"
        write_text(new, "{}")
        assert new.read_text() == "{}"
        assert new.stat().st_mode & 0o777 == 0o644
        old = tmp_path / "old.json"
        old.write_text("x")
        os.chmod(old, 0o600)
        write_text(old, "y")
        assert old.read_text() == "y" and old.stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(umask)


def test_failed_write_leaves_the_old_file_and_no_temp(tmp_path):
    target = tmp_path / "report.json"
    target.write_text("old")
    with pytest.raises(UnicodeEncodeError):
        write_text(target, "\udcff", encoding="utf-8")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_a_device_is_written_in_place_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_bytes(fifo, b"report\n")
    reader.join(timeout=10)
    assert got == [b"report\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still a pipe, not a plain file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]
