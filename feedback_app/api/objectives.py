"""/api/v1/objectives: whether the standard is met. Managers and admins read where each
objective of the adopted standards stands, record measurements, and turn a missed target into
the next brainstorming session."""

from feedback_app.api import auth
from feedback_app.api.blueprint import ApiBlueprint, errors
from feedback_app.api.schemas.objectives import (
    MeasurementRequestSchema,
    MeasurementSchema,
    ObjectiveProgressSchema,
)
from feedback_app.api.schemas.sessions import SessionSchema
from feedback_app.models import User
from feedback_app.services import measurements
from feedback_app.services.decisions import DECIDING_ROLES

bp = ApiBlueprint("objectives", __name__, "Measured objectives of the adopted standard.")


@bp.get("/objectives")
@auth.staff(*DECIDING_ROLES)
@bp.response(200, ObjectiveProgressSchema(many=True))
def list_objectives(user: User):
    """Every objective of the adopted standards, by protocol stage: target, current value,
    status, monthly trend and each team's latest month."""
    return measurements.dashboard()


@bp.get("/objectives/<int:objective_id>")
@auth.staff(*DECIDING_ROLES)
@bp.response(200, ObjectiveProgressSchema)
@errors(404)
def get_objective(user: User, objective_id: int):
    """One objective and where it stands."""
    return measurements.progress(measurements.get_objective(objective_id))


@bp.post("/objectives/<int:objective_id>/measurements")
@auth.staff(*DECIDING_ROLES)
@bp.body(MeasurementRequestSchema)
@bp.response(201, MeasurementSchema)
@errors(404)
def add_measurement(user: User, body: dict, objective_id: int):
    """Record a measured value with its source (the whole organisation, or one team)."""
    objective = measurements.get_objective(objective_id)
    return measurements.record_measurement(objective, user, **body)


@bp.post("/objectives/<int:objective_id>/session")
@auth.staff(*DECIDING_ROLES)
@bp.response(201, SessionSchema)
@errors(404)
def session_for_objective(user: User, objective_id: int):
    """Create the next brainstorming session about this objective's target: a draft at the
    level the standard came from, its prompt filled in."""
    objective = measurements.get_objective(objective_id)
    return measurements.session_for_missed_target(objective, user)
