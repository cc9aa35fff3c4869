"""Pipeline files (YAML) and the results of running them (CSV, XLSX, JSON).

A pipeline is saved, loaded again and regenerates the same result.

The file is ``Pipeline.to_dict()`` written as YAML::

    format: stadtpuls-pipeline
    version: 1
    description: …
    steps:
      - step: normalise
        method: minmax
        …

Loading checks every step and reports each bad one with its number; nothing half-loaded is
returned.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from stadtpuls.core.ranking.engine import IndexResult, Pipeline, PipelineError
from stadtpuls.errors import NotFound, RowProblem
from stadtpuls.i18n import tr
from stadtpuls.io.rejection import rejected
from stadtpuls.io.tables import write_table
from stadtpuls.io.yaml_guard import guard_yaml


def dump_pipeline(pipeline: Pipeline) -> str:
    """The pipeline as YAML text."""
    return yaml.safe_dump(pipeline.to_dict(), sort_keys=False, allow_unicode=True)


def save_pipeline(pipeline: Pipeline, path: str | Path) -> Path:
    path = Path(path)
    path.write_text(dump_pipeline(pipeline), encoding="utf-8")
    return path


def parse_pipeline(text: str, file: str = "<text>") -> Pipeline:
    """A pipeline from YAML text; :class:`InputRejected` lists every problem."""
    guard_yaml(text, file)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        raise rejected(
            file,
            [
                RowProblem(
                    file,
                    row,
                    None,
                    tr(
                        f"kein gültiges YAML: {getattr(error, 'problem', error)}",
                        f"not valid YAML: {getattr(error, 'problem', error)}",
                    ),
                )
            ],
        ) from error
    if not isinstance(data, dict) or not isinstance(data.get("steps"), list):
        raise rejected(
            file,
            [
                RowProblem(
                    file,
                    None,
                    "steps",
                    tr("die Datei braucht eine Liste 'steps'", "the file needs a list 'steps'"),
                )
            ],
        )
    problems = []
    for number, entry in enumerate(data["steps"], start=1):
        try:
            Pipeline.from_dict({**data, "steps": [entry]})
        except PipelineError as error:
            problems.append(
                RowProblem(file, None, tr(f"Schritt {number}", f"step {number}"), str(error))
            )
    if problems:
        raise rejected(file, problems)
    try:
        return Pipeline.from_dict(data)
    except PipelineError as error:
        raise rejected(file, [RowProblem(file, None, None, str(error))]) from error


def load_pipeline(path: str | Path) -> Pipeline:
    path = Path(path)
    if not path.is_file():
        raise NotFound(tr(f"Datei '{path}' nicht gefunden.", f"File '{path}' not found."))
    return parse_pipeline(path.read_text(encoding="utf-8"), str(path))


# -- results of a pipeline run -------------------------------------------------------------------


def result_frame(result: IndexResult, names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One row per unit, best first: rank, unit, name (if known), then every node's score."""
    frame = result.to_frame()
    frame.insert(0, "rank", result.rank())
    frame = frame.reset_index()
    if names:
        frame.insert(2, "name", [names.get(u, "") for u in frame["unit"]])
    order = np.lexsort((frame["unit"].to_numpy(), frame["rank"].fillna(np.inf).to_numpy()))
    return frame.iloc[order].reset_index(drop=True)


def write_result(
    result: IndexResult, path: str | Path, names: Mapping[str, str] | None = None
) -> Path:
    """Scores and ranks as CSV, XLSX (with a sheet 'pipeline') or JSON (with the log)."""
    log = pd.DataFrame({"step": [json.dumps(s, ensure_ascii=False) for s in result.log]})
    metadata = {
        "framework": result.framework.code,
        "pipeline": list(result.log),
        "excluded": list(result.excluded),
    }
    return write_table(
        result_frame(result, names),
        path,
        sheet="results",
        float_format="%.6g",
        sheets={"pipeline": log},
        metadata=metadata,
    )
