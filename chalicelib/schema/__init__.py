"""What is declared once and derived everywhere else: the event settings (``settings``)."""
