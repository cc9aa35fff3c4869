"""Command-line values that name something in more than one way, resolved once, here at the
edge, into typed sources: services and the store never see a raw option string.

``--framework`` is a framework file (YAML or COINr iMeta table) or the code of a framework in
the store; ``--pipeline`` is a pipeline file or the name of a pipeline kept with the framework.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from stadtpuls.cli.lazy import lazy
from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import tr

if TYPE_CHECKING:  # the names lazy() binds below, for type checkers and import contracts
    from stadtpuls.core.ranking.framework import Framework
    from stadtpuls.io import frameworks, pipelines
    from stadtpuls.services.ranking import NamedPipeline
    from stadtpuls.services.ranking import frameworks as ranking_frameworks
    from stadtpuls.store.db import Store
else:
    ranking_frameworks = lazy("stadtpuls.services.ranking.frameworks")
    frameworks = lazy("stadtpuls.io.frameworks")
    pipelines = lazy("stadtpuls.io.pipelines")


class FrameworkSource:
    """Where a framework comes from: :class:`FrameworkFile` or :class:`StoredFramework`."""


@dataclass(frozen=True)
class FrameworkFile(FrameworkSource):
    path: Path

    def load(self) -> Framework:
        return frameworks.load_framework(self.path)


@dataclass(frozen=True)
class StoredFramework(FrameworkSource):
    code: str


def framework_source(text: str) -> FrameworkSource:
    """The parser of ``--framework``: an existing file, else a framework code."""
    path = Path(text)
    return FrameworkFile(path) if path.is_file() else StoredFramework(text)


def framework_or_none(text: str | None) -> FrameworkSource | None:
    """``--framework`` where it may be left out (the framework then comes from elsewhere)."""
    return None if text is None else framework_source(text)


def stored_code(source: FrameworkSource, needed_for: str) -> str:
    """The code of a stored framework; a clear error naming the option when it is a file."""
    if isinstance(source, StoredFramework):
        return source.code
    raise StadtpulsError(
        tr(
            f"{needed_for}: dafür muss --framework das Kürzel eines Modells in der Datenbank sein, "
            "keine Datei.",
            f"{needed_for}: then --framework must be the code of a framework in the database, "
            "not a file.",
        )
    )


def resolve_pipeline(store: Store, framework_code: str, text: str) -> NamedPipeline:
    """``--pipeline``: a pipeline file (recorded under its file name) or a stored name."""
    if Path(text).is_file():
        return ranking_frameworks.NamedPipeline(Path(text).name, pipelines.load_pipeline(text))
    return ranking_frameworks.named_pipeline(store, framework_code, text)
