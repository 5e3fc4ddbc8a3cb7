"""The vendor pages' own sample requests (shared/seeds/), sent to the sandbox.

Each sample is kept as the page writes it; only the host becomes the sandbox's loopback URL and
the placeholders become the sandbox key and a seeded token. Where a page's shell quoting is
broken beyond running, the comment says what was repaired and why.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import httpx
import pytest

from console.sandbox.keys import SANDBOX_API_KEY
from console.sandbox.server import SandboxServer
from tests.sandbox.sandbox_wire import CONSUMED, VERIFY, call, failure

CURL = shutil.which("curl")
needs_curl = pytest.mark.skipif(CURL is None, reason="the curl binary is not installed")

# The 002 sample reply's data keys, in its order.
SAMPLE_002_KEYS = [
    "purchaseTimeMillis",
    "purchaseTime",
    "purchaseState",
    "consumptionState",
    "developerPayload",
    "orderId",
    "kind",
    "regionCode",
]
MINIMAL_TOKEN = "sbx-minimal-002-0012"


def run_curl(*args: str) -> httpx.Response:
    """Run the real curl; --noproxy and a proxy-free environment keep it on loopback."""
    assert CURL is not None
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    result = subprocess.run(
        [CURL, "--silent", "--show-error", "--max-time", "5", "--noproxy", "*", *args],
        capture_output=True,
        timeout=15,
        env=env,
        check=True,
    )
    return httpx.Response(200, content=result.stdout)


def assert_documented_verify_reply(body: object) -> None:
    """The 002 sample reply's shape: the envelope and its eight data fields with their types."""
    assert isinstance(body, dict)
    assert (body["success"], body["code"], body["codeMsg"]) == (True, 0, "success")
    data = body["data"]
    assert list(data) == SAMPLE_002_KEYS
    assert isinstance(data["purchaseTime"], str) and len(data["purchaseTime"]) == 13
    assert data["purchaseTimeMillis"] == data["purchaseTime"]
    assert isinstance(data["purchaseState"], int) and isinstance(data["consumptionState"], int)
    assert data["kind"] == "nowgg#productPurchase"


def test_002_python_sample(sandbox: SandboxServer) -> None:
    # 002's sample, with httpx standing in for requests (same wire: a string body, as is).
    url = sandbox.url + "v2/seller/order/verifyPurchase"

    payload = f"purchaseToken={MINIMAL_TOKEN}"
    headers = {
        "Authorization": SANDBOX_API_KEY,
        "Content-Type": "application/x-www-form-urlencoded",
    }

    response = httpx.request("POST", url, headers=headers, content=payload, trust_env=False)

    assert response.status_code == 200
    assert_documented_verify_reply(response.json())


@needs_curl
def test_002_curl_sample(sandbox: SandboxServer) -> None:
    response = run_curl(
        "--location",
        sandbox.url + "v2/seller/order/verifyPurchase",
        "--header",
        f"Authorization: {SANDBOX_API_KEY}",
        "--header",
        "Content-Type: application/x-www-form-urlencoded",
        "--data-urlencode",
        f"purchaseToken={MINIMAL_TOKEN}",
    )
    assert_documented_verify_reply(response.json())


def test_000_python_sample_consumes_a_xiaomi_order(sandbox: SandboxServer) -> None:
    # 000's sample with its // comments dropped (they are not Python) and requests → httpx.
    url = sandbox.url + "v2/order/consumePurchase"

    headers = {
        "Authorization": SANDBOX_API_KEY,
        "Content-Type": "application/x-www-form-urlencoded",
    }

    data = {
        "purchaseToken": "sbx-xiaomi-0006",
        "productId": "com.example.gems.500",
        "developerPayload": "developerPayload",
        "currency": "INR",
        "type": "xiaomi",
    }

    response = httpx.post(url, headers=headers, data=data, trust_env=False)

    assert response.status_code == 200
    assert response.json() == CONSUMED
    with httpx.Client(base_url=sandbox.url, trust_env=False) as http:
        after = call(http, VERIFY, {k: v for k, v in data.items() if k != "developerPayload"})
    assert isinstance(after, dict)
    assert after["data"]["consumptionState"] == 1
    assert after["data"]["developerPayload"] == "developerPayload"


# 000's and 003's curl samples write `--header 'Content-Type': 'application/x-www-…'`, which
# a shell splits into an empty Content-Type header and a second URL (which curl would then try
# to reach). That argument is repaired into the header the page means; curl's --data sends
# the form content type anyway. The JSON-looking --data is kept verbatim, comments included.

_003_CURL_DATA = """{ "purchaseToken": "sbx-xiaomi-0006", "productId": "com.example.gems.500", \
// 멀티 스토어에만 필요 "currency": "INR", // 멀티 스토어에만 필요 "type": "xiaomi" \
// xiaomi | onestore | amazon | huawei 존재하지 않을 경우 기본값은 nowgg로 설정됩니다. }"""

_000_CURL_DATA = """{
     "purchaseToken": "sbx-paid-unconsumed-0001",
     "productId": "<product_id_here>", // 仅适用于多商店
     "developerPayload" : developerPayload, // 可选, 仅适用于多商店
     "currency": "<currency>", // 仅适用于多商店
     "type": "<store>"  // xiaomi | onestore // 如果不存在,则默认值为 nowgg
 }"""


@needs_curl
def test_003_curl_sample_reaches_verify_on_the_sellers_path_but_sends_json(
    sandbox: SandboxServer,
) -> None:
    # The `sellers` spelling is served (API.md "Path spelling"); the body is the page's
    # JSON-looking text under the form content type, which carries no `purchaseToken` field.
    response = run_curl(
        "--location",
        "--request",
        "POST",
        sandbox.url + "v2/sellers/order/verifyPurchase",
        "--header",
        f"Authorization: {SANDBOX_API_KEY}",
        "--header",
        "Content-Type: application/x-www-form-urlencoded",
        "--data",
        _003_CURL_DATA,
    )
    assert response.json() == failure(3901, "INVALID_PURCHASE_TOKEN")


def test_003_python_sample_on_the_sellers_path_gets_the_documented_reply(
    sandbox: SandboxServer,
) -> None:
    url = sandbox.url + "v2/sellers/order/verifyPurchase"
    headers = {
        "Authorization": SANDBOX_API_KEY,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    data = {
        "purchaseToken": "sbx-xiaomi-0006",
        "productId": "com.example.gems.500",
        "currency": "INR",
        "type": "xiaomi",
    }
    response = httpx.post(url, headers=headers, data=data, trust_env=False)
    assert response.status_code == 200
    body = response.json()
    assert (body["success"], body["code"], body["codeMsg"]) == (True, 0, "success")
    assert body["data"]["purchaseToken"] == "sbx-xiaomi-0006"
    assert body["data"]["productId"] == "com.example.gems.500"
    assert body["data"]["currency"] == "INR"
    with httpx.Client(base_url=sandbox.url, trust_env=False) as http:
        assert call(http, VERIFY, data) == body  # the same reply as the `seller` spelling


@needs_curl
def test_000_curl_sample_sends_json_so_finds_no_token(sandbox: SandboxServer) -> None:
    response = run_curl(
        "--location",
        "--request",
        "POST",
        sandbox.url + "v2/order/consumePurchase",
        "--header",
        f"Authorization: {SANDBOX_API_KEY}",
        "--header",
        "Content-Type: application/x-www-form-urlencoded",
        "--data",
        _000_CURL_DATA,
    )
    assert response.json() == failure(3901, "INVALID_PURCHASE_TOKEN")
