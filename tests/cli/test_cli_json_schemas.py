"""The JSON Schemas ship in the package, are valid draft 2020-12, cover every `--json`
command, and catch an output that drifts from its shape (cli_runner validates every run)."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from console.cli.json_write import ACKNOWLEDGE_KEYS, CONSUME_KEYS
from tests.cli.json_schemas import SCHEMA_NAMES, check_json_output, schema_for, validator

JSON_COMMANDS = [
    ("verify", "TOKEN"),
    ("consume", "TOKEN"),
    ("acknowledge", "TOKEN"),
    ("webhook", "send", "SUBSCRIPTION_RENEWED"),
    ("webhook", "listen"),
    ("history",),
    ("history", "list"),
    ("history", "show", "1"),
    ("explain",),
    ("env", "list"),
    ("env", "show", "sandbox"),
    ("env", "check"),
    ("key", "status"),
    ("sandbox", "orders"),
    ("sandbox", "mint"),
    ("sandbox", "reset"),
    ("sandbox", "advance"),
]


def test_every_schema_ships_and_is_valid_draft_2020_12() -> None:
    shipped = {
        path.name.removesuffix(".json")
        for path in resources.files("console.cli").joinpath("schemas").iterdir()
        if path.name.endswith(".json")
    }
    assert shipped == SCHEMA_NAMES
    for name in shipped:
        schema = validator(name).schema
        assert isinstance(schema, dict)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("command", JSON_COMMANDS, ids=" ".join)
def test_every_json_command_has_its_schema(command: tuple[str, ...]) -> None:
    assert schema_for(command) is not None


def test_a_consume_document_missing_a_key_is_caught() -> None:
    document = dict.fromkeys(CONSUME_KEYS)
    document.update(ok=False, status="refused", category="refused", summary="Refused: x")
    document.update(interrupted=False, dryRun=False)
    check_json_output(["consume", "t", "--json"], json.dumps(document))
    del document["plan"]
    with pytest.raises(AssertionError, match="plan"):
        check_json_output(["consume", "t", "--json"], json.dumps(document))
    with pytest.raises(AssertionError, match="category"):
        check_json_output(
            ["consume", "t", "--json"], json.dumps({**document, "plan": None, "category": "x"})
        )


def test_an_acknowledge_document_has_the_schemas_keys_and_no_other() -> None:
    document = dict.fromkeys(ACKNOWLEDGE_KEYS)
    document.update(ok=False, status="cancelled", category="cancelled", summary="Cancelled")
    document.update(interrupted=False, dryRun=False)
    check_json_output(["acknowledge", "t", "--json"], json.dumps(document))
    with pytest.raises(AssertionError, match="proof"):
        check_json_output(["acknowledge", "t", "--json"], json.dumps({**document, "proof": None}))
    with pytest.raises(AssertionError, match="status"):
        check_json_output(
            ["acknowledge", "t", "--json"], json.dumps({**document, "status": "consumed"})
        )


def test_each_webhook_listen_line_is_checked_on_its_own() -> None:
    line = {
        "at": "2026-12-01T12:00:00+00:00",
        "path": "/",
        "authorized": False,
        "answered": 401,
        "notificationType": None,
        "known": False,
        "data": None,
        "problem": "wrong key",
    }
    good = json.dumps(line)
    check_json_output(["webhook", "listen", "--json"], f"{good}\n{good}\n")
    with pytest.raises(AssertionError, match="answered"):
        check_json_output(
            ["webhook", "listen", "--json"], f"{good}\n{json.dumps({**line, 'answered': 'x'})}\n"
        )
