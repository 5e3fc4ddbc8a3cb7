"""Every call the console makes into the API issue 9 adds below it (core9's contract), in one
place: each function here has the contract's name and says, in its docstring, the one call it
becomes once that API is in this tree.

Until then each is built from what the layers below already offer, no more: the count of
unresolved consumes from the history's list of them, the resolve from the history's claim and
the desk's verify, a cancellation written as the desk writes a refusal, the session key as a
variable laid over the process environment in memory, the environment check as the key
probe (a verify of a token that cannot exist). Nothing else in `console/tui/` reaches the
desk, history or settings for these: switching to core9's API is a change of this package.

Importing this package loads nothing; its modules load the desk with their first use.
"""
