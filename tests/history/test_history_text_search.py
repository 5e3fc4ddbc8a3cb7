"""Free-text search for the history pane's filter box."""

from __future__ import annotations

from datetime import timedelta

from console.history import HistoryStore, Outcome
from console.history.text_search import search_text
from tests.history.history_entries import T0, EntryFactory


def test_text_matches_token_order_id_note_or_environment_in_any_case(
    store: HistoryStore, make_entry: EntryFactory
) -> None:
    store.record_many(
        [
            make_entry(token="tok-alpha-0001", order_id="1-111", at=T0),
            make_entry(
                token="tok-beta-0002",
                order_id="1-222",
                note="ZD-9 refund",
                at=T0 + timedelta(seconds=1),
            ),
            make_entry(
                token="tok-gamma-0003",
                environment="staging",
                outcome=Outcome.API,
                at=T0 + timedelta(seconds=2),
            ),
        ]
    )

    def tokens(text: str, **options: object) -> list[str]:
        return [entry.token for entry in search_text(store, text, **options)]  # type: ignore[arg-type]

    assert tokens("") == ["tok-gamma-0003", "tok-beta-0002", "tok-alpha-0001"]
    assert tokens("ALPHA") == ["tok-alpha-0001"]
    assert tokens("1-222") == ["tok-beta-0002"]
    assert tokens("zd-9") == ["tok-beta-0002"]
    assert tokens("Staging") == ["tok-gamma-0003"]
    assert tokens("tok-", outcome=Outcome.API) == ["tok-gamma-0003"]
    assert tokens("nothing-like-it") == []


def test_exact_matches_reach_beyond_the_scanned_window(
    store: HistoryStore, make_entry: EntryFactory
) -> None:
    old = make_entry(token="tok-old-ticket", order_id="1-old", at=T0 - timedelta(days=300))
    recent = [make_entry(token=f"tok-{n:04d}", at=T0 + timedelta(seconds=n)) for n in range(50)]
    store.record_many([old, *recent])
    assert [e.token for e in search_text(store, "tok-old-ticket", scan=10)] == ["tok-old-ticket"]
    assert [e.token for e in search_text(store, "1-old", scan=10)] == ["tok-old-ticket"]
    # A part of it is looked for among the latest entries only: not found with a small window.
    assert search_text(store, "old-tick", scan=10, limit=10) == []
    assert len(search_text(store, "tok-", limit=5)) == 5
