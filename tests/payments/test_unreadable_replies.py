"""A reply that is not the documented JSON is named for what it is — cut off, malformed, a
page — with causes that fit, and its words follow the operation (a verify leaves nothing in
doubt; a consume may)."""

from __future__ import annotations

import pytest

from console.payments.catalog import explain_failure
from console.payments.errors import (
    HttpStatusError,
    MalformedJson,
    NotJsonError,
    PaymentsError,
    RequestTimeout,
    TruncatedJson,
)
from console.payments.parse import parse_envelope

JSON = "application/json"


def _error(status: int, content_type: str, body: bytes) -> PaymentsError:
    with pytest.raises(PaymentsError) as raised:
        parse_envelope(status, content_type, body)
    return raised.value


def test_a_reply_cut_off_mid_json_is_named_with_its_size() -> None:
    body = b'{"success": true, "code": 0, "data": {"orderId": "1-20'
    error = _error(200, JSON, body)
    assert isinstance(error, TruncatedJson) and error.category == "parse"
    assert f"cut off after {len(body)} bytes" in error.reason
    explanation = explain_failure(error, consume=False)
    assert explanation.name == "Reply cut off"
    assert any("proxy" in cause for cause in explanation.causes)
    assert not any("captive portal" in cause for cause in explanation.causes)


def test_malformed_json_says_where() -> None:
    error = _error(200, JSON, b'{"success": true,, "code": 0}')
    assert isinstance(error, MalformedJson)
    assert "not valid JSON at line 1, column 18" in error.reason
    assert explain_failure(error).name == "Malformed JSON reply"


def test_an_html_page_keeps_its_own_words() -> None:
    page = _error(200, "text/html", b"<html><title>Sign in to the Wi-Fi</title></html>")
    assert type(page) is NotJsonError
    explanation = explain_failure(page)
    assert explanation.name == "HTML error page"
    assert any("captive portal" in cause for cause in explanation.causes)
    gateway = _error(502, "text/html", b"<html><title>502 Bad Gateway</title></html>")
    assert isinstance(gateway, HttpStatusError) and gateway.category == "http"


def test_the_words_follow_the_operation() -> None:
    error = RequestTimeout("reply", 15)  # sent, no reply: only a consume is left in doubt
    assert error.outcome_unknown
    verify = explain_failure(error, consume=False)
    consume = explain_failure(error, consume=True)
    verify_words = " ".join([verify.meaning, *verify.next_steps])
    consume_words = " ".join([consume.meaning, *consume.next_steps])
    assert "nothing is in doubt" in verify_words and "outcome is unknown" not in verify_words
    assert "may or may not have processed the consume" in consume_words
    assert "Never just send it again" in consume_words
    assert error.category == "timeout"
