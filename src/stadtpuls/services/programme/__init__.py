"""Use cases of programme steering, shared by the CLI, the web app and the council report, one
module per use case: :mod:`.whole` (the programme as a whole), :mod:`.entities`,
:mod:`.edit` (entries as forms ask for them), :mod:`.items`, :mod:`.status`, :mod:`.kpis` and
:mod:`.ideas`.

Every function takes the open :class:`~stadtpuls.store.db.Store` and the programme's key
(``None``: the only programme there is), runs in one transaction and returns plain
dataclasses from :mod:`stadtpuls.core.programme` or small result classes. Every write takes
``author`` (a role or user name) for the audit log. Entity kinds are the names in
:data:`~stadtpuls.core.programme.model.ENTITY_KINDS` (``item``, ``milestone``, ``kpi`` …).

Errors are :class:`~stadtpuls.errors.StadtpulsError` subclasses: ``NotFound`` for unknown
keys, ``Conflict`` for a stale version or a taken key, ``InputRejected`` for invalid values.
"""
