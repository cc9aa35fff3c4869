"""Issue 18, finding 4: note pictures are checked by their content, not their name.

A fake ``.png`` or a 109 KB PNG of 900 megapixels was stored, and every report failed from then
on. Pictures must be intact PNG or JPEG files of at most 50 megapixels; a picture stored before
the check is left out of the report instead of breaking it."""

from __future__ import annotations

import base64
import io
import struct
import zlib

import numpy as np
import pytest
from matplotlib import pyplot

from stadtpuls.errors import StadtpulsError
from stadtpuls.io.pictures import MAX_PIXELS, Picture, read_picture
from stadtpuls.services.report import encode_picture
from stadtpuls.services.report_content import _usable


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_header_only(width: int, height: int) -> bytes:
    """A structurally valid PNG claiming ``width`` × ``height`` pixels (a few hundred bytes)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1000, 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", idat)
        + _chunk(b"IEND", b"")
    )


def real(kind: str, width: int = 40, height: int = 30) -> bytes:
    buffer = io.BytesIO()
    pyplot.imsave(buffer, np.random.default_rng(1).random((height, width, 3)), format=kind)
    return buffer.getvalue()


def test_real_png_and_jpeg_pictures_are_read_with_their_size():
    assert read_picture(real("png")) == Picture("png", 40, 30)
    assert read_picture(real("jpeg", 64, 48)) == Picture("jpeg", 64, 48)
    assert encode_picture("foto.JPG", real("jpeg")) == base64.b64encode(real("jpeg")).decode()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"ags;jahr\n01060063;2022\n", "kein PNG- oder JPEG-Bild"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "kein PNG- oder JPEG-Bild"),
        (png_header_only(30_000, 30_000), "30000 × 30000 Pixel sind mehr als 50 Megapixel"),
        (real("png")[:-20], "beschädigt oder unvollständig"),
        (real("jpeg")[:-200], "beschädigt oder unvollständig"),
        (real("png")[:40] + b"X" + real("png")[41:], "beschädigt oder unvollständig"),
    ],
)
def test_what_is_no_intact_bounded_picture_is_refused(data, reason):
    with pytest.raises(StadtpulsError) as caught:
        encode_picture("bild.png", data)
    assert reason in str(caught.value)


def test_the_pixel_limit_is_inclusive():
    side = int(MAX_PIXELS**0.5)
    assert read_picture(png_header_only(side, side)).width == side
    with pytest.raises(ValueError):
        read_picture(png_header_only(side + 1, side))


def test_a_bad_picture_stored_before_the_check_is_left_out_of_the_report():
    bad = base64.b64encode(png_header_only(30_000, 30_000)).decode()
    good = base64.b64encode(real("png")).decode()
    assert (_usable(bad), _usable("kein base64!"), _usable(good)) == ("", "", good)
