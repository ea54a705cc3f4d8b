"""Mystery shopping: checklists from the current standard, one-time links, and filing visit
reports exactly once.

A checklist is a snapshot of the current published version of the standard: one item per
procedure step of each adopted standard (its statement when it has no steps), with its protocol
stage and the scale the manager chose. Reports point at the checklist they were filed against,
so a later version never changes an old report.

Filing is idempotent: each report carries a key (the API's Idempotency-Key header, the form's
hidden key). The key is unique in the database, so the same report sent twice, even at the same
moment, is filed once; the second answer is the first report. The same key with a different
report is refused.

Items a shopper could not observe (a greeting at the door on a phone call) may be left out: they
count as not observed and leave the averages alone. At least one item must be scored.
"""

import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from feedback_app import messages
from feedback_app.clock import utc_now
from feedback_app.errors import Conflict, Forbidden, NotFound, ValidationFailed
from feedback_app.extensions import db
from feedback_app.models import StandardVersion, Team, User
from feedback_app.models.visits import (
    ANSWER_NOTE_MAX,
    DEFAULT_SCALE,
    IDEMPOTENCY_KEY_MAX,
    LINK_LABEL_MAX,
    SCALES,
    VISIT_CHANNELS,
    VISIT_NOTES_MAX,
    ChecklistItem,
    Visit,
    VisitAnswer,
    VisitChecklist,
    VisitLink,
)
from feedback_app.services.standard_versions import current_version

FILING_ROLES = ("shopper", "manager", "admin")
MANAGING_ROLES = ("manager", "admin")
YES_PARTLY_NO = {"yes": 1.0, "partly": 0.5, "no": 0.0}
ONE_TO_FIVE = range(1, 6)
LINK_DAYS_DEFAULT, LINK_DAYS_MAX = 14, 90
LINK_TOKEN_PREFIX = "vl_"
_KEY_PATTERN = re.compile(rf"[A-Za-z0-9_.:-]{{8,{IDEMPOTENCY_KEY_MAX}}}")


# --- checklists -------------------------------------------------------------------------


def checklist_rows(content: dict, scale: str) -> list[dict]:
    """The items of a version's snapshot: one per procedure step, in the handbook's order."""
    rows = []
    for group in content.get("groups", []):
        for item in group["items"]:
            for text in item.get("procedures") or [item["statement"]]:
                rows.append(
                    {
                        "standard_id": item["id"],
                        "standard_title": item["title"],
                        "text": text,
                        "protocol_stage": item["protocol_stage"],
                        "stage_label": item["stage_label"],
                        "scale": scale,
                    }
                )
    return rows


def _published() -> StandardVersion:
    version = current_version()
    if version is None:
        raise Conflict(messages.NO_PUBLISHED_STANDARD, code="no_published_standard")
    return version


def _newest_checklist(version: StandardVersion) -> VisitChecklist | None:
    query = (
        select(VisitChecklist)
        .where(VisitChecklist.standard_version_id == version.id)
        .options(selectinload(VisitChecklist.items))
        .order_by(VisitChecklist.id.desc())
        .limit(1)
    )
    return db.session.scalar(query)


def _build_checklist(version: StandardVersion, scale: str, actor: User | None) -> VisitChecklist:
    checklist = VisitChecklist(
        standard_version_id=version.id,
        version_number=version.number,
        scale=scale,
        created_by_id=actor.id if actor else None,
    )
    checklist.items = [
        ChecklistItem(position=position, **row)
        for position, row in enumerate(checklist_rows(version.content, scale), start=1)
    ]
    db.session.add(checklist)
    db.session.commit()
    return checklist


def current_checklist() -> VisitChecklist:
    """The newest checklist of the current version of the standard; the first one asked for
    is made with the default scale (yes / partly / no). 409 when nothing is published."""
    version = _published()
    return _newest_checklist(version) or _build_checklist(version, DEFAULT_SCALE, None)


def generate_checklist(actor: User, scale: str) -> VisitChecklist:
    """A manager makes a new checklist from the current version with the scale chosen."""
    ensure_manages(actor)
    if scale not in SCALES:
        raise ValidationFailed(messages.SCALE_UNKNOWN, fields={"scale": messages.SCALE_UNKNOWN})
    return _build_checklist(_published(), scale, actor)


# --- who may do what --------------------------------------------------------------------


def ensure_manages(actor: User) -> None:
    """Checklists, links and every visit are for managers and admins."""
    if actor.role not in MANAGING_ROLES:
        raise Forbidden(messages.CHECKLIST_MANAGERS_ONLY)


def ensure_can_file(actor: User) -> None:
    """Shoppers, managers and admins file reports; facilitators do not."""
    if actor.role not in FILING_ROLES:
        raise Forbidden(messages.VISIT_ROLES_ONLY)


# --- one-time links ---------------------------------------------------------------------


def _hash(token: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, b"visit-link:" + token.encode(), hashlib.sha256).hexdigest()


def issue_link(
    actor: User, *, label: str = "", team_id: int | None = None, days: int = LINK_DAYS_DEFAULT
) -> tuple[VisitLink, str]:
    """A one-time link for an external shopper; the token is returned once and kept only as
    a keyed hash."""
    ensure_manages(actor)
    label = (label or "").strip()
    problems = {}
    if len(label) > LINK_LABEL_MAX:
        problems["label"] = messages.VISIT_LINK_LABEL_TOO_LONG.format(max=LINK_LABEL_MAX)
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= LINK_DAYS_MAX:
        problems["days"] = messages.VISIT_LINK_DAYS_INVALID.format(max=LINK_DAYS_MAX)
    team = _team(team_id, problems) if team_id is not None else None
    if problems:
        raise ValidationFailed(next(iter(problems.values())), fields=problems)
    token = LINK_TOKEN_PREFIX + secrets.token_urlsafe(24)
    now = utc_now()
    link = VisitLink(
        token_hash=_hash(token),
        label=label,
        team_id=team.id if team else None,
        created_by_id=actor.id,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    db.session.add(link)
    db.session.commit()
    return link, token


def link_by_token(token: str) -> VisitLink | None:
    """The link behind a token, used or not."""
    if isinstance(token, str) and token.startswith(LINK_TOKEN_PREFIX) and len(token) < 100:
        return db.session.scalar(select(VisitLink).where(VisitLink.token_hash == _hash(token)))
    return None


def link_for_token(token: str) -> VisitLink:
    """The link behind a token, if it can still file its report (404 unknown, 409 used or
    expired)."""
    link = link_by_token(token)
    if link is None:
        raise NotFound(messages.VISIT_LINK_UNKNOWN, code="link_unknown")
    ensure_link_open(link)
    return link


def ensure_link_open(link: VisitLink) -> None:
    """A used or expired link files nothing more."""
    if link.used_at is not None:
        raise Conflict(messages.VISIT_LINK_USED, code="link_used")
    if link.expires_at <= utc_now():
        raise Conflict(messages.VISIT_LINK_EXPIRED, code="link_expired")


def open_links() -> list[VisitLink]:
    """Links not used yet and not expired, newest first."""
    query = (
        select(VisitLink)
        .where(VisitLink.used_at.is_(None), VisitLink.expires_at > utc_now())
        .options(selectinload(VisitLink.team))
        .order_by(VisitLink.id.desc())
    )
    return list(db.session.scalars(query))


# --- filing a report --------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    """A visit report checked field by field, ready to store."""

    team: Team
    visited_on: date
    channel: str
    notes: str
    checklist_id: int
    answers: dict[int, tuple[str, float, str]]  # item id → (value, score, note)

    def digest(self, filer: str) -> str:
        """What identifies this report for its key: the same filer sending the same fields."""
        document = {
            "filer": filer,
            "team": self.team.id,
            "visited_on": self.visited_on.isoformat(),
            "channel": self.channel,
            "notes": self.notes,
            "answers": {str(item): list(answer) for item, answer in sorted(self.answers.items())},
        }
        return hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()


def _team(team_id, problems: dict) -> Team | None:
    team = None
    if isinstance(team_id, int) and not isinstance(team_id, bool):
        team = db.session.get(Team, team_id)
    if team is None or team.retired:
        problems["team_id"] = messages.VISIT_TEAM_UNKNOWN
        return None
    return team


def _visited_on(value, problems: dict) -> date | None:
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            value = None
    if not isinstance(value, date):
        problems["visited_on"] = messages.VISIT_DATE_INVALID
        return None
    if value > utc_now().date():
        problems["visited_on"] = messages.VISIT_DATE_FUTURE
        return None
    return value


def score_of(scale: str, value) -> tuple[str, float] | None:
    """The stored value and its score from 0 to 1, or None when it is not on the scale."""
    if scale == "yes_partly_no":
        text = value.strip().lower() if isinstance(value, str) else None
        return (text, YES_PARTLY_NO[text]) if text in YES_PARTLY_NO else None
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and value in ONE_TO_FIVE:
        return str(value), (value - 1) / 4
    return None


def _value_problem(scale: str) -> str:
    if scale == "yes_partly_no":
        return messages.VISIT_VALUE_YES_PARTLY_NO
    return messages.VISIT_VALUE_ONE_TO_FIVE


def _item_id(key) -> int | None:
    text = str(key).strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 12 else None


def _answers(scores, item_notes, problems: dict) -> tuple[int | None, dict]:
    if not isinstance(scores, dict) or not isinstance(item_notes, dict):
        problems["scores"] = messages.VISIT_SCORES_INVALID
        return None, {}
    wanted = {key: _item_id(key) for key in [*scores, *item_notes]}
    ids = {id_ for id_ in wanted.values() if id_ is not None}
    items = {
        item.id: item
        for item in db.session.scalars(select(ChecklistItem).where(ChecklistItem.id.in_(ids)))
    }
    for key, id_ in wanted.items():
        if id_ not in items:
            field = "scores" if key in scores else "item_notes"
            problems[f"{field}.{key}"] = messages.VISIT_ITEM_UNKNOWN.format(item=key)
    if len({item.checklist_id for item in items.values()}) > 1:
        problems["scores"] = messages.VISIT_ITEMS_MIXED
    answers = {}
    for key, value in scores.items():
        item = items.get(wanted[key])
        if item is None:
            continue
        scored = score_of(item.scale, value)
        if scored is None:
            problems[f"scores.{key}"] = _value_problem(item.scale)
        else:
            answers[item.id] = (*scored, "")
    for key, note in item_notes.items():
        item = items.get(wanted[key])
        if item is None:
            continue
        note = note.strip() if isinstance(note, str) else None
        if note is None or len(note) > ANSWER_NOTE_MAX:
            problems[f"item_notes.{key}"] = messages.VISIT_NOTES_TOO_LONG.format(
                max=ANSWER_NOTE_MAX
            )
        elif note and item.id not in answers:
            problems[f"item_notes.{key}"] = messages.VISIT_VALUE_NOTE_ALONE
        elif item.id in answers:
            value, score, _ = answers[item.id]
            answers[item.id] = (value, score, note)
    if not answers and not any(key.startswith("scores") for key in problems):
        problems["scores"] = messages.VISIT_SCORES_EMPTY
    checklist_id = next(iter(items.values())).checklist_id if items else None
    return checklist_id, answers


def check_report(fields: dict, link: VisitLink | None = None) -> Report:
    """Check every field of a report (422 naming each field that is wrong)."""
    problems: dict[str, str] = {}
    team = _team(fields.get("team_id"), problems)
    fixed_team = link.team_id if link is not None else None
    if fixed_team is not None and team is not None and team.id != fixed_team:
        problems["team_id"] = messages.VISIT_TEAM_FIXED.format(team=link.team.name)
    visited_on = _visited_on(fields.get("visited_on"), problems)
    channel = fields.get("channel")
    if channel not in VISIT_CHANNELS:
        problems["channel"] = messages.VISIT_CHANNEL_UNKNOWN
    notes = fields.get("notes") or ""
    if not isinstance(notes, str) or len(notes.strip()) > VISIT_NOTES_MAX:
        problems["notes"] = messages.VISIT_NOTES_TOO_LONG.format(max=VISIT_NOTES_MAX)
    checklist_id, answers = _answers(fields.get("scores"), fields.get("item_notes") or {}, problems)
    if problems:
        raise ValidationFailed(next(iter(problems.values())), fields=problems)
    return Report(team, visited_on, channel, notes.strip(), checklist_id, answers)


def check_key(key) -> str:
    """The idempotency key, if it is one (422 otherwise)."""
    if not isinstance(key, str) or not _KEY_PATTERN.fullmatch(key.strip()):
        problem = messages.VISIT_KEY_INVALID.format(max=IDEMPOTENCY_KEY_MAX)
        raise ValidationFailed(problem, fields={"Idempotency-Key": problem})
    return key.strip()


def _by_key(key: str) -> Visit | None:
    return db.session.scalar(select(Visit).where(Visit.idempotency_key == key))


def _replay(visit: Visit, digest: str) -> tuple[Visit, bool]:
    if visit.request_digest != digest:
        raise ValidationFailed(
            messages.VISIT_KEY_REUSED,
            fields={"Idempotency-Key": messages.VISIT_KEY_REUSED},
            code="idempotency_key_reused",
        )
    return visit, False


def file_visit(filer: User | VisitLink, fields: dict, key: str) -> tuple[Visit, bool]:
    """File a report once per key: (the report, True) the first time, (the same report,
    False) when the same report comes again; refused when the key was used for another."""
    key = check_key(key)
    link = filer if isinstance(filer, VisitLink) else None
    if link is None:
        ensure_can_file(filer)
    report = check_report(fields, link)
    digest = report.digest(f"link:{link.id}" if link else f"user:{filer.id}")
    existing = _by_key(key)
    if existing is not None:
        return _replay(existing, digest)
    if link is not None:
        ensure_link_open(link)
        link.used_at = utc_now()
    visit = Visit(
        checklist_id=report.checklist_id,
        team_id=report.team.id,
        visited_on=report.visited_on,
        channel=report.channel,
        notes=report.notes,
        shopper_id=None if link else filer.id,
        link_id=link.id if link else None,
        idempotency_key=key,
        request_digest=digest,
        created_at=utc_now(),
        answers=[
            VisitAnswer(item_id=item_id, value=value, score=score, note=note)
            for item_id, (value, score, note) in report.answers.items()
        ],
    )
    db.session.add(visit)
    try:
        db.session.commit()
    except IntegrityError:
        # The same key (or the same link) won a race with us: answer with its report.
        db.session.rollback()
        existing = _by_key(key)
        if existing is not None:
            return _replay(existing, digest)
        raise Conflict(messages.VISIT_LINK_USED, code="link_used") from None
    return visit, True


# --- reading reports --------------------------------------------------------------------


def visits_for(viewer: User, team_id: int | None = None) -> list[Visit]:
    """Reports a user may read, newest visit first: all for managers and admins, their own
    for a shopper."""
    if viewer.role not in FILING_ROLES:
        raise Forbidden(messages.VISITS_READERS_ONLY)
    query = select(Visit).options(
        selectinload(Visit.answers).selectinload(VisitAnswer.item), selectinload(Visit.team)
    )
    if viewer.role == "shopper":
        query = query.where(Visit.shopper_id == viewer.id)
    if team_id is not None:
        query = query.where(Visit.team_id == team_id)
    return list(db.session.scalars(query.order_by(Visit.visited_on.desc(), Visit.id.desc())))


def visit_for(viewer: User, visit_id: int) -> Visit:
    """One report, if this user may read it (404 otherwise, even when it exists)."""
    visit = db.session.get(Visit, visit_id)
    ensure_can_file(viewer)
    if visit is None or (viewer.role == "shopper" and visit.shopper_id != viewer.id):
        raise NotFound(messages.VISIT_NOT_FOUND)
    return visit


def visit_score(visit: Visit) -> float | None:
    """The report's score from 0 to 1: the mean of its scored items."""
    scores = [answer.score for answer in visit.answers]
    return sum(scores) / len(scores) if scores else None
