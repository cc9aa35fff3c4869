"""OpenProject API v3 responses as OpenProject documents them (issue 13, item 11): the shapes
of its published examples (project, projects, programs, work packages, user), files written
by PowerShell (UTF-8 with BOM), repeated identifiers and re-imports."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from stadtpuls.cli.common import hint
from stadtpuls.cli.main import app
from stadtpuls.core.programme.model import Item, Programme
from stadtpuls.errors import InputRejected, NotFound
from stadtpuls.io import programme as files
from stadtpuls.services.programme import whole as programme_whole

DAY = date(2023, 1, 16)
EMPTY = Programme("p", "P")


def project(
    identifier: str, status: object = "/api/v3/project_statuses/on_track", **fields
) -> dict:
    return {
        "_type": "Project",
        "id": 1,
        "identifier": identifier,
        "name": identifier.title(),
        "active": True,
        **fields,
        "_links": {"self": {"href": "/api/v3/projects/1"}, "status": {"href": status}},
    }


def collection(elements: list, self_href: str = "/api/v3/projects") -> dict:
    return {
        "_type": "Collection",
        "count": len(elements),
        "total": len(elements),
        "_embedded": {"elements": elements},
        "_links": {"self": {"href": self_href}},
    }


def write(tmp_path, document, name="op.json", encoding="utf-8"):
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding=encoding)
    return path


def _problems(call) -> list[tuple[str | None, str]]:
    with pytest.raises(InputRejected) as caught:
        call()
    return [(p.field, p.reason) for p in caught.value.problems]


def test_status_link_as_a_list_or_with_a_numeric_href_is_a_problem_not_a_crash(tmp_path):
    document = collection([project("a", status=5), project("b")])
    document["_embedded"]["elements"][1]["_links"]["status"] = [
        {"href": "/api/v3/project_statuses/on_track"}
    ]
    problems = _problems(lambda: files.read_openproject(write(tmp_path, document), EMPTY, DAY))
    assert problems == [
        ("_embedded.elements[0]._links.status", "unbekannter Projektstatus '5'"),
        ("_embedded.elements[1]._links.status", 'ein Link {"href": …} erwartet, keine Liste'),
    ]


def test_a_file_with_a_utf8_bom_is_read(tmp_path):
    path = write(tmp_path, project("a"), encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    found = files.read_openproject(path, EMPTY, DAY)
    assert [i.key for i in found.items] == ["a"]


def test_the_same_identifier_twice_is_named_with_file_and_element(tmp_path):
    document = collection([project("a"), project("b"), project("a")])
    existing = Programme("p", "P", items=(Item("a", "A"),))
    for programme in (EMPTY, existing):
        with pytest.raises(InputRejected) as caught:
            files.read_openproject(write(tmp_path, document), programme, DAY)
        (problem,) = caught.value.problems
        assert (problem.file, problem.field) == ("op.json", "_embedded.elements[2].identifier")
        assert problem.reason == "Kennung 'a' kommt schon in _embedded.elements[0] vor"


@pytest.mark.parametrize(
    ("document", "named"),
    [
        (
            collection(
                [{"id": 1, "identifier": "x", "name": "X", "active": True, "public": True}],
                "/api/v3/programs?filters=%5B%5D&offset=1&pageSize=20",
            ),
            "Programme",
        ),
        (
            collection([{"id": 1, "identifier": "x", "name": "X"}], "/api/v3/portfolios"),
            "Portfolios",
        ),
        ({"_type": "Program", "id": 1, "identifier": "x", "name": "X"}, "Programm"),
        (
            collection(
                [
                    {
                        "_type": "WorkPackage",
                        "id": 5,
                        "subject": "Sensoren bestellen",
                        "_links": {"status": {"href": "/api/v3/statuses/1"}},
                    }
                ],
                "/api/v3/projects/7/work_packages",
            ),
            "Arbeitspaket",
        ),
        ({"_type": "WorkPackage", "id": 5, "subject": "S"}, "Arbeitspaket"),
        ({"_type": "User", "id": 1, "login": "x", "name": "X"}, "Benutzer"),
    ],
)
def test_other_openproject_resources_are_recognised_and_named(tmp_path, document, named):
    problems = _problems(lambda: files.read_openproject(write(tmp_path, document), EMPTY, DAY))
    assert len(problems) == 1 and named in problems[0][1], problems
    assert "/api/v3/projects" in problems[0][1]  # says what to export instead


def test_reimport_does_not_publish_an_item_made_internal(tmp_path):
    internal = Programme(
        "p", "P", items=(Item("a", "A", public=False), Item("b", "B", public=True))
    )
    document = collection(
        [project("a", public=True), project("b", public=False), project("c", public=True)]
    )
    found = files.read_openproject(write(tmp_path, document), internal, DAY)
    assert {i.key: i.public for i in found.items} == {"b": False, "c": True}


def test_import_into_an_empty_store_says_what_to_do_first(store, tmp_path):
    path = write(tmp_path, project("a"))
    result = CliRunner().invoke(
        app, ["--database", store.url, "programme", "import", str(path), "--author", "t"]
    )
    assert isinstance(result.exception, NotFound)
    assert str(result.exception) == "Es ist noch kein Programm angelegt."
    # the CLI adds how to create one: a programme file or the demo, not the failed command
    assert hint(result.exception.action) == (
        "Anlegen mit 'stadtpuls programme import DATEI' oder 'stadtpuls demo'."
    )
    with pytest.raises(NotFound):
        programme_whole.load_programme(store)
