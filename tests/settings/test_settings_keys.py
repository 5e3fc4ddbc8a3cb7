"""Finding an environment's key: the variable first, then the keyring (in-memory here), then a
clear error; and `key status`, which shows keys only masked."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.payments.apikey import ApiKey
from console.settings.environments import (
    BUILTIN_ENVIRONMENTS,
    Environment,
    adhoc_environment,
)
from console.settings.key_status import KeySource, key_status
from console.settings.key_variables import key_variable
from console.settings.keyring_store import (
    SERVICE,
    delete_key,
    keyring_status,
    read_key,
    store_key,
)
from console.settings.keys import KeyResolver, KeyUnavailable
from console.settings.memory_keyring import MemoryKeyring

STORED = "stored-key-0123456789-aaaa"
EXPORTED = "exported-key-9876543210-bbbb"
QA = Environment(name="qa-eu-2", base_url="https://qa.example.com/", label="QA", colour="cyan")
SANDBOX, PRODUCTION, _ = BUILTIN_ENVIRONMENTS


class UntouchableKeyring(MemoryKeyring):
    """Fails the test if anything asks it: proof that the variable wins without a lookup."""

    def get_password(self, service: str, username: str) -> str | None:
        raise AssertionError("the keyring was consulted")


@pytest.fixture
def memory() -> MemoryKeyring:
    return MemoryKeyring()


def test_variable_names_follow_the_environment_name() -> None:
    assert key_variable("qa-eu-2") == "NOWGG_CONSOLE_API_KEY_QA_EU_2"
    assert key_variable("production-cn") == "NOWGG_CONSOLE_API_KEY_PRODUCTION_CN"
    assert key_variable("custom") == "NOWGG_CONSOLE_API_KEY"
    assert KeyResolver({}).variable_for(QA) == "NOWGG_CONSOLE_API_KEY_QA_EU_2"


def test_store_read_delete_round_trip(memory: MemoryKeyring) -> None:
    assert (
        store_key("qa-eu-2", ApiKey(STORED), backend=memory) == "in-memory (tests only; "
        "forgotten when the process ends)"
    )
    assert memory.get_password(SERVICE, "qa-eu-2") == STORED  # service and user as documented
    assert read_key("qa-eu-2", backend=memory) == ApiKey(STORED)
    assert delete_key("qa-eu-2", backend=memory) is True
    assert read_key("qa-eu-2", backend=memory) is None
    assert delete_key("qa-eu-2", backend=memory) is False


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("sandbox", "needs no key"),
        ("custom", "NOWGG_CONSOLE_API_KEY"),
        ("Bad Name", "not an"),
    ],
)
def test_keys_are_not_stored_for_what_cannot_use_them(
    memory: MemoryKeyring, name: str, fragment: str
) -> None:
    with pytest.raises(ValueError, match=fragment):
        store_key(name, ApiKey(STORED), backend=memory)


def test_the_variable_wins_without_asking_the_keyring() -> None:
    resolver = KeyResolver(
        {"NOWGG_CONSOLE_API_KEY_QA_EU_2": EXPORTED}, backend=UntouchableKeyring()
    )
    assert resolver.resolve(QA) == ApiKey(EXPORTED)


def test_the_variable_wins_over_a_stored_key(memory: MemoryKeyring) -> None:
    store_key("qa-eu-2", ApiKey(STORED), backend=memory)
    resolver = KeyResolver({"NOWGG_CONSOLE_API_KEY_QA_EU_2": EXPORTED}, backend=memory)
    assert resolver.resolve(QA) == ApiKey(EXPORTED)
    assert KeyResolver({}, backend=memory).resolve(QA) == ApiKey(STORED)


def test_the_generic_variable_never_serves_a_named_environment(memory: MemoryKeyring) -> None:
    # One exported key must not silently go to production as well as to staging.
    with pytest.raises(KeyUnavailable):
        KeyResolver({"NOWGG_CONSOLE_API_KEY": EXPORTED}, backend=memory).resolve(PRODUCTION)


def test_base_url_reads_the_generic_variable_only() -> None:
    custom = adhoc_environment("http://127.0.0.1:9/")
    resolver = KeyResolver({"NOWGG_CONSOLE_API_KEY": EXPORTED}, backend=UntouchableKeyring())
    assert resolver.resolve(custom) == ApiKey(EXPORTED)
    with pytest.raises(KeyUnavailable, match="--base-url") as raised:
        KeyResolver({}, backend=UntouchableKeyring()).resolve(custom)
    assert any("NOWGG_CONSOLE_API_KEY" in way for way in raised.value.ways_out)


def test_no_key_anywhere_says_how_to_set_one(memory: MemoryKeyring) -> None:
    with pytest.raises(KeyUnavailable) as raised:
        KeyResolver({}, backend=memory).resolve(QA)
    problem = raised.value
    assert problem.environment == "qa-eu-2"
    assert "NOWGG_CONSOLE_API_KEY_QA_EU_2 is not set" in problem.reason
    assert any("nowgg-console key set qa-eu-2" in way for way in problem.ways_out)
    assert any("NOWGG_CONSOLE_API_KEY_QA_EU_2" in way for way in problem.ways_out)


def test_an_unusable_variable_or_stored_value_is_named(memory: MemoryKeyring) -> None:
    with pytest.raises(KeyUnavailable, match="NOWGG_CONSOLE_API_KEY_QA_EU_2 is unusable"):
        KeyResolver({"NOWGG_CONSOLE_API_KEY_QA_EU_2": "a\x01b"}, backend=memory).resolve(QA)
    memory.set_password(SERVICE, "qa-eu-2", "SECRET-HALF\nSECRET-OTHER-HALF")
    with pytest.raises(KeyUnavailable, match="stored in the OS keyring") as raised:
        KeyResolver({}, backend=memory).resolve(QA)
    assert "SECRET" not in str(raised.value)


def test_status_shows_source_masked_and_backend(memory: MemoryKeyring) -> None:
    store_key("production", ApiKey(STORED), backend=memory)
    store_key("qa-eu-2", ApiKey(STORED), backend=memory)
    environ = {"NOWGG_CONSOLE_API_KEY_QA_EU_2": EXPORTED}
    rows = key_status([*BUILTIN_ENVIRONMENTS, QA], environ=environ, backend=memory)
    by_name = {row.environment: row for row in rows}
    assert [row.environment for row in rows] == [
        "sandbox",
        "production",
        "production-cn",
        "qa-eu-2",
    ]

    assert by_name["sandbox"].source is KeySource.NOT_NEEDED and not by_name["sandbox"].present
    production = by_name["production"]
    assert production.source is KeySource.KEYRING and production.masked == "••••aaaa"
    assert production.where == "keyring: in-memory (tests only; forgotten when the process ends)"
    assert by_name["production-cn"].source is KeySource.NONE
    assert by_name["production-cn"].masked is None and by_name["production-cn"].problem is None
    qa = by_name["qa-eu-2"]
    assert qa.source is KeySource.VARIABLE and qa.masked == "••••bbbb" and qa.shadowed
    assert qa.where == "variable NOWGG_CONSOLE_API_KEY_QA_EU_2 (overrides the keyring)"
    # Nothing in the rows, however printed, carries a whole key.
    shown = repr(rows) + str(rows)
    assert STORED not in shown and EXPORTED not in shown


def test_status_of_the_in_memory_keyring_says_so(memory: MemoryKeyring) -> None:
    status = keyring_status(backend=memory)
    assert status.usable and status.backend.startswith("in-memory")


def test_resolving_writes_no_file(memory: MemoryKeyring, isolated_home: Path) -> None:
    store_key("qa-eu-2", ApiKey(STORED), backend=memory)
    KeyResolver({}, backend=memory).resolve(QA)
    key_status([QA], environ={}, backend=memory)
    assert [p for p in isolated_home.rglob("*") if p.is_file()] == []
