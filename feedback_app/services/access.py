"""Who may touch what: one answer for the web pages and the API.

Staff see a session when they own it or oversee all sessions (managers, admins), and run it when
they own it or are admins. Participants act only in their own session, and another participant's
idea is simply not found: answering 403 would confirm that it exists.
"""

from feedback_app import messages
from feedback_app.errors import Forbidden, NotFound
from feedback_app.models import BrainstormSession, Idea, IdeaCluster, Participant, User
from feedback_app.services import clustering
from feedback_app.services.public_ids import find_idea
from feedback_app.services.sessions import ensure_can_manage, ensure_can_view, get_session


def viewable_session(user: User, session_id: int) -> BrainstormSession:
    """The session, if this staff member may see it (else 404/403)."""
    session = get_session(session_id)
    ensure_can_view(user, session)
    return session


def managed_session(user: User, session_id: int) -> BrainstormSession:
    """The session, if this staff member may run it (else 404/403)."""
    session = get_session(session_id)
    ensure_can_manage(user, session)
    return session


def participant_session(participant: Participant, session_id: int) -> BrainstormSession:
    """The participant's own session (else 404/403)."""
    session = get_session(session_id)
    if participant.session_id != session.id:
        raise Forbidden(messages.PARTICIPANT_ONLY)
    return session


def session_for_caller(caller: User | Participant, session_id: int) -> BrainstormSession:
    """The session as staff may see it, or a participant's own session."""
    if isinstance(caller, Participant):
        return participant_session(caller, session_id)
    return viewable_session(caller, session_id)


def authored_idea(participant: Participant, public_id: str) -> Idea:
    """An idea this participant wrote; anyone else's idea is not found."""
    idea = find_idea(public_id)
    if idea.participant_id != participant.id:
        raise NotFound(messages.IDEA_NOT_FOUND)
    return idea


def moderated_idea(user: User, public_id: str) -> tuple[Idea, BrainstormSession]:
    """An idea of a session this staff member runs, with its session."""
    idea = find_idea(public_id)
    return idea, managed_session(user, idea.session_id)


def managed_cluster(user: User, cluster_id: int) -> tuple[IdeaCluster, BrainstormSession]:
    """A theme of the current clustering run of a session this staff member runs."""
    cluster = clustering.get_cluster(cluster_id)
    session = clustering.session_of(cluster)
    ensure_can_manage(user, session)
    return cluster, session


def viewable_sessions(user: User, session_ids: list[int]) -> list[BrainstormSession]:
    """Each session once, in the order asked, if this staff member may see them all."""
    return [viewable_session(user, id_) for id_ in dict.fromkeys(session_ids)]
