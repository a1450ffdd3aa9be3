"""One Chalice blueprint per audience (the organiser web pages are chalicelib.organiser); app.py registers them all."""
