"""Admins manage staff accounts and the organisation's levels."""

from feedback_app.admin.views import bp

__all__ = ["bp"]
