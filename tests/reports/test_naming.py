"""The file name a report is offered under (CLI default and web download)."""

from __future__ import annotations

import dataclasses

from reports.sample import empty_content
from stadtpuls.reports.naming import default_file_name


def test_file_name_follows_language_city_and_date():
    assert default_file_name(empty_content("de")) == "statusbericht_norderstedt_2022-10-24.pptx"
    assert default_file_name(empty_content("en")) == "status_report_norderstedt_2022-10-24.pptx"


def test_city_names_become_lowercase_slugs_keeping_umlauts():
    content = dataclasses.replace(empty_content(), city_name="Frankfurt (Oder) / Süd")
    assert default_file_name(content) == "statusbericht_frankfurt-oder-süd_2022-10-24.pptx"
