"""/api/v1 clusters: run the NLTK pipeline on a session and edit the themes it finds."""

from feedback_app.api import auth
from feedback_app.api.blueprint import ApiBlueprint, errors, link, links
from feedback_app.api.schemas.clusters import (
    BackendsSchema,
    CandidateStandardSchema,
    ClusterRunSchema,
    ClusterSchema,
    ClusterUpdateSchema,
    MergeClusterSchema,
    MoveIdeaSchema,
    RunRequestSchema,
    SplitClusterSchema,
)
from feedback_app.errors import NotFound
from feedback_app.messages import CLUSTER_NOT_FOUND
from feedback_app.models import User
from feedback_app.services import access, clustering, clustering_edits, public_ids, standards, text
from feedback_app.services.cluster_views import column_of, run_view

bp = ApiBlueprint("clusters", __name__, "Themes found by the NLTK pipeline, and their edits.")

FIRST_CLUSTER = "$response.body#/clusters/0/id"
RUN_LINKS = {
    "RenameCluster": link("update_cluster", "Rename or pin a theme.", cluster_id=FIRST_CLUSTER),
    "MoveIdea": link("move_idea_into_cluster", "Move an idea in.", cluster_id=FIRST_CLUSTER),
    "MergeCluster": link("merge_cluster", "Merge another theme in.", cluster_id=FIRST_CLUSTER),
    "SplitCluster": link("split_cluster", "Split ideas off.", cluster_id=FIRST_CLUSTER),
    "Promote": link("promote", "Promote to a candidate standard.", cluster_id=FIRST_CLUSTER),
}


@bp.get("/clustering/backends")
@auth.staff()
@bp.response(200, BackendsSchema)
def clustering_backends(user: User):
    """Which clustering methods and optional NLTK data this installation has."""
    return {"backends": text.available_backends(), "nltk_data": text.nltk_data_status()}


@bp.post("/sessions/<int:session_id>/clusters")
@auth.staff()
@bp.body(RunRequestSchema)
@bp.response(201, ClusterRunSchema, description="Grouped")
@bp.alt_response(202, schema=ClusterRunSchema, description="Grouping in the background: poll GET")
@errors(404, 409)
@links(
    201,
    LatestClusters=link(
        "latest_clusters", "Read the grouping again.", session_id="$request.path.session_id"
    ),
    **RUN_LINKS,
)
def run_clusters(user: User, body: dict, session_id: int):
    """Group the visible ideas into themes (k chosen automatically when omitted)."""
    session = access.managed_session(user, session_id)
    run = clustering.run_clustering(session, k=body["k"], backend=body["backend"])
    return run_view(run), 201 if run.status == "done" else 202


@bp.get("/sessions/<int:session_id>/clusters")
@auth.staff()
@bp.response(200, ClusterRunSchema)
@errors(404)
@links(200, **RUN_LINKS)
def latest_clusters(user: User, session_id: int):
    """The latest clustering run of a session (poll it while its status is 'running')."""
    run = clustering.latest_run(access.viewable_session(user, session_id))
    if run is None:
        raise NotFound("This session has not been clustered yet.", code="no_clusters")
    return run_view(run)


@bp.patch("/clusters/<int:cluster_id>")
@auth.staff()
@bp.body(ClusterUpdateSchema)
@bp.response(200, ClusterSchema)
@errors(404, 409)
def update_cluster(user: User, body: dict, cluster_id: int):
    """Rename a theme and/or pin it so that re-runs keep it; accept or leave its suggested
    label (409 when it has none to accept)."""
    cluster, _ = access.managed_cluster(user, cluster_id)
    if body["accept_suggested_label"]:
        clustering_edits.accept_suggested_label(cluster)
    if body["keep_label"]:
        clustering_edits.keep_label(cluster)
    if body["label"] is not None:
        clustering_edits.rename_cluster(cluster, body["label"])
    if body["pinned"] is not None:
        clustering_edits.set_pinned(cluster, body["pinned"])
    return column_of(cluster.id, cluster.run)


@bp.post("/clusters/<int:cluster_id>/ideas")
@auth.staff()
@bp.body(MoveIdeaSchema)
@bp.response(200, ClusterRunSchema)
@errors(404, 409)
def move_idea_into_cluster(user: User, body: dict, cluster_id: int):
    """Move an idea of the same run into this theme."""
    cluster, session = access.managed_cluster(user, cluster_id)
    clustering_edits.move_idea(cluster, public_ids.find_idea(body["idea_id"]).id, session)
    return run_view(cluster.run)


@bp.post("/clusters/<int:cluster_id>/merge")
@auth.staff()
@bp.body(MergeClusterSchema)
@bp.response(200, ClusterRunSchema)
@errors(404, 409)
def merge_cluster(user: User, body: dict, cluster_id: int):
    """Fold another theme ({cluster_id}) into this one."""
    cluster, session = access.managed_cluster(user, cluster_id)
    try:
        other = clustering.get_cluster(body["cluster_id"])
    except NotFound:
        raise NotFound(CLUSTER_NOT_FOUND, fields={"cluster_id": CLUSTER_NOT_FOUND}) from None
    clustering_edits.merge_clusters(cluster, other, session)
    return run_view(cluster.run)


@bp.post("/clusters/<int:cluster_id>/split")
@auth.staff()
@bp.body(SplitClusterSchema)
@bp.response(201, ClusterSchema)
@errors(404, 409)
def split_cluster(user: User, body: dict, cluster_id: int):
    """Split the chosen ideas ({idea_ids}) off into a new theme."""
    cluster, session = access.managed_cluster(user, cluster_id)
    new = clustering_edits.split_cluster(cluster, public_ids.idea_ids(body["idea_ids"]), session)
    return column_of(new.id, new.run)


@bp.post("/clusters/<int:cluster_id>/promote")
@auth.staff()
@bp.response(201, CandidateStandardSchema)
@errors(404, 409)
def promote(user: User, cluster_id: int):
    """Promote a theme to a candidate standard."""
    cluster, session = access.managed_cluster(user, cluster_id)
    standard = standards.promote_cluster(cluster, session)
    return standards.score_standard(standard)
