"""What a note's picture really is: PNG or JPEG checked by content, not by its name.

A fake ``.png`` or a 109 KB PNG of 900 megapixels was stored with a note, and from then on every
report failed. :func:`picture_problem` reads the file's structure the way a decoder starts to:
the PNG signature and every chunk with its checksum (``IHDR`` first, ``IDAT``, ``IEND`` last),
or the JPEG markers up to the frame header and the end-of-image marker; and the pixel count
from the header. It decodes no pixels (no image library needed), so it costs microseconds.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

from stadtpuls.i18n import format_number, tr

#: Pixels of a picture (a 48-megapixel phone photo passes; a decompression bomb does not).
MAX_PIXELS = 50_000_000
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG_FRAMES = frozenset(
    {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
)
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})


@dataclass(frozen=True)
class Picture:
    kind: str  # "png" or "jpeg"
    width: int
    height: int


class _Broken(Exception):
    """The structure is not what the format requires."""


def read_picture(data: bytes) -> Picture:
    """The format and size of ``data``; ValueError (with the reason in words) if it is no
    intact PNG or JPEG or has more than :data:`MAX_PIXELS` pixels."""
    try:
        if data.startswith(_PNG):
            picture = _png(data)
        elif data.startswith(b"\xff\xd8\xff"):
            picture = _jpeg(data)
        else:
            raise ValueError(tr("kein PNG- oder JPEG-Bild", "not a PNG or JPEG picture"))
    except (_Broken, struct.error, IndexError):
        raise ValueError(
            tr("das Bild ist beschädigt oder unvollständig", "the picture is damaged or incomplete")
        ) from None
    if picture.width * picture.height > MAX_PIXELS:
        raise ValueError(
            tr(
                f"{picture.width} × {picture.height} Pixel sind mehr als "
                f"{format_number(MAX_PIXELS / 1e6, 0)} Megapixel: bitte verkleinern",
                f"{picture.width} × {picture.height} pixels are more than "
                f"{format_number(MAX_PIXELS / 1e6, 0)} megapixels: please make it smaller",
            )
        )
    return picture


def picture_problem(data: bytes) -> str | None:
    """Why ``data`` is no usable picture, or None."""
    try:
        read_picture(data)
    except ValueError as problem:
        return str(problem)
    return None


def _png(data: bytes) -> Picture:
    position, kinds, size = len(_PNG), [], (0, 0)
    while position < len(data):
        (length,) = struct.unpack_from(">I", data, position)
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack_from(">I", data, position + 8 + length)
        if len(body) != length or zlib.crc32(kind + body) != crc:
            raise _Broken
        if kind == b"IHDR":
            size = struct.unpack_from(">II", body)
        kinds.append(kind)
        position += 12 + length
        if kind == b"IEND":
            break
    if not kinds or kinds[0] != b"IHDR" or kinds[-1] != b"IEND" or b"IDAT" not in kinds:
        raise _Broken
    if 0 in size:
        raise _Broken
    return Picture("png", *size)


def _jpeg(data: bytes) -> Picture:
    position, size = 2, None
    while True:
        if data[position] != 0xFF:
            raise _Broken
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker in _STANDALONE:
            position += 2
            continue
        (length,) = struct.unpack_from(">H", data, position + 2)
        if marker in _JPEG_FRAMES:
            height, width = struct.unpack_from(">HH", data, position + 5)
            size = (width, height)
        if marker == 0xDA:  # start of scan: compressed data follows, up to the end marker
            break
        position += 2 + length
    if size is None or 0 in size or data.rfind(b"\xff\xd9") <= position:
        raise _Broken
    return Picture("jpeg", *size)
