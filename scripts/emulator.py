"""The embedded AWS emulator: moto's server, one request at a time.

moto is not thread-safe (concurrent transactions over-commit and lose writes), so
the WSGI app runs under a lock: each request is as atomic as DynamoDB's own
per-request guarantee, while many clients may connect at once.
"""
import json
import threading

from werkzeug.serving import WSGIRequestHandler, make_server


class _Quiet(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


def locked_moto_app():
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

    app = DomainDispatcherApplication(create_backend_app)
    lock = threading.Lock()

    def serialised(environ, start_response):
        with lock:
            body = app(environ, start_response)
            try:
                return [b"".join(body)]
            finally:
                if hasattr(body, "close"):
                    body.close()
    return serialised


# What SESv2 GetAccount answers in the emulator (moto 5.2 does not implement it); a test may
# change it. 14/s is the rate SES gives a new production account in eu-west-1.
SES_ACCOUNT = {"MaxSendRate": 14.0, "Max24HourSend": 50000.0}


def add_ses_get_account() -> None:
    """Teach moto's SESv2 ``GetAccount`` (the worker reads MaxSendRate from it)."""
    from moto.sesv2.responses import SESV2Response

    def get_account(response):
        return json.dumps({"SendQuota": {**SES_ACCOUNT, "SentLast24Hours": 0.0}, "SendingEnabled": True,
                           "ProductionAccessEnabled": True, "EnforcementStatus": "HEALTHY"})
    SESV2Response.get_account = get_account
    from moto.sesv2 import urls     # the server's URL map must know the path too (built from url_paths)
    urls.url_paths.setdefault("{0}/v2/email/account$", SESV2Response.dispatch)


def start(host: str = "127.0.0.1", port: int = 0):
    """Serve the emulator in a daemon thread; returns ``(server, url)``. ``port=0`` picks a free one."""
    add_ses_get_account()
    server = make_server(host, port, locked_moto_app(), threaded=True, request_handler=_Quiet)
    thread = threading.Thread(target=server.serve_forever, name="moto", daemon=True)
    thread.start()
    return server, f"http://{host}:{server.server_port}"
