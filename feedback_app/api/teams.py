"""/api/v1/teams: teams and locations (admins create them; staff list them)."""

from feedback_app.api import auth
from feedback_app.api.blueprint import ApiBlueprint, errors
from feedback_app.api.schemas.teams import CreatedTeamSchema, TeamRequestSchema, TeamSchema
from feedback_app.models import User
from feedback_app.services import team_links, teams
from feedback_app.web.urls import team_url

bp = ApiBlueprint("teams", __name__, "Teams and locations that standards are delegated to.")


@bp.get("/teams")
@auth.staff()
@bp.response(200, TeamSchema(many=True))
def list_teams(user: User):
    """List the active teams by name."""
    return teams.list_teams()


@bp.post("/teams")
@auth.staff("admin")
@bp.body(TeamRequestSchema)
@bp.response(201, CreatedTeamSchema)
@errors(409)
def create_team(user: User, body: dict):
    """Create a team (409 if the name is taken). The answer holds the team's link, once."""
    made = team_links.create_team_with_link(user, body["name"], body["description"] or "")
    team = made.team
    return {
        "id": team.id,
        "name": team.name,
        "description": team.description,
        "retired": team.retired,
        "link": team_url(made.token),
    }
