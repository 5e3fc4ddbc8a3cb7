"""What the in-flight line says is under way: one sentence per kind of request, each naming
what it is about, and the subject (a masked token, a name) shown as it is — braces too."""

from __future__ import annotations

import pytest

from console.tui.in_flight import InFlightRequest, RequestKind

EXPECTED = {
    RequestKind.VERIFY: "Verifying tok…01 on h.example",
    RequestKind.CHECK_BEFORE_CONSUME: "Verifying tok…01 on h.example before consuming it",
    RequestKind.CONSUME: "Consume of tok…01 sent to h.example",
    RequestKind.CHECK_BEFORE_ACKNOWLEDGE: "Verifying tok…01 on h.example before acknowledging it",
    RequestKind.ACKNOWLEDGE: "Acknowledge of tok…01 sent to h.example",
    RequestKind.RESOLVE: "Resolving tok…01 on h.example by verifying",
    RequestKind.ENVIRONMENT_CHECK: "Checking tok…01 (h.example)",
    RequestKind.ELSEWHERE: "Looking tok…01 up in the other environments",
    RequestKind.WORKLIST: "Verifying tok…01 on h.example",
}


@pytest.mark.parametrize("kind", list(RequestKind))
def test_every_kind_says_what_is_under_way(kind: RequestKind) -> None:
    assert InFlightRequest(kind, "h.example", "tok…01").what() == EXPECTED[kind]


def test_a_subject_with_braces_is_shown_as_it_is() -> None:
    request = InFlightRequest(RequestKind.CONSUME, "h.example", "{host} {0} }{")
    assert request.what() == "Consume of {host} {0} }{ sent to h.example"
