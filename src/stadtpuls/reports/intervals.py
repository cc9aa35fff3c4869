"""Rank intervals for the report, from the result file of ``stadtpuls index uncertainty``.

The uncertainty analysis is run separately (it takes minutes, not seconds) and written with
``--out result.json``; ``stadtpuls report --uncertainty result.json`` shows its intervals for the
national top 10 and the reported city.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from stadtpuls.errors import InputRejected, RowProblem
from stadtpuls.i18n import tr

_COLUMNS = ("unit", "nominal", "median", "low", "high")


@dataclass(frozen=True)
class UncertaintySummary:
    """Per unit (index, AGS): nominal rank, median and the interval ``low``..``high``."""

    runs: int
    quantiles: tuple[float, float]
    ranks: pd.DataFrame

    @property
    def coverage(self) -> float:
        """Share of the replicates inside the interval (5..95 percentiles: 0.9)."""
        return (self.quantiles[1] - self.quantiles[0]) / 100


def read_uncertainty(path: Path) -> UncertaintySummary:
    """Read the JSON result of an uncertainty analysis; every defect is reported at once."""
    name = path.name
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputRejected(_refused(name), [RowProblem(name, None, None, str(error))]) from error
    problems = []
    if not isinstance(document, dict):
        document = {}
    for key in ("n_replicates", "quantiles", "ranks"):
        if key not in document:
            problems.append(RowProblem(name, None, key, tr("fehlt", "missing")))
    records = document.get("ranks") if isinstance(document.get("ranks"), list) else []
    for number, record in enumerate(records, start=1):
        missing = [c for c in _COLUMNS if not isinstance(record, dict) or c not in record]
        if missing:
            problems.append(
                RowProblem(
                    name,
                    None,
                    f"ranks[{number}]",
                    tr(f"es fehlen {', '.join(missing)}", f"missing {', '.join(missing)}"),
                )
            )
    if problems:
        raise InputRejected(_refused(name), problems)
    ranks = pd.DataFrame.from_records(records, columns=list(_COLUMNS))
    ranks["unit"] = ranks["unit"].astype(str)
    low, high = document["quantiles"]
    return UncertaintySummary(
        int(document["n_replicates"]), (float(low), float(high)), ranks.set_index("unit")
    )


def _refused(name: str) -> str:
    return tr(
        f"{name} ist kein Ergebnis von 'stadtpuls index uncertainty --out ….json'.",
        f"{name} is not a result of 'stadtpuls index uncertainty --out ….json'.",
    )
