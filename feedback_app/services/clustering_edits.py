"""The facilitator's edits of a clustering run: rename, pin, move, merge, split, and take or
leave a suggested label.

A label the facilitator wrote or accepted never changes by itself. When an edit changes the
ideas of a theme nobody named, the pipeline's new reading of it is offered as a suggested
label next to the old one, never swapped in silently.
"""

from sqlalchemy import select

from feedback_app import messages
from feedback_app.errors import Conflict, ValidationFailed
from feedback_app.extensions import db
from feedback_app.models import BrainstormSession, ClusterMember, Idea, IdeaCluster, IdeaStatus
from feedback_app.models.clusters import LABEL_MAX
from feedback_app.services import text, vocabulary
from feedback_app.services.characters import visible_length

UNTITLED = "Untitled theme"


def describe_cluster(
    cluster: IdeaCluster, session: BrainstormSession, *, fresh: bool = False
) -> None:
    """Refresh a theme's key phrases, stage and representative idea after an edit; its new
    label is applied only to a ``fresh`` theme nobody has seen or named, else suggested."""
    ids = sorted(m.idea_id for m in cluster.members)
    if not ids:
        return
    visible = select(Idea.id, Idea.text).where(
        Idea.session_id == session.id,
        (Idea.status == IdeaStatus.VISIBLE.value) | Idea.id.in_(ids),
    )
    rows = db.session.execute(visible.order_by(Idea.id)).all()
    position = {idea_id: number for number, (idea_id, _text) in enumerate(rows)}
    taken = [c.label for c in cluster.run.clusters if c.id != cluster.id and not c.is_other]
    found = text.describe_group(
        [idea_text for _id, idea_text in rows],
        [position[idea_id] for idea_id in ids],
        language=session.language,
        synonyms=vocabulary.extra_synonyms(),
        protocol_lexicon=vocabulary.protocol_lexicon(),
        taken_labels=taken,
    )
    cluster.keywords = list(found.keywords)
    if found.representative is not None:
        cluster.representative_idea_id = rows[found.representative][0]
    if cluster.is_other:
        return
    cluster.protocol_stage = found.protocol_stage
    label = found.label[:LABEL_MAX]
    if fresh and not (cluster.label_edited or cluster.pinned):
        cluster.label, cluster.suggested_label = label, None
    elif cluster.label_edited or label == cluster.label:
        cluster.suggested_label = None
    else:
        cluster.suggested_label = label


def rename_cluster(cluster: IdeaCluster, label: str) -> IdeaCluster:
    """Give a theme the facilitator's own name; re-runs keep it while it is pinned."""
    cleaned = " ".join((label or "").split())
    if not visible_length(cleaned) or len(cleaned) > LABEL_MAX:
        message = messages.CLUSTER_LABEL_INVALID.format(max=LABEL_MAX)
        raise ValidationFailed(message, fields={"label": message})
    cluster.label, cluster.label_edited, cluster.suggested_label = cleaned, True, None
    db.session.commit()
    return cluster


def accept_suggested_label(cluster: IdeaCluster) -> IdeaCluster:
    """Name the theme as the pipeline suggests; from now on the name stays as it is."""
    if not cluster.suggested_label:
        raise Conflict(messages.NO_SUGGESTED_LABEL, code="no_suggested_label")
    cluster.label, cluster.label_edited = cluster.suggested_label, True
    cluster.suggested_label = None
    db.session.commit()
    return cluster


def keep_label(cluster: IdeaCluster) -> IdeaCluster:
    """Keep the theme's name and drop the suggestion; from now on the name stays as it is."""
    cluster.label_edited, cluster.suggested_label = True, None
    db.session.commit()
    return cluster


def set_pinned(cluster: IdeaCluster, pinned: bool) -> IdeaCluster:
    """Pinned themes come back unchanged from the next clustering run."""
    cluster.pinned = bool(pinned)
    db.session.commit()
    return cluster


def move_idea(target: IdeaCluster, idea_id: int, session: BrainstormSession) -> IdeaCluster:
    """Move one idea into a theme by hand; re-runs keep it with its new companions."""
    member = db.session.scalar(
        select(ClusterMember).where(
            ClusterMember.run_id == target.run_id, ClusterMember.idea_id == idea_id
        )
    )
    if member is None:
        raise ValidationFailed(
            messages.CLUSTER_MOVE_INVALID, fields={"idea_id": messages.CLUSTER_MOVE_INVALID}
        )
    source = member.cluster
    if source is not target:
        member.cluster = target
        member.moved_by_hand = True
        db.session.flush()
        db.session.expire(source, ["members"])
        if not source.members and not source.is_other:
            db.session.delete(source)
            db.session.flush()
            db.session.expire(target.run, ["clusters"])
        else:
            describe_cluster(source, session)
        describe_cluster(target, session)
    db.session.commit()
    return target


def merge_clusters(
    target: IdeaCluster, source: IdeaCluster, session: BrainstormSession
) -> IdeaCluster:
    """Fold one theme into another."""
    if source.id == target.id or source.run_id != target.run_id:
        raise ValidationFailed(
            messages.CLUSTER_MERGE_SELF, fields={"cluster_id": messages.CLUSTER_MERGE_SELF}
        )
    for member in list(source.members):
        member.cluster = target
    target.pinned = target.pinned or source.pinned
    db.session.flush()
    db.session.expire(source, ["members"])
    db.session.delete(source)
    db.session.flush()
    db.session.expire(target.run, ["clusters"])
    describe_cluster(target, session)
    db.session.commit()
    return target


def split_cluster(
    cluster: IdeaCluster, idea_ids: list[int], session: BrainstormSession
) -> IdeaCluster:
    """Move some of a theme's ideas into a new theme of their own."""
    chosen = set(idea_ids or ())
    members = {m.idea_id: m for m in cluster.members}
    if not chosen or not chosen <= set(members) or chosen == set(members):
        raise ValidationFailed(
            messages.CLUSTER_SPLIT_INVALID, fields={"idea_ids": messages.CLUSTER_SPLIT_INVALID}
        )
    for later in cluster.run.clusters:
        if later.position > cluster.position:
            later.position += 1
    new = IdeaCluster(
        run_id=cluster.run_id,
        label=UNTITLED,
        keywords=[],
        position=cluster.position + 1,
        protocol_stage="other",
    )
    db.session.add(new)
    db.session.flush()
    for idea_id in sorted(chosen):
        members[idea_id].cluster = new
        members[idea_id].moved_by_hand = True
    db.session.flush()
    db.session.expire(cluster, ["members"])
    db.session.expire(cluster.run, ["clusters"])
    describe_cluster(new, session, fresh=True)
    describe_cluster(cluster, session)
    db.session.commit()
    return new
