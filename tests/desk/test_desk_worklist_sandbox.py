"""A pasted worklist verified through a real desk against the loopback sandbox."""

from __future__ import annotations

from console.desk import Desk
from console.desk.worklist import parse_worklist, verify_all
from console.sandbox.server import SandboxServer

PASTED = """\
# QA run: seeded orders, a fault, a bad line and a repeat
sbx-paid-unconsumed-0001
sbx-paid-consumed-0002
sbx-unpaid-0003
sbx-failed-0004
sbx-test-order-0005
sbx-xiaomi-0006,xiaomi,com.example.gems.500,INR
sbx-onestore-0007 onestore gems_1200 KRW
sbx-fault-http-500
no-such-token-0000
sbx-bad\u200btoken
sbx-paid-unconsumed-0001
"""


async def test_a_pasted_list_is_verified_in_order_with_states_and_errors(
    qa_desk: Desk,
) -> None:
    parsed = parse_worklist(PASTED)
    assert [bad.line for bad in parsed.bad_lines] == [11]
    assert [dup.line for dup in parsed.duplicates] == [12]
    seen: list[int] = []
    outcomes = await verify_all(
        qa_desk, parsed.items, concurrency=4, on_result=lambda index, _: seen.append(index)
    )
    assert sorted(seen) == list(range(9))
    assert [outcome.raw_token for outcome in outcomes] == [item.token for item in parsed.items]
    decoded = [outcome.decoded for outcome in outcomes]
    paid, consumed, unpaid, failed, test, xiaomi, onestore = decoded[:7]
    assert paid and paid.is_paid and not paid.is_consumed
    assert consumed and consumed.is_consumed
    assert unpaid and unpaid.is_unpaid
    assert failed and failed.is_failed
    assert test and test.is_test_order
    assert xiaomi and xiaomi.amount == "399.00 INR"
    assert onestore and onestore.is_paid
    fault, unknown = outcomes[7:]
    assert fault.failure is not None and fault.failure.category == "http"
    assert unknown.failure is not None and unknown.failure.api_code == 3901


async def test_the_default_concurrency_verifies_a_long_list(
    qa_desk: Desk, sandbox: SandboxServer
) -> None:
    tokens = [f"sbx-missing-{n:04d}" for n in range(30)] + ["sbx-paid-unconsumed-0001"]
    outcomes = await verify_all(qa_desk, parse_worklist("\n".join(tokens)).items)
    assert len(outcomes) == 31
    assert outcomes[-1].ok and not any(outcome.ok for outcome in outcomes[:-1])
