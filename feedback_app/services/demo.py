"""Load the demo organisation: levels, staff, three sessions, ideas and votes (idempotent)."""

import random
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from feedback_app.clock import floor_to_minute, utc_now
from feedback_app.extensions import db
from feedback_app.models import BrainstormSession, Idea, Level, Participant, User, Vote
from feedback_app.services.accounts import find_user_by_email
from feedback_app.services.demo_content import DEMO_PASSWORD_FILE, DEMO_SESSIONS, DEMO_USERS
from feedback_app.services.levels import list_levels, seed_default_levels
from feedback_app.services.participation import hash_token
from feedback_app.services.passwords import hash_password
from feedback_app.services.sessions import insert_with_unique_code

VOTE_SEED = 2026


@dataclass
class DemoReport:
    """What the demo loader did, and how to log in."""

    created_users: list[str] = field(default_factory=list)
    created_sessions: list[str] = field(default_factory=list)
    logins: dict[str, str] = field(default_factory=dict)
    skipped: bool = False

    def summary(self) -> str:
        """Human-readable report for the command line."""
        if self.skipped:
            return "Database already has sessions; demo not loaded."
        lines = [
            f"Demo: {len(self.created_users)} staff accounts and "
            f"{len(self.created_sessions)} sessions created (existing ones kept)."
        ]
        if self.logins:
            lines.append("Log in with:")
            lines += [f"  {email}  password: {password}" for email, password in self.logins.items()]
        return "\n".join(lines)


def _read_logins(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    pairs = (line.split(None, 1) for line in path.read_text().splitlines() if line.strip())
    return {email: password.strip() for email, password in pairs}


def _ensure_users(instance_path: str, report: DemoReport) -> User:
    """Create the demo staff with generated passwords kept in instance/ (never in the repo)."""
    path = Path(instance_path) / DEMO_PASSWORD_FILE
    logins = _read_logins(path)
    for email, role in DEMO_USERS:
        if find_user_by_email(email) is None:
            logins[email] = secrets.token_urlsafe(9)
            db.session.add(User(email=email, role=role, password_hash=hash_password(logins[email])))
            report.created_users.append(email)
    db.session.commit()
    if report.created_users:
        path.write_text("".join(f"{email} {password}\n" for email, password in logins.items()))
        path.chmod(0o600)
    report.logins = {email: logins[email] for email, _ in DEMO_USERS if email in logins}
    return find_user_by_email("facilitator@example.com")


def _add_session(owner: User, spec, levels: dict[str, Level], rng: random.Random) -> None:
    title, prompt, level_name, phase, people, ideas = spec
    session = BrainstormSession(
        title=title,
        prompt=prompt,
        target_level=levels[level_name],
        contributing_levels=list(levels.values()),
        phase=phase,
        owner=owner,
        results_public=phase == "results",
        voting_mode="upvote",
    )
    insert_with_unique_code(session)
    level_list = list(levels.values())
    participants = [
        Participant(
            session_id=session.id,
            token_hash=hash_token(secrets.token_urlsafe(32)),
            level_id=rng.choice(level_list).id if rng.random() < 0.8 else None,
        )
        for _ in range(people)
    ]
    db.session.add_all(participants)
    db.session.flush()
    created = floor_to_minute(utc_now())
    rows = [
        Idea(
            session_id=session.id,
            participant_id=rng.choice(participants).id,
            text=text,
            status="visible",
            created_at=created,
        )
        for text in ideas
    ]
    db.session.add_all(rows)
    db.session.flush()
    if phase in ("voting", "results"):
        # Earlier ideas in the list are the popular ones, so the ranking tells a story.
        weights = [1.0 / (1 + index * 0.15) for index in range(len(rows))]
        for person in participants:
            chosen = {idea.id for idea in rng.choices(rows, weights=weights, k=5)}
            db.session.add_all(Vote(idea_id=i, participant_id=person.id, value=1) for i in chosen)
    db.session.commit()


def load_demo(instance_path: str, *, only_if_empty: bool = False) -> DemoReport:
    """Create whatever part of the demo is missing; running it twice changes nothing."""
    report = DemoReport()
    if only_if_empty and db.session.scalar(select(BrainstormSession.id).limit(1)) is not None:
        report.skipped = True
        return report
    seed_default_levels()
    levels = {level.name: level for level in list_levels()}
    owner = _ensure_users(instance_path, report)
    rng = random.Random(VOTE_SEED)
    for spec in DEMO_SESSIONS:
        exists = select(BrainstormSession.id).where(BrainstormSession.title == spec[0])
        if db.session.scalar(exists) is None and spec[2] in levels:
            _add_session(owner, spec, levels, rng)
            report.created_sessions.append(spec[0])
    return report
