import os
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from mobility.celery import app as celery_app

RUN_ID = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"

# Property-based tests: the same examples on every run (CI reproduces any failure, and no
# example database is written); HYPOTHESIS_PROFILE=explore searches further, at random.
hypothesis_settings.register_profile(
    "ci",
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
hypothesis_settings.register_profile(
    "explore", parent=hypothesis_settings.get_profile("ci"), max_examples=500, derandomize=False
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory) -> None:
    """Give every test run a database of its own, so that concurrent runs never meet."""
    db = django_settings.DATABASES["default"]
    test = db.setdefault("TEST", {})
    if db["ENGINE"].endswith("sqlite3"):
        # A file rather than memory, so that a worker subprocess can open the same database.
        test["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")
    else:
        test["NAME"] = f"test_mobility_{RUN_ID.replace('-', '_')}"


@pytest.fixture(scope="session", autouse=True)
def celery_isolation(tmp_path_factory):
    """Send this run's tasks to a queue (and, without Redis, a folder) of its own."""
    conf = celery_app.conf
    conf.task_default_queue = f"mobility-test-{RUN_ID}"
    var_dir = None
    if conf.broker_url.startswith("filesystem"):
        var_dir = tmp_path_factory.mktemp("var")
        folder = var_dir / "celery"
        for name in ("messages", "control"):
            (folder / name).mkdir(parents=True)
        conf.broker_transport_options = {
            "data_folder_in": str(folder / "messages"),
            "data_folder_out": str(folder / "messages"),
            "control_folder": str(folder / "control"),
        }
    yield var_dir
    if var_dir is None:
        with celery_app.connection_for_write() as conn:
            conn.default_channel.queue_delete(conf.task_default_queue)
        _delete_redis_keys(f"*{RUN_ID}*")


def _delete_redis_keys(pattern: str) -> None:
    """Leave the shared Redis as this run found it (queues' bindings, cache entries)."""
    import redis

    client = redis.Redis.from_url(django_settings.REDIS_URL)
    for key in client.scan_iter(match=pattern, count=500):
        client.delete(key)
    # Messages a killed worker had taken but not acknowledged wait in the shared "unacked" hash.
    for tag, payload in client.hscan_iter("unacked", count=500):
        if RUN_ID in payload.decode(errors="replace"):
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)


@pytest.fixture(autouse=True)
def isolated_cache(settings):
    """Give each test an empty cache (rate limits!) without flushing a shared Redis."""
    caches = {alias: dict(config) for alias, config in settings.CACHES.items()}
    for config in caches.values():
        config["KEY_PREFIX"] = f"test-{RUN_ID}-{uuid.uuid4().hex}"
        if config["BACKEND"].endswith("FileBasedCache"):
            config["BACKEND"] = "django.core.cache.backends.locmem.LocMemCache"
    settings.CACHES = caches


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db):
    """Two alliances with universities, queues, staff and requesters (``tests.enquiries.conftest.World``)."""
    from tests.enquiries.conftest import World

    return World()


FAST_HASHING = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PRIVATE_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "demo"}}


@pytest.fixture(scope="module")
def demo_module(django_db_setup, django_db_blocker):
    """The demo data, seeded once for a module's tests and rolled back after its last one.

    Each test still runs in a transaction of its own, inside this one, so what one test changes
    the next never sees; seeding once spares each test the seconds of ``seed_demo``.
    """
    from demo.seed import seed_demo

    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHING, CACHES=PRIVATE_CACHE),
        transaction.atomic(),
    ):
        yield seed_demo(password="demo-password")
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_module, db):
    """The demo alliances and accounts (docs/demo-data.md)."""
    return demo_module


@pytest.fixture
def project_root() -> Path:
    return Path(django_settings.BASE_DIR)
