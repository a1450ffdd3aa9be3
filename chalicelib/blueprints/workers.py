"""Functions without a URL: schedules, the stream's email worker, SES feedback.

This module is their Lambda handler module (``chalicelib.blueprints.workers.<name>`` in the
template): they do not import app.py, so it applies the same cold-start settings itself.
"""
from chalicelib import startup

startup.importing()

import os
from typing import TYPE_CHECKING

from chalice import Blueprint, Rate

from chalicelib import logs
from chalicelib.http.routing import now
from chalicelib.imports import lazy

if TYPE_CHECKING:   # for editors and grep; at run time each module loads when first used (chalicelib.imports)
    from chalicelib import signups
else:
    signups = lazy("chalicelib.signups")

bp = Blueprint(__name__)


@bp.schedule(Rate(5, unit=Rate.MINUTES))
def expire_holds(event):
    """Double opt-in: release seats whose confirmation did not come in time; webhook deliveries
    whose retry is due go out again (chalicelib.webhooks)."""
    from chalicelib import webhooks
    signups.expire_due(now())
    webhooks.retry_due(now())


@bp.schedule(Rate(15, unit=Rate.MINUTES))
def send_reminders(event):
    """One reminder per confirmed attendee, REMINDER_HOURS before the event; after it, one
    follow-up mail per confirmed attendee (chalicelib.after)."""
    from chalicelib import after
    signups.remind_due(now())
    after.request_due(now())


@bp.schedule(Rate(1, unit=Rate.HOURS))
def send_digests(event):
    """The organiser's daily mail about signups, for each event whose morning has come."""
    from chalicelib import digest
    digest.request_due(now())


# `chalice package` copies this ARN into the SAM template as a plain string: set
# TABLE_STREAM_ARN when packaging, or merge the table's StreamArn over it.
# 25 records hold about six signups (each also writes its counter, marker and rate
# items); at worst each mail waits out emails.send's backoff (~4 s), well inside
# the Lambda timeout.
STREAM_ARN = os.environ.get("TABLE_STREAM_ARN",
                            "arn:aws:dynamodb:eu-west-1:000000000000:table/signups/stream/placeholder")


@bp.on_dynamodb_record(
    stream_arn=STREAM_ARN,
    batch_size=25, starting_position="TRIM_HORIZON")
def email_worker(event):
    from chalicelib import outbox
    logs.bind(request_id=getattr(event.context, "aws_request_id", None))
    outbox.handle([record.to_dict() for record in event])


# Export jobs: a second reader of the same stream. .chalice/resources.json gives it the table's
# StreamArn, a filter (only INSERTs of JOB# items reach it), 15 minutes and more /tmp for XLSX.
@bp.on_dynamodb_record(
    stream_arn=STREAM_ARN,
    batch_size=1, starting_position="TRIM_HORIZON")
def export_worker(event):
    from chalicelib import export_runs
    logs.bind(request_id=getattr(event.context, "aws_request_id", None))
    for record in event:
        export_runs.handle_record(record.to_dict(), now())


# .chalice/resources.json points this subscription at the stack's own topic (the
# configuration set's bounce/complaint destination); the name here is for `chalice deploy`.
@bp.on_sns_message(topic="signups-ses-feedback")
def ses_feedback(event):
    from chalicelib import bounces
    bounces.handle(event.message, now())


startup.imported()
