"""The analysis spec (YAML: which method choices an uncertainty or sensitivity analysis varies)
and the writing of analysis results as CSV, XLSX or JSON.

The spec's layout is described in ``stadtpuls index uncertainty --help`` and
``docs/methodology.md``; the same reader serves the CLI and the web (the stored default spec).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from stadtpuls.core.ranking import uncertainty
from stadtpuls.core.ranking.uncertainty import Factor
from stadtpuls.errors import InputRejected, RowProblem
from stadtpuls.i18n import tr
from stadtpuls.io import cells, yaml_guard
from stadtpuls.io import tables as table_files

_KINDS = ("range", "values", "options", "weights_level")


@dataclass(frozen=True)
class AnalysisSpec:
    """What an analysis varies (``factors``) and how (replicates, seed, node, quantiles)."""

    factors: tuple[Factor, ...]
    replicates: int
    seed: int
    bootstrap: int
    node: str | None
    quantiles: tuple[float, float]


def spec_digest(path: Path) -> str:
    """SHA-256 of the spec file's bytes: the "method" a cached analysis result was run with."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


#: Replicates (and bootstrap samples) of one analysis: 10,000 of 10,953 municipalities are
#: about 1 GB of ranks; 10⁷ were a MemoryError.
MAX_REPLICATES = 10_000


def load_spec(path: Path) -> AnalysisSpec:
    """The analysis spec with its factors built; every problem reported at once."""
    try:
        text = path.read_text(encoding="utf-8")
        yaml_guard.guard_yaml(text, str(path))
        raw = yaml.safe_load(text)
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise InputRejected(
            tr("Die Analyse-Datei ist kein gültiges YAML.", "The analysis file is not valid YAML."),
            [RowProblem(str(path), None, None, str(error))],
        ) from None
    problems: list[RowProblem] = []
    if not isinstance(raw, Mapping):
        raw = {}
        problems.append(
            RowProblem(
                str(path),
                None,
                None,
                tr("erwartet eine Zuordnung mit 'factors'", "expected a mapping with 'factors'"),
            )
        )
    entries = raw.get("factors")
    if not isinstance(entries, list) or not entries:
        problems.append(
            RowProblem(
                str(path),
                None,
                "factors",
                tr("mindestens ein Faktor nötig", "at least one factor is needed"),
            )
        )
        entries = []
    factors = [_factor(str(path), i, e, problems) for i, e in enumerate(entries, start=1)]
    file = str(path)
    replicates = _integer(raw, "replicates", 1000, 2, MAX_REPLICATES, file, problems)
    seed = _integer(raw, "seed", 0, 0, 2**32 - 1, file, problems)
    bootstrap = _integer(raw, "bootstrap", 1000, 10, MAX_REPLICATES, file, problems)
    quantiles = _quantiles(raw.get("quantiles", [5, 95]), file, problems)
    if problems:
        raise InputRejected(
            tr("Die Analyse-Datei wurde nicht angenommen.", "The analysis file was refused."),
            problems,
        )
    return AnalysisSpec(
        factors=tuple(f for f in factors if f is not None),
        replicates=replicates,
        seed=seed,
        bootstrap=bootstrap,
        node=str(raw["node"]) if raw.get("node") is not None else None,
        quantiles=quantiles,
    )


def _integer(
    raw: Mapping,
    key: str,
    default: int,
    minimum: int,
    maximum: int,
    file: str,
    problems: list[RowProblem],
) -> int:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        shown = f"{value!r}"[:40]
        problems.append(
            RowProblem(
                file,
                None,
                key,
                tr(
                    f"ganze Zahl von {minimum} bis {maximum} erwartet, gefunden {shown}",
                    f"expected an integer from {minimum} to {maximum}, found {shown}",
                ),
            )
        )
        return default
    return value


def _quantiles(value: Any, file: str, problems: list[RowProblem]) -> tuple[float, float]:
    ok = (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int | float) for v in value)
        and 0 <= value[0] < value[1] <= 100
    )
    if not ok:
        problems.append(
            RowProblem(
                file,
                None,
                "quantiles",
                tr(
                    "zwei Prozentwerte 0 ≤ unten < oben ≤ 100 erwartet",
                    "expected two percentages 0 ≤ low < high ≤ 100",
                ),
            )
        )
        return (5.0, 95.0)
    return (float(value[0]), float(value[1]))


def _factor(file: str, number: int, entry: Any, problems: list[RowProblem]) -> Factor | None:
    where = f"factors[{number}]"
    if not isinstance(entry, Mapping):
        problems.append(
            RowProblem(file, None, where, tr("erwartet eine Zuordnung", "expected a mapping"))
        )
        return None
    kinds = [k for k in _KINDS if k in entry]
    name = str(entry.get("name") or f"factor {number}")
    if len(kinds) != 1:
        problems.append(
            RowProblem(
                file,
                None,
                where,
                tr(
                    f"genau eines von {', '.join(_KINDS)} angeben",
                    f"give exactly one of {', '.join(_KINDS)}",
                ),
            )
        )
        return None
    try:
        return _build(name, kinds[0], entry)
    except (KeyError, TypeError, ValueError, OverflowError) as error:
        problems.append(
            RowProblem(
                file,
                None,
                where,
                tr(
                    f"Faktor '{name}' ist unvollständig oder falsch: {error}",
                    f"factor '{name}' is incomplete or wrong: {error}",
                ),
            )
        )
        return None


def _build(name: str, kind: str, entry: Mapping) -> Factor:
    if kind == "weights_level":
        return uncertainty.WeightNoise(
            name, int(entry["weights_level"]), float(entry.get("noise", 0.25))
        )
    step = str(entry["step"])
    if kind == "options":
        options = entry["options"]
        if not isinstance(options, list) or not all(isinstance(o, Mapping) for o in options):
            raise ValueError("'options' must be a list of mappings")
        return uncertainty.Alternatives(name, step, tuple(options))
    if kind == "values":
        if not isinstance(entry["values"], list):
            raise ValueError("'values' must be a list")
        return uncertainty.Alternatives.of(name, step, str(entry["param"]), entry["values"])
    low, high = (float(v) for v in entry["range"])
    if not (math.isfinite(low) and math.isfinite(high) and -1e15 <= low < high <= 1e15):
        raise ValueError("'range' must be two finite numbers, low < high, within ±10^15")
    return uncertainty.Range(
        name, step, str(entry["param"]), low, high, bool(entry.get("integer", False))
    )


def write_tables(
    tables: Mapping[str, pd.DataFrame], path: Path, meta: Mapping[str, Any]
) -> list[Path]:
    """Tables as one XLSX (a sheet each) or JSON (with ``meta``), or CSV files: the first at
    ``path``, the others next to it as ``<stem>_<name>.csv``."""
    suffix = table_files.table_format(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".xlsx":
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            for name, table in tables.items():
                cells.neutralise_frame(table).to_excel(writer, sheet_name=name[:31])
            meta_table = pd.Series(
                {k: json.dumps(v, ensure_ascii=False) for k, v in meta.items()}, name="value"
            ).to_frame()
            cells.neutralise_frame(meta_table).to_excel(writer, sheet_name="meta")
        return [path]
    if suffix == ".json":
        document = {
            **meta,
            **{
                name: json.loads(table.reset_index().to_json(orient="records", double_precision=10))
                for name, table in tables.items()
            },
        }
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
        return [path]
    written = []
    for i, (name, table) in enumerate(tables.items()):
        target = path if i == 0 else path.with_name(f"{path.stem}_{name}.csv")
        cells.neutralise_frame(table).to_csv(target, float_format="%.6g", lineterminator="\n")
        written.append(target)
    return written
