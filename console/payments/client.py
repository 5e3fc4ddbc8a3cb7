"""The HTTP client of the endpoints (verify, consume, acknowledge): build the exact request,
send it, judge the reply.

Every call is prepared first (`prepare_verify`, `prepare_consume`): the prepared request is what
a dry run prints, what history records and what `curl_line` copies, with the key masked; the
call then sends exactly that (`send_verify`, `send_consume`), with the real key put back only
into the header on the wire. `verify` and `consume` do both steps, for callers that need not
keep the request. The query comes checked and cleaned (`PurchaseQuery`): nothing here cleans
it again.

Every failure leaves as a `PaymentsError` whose reason says what happened in words, never with
the key in it.

Nothing a server does can hold a call or the memory hostage: every exchange has a total
deadline (`Timeouts.deadline`), and a reply is bounded in size on the wire and once
decompressed (`body`). A plain-http call never goes through a proxy (`proxy_policy`).

A client made `blocking=True` (a one-shot command) sends with httpx's blocking client instead
of its async one, under the same rules (blocking.py); everything else here is shared.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Final

import httpx

from console import __version__
from console.payments import stores, wire
from console.payments.apikey import ApiKey
from console.payments.blocking import TotalDeadline, exchange_blocking
from console.payments.body import read_body
from console.payments.deadline import ExchangeProgress
from console.payments.errors import DeadlineExceeded, InputRejected, PaymentsError
from console.payments.failures import FailureMapper
from console.payments.models import (
    Envelope,
    PreparedRequest,
    VerifyResult,
)
from console.payments.parse import parse_envelope, parse_purchase
from console.payments.proxy_policy import uses_environment_proxies
from console.payments.query import PurchaseQuery
from console.payments.received import ReceivedBody
from console.payments.tls_policy import tls_verification
from console.payments.urls import BaseUrl

if TYPE_CHECKING:
    import asyncio  # the async client's deadline; a blocking one never loads asyncio

    from console.payments.write_results import AcknowledgeResult, ConsumeResult

USER_AGENT: Final = f"nowgg-console/{__version__}"
DEFAULT_MAX_BODY_BYTES: Final = 1_048_576


@dataclass(frozen=True)
class Timeouts:
    """Seconds to wait for a connection, and for each read of the reply.

    Writing the (tiny) request shares the read limit; waiting for a pooled connection shares
    the connect limit, since in both cases the question is the same: is the other side there.
    On top of both, the whole exchange has a total `deadline`.
    """

    connect: float = 5.0
    read: float = 15.0

    def __post_init__(self) -> None:
        for name, value in (("connect", self.connect), ("read", self.read)):
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(value)
                or value <= 0
            ):
                raise ValueError(
                    f"the {name} timeout must be a number of seconds above 0, not {value!r}"
                )

    @property
    def deadline(self) -> float:
        """Seconds the whole exchange (connect, send, reply headers, body) may take: connect
        + read. Per-read limits alone let a reply dripping a byte a second last for ever;
        after this long, no request of this client is still running."""
        return self.connect + self.read


DEFAULT_TIMEOUTS: Final = Timeouts()


@dataclass(frozen=True)
class _Reply:
    status: int
    content_type: str
    body: bytes
    latency_ms: float


class RequestBuilder:
    """The exact requests for one base URL, the key shown as `masked_key`: no network."""

    def __init__(self, base: BaseUrl, masked_key: str, verify_path: str) -> None:
        self._base = base
        self._masked_key = masked_key
        self._verify_path = verify_path

    def prepare_verify(self, query: PurchaseQuery, *, path: str | None = None) -> PreparedRequest:
        chosen = path or self._verify_path
        if chosen not in wire.VERIFY_PATHS.values():
            raise ValueError(f"{chosen!r} is not a verify path of the API")
        return self._prepare(chosen, self._form(query))

    def prepare_consume(
        self, query: PurchaseQuery, developer_payload: str | None = None
    ) -> PreparedRequest:
        stores.require_server_consume(query.store)
        form = self._form(query)
        # None means "not given"; an empty string is sent, since someone chose it.
        if developer_payload is not None:
            form.append(("developerPayload", developer_payload))
        return self._prepare(wire.CONSUME_PATH, form)

    def prepare_acknowledge(self, query: PurchaseQuery) -> PreparedRequest:
        return self._prepare(wire.ACKNOWLEDGE_PATH, [("purchaseToken", query.token)])

    @staticmethod
    def _form(query: PurchaseQuery) -> list[tuple[str, str]]:
        form = [("purchaseToken", query.token)]
        if stores.rule_for(query.store).multi_store:
            # A multi-store query always has both (PurchaseQuery refuses one without).
            form += [
                ("productId", query.product_id or ""),
                ("currency", query.currency or ""),
                ("type", query.store.value),
            ]
        return form

    def _prepare(self, path: str, form: list[tuple[str, str]]) -> PreparedRequest:
        return PreparedRequest(
            method="POST",
            url=self._base.endpoint(path),
            headers=(
                (wire.AUTHORIZATION_HEADER, self._masked_key),
                (wire.CONTENT_TYPE_HEADER, wire.FORM_CONTENT_TYPE),
                (wire.ACCEPT_HEADER, wire.JSON_CONTENT_TYPE),
                # Compressed replies can be bombs; asking for none makes one a server's
                # deliberate choice, still decoded within bounds (body.py).
                ("Accept-Encoding", "identity"),
                ("User-Agent", USER_AGENT),
            ),
            form=tuple(form),
            masked_key=self._masked_key,
        )


def _judged(reply: _Reply) -> Envelope:
    """The reply's envelope, or its error carrying the body that came back (the evidence a
    person reads when the reply is a page, a cut-off JSON or plain text)."""
    try:
        return parse_envelope(reply.status, reply.content_type, reply.body)
    except PaymentsError as error:
        error.received = ReceivedBody(reply.status, reply.content_type, reply.body)
        raise


class PaymentsClient:
    """A typed client of verifyPurchase and consumePurchase against one host with one key.

    Use it as an async context manager, or call `aclose()`: it holds a connection pool.
    """

    def __init__(
        self,
        base_url: str,
        api_key: ApiKey,
        timeouts: Timeouts = DEFAULT_TIMEOUTS,
        *,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        transport: httpx.AsyncBaseTransport | None = None,
        verify_path: str = wire.VERIFY_PATH,
        blocking: bool = False,
    ) -> None:
        """`verify_path`: the spelling of the verify path this host answers (API.md, "Path
        spelling"): `wire.VERIFY_PATH` unless the host is known to want the other one.

        `blocking`: send each request with httpx's blocking client, from the main thread,
        holding the event loop until the reply is read (blocking.py). For a command that
        sends one request and exits: it starts faster, and its loop has nothing else to
        run. A screen, or anything sending several requests at once, keeps the default."""
        if verify_path not in wire.VERIFY_PATHS.values():
            raise ValueError(f"{verify_path!r} is not a verify path of the API")
        self.verify_path = verify_path
        if max_body_bytes <= 0:
            raise ValueError(f"max_body_bytes must be above 0, not {max_body_bytes}")
        self._base = BaseUrl.parse(base_url)
        if not api_key.reveal().isascii():
            # HTTP headers are ASCII; httpx would fail deep inside with a UnicodeEncodeError.
            raise InputRejected(
                "the API key holds a non-ASCII character, which no HTTP header can carry: "
                "copy it again from nowStudio's credentials section"
            )
        self._api_key = api_key
        self._timeouts = timeouts
        self._max_body_bytes = max_body_bytes
        self._failures = FailureMapper(self._base, timeouts.connect, timeouts.read, api_key)
        timeout = httpx.Timeout(
            connect=timeouts.connect, read=timeouts.read, write=timeouts.read, pool=timeouts.connect
        )
        # Never through a proxy in clear, nor for the loopback sandbox (proxy_policy).
        trust_env = uses_environment_proxies(self._base)
        # The trust store for https; plain http makes no TLS connection (tls_policy).
        verify = tls_verification(self._base)
        # follow_redirects: a redirected POST turns into a GET and loses its body: report it.
        self._http: httpx.AsyncClient | None = None
        self._blocking: httpx.Client | None = None
        if blocking:
            if transport is not None:
                raise ValueError("a blocking client takes no async transport")
            self._blocking = httpx.Client(
                timeout=timeout, trust_env=trust_env, verify=verify, follow_redirects=False
            )
        else:
            self._http = httpx.AsyncClient(
                timeout=timeout,
                transport=transport,
                trust_env=trust_env,
                verify=verify,
                follow_redirects=False,
            )

    @property
    def base_url(self) -> str:
        return self._base.url

    @property
    def timeouts(self) -> Timeouts:
        return self._timeouts

    # --- preparing: no network, so dry runs and history see the exact request -------------

    @staticmethod
    def preview(base_url: str, masked_key: str) -> RequestBuilder:
        """Requests as this client would prepare them for `base_url`, with `masked_key` where
        the key goes: a dry run made before anyone has a key. Sends nothing, holds no key."""
        return RequestBuilder(BaseUrl.parse(base_url), masked_key, wire.VERIFY_PATH)

    def _builder(self) -> RequestBuilder:
        return RequestBuilder(self._base, self._api_key.masked, self.verify_path)

    def prepare_verify(self, query: PurchaseQuery, *, path: str | None = None) -> PreparedRequest:
        """The verifyPurchase request for `query`, on `path` (one of `wire.VERIFY_PATHS`;
        by default the spelling this client was given)."""
        return self._builder().prepare_verify(query, path=path)

    def prepare_consume(
        self, query: PurchaseQuery, developer_payload: str | None = None
    ) -> PreparedRequest:
        """The consumePurchase request; refused for stores whose purchases the server cannot
        consume (checked first: no field the person could add would change that)."""
        return self._builder().prepare_consume(query, developer_payload)

    def prepare_acknowledge(self, query: PurchaseQuery) -> PreparedRequest:
        """The acknowledgePurchase request ([public] docs): the form holds `purchaseToken`
        alone, whatever the store, as documented; the store's fields serve the verify made
        first, not this call."""
        return self._builder().prepare_acknowledge(query)

    # --- calling ------------------------------------------------------------------------------

    async def verify(self, query: PurchaseQuery) -> VerifyResult:
        """What now.gg says about a purchase; a `PaymentsError` for every other outcome."""
        return await self.send_verify(self.prepare_verify(query))

    async def send_verify(self, request: PreparedRequest) -> VerifyResult:
        """Send a request `prepare_verify` made, exactly as it is."""
        reply = await self._send(request)
        envelope = _judged(reply)
        return VerifyResult(
            purchase=parse_purchase(envelope),
            envelope=envelope,
            request=request,
            http_status=reply.status,
            latency_ms=reply.latency_ms,
        )

    async def consume(
        self, query: PurchaseQuery, developer_payload: str | None = None
    ) -> ConsumeResult:
        """Mark a purchase consumed. Never retried here: on a failure whose
        `outcome_unknown` is true, verify to learn what happened."""
        return await self.send_consume(self.prepare_consume(query, developer_payload))

    async def send_consume(self, request: PreparedRequest) -> ConsumeResult:
        """Send a request `prepare_consume` made, exactly as it is (the one a dry run showed
        and a confirmation dialog was about). Never retried."""
        from console.payments.write_results import ConsumeResult  # a write's: verify skips it

        reply = await self._send(request)
        envelope = _judged(reply)
        return ConsumeResult(
            envelope=envelope,
            request=request,
            http_status=reply.status,
            latency_ms=reply.latency_ms,
        )

    async def acknowledge(self, query: PurchaseQuery) -> AcknowledgeResult:
        """Acknowledge a subscription purchase. Never retried here: on a failure whose
        `outcome_unknown` is true, nothing this API offers tells what happened (see
        `console.desk.acknowledge`)."""
        return await self.send_acknowledge(self.prepare_acknowledge(query))

    async def send_acknowledge(self, request: PreparedRequest) -> AcknowledgeResult:
        """Send a request `prepare_acknowledge` made, exactly as it is: the same deadline,
        bounded reading, proxy and TLS policy as every call (`_send`). Never retried."""
        from console.payments.write_results import AcknowledgeResult  # a write's

        reply = await self._send(request)
        envelope = _judged(reply)
        return AcknowledgeResult(
            envelope=envelope,
            request=request,
            http_status=reply.status,
            latency_ms=reply.latency_ms,
        )

    async def _send(self, request: PreparedRequest) -> _Reply:
        if not request.url.startswith(self._base.url):
            # Prepared by another client: this key must not go to that host.
            raise ValueError(f"this request was not prepared for {self._base.url}")
        headers = [
            (name, self._api_key.reveal() if name == wire.AUTHORIZATION_HEADER else value)
            for name, value in request.headers
        ]
        progress = ExchangeProgress()
        started = time.perf_counter()
        deadline: TotalDeadline | asyncio.Timeout
        try:
            if self._blocking is not None:
                deadline = TotalDeadline(self._timeouts.deadline)
                response, body = exchange_blocking(
                    self._blocking,
                    self._blocking.build_request(
                        request.method, request.url, data=dict(request.form), headers=headers
                    ),
                    progress,
                    deadline,
                    self._max_body_bytes,
                )
            else:
                import asyncio  # already loaded: the async client runs on its event loop

                deadline = asyncio.timeout(self._timeouts.deadline)
                response, body = await self._exchange(request, headers, progress, deadline)
        except (httpx.HTTPError, httpx.InvalidURL, OSError) as failure:
            # TimeoutError is an OSError: the deadline's, or one from below it.
            if deadline.expired():
                raise DeadlineExceeded(
                    self._timeouts.deadline, progress.may_have_been_sent
                ) from None
            # `from None`: httpx exceptions carry the request, and with it the real key.
            raise self._failures.map(failure) from None
        latency_ms = (time.perf_counter() - started) * 1000
        return _Reply(
            status=response.status_code,
            content_type=response.headers.get("content-type", ""),
            body=body,
            latency_ms=latency_ms,
        )

    async def _exchange(
        self,
        request: PreparedRequest,
        headers: list[tuple[str, str]],
        progress: ExchangeProgress,
        deadline: asyncio.Timeout,
    ) -> tuple[httpx.Response, bytes]:
        assert self._http is not None, "an async client has its httpx client"
        async with (
            deadline,
            self._http.stream(
                request.method,
                request.url,
                data=dict(request.form),
                headers=headers,
                extensions={"trace": progress.trace},
            ) as response,
        ):
            return response, await read_body(response, self._max_body_bytes)

    # --- lifetime -------------------------------------------------------------------------------

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.aclose()
        if self._blocking is not None:
            self._blocking.close()

    async def __aenter__(self) -> PaymentsClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()
