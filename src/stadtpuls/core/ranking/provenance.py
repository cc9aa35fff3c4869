"""The method record of a computed ranking, as COINr's log is for an index.

A :class:`Provenance` names everything a computed ranking came from: the framework and the
version (hash) of its definition, the year, the pipeline with every step and parameter, the
observation imports whose values were used and the software that computed it. It is stored
with the ranking, so any figure shown or exported can be traced to its method and recomputed
exactly (``Pipeline.from_dict(provenance.pipeline)`` regenerates the steps).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from stadtpuls.core.ranking.engine import Pipeline
from stadtpuls.i18n import tr

DEFAULT_PIPELINE_NAME = "default"


@dataclass(frozen=True)
class ImportUsed:
    """One observation import a ranking used (``imported_at`` as ISO text)."""

    id: int
    file_name: str
    sha256: str
    imported_at: str
    rows: int


@dataclass(frozen=True)
class Provenance:
    """What a computed ranking was computed from; ``pipeline`` is ``Pipeline.to_dict()``."""

    framework: str
    framework_sha256: str
    year: int
    pipeline_name: str
    pipeline: Mapping[str, Any]
    imports: tuple[ImportUsed, ...]
    software: str

    @property
    def steps(self) -> Pipeline:
        """The recorded pipeline, ready to run again."""
        return Pipeline.from_dict(self.pipeline)

    @property
    def framework_version(self) -> str:
        """A short form of the framework definition's hash, as people quote it."""
        return self.framework_sha256[:12]

    def note(self) -> str:
        """One line for a report's or page's notes: how the ranking was computed."""
        steps = " → ".join(str(s["step"]) for s in self.pipeline.get("steps", ()))
        files = ", ".join(i.file_name for i in self.imports)
        return tr(
            f"Berechnet mit {self.software}: Modell '{self.framework}' (Version "
            f"{self.framework_version}), Pipeline '{self.pipeline_name}' ({steps}), "
            f"{len(self.imports)} Datenimport(e): {files}.",
            f"Computed with {self.software}: framework '{self.framework}' (version "
            f"{self.framework_version}), pipeline '{self.pipeline_name}' ({steps}), "
            f"{len(self.imports)} data import(s): {files}.",
        )

    def to_dict(self) -> dict[str, Any]:
        record = asdict(self)
        record["pipeline"] = dict(self.pipeline)
        return record

    @classmethod
    def from_dict(cls, record: Mapping[str, Any]) -> Provenance:
        return cls(
            framework=str(record["framework"]),
            framework_sha256=str(record["framework_sha256"]),
            year=int(record["year"]),
            pipeline_name=str(record["pipeline_name"]),
            pipeline=dict(record["pipeline"]),
            imports=tuple(ImportUsed(**entry) for entry in record["imports"]),
            software=str(record["software"]),
        )
