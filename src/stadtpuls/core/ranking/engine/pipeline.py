"""A pipeline: the ordered steps that turn a dataset into index scores, and their log."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from stadtpuls.core.ranking.engine.aggregate import Aggregate
from stadtpuls.core.ranking.engine.dataset import Dataset
from stadtpuls.core.ranking.engine.normalise import Normalise
from stadtpuls.core.ranking.engine.result import IndexResult
from stadtpuls.core.ranking.engine.state import State
from stadtpuls.core.ranking.engine.steps import PipelineError, Step, step_from_dict
from stadtpuls.core.ranking.framework import Framework, Scoring
from stadtpuls.i18n import tr

FORMAT = "stadtpuls-pipeline"
VERSION = 1


@dataclass(frozen=True)
class Pipeline:
    """Steps in order. ``to_dict`` is the log: ``from_dict`` of it regenerates the same result."""

    steps: tuple[Step, ...]
    description: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "steps", tuple(self.steps))

    def run(self, framework: Framework, dataset: Dataset) -> IndexResult:
        """Every step from the raw data to the scores of every node."""
        state = self.apply(State.start(framework, dataset))
        if state.scores is None:
            raise PipelineError(
                tr(
                    "Die Pipeline endet ohne Aggregationsschritt ('aggregate').",
                    "The pipeline ends without an aggregation step ('aggregate').",
                )
            )
        return IndexResult(
            framework=framework,
            units=state.dataset.units,
            nodes=tuple(n.code for n in framework.nodes),
            scores=state.scores,
            log=tuple(self.to_dict()["steps"]),
            weights=state.weights,
            excluded=state.excluded,
            notes=state.notes,
        )

    def apply(self, state: State) -> State:
        """The state after all steps, starting from ``state`` (e.g. a cached prefix)."""
        for step in self.steps:
            state = step.apply(state)
        return state

    def split(self, step_name: str) -> tuple[Pipeline, Pipeline]:
        """(steps before the step ``step_name``, that step and all after it)."""
        position = self._position(step_name)
        return replace(self, steps=self.steps[:position]), replace(
            self, steps=self.steps[position:]
        )

    def replace(self, step_name: str, **params: Any) -> Pipeline:
        """A variant with other parameters for the step ``step_name`` (must occur once)."""
        position = self._position(step_name)
        changed = step_from_dict({**self.steps[position].to_dict(), **params})
        steps = (*self.steps[:position], changed, *self.steps[position + 1 :])
        return replace(self, steps=steps)

    def _position(self, step_name: str) -> int:
        positions = [i for i, s in enumerate(self.steps) if s.name == step_name]
        if len(positions) != 1:
            raise PipelineError(
                tr(
                    f"Die Pipeline enthält den Schritt '{step_name}' {len(positions)}-mal; "
                    "erwartet genau einmal.",
                    f"The pipeline contains the step '{step_name}' {len(positions)} times; "
                    "expected exactly once.",
                )
            )
        return positions[0]

    # -- the log ----------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"format": FORMAT, "version": VERSION}
        if self.description:
            out["description"] = self.description
        out["steps"] = [step.to_dict() for step in self.steps]
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Pipeline:
        if not isinstance(data, Mapping) or not isinstance(data.get("steps"), list):
            raise PipelineError(
                tr(
                    "Eine Pipeline braucht eine Liste 'steps'.",
                    "A pipeline needs a list 'steps'.",
                )
            )
        if data.get("version", VERSION) != VERSION:
            raise PipelineError(
                tr(
                    f"Pipeline-Version {data.get('version')} wird nicht unterstützt "
                    f"(erwartet {VERSION}).",
                    f"Pipeline version {data.get('version')} is not supported "
                    f"(expected {VERSION}).",
                )
            )
        steps = []
        for number, entry in enumerate(data["steps"], start=1):
            if not isinstance(entry, Mapping):
                raise PipelineError(
                    tr(
                        f"Schritt {number} ist keine Zuordnung 'step: …'.",
                        f"Step {number} is not a mapping 'step: …'.",
                    )
                )
            steps.append(step_from_dict(entry))
        return cls(steps=tuple(steps), description=data.get("description"))


def default_pipeline(framework: Framework) -> Pipeline:
    """Normalisation by the framework's scoring, then weighted arithmetic aggregation."""
    normalise = {
        Scoring.RELATIVE: Normalise(method="minmax", lower=0.0, upper=100.0),
        Scoring.IDEAL: Normalise(method="goalposts", lower=0.0, upper=100.0),
        Scoring.NONE: Normalise(method="none"),
    }[framework.scoring]
    return Pipeline(steps=(normalise, Aggregate(method="arithmetic")))
