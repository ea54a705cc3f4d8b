"""Absolute URLs that leave the app (join links printed on QR codes)."""

from flask import current_app, url_for


def join_url(join_code: str) -> str:
    """Public link that opens the join page with the code filled in."""
    base = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/")
    if base:
        return base + url_for("participate.join_by_code", code=join_code)
    return url_for("participate.join_by_code", code=join_code, _external=True)


def join_page_url() -> str:
    """Public link of the page where people type a join code."""
    base = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/")
    if base:
        return base + url_for("participate.join")
    return url_for("participate.join", _external=True)


def team_url(token: str) -> str:
    """Public link of a team's page (it carries the team's secret token)."""
    base = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/")
    if base:
        return base + url_for("team_page.page", token=token)
    return url_for("team_page.page", token=token, _external=True)


def survey_url(code: str) -> str:
    """Public short link of a survey's answer page (printed on receipts and QR codes)."""
    base = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/")
    if base:
        return base + url_for("customer_surveys.answer", code=code)
    return url_for("customer_surveys.answer", code=code, _external=True)
