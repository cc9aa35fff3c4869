"""/public/dcat: a DCAT-AP.de catalogue in Turtle and RDF/XML that validates against our SHACL
shapes (with the controlled vocabularies merged in), whose distributions can be downloaded."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS

HERE = Path(__file__).parent.parent / "data_platform"
SHAPES = Graph().parse(HERE / "dcat_shapes.ttl")
VOCABULARIES = Graph().parse(HERE / "dcat_vocabularies.ttl")
DCATDE = "http://dcat-ap.de/def/dcatde/"


def _conforms(graph: Graph) -> tuple[bool, str]:
    conforms, _report, text = validate(graph + VOCABULARIES, shacl_graph=SHAPES, inference="none")
    return conforms, text


def test_the_catalogue_validates_in_both_serialisations(web_data):
    client = web_data.anonymous()
    turtle = client.get("/public/dcat.ttl")
    assert turtle.status_code == 200
    assert turtle.headers["content-type"].startswith("text/turtle")
    xml = client.get("/public/dcat", headers={"Accept": "application/rdf+xml"})
    assert xml.headers["content-type"].startswith("application/rdf+xml")
    graph = Graph().parse(data=turtle.text, format="turtle")
    assert isomorphic(graph, Graph().parse(data=xml.content, format="xml"))
    conforms, text = _conforms(graph)
    assert conforms, text
    datasets = set(graph.subjects(predicate=None, object=DCAT.Dataset))
    titles = {str(graph.value(d, DCTERMS.title)).split(" (")[0] for d in datasets}
    # The sample has items and KPI values but no reviewed evidence: no empty dataset.
    assert titles == {
        "Smart-City-Programm: Maßnahmen und Stand",
        "Smart-City-Kennzahlen mit Messreihen",
    }
    spatial = {str(o) for o in graph.objects(predicate=DCTERMS.spatial)}
    assert spatial == {"http://dcat-ap.de/def/politicalGeocoding/municipalityKey/01060063"}
    assert not list(graph.objects(predicate=URIRef(DCATDE + "politicalGeocodingURI")))


def test_the_shapes_catch_what_they_should(web_data):
    graph = Graph().parse(data=web_data.anonymous().get("/public/dcat.ttl").text, format="turtle")
    distribution = next(graph.subjects(predicate=None, object=DCAT.Distribution))
    without_licence = Graph() + graph
    without_licence.remove((distribution, DCTERMS.license, None))
    conforms, text = _conforms(without_licence)
    assert not conforms and "license" in text
    dataset = next(graph.subjects(predicate=None, object=DCAT.Dataset))
    deprecated = Graph() + graph
    deprecated.add(
        (
            dataset,
            URIRef(DCATDE + "politicalGeocodingURI"),
            URIRef("http://dcat-ap.de/def/politicalGeocoding/municipalityKey/01060063"),
        )
    )
    conforms, text = _conforms(deprecated)
    assert not conforms and "deprecated" in text
    other_licence = Graph() + graph
    other_licence.set((distribution, DCTERMS.license, URIRef("http://example.org/my-licence")))
    assert not _conforms(other_licence)[0]


def test_the_distributions_hold_the_public_data(web_data):
    client = web_data.anonymous()
    graph = Graph().parse(data=client.get("/public/dcat.ttl").text, format="turtle")
    urls = sorted(str(u) for u in graph.objects(predicate=DCAT.downloadURL))
    assert [u.rsplit("/", 1)[1] for u in urls] == [
        "kpis.csv",
        "kpis.json",
        "programme.csv",
        "programme.json",
    ]
    rows = list(csv.DictReader(io.StringIO(client.get("/public/data/programme.csv").text)))
    public = json.loads(client.get("/public/data/programme.json").text)
    assert [r["key"] for r in rows] == [r["key"] for r in public]
    items = client.get("/api/v1/public/items").json()
    assert {r["key"]: r["public_comment"] or None for r in rows} == {
        i["key"]: i["comment"] for i in items
    }
    kpis = json.loads(client.get("/public/data/kpis.json").text)
    assert kpis and all(k["origin"] in ("entered", "measured", "illustrative") for k in kpis)
    assert client.get("/public/data/secrets.csv").status_code == 404
