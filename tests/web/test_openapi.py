"""schemathesis against the served API, as a client would see it: uvicorn on 127.0.0.1 with the
sample data, every check schemathesis has (status codes, content types, headers and schemas of
responses, invalid data refused, valid data accepted, 405 with ``Allow``, auth ignored or not,
resources available after creation, …) in every phase, stateful sequences included. The run
uses an admin token it cannot revoke (see ``schemathesis_hooks``), knows the sample data's
resource names (``schemathesis.toml``) and is bounded by a fixed number of derandomised examples
per operation (25; half as many under the hypothesis profile of ``make test-fast``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
from hypothesis import settings
from live_server import run_server
from sample_data import load_programme, load_ranking
from schemathesis_hooks import RUN_USER_ENV
from web_helpers import PASSWORD, ROLES

from stadtpuls.services.accounts import create_token, create_user
from stadtpuls.store.db import Store

HERE = Path(__file__).parent
SCHEMATHESIS = Path(sys.executable).parent / "st"
RUN_USER = "schemathesis-run"
MAX_EXAMPLES = 25  # per operation, at hypothesis' default of 100 examples per test
OPERATIONS = 25  # every operation of the API, none skipped


def test_schemathesis_with_all_checks_and_stateful_sequences_finds_nothing(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'api.db'}")
    load_ranking(store)
    load_programme(store)
    for role in ROLES:
        create_user(store, role, PASSWORD, role)
    create_user(store, RUN_USER, PASSWORD, "admin")
    auth = {"Authorization": f"Bearer {create_token(store, RUN_USER, 'schemathesis')}"}
    for url in run_server(store):
        result = subprocess.run(
            [
                str(SCHEMATHESIS),
                "--config-file",
                str(HERE / "schemathesis.toml"),
                "run",
                f"{url}/api/v1/openapi.json",
                "--checks",
                "all",
                "--phases",
                "examples,coverage,fuzzing,stateful",
                "--max-examples",
                str(MAX_EXAMPLES * settings().max_examples // 100),
                "--generation-deterministic",
                "--workers",
                "1",
                "--no-color",
                "--header",
                f"Authorization: {auth['Authorization']}",
            ],
            env={
                **os.environ,
                "SCHEMATHESIS_HOOKS": "schemathesis_hooks",
                RUN_USER_ENV: RUN_USER,
                "PYTHONPATH": str(HERE),
            },
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        still_valid = httpx.get(f"{url}/api/v1/me", headers=auth).status_code
    store.dispose()
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
    assert f"Selected: {OPERATIONS}/{OPERATIONS}" in result.stdout
    assert still_valid == 200
