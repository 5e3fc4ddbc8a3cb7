"""How serious a finding is; front ends map it to colour (callouts, anomalies)."""

from enum import StrEnum


class Severity(StrEnum):
    DANGER = "danger"
    """Money or a user's item is at stake: do not grant, do not consume, stop and look."""
    WARNING = "warning"
    """Something disagrees or failed in a way a person must check."""
    INFO = "info"
    """Worth knowing; nothing is wrong."""
