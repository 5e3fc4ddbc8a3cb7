"""The confirmation of an acknowledge: the one plan dialog (confirm_consume.py) in the
acknowledge dialog's own key scope, so its keys are listed and remapped as its own."""

from __future__ import annotations

from typing import ClassVar

from console.tui.keys.bindings import scope_bindings
from console.tui.keys.scopes import ACKNOWLEDGE_CONFIRM, Scope

from .confirm_consume import PlanConfirmation


class ConfirmAcknowledge(PlanConfirmation):
    BINDINGS = scope_bindings(ACKNOWLEDGE_CONFIRM)  # type: ignore[assignment]
    KEY_SCOPE: ClassVar[Scope] = ACKNOWLEDGE_CONFIRM
