"""The copied curl line: runnable as it stands, exact about the form, and never the key."""

from __future__ import annotations

import asyncio
import os
import shlex
import shutil

import pytest

from console.payments.apikey import ApiKey
from console.payments.client import PaymentsClient
from console.payments.curl import curl_line
from console.payments.models import PreparedRequest
from console.payments.query import PurchaseQuery
from console.payments.stores import Store
from tests.payments.payments_loopback import SECRET, Serve, http_reply

AWKWARD_PAYLOAD = 'it\'s $HOME & `id` "quoted" @file 100%=yes\u00e9'


async def prepared_consume(
    api_key: ApiKey, base_url: str = "https://payments-api.now.gg/"
) -> PreparedRequest:
    query = PurchaseQuery("241028222221SGP61717", Store.ONESTORE, product_id="p 1", currency="KRW")
    async with PaymentsClient(base_url, api_key) as payments:
        return payments.prepare_consume(query, developer_payload=AWKWARD_PAYLOAD)


async def test_the_key_is_a_variable_the_shell_expands(api_key: ApiKey) -> None:
    line = curl_line(await prepared_consume(api_key))
    assert '-H "Authorization: $NOWGG_CONSOLE_API_KEY"' in line
    assert SECRET not in line
    assert api_key.masked not in line


async def test_the_line_splits_back_into_the_exact_request(api_key: ApiKey) -> None:
    words = shlex.split(curl_line(await prepared_consume(api_key)))
    assert words[:3] == ["curl", "-sS", "https://payments-api.now.gg/v2/order/consumePurchase"]
    data = [words[i + 1] for i, word in enumerate(words) if word == "--data-urlencode"]
    assert data == [
        "purchaseToken=241028222221SGP61717",
        "productId=p 1",
        "currency=KRW",
        "type=onestore",
        f"developerPayload={AWKWARD_PAYLOAD}",
    ]
    headers = [words[i + 1] for i, word in enumerate(words) if word == "-H"]
    assert "Content-Type: application/x-www-form-urlencoded" in headers


async def test_another_variable_name_may_be_chosen(api_key: ApiKey) -> None:
    line = curl_line(await prepared_consume(api_key), key_variable="PAY_KEY_CN")
    assert '"Authorization: $PAY_KEY_CN"' in line


@pytest.mark.parametrize("name", ["", "1KEY", "KEY; rm -rf ~", "$(id)", "A B"])
async def test_a_variable_name_that_is_not_one_is_refused(api_key: ApiKey, name: str) -> None:
    with pytest.raises(ValueError, match="not a shell variable name"):
        curl_line(await prepared_consume(api_key), key_variable=name)


@pytest.mark.skipif(
    shutil.which("curl") is None or shutil.which("sh") is None,
    reason="needs curl and a POSIX shell",
)
async def test_the_line_runs_in_a_shell_and_sends_what_the_client_would(
    serve: Serve, api_key: ApiKey
) -> None:
    server = await serve(http_reply(200, b'{"success":true,"code":0,"codeMsg":"success"}'))
    request = await prepared_consume(api_key, server.url)
    environment = {**os.environ, "NOWGG_CONSOLE_API_KEY": SECRET}
    shell = await asyncio.create_subprocess_exec(
        "sh",
        "-c",
        curl_line(request),
        env=environment,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    output, errors = await asyncio.wait_for(shell.communicate(), timeout=5)
    assert shell.returncode == 0, errors
    assert b'"success":true' in output
    [sent] = server.requests
    assert sent.path == "/v2/order/consumePurchase"
    assert sent.header("Authorization") == SECRET
    assert sent.form == list(request.form)
