"""Keeping a long list's answers out of Python's full garbage collections.

Each verified row keeps its lookup: the reply, its decoding, the request — tens of objects a
row, hundreds of thousands for 10,000 rows. Python's cyclic collector walks every live object
in its oldest generation at each full collection, and it runs one whenever that generation
has grown by a quarter: while a long list verifies, a pause of a second or more every few
seconds, in the middle of the event loop (bench/worklist_console.py: most of the frame gaps
of a 10,000-token list were these pauses, not drawing).

The answers stay as long as the list does, so the worklist moves what is alive into the
collector's permanent generation (`gc.freeze`) as rows arrive: later collections walk only
what is new. Objects frozen are still freed as soon as nothing refers to them (reference
counting); only cycles among them wait — so a new list gives them back to the collector
(`gc.unfreeze`) before it starts, when the old list's rows are let go.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """What is alive now is long-lived: full collections leave it alone from now on."""
    gc.freeze()


def release() -> None:
    """A new list: what was frozen is collected normally again (the old rows' cycles)."""
    gc.unfreeze()
