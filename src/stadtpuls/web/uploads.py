"""The one upload policy of the web and the API (observation files).

* **after authentication**: an upload route declares no file parameter (FastAPI would read the
  body before checking who sends it); it checks the account first and then calls
  :func:`receive_upload`, which raises the request's body limit to the editors' upload limit
  (``WebSettings.upload_limit_mb``, default 20 MB) and only then reads the body. Before that,
  every request is held to the small limit (:mod:`stadtpuls.web.limits`), whatever cookie or
  header it carries.
* **streamed to disk**: the multipart parser spools the file to a temporary file, which is
  copied in blocks into the upload area, counting; nothing holds the whole file in memory, so
  a 48 MB long table of every municipality goes through like a small one, and the same
  all-or-nothing validation (:mod:`stadtpuls.io.reading`) reads it from there.
* **kept briefly**: a validated upload waits for the user's "import" click in the upload area;
  a new upload of the same session discards the earlier one, uploads older than
  :data:`MAX_AGE_SECONDS` are removed.
* **private folders**: the upload area and the report jobs live in folders whose names carry a
  random secret kept in the store (unpredictable to other local users, shared by every server
  process on that store), created with mode 0700 and refused if another user owns them or can
  read them (:func:`private_folder`).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import stat
import tempfile
import time
from pathlib import Path
from typing import IO

from fastapi import HTTPException, Request
from starlette.datastructures import FormData, UploadFile

from stadtpuls import plugins
from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import tr
from stadtpuls.web.csrf import check_form_token
from stadtpuls.web.limits import MIB, allow_body

DEFAULT_UPLOAD_MB = 20
SUFFIXES = (".csv", ".xlsx", ".xlsm")
MAX_AGE_SECONDS = 30 * 60
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
_BLOCK = 1 << 20


def private_folder(name: str, base: Path | None = None) -> Path:
    """``base/name`` (the system's temporary folder by default), created with mode 0700; a
    clear error if it exists but is a link, belongs to another user or others may enter it."""
    folder = (base or Path(tempfile.gettempdir())) / name
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    info = folder.lstat()
    if (
        not stat.S_ISDIR(info.st_mode)
        or info.st_uid != os.geteuid()
        or stat.S_IMODE(info.st_mode) & 0o077
    ):
        raise StadtpulsError(
            tr(
                f"Der Ordner {folder} gehört nicht allein diesem Benutzer (Besitzer, Rechte "
                "oder Verknüpfung): bitte prüfen und entfernen.",
                f"The folder {folder} is not this user's alone (owner, permissions or a "
                "link): please check and remove it.",
            )
        )
    return folder


class UploadArea:
    """A private folder with one sub-folder per pending upload, named by a random token."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def keep(self, file_name: str, source: IO[bytes], limit: int) -> tuple[str, Path]:
        """Copy ``source`` under its (cleaned) file name, at most ``limit`` bytes; returns
        the token and the path."""
        name = safe_file_name(file_name)
        self._remove_stale()
        token = secrets.token_urlsafe(24)
        folder = self.root / token
        folder.mkdir(mode=0o700)
        path = folder / name
        copied = 0
        with path.open("wb") as target:
            while block := source.read(_BLOCK):
                copied += len(block)
                if copied > limit:
                    break
                target.write(block)
        if copied > limit:
            self.discard(token)
            raise StadtpulsError(too_large(limit))
        return token, path

    def path(self, token: str) -> Path:
        """The file kept under ``token``; a clear error if it is gone (expired or used)."""
        folder = self.root / token if _TOKEN.match(token) else None
        files = list(folder.iterdir()) if folder and folder.is_dir() else []
        if len(files) != 1:
            raise StadtpulsError(
                tr(
                    "Die hochgeladene Datei ist nicht mehr vorhanden (abgelaufen oder schon "
                    "importiert). Bitte erneut hochladen.",
                    "The uploaded file is no longer there (expired or already imported). Please "
                    "upload it again.",
                )
            )
        return files[0]

    def discard(self, token: str | None) -> None:
        if token and _TOKEN.match(token):
            shutil.rmtree(self.root / token, ignore_errors=True)

    def _remove_stale(self) -> None:
        cutoff = time.time() - MAX_AGE_SECONDS
        for folder in self.root.iterdir():
            if folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)


def upload_limit(request: Request) -> int:
    """The editors' upload limit of this server, in bytes."""
    return request.app.state.settings.upload_limit_mb * 1024 * 1024


async def receive_upload(request: Request, *, csrf: bool) -> tuple[FormData, str, Path]:
    """Read the multipart body of an authenticated editor's upload: the body limit raised to
    the upload limit, the file streamed into the upload area; ``csrf``: the form must carry
    the session's token (pages; the API authenticates by token). Returns the form, the
    upload's token and its path."""
    limit = upload_limit(request)
    allow_body(request.scope, limit + MIB)
    form = await request.form(max_files=1, max_fields=20)
    if csrf:
        check_form_token(request, form)
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise HTTPException(400, tr("Bitte eine Datei auswählen.", "Please choose a file."))
    token, path = request.app.state.uploads.keep(upload.filename, upload.file, limit)
    return form, token, path


def too_large(limit: int) -> str:
    megabytes = limit // (1024 * 1024)
    return tr(
        f"Die Datei ist größer als {megabytes} MB.", f"The file is larger than {megabytes} MB."
    )


def plugin_suffixes() -> tuple[str, ...]:
    """The file types installed plugins read (:mod:`stadtpuls.plugins`), besides CSV and XLSX."""
    return tuple(r.suffix.lower() for p in plugins.installed().plugins for r in p.plugin.readers)


def safe_file_name(file_name: str) -> str:
    """The file's base name without path or odd characters; only accepted file types pass."""
    base = Path(file_name.replace("\\", "/")).name
    cleaned = re.sub(r"[^\w.\- ]", "_", base).strip(" .") or "upload"
    others = plugin_suffixes()
    if Path(cleaned).suffix.lower() not in (*SUFFIXES, *others):
        listed = "".join(f", {suffix}" for suffix in others)
        raise StadtpulsError(
            tr(
                f"Bitte eine CSV- oder XLSX-Datei{listed} hochladen.",
                f"Please upload a CSV or XLSX file{listed}.",
            )
        )
    return cleaned[-120:]
