"""Source files in their own encoding, as Python reads them (PEP 263).

A file declares its encoding in a ``# -*- coding: latin-1 -*-`` cookie or a UTF-8 BOM, else it
is UTF-8.  Reading it any other way is wrong twice: ``Café`` in a latin-1 file would come back
from ``--fix`` as ``CafÃ©`` under its unchanged declaration, and a file Python itself cannot
decode would lint clean.  So a file is decoded with :func:`tokenize.detect_encoding`'s answer,
written back in the same encoding, and one that does not decode is a DS000 finding.
"""

from __future__ import annotations

import io
import os
import re
import tokenize
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..errors import DropsurgeonError
from ..findings import Finding


class SourceDecodeError(DropsurgeonError):
    """The file's bytes are not text in the encoding it declares (or in UTF-8)."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Source:
    text: str
    encoding: str  # as tokenize names it: "utf-8", "utf-8-sig" (a BOM), "iso-8859-1", ...


# codecs of backport packages that only rewrite syntax older Pythons lack: on the Pythons this
# linter runs on (3.10+) they decode plain UTF-8 unchanged (``future-fstrings``,
# ``future-annotations``); a project that declares one installs it as a dependency
_BACKPORT_CODECS = frozenset({b"future_fstrings", b"future-fstrings", b"future_annotations",
                              b"future-annotations"})
_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")  # PEP 263


def decode_source(data: bytes) -> Source:
    """The text of a source file's bytes, decoded the way Python decodes it."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:  # an unknown encoding in the cookie, or a BOM that contradicts it
        cookie = next((m.group(1) for m in map(_COOKIE.match, data.split(b"\n", 2)[:2])
                       if m), None)  # the first cookie of the two lines that may hold one
        if cookie in _BACKPORT_CODECS:
            try:
                return Source(data.decode("utf-8"), "utf-8")
            except UnicodeDecodeError:
                pass
        raise SourceDecodeError(f"cannot decode: {exc.msg if hasattr(exc, 'msg') else exc}",
                                getattr(exc, "lineno", None) or 1) from None
    try:
        return Source(data.decode(encoding), encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceDecodeError(
            f"cannot decode: byte 0x{data[exc.start]:02x} at line {line} is not "
            f"{encoding} (declare the file's encoding with a `# coding:` comment)", line
        ) from None


def encode_source(text: str, encoding: str) -> bytes:
    """``text`` in the file's own encoding (``utf-8-sig`` writes the BOM back)."""
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as exc:
        raise SourceDecodeError(f"cannot encode the fixed text as {encoding}: {exc.reason}"
                                ) from None


def read_source(path: str | os.PathLike) -> Source:
    """A file's text and encoding; OSError as open() raises it, SourceDecodeError if the
    bytes do not decode."""
    with open(path, "rb") as fh:
        return decode_source(fh.read())


def searched_texts(paths: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(path, text) of each readable file, for the repository-wide phase's searches of the
    linted files' text (a keyword passed, a class named): undecodable bytes are replaced,
    an unreadable file is skipped (it was reported when it was linted)."""
    for path in paths:
        try:
            with open(path, encoding="utf-8", errors="replace") as fh:
                yield path, fh.read()
        except OSError:
            continue


def undecodable_finding(path: str, error: SourceDecodeError) -> Finding:
    """DS000 for a file that does not decode: no rule can read it, as for a syntax error."""
    from ..rules.syntax import CODE, RULES

    rule = RULES[0]
    return Finding(code=CODE, severity=rule.severity, message=str(error), path=path,
                   line=error.line, column=0, frontend="source", fix=rule.fix)


__all__ = ["Source", "SourceDecodeError", "decode_source", "encode_source", "read_source",
           "undecodable_finding"]
