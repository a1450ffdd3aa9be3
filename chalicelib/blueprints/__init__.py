"""One Chalice blueprint per audience; app.py registers them all."""
