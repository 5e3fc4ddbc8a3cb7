"""nowgg-console: a terminal operations console for the now.gg Payments server API."""

__version__ = "0.1.0"
