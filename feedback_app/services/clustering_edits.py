"""The facilitator's edits of a clustering run: rename, pin, move, merge, split."""

from sqlalchemy import select

from feedback_app import messages
from feedback_app.errors import ValidationFailed
from feedback_app.extensions import db
from feedback_app.models import BrainstormSession, ClusterMember, Idea, IdeaCluster, IdeaStatus
from feedback_app.models.clusters import LABEL_MAX
from feedback_app.services import text, vocabulary
from feedback_app.services.characters import visible_length

UNTITLED = "Untitled theme"


def describe_cluster(cluster: IdeaCluster, session: BrainstormSession) -> None:
    """Refresh key phrases, stage and (unless renamed by hand) the label after an edit."""
    ids = [m.idea_id for m in cluster.members]
    if not ids:
        return
    texts = list(db.session.scalars(select(Idea.text).where(Idea.id.in_(ids)).order_by(Idea.id)))
    context = list(
        db.session.scalars(
            select(Idea.text).where(
                Idea.session_id == session.id, Idea.status == IdeaStatus.VISIBLE.value
            )
        )
    )
    keywords = text.extract_keywords(
        texts, context=context, language=session.language, synonyms=vocabulary.extra_synonyms()
    )
    cluster.keywords = keywords
    if cluster.is_other:
        return
    cluster.protocol_stage = text.protocol_stage_for(
        texts, session.language, vocabulary.protocol_lexicon(), vocabulary.extra_synonyms()
    )
    if not cluster.label_edited:
        cluster.label = (keywords[0] if keywords else UNTITLED)[:LABEL_MAX]


def rename_cluster(cluster: IdeaCluster, label: str) -> IdeaCluster:
    """Give a theme the facilitator's own name; re-runs keep it while it is pinned."""
    cleaned = " ".join((label or "").split())
    if not visible_length(cleaned) or len(cleaned) > LABEL_MAX:
        message = messages.CLUSTER_LABEL_INVALID.format(max=LABEL_MAX)
        raise ValidationFailed(message, fields={"label": message})
    cluster.label, cluster.label_edited = cleaned, True
    db.session.commit()
    return cluster


def set_pinned(cluster: IdeaCluster, pinned: bool) -> IdeaCluster:
    """Pinned themes come back unchanged from the next clustering run."""
    cluster.pinned = bool(pinned)
    db.session.commit()
    return cluster


def _drop_if_empty(cluster: IdeaCluster) -> None:
    if not cluster.members and not cluster.is_other:
        db.session.delete(cluster)


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
        describe_cluster(target, session)
        describe_cluster(source, session)
        _drop_if_empty(source)
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
        run_id=cluster.run_id, label=UNTITLED, keywords=[], position=cluster.position + 1
    )
    db.session.add(new)
    db.session.flush()
    for idea_id in sorted(chosen):
        members[idea_id].cluster = new
        members[idea_id].moved_by_hand = True
    db.session.flush()
    db.session.expire(cluster, ["members"])
    describe_cluster(new, session)
    describe_cluster(cluster, session)
    db.session.commit()
    return new
