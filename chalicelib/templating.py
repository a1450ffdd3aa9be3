"""The one Jinja2 environment for pages and emails.

Autoescape is on for every HTML template, including ``*.html.j2`` (Jinja's
``select_autoescape`` only looks at the last suffix, so ``.j2`` is listed
explicitly for names ending in ``.html.j2``). ``StrictUndefined`` makes a
missing variable an error instead of an empty string. Every template has ``_`` and ``n_``
(``chalicelib.translations``: Dutch msgids, the English from the catalog) in its own
``locale`` variable, e.g. ``{{ n_("Nog {n} plek vrij.", "Nog {n} plekken vrij.", n) }}``.
"""
import functools
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEMPLATE_DIRS = (
    # deployed: vendor/templates is shipped at the package root beside app.py
    os.path.join(ROOT, "templates"),
)
# Only in the deployment package: every template compiled to Python by `make package`
# (scripts/slim_package.py), so a cold start does not lex, parse and compile them again.
COMPILED_DIR = os.path.join(ROOT, "templates_compiled")


def _autoescape(name):
    return name is not None and (name.endswith(".html.j2") or name.endswith(".html"))


@functools.lru_cache(maxsize=1)
def environment():
    import jinja2  # deferred: not on the signup path

    loader = jinja2.FileSystemLoader(TEMPLATE_DIRS)
    if os.path.isdir(COMPILED_DIR):
        loader = jinja2.ChoiceLoader([jinja2.ModuleLoader(COMPILED_DIR), loader])
    env = jinja2.Environment(  # nosec B701  # _autoescape escapes every HTML template (.html.j2)
        loader=loader,
        autoescape=_autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.globals["asset_url"] = asset_url
    env.globals["frame_script"] = frame_script
    env.globals["_"], env.globals["n_"] = _translators(jinja2.pass_context)
    return env


def _translators(pass_context):
    """``_`` and ``n_`` into the rendering template's ``locale`` (Dutch without one)."""
    from chalicelib import translations

    @pass_context
    def gettext(context, message, **values):
        return translations.gettext(context.get("locale", "nl"))(message, **values)

    @pass_context
    def ngettext(context, singular, plural, n, **values):
        return translations.ngettext(context.get("locale", "nl"))(singular, plural, n, **values)
    return gettext, ngettext


STYLESHEET = os.path.join(TEMPLATE_DIRS[0], "static", "site.css")


@functools.lru_cache(maxsize=1)
def stylesheet() -> tuple:
    """``(css, version)``: the one stylesheet of every page, and a hash that names this copy."""
    import hashlib
    with open(STYLESHEET, encoding="utf-8") as f:
        css = f.read()
    return css, hashlib.sha256(css.encode()).hexdigest()[:10]


def asset_url() -> str:
    """The stylesheet's absolute URL (pages are framed on other sites), versioned for caching."""
    from chalicelib.config import settings
    return f"{settings().public_base_url}/assets/site.css?v={stylesheet()[1]}"


FRAME_SCRIPT = os.path.join(TEMPLATE_DIRS[0], "static", "frame-height.js")


@functools.lru_cache(maxsize=1)
def frame_script_source() -> tuple:
    """``(js, csp_source)``: the visitor pages' one inline script (it tells a framing page how tall
    the page is) and the ``'sha256-...'`` that lets exactly this script run under the CSP."""
    import base64
    import hashlib
    with open(FRAME_SCRIPT, encoding="utf-8") as f:
        js = f.read()
    return js, "'sha256-" + base64.b64encode(hashlib.sha256(js.encode()).digest()).decode() + "'"


def frame_script():
    from markupsafe import Markup
    return Markup(frame_script_source()[0])  # nosec B704  # our own file, not input


def render(name: str, **context) -> str:
    return environment().get_template(name).render(**context)
