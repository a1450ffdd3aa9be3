"""Domain exceptions. They carry a machine code; app.py maps them to HTTP."""


class DomainError(Exception):
    code = "error"

    def __init__(self, message: str = "", **details):
        super().__init__(message or self.code)
        self.details = details


class EventNotFound(DomainError):
    code = "event_not_found"


class RegistrationNotFound(DomainError):
    code = "registration_not_found"


class ValidationFailed(DomainError):
    """``fields`` maps a field name to a message key (see chalicelib.messages)."""

    code = "validation_failed"

    def __init__(self, fields: dict):
        super().__init__("validation failed")
        self.fields = fields


class EventFull(DomainError):
    code = "event_full"


class RegistrationClosed(DomainError):
    code = "registration_closed"


class RegistrationCancelled(DomainError):
    """An action (confirm) on a registration that was cancelled."""

    code = "registration_cancelled"


class RateLimited(DomainError):
    code = "rate_limited"

    def __init__(self, retry_after: int):
        super().__init__("rate limited")
        self.retry_after = retry_after


class InvalidToken(DomainError):
    code = "invalid_token"


class SecretUnavailable(DomainError):
    """The token secret is missing or unreadable: nothing signed can be made or checked (503)."""

    code = "service_unavailable"


class Conflict(DomainError):
    """An optimistic write lost a race; the caller may retry."""

    code = "conflict"


class NotFound(DomainError):
    code = "not_found"
