"""The main screen's flows, one job per module. The screen composes the widgets and routes
keys and messages here; a flow drives the widgets and goes through the desk for everything an
operation does (DESIGN.md: logic in the layers below, one job per file).

A flow never holds the screen: it is given a `FlowHost` (host.py), the few widgets, services
and cross-flow requests it may use, which the main screen provides. Requests run as the
*screen's* workers (`workers.py`), so Escape cancels every lookup in one place and a worker's
failure is reported by the screen, whichever flow started it.
"""
