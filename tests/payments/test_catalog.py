"""The catalog explains every code and failure an agent or on-call engineer will meet."""

from __future__ import annotations

import inspect
import typing

import pytest

from console.payments import errors
from console.payments.catalog import (
    GENERIC_FAILURE_NAME,
    CodeSource,
    Explanation,
    client_code,
    client_codes,
    explain_failure,
    lookup,
    server_code,
    server_codes,
)
from console.payments.errors import PaymentsError
from console.payments.severity import Severity

# Every code of API.md, "Error codes".
API_SERVER_CODES = {0, 150, 3800, 3900, 3901, 5014, 5015, 5001, 5002, 5004, 5006}
API_CLIENT_CODES = {0, 1, 2, 3, 4, 5, 6, 7, 8, -1, -2, -3, *range(100, 111), 1000}


def assert_actionable(explanation: Explanation) -> None:
    assert explanation.name.strip()
    assert explanation.meaning.strip().endswith(".")
    assert explanation.causes and all(cause.strip() for cause in explanation.causes)
    assert explanation.next_steps and all(step.strip() for step in explanation.next_steps)


def test_every_documented_server_code_is_explained() -> None:
    assert {e.code for e in server_codes()} == API_SERVER_CODES
    for explanation in server_codes():
        assert explanation.source is CodeSource.SERVER
        assert_actionable(explanation)


def test_every_documented_client_sdk_code_is_explained() -> None:
    assert {e.code for e in client_codes()} == API_CLIENT_CODES
    for explanation in client_codes():
        assert explanation.source is CodeSource.CLIENT_SDK
        assert_actionable(explanation)


def test_titles_read_as_code_and_name() -> None:
    assert server_code(3901).title == "3901 · INVALID_PURCHASE_TOKEN"
    owned = client_code(7)
    assert owned is not None and owned.title == "7 · ITEM_ALREADY_OWNED"


def test_overlapping_numbers_stay_apart() -> None:
    both = lookup(0)
    assert [e.source for e in both] == [CodeSource.SERVER, CodeSource.CLIENT_SDK]
    assert both[0].name != both[1].name
    # 102 is a client code only; the server says 3901 for a bad token.
    assert [e.source for e in lookup(102)] == [CodeSource.CLIENT_SDK]
    assert server_code(7).name != "ITEM_ALREADY_OWNED"
    assert client_code(3901) is None
    assert lookup(150) == (server_code(150),)
    assert lookup(424242) == ()


def test_an_undocumented_server_code_says_so_and_keeps_its_message() -> None:
    explanation = server_code(4242, "quota exceeded")
    assert explanation.code == 4242 and explanation.source is CodeSource.SERVER
    assert "not in now.gg's documentation" in explanation.meaning
    assert "quota exceeded" in explanation.meaning
    assert not explanation.retry_safe
    assert_actionable(explanation)


def text_of(explanation: Explanation) -> str:
    return " ".join((explanation.meaning, *explanation.causes, *explanation.next_steps))


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (3901, ["China", "environment", "copied incompletely", "test-track"]),
        (3900, ["rotated", "another app", "environment"]),
        (150, ["path", "host", "proxy"]),
        (3800, ["Verify", "already consumed"]),
    ],
)
def test_server_causes_name_what_really_goes_wrong(code: int, words: list[str]) -> None:
    text = text_of(server_code(code))
    for word in words:
        assert word in text


def test_a_failed_consume_is_never_simply_retried() -> None:
    consume_failed = server_code(3800)
    assert not consume_failed.retry_safe
    assert consume_failed.next_steps[0].startswith("Verify")


def test_item_already_owned_points_at_the_unconsumed_purchase() -> None:
    owned = client_code(7)
    assert owned is not None
    assert "never consumed" in owned.meaning
    assert any("consume" in step for step in owned.next_steps)


# --- failures without a code --------------------------------------------------------------


def all_subclasses(cls: type[PaymentsError]) -> set[type[PaymentsError]]:
    found: set[type[PaymentsError]] = set()
    for sub in cls.__subclasses__():
        found |= {sub, *all_subclasses(sub)}
    return found


_SAMPLE_ARGUMENTS: dict[object, typing.Any] = {int: 502, str: "sample", float: 10.0, bool: True}


def example_of(cls: type[PaymentsError]) -> PaymentsError:
    """An instance built from the constructor's annotations, so a new class needs no edit here."""
    hints = typing.get_type_hints(cls.__init__)
    arguments = {
        name: _SAMPLE_ARGUMENTS[hints[name]]
        for name, parameter in inspect.signature(cls.__init__).parameters.items()
        if name != "self" and parameter.default is inspect.Parameter.empty
    }
    return cls(**arguments)


ERROR_CLASSES = sorted(
    (cls for cls in all_subclasses(PaymentsError) if cls.__module__ == errors.__name__),
    key=lambda cls: cls.__name__,
)


def test_the_error_classes_are_discovered() -> None:
    assert len(ERROR_CLASSES) >= 15


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda cls: cls.__name__)
def test_every_error_class_has_its_own_explanation(cls: type[PaymentsError]) -> None:
    explanation = explain_failure(example_of(cls))
    assert explanation.name != GENERIC_FAILURE_NAME, f"add an explanation for {cls.__name__}"
    assert_actionable(explanation)
    if cls is errors.ApiError:  # explained by its code; its subclasses are not
        assert explanation.source is CodeSource.SERVER
    else:
        assert explanation.code is None and explanation.source is None


def test_an_api_error_is_explained_by_its_code() -> None:
    explanation = explain_failure(errors.ApiError(3901, "INVALID_PURCHASE_TOKEN"))
    assert explanation == server_code(3901)
    unknown = explain_failure(errors.ApiError(777, "strange"))
    assert "strange" in unknown.meaning


@pytest.mark.parametrize(
    ("status", "name"),
    [
        (302, "HTTP 302 redirect"),
        (404, "HTTP 404 client error"),
        (407, "HTTP 407 refused"),
        (429, "HTTP 429 too many requests"),
        (503, "HTTP 503 server error"),
    ],
)
def test_http_statuses_are_told_apart(status: int, name: str) -> None:
    assert explain_failure(errors.HttpStatusError(status, "…")).name == name


def test_a_server_error_may_be_retried_for_a_verify_but_not_a_consume() -> None:
    error = errors.HttpStatusError(502, "Bad Gateway")
    assert explain_failure(error, consume=False).retry_safe
    consume = explain_failure(error, consume=True)
    assert not consume.retry_safe and consume.severity is Severity.DANGER
    assert consume.next_steps[0].startswith("This was a consume")
    unknown = explain_failure(error)
    assert not unknown.retry_safe and "If this was a consume" in unknown.next_steps[0]


def test_a_reply_timeout_on_a_consume_means_verify_first() -> None:
    explanation = explain_failure(errors.RequestTimeout("reply", 15), consume=True)
    assert explanation.name == "Timeout (waiting for the reply)"
    assert "may or may not" in explanation.meaning
    assert not explanation.retry_safe and explanation.severity is Severity.DANGER
    assert "verify the token before anything else" in explanation.next_steps[0]


def test_a_connect_timeout_sent_nothing_and_may_be_retried() -> None:
    explanation = explain_failure(errors.RequestTimeout("connection", 5), consume=True)
    assert explanation.name == "Timeout (connecting)"
    assert "nothing was sent" in explanation.meaning and explanation.retry_safe


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda cls: cls.__name__)
def test_no_failure_with_an_unknown_outcome_recommends_resending_a_consume(
    cls: type[PaymentsError],
) -> None:
    error = example_of(cls)
    explanation = explain_failure(error, consume=True)
    if error.outcome_unknown:
        assert not explanation.retry_safe
        assert "verify" in explanation.next_steps[0].lower()


def test_an_html_page_is_called_what_it_is() -> None:
    page = errors.NotJsonError(502, "text/html", "<html><title>Blocked</title>")
    assert explain_failure(page).name == "HTML error page"
    plain = errors.NotJsonError(200, "text/plain", "hello")
    assert explain_failure(plain).name == "Not a JSON reply"


def test_tls_failures_point_at_proxies_and_clocks() -> None:
    text = text_of(explain_failure(errors.TlsFailure("certificate verify failed")))
    assert "proxy" in text and "clock" in text


def test_input_errors_say_nothing_was_sent_and_why() -> None:
    explanation = explain_failure(errors.TokenRejected("the token is empty"))
    assert explanation.meaning == "Nothing was sent: the token is empty."
    store = explain_failure(errors.StoreRuleViolation("Amazon purchases are consumed in the game"))
    assert "Nothing was sent" in store.meaning and "client" in text_of(store)


def test_a_contradictory_reply_is_not_trusted() -> None:
    error = errors.ContradictoryReply(True, 3800, "ERROR_CONSUMING_PRODUCT")
    explanation = explain_failure(error, consume=True)
    assert explanation.name == "Contradictory reply"
    assert "success is true but code is 3800" in explanation.meaning
    assert not explanation.retry_safe and explanation.severity is Severity.DANGER
    assert any("grant nothing" in step for step in explanation.next_steps)
