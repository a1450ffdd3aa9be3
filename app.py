"""The signup service: one Chalice app composed of a blueprint per audience."""
from chalice import Chalice

from chalicelib import logs
from chalicelib.blueprints import attendee, organiser, organiser_api, organiser_dashboard, public, workers
from chalicelib.http import routing

app = Chalice(app_name="signups")
app.api.binary_types.append("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

for blueprint in (public.bp, attendee.bp, organiser_api.bp, organiser.bp, organiser_dashboard.bp, workers.bp):
    app.register_blueprint(blueprint)
app.register_middleware(routing.contract_errors, "http")

# the handlers a test or the local pump calls by name
expire_holds, send_reminders = workers.expire_holds, workers.send_reminders
email_worker, ses_feedback = workers.email_worker, workers.ses_feedback


@app.middleware("http")
def bind_log_context(request, get_response):
    """Every log line of a request carries its request id and event id (chalicelib.logs)."""
    lambda_context = getattr(request, "lambda_context", None)
    logs.bind(request_id=(request.context or {}).get("requestId") or getattr(lambda_context, "aws_request_id", None),
              event_id=(request.uri_params or {}).get("event_id"))
    return get_response(request)
