"""The command line: the same operations as the console, for shells and scripts.

Nothing on these paths imports textual (DESIGN.md), so `nowgg-console verify` starts fast.
"""
