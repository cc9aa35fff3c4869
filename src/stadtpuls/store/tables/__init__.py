"""Table definitions, one module per area of the product (ranking, programme, reports, accounts)."""

import importlib
import pkgutil


def import_all() -> None:
    """Import every table module so that ``Base.metadata`` knows all tables."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
