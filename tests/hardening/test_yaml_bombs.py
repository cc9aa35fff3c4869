"""YAML "billion laughs": nine aliases to nine aliases … expand to 9^12 entries for any code
that walks the parsed document. Every YAML reader refuses aliases (the project never writes
them) before building anything — the expansion-bomb sibling of the XLSX check (issue 13)."""

from __future__ import annotations

import pytest

from stadtpuls.errors import InputRejected
from stadtpuls.io import frameworks, pipelines
from stadtpuls.io import programme as programme_files
from stadtpuls.io.analysis_specs import load_spec


def laughs(last: str) -> str:
    lines = ["x0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 12):
        lines.append(f"x{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n" + last + "\n"


READERS = {
    "programme": lambda text: programme_files.parse_programme_yaml(text, "p.yaml"),
    "framework": lambda text: frameworks.parse_framework(text, "f.yaml"),
    "pipeline": lambda text: pipelines.parse_pipeline(text, "pipe.yaml"),
}


@pytest.mark.parametrize("reader", READERS)
def test_aliases_are_refused_with_their_line(reader):
    text = laughs("programme: {key: p, name: P, notes: *a11}")
    with pytest.raises(InputRejected) as caught:
        READERS[reader](text)
    (problem,) = caught.value.problems
    assert problem.row == 2
    assert "Verweise (*Name) sind nicht erlaubt" in problem.reason


def test_analysis_file_aliases_are_refused(tmp_path):
    path = tmp_path / "analyse.yaml"
    path.write_text(laughs("factors: *a11"), encoding="utf-8")
    with pytest.raises(InputRejected, match="Verweise"):
        load_spec(path)


def test_files_without_aliases_still_read():
    assert pipelines.parse_pipeline("steps:\n  - step: aggregate\n").steps
