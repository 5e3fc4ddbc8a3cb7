"""`nowgg-console history`'s arguments, added when it is the command that runs."""

from __future__ import annotations

import argparse

from console.cli import flag_values
from console.history import Action, Outcome

from .lazy_run import LazyRun

EXPORT_FORMATS = ("csv", "json", "md", "ticket")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="history_action", metavar="ACTION")
    listing = actions.add_parser("list", help="entries, newest first (the default action)")
    _add_filters(listing)
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(run=LazyRun("history_command", "run_list"))
    show = actions.add_parser("show", help="one entry in full, with its reply")
    show.add_argument("id", type=flag_values.entry_id, help="the entry's id, as listed")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(run=LazyRun("history_command", "run_show"))
    note = actions.add_parser("note", help="attach a ticket note to an entry ('' removes it)")
    note.add_argument("id", type=flag_values.entry_id, help="the entry's id, as listed")
    note.add_argument("text")
    note.set_defaults(run=LazyRun("history_command", "run_note"))
    export = actions.add_parser(
        "export",
        help="export entries as a reply for the ticket (--format ticket: in words, with a "
        "refund request draft), Markdown (the audit record), JSON or CSV",
    )
    _add_filters(export, default_limit=None)
    export.add_argument("--format", choices=EXPORT_FORMATS, default="md")
    export.add_argument("--output", "-o", metavar="FILE", help="write to FILE, not stdout")
    export.set_defaults(run=LazyRun("history_command", "run_export"))
    resolve = actions.add_parser(
        "resolve", help="verify consumes whose outcome is unknown and record what was found"
    )
    resolve.add_argument(
        "--min-age",
        type=flag_values.min_age,
        metavar="S",
        help="only entries at least S seconds old, 0 to "
        f"{flag_values.MAX_MIN_AGE_S} (ten years) (default: older than the total deadline of "
        "the entry's own request); a consume whose process is still running is left alone "
        "whatever its age",
    )
    resolve.add_argument(
        "--base-url",
        type=flag_values.base_url,
        metavar="URL",
        help="also settle consumes made with --base-url on this URL's host (key from "
        "NOWGG_CONSOLE_API_KEY)",
    )
    resolve.add_argument(
        "--now",
        action="store_true",
        help="also resolve consumes still inside their grace window (their request's "
        "deadline has not passed); one whose process is still running is never touched",
    )
    resolve.set_defaults(run=LazyRun("history_command", "run_resolve"))
    migrate = actions.add_parser(
        "migrate",
        help="create or upgrade the shared history's schema on its server (versioned, "
        "forward-only; safe twice and from two consoles at once)",
    )
    migrate.set_defaults(run=LazyRun("history_store_command", "run_migrate"))
    importing = actions.add_parser(
        "import",
        help="copy a local history file into the shared history; entries already there are "
        "skipped (importing twice adds nothing)",
    )
    importing.add_argument("file", metavar="FILE.sqlite3", help="a history.sqlite3 to import")
    importing.set_defaults(run=LazyRun("history_store_command", "run_import"))
    # `nowgg-console history` alone lists, like `history list`.
    _add_filters(parser)
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(run=LazyRun("history_command", "run_list"))


def _add_filters(parser: argparse.ArgumentParser, default_limit: int | None = 50) -> None:
    # Every filter refuses an empty value: `--ticket "$T"` with T unset must not match (and
    # export) everything.
    group = parser.add_argument_group("filters")
    group.add_argument(
        "--env", metavar="NAME", type=flag_values.environment, help="only this environment"
    )
    group.add_argument(
        "--token", type=flag_values.text_filter("--token"), help="only this purchase token"
    )
    group.add_argument(
        "--order-id", type=flag_values.text_filter("--order-id"), help="only this order id"
    )
    group.add_argument(
        "--ticket",
        metavar="TEXT",
        type=flag_values.text_filter("--ticket"),
        help="notes containing TEXT",
    )
    group.add_argument(
        "--operator",
        metavar="NAME",
        type=flag_values.operator,
        help="only entries written by NAME (the OS user, or `[history] operator` of that "
        "console's config)",
    )
    group.add_argument(
        "--since",
        metavar="WHEN",
        type=flag_values.since,
        help="2026-11-01, 2026-11-01T10:00 (UTC unless +HH:MM is given), or an age: 30m, 12h, "
        "7d, 2w, at most 100 years (36500d)",
    )
    group.add_argument(
        "--payload",
        metavar="NAME=VALUE",
        type=flag_values.payload_field,
        help="only purchases whose developerPayload (JSON, query string or key=value pairs) "
        "holds NAME with VALUE, e.g. uid=10001",
    )
    group.add_argument("--action", choices=[action.value for action in Action])
    group.add_argument("--outcome", choices=[outcome.value for outcome in Outcome])
    group.add_argument(
        "--limit",
        type=flag_values.limit,
        default=default_limit,
        help=f"at most this many, 1 to {flag_values.MAX_LIMIT} (default {default_limit or 'all'})",
    )
