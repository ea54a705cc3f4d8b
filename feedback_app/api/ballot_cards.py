"""/api/v1/sessions/<id>/ballot-cards: single-use join codes, one person one voice."""

from feedback_app.api import auth
from feedback_app.api.blueprint import ApiBlueprint, errors
from feedback_app.api.schemas.voting import BallotCardsRequestSchema, BallotCardsSchema
from feedback_app.models import User
from feedback_app.services import access, ballots
from feedback_app.web.urls import join_url

bp = ApiBlueprint("ballot_cards", __name__, "Ballot cards: single-use join codes to print.")


@bp.get("/sessions/<int:session_id>/ballot-cards")
@auth.staff()
@bp.response(200, BallotCardsSchema)
@errors(404)
def card_counts(user: User, session_id: int):
    """How many cards the session has and how many were used (codes are never shown again)."""
    session = access.viewable_session(user, session_id)
    issued, used = ballots.card_counts(session)
    return {"issued": issued, "used": used}


@bp.post("/sessions/<int:session_id>/ballot-cards")
@auth.staff()
@bp.body(BallotCardsRequestSchema)
@bp.response(201, BallotCardsSchema)
@errors(404)
def issue_cards(user: User, body: dict, session_id: int):
    """Make `count` single-use codes and switch the session to ballot cards: from now on only
    a card lets someone in. The codes are in this answer only: print or store them now."""
    session = access.managed_session(user, session_id)
    codes = ballots.issue_cards(session, body["count"])
    issued, used = ballots.card_counts(session)
    return {
        "issued": issued,
        "used": used,
        "codes": codes,
        "join_urls": [join_url(code) for code in codes],
    }
