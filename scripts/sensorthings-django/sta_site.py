"""A minimal Django project serving django-ogc-sensorthings on a loopback port, seeded with
Datastreams of 15-minute observations: a second, independent SensorThings implementation for
the client tests (run in a venv of its own, see requirements.txt and scripts/test-services.sh).

Usage: ``python sta_site.py DB_FILE PORT SEED_JSON`` — migrates the SQLite file, stores the seed
(``{"streams": [{"name", "start", "minutes", "values"}]}``: a reading every ``minutes``), prints one JSON line with the
Datastream ids (UUID strings) and serves until killed.
"""

import json
import sys
from datetime import datetime, timedelta, timezone
from uuid import UUID

import django
from django.conf import settings

DB, PORT, SEED = sys.argv[1], int(sys.argv[2]), sys.argv[3]

settings.configure(
    DEBUG=False,
    SECRET_KEY="test-only",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[
        "django.contrib.contenttypes",
        "django.contrib.auth",
        "sensorthings.versions.v1_1",
        "sensorthings.versions.v1_1.backends.django",
    ],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": DB}},
    USE_TZ=True,
    SENSORTHINGS_V1_1_SERVICE_URL=f"http://127.0.0.1:{PORT}/sensorthings",
    SENSORTHINGS_V1_1_BACKEND_ADAPTER=(
        "sensorthings.versions.v1_1.backends.django.adapter.DjangoBackendAdapter"
    ),
    SENSORTHINGS_V1_1_ID_TYPE=UUID,
    SENSORTHINGS_V1_1_ID_DELIMITER="'",
    SENSORTHINGS_V1_1_MAX_TOP=1000,
)
django.setup()

from django.core.management import call_command  # noqa: E402
from django.urls import include, path  # noqa: E402

urlpatterns = [path("sensorthings/", include("sensorthings.versions.v1_1.urls"))]


def seed(document):
    from sensorthings.versions.v1_1.backends.django import models as m

    thing = m.Thing.objects.create(name="Demo", description="test fixture")
    sensor = m.Sensor.objects.create(
        name="Sensor", description="test", encoding_type="application/pdf", metadata="none"
    )
    prop = m.ObservedProperty.objects.create(name="Füllstand", definition="x", description="x")
    feature = m.FeatureOfInterest.objects.create(
        name="Ort",
        description="test",
        encoding_type="application/geo+json",
        feature={"type": "Point", "coordinates": [10.0, 53.7]},
    )
    ids = []
    for spec in document["streams"]:
        stream = m.Datastream.objects.create(
            name=spec["name"],
            description="test",
            thing=thing,
            sensor=sensor,
            observed_property=prop,
            unit_of_measurement={"name": "%", "symbol": "%", "definition": "x"},
            observation_type="http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement",
        )
        start = datetime.fromisoformat(spec["start"]).replace(tzinfo=timezone.utc)
        step = timedelta(minutes=spec.get("minutes", 15))
        m.Observation.objects.bulk_create(
            m.Observation(
                datastream=stream,
                result=value,
                feature_of_interest=feature,
                phenomenon_time_begin=start + n * step,
                result_time=start + n * step,
            )
            for n, value in enumerate(spec["values"])
        )
        ids.append(str(stream.id))
    return ids


if __name__ == "__main__":
    call_command("migrate", verbosity=0)
    with open(SEED) as handle:
        ids = seed(json.load(handle))
    print(json.dumps({"datastreams": ids}), flush=True)
    from django.core.servers.basehttp import WSGIServer, run
    from django.core.wsgi import get_wsgi_application

    run("127.0.0.1", PORT, get_wsgi_application(), threading=True, server_cls=WSGIServer)
