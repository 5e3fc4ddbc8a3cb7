""" "What is this?" in words, for `identify` and for a `verify` of something that is no token."""

from __future__ import annotations

import textwrap

from console.desk import Identified
from console.payments import PasteKind
from console.text_safety import printable

from .style import Style


def render_identified(identified: Identified, style: Style) -> list[str]:
    recognised = identified.recognised
    tone = "good" if recognised.is_token else "warn"
    heading = recognised.title
    if recognised.text not in heading:
        heading += f": {recognised.text}"
    lines = [
        style.paint(printable(heading), tone),
        *textwrap.wrap(
            printable(recognised.says), width=96, initial_indent="  ", subsequent_indent="  "
        ),
    ]
    if recognised.kind is PasteKind.ORDER_ID:
        lines.append("")
        if identified.history_problem is not None:
            lines.append(
                f"  The history could not be searched: {printable(identified.history_problem)}"
            )
        elif not identified.seen_with:
            lines.append("  The history has no token seen with this order id.")
        else:
            lines.append(style.paint("  Seen in the history with this order id:", "bold"))
            for seen in identified.seen_with:
                lines.append(
                    f"    {printable(seen.token)}  ({printable(seen.environment)}, "
                    f"{seen.at:%Y-%m-%d %H:%M} UTC)"
                )
            lines.append(f"  `nowgg-console verify {printable(identified.seen_with[0].token)}`")
    return lines


def identified_json(identified: Identified) -> dict[str, object]:
    recognised = identified.recognised
    when = recognised.embedded_time
    return {
        "kind": recognised.kind.value,
        "text": recognised.text,
        "title": recognised.title,
        "says": recognised.says,
        "tokenShape": recognised.shape.name.lower() if recognised.shape else None,
        "embeddedTime": when.isoformat() if when else None,
        "codes": [
            {"code": entry.code, "source": str(entry.source), "name": entry.name}
            for entry in recognised.codes
        ],
        "nearestCodes": list(recognised.nearest),
        "seenWith": [
            {"token": seen.token, "environment": seen.environment, "at": seen.at.isoformat()}
            for seen in identified.seen_with
        ],
        "historyProblem": identified.history_problem,
    }
