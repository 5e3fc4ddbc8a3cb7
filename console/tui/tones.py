"""How tones and severities look: theme variables, so every theme colours them its own way
and words always come with them (colour is never the only signal)."""

from __future__ import annotations

from typing import Final

from console.payments import Severity, Tone

TONE_STYLE: Final[dict[Tone, str]] = {
    Tone.GOOD: "$text-success",
    Tone.BAD: "bold $text-error",
    Tone.WARN: "$text-warning",
    Tone.NEUTRAL: "",
}

SEVERITY_STYLE: Final[dict[Severity, str]] = {
    Severity.DANGER: "bold $text-error",
    Severity.WARNING: "bold $text-warning",
    Severity.INFO: "bold $text-primary",
}

SEVERITY_MARK: Final[dict[Severity, str]] = {
    Severity.DANGER: "‼ DANGER",
    Severity.WARNING: "! WARNING",
    Severity.INFO: "i NOTE",
}

SEVERITY_CLASS: Final[dict[Severity, str]] = {
    Severity.DANGER: "-danger",
    Severity.WARNING: "-warning",
    Severity.INFO: "-info",
}

BADGE_GOOD: Final = "bold $background on $success"
BADGE_BAD: Final = "bold $background on $error"
BADGE_WARN: Final = "bold $background on $warning"
BADGE_TEST: Final = "bold $background on $accent"
