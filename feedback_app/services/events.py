"""Domain events raised by services in one place, so a broker can publish them later."""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app

EXTENSION_KEY = "feedback_app.events"

IDEA_ADDED = "idea.added"
IDEA_CHANGED = "idea.changed"
IDEA_WITHDRAWN = "idea.withdrawn"
VOTE_CAST = "vote.cast"
VOTE_REMOVED = "vote.removed"
PHASE_CHANGED = "session.phase_changed"
PARTICIPANT_JOINED = "participant.joined"


@dataclass(frozen=True)
class DomainEvent:
    """Something that happened in a session; never carries participant identity."""

    name: str
    session_id: int
    data: dict = field(default_factory=dict)


class EventBus:
    """Synchronous in-process fan-out; a Redis or PostgreSQL broker subscribes here later."""

    def __init__(self) -> None:
        self._subscribers: list[Callable[[DomainEvent], None]] = []

    def subscribe(self, handler: Callable[[DomainEvent], None]) -> Callable[[], None]:
        """Register a handler and return a function that removes it again."""
        self._subscribers.append(handler)
        return lambda: self._subscribers.remove(handler)

    def publish(self, event: DomainEvent) -> None:
        """Hand the event to every subscriber; one failing subscriber must not stop the rest."""
        for handler in list(self._subscribers):
            try:
                handler(event)
            except Exception:  # a broken listener must never undo a committed vote
                current_app.logger.exception("event handler failed for %s", event.name)


def event_bus() -> EventBus:
    """Return the app's bus (created by the factory)."""
    return current_app.extensions[EXTENSION_KEY]


def publish(name: str, session_id: int, **data) -> None:
    """Publish a domain event after the change has been committed."""
    event_bus().publish(DomainEvent(name=name, session_id=session_id, data=data))
