"""`env check`: one environment diagnosed step by step, for an on-call engineer who needs to
know at once whether the host, the network path, the certificate, the path or the key is
what fails.

The steps, each timed and judged ok / warn / fail / skipped, in the order a request meets
them:

1. DNS — the host name resolves (an IP address needs no lookup);
2. TCP — a connection opens to the port;
3. TLS — the handshake succeeds with the system's trust store; the certificate's subject,
   issuer, expiry and days left (a warning under `CERT_WARN_DAYS`); skipped for http://,
   where the key travels in clear (a warning off this machine);
4. verify path — which spelling of the verify path the host routes (verify_path.py: on code
   150 the other spelling is tried and, when it answers, remembered);
5. key — the key is accepted: a verify of a token that cannot exist is answered 3901
   (INVALID_PURCHASE_TOKEN) only past a valid key; 3900 means the key was refused.

Nothing is recorded in the history: the verifies concern no purchase. The DNS, TCP and TLS
steps test the direct path to the host (a proxy from HTTPS_PROXY is not used for them).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Final, TypeVar

from console.outcome_category import OutcomeCategory
from console.payments import (
    CODE_INVALID_AUTHORIZATION_KEY,
    CODE_INVALID_PURCHASE_TOKEN,
    VERIFY_PATHS,
    ApiError,
    BaseUrl,
    PaymentsClient,
    PaymentsError,
    PurchaseQuery,
    Store,
    Timeouts,
)
from console.settings.environments import Environment
from console.settings.keys import KeyResolver, KeyUnavailable

from .connection import Connection

T = TypeVar("T")

CHECK_TOKEN: Final = "nowgg-console-env-check-no-such-purchase-0000"
"""A token no purchase has: verifying it asks the key's question without touching money."""
CERT_WARN_DAYS: Final = 14


class StepStatus(StrEnum):
    OK = "ok"
    WARN = "warn"
    FAIL = "fail"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class CheckStep:
    name: str
    """`dns`, `tcp`, `tls`, `verify path` or `key`."""
    status: StepStatus
    detail: str
    """One or two sentences: what was found, and for a failure what it means."""
    elapsed_ms: float | None
    """How long the step took; None when it was skipped."""


@dataclass(frozen=True)
class Certificate:
    subject: str
    issuer: str
    expires: datetime
    days_left: int


@dataclass(frozen=True)
class EnvironmentCheck:
    environment: Environment
    base_url: str
    steps: tuple[CheckStep, ...]
    failure: OutcomeCategory | None = None
    """The category of the first failing step (`network`, `timeout`, `key`, `api`, `http`,
    `parse`); None when nothing failed."""
    certificate: Certificate | None = None
    verify_spelling: str | None = None
    """The spelling of the verify path that answered (`seller` or `sellers`)."""
    key_accepted: bool | None = None
    """True on 3901, False on 3900 or no key; None when the question could not be asked."""
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return all(step.status is not StepStatus.FAIL for step in self.steps)


class _Steps:
    """The steps so far, and the first failure's category."""

    def __init__(self) -> None:
        self.steps: list[CheckStep] = []
        self.failure: OutcomeCategory | None = None

    def add(
        self,
        name: str,
        status: StepStatus,
        detail: str,
        elapsed_ms: float | None,
        category: OutcomeCategory = OutcomeCategory.NETWORK,
    ) -> None:
        self.steps.append(CheckStep(name, status, detail, elapsed_ms))
        if status is StepStatus.FAIL and self.failure is None:
            self.failure = category

    def skip(self, name: str, why: str) -> None:
        self.add(name, StepStatus.SKIPPED, why, None)

    def skip_after(self, names: tuple[str, ...], failed: str) -> None:
        for name in names:
            self.skip(name, f"not tried: the {failed} step failed")


async def _timed(work: Callable[[], Awaitable[T]]) -> tuple[T | BaseException, float]:
    started = time.perf_counter()
    try:
        result: T | BaseException = await work()
    except (OSError, ssl.SSLError, TimeoutError, PaymentsError) as error:
        result = error
    return result, (time.perf_counter() - started) * 1000


async def check_environment(
    environment: Environment,
    *,
    keys: KeyResolver,
    timeouts: Timeouts | None = None,
    config_path: Path | None = None,
) -> EnvironmentCheck:
    """Every step for `environment` (module docstring); never raises for what it finds."""
    connection = Connection(environment, keys, timeouts or Timeouts())
    try:
        return await _check(environment, connection, config_path)
    finally:
        await connection.aclose()


async def _check(
    environment: Environment, connection: Connection, config_path: Path | None
) -> EnvironmentCheck:
    steps = _Steps()
    timeouts = connection.timeouts
    client: PaymentsClient | None = None
    key_problem: KeyUnavailable | None = None
    if environment.embedded_sandbox:
        client = await connection.client()  # starts the simulator: its URL is known then
        base_url = client.base_url
    else:
        assert environment.base_url is not None
        base_url = environment.base_url
    base = BaseUrl.parse(base_url)
    check = EnvironmentCheck(environment, base.url, ())

    addresses = await _dns(base, steps, timeouts.connect)
    if addresses is None:
        steps.skip_after(("tcp", "tls", "verify path", "key"), "DNS")
        return _done(check, steps)
    if not await _tcp(base, addresses, steps, timeouts.connect):
        steps.skip_after(("tls", "verify path", "key"), "TCP")
        return _done(check, steps)
    certificate, tls_ok = await _tls(environment, base, steps, timeouts.connect)
    check = replace(check, certificate=certificate)
    if not tls_ok:
        steps.skip_after(("verify path", "key"), "TLS")
        return _done(check, steps)

    if client is None:
        try:
            client = await connection.client()
        except KeyUnavailable as problem:
            key_problem = problem
    if client is None:
        assert key_problem is not None
        steps.skip("verify path", "not asked: it takes a request, and there is no key to send")
        steps.add("key", StepStatus.FAIL, key_problem.reason, None, OutcomeCategory.KEY)
        return _done(replace(check, key_accepted=False), steps)
    return _done(await _path_and_key(check, connection, client, steps, config_path), steps)


def _done(check: EnvironmentCheck, steps: _Steps) -> EnvironmentCheck:
    return replace(check, steps=tuple(steps.steps), failure=steps.failure)


# --- DNS, TCP, TLS ----------------------------------------------------------------------------


async def _dns(base: BaseUrl, steps: _Steps, seconds: float) -> list[str] | None:
    try:
        socket.inet_pton(socket.AF_INET6 if ":" in base.host else socket.AF_INET, base.host)
    except OSError:
        pass
    else:
        steps.add("dns", StepStatus.OK, f"{base.host} is an IP address: no lookup needed", 0.0)
        return [base.host]
    loop = asyncio.get_running_loop()
    found, elapsed = await _timed(
        lambda: asyncio.wait_for(
            loop.getaddrinfo(base.host, base.port, type=socket.SOCK_STREAM), seconds
        )
    )
    if isinstance(found, TimeoutError):
        steps.add(
            "dns",
            StepStatus.FAIL,
            f"no answer for {base.host} within {seconds:g} s: the DNS server is unreachable "
            "or slow (VPN-only DNS, no network)",
            elapsed,
            OutcomeCategory.TIMEOUT,
        )
        return None
    if isinstance(found, BaseException):
        steps.add(
            "dns",
            StepStatus.FAIL,
            f"the host name {base.host} could not be resolved ({_said(found)}): a typo in the "
            "base URL, no network, or a name only a VPN's DNS knows",
            elapsed,
        )
        return None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
    shown = ", ".join(addresses[:3]) + (f" and {len(addresses) - 3} more" * (len(addresses) > 3))
    steps.add("dns", StepStatus.OK, f"{base.host} resolves to {shown}", elapsed)
    return addresses


async def _tcp(base: BaseUrl, addresses: list[str], steps: _Steps, seconds: float) -> bool:
    address = addresses[0]
    where = f"[{address}]:{base.port}" if ":" in address else f"{address}:{base.port}"

    async def connect() -> None:
        _, writer = await asyncio.wait_for(asyncio.open_connection(address, base.port), seconds)
        writer.close()
        await writer.wait_closed()

    result, elapsed = await _timed(connect)
    if result is None:
        steps.add("tcp", StepStatus.OK, f"connected to {where}", elapsed)
        return True
    if isinstance(result, TimeoutError):
        detail = (
            f"no answer from {where} within {seconds:g} s: a firewall dropping the packets, "
            "or a network that does not reach the host (the China host from abroad, a VPN "
            "that is off)"
        )
        steps.add("tcp", StepStatus.FAIL, detail, elapsed, OutcomeCategory.TIMEOUT)
    elif isinstance(result, ConnectionRefusedError):
        detail = (
            f"{where} refused the connection: nothing listens on port {base.port} (a wrong "
            "port, or the server or sandbox is not running)"
        )
        steps.add("tcp", StepStatus.FAIL, detail, elapsed)
    else:
        steps.add(
            "tcp", StepStatus.FAIL, f"could not connect to {where} ({_said(result)})", elapsed
        )
    return False


async def _tls(
    environment: Environment, base: BaseUrl, steps: _Steps, seconds: float
) -> tuple[Certificate | None, bool]:
    if base.scheme != "https":
        if environment.sends_key_in_clear:
            steps.add(
                "tls",
                StepStatus.WARN,
                f"skipped: plain http:// to {base.host}, another machine — the API key and "
                "every purchase cross the network in clear text",
                None,
            )
        else:
            steps.skip("tls", "plain http:// on this machine: no TLS to check")
        return None, True
    context = ssl.create_default_context()

    async def handshake() -> ssl.SSLObject | None:
        _, writer = await asyncio.wait_for(
            asyncio.open_connection(base.host, base.port, ssl=context, server_hostname=base.host),
            seconds,
        )
        try:
            secured: ssl.SSLObject | None = writer.get_extra_info("ssl_object")
            return secured
        finally:
            writer.close()
            # A server that drops the connection at once: the handshake is done all the same.
            with contextlib.suppress(OSError, ssl.SSLError):
                await writer.wait_closed()

    result, elapsed = await _timed(handshake)
    if isinstance(result, ssl.SSLCertVerificationError):
        why = result.verify_message or _said(result)
        steps.add(
            "tls",
            StepStatus.FAIL,
            f"the certificate of {base.host} was not accepted ({why}): a proxy intercepting "
            "TLS, a wrong host, an expired certificate, or this machine's clock",
            elapsed,
        )
        return None, False
    if isinstance(result, TimeoutError):
        steps.add(
            "tls",
            StepStatus.FAIL,
            f"the TLS handshake with {base.host} did not finish within {seconds:g} s",
            elapsed,
            OutcomeCategory.TIMEOUT,
        )
        return None, False
    if isinstance(result, BaseException):
        steps.add(
            "tls",
            StepStatus.FAIL,
            f"the TLS handshake with {base.host} failed ({_said(result)}): is it an https "
            "server on that port?",
            elapsed,
        )
        return None, False
    certificate = _certificate(result.getpeercert() if result is not None else None)
    version = result.version() if result is not None else None
    if certificate is None:
        steps.add("tls", StepStatus.OK, f"{version or 'TLS'} handshake accepted", elapsed)
        return None, True
    detail = (
        f"{version or 'TLS'}; certificate for {certificate.subject}, issued by "
        f"{certificate.issuer}, valid until {certificate.expires:%Y-%m-%d} "
        f"({certificate.days_left} days left)"
    )
    if certificate.days_left < CERT_WARN_DAYS:
        steps.add("tls", StepStatus.WARN, f"{detail}: it expires soon", elapsed)
    else:
        steps.add("tls", StepStatus.OK, detail, elapsed)
    return certificate, True


def _certificate(found: object) -> Certificate | None:
    if not isinstance(found, dict) or "notAfter" not in found:
        return None
    expires = datetime.fromtimestamp(ssl.cert_time_to_seconds(str(found["notAfter"])), UTC)
    days = int((expires - datetime.now(UTC)).total_seconds() // 86400)
    return Certificate(_name(found.get("subject")), _name(found.get("issuer")), expires, days)


def _name(rdns: object) -> str:
    """`CN=payments-api.now.gg, O=…` from the nested tuples `getpeercert` gives."""
    parts: list[str] = []
    short = {"commonName": "CN", "organizationName": "O", "countryName": "C"}
    if isinstance(rdns, tuple):
        for rdn in rdns:
            for pair in rdn if isinstance(rdn, tuple) else ():
                if isinstance(pair, tuple) and len(pair) == 2 and pair[0] in short:
                    parts.append(f"{short[pair[0]]}={pair[1]}")
    return ", ".join(parts) or "(no name)"


def _said(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


# --- the verify path and the key ---------------------------------------------------------------


async def _path_and_key(
    check: EnvironmentCheck,
    connection: Connection,
    client: PaymentsClient,
    steps: _Steps,
    config_path: Path | None,
) -> EnvironmentCheck:
    from .verify_path import answered_150, try_other_spelling

    query = PurchaseQuery(CHECK_TOKEN, Store.NOWGG)
    first = connection.verify_spelling
    path = VERIFY_PATHS[first]

    async def ask() -> object:
        return await client.send_verify(client.prepare_verify(query))

    answer, elapsed = await _timed(ask)
    spelling = first
    key_elapsed = elapsed
    if isinstance(answer, PaymentsError) and answered_150(answer):
        started = time.perf_counter()
        tried = await try_other_spelling(connection, client, query, config_path)
        key_elapsed = (time.perf_counter() - started) * 1000
        if tried.error is not None and answered_150(tried.error):
            steps.add("verify path", StepStatus.FAIL, tried.note, elapsed, OutcomeCategory.API)
            steps.skip("key", "not asked: no spelling of the verify path is routed here")
            return check
        if tried.error is not None and not isinstance(tried.error, ApiError):
            steps.add("verify path", StepStatus.FAIL, tried.note, elapsed, tried.error.category)
            steps.skip("key", "not asked: the verify did not get an answer")
            return check
        spelling = connection.verify_spelling
        steps.add("verify path", StepStatus.WARN, tried.note, elapsed)
        answer = tried.error if tried.error is not None else tried.result
    elif isinstance(answer, PaymentsError) and not isinstance(answer, ApiError):
        steps.add(
            "verify path",
            StepStatus.FAIL,
            f"{path}: no usable answer — {answer.reason}",
            elapsed,
            OutcomeCategory(answer.category),
        )
        steps.skip("key", "not asked: the verify did not get an answer")
        return check
    else:
        steps.add("verify path", StepStatus.OK, f"{path} is routed here", elapsed)
    accepted = _judge_key(answer, steps, key_elapsed)
    return replace(check, verify_spelling=spelling, key_accepted=accepted)


def _judge_key(answer: object, steps: _Steps, elapsed: float) -> bool | None:
    if isinstance(answer, ApiError) and answer.code == CODE_INVALID_PURCHASE_TOKEN:
        steps.add(
            "key",
            StepStatus.OK,
            "accepted: a token that cannot exist was answered 3901 (INVALID_PURCHASE_TOKEN), "
            "which now.gg answers only past a valid key",
            elapsed,
        )
        return True
    if isinstance(answer, ApiError) and answer.code == CODE_INVALID_AUTHORIZATION_KEY:
        steps.add(
            "key",
            StepStatus.FAIL,
            "refused: now.gg answered 3900 (INVALID_AUTHORIZATION_KEY). The key is wrong for "
            "this host or app: copy it again from nowStudio's credentials section and store "
            "it (`nowgg-console key set ENV`)",
            elapsed,
            OutcomeCategory.API,
        )
        return False
    if isinstance(answer, ApiError):
        steps.add(
            "key",
            StepStatus.WARN,
            f"not known: a token that cannot exist was answered code {answer.code} rather "
            f"than 3901 ({answer.reason}); `nowgg-console explain {answer.code}` says more",
            elapsed,
        )
        return None
    steps.add(
        "key",
        StepStatus.WARN,
        "not known: a token that cannot exist was answered as a purchase — whatever answers "
        "here does not behave like now.gg",
        elapsed,
    )
    return None
