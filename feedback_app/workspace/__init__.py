"""Managers' results workspace: sessions across levels compared, proposals ranked, charts."""

from feedback_app.workspace.views import bp

__all__ = ["bp"]
