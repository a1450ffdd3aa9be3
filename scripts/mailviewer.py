"""The local mail viewer: every mail the service sent through the emulator's SES.

``GET /``                           a page per message, newest first: HTML, text, attachments
``GET /messages.json``              ``[{"to": [...], "subject": ..., "raw": <MIME>}, ...]``, oldest first
``GET /messages/<n>/raw``           message n (0 = oldest) as sent
``GET /messages/<n>/parts/<i>``     its i-th attachment (the invite.ics), with its own type

The messages come from moto's SES backend in this process (the emulator runs in
the ``make dev`` process): SESv2 Raw sends land there with their whole MIME.
"""
import html
import json
import os
import re
import threading
from email import message_from_string, policy
from email.utils import getaddresses
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def moto_messages() -> list:
    """``{"to", "subject", "raw"}`` per raw message sent through the in-process emulator, oldest first."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    region = os.environ.get("AWS_DEFAULT_REGION", "eu-west-1")
    sent = list(ses_backends[DEFAULT_ACCOUNT_ID][region].sent_messages)
    # moto lists each recipient twice: as given, and as parsed from the To header
    return [{"to": list(dict.fromkeys(addr for _, addr in getaddresses(m.destinations))),
             "subject": str(_parse(m.raw_data)["Subject"] or ""), "raw": m.raw_data}
            for m in sent if getattr(m, "raw_data", None)]  # the service sends only Raw MIME


class MailViewer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, source=moto_messages, host: str = "127.0.0.1"):
        super().__init__((host, port), _Handler)
        self.source = source
        self.url = f"http://{host}:{self.server_port}"

    def start(self) -> "MailViewer":
        threading.Thread(target=self.serve_forever, name="mail-viewer", daemon=True).start()
        return self

    def shutdown(self) -> None:
        """Stop serving and free the port."""
        super().shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        messages = self.server.source()
        if self.path == "/messages.json":
            return self._answer(200, "application/json", json.dumps(messages, ensure_ascii=False))
        if self.path in ("/", "/index.html"):
            return self._answer(200, "text/html; charset=utf-8", page(messages))
        match = re.fullmatch(r"/messages/(\d+)/(raw|parts/(\d+))", self.path)
        if match and int(match[1]) < len(messages):
            mail = messages[int(match[1])]
            if match[2] == "raw":
                return self._answer(200, "text/plain; charset=utf-8", mail["raw"])
            parts = list(_parse(mail["raw"]).iter_attachments())
            if int(match[3]) < len(parts):
                part = parts[int(match[3])]
                return self._answer(200, part.get_content_type(), part.get_payload(decode=True),
                                    {"Content-Disposition": f'inline; filename="{part.get_filename()}"'})
        self._answer(404, "text/plain", "not found")

    def _answer(self, status, content_type, body, headers=None):
        body = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def page(messages: list) -> str:
    """The HTML listing, newest first; each mail's HTML in a sandboxed iframe."""
    cards = "\n".join(_card(n, m) for n, m in reversed(list(enumerate(messages))))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Local mail ({len(messages)})</title>
<style>body{{font-family:system-ui,sans-serif;margin:2rem;background:#f4f4f4}}
article{{background:#fff;padding:1rem 1.5rem;margin-bottom:2rem;border-radius:6px}}
iframe{{width:100%;height:28rem;border:1px solid #ccc}} pre{{white-space:pre-wrap;background:#fafafa;padding:1rem}}
</style></head><body><h1>Sent mail: {len(messages)}</h1>
{cards or "<p>No mail sent yet. Sign up, then reload.</p>"}
</body></html>"""


def _card(n: int, mail: dict) -> str:
    msg, e = _parse(mail["raw"]), html.escape
    body_html, body_text = msg.get_body(("html",)), msg.get_body(("plain",))
    parts = "".join(
        f'<li><a href="/messages/{n}/parts/{i}">{e(p.get_filename() or "attachment")}</a> '
        f"({e(p.get_content_type())})</li>" for i, p in enumerate(msg.iter_attachments()))
    return f"""<article><h2>{e(mail["subject"])}</h2>
<p>To: {e(", ".join(mail["to"]))} &middot; {e(str(msg["Date"] or ""))} &middot;
<a href="/messages/{n}/raw">raw MIME</a></p>
<iframe sandbox srcdoc="{e(body_html.get_content() if body_html else "")}"></iframe>
<h3>Text</h3><pre>{e(body_text.get_content() if body_text else "")}</pre>
<h3>Attachments</h3><ul>{parts or "<li>none</li>"}</ul></article>"""


def _parse(raw: str):
    return message_from_string(raw, policy=policy.default)
