"""Issue 18, finding 17: framework codes were not validated; CR/LF, non-Latin-1 or ``/`` in a
code broke the template download (500 or a dropped connection). Codes are plain ASCII now, and
every download header is built by one function that no file name can break."""

from __future__ import annotations

import pytest

from stadtpuls.errors import InputRejected
from stadtpuls.io.frameworks import parse_framework
from stadtpuls.web.headers import attachment

FRAMEWORK = """code: {code}
name: Test
index:
  code: idx
  name: Index
  children:
    - code: a1
      name: A1
      value_type: yes_no
"""


@pytest.mark.parametrize(
    "code", ['"a\\r\\nSet-Cookie: x=1"', "stadt/teil", "ränking", '"тест"', "-x"]
)
def test_a_framework_code_outside_plain_ascii_is_refused(code):
    with pytest.raises(InputRejected) as caught:
        parse_framework(FRAMEWORK.format(code=code), "f.yaml")
    assert any("ist ungültig" in p.reason for p in caught.value.problems)


def test_plain_codes_pass():
    assert parse_framework(FRAMEWORK.format(code="haselhorst_2.0-test"), "f.yaml").code == (
        "haselhorst_2.0-test"
    )


@pytest.mark.parametrize(
    ("name", "plain"),
    [
        ("bericht.pptx", "bericht.pptx"),
        ("a\r\nSet-Cookie: x=1.csv", "a__Set-Cookie: x=1.csv"),
        ('Zwei "Wörter"/Teil.pdf', "Zwei _W_rter__Teil.pdf"),
    ],
)
def test_download_headers_cannot_be_broken_by_a_name(name, plain):
    header = attachment(name)["Content-Disposition"]
    assert header.startswith(f"attachment; filename=\"{plain}\"; filename*=UTF-8''")
    assert all(32 <= ord(c) < 127 for c in header)
