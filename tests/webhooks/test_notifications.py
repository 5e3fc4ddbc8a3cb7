"""Reading a received notification: every documented type in words, outside text escaped,
and a body that is no notification said as such, never a crash."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from console.webhooks.notifications import (
    NOTIFICATION_TYPES,
    SUBSCRIPTION_FIELDS,
    WEBSHOP_FIELDS,
    NotificationType,
    decode,
    sample,
)
from console.webhooks.sender import judge

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("kind", list(NotificationType))
def test_every_sample_decodes_as_a_complete_notification(kind: NotificationType) -> None:
    body = json.dumps(sample(kind, now=NOW)).encode()
    decoded = decode(body)
    assert decoded.known and decoded.problem is None and decoded.kind == kind.value
    expected = (
        WEBSHOP_FIELDS if kind is NotificationType.WEBSHOP_ITEM_PURCHASED else SUBSCRIPTION_FIELDS
    )
    assert [name for name, _ in decoded.fields] == list(expected)
    assert "eventTime 2026-12-01 12:00:00 UTC" in decoded.summary


def test_outside_text_is_shown_escaped() -> None:
    body = json.dumps(
        {"notificationType": "SUBSCRIPTION_RENEWED\x1b[2J", "data": {"orderId": "1-\x1b]0;x\x07"}}
    ).encode()
    decoded = decode(body)
    assert not decoded.known
    assert "\x1b" not in decoded.summary and "\\x1b" in decoded.summary
    assert decoded.problem == "not a documented notificationType"


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"<html>", "the body is not JSON"),
        (b"[1, 2]", "the body is not a JSON object"),
        (b'{"notificationType": "SUBSCRIPTION_RENEWED"}', "`data` is missing or not an object"),
        (b"\xff\xfe", "the body is not JSON"),
        (b"[" * 100_000, "the body is not JSON"),
    ],
)
def test_a_body_that_is_no_notification_is_said(body: bytes, problem: str) -> None:
    assert decode(body).problem == problem


def test_a_missing_field_is_named() -> None:
    notification = sample(NotificationType.SUBSCRIPTION_CANCELLED, now=NOW)
    data = notification["data"]
    assert isinstance(data, dict)
    del data["expiryTime"]
    assert decode(json.dumps(notification).encode()).problem == "missing expiryTime"


def test_only_200_with_success_true_is_accepted() -> None:
    assert judge(200, b'{"success": true}').accepted
    assert not judge(200, b'{"success": "true"}').accepted
    assert not judge(204, b"").accepted
    assert "not JSON but something else" in judge(200, b"OK").why
    assert set(NOTIFICATION_TYPES) == {kind.value for kind in NotificationType}
