"""Domain exceptions. They carry a machine code and know nothing of HTTP; chalicelib.http maps
each code to its status (``http.STATUS``) and chalicelib.http.routing turns them into answers."""


class DomainError(Exception):
    code = "error"

    def __init__(self, message: str = "", **details):
        super().__init__(message or self.code)
        self.details = details

    @property
    def message_key(self) -> str:
        """Which sentence of chalicelib.error_copy says it: the code's, unless a case has its own."""
        return self.code


class EventNotFound(DomainError):
    code = "event_not_found"


class RegistrationNotFound(DomainError):
    code = "registration_not_found"


class ValidationFailed(DomainError):
    """``fields`` maps a field name to a message key (see chalicelib.error_copy)."""

    code = "validation_failed"

    def __init__(self, fields: dict):
        super().__init__("validation failed")
        self.fields = fields


class SessionFull(ValidationFailed):
    """A chosen session (or a hybrid event's attendance) is full and has no waiting list: 409,
    naming the field it was chosen in (``sessions``, ``session_<round id>`` or ``attendance``)."""

    code = "session_full"

    def __init__(self, fields: dict):
        super().__init__(fields)
        self.code = "session_full"


class EventFull(DomainError):
    code = "event_full"


class RegistrationClosed(DomainError):
    code = "registration_closed"


class HoldLapsed(RegistrationClosed):
    """Confirming a double opt-in registration whose hold ran out: closed, said plainly."""

    message_key = "hold_lapsed"


class InvitationRequired(DomainError):
    """A signup for an invitation-only event without its genuine invitation code."""

    code = "invitation_required"


class RegistrationCancelled(DomainError):
    """An action (confirm) on a registration that was cancelled."""

    code = "registration_cancelled"


class RateLimited(DomainError):
    code = "rate_limited"

    def __init__(self, retry_after: int):
        super().__init__("rate limited")
        self.retry_after = retry_after


class MessageCapReached(RateLimited):
    """The event's organiser messages of today reached its ``messages_per_day`` (429 until midnight UTC)."""

    message_key = "messages_per_day"
    say_wait = False        # the sentence says when: tomorrow, not "wait 600 minutes"

    def __init__(self, cap: int, retry_after: int):
        super().__init__(retry_after)
        self.values = {"n": cap}


class InvalidToken(DomainError):
    code = "invalid_token"


class SecretUnavailable(DomainError):
    """The token secret is missing or unreadable: nothing signed can be made or checked (503)."""

    code = "service_unavailable"


class Conflict(DomainError):
    """An optimistic write lost a race; the caller may retry."""

    code = "conflict"


class AlreadyRegistered(DomainError):
    """An organiser adds an address that is already registered for the event."""

    code = "already_registered"


class EventExists(DomainError):
    """A copy's new id is the id of an existing event."""

    code = "event_exists"


class NotFound(DomainError):
    code = "not_found"
