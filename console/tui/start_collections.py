"""No garbage collection before the console's first frame.

The start imports Textual, Rich and the console and builds the first screen: some 70,000
objects, nearly all of which live as long as the console (modules, classes, functions, the
widgets on screen). Allocating them sets off Python's young collections again and again (about
a hundred, a tenth of them of the middle generation), each walking what was just made, for
nothing: about 40 ms of CPU before the first frame (bench/first_frame_cost.py), as much as the
cost of drawing it.

So the launch turns collections off (`hold_until_first_frame`) before it imports the screen,
and the main screen turns them back on once its first frame is drawn (`first_frame_drawn`),
after moving what is alive into the collector's permanent generation (`long_lived.keep`): as
long_lived.py explains, later collections then leave the console's long-lived objects alone,
and its `release` gives them back when the console closes. What the start left as garbage in
reference cycles, about a thousand small objects among 70,000, is kept with them until then:
reference counting frees everything else as usual, and a full collection to find those would
cost the first frame what was saved.

Only `nowgg-console` itself holds collections (launch.py): a console made in a test process,
which may never draw, leaves them as they are.
"""

from __future__ import annotations

import gc

from console.tui import long_lived

_held = False
"""Collections are off until the first frame."""


def hold_until_first_frame() -> None:
    """No collection until `first_frame_drawn` or `end_hold`. Nothing if collections are off
    already (someone else's choice, which stays)."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def first_frame_drawn() -> None:
    """The first frame is on screen: what is alive now is long-lived, and collections resume."""
    if _held:
        long_lived.keep()
        end_hold()


def end_hold() -> None:
    """Collections resume, frame or not (the console refused to open, or failed)."""
    global _held
    if _held:
        _held = False
        gc.enable()
