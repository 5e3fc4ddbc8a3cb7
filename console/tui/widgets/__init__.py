"""Self-contained widgets the main screen composes: one widget per file."""
