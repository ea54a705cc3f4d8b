"""/api/v1 clusters: run the NLTK pipeline on a session and edit the themes it finds."""

from flask import jsonify

from feedback_app.api.auth import require_staff
from feedback_app.api.blueprint import bp
from feedback_app.api.parsing import JsonInput
from feedback_app.api.serializers import cluster_json, run_json, standard_json
from feedback_app.errors import NotFound
from feedback_app.messages import CLUSTER_NOT_FOUND
from feedback_app.services import clustering, clustering_edits, standards, text
from feedback_app.services.cluster_views import board
from feedback_app.services.sessions import ensure_can_manage, ensure_can_view, get_session


def _managed_cluster(cluster_id: int):
    cluster = clustering.get_cluster(cluster_id)
    session = clustering.session_of(cluster)
    ensure_can_manage(require_staff(), session)
    return cluster, session


def _column_json(cluster):
    columns, _ = board(cluster.run)
    return cluster_json(next(column for column in columns if column.id == cluster.id))


@bp.get("/v1/clustering/backends")
def clustering_backends():
    """Which clustering methods and optional language data this installation has."""
    require_staff()
    return jsonify(backends=text.available_backends(), nltk_data=text.nltk_data_status())


@bp.post("/v1/sessions/<int:session_id>/clusters")
def run_clusters(session_id: int):
    """Cluster the visible ideas now (201), or in the background for big sessions (202)."""
    session = get_session(session_id)
    ensure_can_manage(require_staff(), session)
    body = JsonInput()
    k = body.integer("k")
    backend = body.string("backend", required=False) or "nltk"
    body.check()
    run = clustering.run_clustering(session, k=k, backend=backend)
    return jsonify(run_json(run)), 201 if run.status == "done" else 202


@bp.get("/v1/sessions/<int:session_id>/clusters")
def latest_clusters(session_id: int):
    """The latest clustering run of a session (poll it while status is 'running')."""
    session = get_session(session_id)
    ensure_can_view(require_staff(), session)
    run = clustering.latest_run(session)
    if run is None:
        raise NotFound("This session has not been clustered yet.", code="no_clusters")
    return jsonify(run_json(run))


@bp.patch("/v1/clusters/<int:cluster_id>")
def update_cluster(cluster_id: int):
    """Rename a theme and/or pin it so that re-runs keep it."""
    cluster, _ = _managed_cluster(cluster_id)
    body = JsonInput()
    label = body.string("label", required=False)
    pinned = body.boolean("pinned")
    body.check()
    if label is not None:
        clustering_edits.rename_cluster(cluster, label)
    if pinned is not None:
        clustering_edits.set_pinned(cluster, pinned)
    return jsonify(_column_json(cluster))


@bp.post("/v1/clusters/<int:cluster_id>/ideas")
def move_idea_into_cluster(cluster_id: int):
    """Move an idea of the same run into this theme."""
    cluster, session = _managed_cluster(cluster_id)
    body = JsonInput()
    idea_id = body.integer("idea_id", required=True)
    body.check()
    clustering_edits.move_idea(cluster, idea_id, session)
    return jsonify(run_json(cluster.run))


@bp.post("/v1/clusters/<int:cluster_id>/merge")
def merge_cluster(cluster_id: int):
    """Fold another theme ({cluster_id}) into this one."""
    cluster, session = _managed_cluster(cluster_id)
    body = JsonInput()
    other_id = body.integer("cluster_id", required=True)
    body.check()
    try:
        other = clustering.get_cluster(other_id)
    except NotFound:
        raise NotFound(CLUSTER_NOT_FOUND, fields={"cluster_id": CLUSTER_NOT_FOUND}) from None
    clustering_edits.merge_clusters(cluster, other, session)
    return jsonify(run_json(cluster.run))


@bp.post("/v1/clusters/<int:cluster_id>/split")
def split_cluster(cluster_id: int):
    """Split the chosen ideas ({idea_ids}) off into a new theme."""
    cluster, session = _managed_cluster(cluster_id)
    body = JsonInput()
    idea_ids = body.integer_list("idea_ids")
    body.check()
    new = clustering_edits.split_cluster(cluster, idea_ids or [], session)
    return jsonify(_column_json(new)), 201


@bp.post("/v1/clusters/<int:cluster_id>/promote")
def promote(cluster_id: int):
    """Promote a theme to a candidate standard."""
    cluster, session = _managed_cluster(cluster_id)
    standard = standards.promote_cluster(cluster, session)
    return jsonify(standard_json(standards.score_standard(standard))), 201
