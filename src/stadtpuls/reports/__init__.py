"""The council status report: PowerPoint (python-pptx) and PDF (LibreOffice), from the data.

``collect(store, city, as_of, language)`` (:mod:`.collect`) reads the ranking and programme
services into a :class:`~stadtpuls.reports.content.ReportContent`; ``render_deck(content,
template)`` (:mod:`.deck`) draws it without touching the store; :mod:`.snapshots` keeps every
generated report so it can be produced again exactly; :mod:`.pdf` converts a deck to PDF;
:mod:`.naming` gives the file name a report is offered under.
"""
