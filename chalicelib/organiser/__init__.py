"""The organiser web: the pages organisers click through, Dutch first (templates/organiser/).

One Chalice blueprint per part (``home``, ``editor``, ``overview``, ``keys``, ``operations``);
app.py registers them. ``views`` renders a page, ``event_form`` turns the editor's form into a
definition and back, ``listing`` reads the people list, ``embed`` makes the website snippets.
The Bearer API for automation is ``chalicelib.blueprints.organiser_api``.
"""
