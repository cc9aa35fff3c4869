"""The uvicorn factory of the live-server tests: the production app of
``stadtpuls.web.server``, with Argon2 at minimal cost as in the in-process tests.

Hashes stay Argon2id; the production cost (about a quarter of a second per hash on a busy
machine) made the schemathesis run, which creates and changes accounts, spend most of its time
hashing passwords."""

from __future__ import annotations

from argon2 import PasswordHasher
from fastapi import FastAPI

from stadtpuls.services import accounts
from stadtpuls.web import server

FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def app_from_environment() -> FastAPI:
    accounts._hasher = FAST_HASHER
    return server.app_from_environment()
