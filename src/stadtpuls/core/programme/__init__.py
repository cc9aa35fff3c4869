"""The programme domain: items, status history, milestones, KPIs, the idea menu, views.

Pure data and functions; the store, files and commands live in adapters around it.
"""
