"""Start a real Celery worker process on this test run's queue, against the test database."""

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

from mobility.celery import app as celery_app


def database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def celery_worker(var_dir: Path | None, log: Path, **env: str) -> Iterator[subprocess.Popen]:
    """Run ``celery worker`` until the block ends; ``var_dir`` holds the filesystem broker, if any.

    The worker sees the test database and this run's queue, plus the extra ``env`` variables;
    its output goes to ``log``.
    """
    env = os.environ | {"DATABASE_URL": database_url()} | env
    if var_dir is not None:
        env["MOBILITY_VAR_DIR"] = str(var_dir)
    with log.open("w") as out:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "mobility",
                "worker",
                "--pool",
                "solo",
                "--loglevel",
                "info",
                "--queues",
                celery_app.conf.task_default_queue,
                "--without-mingle",
                "--without-gossip",
                "--hostname",
                f"test-{os.getpid()}@%h",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        yield worker
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
