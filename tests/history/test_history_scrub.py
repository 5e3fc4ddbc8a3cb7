"""No API key value ever lands in a stored field, whatever path it took to get there."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from console.history import HistoryFilter, HistoryStore, Outcome, Settlement, scrub, scrub_json
from tests.history.history_entries import EntryFactory

KEY = "sk_live_9f8e7d6c5b4a3f2e1d0c1a2b"
OTHER = "9f8e7d6c"  # part of KEY: longest-first must still mask KEY whole


def test_scrub_replaces_every_occurrence_with_the_masked_form() -> None:
    assert scrub(f"Authorization: {KEY} and again {KEY}", [KEY]) == (
        "Authorization: ••••1a2b and again ••••1a2b"
    )
    assert scrub(KEY, [OTHER, KEY]) == "••••1a2b"
    assert scrub("nothing secret", ["", "   "]) == "nothing secret"


def test_scrub_json_walks_keys_values_and_lists() -> None:
    value = {"headers": {"Authorization": KEY}, KEY: [KEY, 1, None, {"deep": f"x{KEY}x"}]}
    assert scrub_json(value, [KEY]) == {
        "headers": {"Authorization": "••••1a2b"},
        "••••1a2b": ["••••1a2b", 1, None, {"deep": "x••••1a2bx"}],
    }


# Mask characters and key-like letters, so masks recombining with neighbours get tried.
_chars = st.sampled_from("•ab1")


@given(
    st.lists(st.text(_chars, max_size=12), max_size=4),
    st.lists(st.text(_chars, min_size=1, max_size=12), min_size=1, max_size=3),
)
def test_no_secret_survives_scrubbing(pieces: list[str], secrets: list[str]) -> None:
    mixed = "".join(p + s for p in pieces for s in secrets) + "".join(secrets)
    cleaned = scrub(mixed, secrets)
    assert not any(secret in cleaned for secret in secrets)
    assert scrub_json({mixed: [mixed]}, secrets) == {cleaned: [cleaned]}


def test_the_store_keeps_keys_out_of_every_field_and_file(
    history_path: Path, make_entry: EntryFactory
) -> None:
    # Quotes and non-ASCII would be escaped in JSON text: the walk must still find the key.
    key = KEY + '"ü'
    with HistoryStore(history_path, secrets_to_scrub=lambda: [key]) as store:
        entry_id = store.record(
            make_entry(
                token=key,
                note=f"customer pasted {key}",
                reason=f"echoed {key}",
                request={"headers": {"Authorization": key}},
                reply={"echo": [key], key: "as a key"},
            )
        )
        started = store.begin(make_entry(order_id=key))
        store.complete(
            started, outcome=Outcome.API, reason=key, reply={"k": key}, order_id=f"1-{key}"
        )
        store.set_note(entry_id, f"again {key}")
        store.resolve(started, settlement=Settlement.CONSUMED, resolution=f"found {key}")
        shown = repr(store.search(HistoryFilter(limit=None)))
    assert key not in shown and "••••" in shown
    for file in history_path.parent.iterdir():
        data = file.read_bytes()
        assert key.encode() not in data, file
        assert KEY.encode() not in data, file


def test_a_partial_echo_of_a_key_is_not_stored(
    history_path: Path, make_entry: EntryFactory
) -> None:
    # A server that quotes part of the key back: 12 characters from its middle.
    piece = KEY[6:18]
    with HistoryStore(history_path, secrets_to_scrub=lambda: [KEY]) as store:
        store.record(
            make_entry(
                reason=f"now.gg answered code 3900: key {piece}… is not valid",
                reply={"codeMsg": f"key {piece}… is not valid", "data": {"echo": piece}},
                note=f"customer sent {KEY[-10:]}",
            )
        )
        [entry] = store.search(HistoryFilter(limit=None))
    assert entry.reason == "now.gg answered code 3900: key ••••… is not valid"
    assert entry.reply == {"codeMsg": "key ••••… is not valid", "data": {"echo": "••••"}}
    assert entry.note == "customer sent ••••"
    for file in history_path.parent.iterdir():
        assert piece.encode() not in file.read_bytes(), file
