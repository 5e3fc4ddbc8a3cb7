"""The loopback server: start, URL, prompt stop with a held request, quiet, bind errors,
and `serve_forever` in a real process stopped by Ctrl+C (SIGINT)."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time

import httpx
import pytest

from console.sandbox.server import SandboxError, SandboxServer, serve_forever
from tests.sandbox.sandbox_wire import VERIFY, call, client, post

PAID = {"purchaseToken": "sbx-paid-unconsumed-0001"}
NO_REPLY = {"purchaseToken": "sbx-fault-no-reply"}


def wait_until(condition: object, timeout: float = 2.0) -> None:
    assert callable(condition)
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.01)


def test_start_answers_at_once_on_a_loopback_url() -> None:
    with SandboxServer() as server:
        assert server.url == f"http://127.0.0.1:{server.port}/"
        assert server.port > 0
        with client(server.url) as http:
            reply = call(http, VERIFY, PAID)
        assert isinstance(reply, dict) and reply["code"] == 0
    assert not server.running


def test_stop_is_prompt_with_a_request_held_open() -> None:
    server = SandboxServer()
    server.start()
    outcome: list[object] = []

    def hold() -> None:
        with client(server.url, timeout=30) as http:
            try:
                outcome.append(post(http, VERIFY, NO_REPLY).status_code)
            except httpx.HTTPError as exc:
                outcome.append(exc)

    caller = threading.Thread(target=hold)
    caller.start()
    wait_until(lambda: server.app.held_requests == 1)
    started = time.perf_counter()
    server.stop()
    assert time.perf_counter() - started < 1.0
    caller.join(2)
    assert outcome == [503]  # the held request is answered "stopping", not left hanging


def test_stop_twice_and_restart_keep_the_state() -> None:
    server = SandboxServer()
    with server, client(server.url) as http:
        call(http, "v2/order/consumePurchase", PAID)
    server.stop()
    with server, client(server.url) as http:
        reply = call(http, VERIFY, PAID)
    assert isinstance(reply, dict) and reply["data"]["consumptionState"] == 1


def test_the_delay_applies_to_every_reply() -> None:
    with SandboxServer(delay_s=0.2) as server, client(server.url) as http:
        started = time.perf_counter()
        call(http, "no/such/path", PAID)
        call(http, VERIFY, PAID)
        assert time.perf_counter() - started >= 0.4


def test_the_server_prints_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    with SandboxServer() as server, client(server.url) as http:
        call(http, VERIFY, PAID)
        call(http, "nowhere", PAID)
        with pytest.raises(httpx.ReadTimeout):
            post(http, VERIFY, NO_REPLY, timeout=0.2)
    assert capfd.readouterr() == ("", "")


def test_a_busy_port_is_a_clear_error() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(SandboxError, match=f"port {port} on 127.0.0.1 is already in use"):
            SandboxServer(port=port).start()
        lines: list[str] = []
        with pytest.raises(SandboxError, match="already in use"):
            serve_forever("127.0.0.1", port, announce=lines.append)
        assert lines == []


def test_an_address_not_on_this_machine_is_a_clear_error() -> None:
    # 203.0.113.1 is TEST-NET-3: never local, and binding to it sends no packet anywhere.
    with pytest.raises(SandboxError, match=r"cannot listen on 203\.0\.113\.1 port 0: ") as caught:
        SandboxServer("203.0.113.1").start()
    assert "\n" not in str(caught.value)


def test_the_url_is_unknown_before_start() -> None:
    with pytest.raises(SandboxError):
        _ = SandboxServer().url


_SERVE = (
    "from console.sandbox.server import serve_forever\n"
    "serve_forever('127.0.0.1', 0, announce=lambda line: print(line, flush=True))\n"
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child needs POSIX")
def test_serve_forever_announces_serves_and_stops_cleanly_on_ctrl_c() -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", _SERVE],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("now.gg sandbox listening on http://127.0.0.1:")
        url = first.rsplit(" ", 1)[1].strip()
        assert process.stdout.readline().strip() == "API key: sandbox-key-nowgg-console-0000"
        assert "Ctrl+C" in process.stdout.readline()
        with client(url) as http:
            reply = call(http, VERIFY, PAID)
        assert isinstance(reply, dict) and reply["code"] == 0
        process.send_signal(signal.SIGINT)
        rest, errors = process.communicate(timeout=5)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0
    assert rest == "Sandbox stopped.\n"
    assert errors == ""
