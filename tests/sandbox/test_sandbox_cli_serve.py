"""`nowgg-console sandbox serve` as a process: the request log as QA reads it, `--quiet`, and
`--only-verify-path`."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from console.sandbox.keys import SANDBOX_API_KEY
from tests.sandbox.sandbox_wire import NOT_EXIST, call, client
from tests.sandbox.served_process import serve

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child needs POSIX")

TIME = r"\d\d:\d\d:\d\d"


def test_serve_logs_one_line_per_request(tmp_path: Path) -> None:
    served = serve(tmp_path)
    assert "Each request is logged below: time, path, token, code, HTTP status." in (
        served.announced
    )
    try:
        with client(served.url) as http:
            call(http, "v2/seller/order/verifyPurchase", {"purchaseToken": "sbx-unpaid-0003"})
            call(http, "v2/order/consumePurchase", {"purchaseToken": "sbx-paid-consumed-0002"})
            call(http, "v2/seller/order/acknowledgepurchase", {"purchaseToken": "\x1b[2Jx"})
    finally:
        out, err, code = served.stop()
    lines = out.splitlines()
    assert (code, err) == (0, "")
    assert lines[-1] == "Sandbox stopped."
    log = lines[:-1]
    assert len(log) == 3
    assert re.fullmatch(
        rf"{TIME}  POST /v2/seller/order/verifyPurchase  sbx-unpaid-0003  code 0  HTTP 200", log[0]
    )
    assert re.fullmatch(
        rf"{TIME}  POST /v2/order/consumePurchase  sbx-paid-consumed-0002  code 3800  HTTP 200",
        log[1],
    )
    assert re.fullmatch(
        rf"{TIME}  POST /v2/seller/order/acknowledgepurchase  \\x1b\[2Jx  code 5001  HTTP 200",
        log[2],
    )
    assert SANDBOX_API_KEY not in out.replace(f"API key: {SANDBOX_API_KEY}", "")


def test_quiet_serves_without_a_log(tmp_path: Path) -> None:
    served = serve(tmp_path, "--quiet")
    assert not any("logged" in line for line in served.announced)
    try:
        with client(served.url) as http:
            form = {"purchaseToken": "sbx-unpaid-0003"}
            reply = call(http, "v2/seller/order/verifyPurchase", form)
        assert isinstance(reply, dict) and reply["code"] == 0
    finally:
        out, err, code = served.stop()
    assert (out, err, code) == ("Sandbox stopped.\n", "", 0)


def test_only_verify_path_is_announced_and_kept(tmp_path: Path) -> None:
    served = serve(tmp_path, "--only-verify-path", "sellers", "--quiet")
    assert (
        "verifyPurchase answers on v2/sellers/order/verifyPurchase only; "
        "v2/seller/order/verifyPurchase answers code 150."
    ) in served.announced
    try:
        with client(served.url) as http:
            form = {"purchaseToken": "sbx-paid-unconsumed-0001"}
            assert call(http, "v2/seller/order/verifyPurchase", form) == NOT_EXIST
            reply = call(http, "v2/sellers/order/verifyPurchase", form)
            assert isinstance(reply, dict) and reply["code"] == 0
    finally:
        served.stop()
