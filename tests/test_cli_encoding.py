"""Issue 18 item 31: source files are read in their own encoding (PEP 263); one that Python
cannot decode is DS000 (here: lint FILE; the directory scan and --fix use the same helpers)."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dropsurgeon.linter.api import lint
from dropsurgeon.linter.encoding import (
    SourceDecodeError,
    decode_source,
    encode_source,
    read_source,
)

LATIN1 = "# -*- coding: latin-1 -*-\nNAME = 'Café'\n".encode("latin-1")
BROKEN = b"import torch.nn as nn\n\nNAME = 'caf\xe9'\n"  # latin-1 bytes, no declaration


def test_a_declared_encoding_is_honoured_and_kept():
    source = decode_source(LATIN1)
    assert "Café" in source.text and source.encoding == "iso-8859-1"
    assert encode_source(source.text, source.encoding) == LATIN1


def test_a_bom_survives_the_round_trip():
    data = "\ufeffx = 'é'\n".encode()
    source = decode_source(data)
    assert source.text == "x = 'é'\n" and source.encoding == "utf-8-sig"
    assert encode_source(source.text, source.encoding) == data


def test_bytes_python_cannot_decode_are_an_error_with_the_line(tmp_path):
    with pytest.raises(SyntaxError):  # Python itself refuses the file
        compile(BROKEN, "broken.py", "exec")
    path = tmp_path / "broken.py"
    path.write_bytes(BROKEN)
    with pytest.raises(SourceDecodeError, match="byte 0xe9 at line 3 is not utf-8") as info:
        read_source(path)
    assert info.value.line == 3


def test_an_unknown_declared_encoding_is_an_error():
    with pytest.raises(SourceDecodeError, match="cannot decode"):
        decode_source(b"# coding: no-such-codec\nx = 1\n")


@pytest.mark.parametrize("cookie", ["# -*- coding: future_fstrings -*-",
                                    "#!/usr/bin/env python\n# coding=future-annotations"])
def test_a_backport_codec_cookie_reads_as_utf8(cookie):
    # `future-fstrings`/`future-annotations` only rewrite syntax for old Pythons: the text
    # itself is UTF-8 (and is linted, not reported as undecodable)
    src = decode_source(f"{cookie}\nname = 'Café'\n".encode())
    assert src.encoding == "utf-8" and "Café" in src.text
    with pytest.raises(SourceDecodeError):  # only the cookie lines count
        decode_source(b"# coding: no-such-codec\n# coding: future_fstrings\nx = 1\n")


def test_lint_file_reports_ds000_for_an_undecodable_file(tmp_path):
    path = tmp_path / "broken.py"
    path.write_bytes(BROKEN)
    report = lint(str(path))
    assert [(f.code, f.line) for f in report.findings] == [("DS000", 3)]
    assert report.models == [] and report.exit_code() == 1


def test_lint_file_reads_a_latin1_model(tmp_path):
    path = tmp_path / "m.py"
    path.write_bytes(b"# coding: latin-1\n" + b"""
import torch.nn as nn
import torch.nn.functional as F

NAME = 'caf\xe9'


class Net(nn.Module):
    def forward(self, x):
        return F.dropout(x, 0.5)
""")
    report = lint(str(path), static_only=True)
    assert [f.code for f in report.findings] == ["DS101"]


@given(st.text(alphabet=st.characters(codec="latin-1", exclude_categories=("Cs",)), max_size=40),
       st.sampled_from(["utf-8", "latin-1", "cp1252", "utf-8-sig"]))
def test_decode_encode_round_trip(body, codec):
    text = f"# coding: {codec.replace('-sig', '')}\nx = {body!r}\n"
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        data = None  # cp1252 lacks a few latin-1 code points: not a file one can write
    assume(data is not None)
    source = decode_source(data)
    assert source.text == text
    assert encode_source(source.text, source.encoding) == data
