"""The timeline (Gantt-like SVG): positions computed by hand from the day scale."""

from __future__ import annotations

import re
from datetime import date

from stadtpuls.web import gantt


def test_bars_and_diamonds_sit_on_their_days():
    bars = [gantt.Bar("Konzeption", date(2021, 1, 1), date(2022, 1, 1))]
    diamonds = [gantt.Diamond("1. Beschluss", date(2022, 7, 2), "open", "offen", "#m-1")]
    svg = str(gantt.timeline(bars, diamonds, date(2022, 1, 1), "Zeitplan"))
    # the axis runs from 1 Jan 2021 to 1 Jan 2023: 730 days on 880 - 250 - 16 = 614 units
    scale = 614 / 730
    rect = re.search(r'<rect class="phase" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', svg)
    assert float(rect.group(1)) == 250.0
    assert float(rect.group(2)) == round(365 * scale, 1)
    # a diamond's path starts at its top corner: the due day's x, 8 units above the middle
    path = re.search(r'<path class="ms-open" d="M([\d.]+),', svg)
    assert float(path.group(1)) == round(250 + 547 * scale, 1)  # 2 Jul 2022 is day 547
    today = re.search(r'<line class="today" x1="([\d.]+)"', svg)
    assert float(today.group(1)) == round(250 + 365 * scale, 1)
    assert (
        '<a href="#m-1" aria-label="1. Beschluss: 02.07.2022 (offen)">' in svg
        and "<title>1. Beschluss: 02.07.2022 (offen)</title>" in svg
    )
    assert ">2021</text>" in svg and ">2022</text>" in svg and ">2023</text>" not in svg


def test_a_running_phase_reaches_the_end_of_the_axis():
    svg = str(
        gantt.timeline(
            [gantt.Bar("Umsetzung", date(2022, 10, 1), None)], [], date(2022, 10, 24), "t"
        )
    )
    start = round(250 + (date(2022, 10, 1) - date(2022, 1, 1)).days * 614 / 365, 1)
    width = re.search(r'<rect class="phase" x="[\d.]+" y="[\d.]+" width="([\d.]+)"', svg)
    assert float(width.group(1)) == round(880 - 16 - start, 1)
    assert "Umsetzung (läuft)" in svg


def test_nothing_dated_gives_no_chart():
    assert str(gantt.timeline([], [], date(2022, 1, 1), "t")) == ""
