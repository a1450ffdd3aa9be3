"""The signup service's code. Only chalicelib.http and the blueprints know HTTP (docs/architecture.md)."""
