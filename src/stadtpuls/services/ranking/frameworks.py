"""Frameworks and the pipelines a ranking is computed with: register, look up, name, list and
remove a framework; keep and choose named pipelines."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from stadtpuls.core.ranking.engine import Pipeline, default_pipeline
from stadtpuls.core.ranking.framework import Framework
from stadtpuls.core.ranking.provenance import DEFAULT_PIPELINE_NAME
from stadtpuls.errors import NotFound
from stadtpuls.i18n import get_language, tr
from stadtpuls.io import frameworks as framework_files
from stadtpuls.io.pipelines import dump_pipeline, load_pipeline, parse_pipeline
from stadtpuls.services import shared_rankings
from stadtpuls.store.db import Store
from stadtpuls.store.provenance import ProvenanceRepository
from stadtpuls.store.ranking import RankingRepository
from stadtpuls.store.stamps import sha256_text


@dataclass(frozen=True)
class FrameworkInfo:
    code: str
    name: str
    years: tuple[int, ...]
    synthetic: bool


def register_framework(store: Store, framework: Framework, *, synthetic: bool = False) -> None:
    """Store (or replace) a framework definition; its observations stay."""
    with store.session() as session:
        _save(RankingRepository(session), framework, synthetic)


def _save(repo: RankingRepository, framework: Framework, synthetic: bool) -> None:
    definition = framework_files.dump_framework(framework)
    repo.save_framework(framework.code, framework.name, definition, synthetic)


def framework(store: Store, code: str) -> Framework:
    """The stored framework ``code``; a shipped preset is registered on first use."""
    with store.session() as session:
        return framework_in(session, code)


def framework_in(session: Session, code: str) -> Framework:
    """:func:`framework` within the caller's unit of work."""
    repo = RankingRepository(session)
    row = repo.framework_row(code)
    if row is not None:
        return _parse(row.definition, code)
    if code in framework_files.PRESETS:
        preset = framework_files.preset(code)
        _save(repo, preset, synthetic=False)
        return preset
    codes = ", ".join(sorted({*(r.code for r in repo.framework_rows()), *framework_files.PRESETS}))
    raise NotFound(
        tr(
            f"Kein Indikatorenmodell '{code}'. Vorhanden: {codes}",
            f"No framework '{code}'. Available: {codes}",
        )
    )


_PARSED: dict[tuple[str, str], Framework] = {}


def _parse(definition: str, code: str) -> Framework:
    key = (code, sha256_text(definition))
    if key not in _PARSED:
        _PARSED[key] = framework_files.parse_framework(definition, f"{code}.yaml")
    return _PARSED[key]


def framework_name(fw: Framework) -> str:
    """The framework's name in the current language (German as fallback)."""
    return fw.name_en if get_language() == "en" and fw.name_en else fw.name


def list_frameworks(store: Store) -> list[FrameworkInfo]:
    """Stored frameworks with the years that have observations."""
    with store.session() as session:
        repo = RankingRepository(session)
        return [
            FrameworkInfo(
                row.code,
                row.name,
                tuple(repo.observation_years(row.code)),
                repo.observations_synthetic(row.code),
            )
            for row in repo.framework_rows()
        ]


def years(store: Store, framework_code: str) -> list[int]:
    with store.session() as session:
        return RankingRepository(session).observation_years(framework_code)


@dataclass(frozen=True)
class NamedPipeline:
    """A pipeline and the name it is recorded under (a stored name, or a file's name)."""

    name: str
    pipeline: Pipeline


def save_pipeline(store: Store, framework_code: str, name: str, pipeline: Pipeline) -> None:
    """Keep ``pipeline`` as the framework's pipeline ``name`` (replaces one of that name);
    the name ``default`` replaces the built-in default for every ranking of the framework."""
    framework(store, framework_code)
    with store.session() as session:
        ProvenanceRepository(session).save_pipeline(framework_code, name, dump_pipeline(pipeline))


def file_pipeline(path: str | Path) -> NamedPipeline:
    """A pipeline file, recorded under its file name and the start of its content's SHA-256
    (``minmax.yaml#1a2b3c4d5e6f``): two different files of one name never share a method
    record, and the record says which content it was computed with."""
    pipeline = load_pipeline(path)
    digest = sha256_text(Path(path).read_text(encoding="utf-8"))[:12]
    return NamedPipeline(f"{Path(path).name[:180]}#{digest}", pipeline)


def pipeline_names(store: Store, framework_code: str) -> list[str]:
    """The names a ranking of the framework can be computed with (``default`` always)."""
    with store.session() as session:
        stored = ProvenanceRepository(session).pipeline_names(framework_code)
    return sorted({DEFAULT_PIPELINE_NAME, *stored})


def named_pipeline(
    store: Store, framework_code: str, name: str = DEFAULT_PIPELINE_NAME
) -> NamedPipeline:
    """The stored pipeline ``name`` of the framework; ``default`` is the stored one of that
    name if there is one, else the built-in default (normalise by the scoring, aggregate)."""
    with store.session() as session:
        return named_pipeline_in(session, framework_code, name)


def named_pipeline_in(
    session: Session, framework_code: str, name: str = DEFAULT_PIPELINE_NAME
) -> NamedPipeline:
    """:func:`named_pipeline` within the caller's unit of work."""
    records = ProvenanceRepository(session)
    definition = records.pipeline_definition(framework_code, name)
    if definition is not None:
        return NamedPipeline(name, parse_pipeline(definition, f"{framework_code}:{name}"))
    if name == DEFAULT_PIPELINE_NAME:
        return NamedPipeline(name, default_pipeline(framework_in(session, framework_code)))
    known = ", ".join(sorted({DEFAULT_PIPELINE_NAME, *records.pipeline_names(framework_code)}))
    raise NotFound(
        tr(
            f"Das Modell '{framework_code}' hat keine Pipeline '{name}'. Vorhanden: {known}",
            f"Framework '{framework_code}' has no pipeline '{name}'. Available: {known}",
        )
    )


def _known_framework(ranking: str) -> Framework | None:
    return framework_files.preset(ranking) if ranking in framework_files.PRESETS else None


def published_name(ranking: str) -> str:
    """A published ranking's readable name: its framework's name when Stadtpuls ships the
    framework (``haselhorst``), else the name it was imported under."""
    known = _known_framework(ranking)
    return framework_name(known) if known is not None else ranking


def delete_framework(store: Store, framework_code: str) -> None:
    """Remove a framework with all its observations and imports."""
    with store.session() as session:
        ProvenanceRepository(session).delete_framework_records(framework_code)
        shared_rankings.forget_years(session, framework_code, None)
        RankingRepository(session).delete_framework_data(framework_code)
