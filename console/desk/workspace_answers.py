"""What two of the workspace's operations answer: a lookup in every other environment
(`Workspace.lookup_elsewhere`) and a key stored in the keyring (`Workspace.store_key`).
Loaded when one of them first runs, so that a `verify` in one environment never defines them;
workspace.py names them too."""

from __future__ import annotations

from dataclasses import dataclass

from console.settings.environments import Environment

from .outcomes import LookupOutcome


@dataclass(frozen=True)
class Elsewhere:
    """A token looked up in another environment, or why it was not."""

    environment: Environment
    outcome: LookupOutcome | None
    skipped: str | None = None

    @property
    def found(self) -> bool:
        return self.outcome is not None and self.outcome.ok


@dataclass(frozen=True)
class StoredKey:
    """What storing a key did, for a front end to say; never the key itself."""

    environment: str
    masked: str
    """`••••1a2b`."""
    backend: str
    """The keyring in words."""
    shadowed_by: str | None
    """The variable that is set and wins over the keyring, if any: the stored key is not used
    while it is set."""
