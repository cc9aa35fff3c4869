"""The hardening tests reuse the ranking tests' tiny framework."""

from ranking.conftest import tiny_framework  # noqa: F401  (fixture)
