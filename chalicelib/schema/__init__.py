"""What is declared once: registration attributes and event settings; the rest derives."""
