"""Issue 18, findings 14, 18, 19, 20 and issue 21 item 7: the one upload policy.

A forged session cookie or any ``Authorization`` header raised the anonymous upload limit
from 1 MiB to 21 MiB (the body was read before authentication); every validated upload was
kept for an hour and earlier ones never discarded; the upload and report folders under /tmp
had predictable names and their owner was never checked; the note form promised 2 MB pictures
but allowed 1 MiB. A district needs uploads larger than 20 MB."""

from __future__ import annotations

import io
import os

import numpy as np
import pytest
from matplotlib import pyplot
from sample_data import load_ranking
from test_hardening import FILE_PART, MIB, MULTIPART, UPLOADS, send_raw
from web_helpers import add_accounts, csrf_of, make_web

from stadtpuls.errors import StadtpulsError
from stadtpuls.web.sessions import SESSION_COOKIE
from stadtpuls.web.settings import WebSettings
from stadtpuls.web.uploads import private_folder


@pytest.mark.parametrize("path", UPLOADS)
@pytest.mark.parametrize(
    "credentials",
    [
        {"authorization": "Bearer sp_erfunden"},
        {"authorization": "Basic YWRtaW46YWRtaW4="},
        {"cookie": f"{SESSION_COOKIE}=gefaelscht.abc.def"},
    ],
)
def test_forged_credentials_do_not_open_the_upload_limit(shared_web_data, path, credentials):
    status, pulled, _headers = send_raw(
        shared_web_data.app, "POST", path, {**MULTIPART, **credentials}, 8, FILE_PART
    )
    assert status in (303, 401, 403)
    assert pulled == 0


def test_a_viewer_cannot_upload_either(shared_web_data):
    headers = {**MULTIPART, "authorization": f"Bearer {shared_web_data.tokens['viewer']}"}
    status, pulled, _headers = send_raw(
        shared_web_data.app, "POST", UPLOADS[0], headers, 8, FILE_PART
    )
    assert (status, pulled) == (403, 0)


def _csv(megabytes: float) -> bytes:
    """A valid long observation table of about ``megabytes`` MB (one city, many notes)."""
    head = "ags,year,indicator,value,note\n01001000,2023,a1,55,"
    return (head + "x" * int(megabytes * MIB) + "\n").encode()


@pytest.fixture
def small_limit(store, seeds):
    def sample(store):
        load_ranking(store)
        return add_accounts(store)

    settings = WebSettings(secret_key="t", city="Norderstedt", framework="mini", upload_limit_mb=2)
    return make_web(store, settings, tokens=seeds.load(store, sample))


def test_the_upload_limit_is_the_configured_one_and_files_stream_through(small_limit, seeds):
    api = small_limit.api("editor")
    fits = api.post("/api/v1/frameworks/mini/observations", files={"file": ("w.csv", _csv(1.5))})
    assert fits.status_code == 201, fits.text  # larger than the 1 MiB of any other request
    too_big = api.post("/api/v1/frameworks/mini/observations", files={"file": ("w.csv", _csv(2.5))})
    assert too_big.status_code in (400, 413)
    assert "2 MB" in too_big.text


def test_a_new_upload_discards_the_pending_one(web_data):
    client = web_data.client("editor")
    area = web_data.app.state.uploads
    form = client.get("/import").text
    body = b"ags,year,indicator,value\n01001000,2023,a1,55\n"
    for _ in range(2):
        answer = client.post(
            "/import",
            data={"csrf_token": csrf_of(form), "framework": "mini"},
            files={"file": ("werte.csv", body)},
        )
        assert answer.status_code == 200, answer.text
    assert len(list(area.root.iterdir())) == 1


def test_an_upload_without_the_forms_token_is_refused(web_data):
    client = web_data.client("editor")
    answer = client.post(
        "/import", data={"framework": "mini"}, files={"file": ("werte.csv", b"ags,year\n")}
    )
    assert answer.status_code == 403
    assert list(web_data.app.state.uploads.root.iterdir()) == []


def test_the_upload_and_report_folders_are_private_and_unpredictable(web_data, store):
    roots = (web_data.app.state.uploads.root, web_data.app.state.reports.folder)
    for root in roots:
        info = root.lstat()
        assert (info.st_uid, info.st_mode & 0o777) == (os.geteuid(), 0o700)
        secret = root.name.removeprefix("stadtpuls-uploads-").removeprefix("stadtpuls-reports-")
        assert secret != root.name and len(secret) >= 8  # a secret, not derived from the URL
    assert roots[0].name != "stadtpuls-uploads"


def test_a_folder_others_may_enter_or_a_link_is_refused(tmp_path):
    shared = tmp_path / "offen"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    with pytest.raises(StadtpulsError, match="nicht allein diesem Benutzer"):
        private_folder("offen", tmp_path)
    (tmp_path / "ziel").mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(tmp_path / "ziel")
    with pytest.raises(StadtpulsError):
        private_folder("link", tmp_path)
    assert private_folder("neu", tmp_path).stat().st_mode & 0o777 == 0o700


def test_the_note_form_takes_the_promised_two_megabyte_picture(web_data):
    """Finding 14: a 1.87 MB picture was a 413."""
    buffer = io.BytesIO()
    noise = np.random.default_rng(7).random((600, 850, 3))
    pyplot.imsave(buffer, noise, format="png")
    picture = buffer.getvalue()
    assert 1.0 * MIB < len(picture) < 2_000_000
    client = web_data.client("editor")
    token = csrf_of(client.get("/report-content").text)
    answer = client.post(
        "/report-content/notes",
        data={"csrf_token": token, "key": "k", "kind": "news", "date": "2022-10-20", "title": "T"},
        files={"picture": ("foto.png", picture, "image/png")},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
