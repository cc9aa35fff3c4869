"""gzip responses spliced from pieces: a large piece that many responses share (a cached page
part) is compressed once, strongly, and only the small per-request pieces around it are
compressed per request.

This works because deflate streams can be concatenated at byte boundaries: a piece compressed
by a fresh compressor and ended with a sync flush refers to no earlier data and leaves the
stream open, so it can follow any other such piece (as pigz does for parallel compression).
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

RAW_DEFLATE = -zlib.MAX_WBITS
# Magic, deflate, no flags, no modification time, no extra flags, unknown operating system.
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
SHARED_LEVEL = 9
REQUEST_LEVEL = 1


def _deflate(data: bytes, level: int, flush: int) -> bytes:
    compressor = zlib.compressobj(level, zlib.DEFLATED, RAW_DEFLATE)
    return compressor.compress(data) + compressor.flush(flush)


@dataclass(frozen=True)
class Precompressed:
    """``data`` with its raw deflate form ready to be spliced into a gzip stream."""

    data: bytes
    deflated: bytes

    @classmethod
    def of(cls, data: bytes) -> Precompressed:
        return cls(data, _deflate(data, SHARED_LEVEL, zlib.Z_SYNC_FLUSH))


def gzip_around(head: bytes, middle: Precompressed, tail: bytes) -> bytes:
    """The gzip file of ``head + middle.data + tail``, compressing only head and tail."""
    crc = zlib.crc32(tail, zlib.crc32(middle.data, zlib.crc32(head)))
    size = len(head) + len(middle.data) + len(tail)
    return b"".join(
        (
            GZIP_HEADER,
            _deflate(head, REQUEST_LEVEL, zlib.Z_SYNC_FLUSH),
            middle.deflated,
            _deflate(tail, REQUEST_LEVEL, zlib.Z_FINISH),
            struct.pack("<II", crc, size & 0xFFFFFFFF),
        )
    )
