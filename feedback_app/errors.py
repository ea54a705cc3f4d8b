"""Domain exceptions raised by services; the web and API faces map them to HTTP in one place."""


class DomainError(Exception):
    """Base of every error a user can cause; carries an HTTP status and a stable code."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, fields: dict[str, str] | None = None, code: str = ""):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        if code:
            self.code = code

    @property
    def headers(self) -> dict[str, str]:
        """Extra HTTP headers the answer carries (none by default)."""
        return {}


class ValidationFailed(DomainError):
    """Input broke a rule: 422 with the offending fields."""

    status = 422
    code = "validation_failed"


class Unauthorized(DomainError):
    """No valid credentials."""

    status = 401
    code = "unauthorized"


class Forbidden(DomainError):
    """Credentials are valid but the role or owner does not allow this."""

    status = 403
    code = "forbidden"


class NotFound(DomainError):
    """The thing does not exist, or the caller may not know that it does."""

    status = 404
    code = "not_found"


class Conflict(DomainError):
    """The request is valid but clashes with the current state."""

    status = 409
    code = "conflict"


class WrongPhase(Conflict):
    """The session's phase does not allow this action now."""

    code = "wrong_phase"


class TooManyAttempts(DomainError):
    """Too many attempts for now: 429, with the seconds to wait before trying again."""

    status = 429
    code = "too_many_requests"

    def __init__(self, message: str, *, retry_after: int, **kwargs):
        super().__init__(message, **kwargs)
        self.retry_after = retry_after

    @property
    def headers(self) -> dict[str, str]:
        """The Retry-After header that tells clients how long to wait."""
        return {"Retry-After": str(self.retry_after)}


class TooLarge(DomainError):
    """The request is larger than this operation accepts: 413."""

    status = 413
    code = "payload_too_large"


class WrongMediaType(DomainError):
    """The body is not in the format this operation reads: 415."""

    status = 415
    code = "unsupported_media_type"
