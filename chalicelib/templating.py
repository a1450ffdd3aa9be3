"""The one Jinja2 environment for pages and emails.

Autoescape is on for every HTML template, including ``*.html.j2`` (Jinja's
``select_autoescape`` only looks at the last suffix, so ``.j2`` is listed
explicitly for names ending in ``.html.j2``). ``StrictUndefined`` makes a
missing variable an error instead of an empty string.
"""
import functools
import os

TEMPLATE_DIRS = (
    # deployed: vendor/templates is shipped at the package root beside app.py
    os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "templates"),
)


def _autoescape(name):
    return name is not None and (name.endswith(".html.j2") or name.endswith(".html"))


@functools.lru_cache(maxsize=1)
def environment():
    import jinja2  # deferred: not on the signup path

    env = jinja2.Environment(  # nosec B701  # _autoescape escapes every HTML template (.html.j2)
        loader=jinja2.FileSystemLoader(TEMPLATE_DIRS),
        autoescape=_autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    return env


def render(name: str, **context) -> str:
    return environment().get_template(name).render(**context)
