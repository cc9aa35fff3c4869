"""The step interface and registry: every step is a frozen dataclass with ``apply(state)``.

A step's constructor parameters are its whole configuration, so ``to_dict`` / ``step_from_dict``
round-trip it exactly (the pipeline file stores these dicts) and ``dataclasses.replace`` makes a
variant of it.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from types import NoneType, UnionType
from typing import Any, ClassVar, TypeVar, Union, get_args, get_origin, get_type_hints

from stadtpuls.core.ranking.engine.state import State
from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import tr


class PipelineError(StadtpulsError):
    """A pipeline definition cannot be used (unknown step, wrong parameter …)."""


@dataclass(frozen=True)
class Step(ABC):
    """One operation of a pipeline."""

    name: ClassVar[str]

    @abstractmethod
    def apply(self, state: State) -> State:
        """The state after this step."""

    def to_dict(self) -> dict[str, Any]:
        return {"step": self.name, **{f.name: _plain(getattr(self, f.name)) for f in fields(self)}}


def _plain(value: Any) -> Any:
    """Containers as plain dicts and lists (what YAML and JSON write)."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


STEPS: dict[str, type[Step]] = {}
S = TypeVar("S", bound=type[Step])


def register_step(name: str) -> Callable[[S], S]:
    """Class decorator: make the step known under ``name`` (its key in pipeline files)."""

    def decorate(cls: S) -> S:
        cls.name = name
        STEPS[name] = cls
        return cls

    return decorate


def step_from_dict(entry: Mapping[str, Any]) -> Step:
    """The step an entry of a pipeline file describes; a clear error if it cannot."""
    params = dict(entry)
    name = params.pop("step", None)
    if name not in STEPS:
        raise PipelineError(
            tr(
                f"Unbekannter Schritt '{name}'. Möglich: {', '.join(sorted(STEPS))}.",
                f"Unknown step '{name}'. Choose from: {', '.join(sorted(STEPS))}.",
            )
        )
    cls = STEPS[name]
    allowed = {f.name for f in fields(cls)}
    unknown = sorted(set(params) - allowed)
    if unknown:
        raise PipelineError(
            tr(
                f"Schritt '{name}': unbekannte Parameter {', '.join(unknown)}; erlaubt: "
                f"{', '.join(sorted(allowed)) or '–'}.",
                f"Step '{name}': unknown parameters {', '.join(unknown)}; allowed: "
                f"{', '.join(sorted(allowed)) or '-'}.",
            )
        )
    check_types(cls, params, tr(f"Schritt '{name}'", f"Step '{name}'"))
    return cls(**params)


def check_types(cls: type[Step], params: Mapping[str, Any], where: str) -> None:
    """Raise a clear error when a parameter value does not have its declared type."""
    hints = get_type_hints(cls)
    for key, value in params.items():
        if not _fits(value, hints[key]):
            raise PipelineError(
                tr(
                    f"{where}: Parameter '{key}' hat einen ungültigen Wert {value!r} "
                    f"(erwartet: {_describe(hints[key])}).",
                    f"{where}: parameter '{key}' has an invalid value {value!r} "
                    f"(expected: {_describe(hints[key])}).",
                )
            )


def _fits(value: Any, hint: Any) -> bool:
    """Whether a value read from a file has the type a step parameter declares."""
    if get_origin(hint) in (Union, UnionType):
        return any(_fits(value, option) for option in get_args(hint))
    if hint is NoneType:
        return value is None
    if hint is bool:
        return isinstance(value, bool)
    if hint is float:
        return isinstance(value, int | float) and not isinstance(value, bool) and _moderate(value)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool) and _moderate(value)
    if hint is str:
        return isinstance(value, str)
    return isinstance(value, Mapping) if get_origin(hint) is Mapping else True


#: Larger than any sensible parameter (thresholds, counts, bounds): beyond it, or NaN/inf, a
#: value in a pipeline file is a typo or an attack (a 4,300-digit integer, ``.nan``).
_LARGEST_PARAMETER = 1e15


def _moderate(value: float) -> bool:
    return math.isfinite(value) and abs(value) <= _LARGEST_PARAMETER


def _describe(hint: Any) -> str:
    if get_origin(hint) in (Union, UnionType):
        return tr(" oder ", " or ").join(_describe(h) for h in get_args(hint))
    names = {
        bool: "true/false",
        float: tr("Zahl", "number"),
        int: tr("ganze Zahl", "integer"),
        str: tr("Text", "text"),
        NoneType: tr("leer", "empty"),
    }
    return names.get(hint, tr("Zuordnung", "mapping") if get_origin(hint) is Mapping else "?")
