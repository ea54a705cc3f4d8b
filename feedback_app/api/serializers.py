"""JSON shapes of the API resources."""

from feedback_app.models import BrainstormSession, ClusterRun, Level
from feedback_app.services.cluster_views import ClusterColumn, board
from feedback_app.services.ideas import ParticipantIdea, StaffIdea
from feedback_app.services.sessions import allowed_phase_moves
from feedback_app.services.standards import ScoredStandard
from feedback_app.web.urls import join_url


def level_json(level: Level) -> dict:
    """A level."""
    return {
        "id": level.id,
        "name": level.name,
        "position": level.position,
        "retired": level.retired,
    }


def session_json(session: BrainstormSession) -> dict:
    """A session as staff see it."""
    return {
        "id": session.id,
        "title": session.title,
        "prompt": session.prompt,
        "target_level_id": session.target_level_id,
        "target_level": session.target_level.name,
        "contributing_level_ids": [level.id for level in session.contributing_levels],
        "voting_mode": session.voting_mode,
        "phase": session.phase,
        "allowed_phases": list(allowed_phase_moves(session)),
        "join_code": session.join_code,
        "join_url": join_url(session.join_code),
        "results_public": session.results_public,
        "language": session.language,
        "owner_id": session.owner_id,
        "created_at": session.created_at.isoformat(timespec="minutes") + "Z",
    }


def participant_session_json(session: BrainstormSession) -> dict:
    """A session as a participant sees it: no owner, no code management."""
    return {
        "id": session.id,
        "title": session.title,
        "prompt": session.prompt,
        "phase": session.phase,
        "voting_mode": session.voting_mode,
        "results_public": session.results_public,
    }


def participant_idea_json(idea: ParticipantIdea) -> dict:
    """An idea in a participant's list."""
    return {"id": idea.id, "text": idea.text, "mine": idea.mine, "voted": idea.voted}


def staff_idea_json(idea: StaffIdea) -> dict:
    """An idea in a facilitator's list."""
    return {
        "id": idea.id,
        "text": idea.text,
        "status": idea.status,
        "votes": idea.votes,
        "created_at": idea.created_at.isoformat(timespec="minutes") + "Z",
    }


def cluster_json(column: ClusterColumn) -> dict:
    """A theme of a clustering run."""
    return {
        "id": column.id,
        "label": column.label,
        "keywords": column.keywords,
        "protocol_stage": column.protocol_stage,
        "idea_ids": [card.id for card in column.ideas],
        "pinned": column.pinned,
        "is_other": column.is_other,
    }


def run_json(run: ClusterRun) -> dict:
    """A clustering run with its themes and the near-duplicates it found."""
    columns, pairs = board(run) if run.status == "done" else ([], [])
    return {
        "run_id": run.id,
        "status": run.status,
        "progress": run.progress,
        "error": run.error,
        "backend": run.backend,
        "requested_k": run.requested_k,
        "k": run.k,
        "idea_count": run.idea_count,
        "created_at": run.created_at.isoformat(timespec="minutes") + "Z",
        "clusters": [cluster_json(column) for column in columns],
        "near_duplicates": [
            {"idea_ids": [pair.first.id, pair.second.id], "similarity": pair.similarity}
            for pair in pairs
        ],
    }


def standard_json(item: ScoredStandard) -> dict:
    """A candidate standard with its score."""
    standard = item.standard
    return {
        "id": standard.id,
        "session_id": standard.session_id,
        "title": standard.title,
        "statement": standard.statement,
        "protocol_stage": standard.protocol_stage,
        "status": standard.status,
        "idea_ids": [idea.id for idea in standard.ideas],
        "votes": item.votes,
        "supporters": item.supporters,
        "score": item.score,
        "source_cluster_id": standard.source_cluster_id,
    }
