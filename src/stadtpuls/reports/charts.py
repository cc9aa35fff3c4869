"""Charts of the uncertainty and sensitivity analyses, as PNG and SVG (matplotlib, Agg canvas).

Figures are drawn on their own Agg canvas (no pyplot, no global backend switch), so they can be
made from the CLI, the web app and tests alike. SVG output carries no date, so the same
analysis gives the same file. A ``note`` (e.g. "synthetic data") is printed under the chart.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from stadtpuls.i18n import tr

FORMATS = ("png", "svg")
_BLUE, _ORANGE, _GREY = "#1f5f8b", "#d9822b", "#5f6b73"


def rank_interval_chart(
    summary: pd.DataFrame,
    path: str | Path,
    title: str | None = None,
    note: str | None = None,
    labels: Mapping[str, str] | None = None,
    limit: int | None = None,
) -> list[Path]:
    """Each unit's 5–95 % rank interval (bar), median (dot) and nominal rank (diamond).

    ``summary`` is :attr:`UncertaintyResult.summary` (columns nominal, median, low, high).
    Units are sorted by nominal rank; ``limit`` keeps the best ``limit`` of them. Writes
    ``path`` with each suffix of :data:`FORMATS` and returns the files written.
    """
    table = summary.sort_values(["nominal", "median"], kind="stable")
    if limit is not None:
        table = table.head(limit)
    names = [labels.get(u, u) if labels else str(u) for u in table.index.astype(str)]
    y = np.arange(len(table))
    figure = Figure(figsize=(8.0, max(3.0, 0.22 * len(table) + 1.6)))
    axes = figure.add_subplot()
    axes.hlines(
        y,
        table["low"],
        table["high"],
        color=_BLUE,
        linewidth=3,
        alpha=0.55,
        label=tr("5–95 %-Intervall", "5–95 % interval"),
    )
    axes.plot(table["median"], y, "o", color=_BLUE, markersize=4, label=tr("Median", "Median"))
    axes.plot(
        table["nominal"],
        y,
        "D",
        color=_ORANGE,
        markersize=4,
        label=tr("Nominaler Rang", "Nominal rank"),
    )
    axes.set_yticks(y, names, fontsize=7 if len(table) > 40 else 9)
    axes.invert_yaxis()
    axes.set_xlabel(tr("Rang (1 = bester)", "Rank (1 = best)"))
    axes.grid(axis="x", alpha=0.3)
    axes.set_title(
        title
        or tr("Rangintervalle (Unsicherheitsanalyse)", "Rank intervals (uncertainty analysis)"),
        pad=24,
    )
    # above the plot, so that it never hides a bar
    axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, fontsize=8, frameon=False)
    return _save(figure, path, note)


def sensitivity_chart(
    indices: pd.DataFrame,
    path: str | Path,
    title: str | None = None,
    note: str | None = None,
) -> list[Path]:
    """First-order and total Sobol indices per factor with their confidence intervals.

    ``indices`` is :meth:`SensitivityResult.to_frame` (columns first_order, total and their
    ``_low``/``_high`` bounds, index = factor).
    """
    x = np.arange(len(indices))
    width = 0.38
    figure = Figure(figsize=(max(5.0, 1.3 * len(indices) + 2.5), 4.2))
    axes = figure.add_subplot()
    for offset, column, colour, label in (
        (-width / 2, "first_order", _BLUE, tr("Haupteffekt S", "First order S")),
        (width / 2, "total", _ORANGE, tr("Totaleffekt T", "Total effect T")),
    ):
        values = indices[column].to_numpy(dtype=float)
        errors = np.vstack(
            [
                values - indices[f"{column}_low"].to_numpy(dtype=float),
                indices[f"{column}_high"].to_numpy(dtype=float) - values,
            ]
        )
        axes.bar(
            x + offset,
            values,
            width,
            color=colour,
            label=label,
            yerr=np.clip(errors, 0, None),
            capsize=3,
            ecolor=_GREY,
        )
    axes.set_xticks(x, [str(f) for f in indices.index])
    axes.axhline(0, color=_GREY, linewidth=0.8)
    axes.set_ylabel(tr("Anteil an der Varianz", "Share of variance"))
    axes.legend(fontsize=8)
    axes.grid(axis="y", alpha=0.3)
    axes.set_title(
        title or tr("Sensitivität der Rangverschiebung", "Sensitivity of the rank shift")
    )
    return _save(figure, path, note)


def _save(figure: Figure, path: str | Path, note: str | None) -> list[Path]:
    if note:
        figure.text(0.01, 0.005, note, fontsize=8, color=_GREY, ha="left", va="bottom")
    figure.tight_layout(rect=(0, 0.03 if note else 0, 1, 1))
    FigureCanvasAgg(figure)
    written = []
    stem = Path(path)
    for suffix in FORMATS:
        target = stem.with_suffix(f".{suffix}")
        target.parent.mkdir(parents=True, exist_ok=True)
        metadata = {"Date": None} if suffix == "svg" else None
        with rc_context({"svg.hashsalt": "stadtpuls"}):  # stable element ids in the SVG
            figure.savefig(target, format=suffix, dpi=150, metadata=metadata)
        written.append(target)
    return written
