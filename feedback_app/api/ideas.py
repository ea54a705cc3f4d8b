"""/api/v1 ideas: add and list in a session; edit, withdraw or moderate one idea."""

from flask import jsonify

from feedback_app.api.auth import current_caller, require_participant
from feedback_app.api.blueprint import bp
from feedback_app.api.parsing import JsonInput
from feedback_app.api.serializers import participant_idea_json, staff_idea_json
from feedback_app.errors import Forbidden, NotFound
from feedback_app.messages import IDEA_NOT_FOUND, PARTICIPANT_ONLY
from feedback_app.models import Participant
from feedback_app.services import ideas as idea_service
from feedback_app.services.sessions import ensure_can_manage, ensure_can_view, get_session


@bp.post("/v1/sessions/<int:session_id>/ideas")
def add_idea(session_id: int):
    """A participant adds an idea while the session collects them."""
    session = get_session(session_id)
    participant = require_participant(session.id)
    body = JsonInput()
    text = body.string("text")
    body.check()
    idea = idea_service.add_idea(session, participant, text)
    return jsonify(id=idea.id, text=idea.text, status=idea.status), 201


@bp.get("/v1/sessions/<int:session_id>/ideas")
def list_ideas(session_id: int):
    """Participants get visible ideas in their own order; staff get all, with counts."""
    session = get_session(session_id)
    caller = current_caller()
    if isinstance(caller, Participant):
        if caller.session_id != session.id:
            raise Forbidden(PARTICIPANT_ONLY)
        ideas = idea_service.ideas_for_participant(session, caller)
        return jsonify([participant_idea_json(idea) for idea in ideas])
    ensure_can_view(caller, session)
    return jsonify([staff_idea_json(idea) for idea in idea_service.ideas_for_staff(session)])


@bp.patch("/v1/ideas/<int:idea_id>")
def update_idea(idea_id: int):
    """Authors reword their idea ({text}); facilitators hide or show it ({status})."""
    idea = idea_service.get_idea(idea_id)
    caller = current_caller()
    body = JsonInput()
    if isinstance(caller, Participant):
        if caller.session_id != idea.session_id:
            raise NotFound(IDEA_NOT_FOUND)
        text = body.string("text")
        body.check()
        idea = idea_service.edit_idea(idea, caller, text)
    else:
        ensure_can_manage(caller, get_session(idea.session_id))
        status = body.string("status")
        body.check()
        idea = idea_service.set_idea_status(idea, status)
    return jsonify(id=idea.id, text=idea.text, status=idea.status)


@bp.delete("/v1/ideas/<int:idea_id>")
def withdraw_idea(idea_id: int):
    """An author withdraws their own idea while ideas are being collected."""
    idea = idea_service.get_idea(idea_id)
    participant = require_participant()
    if participant.session_id != idea.session_id:
        raise NotFound(IDEA_NOT_FOUND)
    idea_service.withdraw_idea(idea, participant)
    return "", 204
