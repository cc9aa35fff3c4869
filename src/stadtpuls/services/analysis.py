"""Index analyses: how robust is a ranking? Uncertainty (rank intervals), sensitivity (Sobol
indices) and the checks of ``stadtpuls index analyse``, shared by the CLI and the web.

The CLI asks with files and options and prints; the web asks for a stored ranking and a named
method, runs the analysis as a background job and shows the cached result
(:func:`rank_intervals`, :func:`run_rank_intervals`). Loading the inputs, running and building
the result tables happen here, once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from stadtpuls.core.ranking import analysis as checks
from stadtpuls.core.ranking.engine import Dataset, Pipeline
from stadtpuls.core.ranking.framework import Framework
from stadtpuls.core.ranking.sensitivity import SensitivityAnalysis, SensitivityResult
from stadtpuls.core.ranking.uncertainty import UncertaintyAnalysis, UncertaintyResult
from stadtpuls.errors import NotFound, StadtpulsError
from stadtpuls.i18n import tr
from stadtpuls.io import coinr, pipelines
from stadtpuls.io.analysis_specs import AnalysisSpec, load_spec, spec_digest
from stadtpuls.services.ranking import compute as ranking_compute
from stadtpuls.services.ranking import frameworks as ranking_frameworks
from stadtpuls.services.ranking.browse import city_names
from stadtpuls.store.analysis import AnalysisRepository
from stadtpuls.store.db import Store
from stadtpuls.store.stamps import naive_utc_now

Progress = Callable[[int, int], None]

_ASSETS = Path(__file__).parents[1] / "reports" / "assets"
#: The analysis of a stored ranking when no spec file is given (see the file's comments).
STORE_SPEC = _ASSETS / "uncertainty_default.yaml"
#: The methods the web offers for rank intervals: name -> spec file.
METHODS: dict[str, Path] = {
    "default": STORE_SPEC,
    "weights": _ASSETS / "uncertainty_weights.yaml",
}
UNCERTAINTY = "uncertainty"


@dataclass(frozen=True)
class Inputs:
    """What an analysis runs on: framework, data (units × indicators) and the pipeline."""

    framework: Framework
    dataset: Dataset
    pipeline: Pipeline


# -- loading ------------------------------------------------------------------------------------


def stored_data(store: Store, framework_code: str, year: int | None) -> tuple[Framework, Dataset]:
    """A stored framework and its data of ``year`` (default: the newest)."""
    fw, _, dataset, _ = ranking_compute.load_dataset(store, framework_code, year)
    return fw, dataset


def file_data(framework: Framework, data: Path) -> Dataset:
    """Data from a wide table or a COINr iData table for ``framework``."""
    return coinr.read_idata(data, framework)


def imeta_framework(imeta: Path) -> Framework:
    """A framework from a COINr iMeta table."""
    return coinr.read_imeta(imeta)


def pipeline_file(path: Path) -> Pipeline:
    return pipelines.load_pipeline(path)


def stored_pipeline(store: Store, framework_code: str, name: str | None) -> Pipeline:
    """A pipeline kept with the framework (default: the one its rankings are computed with)."""
    return ranking_frameworks.named_pipeline(store, framework_code, name or "default").pipeline


# -- running ------------------------------------------------------------------------------------


def uncertainty(
    inputs: Inputs, spec: AnalysisSpec, progress: Progress | None = None
) -> UncertaintyResult:
    """Monte-Carlo rank intervals under the spec's factors."""
    analysis = UncertaintyAnalysis(
        spec.factors, n=spec.replicates, seed=spec.seed, node=spec.node, quantiles=spec.quantiles
    )
    return analysis.run(inputs.framework, inputs.dataset, inputs.pipeline, progress=progress)


def uncertainty_tables(
    result: UncertaintyResult, pipeline: Pipeline
) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """The result's tables (``ranks`` sorted by nominal rank, ``replicates``) and metadata."""
    summary = result.summary.sort_values(["nominal", "median"], kind="stable")
    meta = {
        "seed": result.seed,
        "n_replicates": result.n,
        "n_collapsed": result.n_collapsed,
        "ranks": "average ranks (ties share the mean of their places)",
        "factors": list(result.factors),
        "quantiles": list(result.quantiles),
        "pipeline": pipeline.to_dict(),
    }
    return {"ranks": summary, "replicates": result.replicates}, meta


def sensitivity(
    inputs: Inputs, spec: AnalysisSpec, progress: Progress | None = None
) -> SensitivityResult:
    """Sobol indices (Saltelli design) of the spec's factors."""
    analysis = SensitivityAnalysis(
        spec.factors,
        n=spec.replicates,
        seed=spec.seed,
        n_bootstrap=spec.bootstrap,
        node=spec.node,
    )
    return analysis.run(inputs.framework, inputs.dataset, inputs.pipeline, progress=progress)


def sensitivity_meta(result: SensitivityResult, spec: AnalysisSpec, pipeline: Pipeline) -> dict:
    return {
        "seed": spec.seed,
        "base_samples": result.n,
        "runs": result.runs,
        "output": result.output,
        "confidence": result.confidence,
        "pipeline": pipeline.to_dict(),
    }


@dataclass(frozen=True)
class Checks:
    """The tables of ``stadtpuls index analyse`` (by name) and the scores they came from."""

    tables: dict[str, pd.DataFrame]
    scores: pd.DataFrame
    mean_change: float | None = None


def run_checks(
    inputs: Inputs,
    remove: Sequence[str] = (),
    unit: str | None = None,
    compare_with: Pipeline | None = None,
) -> Checks:
    """Data availability, correlations, Cronbach's alpha, the effect of removing nodes (each
    area by default), a unit's strengths and weaknesses, and the comparison with a second
    pipeline."""
    fw, dataset, steps = inputs.framework, inputs.dataset, inputs.pipeline
    result = steps.run(fw, dataset)
    scores = result.to_frame()
    availability = checks.data_availability(dataset.units, dataset.indicators, dataset.values)
    tables: dict[str, pd.DataFrame] = {
        "availability_units": availability.by_unit,
        "availability_indicators": availability.by_indicator,
        "correlations_siblings": checks.sibling_correlations(scores, fw),
        "correlations_parents": checks.parent_correlations(scores, fw).set_index("node"),
        "cronbach_alpha": checks.cronbach_by_aggregate(scores, fw).to_frame(),
        "removal": checks.removal_effects(
            fw, dataset, steps, list(remove) or list(fw.areas)
        ).summary,
    }
    if unit is not None:
        if unit not in scores.index:
            raise StadtpulsError(
                tr(
                    f"Die Einheit '{unit}' kommt im Ergebnis nicht vor.",
                    f"The unit '{unit}' is not in the result.",
                )
            )
        tables["strengths"], tables["weaknesses"] = checks.strengths_weaknesses(
            scores, unit, list(fw.leaves)
        )
    mean_change = None
    if compare_with is not None:
        comparison = checks.compare_results(result, compare_with.run(fw, dataset))
        tables["comparison"] = comparison
        mean_change = checks.mean_absolute_change(comparison)
    return Checks(tables, scores, mean_change)


# -- rank intervals of a stored ranking (the web) -------------------------------------------------


@dataclass(frozen=True)
class RankIntervals:
    """Rank intervals of a stored computed ranking: per city (``ags``) the nominal rank, the
    median and the interval ``low``..``high`` over ``runs`` replicates of ``method``."""

    ranking: str
    year: int
    method: str
    runs: int
    quantiles: tuple[float, float]
    factors: tuple[str, ...]
    computed_at: dt.datetime
    frame: pd.DataFrame  # columns: ags, nominal, median, low, high, width

    def of(self, ags: str) -> dict[str, float] | None:
        """The interval of one city, or None when it was not ranked."""
        rows = self.frame[self.frame["ags"] == ags]
        return None if rows.empty else rows.iloc[0].to_dict()


def method_spec(method: str) -> Path:
    """The spec file of a web method; NotFound for an unknown name."""
    if method not in METHODS:
        raise NotFound(
            tr(
                f"Unbekannte Analysemethode '{method}'. Vorhanden: {', '.join(METHODS)}",
                f"Unknown analysis method '{method}'. Available: {', '.join(METHODS)}",
            )
        )
    return METHODS[method]


def _basis(store: Store, framework_code: str, year: int, method: str) -> tuple[str, int]:
    """SHA-256 of the ranking's method record (its data and pipeline) and the method's spec:
    a cached result with another basis is out of date. Also returns the year computed."""
    computed = ranking_compute.compute(store, framework_code, year)
    record = json.dumps(computed.provenance.to_dict(), sort_keys=True, default=str)
    text = record + spec_digest(method_spec(method))
    return hashlib.sha256(text.encode()).hexdigest(), computed.year


def rank_intervals(
    store: Store, framework_code: str, year: int, method: str = "default"
) -> RankIntervals | None:
    """The cached intervals of the computed ranking, None when none are stored or the ranking's
    data or method changed since they were computed."""
    basis, year = _basis(store, framework_code, year, method)
    with store.session() as session:
        stored = AnalysisRepository(session).result(UNCERTAINTY, framework_code, year, method)
    if stored is None or stored["basis"] != basis:
        return None
    return _intervals(
        framework_code, year, method, json.loads(stored["result"]), stored["computed_at"]
    )


_INTERVAL_COLUMNS = ["ags", "nominal", "median", "low", "high", "width"]


def _intervals(
    framework_code: str, year: int, method: str, record: dict[str, Any], at: dt.datetime
) -> RankIntervals:
    return RankIntervals(
        ranking=framework_code,
        year=year,
        method=method,
        runs=int(record["runs"]),
        quantiles=(float(record["quantiles"][0]), float(record["quantiles"][1])),
        factors=tuple(record["factors"]),
        computed_at=at,
        # a city without a rank (too little data) has no interval
        frame=pd.DataFrame(record["rows"], columns=_INTERVAL_COLUMNS).dropna(subset=["nominal"]),
    )


def run_rank_intervals(
    store: Store,
    framework_code: str,
    year: int,
    method: str = "default",
    progress: Progress | None = None,
) -> RankIntervals:
    """Run the uncertainty analysis of the computed ranking with ``method`` and keep the result."""
    if framework_code not in {f.code for f in ranking_frameworks.list_frameworks(store)}:
        raise NotFound(
            tr(
                f"Rangintervalle gibt es nur für berechnete Rankings, '{framework_code}' "
                "ist keins.",
                f"Rank intervals exist only for computed rankings, '{framework_code}' is not one.",
            )
        )
    spec = load_spec(method_spec(method))
    basis, year = _basis(store, framework_code, year, method)
    fw, dataset = stored_data(store, framework_code, year)
    inputs = Inputs(fw, dataset, stored_pipeline(store, framework_code, None))
    result = uncertainty(inputs, spec, progress)
    summary = result.summary.sort_values(["nominal", "median"], kind="stable")
    rows = summary.reset_index().rename(columns={"unit": "ags"})[_INTERVAL_COLUMNS]
    record = {
        "runs": result.n,
        "quantiles": list(result.quantiles),
        "factors": list(result.factors),
        "rows": json.loads(rows.to_json(orient="values", double_precision=6)),
    }
    now = naive_utc_now()
    with store.session() as session:
        AnalysisRepository(session).save(
            UNCERTAINTY,
            framework_code,
            year,
            method,
            basis=basis,
            result=json.dumps(record),
            computed_at=now,
        )
    return _intervals(framework_code, year, method, record, now)


def interval_table(result: RankIntervals) -> pd.DataFrame:
    """The intervals with city names, in the columns pages, exports and the API show."""
    names = city_names(result.frame["ags"].tolist())
    frame = result.frame.assign(name=[names.get(a, a) for a in result.frame["ags"]])
    return frame[["nominal", "ags", "name", "median", "low", "high", "width"]]
