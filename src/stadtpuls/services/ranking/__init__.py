"""Ranking use cases shared by the CLI, the web app and the reports, one module per use case:
:mod:`.frameworks` (frameworks and pipelines), :mod:`.observations` and :mod:`.published`
(imports), :mod:`.compute`, :mod:`.tables`, :mod:`.browse` (tables as pages offer them),
:mod:`.profile`, :mod:`.standing` and :mod:`.compare`.

Every function takes an open :class:`~stadtpuls.store.db.Store` and returns plain data
(dataclasses, DataFrames); nothing is printed. User mistakes raise
:class:`~stadtpuls.errors.StadtpulsError` subclasses with a German (or English) message.
"""
