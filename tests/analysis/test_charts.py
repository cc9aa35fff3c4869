"""Rank-interval and sensitivity charts: both formats, stable SVG, the synthetic-data note."""

from __future__ import annotations

import pandas as pd

from stadtpuls.reports.charts import rank_interval_chart, sensitivity_chart

SUMMARY = pd.DataFrame(
    {
        "nominal": [2.0, 1.0, 3.0],
        "mean": [2.2, 1.5, 2.9],
        "median": [2.0, 1.0, 3.0],
        "low": [1.0, 1.0, 2.0],
        "high": [3.0, 2.0, 3.0],
        "width": [2.0, 1.0, 1.0],
    },
    index=pd.Index(["b", "a", "c"], name="unit"),
)
INDICES = pd.DataFrame(
    {
        "first_order": [0.6, 0.1],
        "first_order_low": [0.5, -0.05],
        "first_order_high": [0.7, 0.2],
        "total": [0.8, 0.2],
        "total_low": [0.7, 0.15],
        "total_high": [0.9, 0.25],
    },
    index=pd.Index(["Aggregation", "Gewichte"], name="factor"),
)


def test_rank_intervals_as_png_and_svg_with_note(tmp_path):
    written = rank_interval_chart(
        SUMMARY, tmp_path / "ranks.png", note="Synthetische Daten", labels={"a": "Alpha"}
    )
    assert [p.name for p in written] == ["ranks.png", "ranks.svg"]
    assert written[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = written[1].read_text(encoding="utf-8")
    assert "Synthetische Daten" in svg and "Alpha" in svg


def test_same_chart_same_svg(tmp_path):
    first = sensitivity_chart(INDICES, tmp_path / "a")[1].read_bytes()
    second = sensitivity_chart(INDICES, tmp_path / "b")[1].read_bytes()
    assert first == second
    assert b"Aggregation" in first


def test_limit_keeps_the_best_nominal_ranks(tmp_path):
    svg = rank_interval_chart(SUMMARY, tmp_path / "top", limit=1)[1].read_text(encoding="utf-8")
    assert "<!-- a -->" in svg  # matplotlib writes each text as a comment before its path
    assert "<!-- b -->" not in svg and "<!-- c -->" not in svg
