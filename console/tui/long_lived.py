"""Keeping the console's long-lived objects out of Python's full garbage collections.

An open console holds about 90,000 objects that live as long as it does: the modules of
Textual, Rich, httpx and the console itself, their classes and functions, the widgets of every
pane. Python's cyclic collector walks every one of them at each full collection, and it runs
one whenever its oldest generation has grown by a quarter since the last: the loading after the
first frame makes that happen soon after start, typically during the first lookups. A full
collection is a pause of about 100 ms (250 ms and more on a busy machine) inside whatever the
event loop was doing — mostly drawing a lookup's answer, which then waited as long
(bench/frame_gap.py: the longest gap between two frames was this pause, with or without
another console holding the history's lock; it only moved with the lock's timing).

So once the screen has settled, what is alive is moved into the collector's permanent
generation (`gc.freeze`): later full collections walk only what was made since, a few
milliseconds. The first lookup loads the HTTP stack (httpx, httpcore, h11, anyio: ~20,000
objects more) and its answer the write forms' modules: after an answer is on screen, what is
alive is frozen again whenever modules were loaded since the last time — a bounded number of
times in a session, since each module loads once.

Frozen objects are still freed as soon as nothing refers to them (reference counting); only
reference cycles among them wait. That keeps, until the console closes, the cycles of what was
on screen at each freeze (one answer's widgets, a few times a session at most), never those of
every lookup. When the console closes, everything is given back to the collector
(`gc.unfreeze`), so a process that opens many consoles (a test run) keeps nothing of the
closed ones.

A long worklist uses the same permanent generation for its rows (`keep` as answers arrive):
each verified row keeps its lookup, tens of objects a row, hundreds of thousands for 10,000
rows, and unfrozen they made a full collection of a second or more every few seconds while the
list verified (bench/worklist_console.py). A new list gives everything back (`release`) when the
old rows are let go, and freezes again at once. Freezing twice is harmless.
"""

from __future__ import annotations

import gc
import sys

_modules_at_last_settle = 0
"""How many modules were loaded when what was alive was last frozen."""


def keep() -> None:
    """What is alive now is long-lived: full collections leave it alone from now on."""
    gc.freeze()


def settle() -> None:
    """What is alive now lives as long as the console. Young garbage (short-lived cycles of
    the start or of a lookup) is collected first, cheaply (the two young generations only), so
    that it is not kept until the console closes."""
    global _modules_at_last_settle
    gc.collect(1)
    keep()
    _modules_at_last_settle = len(sys.modules)


def settle_if_loaded() -> None:
    """`settle`, when modules were loaded since it last ran (a first use: the first lookup,
    the first answer's write forms); nothing otherwise."""
    if len(sys.modules) != _modules_at_last_settle:
        settle()


def release() -> None:
    """The console closes, or a new worklist lets the old rows go: what was frozen is
    collected normally again."""
    gc.unfreeze()
