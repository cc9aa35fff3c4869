"""gzip spliced from separately compressed pieces must be one valid gzip file of the whole."""

import gzip
import zlib

from hypothesis import given
from hypothesis import strategies as st

from stadtpuls.web.compression import Precompressed, gzip_around


@given(st.binary(max_size=5000), st.binary(max_size=20000), st.binary(max_size=5000))
def test_spliced_gzip_decompresses_to_the_whole(head: bytes, middle: bytes, tail: bytes) -> None:
    spliced = gzip_around(head, Precompressed.of(middle), tail)
    assert gzip.decompress(spliced) == head + middle + tail
    # As HTTP clients read it (httpx, urllib3): one stream, nothing left over.
    reader = zlib.decompressobj(16 + zlib.MAX_WBITS)
    assert reader.decompress(spliced) + reader.flush() == head + middle + tail
    assert reader.eof and reader.unused_data == b""


def test_shared_piece_is_compressed_once_and_reused() -> None:
    shared = Precompressed.of(b"<tr><td>Norderstedt</td></tr>" * 2000)
    first = gzip_around(b"<p>user a</p>", shared, b"</main>")
    second = gzip_around(b"<p>user bb</p>", shared, b"</main>")
    assert shared.deflated in first and shared.deflated in second
    assert gzip.decompress(second) == b"<p>user bb</p>" + shared.data + b"</main>"
    assert len(first) < len(shared.data) // 20
