"""Adapters to the city's data platform: an OGC SensorThings API client, an MQTT subscriber
and a reader for a CSV/JSON resource at a URL. They read observations and hand them on as
:class:`~stadtpuls.platform.batch.ObservationBatch`; aggregation is in
:mod:`stadtpuls.core.platform`, storage in :mod:`stadtpuls.store.platform`."""
