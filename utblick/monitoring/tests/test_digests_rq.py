"""The scale path (issue 5, point 8): our tasks run through the Redis-based RQ backend (django-tasks-rq), as an
installation with several workers on several machines would run them (docs/operations.md).

Uses the Redis on 127.0.0.1:6379, database REDIS_DB, a queue of its own per test, and removes every key it
created. The worker is RQ's SimpleWorker in this process, in burst mode: it runs what is queued and stops.
"""

import hashlib
import uuid

import pytest

from utblick.monitoring import digests
from utblick.monitoring.models import Item, Source, Subscription

django_rq = pytest.importorskip("django_rq", reason="django-tasks-rq is optional: pip install -r requirements-dev.txt")
django_tasks_rq = pytest.importorskip("django_tasks_rq")
redis = pytest.importorskip("redis")

REDIS_DB = 7
REDIS_URL = f"redis://127.0.0.1:6379/{REDIS_DB}"


@pytest.fixture
def redis_connection():
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Ingen Redis på 127.0.0.1:6379: starta redis-server för att testa RQ-backend.")
    before = set(connection.keys("*"))
    yield connection
    # Leave the database as we found it: only the keys this test made go.
    created = set(connection.keys("*")) - before
    if created:
        connection.delete(*created)
    connection.close()


@pytest.fixture
def rq_queue(settings, redis_connection):
    """A queue of this test's own on the RQ backend, configured as operations.md says."""
    name = f"utblick-test-{uuid.uuid4().hex[:12]}"
    # "default" too: the backend looks results up through django_rq's default connection.
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}, name: {"URL": REDIS_URL}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default", name]}}
    return name


def run_worker(queue_name: str) -> None:
    from rq import SimpleWorker

    queue = django_rq.get_queue(queue_name, job_class=django_tasks_rq.Job)
    worker = SimpleWorker([queue], connection=queue.connection, job_class=django_tasks_rq.Job)
    worker.work(burst=True, with_scheduler=False)


def test_the_digest_task_runs_through_redis_and_an_rq_worker(smtp_server, rq_queue, hans, units, settings):
    from django_tasks import TaskResultStatus, task_backends

    settings.UTBLICK_BASE_URL = "http://testserver.example"
    subscription = Subscription.objects.create(user=hans, frequency="daily")
    subscription.units.set([units["buf"]])
    source = Source.objects.create(name="Interreg Aurora", url="http://127.0.0.1:9/aurora.xml")
    item = Item.objects.create(
        source=source, title="Skolutbyte över gränsen", content_hash=hashlib.sha256(b"rq").hexdigest()
    )
    item.units.set([units["buf"]])
    assert type(task_backends["default"]).__name__ == "RQBackend"

    result = digests.send_digests_task.using(queue_name=rq_queue).enqueue("daily")

    # Queued in Redis, not run: nothing is sent until a worker takes it.
    assert result.status == TaskResultStatus.READY
    assert django_rq.get_queue(rq_queue).count == 1
    assert smtp_server.messages == []

    run_worker(rq_queue)

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL, result.errors
    assert result.return_value == 1
    [mail] = smtp_server.messages
    assert mail.recipients == ["hans@kommun.example"]
    assert item.title in mail.body
    assert django_rq.get_queue(rq_queue).count == 0


def test_a_failing_task_is_reported_failed_by_the_rq_backend(rq_queue, settings):
    from django_tasks import TaskResultStatus

    # An unknown frequency fails inside the task; the worker survives and the result says so.
    result = digests.send_digests_task.using(queue_name=rq_queue).enqueue("hourly")
    run_worker(rq_queue)
    result.refresh()
    assert result.status == TaskResultStatus.FAILED
    assert result.errors and "KeyError" in result.errors[0].traceback
