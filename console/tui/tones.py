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

WIRE_NAME_STYLE: Final = "$text-secondary"
"""The API's field name under each decoded label. Not `$text-muted`: that is `auto 60%`, which
a DataTable cell (no background of its own to contrast with) draws black."""
GROUP_TITLE_STYLE: Final = "bold $text-accent"
MUTED_STYLE: Final = "$text-muted"
"""For Statics only (they know their background): the headline's where-and-when, hints."""

DETAIL_STYLES: Final[tuple[str, ...]] = (
    WIRE_NAME_STYLE,
    GROUP_TITLE_STYLE,
    MUTED_STYLE,
    *(style for style in TONE_STYLE.values() if style),
    *SEVERITY_STYLE.values(),
    BADGE_GOOD,
    BADGE_BAD,
    BADGE_WARN,
    BADGE_TEST,
)
"""Every style the purchase's detail draws text in: each must read at WCAG AA (4.5:1) in every
shipped theme (tests/tui/test_detail_contrast.py)."""
