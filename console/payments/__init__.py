"""A typed client of the now.gg Payments server API.

This package knows nothing of settings, history or screens (DESIGN.md): it turns a purchase
query into an HTTP request, and a reply into frozen objects or a typed error.
"""
