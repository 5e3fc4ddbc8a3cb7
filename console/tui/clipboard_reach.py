"""Whether a copy reaches the clipboard: OSC 52 is sent blind, and nothing answers it.

The console copies with OSC 52, an escape sequence the terminal may honour or drop without a
word: GNOME Terminal and Apple's Terminal drop it, tmux drops a program's copy unless
`set-clipboard on`, GNU screen never passes it on. A "Copied" toast there would be a lie an
agent acts on (pasting yesterday's token into a ticket). So a copy counts as confirmed only in
a terminal known to take OSC 52 — or when the user says so: `NOWGG_CONSOLE_OSC52=1` (or `0`).
Otherwise the front end says so and offers the text another way (copy_box.py).

Reading tmux's option runs `tmux show-options`: call `clipboard_reach` in a thread.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final

OSC52_VARIABLE: Final = "NOWGG_CONSOLE_OSC52"
_YES: Final = frozenset({"1", "yes", "on", "true"})
_NO: Final = frozenset({"0", "no", "off", "false"})
# Terminals that put an OSC 52 copy on the system clipboard by default.
_PROGRAMS: Final = frozenset({"iTerm.app", "WezTerm", "vscode", "ghostty", "Tabby", "rio"})
_TERMS: Final = ("xterm-kitty", "alacritty", "foot", "xterm-ghostty", "wezterm")
_MARKERS: Final = ("KITTY_WINDOW_ID", "WEZTERM_PANE", "WT_SESSION", "ALACRITTY_WINDOW_ID")
_TMUX_TIMEOUT_S: Final = 2.0


@dataclass(frozen=True)
class ClipboardReach:
    confirmed: bool
    why: str
    """In words: why a copy is (or is not) known to reach the clipboard."""


def clipboard_reach(
    environ: Mapping[str, str] | None = None,
    tmux_option: Callable[[], str | None] | None = None,
) -> ClipboardReach:
    """What is known of this terminal's clipboard. Blocking when inside tmux (see module)."""
    env = os.environ if environ is None else environ
    said = env.get(OSC52_VARIABLE, "").strip().lower()
    if said in _YES:
        return ClipboardReach(True, f"{OSC52_VARIABLE} says this terminal takes OSC 52 copies")
    if said in _NO:
        return ClipboardReach(False, f"{OSC52_VARIABLE} says this terminal does not take copies")
    if env.get("TMUX"):
        setting = (tmux_option or tmux_set_clipboard)()
        if setting == "on":
            return ClipboardReach(True, "tmux takes copies (set-clipboard on)")
        return ClipboardReach(
            False,
            f"inside tmux, whose set-clipboard is {setting or 'unknown'}: it does not pass a "
            "program's copy to your clipboard (`set -g set-clipboard on` would)",
        )
    if env.get("STY"):
        return ClipboardReach(False, "inside GNU screen, which does not pass copies on")
    program = env.get("TERM_PROGRAM", "")
    term = env.get("TERM", "")
    if (
        program in _PROGRAMS
        or term.startswith(_TERMS)
        or any(env.get(marker) for marker in _MARKERS)
    ):
        return ClipboardReach(True, f"{program or term} takes OSC 52 copies")
    shown = program or term or "this terminal"
    return ClipboardReach(
        False,
        f"{shown} is not known to take OSC 52 copies (set {OSC52_VARIABLE}=1 if it does)",
    )


def tmux_set_clipboard() -> str | None:
    """tmux's `set-clipboard` option (on, external, off), or None when it cannot be read."""
    tmux = shutil.which("tmux")
    if tmux is None:
        return None
    try:
        done = subprocess.run(
            [tmux, "show-options", "-gv", "set-clipboard"],
            capture_output=True,
            text=True,
            timeout=_TMUX_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    value = done.stdout.strip()
    return value if done.returncode == 0 and value else None
