"""The edges of the organiser's guards (chalicelib/http/access.py) an organiser notices: a logo
upload (a ``multipart/form-data`` post) carries its CSRF token as a form field, as every other
form does, and a script's ``X-CSRF-Token`` header counts first whatever the body holds."""
import pytest

from chalicelib.http import HttpError, access, sessions
from test_organiser_guards import MEMBER, NOW, SID, Request, session  # noqa: F401 - the fixture

BOUNDARY = "----logo"
UPLOAD = f"multipart/form-data; boundary={BOUNDARY}"


def _upload(csrf=None) -> bytes:
    """A logo form's body: its CSRF field (when given) and the picture."""
    parts = []
    if csrf is not None:
        parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{csrf}\r\n'.encode())
    parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="logo"; filename="logo.png"\r\n'
                 "Content-Type: image/png\r\n\r\n".encode() + b"\x89PNG\r\n\x1a\n" + b"\r\n")
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def test_an_upload_with_the_token_in_its_form_is_accepted(session):
    request = Request(headers={"Content-Type": UPLOAD}, body=_upload(sessions.csrf_token(SID)))
    assert access.caller_of(request, NOW).email == MEMBER


@pytest.mark.parametrize("csrf", [None, "forged"])
def test_an_upload_without_the_right_token_is_refused(session, csrf):
    with pytest.raises(HttpError) as refused:
        access.caller_of(Request(headers={"Content-Type": UPLOAD}, body=_upload(csrf)), NOW)
    assert refused.value.code == "forbidden"


@pytest.mark.parametrize("csrf", [None, "forged"])
def test_the_header_counts_first_in_an_upload_too(session, csrf):
    request = Request(headers={"Content-Type": UPLOAD, "X-CSRF-Token": sessions.csrf_token(SID)}, body=_upload(csrf))
    assert access.caller_of(request, NOW).email == MEMBER
