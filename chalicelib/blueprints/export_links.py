"""Signed links to exports too big for one answer (chalicelib.export_jobs): no Bearer token,
the link itself is the capability, as a presigned URL is; the organiser gets it by mail."""
from chalice import Blueprint, Response

from chalicelib import http
from chalicelib.http.routing import now, routes

bp = Blueprint(__name__)
route = routes(bp)


@route("/exports/{token}", methods=["GET"])
def export_job(token):
    """The job's state while it is written, then the file: 303 to a fresh presigned URL
    (JSON clients get the URL). A tampered, unknown or expired link: 404."""
    from chalicelib import export_jobs
    at = now()
    job = export_jobs.open_link(token, at)
    body = {"job_id": job.id, "event_id": job.event_id, "status": job.state, "rows": job.rows}
    if job.state == export_jobs.DONE:
        url = export_jobs.download_url(job, at)
        if http.accepts_json(bp.current_request):
            return http.json_response({**body, "size": job.size, "download_url": url})
        return Response(body="", status_code=303, headers={"Location": url})
    if job.state == export_jobs.FAILED:
        return http.json_response(body)
    return http.json_response(body, 202, {"Retry-After": "5"})
