"""`history resolve` never settles a consume that may still be in flight: a live consumer is
left alone whatever its age; a killed one becomes resolvable (with `--base-url` when it was
made with one); and a consume whose reply comes after a forced resolution replaces it."""

from __future__ import annotations

import json
import os
import signal
import socket
from pathlib import Path

from console.history import HistoryStore, Outcome, Settlement
from tests.cli.in_flight_consumes import (
    consume_in_flight,
    consumes,
    entry,
    history_path,
    hold_consumes,
    hostile_cli,
    the_unresolved,
    verifies,
    verify_shows_consumed,
)
from tests.hostile_server import HostileServer

HELD_FOR_GOOD = 120.0


def test_a_live_consumer_is_left_alone_whatever_its_age(
    tmp_path: Path, hostile: HostileServer
) -> None:
    hold_consumes(hostile, HELD_FOR_GOOD)
    with consume_in_flight(tmp_path, hostile, "--timeout", "300") as consumer:
        pending = the_unresolved(tmp_path)
        assert (pending.owner_host, pending.owner_pid) == (socket.gethostname(), consumer.pid)
        asked = verifies(hostile)
        for args in (("--min-age", "0"), ()):
            run = hostile_cli(
                tmp_path, hostile, "history", "resolve", "--base-url", hostile.url, *args
            )
            assert run.code == 0, run.out + run.err
            assert "Skipped 1 consume still in flight" in run.out
            assert f"held by process {consumer.pid}" in run.out
            assert "resolvable once its process ends" in run.out
        assert verifies(hostile) == asked  # nothing was even verified
        assert the_unresolved(tmp_path).id == pending.id
        assert consumer.poll() is None


def test_a_killed_consumer_becomes_resolvable_with_its_base_url(
    tmp_path: Path, hostile: HostileServer
) -> None:
    hold_consumes(hostile, HELD_FOR_GOOD)
    with consume_in_flight(tmp_path, hostile, "--timeout", "300") as consumer:
        pending = the_unresolved(tmp_path)
        consumer.send_signal(signal.SIGKILL)
        assert consumer.wait(timeout=30) == -signal.SIGKILL
    assert consumes(hostile) == 1
    verify_shows_consumed(hostile)  # now.gg did consume it

    # Its process is gone, but its request's deadline (5 s + 300 s) has not passed.
    early = hostile_cli(tmp_path, hostile, "history", "resolve", "--base-url", hostile.url)
    assert early.code == 0, early.out + early.err
    assert "Skipped 1 consume still inside the grace window" in early.out
    assert f"entry {pending.id}, resolvable from " in early.out

    # Made with --base-url: only that URL's host can settle it, and it says so.
    unknown = hostile_cli(tmp_path, hostile, "history", "resolve", "--min-age", "0")
    assert unknown.code == 3
    assert "made with --base-url on 127.0.0.1:" in unknown.out
    assert "history resolve --base-url URL" in unknown.out
    assert the_unresolved(tmp_path).id == pending.id

    settled = hostile_cli(
        tmp_path, hostile, "history", "resolve", "--min-age", "0", "--base-url", hostile.url
    )
    assert settled.code == 0, settled.out + settled.err
    assert f"entry {pending.id} · custom · hostile-token" in settled.out
    assert "Consumed — the consume went through" in settled.out
    assert pending.id is not None
    assert entry(tmp_path, pending.id).outcome is Outcome.OK
    assert consumes(hostile) == 1  # settled by verifying, never by consuming again
    lock_files = history_path(tmp_path).with_name("history.sqlite3.in-flight")
    assert list(lock_files.iterdir()) == []


def test_a_late_reply_replaces_a_forced_resolution_and_says_so(
    tmp_path: Path, hostile: HostileServer
) -> None:
    hold_consumes(hostile, 6.0)  # the reply comes, late: success
    with consume_in_flight(tmp_path, hostile, "--timeout", "60") as consumer:
        pending = the_unresolved(tmp_path)
        assert pending.id is not None
        # A resolve that could not see the lock (another machine sharing the file) settled
        # the entry while the consume was still in flight.
        with HistoryStore(history_path(tmp_path)) as store:
            assert store.resolve(
                pending.id,
                settlement=Settlement.NOT_CONSUMED,
                resolution="verified: Not consumed — the consume did not take effect",
            )
        verify_shows_consumed(hostile)
        out, err = consumer.communicate(timeout=60)
    assert consumer.returncode == 0, out + err
    assert "Consumed. Verifying again shows the purchase as Consumed." in out
    assert f"`history resolve` had settled entry {pending.id}" in err
    assert "replaced that resolution" in err
    final = entry(tmp_path, pending.id)
    assert final.outcome is Outcome.OK
    assert final.reason == "Consumed. Verifying again shows the purchase as Consumed."
    assert final.resolution is not None
    assert final.resolution.startswith("superseded: history resolve had settled this entry")
    assert "the consume did not take effect" in final.resolution
    assert not final.unresolved


def test_ctrl_c_during_a_consume_says_the_outcome_is_unknown_and_how_to_settle_it(
    tmp_path: Path, hostile: HostileServer
) -> None:
    hold_consumes(hostile, HELD_FOR_GOOD)
    with consume_in_flight(tmp_path, hostile, "--timeout", "300", "--json") as consumer:
        pending = the_unresolved(tmp_path)
        os.kill(consumer.pid, signal.SIGINT)
        out, err = consumer.communicate(timeout=30)
    assert consumer.returncode == 130, out + err
    assert "outcome is unknown" in err
    assert f"on record as history entry {pending.id}" in err
    assert f"nowgg-console history resolve --base-url {hostile.url}" in err
    assert "Do not consume again" in err
    assert "Traceback" not in err
    body = json.loads(out)
    assert body["interrupted"] is True and body["status"] == "unknown"
    assert body["historyEntry"] == pending.id
    assert the_unresolved(tmp_path).id == pending.id
