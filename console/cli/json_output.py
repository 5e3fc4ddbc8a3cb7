"""The stable `--json` shapes (documented in the README). Keys are camelCase like the API's;
new keys may be added, existing ones keep their meaning. The API key never appears."""

from __future__ import annotations

from console.desk import Failure, LookupOutcome
from console.desk.serialise import plain_object
from console.payments import PreparedRequest, PurchaseQuery, ReceivedBody
from console.settings.environments import Environment

from .json_explanation import explanation_json
from .json_purchase import purchase_json


def environment_json(environment: Environment, host: str) -> dict[str, object]:
    return {
        "name": environment.name,
        "host": host,
        "production": environment.production,
        "readOnly": environment.read_only,
    }


def failure_json(failure: Failure) -> dict[str, object]:
    return {
        "kind": failure.kind,
        "category": failure.category.value,
        "operation": failure.operation,
        "received": received_json(failure.received),
        "reason": failure.reason,
        "code": failure.api_code,
        "outcomeUnknown": failure.outcome_unknown,
        "requestSent": failure.request_sent,
        "explanation": explanation_json(failure.explanation),
    }


def received_json(received: ReceivedBody | None) -> dict[str, object] | None:
    """The body that came back when it was not the documented JSON: its text (capped, as
    received; a terminal shows it through `printable`)."""
    if received is None:
        return None
    return {
        "status": received.status,
        "contentType": received.content_type,
        "size": received.size,
        "text": received.text(),
        "truncated": received.truncated,
    }


def request_json(request: PreparedRequest) -> dict[str, object]:
    """The request as sent, the key masked (`Authorization` holds `••••` and its end)."""
    return {
        "method": request.method,
        "url": request.url,
        "headers": dict(request.headers),
        "form": dict(request.form),
    }


def query_json(query: PurchaseQuery | None, raw_token: str) -> dict[str, object]:
    if query is None:
        return {"token": raw_token, "store": None, "productId": None, "currency": None}
    return {
        "token": query.token,
        "store": query.store.value,
        "productId": query.product_id,
        "currency": query.currency,
    }


def lookup_json(outcome: LookupOutcome) -> dict[str, object]:
    body: dict[str, object] = {
        "ok": outcome.ok,
        "environment": environment_json(outcome.environment, outcome.host),
        "query": query_json(outcome.query, outcome.raw_token),
        "tokenCleaned": list(outcome.token_changes),
        "latencyMs": round(outcome.latency_ms, 1) if outcome.latency_ms is not None else None,
        "at": outcome.at.isoformat(),
        "category": outcome.category.value,
        "verifyPathNote": outcome.verify_path_note,
    }
    if outcome.decoded is not None:
        body.update(purchase_json(outcome.decoded))
    if outcome.failure is not None:
        body["error"] = failure_json(outcome.failure)
        body["reply"] = plain_object(outcome.reply)
    return body
