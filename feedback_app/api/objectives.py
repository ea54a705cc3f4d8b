"""/api/v1/objectives: whether the standard is met. Managers and admins read where each
objective of the adopted standards stands, record measurements, and turn a missed target into
the next brainstorming session; the measurements and the progress download as CSV, JSON or
Excel."""

from feedback_app.api import auth
from feedback_app.api.blueprint import ApiBlueprint, errors
from feedback_app.api.exports import BINARY
from feedback_app.api.schemas.objectives import (
    MeasurementRequestSchema,
    MeasurementSchema,
    ObjectiveProgressSchema,
)
from feedback_app.api.schemas.sessions import SessionSchema
from feedback_app.models import User
from feedback_app.services import measurements
from feedback_app.services.decisions import DECIDING_ROLES
from feedback_app.services.exports import FORMAT_NAMES, MEDIA_TYPES
from feedback_app.services.exports.measurements import (
    DOCUMENT_SCHEMAS,
    MEASUREMENT_FORMATS,
    PARTS,
    export_objectives,
)
from feedback_app.web.downloads import download_response

bp = ApiBlueprint("objectives", __name__, "Measured objectives of the adopted standard.")

CSV_ROWS = {
    "measurements": "one row per value entered: objective, standard, protocol_stage, metric, "
    "target, direction, unit, measured_from, measured_on, value, team (empty: the whole "
    "organisation), source",
    "progress": "one row per objective and month (one without a month when not measured yet): "
    "objective, standard, protocol_stage, metric, target, direction, unit, measured_from, "
    "status, current, current_month, month, mean, readings",
}
PART_TEXTS = {
    "measurements": "The values managers entered for each objective of the adopted standard.",
    "progress": "Where each objective of the adopted standard stands, as the dashboard reads "
    "it (scores computed from mystery shopping and surveys included): status, latest month, "
    "monthly trend and teams.",
}


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


def _content(part: str, export_format: str) -> dict:
    media = MEDIA_TYPES[export_format].split(";")[0]
    if export_format == "csv":
        schema = {"type": "string", "description": f"UTF-8 with BOM, {CSV_ROWS[part]}."}
    elif export_format == "json":
        schema = DOCUMENT_SCHEMAS[part]
    else:
        schema = BINARY
    return {media: {"schema": schema}}


def _objectives_export(part: str, export_format: str):
    """Register GET /objectives/export/<part>.<format> as its own documented operation."""

    def view(user: User):
        return download_response(export_objectives(part, export_format))

    name = FORMAT_NAMES[export_format]
    view.__name__ = f"export_objectives_{part}_{export_format}"
    view.__doc__ = f"Download the objectives' {part} as {name}.\n\n{PART_TEXTS[part]}"
    disposition = {
        "description": f'attachment; filename="objectives-{part}-<day>.{export_format}"',
        "schema": {"type": "string"},
    }
    documented = bp.doc(
        responses={
            200: {
                "description": f"The {part} as {name}",
                "content": _content(part, export_format),
                "headers": {"Content-Disposition": disposition},
            }
        }
    )(view)
    bp.get(f"/objectives/export/{part}.{export_format}")(auth.staff(*DECIDING_ROLES)(documented))


for _part in PARTS:
    for _format in MEASUREMENT_FORMATS:
        _objectives_export(_part, _format)
