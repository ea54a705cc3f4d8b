"""Builders for test data, going through the services so every rule applies."""

import itertools

from feedback_app.extensions import db
from feedback_app.models import BrainstormSession, Level, User
from feedback_app.services import accounts, ideas, participation, sessions
from feedback_app.services.levels import list_levels

PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


def make_user(
    role: str = "facilitator", email: str | None = None, password: str = PASSWORD
) -> User:
    """Create an active staff account."""
    email = email or f"{role}{next(_counter)}@example.com"
    return accounts.create_user(email, password, role)


def level_named(name: str) -> Level:
    """One of the seeded levels."""
    return next(level for level in list_levels() if level.name == name)


def make_session(owner: User | None = None, phase: str = "draft", **fields) -> BrainstormSession:
    """Create a session and walk it forward through the phases to the one asked for."""
    owner = owner or make_user()
    fields.setdefault("title", "Front line, spring")
    fields.setdefault("prompt", "What should we do every time a customer complains?")
    fields.setdefault("target_level_id", level_named("Front-line staff").id)
    session = sessions.create_session(owner, **fields)
    return move_to(session, phase)


def move_to(session: BrainstormSession, phase: str) -> BrainstormSession:
    """Advance a session along the forward path until it reaches the phase."""
    order = ["draft", "collecting", "voting", "results", "closed"]
    while order.index(session.phase) < order.index(phase):
        session = sessions.change_phase(session, order[order.index(session.phase) + 1])
    return session


def join(session: BrainstormSession, level_id: int | None = None):
    """Join as a new anonymous participant; returns (participant, token)."""
    return participation.join_session(session.join_code, level_id)


def add_ideas(session: BrainstormSession, *texts: str):
    """Add ideas from fresh participants while collecting; returns the ideas."""
    created = []
    for text in texts:
        participant, _ = join(session)
        created.append(ideas.add_idea(session, participant, text))
    return created


def reload(instance):
    """Re-read a row from the database."""
    db.session.expire_all()
    return db.session.get(type(instance), instance.id)
