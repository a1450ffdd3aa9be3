"""The signup service's domain code. Only app.py knows HTTP."""
