"""`webhook send`: post one notification to a studio's endpoint as now.gg would, and judge
the answer as now.gg does — HTTP 200 with a JSON object whose `success` is `true` is
accepted; anything else (another status, an HTML page, `{"success": false}`, no answer, no
connection) makes now.gg retry "for some time" (its docs), which the verdict says, with why.

The key sent is the webhook key the caller hands in; this module never sees a payments key.
Bounded like every call of this console: a total deadline, and at most `MAX_ANSWER_BYTES` of
the answer read.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit

import httpx

from console import __version__
from console.text_safety import printable

MAX_ANSWER_BYTES: Final = 64 * 1024
RETRY: Final = "now.gg would retry this notification (for some time, its docs say) because "


@dataclass(frozen=True)
class SendVerdict:
    accepted: bool
    why: str
    """One sentence: what the endpoint answered, and for a refusal what now.gg would do."""
    status: int | None = None
    answer: str = ""
    """The start of the answer's body, printable."""
    latency_ms: float | None = None


async def send(
    url: str, key: str, notification: dict[str, object], *, timeout_s: float = 5.0
) -> SendVerdict:
    """POST `notification` to `url` with `Authorization: key`; never raises for what the
    endpoint or the network does."""
    body = json.dumps(notification).encode()
    headers = {
        "Authorization": key,
        "Content-Type": "application/json",
        "User-Agent": f"nowgg-console/{__version__} (webhook send)",
    }
    started = time.perf_counter()
    # A proxy only for https; plain http (a local endpoint) never goes through one in clear.
    trust_env = urlsplit(url).scheme == "https"
    try:
        async with (
            asyncio.timeout(timeout_s),
            httpx.AsyncClient(trust_env=trust_env, follow_redirects=False) as client,
            client.stream("POST", url, content=body, headers=headers) as response,
        ):
            answer = await _read(response)
    except TimeoutError:
        return SendVerdict(False, RETRY + f"the endpoint did not answer within {timeout_s:g} s.")
    except (httpx.HTTPError, OSError) as error:
        # `from` nothing: httpx's errors carry the request, and with it the key.
        return SendVerdict(False, RETRY + f"no connection: {type(error).__name__}.")
    latency_ms = (time.perf_counter() - started) * 1000
    return judge(response.status_code, answer, latency_ms)


async def _read(response: httpx.Response) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_raw():
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_ANSWER_BYTES:
            break
    return b"".join(chunks)[:MAX_ANSWER_BYTES]


def judge(status: int, answer: bytes, latency_ms: float | None = None) -> SendVerdict:
    """now.gg's rule: HTTP 200 and `{"success": true}`; anything else is retried."""
    shown = printable(answer[:200].decode("utf-8", "replace"))
    verdict = _verdict(status, answer)
    if verdict is None:
        why = 'HTTP 200 with {"success": true}: accepted; now.gg would not send it again.'
        return SendVerdict(True, why, status, shown, latency_ms)
    return SendVerdict(False, RETRY + verdict, status, shown, latency_ms)


def _verdict(status: int, answer: bytes) -> str | None:
    if status != 200:
        return f"the endpoint answered HTTP {status}, not 200."
    try:
        value = json.loads(answer.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        looks = "an HTML page" if answer.lstrip()[:1] == b"<" else "something else"
        return f'the answer is not JSON but {looks}; it must be {{"success": true}}.'
    if not isinstance(value, dict):
        return 'the answer is JSON but not an object; it must be {"success": true}.'
    if value.get("success") is not True:
        return f"`success` is {printable(json.dumps(value.get('success')))}, not true."
    return None
