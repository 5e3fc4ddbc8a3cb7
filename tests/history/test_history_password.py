"""The shared history's password: from the keyring only when the server asks for one, never in
a URL that is shown, and a refusal that says where a password can go."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.history import HistoryStore
from console.history.shared_target import SharedTarget, choose, has_password, without_password
from console.settings.keyring_store import read_history_password, store_history_password
from console.settings.memory_keyring import MemoryKeyring
from tests.history.history_entries import EntryFactory
from tests.postgres_cluster import PASSWORD, PostgresCluster


def _database(postgres_url: str) -> str:
    return postgres_url.split("/")[3].split("?")[0]


def test_the_keyring_password_opens_a_server_that_asks_for_one(
    postgres_cluster: PostgresCluster,
    postgres_url: str,
    history_path: Path,
    make_entry: EntryFactory,
) -> None:
    keyring = MemoryKeyring()
    store_history_password(PASSWORD, backend=keyring)
    asked: list[bool] = []

    def password() -> str | None:
        asked.append(True)
        return read_history_password(backend=keyring)

    target = SharedTarget(postgres_cluster.tcp_url(_database(postgres_url)), password)
    with HistoryStore(history_path, shared=target) as store:
        store.record(make_entry())
        store.record(make_entry())
        assert store.count() == 2
        state = store.shared_state()
        assert state is not None and state.reachable and PASSWORD not in state.location
    assert asked == [True]  # asked once, when the server wanted it


def test_a_refused_password_names_the_server_and_the_ways_to_give_one(
    postgres_cluster: PostgresCluster, postgres_url: str, history_path: Path
) -> None:
    target = SharedTarget(
        postgres_cluster.tcp_url(_database(postgres_url)), lambda: "not-the-password"
    )
    with HistoryStore(history_path, shared=target) as store:
        state = store.shared_state()
        assert state is not None and not state.reachable
        assert state.problem is not None and "refused the password" in state.problem
        [notice] = store.notices
        assert "key set history" in notice and "~/.pgpass" in notice
        assert "not-the-password" not in notice + state.problem


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://alice:pw@db.example:5433/nowgg", "postgresql://alice@db.example:5433/nowgg"),
        (
            "postgresql://db/nowgg?password=pw&sslmode=require",
            "postgresql://db/nowgg?sslmode=require",
        ),
        ("postgresql://alice@db/nowgg", "postgresql://alice@db/nowgg"),
    ],
)
def test_a_url_is_shown_without_its_password(url: str, shown: str) -> None:
    assert without_password(url) == shown
    assert has_password(url) == ("pw" in url)
    assert repr(SharedTarget(url)) == f"SharedTarget({shown!r})"


def test_the_variable_wins_over_the_config_and_empty_means_the_local_file() -> None:
    configured = "postgresql://db/config"
    assert choose({}, None) is None
    chosen = choose({}, configured)
    assert chosen is not None and chosen.url == configured
    from_variable = choose({"NOWGG_CONSOLE_HISTORY_URL": "postgresql://db/var"}, configured)
    assert from_variable is not None and from_variable.url == "postgresql://db/var"
    assert choose({"NOWGG_CONSOLE_HISTORY_URL": " "}, configured) is None
