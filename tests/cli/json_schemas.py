"""Every `--json` output the suite produces is validated against the schema the package ships
for it (console/cli/schemas/*.json, draft 2020-12): `run_cli` calls `check_json_output`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator

# (command words, schema name): the first match of the command line's leading words wins.
_SCHEMAS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("verify",), "verify"),
    (("consume",), "consume"),
    (("acknowledge",), "acknowledge"),
    (("webhook", "send"), "webhook-send"),
    (("webhook", "listen"), "webhook-listen"),
    (("history", "show"), "history-show"),
    (("history",), "history-list"),  # `history` and `history list`
    (("explain",), "explain"),
    (("identify",), "identify"),
    (("env", "list"), "env-list"),
    (("env", "show"), "env-show"),
    (("env", "check"), "env-check"),
    (("key", "status"), "key-status"),
    (("sandbox", "orders"), "sandbox-orders"),
    (("sandbox", "mint"), "sandbox-orders"),
    (("sandbox", "reset"), "sandbox-state"),
    (("sandbox", "advance"), "sandbox-state"),
    (("worklist",), "worklist"),
)

SCHEMA_NAMES: frozenset[str] = frozenset(name for _, name in _SCHEMAS)

JSON_LINES: frozenset[str] = frozenset({"webhook-listen"})
"""Outputs of one JSON object a line, each validated on its own."""


@cache
def validator(name: str) -> Draft202012Validator:
    text = resources.files("console.cli").joinpath("schemas", f"{name}.json").read_text("utf-8")
    schema = json.loads(text)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def schema_for(args: Sequence[str]) -> str | None:
    """The schema of `nowgg-console ARGS --json`, from its command words."""
    words = tuple(arg for arg in args if not arg.startswith("-"))
    for prefix, name in _SCHEMAS:
        if words[: len(prefix)] == prefix:
            return name
    return None


def check_json_output(args: Sequence[str], out: str) -> None:
    """Raise AssertionError when `out` of a `--json` run does not fit its schema. A run that
    printed nothing (a usage error before any output) or no JSON document is left to the
    test, which asserts what it expects of it."""
    if "--json" not in args or not out.strip():
        return
    name = schema_for(args)
    assert name is not None, f"no JSON Schema for `{' '.join(args)}`: add one"
    if name in JSON_LINES:
        for line in out.splitlines():
            check_document(name, json.loads(line), args)
        return
    try:
        document: Any = json.loads(out)
    except json.JSONDecodeError:
        return
    check_document(name, document, args)


def check_document(name: str, document: Any, args: Sequence[str] = ()) -> None:
    """Raise AssertionError when `document` does not fit schema `name`."""
    errors = sorted(validator(name).iter_errors(document), key=lambda error: list(error.path))
    assert not errors, f"`{' '.join(args)} --json` does not fit {name}.json: " + "; ".join(
        f"{'/'.join(map(str, error.path)) or '(top)'}: {error.message}" for error in errors[:5]
    )
