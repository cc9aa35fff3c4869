"""Issue 18, finding 11: ``--template`` had no size or zip-bomb check (a 1 MB template with a
1 GiB part used 3.3 GB), and a template kept in a snapshot cost that again on every download.
The workbook guard checks every template, when it is read and when a snapshot is drawn again."""

from __future__ import annotations

import time
import zipfile

import pytest

from stadtpuls.errors import StadtpulsError
from stadtpuls.reports import template as templates
from stadtpuls.reports.template import DEFAULT_TEMPLATE, Template, open_template


def bomb_template(path, megabytes: int = 100):
    """The default template plus one part of ``megabytes`` MB of zeros (about 0.1 MB packed)."""
    with (
        zipfile.ZipFile(DEFAULT_TEMPLATE) as source,
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for member in source.infolist():
            target.writestr(member.filename, source.read(member))
        with target.open("ppt/media/image99.png", "w") as part:
            for _ in range(megabytes):
                part.write(bytes(1 << 20))
    return path


def test_a_template_that_unpacks_beyond_the_limit_is_refused_at_once(tmp_path):
    path = bomb_template(tmp_path / "vorlage.pptx")
    assert path.stat().st_size < 1_000_000
    started = time.perf_counter()
    with pytest.raises(StadtpulsError, match="entpackt größer als 64 MB"):
        Template.read(path)
    assert time.perf_counter() - started < 2.0


def test_a_template_kept_in_an_old_snapshot_is_checked_before_it_is_opened(tmp_path):
    stored = Template("alt.pptx", bomb_template(tmp_path / "alt.pptx").read_bytes())
    with pytest.raises(StadtpulsError, match=r"alt\.pptx"):
        open_template(stored)


def test_a_template_file_larger_than_the_limit_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(templates, "MAX_TEMPLATE_BYTES", 1000)
    with pytest.raises(StadtpulsError, match="größer als 0 MB"):
        Template.read(DEFAULT_TEMPLATE)


def test_the_shipped_template_passes():
    presentation = open_template(Template.read(DEFAULT_TEMPLATE))
    assert len(presentation.slide_layouts) > 3
