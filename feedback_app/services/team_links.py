"""The team link and what it opens: the team's standing session and its proposals.

A team link carries a random token; only its keyed hash is stored (the participants' HMAC), so
the link is shown once when made and rotating it makes the old one unknown. Proposals from the
team page land as ideas without a participant in the team's standing session: a collecting
session for the front-line level, made on first use and made again if it has moved on.
"""

import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select, update

from feedback_app import messages
from feedback_app.clock import utc_now
from feedback_app.errors import Conflict, NotFound
from feedback_app.extensions import db
from feedback_app.models import AuditEntry, BrainstormSession, Idea, Team, User
from feedback_app.services import audit, ideas, phases, sessions
from feedback_app.services.levels import list_levels
from feedback_app.services.participation import TOKEN_BYTES, hash_token
from feedback_app.services.teams import create_team

# A proposal that loses the race for the standing session tries again with the winner's;
# only a session that moves on at that very moment makes it lose twice.
CLAIM_ATTEMPTS = 3


@dataclass(frozen=True)
class TeamLink:
    """A team and the token of its link, known only at this moment (it is stored hashed)."""

    team: Team
    token: str


def create_team_with_link(actor: User, name: str, description: str = "") -> TeamLink:
    """Add a team with a fresh link; the token is returned once, never stored."""
    team = create_team(actor, name, description)
    token = _new_link(team)
    db.session.commit()
    return TeamLink(team, token)


def rotate_link(actor: User, team: Team) -> TeamLink:
    """Give the team a new link; the old one stops working at once."""
    token = _new_link(team)
    audit.record(actor, "team.link_rotated", "team", team.id)
    db.session.commit()
    return TeamLink(team, token)


def _new_link(team: Team) -> str:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    team.link_token_hash = hash_token(token)
    team.link_rotated_at = utc_now()
    return token


def team_for_link(token: str | None) -> Team:
    """The active team whose link carries this token, or NotFound (as for a wrong token)."""
    team = None
    if token and len(token) <= 128:
        team = db.session.scalar(select(Team).where(Team.link_token_hash == hash_token(token)))
    if team is None or team.retired:
        raise NotFound(messages.TEAM_LINK_UNKNOWN)
    return team


def standing_session(team: Team) -> BrainstormSession:
    """The team's collecting session for proposals, made now if there is none or it moved on.

    Two first proposals at once would each make a session: the one set on the team wins by a
    compare-and-set on the id both read (row locks do nothing on SQLite), the other is removed
    before any proposal lands in it, and its proposal goes to the winner.
    """
    for _ in range(CLAIM_ATTEMPTS):
        seen_id = team.standing_session_id
        current = db.session.get(BrainstormSession, seen_id or 0)
        if current is not None and current.phase == "collecting":
            return current
        made = _new_standing_session(team)
        if _claim(team.id, seen_id, made.id):
            return made
        _discard(made.id)  # commits: the team is read again on the next turn
    raise Conflict(messages.TEAM_SESSION_BUSY)


def _new_standing_session(team: Team) -> BrainstormSession:
    front_line = list_levels()[-1]
    session = sessions.create_session(
        _session_owner(team),
        title=messages.TEAM_SESSION_TITLE.format(team=team.name)[:120],
        prompt=messages.TEAM_SESSION_PROMPT.format(team=team.name),
        target_level_id=front_line.id,
    )
    return phases.change_phase(session, "collecting")


def _claim(team_id: int, seen_id: int | None, session_id: int) -> bool:
    """Set the team's standing session unless someone changed it since `seen_id` was read."""
    held = Team.standing_session_id
    unchanged = held.is_(None) if seen_id is None else held == seen_id
    result = db.session.execute(
        update(Team)
        .where(Team.id == team_id, unchanged)
        .values(standing_session_id=session_id)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def _discard(session_id: int) -> None:
    """Remove a standing session that lost the race (nothing is in it yet)."""
    db.session.execute(
        delete(BrainstormSession)
        .where(BrainstormSession.id == session_id)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _session_owner(team: Team) -> User:
    """The admin who created the team if still an active admin, else the first admin."""
    creator_id = db.session.scalar(
        select(AuditEntry.user_id).where(
            AuditEntry.action == "team.created",
            AuditEntry.subject_type == "team",
            AuditEntry.subject_id == team.id,
        )
    )
    creator = db.session.get(User, creator_id or 0)
    if creator is not None and creator.role == "admin" and creator.active:
        return creator
    first = db.session.scalar(
        select(User).where(User.role == "admin", User.active.is_(True)).order_by(User.id)
    )
    if first is None:
        raise Conflict(messages.TEAM_NO_ADMIN)
    return first


def propose_change(team: Team, text: str) -> Idea:
    """A team member's proposal, as an idea of no participant in the team's standing session."""
    ideas.clean_idea_text(text)  # a bad proposal makes no session
    return ideas.add_unattributed_idea(standing_session(team), text)
