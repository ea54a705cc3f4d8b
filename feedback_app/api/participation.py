"""POST /api/v1/join: become an anonymous participant of a session."""

from flask import jsonify

from feedback_app.api.blueprint import bp
from feedback_app.api.parsing import JsonInput
from feedback_app.api.serializers import participant_session_json
from feedback_app.extensions import db
from feedback_app.models import BrainstormSession
from feedback_app.services.participation import join_session


@bp.post("/v1/join")
def join():
    """Join by code; the token in the answer is the participant's only key."""
    body = JsonInput()
    code = body.string("code")
    level_id = body.integer("level_id")
    body.check()
    participant, token = join_session(code, level_id)
    session = db.session.get(BrainstormSession, participant.session_id)
    return (
        jsonify(
            participant_token=token,
            session_id=participant.session_id,
            session=participant_session_json(session),
        ),
        201,
    )
