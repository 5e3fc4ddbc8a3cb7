"""`nowgg-console sandbox mint|reset|advance` against `sandbox serve` running as a process: the
tokens printed are a tokens file the worklist reads and verify as asked; reset restores; the
clock moves; and a URL that is not a sandbox is refused with the key of no one sent."""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from console.desk.worklist import parse_worklist
from console.sandbox.keys import SANDBOX_API_KEY
from tests.cli.cli_runner import Run, run_cli
from tests.hostile_server import HostileServer, Reply, json_reply
from tests.sandbox.sandbox_wire import ACKNOWLEDGE, CONSUME, CONSUMED, VERIFY, call, client, failure
from tests.sandbox.served_process import ServedSandbox, serve

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child needs POSIX")

SECRET = "live-payments-key-5d1e0c7a"
"""A user's real key in the environment: never sent by these commands."""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSandbox]:
    sandbox = serve(tmp_path_factory.mktemp("served"), "--quiet")
    yield sandbox
    sandbox.stop()


@pytest.fixture
def http(served: ServedSandbox) -> Iterator[httpx.Client]:
    with client(served.url) as session:
        reply = session.post("_sandbox/reset", headers={"Authorization": SANDBOX_API_KEY})
        assert reply.status_code == 200
        yield session


def sandbox_cli(home: Path, *args: str) -> Run:
    return run_cli(home, "sandbox", *args, env={"NOWGG_CONSOLE_API_KEY": SECRET})


def verify_line(http: httpx.Client, item_token: str, **fields: str | None) -> dict[str, object]:
    form = {"purchaseToken": item_token}
    form |= {name: value for name, value in fields.items() if value is not None}
    reply = call(http, VERIFY, form)
    assert isinstance(reply, dict) and reply["code"] == 0, reply
    data = reply["data"]
    assert isinstance(data, dict)
    return data


def test_mint_prints_a_tokens_file_of_paid_purchases(
    tmp_path: Path, served: ServedSandbox, http: httpx.Client
) -> None:
    run = sandbox_cli(tmp_path, "mint", "4", "--base-url", served.url)
    assert (run.code, run.err) == (0, "")
    first, *rest = run.out.splitlines()
    assert first == f"# 4 fresh sandbox tokens (paid nowgg purchases) from {served.url}"
    parsed = parse_worklist(run.out)
    assert parsed.bad_lines == () and parsed.duplicates == ()
    assert [item.token for item in parsed.items] == rest
    for item in parsed.items:
        data = verify_line(http, item.token)
        assert (data["purchaseState"], data["consumptionState"], data["isTestOrder"]) == (
            1,
            0,
            False,
        )


@pytest.mark.parametrize(("state", "code"), [("unpaid", 0), ("failed", 2)])
def test_mint_multi_store_test_orders_in_a_state(
    tmp_path: Path, served: ServedSandbox, http: httpx.Client, state: str, code: int
) -> None:
    run = sandbox_cli(
        tmp_path,
        "mint",
        "2",
        "--store",
        "onestore",
        "--state",
        state,
        "--test-order",
        "--base-url",
        served.url,
    )
    assert run.code == 0, run.err
    assert f"({state} onestore purchases, test orders)" in run.out.splitlines()[0]
    items = parse_worklist(run.out).items
    assert len(items) == 2
    for item in items:
        assert (item.store, item.product_id, item.currency) == ("onestore", "gems_1200", "KRW")
        data = verify_line(
            http,
            item.token,
            type=item.store,
            productId=item.product_id,
            currency=item.currency,
        )
        assert (data["purchaseState"], data["isTestOrder"]) == (code, True)


def test_mint_subscriptions_as_json(
    tmp_path: Path, served: ServedSandbox, http: httpx.Client
) -> None:
    run = sandbox_cli(tmp_path, "mint", "1", "--subscription", "--json", "--base-url", served.url)
    assert run.code == 0, run.err
    rows = run.json()
    assert isinstance(rows, list) and len(rows) == 1
    (row,) = rows
    assert set(row) == {
        "token",
        "store",
        "productId",
        "currency",
        "purchaseState",
        "isTestOrder",
        "subscription",
    }
    assert (row["store"], row["purchaseState"], row["subscription"]) == ("nowgg", 1, True)
    assert call(http, ACKNOWLEDGE, {"purchaseToken": row["token"]}) == CONSUMED


def test_reset_restores_the_seeds_and_forgets_minted(
    tmp_path: Path, served: ServedSandbox, http: httpx.Client
) -> None:
    seed = {"purchaseToken": "sbx-paid-unconsumed-0001"}
    assert call(http, CONSUME, seed) == CONSUMED
    minted = parse_worklist(sandbox_cli(tmp_path, "mint", "1", "--base-url", served.url).out)
    (item,) = minted.items
    run = sandbox_cli(tmp_path, "reset", "--base-url", served.url)
    assert run.code == 0, run.err
    assert run.out.startswith(f"The sandbox at {served.url} is back to its seeded state: ")
    assert "minted tokens forgotten" in run.out
    assert verify_line(http, "sbx-paid-unconsumed-0001")["consumptionState"] == 0
    assert call(http, VERIFY, {"purchaseToken": item.token}) == failure(
        3901, "INVALID_PURCHASE_TOKEN"
    )


def test_advance_moves_the_clock_and_lists_what_happened(
    tmp_path: Path, served: ServedSandbox, http: httpx.Client
) -> None:
    run = sandbox_cli(tmp_path, "advance", "--hours", "3", "--base-url", served.url)
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert "3 h ahead of the wall clock." in lines[0]
    assert lines[1].startswith("2 subscription events")
    assert "SUBSCRIPTION_CANCELLED  sbx-sub-near-deadline-0102" in lines[2]
    assert "SUBSCRIPTION_EXPIRED  sbx-sub-near-deadline-0102" in lines[3]
    assert call(http, ACKNOWLEDGE, {"purchaseToken": "sbx-sub-near-deadline-0102"}) == failure(
        5004, "SUBSCRIPTION_INACTIVE"
    )
    again = sandbox_cli(tmp_path, "advance", "--hours", "0.5", "--json", "--base-url", served.url)
    body = again.json()
    assert isinstance(body, dict)
    assert (body["aheadHours"], body["events"]) == (3.5, [])


def test_an_environment_names_the_sandbox(
    tmp_path: Path, served: ServedSandbox, http: httpx.Client
) -> None:
    config = tmp_path / "config" / "nowgg-console" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f'[environments.qa-box]\nbase_url = "{served.url}"\n', encoding="utf-8")
    run = sandbox_cli(tmp_path, "mint", "1", "--env", "qa-box")
    assert run.code == 0, run.err
    (item,) = parse_worklist(run.out).items
    verify_line(http, item.token)
    reset = sandbox_cli(tmp_path, "reset", "--env", "qa-box")
    assert reset.code == 0 and f"qa-box ({served.url})" in reset.out


def test_production_is_not_a_sandbox_and_nothing_is_sent(tmp_path: Path) -> None:
    run = sandbox_cli(tmp_path, "reset", "--env", "production")
    assert (run.code, run.out) == (2, "")
    assert "environment production: https://payments-api.now.gg/ is not on this machine" in run.err
    assert "is not a sandbox" in run.err and "nothing was sent" in run.err


def test_the_embedded_sandbox_environment_is_explained(tmp_path: Path) -> None:
    run = sandbox_cli(tmp_path, "mint", "1", "--env", "sandbox")
    assert run.code == 2
    assert "sandbox is the embedded sandbox" in run.err
    assert "nowgg-console sandbox serve" in run.err


@pytest.mark.parametrize(
    ("reply", "said"),
    [
        (
            json_reply({"success": False, "code": 150, "codeMsg": "interface not exist"}),
            'it answered code 150 "interface not exist" (HTTP 200)',
        ),
        (
            Reply(404, (("Content-Type", "text/html"),), b"<h1>Not Found</h1>"),
            "it answered HTTP 404 (text/html)",
        ),
        (json_reply({"ok": True}), "it answered HTTP 200 (application/json)"),
    ],
)
def test_a_loopback_server_that_is_no_sandbox_is_named_so(
    tmp_path: Path, hostile: HostileServer, reply: Reply, said: str
) -> None:
    hostile.default = reply
    run = sandbox_cli(tmp_path, "mint", "2", "--base-url", hostile.url)
    assert (run.code, run.out) == (4, "")
    assert f"{hostile.url} is not a sandbox: {said}" in run.err
    (request,) = hostile.requests
    assert request.path == "/_sandbox/mint"
    # The sandbox's public key, never the user's key from the environment.
    assert request.headers.get("authorization") == SANDBOX_API_KEY
    assert SECRET not in str(request.headers)


def test_no_sandbox_running_is_a_network_failure(tmp_path: Path) -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    run = sandbox_cli(tmp_path, "reset", "--base-url", f"http://127.0.0.1:{port}/")
    assert run.code == 3
    assert f"no sandbox answers at http://127.0.0.1:{port}/" in run.err
    assert "start one with `nowgg-console sandbox serve`" in run.err


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("mint", "0"), "the count '0' is not a whole number from 1 to 10000"),
        (("mint", "10001"), "the count '10001' is not a whole number from 1 to 10000"),
        (("mint", "x\x1b"), "the count 'x\\x1b' is not a whole number"),
        (("mint", "1", "--subscription", "--store", "huawei"), "--subscription makes nowgg"),
        (("mint", "1", "--state", "refunded"), "invalid choice: 'refunded'"),
        (("advance", "--hours", "0"), "--hours '0' is not a number of hours above 0"),
        (("advance", "--hours", "nan"), "--hours 'nan' is not a number of hours"),
        (("advance", "--hours", "8785"), "at most 8784"),
        (("advance",), "the following arguments are required: --hours"),
        (("reset", "--env", "production", "--base-url", "http://127.0.0.1:1/"), "not allowed"),
    ],
)
def test_bad_input_is_a_usage_error_and_sends_nothing(
    tmp_path: Path, hostile: HostileServer, args: tuple[str, ...], said: str
) -> None:
    where = () if "--base-url" in args else ("--base-url", hostile.url)
    run = sandbox_cli(tmp_path, *args, *where)
    assert run.code == 2
    assert said in run.err
    assert hostile.requests == []
