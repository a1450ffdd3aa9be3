"""Settings, read once from the environment into a frozen dataclass."""
import functools
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    table_name: str
    public_base_url: str
    sender_email: str
    ses_configuration_set: str
    token_secret: str
    token_secret_param: str
    export_bucket: str
    export_inline_limit_bytes: int
    export_sync_seconds: float
    event_cache_seconds: float
    rate_limit_per_minute: int
    failure_limit_per_minute: int
    mailbox_limit_per_hour: int
    event_limit_per_minute: int
    hold_hours: float
    reminder_hours: float
    retention_days: int
    resend_interval_seconds: int
    max_send_attempts: int
    suppression_days: int
    organiser_token_days: int
    login_mails_per_hour: int
    webhook_allow_local: bool


@functools.lru_cache(maxsize=1)
def settings() -> Settings:
    env = os.environ.get
    return Settings(
        table_name=env("TABLE_NAME", "signups"),
        public_base_url=env("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/"),
        sender_email=env("SENDER_EMAIL", "aanmelden@example.org"),
        ses_configuration_set=env("SES_CONFIGURATION_SET", ""),
        token_secret=env("TOKEN_SECRET", ""),
        token_secret_param=env("TOKEN_SECRET_PARAM", ""),
        export_bucket=env("EXPORT_BUCKET", ""),
        # an export bigger than this (as the Lambda response carries it) goes to S3 instead
        export_inline_limit_bytes=int(env("EXPORT_INLINE_LIMIT_BYTES", "5500000")),
        # a CSV/XLSX export estimated to take longer than this is a job (chalicelib.export_jobs.needs_job);
        # API Gateway ends a request at 29 seconds
        export_sync_seconds=float(env("EXPORT_SYNC_SECONDS", "20")),
        event_cache_seconds=float(env("EVENT_CACHE_SECONDS", "5")),
        # signup attempts per client (an IPv4 address or an IPv6 /64) per minute: room for a
        # newsletter's readers behind one office address (SECURITY.md, "Limits")
        rate_limit_per_minute=int(env("RATE_LIMIT_PER_MINUTE", "120")),
        # of those, attempts that fail before a signup (invalid, unreadable, closed, unknown event)
        failure_limit_per_minute=int(env("FAILURE_LIMIT_PER_MINUTE", "20")),
        # signups (new or repeated) per mailbox per hour, over all events; plus-addressing folded
        mailbox_limit_per_hour=int(env("MAILBOX_LIMIT_PER_HOUR", "5")),
        # new registrations per event per minute: a burst of made-up addresses cannot fill an event
        event_limit_per_minute=int(env("EVENT_LIMIT_PER_MINUTE", "10000")),
        hold_hours=float(env("HOLD_HOURS", "48")),
        reminder_hours=float(env("REMINDER_HOURS", "24")),
        retention_days=int(env("RETENTION_DAYS", "30")),
        resend_interval_seconds=int(env("RESEND_INTERVAL_SECONDS", "3600")),
        max_send_attempts=int(env("MAX_SEND_ATTEMPTS", "5")),
        # how long a bounced or complaining address stays on the suppression list
        suppression_days=int(env("SUPPRESSION_DAYS", "365")),
        # the lifetime of an organiser token minted without an explicit expiry
        organiser_token_days=int(env("ORGANISER_TOKEN_DAYS", "90")),
        login_mails_per_hour=int(env("LOGIN_MAILS_PER_HOUR", "5")),
        # make dev and the tests: a webhook may go to http://127.0.0.1 (never in a deployed stage)
        webhook_allow_local=env("WEBHOOK_ALLOW_LOCAL", "") == "1",
    )
