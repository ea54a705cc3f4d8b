"""The admin's extensions of the pipeline vocabulary: synonyms and protocol-stage words.

A synonym (term means value) is read as its value, and joins the customer-service lexicon
group that holds the value (or starts a group of its own).
"""

from sqlalchemy import select

from feedback_app import messages
from feedback_app.errors import Conflict, NotFound, ValidationFailed
from feedback_app.extensions import db
from feedback_app.models import VocabularyEntry
from feedback_app.services.characters import visible_length
from feedback_app.services.text import (
    DEFAULT_PROTOCOL_LEXICON,
    PROTOCOL_STAGES,
    SynonymGroup,
    extended_groups,
)

TERM_MAX = 80


def list_entries(kind: str) -> list[VocabularyEntry]:
    """The admin's entries of one kind, alphabetically."""
    query = select(VocabularyEntry).where(VocabularyEntry.kind == kind)
    return list(db.session.scalars(query.order_by(VocabularyEntry.term)))


def _clean(value: str, field: str) -> str:
    cleaned = " ".join((value or "").lower().split())
    if not visible_length(cleaned) or len(cleaned) > TERM_MAX:
        raise ValidationFailed(
            messages.VOCABULARY_INVALID, fields={field: messages.VOCABULARY_INVALID}
        )
    return cleaned


def add_entry(kind: str, term: str, value: str) -> VocabularyEntry:
    """Add a synonym (term means value) or a protocol word (term signals stage value)."""
    term = _clean(term, "term")
    value = _clean(value, "value")
    if kind == "protocol" and value not in PROTOCOL_STAGES:
        raise ValidationFailed(
            messages.VOCABULARY_INVALID, fields={"value": messages.VOCABULARY_INVALID}
        )
    if kind not in ("synonym", "protocol"):
        raise ValidationFailed(
            messages.VOCABULARY_INVALID, fields={"kind": messages.VOCABULARY_INVALID}
        )
    clash = select(VocabularyEntry).where(
        VocabularyEntry.kind == kind, VocabularyEntry.term == term
    )
    if db.session.scalar(clash) is not None:
        raise Conflict(messages.VOCABULARY_INVALID, fields={"term": "Already in the list."})
    entry = VocabularyEntry(kind=kind, term=term, value=value)
    db.session.add(entry)
    db.session.commit()
    return entry


def delete_entry(entry_id: int) -> None:
    """Remove one of the admin's entries."""
    entry = db.session.get(VocabularyEntry, entry_id)
    if entry is None:
        raise NotFound(messages.VOCABULARY_INVALID)
    db.session.delete(entry)
    db.session.commit()


def extra_synonyms() -> dict[str, str]:
    """The admin's synonyms; the pipeline lays them over its DEFAULT_SYNONYMS."""
    return {entry.term: entry.value for entry in list_entries("synonym")}


def protocol_lexicon() -> dict[str, tuple[str, ...]]:
    """The default protocol lexicon with the admin's words added to their stages."""
    merged = {stage: tuple(words) for stage, words in DEFAULT_PROTOCOL_LEXICON.items()}
    for entry in list_entries("protocol"):
        merged[entry.value] = (*merged.get(entry.value, ()), entry.term)
    return merged


def synonym_groups() -> list[SynonymGroup]:
    """The customer-service lexicon's groups with the admin's synonyms added to them."""
    return extended_groups(extra_synonyms())
