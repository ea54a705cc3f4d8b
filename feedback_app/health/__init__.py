"""Health and readiness probes for load balancers and process managers: /healthz, /readyz."""

from feedback_app.health.views import bp

__all__ = ["bp"]
