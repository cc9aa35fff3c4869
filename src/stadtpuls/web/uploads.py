"""Uploaded files waiting for confirmation: kept in a private temporary folder between the
validation report and the user's "import" click, then deleted. Stale uploads are removed."""

from __future__ import annotations

import re
import secrets
import shutil
import tempfile
import time
from pathlib import Path

from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import tr

MAX_BYTES = 20 * 1024 * 1024
SUFFIXES = (".csv", ".xlsx")
MAX_AGE_SECONDS = 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


class UploadArea:
    """A folder with one sub-folder per pending upload, named by a random token."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or Path(tempfile.gettempdir()) / "stadtpuls-uploads"

    def keep(self, file_name: str, data: bytes) -> tuple[str, Path]:
        """Store ``data`` under its (cleaned) file name; returns the token and the path."""
        name = safe_file_name(file_name)
        if len(data) > MAX_BYTES:
            raise StadtpulsError(
                tr(
                    f"Die Datei ist größer als {MAX_BYTES // (1024 * 1024)} MB.",
                    f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.",
                )
            )
        self._remove_stale()
        token = secrets.token_urlsafe(24)
        folder = self.root / token
        folder.mkdir(parents=True, mode=0o700)
        path = folder / name
        path.write_bytes(data)
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

    def discard(self, token: str) -> None:
        if _TOKEN.match(token):
            shutil.rmtree(self.root / token, ignore_errors=True)

    def _remove_stale(self) -> None:
        if not self.root.is_dir():
            return
        cutoff = time.time() - MAX_AGE_SECONDS
        for folder in self.root.iterdir():
            if folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)


def safe_file_name(file_name: str) -> str:
    """The file's base name without path or odd characters; only .csv and .xlsx pass."""
    base = Path(file_name.replace("\\", "/")).name
    cleaned = re.sub(r"[^\w.\- ]", "_", base).strip(" .") or "upload"
    if Path(cleaned).suffix.lower() not in SUFFIXES:
        raise StadtpulsError(
            tr("Bitte eine CSV- oder XLSX-Datei hochladen.", "Please upload a CSV or XLSX file.")
        )
    return cleaned[-120:]
