"""An API key echoed back, whole or in part, is masked wherever it would be shown or stored:
any run of 8 or more of its characters."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from console.key_masking import MIN_RUN, mask_keys, mask_keys_json
from console.sandbox.keys import SANDBOX_API_KEY

KEY = "sk_live_9f8e7d6c5b4a3f2e1d0c1a2b"


def _pieces_left(text: str, key: str) -> list[str]:
    return [
        key[start : start + MIN_RUN]
        for start in range(len(key) - MIN_RUN + 1)
        if key[start : start + MIN_RUN] in text
    ]


def test_the_whole_key_shows_as_its_masked_form() -> None:
    assert mask_keys(f"Authorization: {KEY}.", [KEY]) == "Authorization: ••••1a2b."


def test_a_partial_echo_of_8_or_more_characters_is_masked() -> None:
    echoed = f"bad key {KEY[:12]}… (suffix {KEY[-9:]}), middle {KEY[10:18]}"
    assert mask_keys(echoed, [KEY]) == "bad key ••••… (suffix ••••), middle ••••"


def test_fewer_than_8_characters_of_a_key_are_ordinary_text() -> None:
    # 7 characters of a key appear by chance in ordinary text; 8 in a row do not.
    text = f"order {KEY[3:10]} is fine"
    assert mask_keys(text, [KEY]) == text


def test_the_public_sandbox_key_is_masked_whole_but_its_pieces_are_our_name() -> None:
    text = f"nowgg-console sandbox: {SANDBOX_API_KEY}"
    assert mask_keys(text, [SANDBOX_API_KEY]) == "nowgg-console sandbox: ••••0000"


def test_json_values_and_keys_are_masked() -> None:
    value = {"codeMsg": f"key {KEY[2:20]} refused", KEY[:9]: [KEY]}
    assert mask_keys_json(value, [KEY]) == {"codeMsg": "key •••• refused", "••••": ["••••1a2b"]}


keys = st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=9, max_size=40)


@given(keys, st.text(max_size=30), st.text(max_size=30), st.data())
def test_no_run_of_a_key_survives(key: str, before: str, after: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(key) - MIN_RUN))
    end = data.draw(st.integers(start + MIN_RUN, len(key)))
    text = before + key[start:end] + after + key
    masked = mask_keys(text, [key])
    assert _pieces_left(masked, key) == []
    assert mask_keys(masked, [key]) == masked
