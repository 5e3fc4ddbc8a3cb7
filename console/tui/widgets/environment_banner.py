"""The environment banner: always on top, in the environment's own colour, so nobody acts on
the wrong one. Production is unmistakable (strong red, three lines, the word PRODUCTION);
read-only environments say so, and so does one reached over plain http (its key and every
purchase travel in clear text) and a key given for this session only (gone on exit)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from console.settings.environments import Environment
from console.text_safety import printable
from console.tui import steady_text
from console.tui.contrast import PRODUCTION_BACKGROUND, parse_colour, text_colour_for


def banner_text(
    environment: Environment, host: str, has_key: bool | None, *, session_key: bool = False
) -> Text:
    """The banner's words (Rich `Text`: a label from the config file is never markup, and
    shows its control characters as escapes); the colours are the widget's styles.
    `has_key`: None while it is being asked (the first moments after start); `session_key`:
    the key was given for this session only."""
    text = Text()
    if environment.production:
        text.append("⚠  PRODUCTION  ⚠   ", style="bold")
    text.append(printable(environment.name), style="bold")
    text.append(f"  ·  {printable(environment.label)}  ·  {printable(host)}")
    if environment.read_only:
        text.append("   [READ-ONLY: lookups only]", style="bold")
    if environment.sends_key_in_clear:
        allowed = " (allow_insecure_http)" if environment.allow_insecure_http else ""
        text.append(f"   [PLAIN HTTP{allowed}: the key travels unencrypted]", style="bold")
    if has_key is False:
        text.append("   [no API key]", style="bold")
    elif has_key and session_key:
        text.append("   [key for this session only]", style="bold")
    return text


class EnvironmentBanner(Static):
    DEFAULT_CSS = """
    EnvironmentBanner {
        dock: top;
        height: auto;
        padding: 0 1;
        text-style: bold;
    }
    EnvironmentBanner.-production {
        min-height: 3;
        content-align: center middle;
        border-bottom: heavy white;
    }
    """

    def show(
        self,
        environment: Environment,
        host: str,
        has_key: bool | None,
        *,
        session_key: bool = False,
    ) -> None:
        background = parse_colour(
            PRODUCTION_BACKGROUND if environment.production else environment.colour
        )
        self.styles.background = background
        self.styles.color = text_colour_for(background)
        self.set_class(environment.production, "-production")
        self.set_class(environment.read_only, "-read-only")
        # Painted again whenever the key status is asked (after each answer): the same words
        # change nothing.
        steady_text.show(self, banner_text(environment, host, has_key, session_key=session_key))
