"""A DCAT-AP.de 3.0 catalogue as RDF (rdflib): Turtle and RDF/XML, harvestable by CKAN's DCAT
harvester and by GovData.

What the profile asks for and is used here: the catalogue with title, description, publisher,
language, theme taxonomy (the EU data themes), spatial coverage and modification date; each
dataset with title, description, publisher, contact point (a role, never a person), keywords,
theme, spatial coverage (the municipality's AGS as ``dcterms:spatial`` with
``dcatde:politicalGeocodingLevelURI``; the deprecated ``dcatde:politicalGeocodingURI`` is not
written), update dates and frequency; each distribution with access and download URL, file
type, media type, licence (Datenlizenz Deutschland) and attribution text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
EU = "http://publications.europa.eu/resource/authority/"
DATA_THEME = URIRef(EU + "data-theme")
LANGUAGE_DE = URIRef(EU + "language/DEU")
LICENSE_DL_BY = URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")
MUNICIPALITY_LEVEL = URIRef("http://dcat-ap.de/def/politicalGeocoding/Level/municipality")
MUNICIPALITY_KEY = "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/"
FILE_TYPES = {"csv": "CSV", "json": "JSON"}
MEDIA_TYPES = {"csv": "text/csv", "json": "application/json"}
IANA = "https://www.iana.org/assignments/media-types/"


@dataclass(frozen=True)
class Distribution:
    title: str
    url: str
    kind: str  # csv or json
    modified: date | datetime


@dataclass(frozen=True)
class Dataset:
    key: str
    title: str
    description: str
    keywords: tuple[str, ...]
    themes: tuple[str, ...]  # EU data theme codes, e.g. GOVE
    modified: date | datetime
    frequency: str  # EU frequency code, e.g. MONTHLY
    distributions: tuple[Distribution, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Catalogue:
    base_url: str
    title: str
    description: str
    publisher: str
    contact_role: str
    contact_url: str
    ags: str
    modified: date | datetime
    datasets: Sequence[Dataset]


def catalogue_graph(catalogue: Catalogue) -> Graph:
    """The catalogue as an RDF graph (prefixes bound for readable Turtle)."""
    graph = Graph()
    for prefix, namespace in (
        ("dcat", DCAT),
        ("dct", DCTERMS),
        ("foaf", FOAF),
        ("vcard", VCARD),
        ("dcatde", DCATDE),
    ):
        graph.bind(prefix, namespace)
    base = catalogue.base_url.rstrip("/")
    root = URIRef(f"{base}/public/dcat#catalogue")
    publisher = URIRef(f"{base}/public/dcat#publisher")
    contact = URIRef(f"{base}/public/dcat#contact")
    spatial = URIRef(MUNICIPALITY_KEY + catalogue.ags)
    graph.add((publisher, RDF.type, FOAF.Organization))
    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal(catalogue.publisher, lang="de")))
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(catalogue.contact_role, lang="de")))
    graph.add((contact, VCARD.hasURL, URIRef(catalogue.contact_url)))
    graph.add((spatial, RDF.type, DCTERMS.Location))
    graph.add((root, RDF.type, DCAT.Catalog))
    graph.add((root, DCTERMS.title, Literal(catalogue.title, lang="de")))
    graph.add((root, DCTERMS.description, Literal(catalogue.description, lang="de")))
    graph.add((root, DCTERMS.publisher, publisher))
    graph.add((root, DCTERMS.language, LANGUAGE_DE))
    graph.add((root, DCAT.themeTaxonomy, DATA_THEME))
    graph.add((root, DCTERMS.spatial, spatial))
    graph.add((root, DCTERMS.modified, _when(catalogue.modified)))
    graph.add((root, FOAF.homepage, URIRef(f"{base}/public")))
    for dataset in catalogue.datasets:
        node = _dataset(graph, base, dataset, publisher, contact, spatial)
        graph.add((root, DCAT.dataset, node))
    return graph


def _dataset(
    graph: Graph,
    base: str,
    dataset: Dataset,
    publisher: URIRef,
    contact: URIRef,
    spatial: URIRef,
) -> URIRef:
    node = URIRef(f"{base}/public/dcat#dataset-{dataset.key}")
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add((node, DCTERMS.identifier, Literal(str(node))))
    graph.add((node, DCTERMS.title, Literal(dataset.title, lang="de")))
    graph.add((node, DCTERMS.description, Literal(dataset.description, lang="de")))
    graph.add((node, DCTERMS.publisher, publisher))
    graph.add((node, DCAT.contactPoint, contact))
    graph.add((node, DCAT.landingPage, URIRef(f"{base}/public")))
    graph.add((node, DCTERMS.spatial, spatial))
    graph.add((node, DCATDE.politicalGeocodingLevelURI, MUNICIPALITY_LEVEL))
    graph.add((node, DCTERMS.language, LANGUAGE_DE))
    graph.add((node, DCTERMS.modified, _when(dataset.modified)))
    graph.add((node, DCTERMS.accrualPeriodicity, URIRef(EU + "frequency/" + dataset.frequency)))
    for keyword in dataset.keywords:
        graph.add((node, DCAT.keyword, Literal(keyword, lang="de")))
    for theme in dataset.themes:
        graph.add((node, DCAT.theme, URIRef(EU + "data-theme/" + theme)))
    for number, distribution in enumerate(dataset.distributions, start=1):
        part = URIRef(f"{base}/public/dcat#dataset-{dataset.key}-{number}")
        graph.add((node, DCAT.distribution, part))
        graph.add((part, RDF.type, DCAT.Distribution))
        graph.add((part, DCTERMS.title, Literal(distribution.title, lang="de")))
        graph.add((part, DCAT.accessURL, URIRef(distribution.url)))
        graph.add((part, DCAT.downloadURL, URIRef(distribution.url)))
        graph.add((part, DCTERMS.format, URIRef(EU + "file-type/" + FILE_TYPES[distribution.kind])))
        graph.add((part, DCAT.mediaType, URIRef(IANA + MEDIA_TYPES[distribution.kind])))
        graph.add((part, DCTERMS.license, LICENSE_DL_BY))
        graph.add(
            (part, DCATDE.licenseAttributionByText, Literal(graph.value(publisher, FOAF.name)))
        )
        graph.add((part, DCTERMS.modified, _when(distribution.modified)))
    return node


def _when(value: date | datetime) -> Literal:
    if isinstance(value, datetime):
        return Literal(value.replace(microsecond=0).isoformat(), datatype=XSD.dateTime)
    return Literal(value.isoformat(), datatype=XSD.date)


def serialise(graph: Graph, fmt: str) -> bytes:
    """``turtle`` or ``xml`` (RDF/XML)."""
    return graph.serialize(format=fmt, encoding="utf-8")
