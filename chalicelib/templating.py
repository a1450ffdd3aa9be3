"""The one Jinja2 environment for pages and emails.

Autoescape is on for every HTML template, including ``*.html.j2`` (Jinja's
``select_autoescape`` only looks at the last suffix, so ``.j2`` is listed
explicitly for names ending in ``.html.j2``), and for the HTML part of a mail
(``render_mail``: one ``email/<kind>.j2`` file, compiled once as ``html:`` and once as
``text:``). ``StrictUndefined`` makes a missing variable an error instead of an empty string. Every template has ``_`` and ``n_``
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


# A mail template is one file for both MIME parts: ``html:email/<kind>.j2`` and ``text:email/<kind>.j2``
# load the same file, compiled once per part, escaped only in the HTML one (``render_mail``).
MAIL_PARTS = ("html", "text")


def _autoescape(name):
    """Every page's template (``pages/``, ``organiser/``: all HTML, macro files too, whatever their
    suffix) and every HTML one; only a mail's text part and plain-text files are not escaped."""
    return name is not None and (name.startswith(("html:", "pages/", "organiser/"))
                                 or name.endswith((".html.j2", ".html")))


def _mail_loader(jinja2, files):
    """``<part>:email/...`` names served from the ``email/`` files (see ``MAIL_PARTS``)."""
    class MailParts(jinja2.BaseLoader):
        def get_source(self, environment, name):
            part, colon, path = name.partition(":")
            if not colon or part not in MAIL_PARTS or not path.startswith("email/"):
                raise jinja2.TemplateNotFound(name)
            return files.get_source(environment, path)

        def list_templates(self):
            return [f"{part}:{name}" for name in files.list_templates() if name.startswith("email/")
                    for part in MAIL_PARTS]
    return MailParts()


def _environment_class(jinja2):
    class Environment(jinja2.Environment):
        def join_path(self, template, parent):
            """A mail part's extends, include and import load the same part of the named file."""
            part, colon, _ = parent.partition(":")
            if colon and part in MAIL_PARTS and ":" not in template:
                return f"{part}:{template}"
            return template
    return Environment


@functools.lru_cache(maxsize=1)
def environment():
    import jinja2  # deferred: not on the signup path

    files = jinja2.FileSystemLoader(TEMPLATE_DIRS)
    loader = jinja2.ChoiceLoader([_mail_loader(jinja2, files), files])
    if os.path.isdir(COMPILED_DIR):
        loader = jinja2.ChoiceLoader([jinja2.ModuleLoader(COMPILED_DIR), loader])
    env = _environment_class(jinja2)(  # nosec B701  # _autoescape escapes every HTML template (.html.j2)
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


def render_block(name: str, block: str, **context) -> str:
    """One block of a mail template (its ``subject``), as plain text on one line."""
    template = environment().get_template(f"text:{name}")
    rendered = "".join(template.blocks[block](template.new_context({"html": False, **context})))
    return " ".join(rendered.split())


def render_mail(name: str, **context) -> tuple:
    """``(text, html)`` of one mail template (``email/<kind>.j2``), rendered once per part with
    ``html`` false and true. The text part's paragraphs are one blank line apart."""
    import re
    text = render(f"text:{name}", html=False, **context)
    text = re.sub(r"\n(?:[ \t]*\n)+", "\n\n", text).strip("\n") + "\n"
    return text, render(f"html:{name}", html=True, **context)
