"""Helpers for tests of the organiser pages: read a page's form as a browser would submit it."""
from html.parser import HTMLParser
from urllib.parse import urlencode

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class _FormReader(HTMLParser):
    """The successful controls of ``<form id=form_id>``: what a browser sends, buttons left out."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, {}
        self._textarea = self._select = None
        self._options = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or "disabled" in a:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields[a["name"]] = a.get("value", "on")
            elif kind not in ("submit", "button", "image", "reset"):
                self.fields[a["name"]] = a.get("value", "")
        elif tag == "textarea":
            self._textarea, self.fields[a["name"]] = a["name"], ""
        elif tag == "select":
            self._select, self._options = a["name"], []
        elif tag == "option" and self._select:
            self._options.append([a.get("value"), "selected" in a, ""])

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data
        elif self._select and self._options and self._options[-1][0] is None:
            self._options[-1][2] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea:
            self.fields[self._textarea] = self.fields[self._textarea].replace("\n", "\r\n")   # as browsers send it
            self._textarea = None
        elif tag == "select" and self._select:
            chosen = [o for o in self._options if o[1]] or self._options[:1]
            if chosen:
                self.fields[self._select] = chosen[0][0] if chosen[0][0] is not None else chosen[0][2]
            self._select = None


def form_fields(html: str, form_id: str = "event-form") -> dict:
    reader = _FormReader(form_id)
    reader.feed(html)
    return reader.fields


def post_form(client, path, fields, cookie, **extra):
    """POST ``fields`` (and ``extra``) as a browser would, with the session cookie."""
    body = urlencode({**fields, **extra})
    return client.http.post(path, body=body, headers={**FORM, "Cookie": cookie})
