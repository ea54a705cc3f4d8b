"""Background jobs on an RQ queue (JOB_QUEUE_URL): enqueue a task, work through the queue.

Any service can hand heavy work to the queue the same way: `enqueue(task, *args)` with a
module-level function and plain arguments (ids, not ORM objects). The worker
(`flask --app wsgi jobs-worker`) runs each task in a fresh app context with its own database
session. Without JOB_QUEUE_URL nothing here is used.
"""

import importlib
from collections.abc import Callable

from flask import current_app, has_app_context
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, SimpleWorker

from feedback_app.extensions import db

JOB_TIMEOUT_S = 3600  # a grouping of thousands of ideas takes seconds to minutes, never an hour
ENQUEUE_TIMEOUT_S = 5  # a web request waits at most this long for Redis


class JobQueueDown(RuntimeError):
    """The queue's Redis could not be reached, so the task was not enqueued."""


def queue_configured() -> bool:
    """Whether heavy work goes to a queue (JOB_QUEUE_URL is set)."""
    return bool(current_app.config.get("JOB_QUEUE_URL"))


def _queue(connection: Redis) -> Queue:
    return Queue(current_app.config["JOB_QUEUE_NAME"], connection=connection)


def enqueue(task: Callable[..., object], *args, description: str) -> str:
    """Queue `task(*args)` for the jobs worker; return the job id or raise JobQueueDown."""
    connection = Redis.from_url(
        current_app.config["JOB_QUEUE_URL"],
        socket_connect_timeout=ENQUEUE_TIMEOUT_S,
        socket_timeout=ENQUEUE_TIMEOUT_S,
    )
    target = f"{task.__module__}:{task.__qualname__}"
    try:
        job = _queue(connection).enqueue(
            perform, target, *args, description=description, job_timeout=JOB_TIMEOUT_S
        )
    except RedisError as error:
        raise JobQueueDown(str(error)) from error
    finally:
        connection.close()
    return job.id


def perform(target: str, *args) -> None:
    """Run one queued task in a fresh app context, so each job gets its own database session."""
    if not has_app_context():
        raise RuntimeError("run queued jobs with `flask --app wsgi jobs-worker`, not `rq worker`")
    module, name = target.split(":")
    task = getattr(importlib.import_module(module), name)
    with current_app._get_current_object().app_context():
        try:
            task(*args)
        finally:
            db.session.remove()


def work(*, burst: bool = False) -> bool:
    """Work through the queue in this process; with burst, stop once it is empty.

    SimpleWorker runs jobs without forking: the database pool is never shared with a child,
    and the semantic model stays loaded between jobs. Run several workers for parallelism.
    """
    queue = _queue(Redis.from_url(current_app.config["JOB_QUEUE_URL"]))
    worker = SimpleWorker([queue], connection=queue.connection)
    return worker.work(burst=burst, logging_level="INFO")
