"""PDF of a deck via LibreOffice in headless mode (Debian package ``libreoffice-impress``).

Each conversion runs with its own throw-away LibreOffice profile, so that conversions can run
next to each other and next to a LibreOffice the user has open.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import tr

TIMEOUT_SECONDS = 300


def soffice() -> str:
    """The LibreOffice executable, or a clear error naming the package to install."""
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        raise StadtpulsError(
            tr(
                "Für das PDF wird LibreOffice benötigt (Debian/Ubuntu: apt-get install "
                "libreoffice-impress). Die PowerPoint-Datei wurde trotzdem geschrieben.",
                "The PDF needs LibreOffice (Debian/Ubuntu: apt-get install libreoffice-impress). "
                "The PowerPoint file was written nevertheless.",
            )
        )
    return path


def convert_to_pdf(pptx: Path, pdf: Path) -> Path:
    """Write ``pdf`` from ``pptx``; returns ``pdf``."""
    executable = soffice()
    with tempfile.TemporaryDirectory(prefix="stadtpuls-pdf-") as work:
        work_dir = Path(work)
        command = [
            executable,
            f"-env:UserInstallation={(work_dir / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work_dir),
            str(pptx.resolve()),
        ]
        try:
            completed = subprocess.run(
                command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
            )
        except subprocess.TimeoutExpired as error:
            raise StadtpulsError(
                tr(
                    f"LibreOffice hat das PDF nicht in {TIMEOUT_SECONDS} s erzeugt.",
                    f"LibreOffice did not produce the PDF within {TIMEOUT_SECONDS} s.",
                )
            ) from error
        produced = work_dir / f"{pptx.stem}.pdf"
        if completed.returncode != 0 or not produced.is_file():
            raise StadtpulsError(
                tr(
                    f"LibreOffice konnte das PDF nicht erzeugen: {completed.stderr.strip()}",
                    f"LibreOffice could not produce the PDF: {completed.stderr.strip()}",
                )
            )
        pdf.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(produced), pdf)
    return pdf
