"""The council status report: PowerPoint (python-pptx) and PDF (LibreOffice), from the data.

A pure renderer: :mod:`stadtpuls.services.report_content` assembles the report model
(:class:`~stadtpuls.reports.content.ReportContent`: values, their origins and the date rule's
choices) from the services; ``render_deck(content, template)`` (:mod:`.deck`) draws it and
never reads a service or the store; :mod:`.pdf` converts a deck to PDF;
:mod:`.naming` gives the file name a report is offered under.
"""
