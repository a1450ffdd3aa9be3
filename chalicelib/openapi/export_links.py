"""A big export's signed link (no Bearer token: the link is the capability)."""
from chalicelib.openapi.parts import LOCATION, UNAVAILABLE, error_or_page, header, json_answer

EXPORT_JOB = {"type": "object", "required": ["job_id", "event_id", "status"], "properties": {
    "job_id": {"type": "string"}, "event_id": {"type": "string"},
    "status": {"type": "string", "enum": ["queued", "running", "done", "failed"]},
    "status_url": {"type": "string"}, "rows": {"type": "integer"}, "size": {"type": "integer"},
    "download_url": {"type": "string"}}}

ACCEPTED = json_answer(EXPORT_JOB, "A CSV/XLSX export estimated to take over EXPORT_SYNC_SECONDS: "
                                   "a job; `status_url` (and `Location`) is its link, also mailed to the organiser.",
                       {**LOCATION, "Retry-After": header("Seconds before the file may be ready.")})

PATHS = {
    "/exports/{token}": {"get": {
        "summary": "A big export's link (signed, valid 24 hours)",
        "description": "While the export worker writes the file: `202` with its state. Then `303` to a fresh "
                       "presigned S3 URL (a client asking for JSON gets `download_url` instead).",
        "parameters": [{"name": "token", "in": "path", "required": True, "schema": {"type": "string"}}],
        "responses": {
            "200": json_answer(EXPORT_JOB, "Done (`download_url`, for JSON clients) or failed."),
            "202": json_answer(EXPORT_JOB, "Queued or running.", {"Retry-After": header("Seconds to wait.")}),
            "303": {"description": "Done: the file's presigned URL.", "headers": LOCATION},
            "404": error_or_page("`invalid_token`: a forged, unknown or expired link."), **UNAVAILABLE}}},
}
