"""The API key never goes through a proxy in clear (issue 7, item 7): with HTTP_PROXY set, a
plain-http request used to go through the proxy, `Authorization` header and all. Now plain
http always connects directly; https still uses the proxy, as a CONNECT tunnel whose only
readable part is the host name."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from console.payments.apikey import ApiKey
from console.payments.client import PaymentsClient, Timeouts
from console.payments.errors import PaymentsError
from console.payments.proxy_policy import uses_environment_proxies
from console.payments.query import PurchaseQuery
from console.payments.urls import BaseUrl
from tests.hostile_server import HostileServer
from tests.payments.payments_loopback import SECRET

TIMEOUTS = Timeouts(connect=2, read=5)
PROXY_VARIABLES = ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY")


@pytest.mark.parametrize(
    ("base_url", "proxied"),
    [
        ("https://payments-api.now.gg/", True),
        ("https://staging.example.com:8443/prefix/", True),
        ("http://staging.example.com/", False),
        ("http://payments-api.now.gg/", False),
        ("http://127.0.0.1:8765/", False),
        ("https://localhost:8443/", False),
        ("http://[::1]:8765/", False),
    ],
)
def test_only_https_to_another_machine_may_use_a_proxy(base_url: str, proxied: bool) -> None:
    assert uses_environment_proxies(BaseUrl.parse(base_url)) is proxied


@pytest.fixture
def proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[HostileServer]:
    """A hostile "proxy" on loopback, named by every proxy variable, with no exceptions."""
    with HostileServer() as server:
        for name in PROXY_VARIABLES:
            monkeypatch.setenv(name, server.url)
        for name in ("NO_PROXY", "no_proxy"):
            monkeypatch.delenv(name, raising=False)
        yield server


def non_loopback_name_for(port: int) -> str:
    """A host that `BaseUrl` does not count as loopback, yet that reaches 127.0.0.1 here: a
    remote host's stand-in that needs no network. The first that works is used."""
    candidates = (socket.gethostname(), "127.1", "0.0.0.0")
    for host in candidates:
        try:
            if BaseUrl.parse(f"http://{host}:{port}/").is_loopback:
                continue
            with socket.create_connection((host, port), timeout=1):
                return host
        except (PaymentsError, OSError):
            continue
    raise AssertionError(f"none of {candidates} is a non-loopback name reaching 127.0.0.1")


async def test_plain_http_connects_directly_and_the_proxy_sees_nothing(
    proxy: HostileServer, hostile: HostileServer
) -> None:
    port = urlsplit(hostile.url).port
    assert port is not None
    host = non_loopback_name_for(port)
    base = f"http://{host}:{port}/"
    assert not BaseUrl.parse(base).is_loopback
    async with PaymentsClient(base, ApiKey(SECRET), TIMEOUTS) as payments:
        result = await payments.verify(PurchaseQuery("hostile-token"))
    assert proxy.requests == []
    [received] = hostile.requests
    assert received.headers["authorization"] == SECRET  # it reached the server, directly
    assert result.purchase.purchase_state == 1


async def test_https_goes_through_the_proxy_only_as_a_tunnel(proxy: HostileServer) -> None:
    # The hostile proxy accepts CONNECT and then answers in clear, so TLS fails: nothing
    # beyond the tunnel request ever reached it.
    async with PaymentsClient("https://payments-api.now.gg/", ApiKey(SECRET), TIMEOUTS) as payments:
        with pytest.raises(PaymentsError):
            await payments.verify(PurchaseQuery("hostile-token"))
    [received] = proxy.requests
    assert (received.method, received.path) == ("CONNECT", "payments-api.now.gg:443")
    assert "authorization" not in received.headers
    assert received.form == {}
