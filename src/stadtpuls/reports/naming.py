"""The file name a generated report is offered under, shared by the CLI and the web."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stadtpuls.reports.content import ReportContent


def default_file_name(content: ReportContent) -> str:
    """``statusbericht_norderstedt_2022-10-24.pptx`` (``status_report_…`` in English)."""
    slug = re.sub(r"[^a-z0-9äöüß]+", "-", content.city_name.casefold()).strip("-")
    stem = "status_report" if content.language == "en" else "statusbericht"
    return f"{stem}_{slug}_{content.as_of}.pptx"
