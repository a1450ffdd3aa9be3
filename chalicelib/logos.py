"""An organisation's logo (issue 28 item 4): a PNG or SVG upload, checked, kept in the export
bucket under ``logos/<organisation>`` (no lifecycle rule there) and served from our own origin.

A PNG must start with its signature and an IHDR chunk. An SVG is parsed and rebuilt from an
allow-list: the elements and attributes of static drawing only, so no script, no ``on*``
handler, no ``foreignObject``, no ``<style>`` (it can ``@import``), no link or ``url()`` to
anything but a fragment of the same file, no DOCTYPE or entity (billion laughs). Both are at
most ``MAX_BYTES``. Serving adds ``nosniff`` and, for SVG, a CSP that runs nothing even when the
file is opened on its own.
"""
import hashlib
import re
from dataclasses import dataclass

from chalicelib.errors import ValidationFailed

MAX_BYTES = 200 * 1024
PNG, SVG = "image/png", "image/svg+xml"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NS, XLINK_NS = "http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"
# served with every logo; an SVG also gets a CSP that runs nothing and loads nothing from elsewhere
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"

ELEMENTS = {
    "svg", "g", "defs", "title", "desc", "symbol", "use", "path", "rect", "circle", "ellipse", "line",
    "polyline", "polygon", "text", "tspan", "linearGradient", "radialGradient", "stop", "clipPath", "mask",
}
ATTRIBUTES = {
    "id", "class", "width", "height", "viewBox", "preserveAspectRatio", "x", "y", "x1", "y1", "x2", "y2",
    "cx", "cy", "r", "rx", "ry", "d", "points", "transform", "fill", "fill-opacity", "fill-rule", "stroke",
    "stroke-width", "stroke-opacity", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit",
    "stroke-dasharray", "stroke-dashoffset", "opacity", "clip-path", "clip-rule", "mask", "offset",
    "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "spreadMethod", "fx", "fy", "fr",
    "font-family", "font-size", "font-weight", "font-style", "text-anchor", "dominant-baseline",
    "letter-spacing", "dx", "dy", "role", "aria-label", "aria-hidden", "version", "href", "style",
    "clipPathUnits", "maskUnits", "maskContentUnits", "vector-effect", "display", "visibility", "color",
}
# in a value: a reference to anything but a fragment of this file, or CSS that loads or runs
_OUTSIDE = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import|expression\s*\(|javascript:|data:", re.IGNORECASE)


@dataclass(frozen=True)
class Logo:
    content_type: str
    body: bytes

    @property
    def version(self) -> str:
        """Changes with the content: the logo's URL carries it, so it can be cached for long."""
        return hashlib.sha256(self.body).hexdigest()[:12]


def check(data: bytes) -> Logo:
    """The logo to keep, from an uploaded file's bytes: a PNG as it is, an SVG rebuilt from its
    allowed parts. Raises ValidationFailed(``{"logo": key}``): ``required``, ``logo_too_big``,
    ``logo_type`` (neither), ``logo_unsafe`` (an SVG with a DOCTYPE or entities)."""
    if not data:
        raise ValidationFailed({"logo": "required"})
    if len(data) > MAX_BYTES:
        raise ValidationFailed({"logo": "logo_too_big"})
    if data.startswith(PNG_SIGNATURE):
        if data[12:16] != b"IHDR":
            raise ValidationFailed({"logo": "logo_type"})
        return Logo(PNG, data)
    return Logo(SVG, sanitise_svg(data))


def sanitise_svg(data: bytes) -> bytes:
    """The SVG rebuilt with only the allowed elements and attributes (see the module). Raises
    ValidationFailed: ``logo_unsafe`` for a DOCTYPE or entity, ``logo_type`` when it is no SVG."""
    import xml.etree.ElementTree as ET  # nosec B405  # deferred: only an upload parses; no DOCTYPE gets this far
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationFailed({"logo": "logo_type"}) from None
    if re.search(r"<!DOCTYPE|<!ENTITY", text, re.IGNORECASE):
        raise ValidationFailed({"logo": "logo_unsafe"})
    try:
        root = ET.fromstring(text)  # nosec B314  # no DOCTYPE, so no entity can expand
    except ET.ParseError:
        raise ValidationFailed({"logo": "logo_type"}) from None
    if _local(root.tag) != "svg" or _namespace(root.tag) not in ("", SVG_NS):
        raise ValidationFailed({"logo": "logo_type"})
    ET.register_namespace("", SVG_NS)
    try:
        clean = _copy(root)
    except RecursionError:      # nested deeper than any logo is
        raise ValidationFailed({"logo": "logo_type"}) from None
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(clean, encoding="utf-8", xml_declaration=False)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _namespace(name: str) -> str:
    return name[1:].split("}", 1)[0] if name.startswith("{") else ""


def _copy(element):
    """An allowed element, rebuilt in the SVG namespace with its allowed attributes and children."""
    import xml.etree.ElementTree as ET  # nosec B405  # builds, parses nothing
    copy = ET.Element(f"{{{SVG_NS}}}{_local(element.tag)}")
    for name, value in element.attrib.items():
        local, namespace = _local(name), _namespace(name)
        if namespace not in ("", XLINK_NS) or (namespace == XLINK_NS and local != "href"):
            continue
        if local not in ATTRIBUTES or local.lower().startswith("on") or _OUTSIDE.search(value):
            continue
        if local == "href" and not value.strip().startswith("#"):
            continue
        copy.set(local, value)
    copy.text = element.text
    for child in element:
        if isinstance(child.tag, str) and _namespace(child.tag) in ("", SVG_NS) and _local(child.tag) in ELEMENTS:
            kept = _copy(child)
            kept.tail = child.tail
            copy.append(kept)
    return copy



# ---------------------------------------------------------------- the bucket

def _key(org_id: str) -> str:
    return f"logos/{org_id}"


def put(org_id: str, logo: Logo) -> None:
    from chalicelib import aws
    from chalicelib.config import settings
    aws.s3().put_object(Bucket=settings().export_bucket, Key=_key(org_id), Body=logo.body,
                        ContentType=logo.content_type, ServerSideEncryption="AES256")


def get(org_id: str):
    """The stored logo, or None."""
    from botocore.exceptions import ClientError

    from chalicelib import aws
    from chalicelib.config import settings
    try:
        got = aws.s3().get_object(Bucket=settings().export_bucket, Key=_key(org_id))
    except ClientError as e:
        if e.response["Error"]["Code"] in ("NoSuchKey", "404"):
            return None
        raise
    return Logo(got["ContentType"], got["Body"].read())


def url(organisation: dict) -> str:
    """The logo's address on our origin (with its version, so it may be cached), or ""."""
    from chalicelib.config import settings
    logo = (organisation or {}).get("logo")
    if not logo:
        return ""
    return f"{settings().public_base_url}/organisations/{organisation['id']}/logo?v={logo['version']}"
