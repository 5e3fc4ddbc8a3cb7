"""The guards' one order, as the consume and the form's verdict both apply it: the first
guard that refuses is the one a person is told about, and nothing is sent past it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from console.desk import Desk, Recorder, RefusalReason, preview_consume
from console.desk.guards import ConsumeFacts, judge
from console.history import HistoryStore, Outcome
from console.payments.stores import Store
from console.sandbox.server import SandboxServer
from console.settings.environments import Environment
from console.settings.keys import KeyResolver
from tests.hostile_server import HostileServer

PAID = "sbx-paid-unconsumed-0001"


def _qa(sandbox: SandboxServer, **fields: object) -> Environment:
    return replace(
        Environment("qa", sandbox.url, "QA", "yellow"),
        **fields,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("read_only", "token", "store", "reason"),
    [
        # A read-only environment is said first, even when the pasted token is no token.
        (True, "sbx\u200bbad", None, RefusalReason.READ_ONLY),
        (False, "sbx\u200bbad", None, RefusalReason.INVALID_INPUT),
        (False, PAID, "steam", RefusalReason.INVALID_INPUT),
        (False, PAID, "amazon", RefusalReason.CLIENT_SIDE_STORE),
    ],
)
async def test_the_first_guard_in_the_order_refuses_and_nothing_is_sent(
    hostile: HostileServer,
    tmp_path: Path,
    read_only: bool,
    token: str,
    store: str | None,
    reason: RefusalReason,
) -> None:
    environment = replace(Environment("qa", hostile.url, "QA", "yellow"), read_only=read_only)
    keys = KeyResolver({"NOWGG_CONSOLE_API_KEY_QA": hostile.api_key})
    fields = {"product_id": "p1", "currency": "USD"} if store == "amazon" else {}
    with HistoryStore(tmp_path / "history.sqlite3") as history:
        recorder = Recorder(history, "qa")
        async with Desk(environment, keys=keys, recorder=recorder) as desk:
            query = desk.read_query(token, store=store, **fields)
            plan = await desk.check_consume(query, force=True)
            dry_run = await desk.dry_run_consume(query)
            (refused,) = history.search()
    assert plan.refusal is not None and plan.refusal.reason is reason
    assert plan.check is None  # refused before the verify
    assert dry_run.refusal is not None and dry_run.refusal.reason is reason
    # On record with its guard and its full target, even when the input made no query.
    assert (refused.outcome, refused.guard) == (Outcome.REFUSED, reason.value)
    assert (refused.token, refused.store) == (token, store or "nowgg")
    assert (refused.environment, refused.host) == ("qa", environment.host)
    assert hostile.requests == []


async def test_the_form_and_the_consume_give_the_same_verdict(sandbox: SandboxServer) -> None:
    environment = _qa(sandbox)
    keys = KeyResolver({"NOWGG_CONSOLE_API_KEY_QA": sandbox.api_key})
    async with Desk(environment, keys=keys) as desk:
        consumed = await desk.lookup(desk.read_query("sbx-paid-consumed-0002"))
        unpaid = await desk.lookup(desk.read_query("sbx-unpaid-0003"))
    for lookup, reason in (
        (consumed, RefusalReason.ALREADY_CONSUMED),
        (unpaid, RefusalReason.UNPAID),
    ):
        preview = preview_consume(environment, lookup)
        assert preview.refusal is not None and preview.refusal.reason is reason
        forced = preview_consume(environment, lookup, force=True)
        assert forced.allowed and forced.overridden == preview.refusal


def test_the_walk_stops_at_the_first_fact_not_known_yet(sandbox: SandboxServer) -> None:
    # Nothing refuses before the history's lock is taken: the consume must find that out next.
    waiting = judge(ConsumeFacts(_qa(sandbox), Store.NOWGG))
    assert waiting.refusal is None and not waiting.complete
    # The history's verdict comes before anything about the purchase.
    no_lookup = judge(ConsumeFacts(_qa(sandbox), Store.NOWGG, history=None, purchase=None))
    assert no_lookup.refusal is not None
    assert no_lookup.refusal.reason is RefusalReason.LOOKUP_FAILED
