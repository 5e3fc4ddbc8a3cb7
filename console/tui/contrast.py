"""Banner colours that stay legible whatever the theme: the banner paints its own background
(the environment's colour) and picks black or white text by WCAG contrast, so a yellow staging
banner gets black text and a blue one white text, on a dark theme and a light one alike."""

from __future__ import annotations

from typing import Final

from textual.color import Color, ColorParseError

PRODUCTION_BACKGROUND: Final = "#B00020"
"""Strong red, whatever colour production is configured with: production must look the same
dangerous everywhere. (White text on it: contrast 7.4:1.)"""
FALLBACK_BACKGROUND: Final = "#808080"

_BLACK: Final = Color(0, 0, 0)
_WHITE: Final = Color(255, 255, 255)


def _channel(value: int) -> float:
    srgb = value / 255
    return srgb / 12.92 if srgb <= 0.03928 else ((srgb + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: Color) -> float:
    return 0.2126 * _channel(colour.r) + 0.7152 * _channel(colour.g) + 0.0722 * _channel(colour.b)


def contrast_ratio(first: Color, second: Color) -> float:
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def parse_colour(text: str) -> Color:
    """The environment's colour; an unreadable one (the schema allows only readable ones, but
    a front end must not crash on it) becomes a neutral grey."""
    try:
        return Color.parse(text)
    except ColorParseError:
        return Color.parse(FALLBACK_BACKGROUND)


def text_colour_for(background: Color) -> Color:
    """Black or white, whichever contrasts more with `background`."""
    if contrast_ratio(background, _BLACK) >= contrast_ratio(background, _WHITE):
        return _BLACK
    return _WHITE
