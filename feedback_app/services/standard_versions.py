"""Published versions of the Customer Service Standard: immutable snapshots of the adopted
standards grouped by protocol stage, each with its change log against the one before.

Also who may read the handbook: staff only, unless an admin makes it public.
"""

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from feedback_app import messages
from feedback_app.clock import utc_now
from feedback_app.errors import Conflict, Forbidden, NotFound, ValidationFailed
from feedback_app.extensions import db
from feedback_app.messages import PROTOCOL_STAGE_LABELS
from feedback_app.models import CandidateStandard, OrgSetting, StandardVersion, User
from feedback_app.services import audit
from feedback_app.services.decisions import ensure_can_decide
from feedback_app.services.text import PROTOCOL_STEPS

NOTE_MAX = 500
OTHER_AREAS = "other_areas"
GROUP_LABELS = {step: PROTOCOL_STAGE_LABELS[step] for step in PROTOCOL_STEPS} | {
    OTHER_AREAS: "Other areas"
}
ITEM_FIELDS = ("title", "statement", "procedures", "protocol_stage", "objectives")
_PUBLIC_SETTING = "handbook_public"


def _group_of(stage: str) -> str:
    return stage if stage in PROTOCOL_STEPS else OTHER_AREAS


def _item(standard: CandidateStandard) -> dict:
    return {
        "id": standard.id,
        "title": standard.title,
        "statement": standard.statement,
        "procedures": standard.steps,
        "protocol_stage": standard.protocol_stage,
        "stage_label": PROTOCOL_STAGE_LABELS.get(standard.protocol_stage, standard.protocol_stage),
        "objectives": [
            {
                "metric": o.metric,
                "target": o.target,
                "unit": o.unit,
                "measured_by": o.measured_by,
                "owner_team": o.owner_name,
                "review_date": o.review_date.isoformat() if o.review_date else None,
            }
            for o in standard.objectives
        ],
    }


def _adopted() -> list[CandidateStandard]:
    query = (
        select(CandidateStandard)
        .where(CandidateStandard.status == "adopted", CandidateStandard.merged_into_id.is_(None))
        .options(selectinload(CandidateStandard.objectives))
        .order_by(CandidateStandard.id)
    )
    return list(db.session.scalars(query))


def snapshot(standards: list[CandidateStandard]) -> dict:
    """The adopted items grouped by the steps of the protocol, then the other areas."""
    groups = {key: [] for key in GROUP_LABELS}
    for standard in standards:
        groups[_group_of(standard.protocol_stage)].append(_item(standard))
    return {
        "groups": [
            {"key": key, "label": GROUP_LABELS[key], "items": items}
            for key, items in groups.items()
            if items
        ]
    }


def items_of(content: dict) -> list[dict]:
    """Every item of a snapshot, in order."""
    return [item for group in content.get("groups", []) for item in group["items"]]


def change_log(previous: dict | None, current: dict) -> dict:
    """Items added, removed and changed (with the names of the fields that changed)."""
    before = {item["id"]: item for item in items_of(previous or {})}
    after = {item["id"]: item for item in items_of(current)}
    changed = []
    for id_, item in after.items():
        if id_ in before:
            # versions published before procedures existed have none: the same as no steps
            fields = [name for name in ITEM_FIELDS if before[id_].get(name, []) != item[name]]
            if fields:
                changed.append({"id": id_, "title": item["title"], "fields": fields})
    return {
        "added": [{"id": i, "title": after[i]["title"]} for i in after if i not in before],
        "removed": [{"id": i, "title": before[i]["title"]} for i in before if i not in after],
        "changed": changed,
    }


def current_version() -> StandardVersion | None:
    """The newest published version, if any."""
    return db.session.scalar(
        select(StandardVersion).order_by(StandardVersion.number.desc()).limit(1)
    )


def version_by_number(number: int) -> StandardVersion:
    """One published version (404 when there is none with that number)."""
    version = db.session.scalar(select(StandardVersion).where(StandardVersion.number == number))
    if version is None:
        raise NotFound(messages.VERSION_NOT_FOUND.format(number=number))
    return version


def all_versions() -> list[StandardVersion]:
    """Every published version, newest first."""
    query = (
        select(StandardVersion)
        .options(selectinload(StandardVersion.published_by))
        .order_by(StandardVersion.number.desc())
    )
    return list(db.session.scalars(query))


def publish(actor: User, note: str) -> StandardVersion:
    """Publish the adopted standards as the next version; each needs an objective."""
    ensure_can_decide(actor)
    note = note.strip() if isinstance(note, str) else ""
    if not 1 <= len(note) <= NOTE_MAX:
        problem = messages.PUBLISH_NOTE_INVALID.format(max=NOTE_MAX)
        raise ValidationFailed(problem, fields={"note": problem})
    adopted = _adopted()
    if not adopted:
        raise Conflict(messages.PUBLISH_NOTHING_ADOPTED, code="nothing_adopted")
    lacking = [standard.title for standard in adopted if not standard.objectives]
    if lacking:
        titles = ", ".join(f"“{title}”" for title in lacking)
        raise Conflict(
            messages.PUBLISH_WITHOUT_OBJECTIVES.format(titles=titles), code="objective_missing"
        )
    previous = current_version()
    content = snapshot(adopted)
    changes = change_log(previous.content if previous else None, content)
    if previous is not None and not any(changes.values()):
        raise Conflict(messages.PUBLISH_UNCHANGED.format(number=previous.number), code="unchanged")
    number = (db.session.scalar(select(func.max(StandardVersion.number))) or 0) + 1
    version = StandardVersion(
        number=number,
        note=note,
        published_at=utc_now(),
        published_by_id=actor.id,
        content=content,
        changes=changes,
    )
    db.session.add(version)
    audit.record(actor, "standard.published", "version", number, note=note, changes=changes)
    db.session.commit()
    return version


def handbook_public() -> bool:
    """Whether people who are not logged in may read the published standard."""
    stored = db.session.get(OrgSetting, _PUBLIC_SETTING)
    return stored is not None and stored.value == "1"


def set_handbook_public(public: bool, actor: User) -> bool:
    """An admin opens the handbook to everyone, or keeps it for staff."""
    if actor.role != "admin":
        raise Forbidden(messages.ADMIN_ONLY)
    stored = db.session.get(OrgSetting, _PUBLIC_SETTING)
    if stored is None:
        db.session.add(OrgSetting(name=_PUBLIC_SETTING, value="1" if public else "0"))
    else:
        stored.value = "1" if public else "0"
    audit.record(actor, "handbook.visibility", "setting", None, public=bool(public))
    db.session.commit()
    return bool(public)
