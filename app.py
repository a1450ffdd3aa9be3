"""The signup service: one Chalice app composed of a blueprint per audience."""
import os

from chalicelib import startup

startup.importing()   # the collector's cold-start settings, as in every handler module (chalicelib.startup)

from chalice import Chalice

from chalicelib import logs, tokens
from chalicelib.blueprints import attendee, export_links, organiser_api, participants, public, webhook_api, workers
from chalicelib.http import routing
from chalicelib.organiser import (buddies, editor, ending, home, keys, log, operations, organisation, overview,
                                  printing, programme_page, team, webhook_pages)


app = Chalice(app_name="signups")
if os.environ.get("AWS_LAMBDA_FUNCTION_NAME") or os.environ.get("TOKEN_SECRET"):   # in Lambda, or local; not `chalice package`
    tokens.check()  # cold start: a missing token secret is logged (CRITICAL) now, not at the first link
app.api.binary_types.extend(["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                             "image/png", "multipart/form-data",     # the logo: served, uploaded
                             "application/pdf"])     # the proof of attendance (chalicelib.proof)

for blueprint in (public.bp, attendee.bp, participants.bp, organiser_api.bp, home.bp, editor.bp, keys.bp, overview.bp,
                  operations.bp, buddies.bp, ending.bp, team.bp, log.bp, organisation.bp, printing.bp, programme_page.bp,
                  webhook_pages.bp, webhook_api.bp, export_links.bp, workers.bp):
    app.register_blueprint(blueprint)
app.register_middleware(routing.contract_errors, "http")

startup.imported()

# the handlers a test or the local pump calls by name
expire_holds, send_reminders, send_digests = workers.expire_holds, workers.send_reminders, workers.send_digests
email_worker, ses_feedback = workers.email_worker, workers.ses_feedback
export_worker = workers.export_worker


@app.middleware("http")
def bind_log_context(request, get_response):
    """Every log line of a request carries its request id and event id (chalicelib.logs)."""
    lambda_context = getattr(request, "lambda_context", None)
    logs.bind(request_id=(request.context or {}).get("requestId") or getattr(lambda_context, "aws_request_id", None),
              event_id=(request.uri_params or {}).get("event_id"))
    return get_response(request)
