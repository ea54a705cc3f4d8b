"""Teams and locations: listing them and the admins' edits (create, rename, describe, retire).

Links, the standing session and proposals live in team_links.
"""

from sqlalchemy import func, select

from feedback_app import messages
from feedback_app.errors import Conflict, NotFound, ValidationFailed
from feedback_app.extensions import db
from feedback_app.models import Team, User
from feedback_app.models.teams import TEAM_DESCRIPTION_MAX, TEAM_NAME_MAX
from feedback_app.services import audit
from feedback_app.services.characters import visible_length


def list_teams(*, include_retired: bool = False) -> list[Team]:
    """Teams by name."""
    query = select(Team).order_by(func.lower(Team.name), Team.id)
    if not include_retired:
        query = query.where(Team.retired.is_(False))
    return list(db.session.scalars(query))


def get_team(team_id, *, allow_retired: bool = False, field: str = "team_id") -> Team:
    """Return a team or raise a 422 naming the field at fault."""
    team = db.session.get(Team, team_id) if isinstance(team_id, int) else None
    if team is None:
        raise ValidationFailed(messages.TEAM_NOT_FOUND, fields={field: messages.TEAM_NOT_FOUND})
    if team.retired and not allow_retired:
        raise ValidationFailed(messages.TEAM_RETIRED, fields={field: messages.TEAM_RETIRED})
    return team


def team_or_404(team_id: int) -> Team:
    """Return a team for an admin page or raise NotFound."""
    team = db.session.get(Team, team_id)
    if team is None:
        raise NotFound(messages.TEAM_NOT_FOUND)
    return team


def _clean_name(name, *, ignore_id: int | None = None) -> str:
    cleaned = " ".join(name.split()) if isinstance(name, str) else ""
    if visible_length(cleaned) < 2 or len(cleaned) > TEAM_NAME_MAX:
        text = messages.TEAM_NAME_INVALID.format(max=TEAM_NAME_MAX)
        raise ValidationFailed(text, fields={"name": text})
    clash = db.session.scalar(select(Team).where(func.lower(Team.name) == cleaned.lower()))
    if clash is not None and clash.id != ignore_id:
        raise Conflict(messages.TEAM_NAME_TAKEN, fields={"name": messages.TEAM_NAME_TAKEN})
    return cleaned


def _clean_description(description) -> str:
    cleaned = description.strip() if isinstance(description, str) else ""
    if len(cleaned) > TEAM_DESCRIPTION_MAX:
        text = messages.TEAM_DESCRIPTION_INVALID.format(max=TEAM_DESCRIPTION_MAX)
        raise ValidationFailed(text, fields={"description": text})
    return cleaned


def create_team(actor: User, name: str, description: str = "") -> Team:
    """Add a team (its link is made by team_links.create_team_with_link)."""
    team = Team(name=_clean_name(name), description=_clean_description(description))
    db.session.add(team)
    db.session.flush()
    audit.record(actor, "team.created", "team", team.id, name=team.name)
    return team


def update_team(actor: User, team: Team, name: str, description: str) -> Team:
    """Rename a team or change its description; its link and delegations stay."""
    team.name = _clean_name(name, ignore_id=team.id)
    team.description = _clean_description(description)
    audit.record(actor, "team.edited", "team", team.id, name=team.name)
    db.session.commit()
    return team


def set_team_retired(actor: User, team: Team, retired: bool) -> Team:
    """Retire a team (no longer offered, its link stops working) or bring it back."""
    team.retired = bool(retired)
    audit.record(actor, "team.retired" if retired else "team.restored", "team", team.id)
    db.session.commit()
    return team
