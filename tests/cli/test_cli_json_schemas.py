"""The JSON Schemas ship in the package, are valid draft 2020-12, cover every `--json`
command, and catch an output that drifts from its shape (cli_runner validates every run)."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from console.cli.json_output import CONSUME_KEYS
from tests.cli.json_schemas import SCHEMA_NAMES, check_json_output, schema_for, validator

JSON_COMMANDS = [
    ("verify", "TOKEN"),
    ("consume", "TOKEN"),
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
