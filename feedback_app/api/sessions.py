"""/api/v1/sessions: create, list, read, change phase and share results."""

from flask import jsonify

from feedback_app.api.auth import current_caller, require_staff
from feedback_app.api.blueprint import bp
from feedback_app.api.parsing import JsonInput
from feedback_app.api.serializers import participant_session_json, session_json
from feedback_app.errors import Forbidden
from feedback_app.messages import PARTICIPANT_ONLY
from feedback_app.models import Participant
from feedback_app.services import sessions as session_service


@bp.post("/v1/sessions")
def create_session():
    """Create a draft session for a level."""
    user = require_staff()
    body = JsonInput()
    title = body.string("title")
    prompt = body.string("prompt")
    target_level_id = body.integer("target_level_id", required=True)
    contributing = body.integer_list("contributing_level_ids")
    voting_mode = body.string("voting_mode", required=False) or "upvote"
    results_public = body.boolean("results_public") or False
    language = body.string("language", required=False) or "english"
    body.check()
    session = session_service.create_session(
        user,
        title=title,
        prompt=prompt,
        target_level_id=target_level_id,
        contributing_level_ids=contributing,
        voting_mode=voting_mode,
        results_public=results_public,
        language=language,
    )
    return jsonify(session_json(session)), 201


@bp.get("/v1/sessions")
def list_sessions():
    """Sessions the staff caller may see, newest first."""
    user = require_staff()
    summaries = session_service.sessions_for(user)
    return jsonify(
        [
            session_json(s.session)
            | {"idea_count": s.idea_count, "participants": s.participant_count}
            for s in summaries
        ]
    )


@bp.get("/v1/sessions/<int:session_id>")
def get_session(session_id: int):
    """One session: full for staff, reduced for its own participants."""
    caller = current_caller()
    session = session_service.get_session(session_id)
    if isinstance(caller, Participant):
        if caller.session_id != session.id:
            raise Forbidden(PARTICIPANT_ONLY)
        return jsonify(participant_session_json(session))
    session_service.ensure_can_view(caller, session)
    return jsonify(session_json(session))


@bp.patch("/v1/sessions/<int:session_id>")
def update_session(session_id: int):
    """Share the results with participants, or stop sharing them."""
    user = require_staff()
    session = session_service.get_session(session_id)
    session_service.ensure_can_manage(user, session)
    body = JsonInput()
    results_public = body.boolean("results_public")
    body.check()
    if results_public is not None:
        session_service.set_results_public(session, results_public)
    return jsonify(session_json(session))


@bp.post("/v1/sessions/<int:session_id>/phase")
def change_phase(session_id: int):
    """Move the session to another phase; an impossible move is a 409."""
    user = require_staff()
    session = session_service.get_session(session_id)
    session_service.ensure_can_manage(user, session)
    body = JsonInput()
    phase = body.string("phase")
    body.check()
    session = session_service.change_phase(session, phase)
    return jsonify(session_json(session))
