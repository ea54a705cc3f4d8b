"""Group a session's visible ideas into themes with the text pipeline and store the run.

A run executes inline, in a thread or on the job queue (heartbeats: ``cluster_runs.py``);
a re-run keeps pinned themes and ideas moved by hand. The facilitator's edits of a stored
run (rename, move, merge, split, accept a suggested label) are in ``clustering_edits.py``.
"""

import threading
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from feedback_app import messages
from feedback_app.clock import utc_now
from feedback_app.errors import Conflict, NotFound, ValidationFailed
from feedback_app.extensions import db
from feedback_app.models import BrainstormSession, ClusterMember, ClusterRun, Idea, IdeaCluster
from feedback_app.models.clusters import LABEL_MAX
from feedback_app.services import cluster_runs, events, jobs, text, vocabulary
from feedback_app.services.clustering_edits import describe_cluster
from feedback_app.services.ideas import visible_idea_count, visible_ideas

K_MAX = text.K_MAX  # one limit for a number of themes asked for and one chosen automatically
PROGRESS_READ = 20
PROGRESS_CLUSTERED = 80


@dataclass(frozen=True)
class CarriedOver:
    """What a re-run keeps from the previous run: pinned themes and ideas moved by hand."""

    pinned: list[IdeaCluster]
    moves: dict[int, set[int]]  # idea id -> the ideas it was moved to sit with


def available_backends() -> dict[str, bool]:
    """Which clustering methods this installation offers."""
    return text.available_backends()


def latest_run(session: BrainstormSession, *, finished: bool = False) -> ClusterRun | None:
    """The newest run of a session (only a finished one, if asked); dead runs are given up."""
    query = select(ClusterRun).where(ClusterRun.session_id == session.id)
    if finished:
        query = query.where(ClusterRun.status == "done")
    else:
        cluster_runs.give_up_stale_runs(session.id)
    return db.session.scalar(query.order_by(ClusterRun.id.desc()).limit(1))


def _check_request(k: int | None, backend: str, idea_count: int) -> None:
    backends = available_backends()
    if backend not in backends:
        message = messages.BACKEND_UNKNOWN.format(backends=", ".join(backends))
        raise ValidationFailed(message, fields={"backend": message})
    if not backends[backend]:
        raise ValidationFailed(
            messages.BACKEND_UNAVAILABLE, fields={"backend": messages.BACKEND_UNAVAILABLE}
        )
    if k is not None and not 1 <= k <= K_MAX:
        message = messages.CLUSTER_K_INVALID.format(max=K_MAX)
        raise ValidationFailed(message, fields={"k": message})
    if idea_count == 0:
        raise Conflict(messages.NO_IDEAS_TO_CLUSTER, code="no_ideas")


def execution_mode(idea_count: int, backend: str) -> str:
    """Where a run executes: "inline" in the request, a "thread", or the job "queue".

    Heavy runs (above CLUSTER_SYNC_LIMIT, or the semantic method when a queue exists) never
    hold a web worker; a thread is only the embedded default without a queue.
    """
    heavy = idea_count > current_app.config["CLUSTER_SYNC_LIMIT"]
    if jobs.queue_configured():
        return "queue" if heavy or backend == "semantic" else "inline"
    return "thread" if heavy else "inline"


def run_clustering(
    session: BrainstormSession, *, k: int | None = None, backend: str = "nltk"
) -> ClusterRun:
    """Group the visible ideas now, or start the run on the queue (or a thread) and return."""
    idea_count = visible_idea_count(session)
    _check_request(k, backend, idea_count)
    previous = latest_run(session)
    if previous is not None and previous.status == "running":
        raise Conflict(messages.CLUSTER_RUNNING, code="clustering_running")
    run = ClusterRun(
        session_id=session.id,
        backend=backend,
        requested_k=k,
        idea_count=idea_count,
        status="running",
        progress=5,
        near_duplicates=[],
    )
    db.session.add(run)
    try:
        db.session.commit()
    except IntegrityError:  # another request started a run since the check above
        db.session.rollback()
        raise Conflict(messages.CLUSTER_RUNNING, code="clustering_running") from None
    _start(run, execution_mode(idea_count, backend))
    db.session.refresh(run)
    return run


def _start(run: ClusterRun, mode: str) -> None:
    if mode == "inline":
        execute_run(run.id)
    elif mode == "thread":
        app = current_app._get_current_object()
        worker = threading.Thread(
            target=_run_in_background, args=(app, run.id), name=f"cluster-run-{run.id}", daemon=True
        )
        worker.start()
    else:
        description = f"group the ideas of session {run.session_id} (run {run.id})"
        try:
            jobs.enqueue(execute_run, run.id, description=description)
        except jobs.JobQueueDown as error:
            current_app.logger.error("could not enqueue clustering run %s: %s", run.id, error)
            cluster_runs.fail(run.id, messages.JOB_QUEUE_DOWN)


def _run_in_background(app, run_id: int) -> None:
    with app.app_context():
        try:
            execute_run(run_id)
        finally:
            db.session.remove()


def execute_run(run_id: int) -> None:
    """Cluster, store the themes and mark the run done (or failed, with the reason).

    Whoever calls this (the request, a thread, the jobs worker) keeps the run's heartbeat
    going; a run given up before it started is skipped.
    """
    if not cluster_runs.take_up(run_id):
        current_app.logger.warning("clustering run %s is no longer waiting; skipped", run_id)
        return
    with cluster_runs.heartbeat(run_id):
        try:
            _cluster_and_store(run_id)
        except Exception as error:  # a failed run must say so instead of spinning forever
            db.session.rollback()
            current_app.logger.exception("clustering run %s failed", run_id)
            cluster_runs.fail(run_id, str(error)[:300] or type(error).__name__)
    _signal_progress(run_id)


def _signal_progress(run_id: int, progress: int | None = None) -> None:
    """Tell the themes board (a staff page) that the run moved on, done or failed."""
    run = db.session.get(ClusterRun, run_id)
    if run is not None:
        data = {"run_id": run_id, "progress": progress or run.progress}
        events.signal(run.session_id, events.CLUSTERING, data, audience="staff")


def _cluster_and_store(run_id: int) -> None:
    run = db.session.get(ClusterRun, run_id)
    session = db.session.get(BrainstormSession, run.session_id)
    ideas = visible_ideas(session)
    previous = _previous_finished(session, run.id)
    carried = _carry_over(previous, {idea.id for idea in ideas})
    if not cluster_runs.beat(db.engine, run_id, progress=PROGRESS_READ):
        return  # given up already: spare the pipeline
    _signal_progress(run_id, PROGRESS_READ)
    index = {idea.id: position for position, idea in enumerate(ideas)}
    fixed = [[index[m.idea_id] for m in c.members if m.idea_id in index] for c in carried.pinned]
    result = text.cluster_ideas(
        [idea.text for idea in ideas],
        run.requested_k,
        language=session.language,
        synonyms=vocabulary.extra_synonyms(),
        backend=run.backend,
        fixed_groups=[group for group in fixed if group],
        protocol_lexicon=vocabulary.protocol_lexicon(),
        taken_labels=[c.label for c in carried.pinned if c.label_edited],
    )
    cluster_runs.beat(db.engine, run_id, progress=PROGRESS_CLUSTERED)
    _signal_progress(run_id, PROGRESS_CLUSTERED)
    _store(run, session, ideas, result, carried)


def _previous_finished(session: BrainstormSession, before_id: int) -> ClusterRun | None:
    query = select(ClusterRun).where(
        ClusterRun.session_id == session.id, ClusterRun.status == "done", ClusterRun.id < before_id
    )
    return db.session.scalar(query.order_by(ClusterRun.id.desc()).limit(1))


def _carry_over(previous: ClusterRun | None, idea_ids: set[int]) -> CarriedOver:
    if previous is None:
        return CarriedOver([], {})
    pinned = [cluster for cluster in previous.clusters if cluster.pinned]
    pinned_ideas = {m.idea_id for cluster in pinned for m in cluster.members}
    moves = {}
    for cluster in previous.clusters:
        companions = {m.idea_id for m in cluster.members} & idea_ids
        for member in cluster.members:
            if member.moved_by_hand and member.idea_id in idea_ids - pinned_ideas:
                moves[member.idea_id] = companions - {member.idea_id}
    return CarriedOver(pinned, moves)


def _store(run, session, ideas, result, carried: CarriedOver) -> None:
    pinned_by_members = {
        frozenset(m.idea_id for m in cluster.members): cluster for cluster in carried.pinned
    }
    for position, found in enumerate(result.clusters):
        idea_ids = [ideas[i].id for i in found.members]
        old = pinned_by_members.get(frozenset(idea_ids))
        label, suggested = _labels(found.label[:LABEL_MAX], old)
        representative = None if found.representative is None else ideas[found.representative]
        cluster = IdeaCluster(
            run_id=run.id,
            label=label,
            suggested_label=suggested,
            keywords=list(found.keywords),
            protocol_stage=found.protocol_stage,
            position=position,
            is_other=found.is_other,
            pinned=old is not None,
            label_edited=old is not None and old.label_edited,
            representative_idea_id=None if representative is None else representative.id,
            members=[ClusterMember(idea_id=i, run_id=run.id) for i in idea_ids],
        )
        db.session.add(cluster)
    db.session.flush()
    db.session.expire(run, ["clusters"])
    _replay_moves(run, session, carried.moves)
    pairs = [
        [ideas[i].id, ideas[j].id, round(float(similarity), 3)]
        for i, j, similarity in result.near_duplicates
    ]
    finished = db.session.execute(
        update(ClusterRun)
        .where(ClusterRun.id == run.id, ClusterRun.status == "running")
        .values(
            k=result.k, status="done", progress=100, near_duplicates=pairs, heartbeat_at=utc_now()
        ),
        execution_options={"synchronize_session": False},
    )
    if finished.rowcount != 1:  # given up while it ran: a newer run may exist, keep out of it
        db.session.rollback()
        current_app.logger.warning("clustering run %s was given up; its themes are dropped", run.id)
        return
    db.session.commit()


def _labels(found: str, pinned: IdeaCluster | None) -> tuple[str, str | None]:
    """(label, suggested label) of a theme: a pinned theme keeps its label; when the
    facilitator never named it and the pipeline now reads it otherwise, that is suggested."""
    if pinned is None:
        return found, None
    if pinned.label_edited or found == pinned.label:
        return pinned.label, None
    return pinned.label, found


def _replay_moves(run: ClusterRun, session: BrainstormSession, moves: dict[int, set[int]]) -> None:
    """Put each hand-moved idea back with the ideas it was moved to sit with."""
    touched = set()
    for idea_id, companions in moves.items():
        member = next(m for c in run.clusters for m in c.members if m.idea_id == idea_id)
        best = max(
            run.clusters, key=lambda c: len(companions & {m.idea_id for m in c.members} - {idea_id})
        )
        overlap = companions & {m.idea_id for m in best.members}
        if overlap and best is not member.cluster:
            touched.update({best, member.cluster})
            member.cluster = best
        member.moved_by_hand = True
    db.session.flush()
    for cluster in touched:
        describe_cluster(cluster, session, fresh=True)  # nobody has seen these labels yet


def get_cluster(cluster_id: int) -> IdeaCluster:
    """A cluster of the latest finished run of its session, or NotFound/Conflict."""
    cluster = db.session.get(IdeaCluster, cluster_id)
    if cluster is None:
        raise NotFound(messages.CLUSTER_NOT_FOUND)
    session = db.session.get(BrainstormSession, cluster.run.session_id)
    if latest_run(session, finished=True).id != cluster.run_id:
        raise Conflict(messages.CLUSTER_OUTDATED, code="cluster_outdated")
    return cluster


def session_of(cluster: IdeaCluster) -> BrainstormSession:
    """The session a cluster belongs to."""
    return db.session.get(BrainstormSession, cluster.run.session_id)


def idea_texts(cluster: IdeaCluster) -> dict[int, str]:
    """Idea id → text for a cluster's members, in one query."""
    ids = [m.idea_id for m in cluster.members]
    rows = db.session.execute(select(Idea.id, Idea.text).where(Idea.id.in_(ids))).all()
    return dict(rows)
