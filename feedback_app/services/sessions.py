"""Brainstorming sessions: creation, access, join codes and the phase machine."""

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from feedback_app import messages
from feedback_app.clock import floor_to_minute, utc_now
from feedback_app.errors import Forbidden, NotFound, ValidationFailed
from feedback_app.extensions import db
from feedback_app.models import (
    VOTING_MODES,
    BrainstormSession,
    Idea,
    IdeaStatus,
    Participant,
    SessionEventCounter,
    User,
)
from feedback_app.models.sessions import (
    DOT_BUDGET_DEFAULT,
    DOTS_MAX,
    DOTS_PER_IDEA_DEFAULT,
    JOIN_CODE_LENGTH,
    MODERATION_MODES,
    PROMPT_MAX,
    TITLE_MAX,
)
from feedback_app.services import events
from feedback_app.services.characters import visible_length
from feedback_app.services.levels import get_level, list_levels
from feedback_app.services.phases import check_minutes
from feedback_app.services.segments import check_segment_ids, tag_session
from feedback_app.services.text import SUPPORTED_LANGUAGES

# No 0/O, 1/I/L: a code read off a projector must not be mistyped.
JOIN_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
JOIN_CODE_ATTEMPTS = 20


@dataclass(frozen=True)
class SessionSummary:
    """A session with the counts a dashboard shows."""

    session: BrainstormSession
    idea_count: int
    participant_count: int


def generate_join_code() -> str:
    """Draw a random code from the unambiguous alphabet."""
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(code: str) -> str:
    """Accept codes typed with spaces, dashes or in lower case."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def _clean_text(value: str, limit: int, field: str, message: str) -> str:
    cleaned = (value or "").strip()
    if not visible_length(cleaned) or len(cleaned) > limit:
        text = message.format(max=limit)
        raise ValidationFailed(text, fields={field: text})
    return cleaned


def _check_voting_mode(voting_mode: str) -> str:
    if voting_mode not in VOTING_MODES:
        text = messages.VOTING_MODE_UNKNOWN.format(modes=", ".join(VOTING_MODES))
        raise ValidationFailed(text, fields={"voting_mode": text})
    return voting_mode


def _check_dots(value: int, most: int, field: str) -> int:
    """A dot budget (1 to DOTS_MAX) or a cap per idea (1 to the budget)."""
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= max(1, most):
        text = messages.DOTS_INVALID.format(max=max(1, most))
        raise ValidationFailed(text, fields={field: text})
    return value


def _check_moderation(moderation: str) -> str:
    if moderation not in MODERATION_MODES:
        raise ValidationFailed(
            messages.MODERATION_UNKNOWN, fields={"moderation": messages.MODERATION_UNKNOWN}
        )
    return moderation


def _check_language(language: str) -> str:
    """Idea clustering stems and filters stop words in the session's language."""
    if language not in SUPPORTED_LANGUAGES:
        text = messages.LANGUAGE_UNKNOWN.format(languages=", ".join(SUPPORTED_LANGUAGES))
        raise ValidationFailed(text, fields={"language": text})
    return language


def create_session(
    owner: User,
    *,
    title: str,
    prompt: str,
    target_level_id: int,
    contributing_level_ids: list[int] | None = None,
    voting_mode: str = "upvote",
    results_public: bool = False,
    language: str = "english",
    moderation: str = "post",
    collecting_minutes: int | None = None,
    voting_minutes: int | None = None,
    dot_budget: int = DOT_BUDGET_DEFAULT,
    dots_per_idea: int | None = None,
    allow_self_votes: bool = True,
    ballot_cards: bool = False,
    follow_up_of: BrainstormSession | None = None,
    carried_ideas: Sequence[Idea] = (),
    segment_ids: Sequence[int] | None = None,
) -> BrainstormSession:
    """Create a draft session with a fresh join code; invite every level unless told otherwise.

    A follow-up session starts with copies of `carried_ideas`, in the same transaction.
    `segment_ids` tags it with the customer segments it concerns.
    """
    title = _clean_text(title, TITLE_MAX, "title", messages.SESSION_TITLE_REQUIRED)
    prompt = _clean_text(prompt, PROMPT_MAX, "prompt", messages.SESSION_PROMPT_REQUIRED)
    target = get_level(target_level_id)
    try:
        contributing = (
            [get_level(level_id) for level_id in dict.fromkeys(contributing_level_ids)]
            if contributing_level_ids
            else list_levels()
        )
    except ValidationFailed as error:
        raise ValidationFailed(
            error.message, fields={"contributing_level_ids": error.message}
        ) from None
    session = BrainstormSession(
        title=title,
        prompt=prompt,
        target_level=target,
        contributing_levels=contributing,
        voting_mode=_check_voting_mode(voting_mode),
        phase="draft",
        owner=owner,
        results_public=bool(results_public),
        language=_check_language(language),
        moderation=_check_moderation(moderation),
        collecting_minutes=check_minutes(collecting_minutes, "collecting_minutes"),
        voting_minutes=check_minutes(voting_minutes, "voting_minutes"),
        dot_budget=_check_dots(dot_budget, DOTS_MAX, "dot_budget"),
        dots_per_idea=_check_dots(
            _per_idea_or_default(dots_per_idea, dot_budget), dot_budget, "dots_per_idea"
        ),
        allow_self_votes=bool(allow_self_votes),
        ballot_cards=bool(ballot_cards),
        follow_up_of_id=follow_up_of.id if follow_up_of else None,
    )
    tags = check_segment_ids(list(segment_ids or []))
    insert_with_unique_code(session, carried_ideas)
    if tags:
        tag_session(session, tags)
    return session


def _per_idea_or_default(dots_per_idea: int | None, dot_budget) -> int:
    """The cap asked for; by default 3, or the whole budget when that is smaller."""
    if dots_per_idea is not None:
        return dots_per_idea
    budget_ok = isinstance(dot_budget, int) and not isinstance(dot_budget, bool) and dot_budget > 0
    return min(DOTS_PER_IDEA_DEFAULT, dot_budget) if budget_ok else DOTS_PER_IDEA_DEFAULT


def _carried_copy(session: BrainstormSession, idea: Idea) -> Idea:
    """An idea of an earlier session, carried into a follow-up: nobody's, seen by all."""
    return Idea(
        session_id=session.id,
        participant_id=None,
        text=idea.text,
        status=IdeaStatus.VISIBLE.value,
        carried_from_id=idea.id,
        created_at=floor_to_minute(utc_now()),
    )


def insert_with_unique_code(session: BrainstormSession, carried_ideas: Sequence[Idea] = ()) -> None:
    """Retry on the rare clash of join codes, relying on the unique index under races."""
    for _ in range(JOIN_CODE_ATTEMPTS):
        session.join_code = generate_join_code()
        try:
            with db.session.begin_nested():
                db.session.add(session)
                db.session.flush()
                db.session.add(SessionEventCounter(session_id=session.id, last_seq=0))
                db.session.add_all(_carried_copy(session, idea) for idea in carried_ideas)
            db.session.commit()
            return
        except IntegrityError:
            continue
    raise RuntimeError("could not find a free join code")


def get_session(session_id: int) -> BrainstormSession:
    """Return a session or raise NotFound."""
    session = db.session.get(BrainstormSession, session_id)
    if session is None:
        raise NotFound(messages.SESSION_MISSING)
    return session


def find_session_by_code(code: str) -> BrainstormSession:
    """Return the session with this join code or raise NotFound."""
    normalised = normalise_join_code(code)
    session = None
    if len(normalised) == JOIN_CODE_LENGTH:
        query = select(BrainstormSession).where(BrainstormSession.join_code == normalised)
        session = db.session.scalar(query)
    if session is None:
        raise NotFound(messages.SESSION_NOT_FOUND, fields={"code": messages.SESSION_NOT_FOUND})
    return session


def can_view_session(user: User, session: BrainstormSession) -> bool:
    """Managers and admins see everything; facilitators their own sessions."""
    return user.sees_all_sessions or session.owner_id == user.id


def can_manage_session(user: User, session: BrainstormSession) -> bool:
    """Only the owner and admins run a session."""
    return user.role == "admin" or session.owner_id == user.id


def ensure_can_view(user: User, session: BrainstormSession) -> None:
    """Raise Forbidden unless the user may see this session."""
    if not can_view_session(user, session):
        raise Forbidden(messages.NOT_YOUR_SESSION)


def ensure_can_manage(user: User, session: BrainstormSession) -> None:
    """Raise Forbidden unless the user may run this session."""
    if not can_manage_session(user, session):
        raise Forbidden(messages.NOT_YOUR_SESSION)


def sessions_for(user: User) -> list[SessionSummary]:
    """Sessions the user may see, newest first, with idea and participant counts."""
    query = (
        select(BrainstormSession)
        .options(
            selectinload(BrainstormSession.follow_ups), selectinload(BrainstormSession.segments)
        )
        .order_by(BrainstormSession.created_at.desc(), BrainstormSession.id.desc())
    )
    if not user.sees_all_sessions:
        query = query.where(BrainstormSession.owner_id == user.id)
    sessions = list(db.session.scalars(query))
    ids = [session.id for session in sessions]
    ideas = dict(
        db.session.execute(
            select(Idea.session_id, func.count(Idea.id))
            .where(Idea.session_id.in_(ids))
            .group_by(Idea.session_id)
        ).all()
    )
    people = dict(
        db.session.execute(
            select(Participant.session_id, func.count(Participant.id))
            .where(Participant.session_id.in_(ids))
            .group_by(Participant.session_id)
        ).all()
    )
    return [SessionSummary(s, ideas.get(s.id, 0), people.get(s.id, 0)) for s in sessions]


def set_results_public(session: BrainstormSession, public: bool) -> BrainstormSession:
    """Let participants see the ranking once results are out (or stop them)."""
    session.results_public = bool(public)
    events.record(session.id, events.SETTINGS, {"results_public": session.results_public})
    db.session.commit()
    return session


def set_joining_open(session: BrainstormSession, open_: bool) -> BrainstormSession:
    """Let new people join (or stop them); the projector hides the code while closed."""
    session.joining_open = bool(open_)
    events.record(session.id, events.JOINING, {"open": session.joining_open})
    db.session.commit()
    return session


def set_show_live_counts(session: BrainstormSession, shown: bool) -> BrainstormSession:
    """Show per-idea vote counts on the projector during voting (off by default)."""
    session.show_live_counts = bool(shown)
    events.record(session.id, events.SETTINGS, {"show_live_counts": session.show_live_counts})
    db.session.commit()
    return session


def set_moderation(session: BrainstormSession, moderation: str) -> BrainstormSession:
    """Switch pre-moderation on ("pre": ideas wait for approval) or off ("post")."""
    session.moderation = _check_moderation(moderation)
    events.record(session.id, events.SETTINGS, {"moderation": session.moderation}, audience="staff")
    db.session.commit()
    return session


def participant_count(session: BrainstormSession) -> int:
    """How many people have joined this session."""
    query = select(func.count(Participant.id)).where(Participant.session_id == session.id)
    return db.session.scalar(query)
