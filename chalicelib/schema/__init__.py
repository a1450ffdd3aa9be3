"""What is declared once and derived everywhere else: registration attributes (``attributes``) and
event settings (``settings``, with ``kinds`` and ``inputs``)."""
