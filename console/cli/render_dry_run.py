"""A consume's or an acknowledge's dry run for a terminal: the exact request, the key
masked, and a curl line.

The payload and the token come from the command line, often pasted from a ticket: each value
is shown `printable`, and the curl line keeps any control character as an ANSI-C quoted piece
(`$'\\x1b'`), so the line is still the exact request when pasted into bash or zsh and writes
nothing raw to the terminal (text_safety.py).
"""

from __future__ import annotations

from console.desk import AcknowledgePlan, ConsumePlan, Desk
from console.text_safety import printable, printable_shell

from .render_lookup import render_environment
from .style import Style


def render_dry_run(desk: Desk, plan: ConsumePlan | AcknowledgePlan, style: Style) -> list[str]:
    request = plan.request
    assert request is not None, "a dry run that was not refused holds its request"
    no_key = []
    if not plan.key_set:
        no_key = [
            style.paint(
                f"No key is set for {desk.environment.name}: the request shows <no key set>, "
                f"and the curl line reads ${desk.key_variable}, which must hold it when you "
                "run it.",
                "warn",
            ),
            "",
        ]
    return [
        render_environment(desk.environment, desk.host, style),
        style.paint("Dry run: nothing was sent, not even the verify.", "bold"),
        "",
        *no_key,
        f"{request.method} {printable(request.url)}",
        *(f"{name}: {printable(value)}" for name, value in request.headers),
        "",
        "&".join(f"{name}={printable(value)}" for name, value in request.form),
        "",
        "As curl (the key comes from the variable, never from this line):",
        printable_shell(desk.curl_for(request)),
    ]
