"""Where a lookup starts: the token, and for multi-store purchases the store, product id and
currency (shown only when a multi-store store is chosen, so a plain now.gg lookup stays one
field and Enter). The desk cleans pasted tokens; this pane only shows what it changed.

Its fields show a pasted control character as an escape (`SafeInput`) and hand the desk the
token as pasted, so the desk can say what is wrong with it.

The first frame shows the token field, with the store's place kept blank beside it: the store
picker (a `Select`, with its list and overlay) and the multi-store fields (hidden for a plain
now.gg store) cost the first frame about a tenth of its start, so the main screen adds them
right after it (`add_store_fields`), before the rest of the screen. Until then a lookup is for
the environment's default store, which is what the picker would show."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label, Select, Static

from console.payments import STORE_RULES, Store, parse_store
from console.tui import steady_text
from console.tui.keys.bindings import keymap_of
from console.tui.outside_text import safe_text
from console.tui.widgets.safe_fields import SafeInput
from console.tui.widgets.token_input import TokenInput

STORE_OPTIONS: list[tuple[str, str]] = [
    (f"{rule.label}{' (multi-store)' if rule.multi_store else ''}", store.value)
    for store, rule in STORE_RULES.items()
]


@dataclass(frozen=True)
class LookupRequest:
    token: str
    store: str
    product_id: str | None
    currency: str | None


class LookupPane(Vertical):
    DEFAULT_CSS = """
    LookupPane {
        height: auto;
        padding: 0 1;
    }
    LookupPane #lookup-row {
        height: auto;
    }
    LookupPane #token {
        width: 1fr;
    }
    LookupPane #store, LookupPane #store-slot {
        width: 30;
    }
    LookupPane #multi-store {
        height: auto;
        display: none;
    }
    LookupPane #multi-store.-shown {
        display: block;
    }
    LookupPane #multi-store Input {
        width: 1fr;
    }
    LookupPane #multi-store Label {
        padding: 1 1 0 1;
    }
    LookupPane #token-note {
        color: $text-muted;
        height: auto;
    }
    """

    class Submitted(Message):
        """Enter in any of the fields: look this up."""

        def __init__(self, request: LookupRequest) -> None:
            super().__init__()
            self.request = request

    def __init__(self, default_store: Store = Store.NOWGG, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._default_store = default_store
        self._pasted: tuple[str, tuple[str, ...]] | None = None
        """(the token a paste left in the field, what cleaning did to get it)."""
        self._several: tuple[str, ...] = ()
        """The tokens of the last paste of several, until they are opened as a worklist."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="lookup-row"):
            yield TokenInput(
                placeholder="Purchase token: paste it and press Enter "
                "(spaces and line breaks are cleaned)",
                id="token",
            )
            # The store picker's place, so that the token field keeps its width when it comes.
            yield Static("", id="store-slot")
        yield Static("", id="token-note")

    async def add_store_fields(self) -> None:
        """The store picker and the multi-store fields, in the places they always have (once;
        the main screen calls this right after the first frame)."""
        if self._store_select() is not None:
            return
        row = self.query_one("#lookup-row", Horizontal)
        select: Select[str] = Select(
            STORE_OPTIONS,
            value=self._default_store.value,
            allow_blank=False,
            id="store",
            prompt="Store",
        )
        multi_store = Horizontal(
            Label("Product id"),
            SafeInput(placeholder="e.g. gems_100", id="product-id"),
            Label("Currency"),
            SafeInput(placeholder="e.g. USD", id="currency"),
            id="multi-store",
        )
        # The fields first: the picker says its value (`Select.Changed`) once mounted, and
        # that shows or hides them.
        await self.mount(multi_store, after=row)
        self._show_store_fields(self._default_store.value)
        # The picker takes the slot's place in one frame: drawn with both beside it, the
        # token field would shrink by the picker's width for a frame, then grow back.
        async with row.batch():
            await row.mount(select, before="#store-slot")
            await self.query_one("#store-slot").remove()

    def _store_select(self) -> Select[str] | None:
        found = self.query("#store").results(Select)
        return next(found, None)

    @property
    def token_input(self) -> TokenInput:
        return self.query_one("#token", TokenInput)

    def request(self) -> LookupRequest:
        select = self._store_select()
        # Before the picker is added (Enter in the first instants) it would show the default.
        store = select.value if select is not None else self._default_store.value
        store_name = store if isinstance(store, str) else Store.NOWGG.value
        multi = select is not None and STORE_RULES[parse_store(store_name)].multi_store
        product_id = self.query_one("#product-id", SafeInput).data.strip() if multi else ""
        currency = self.query_one("#currency", SafeInput).data.strip() if multi else ""
        return LookupRequest(
            self.token_input.data, store_name, product_id or None, currency or None
        )

    def fill(self, request: LookupRequest) -> None:
        """Show a request that came from elsewhere (the history, the worklist, --token)."""
        safe = safe_text(self)
        self.token_input.show(request.token, safe)
        self.query_one("#store", Select).value = request.store
        self.query_one("#product-id", SafeInput).show(request.product_id or "", safe)
        self.query_one("#currency", SafeInput).show(request.currency or "", safe)
        self._show_store_fields(request.store)

    def reset_store(self, default_store: Store) -> None:
        """A new environment brings its own default store."""
        self._default_store = default_store
        select = self._store_select()
        if select is not None:  # else the picker is added with it
            select.value = default_store.value
            self._show_store_fields(default_store.value)

    def show_changes(self, changes: tuple[str, ...]) -> None:
        """What cleaning did to the token looked up. The field already shows a pasted token
        cleaned, so the lookup itself changes nothing: the paste's changes are said then."""
        pasted = self._pasted
        if not changes and pasted is not None and pasted[0] == self.token_input.value:
            changes = pasted[1]
        shown = safe_text(self)("Token cleaned: " + "; ".join(changes)) if changes else ""
        self._note(Content(shown))

    def select_token(self) -> None:
        """After a lookup: the token selected, so what is typed or pasted next replaces it."""
        self.token_input.select_all()

    @on(TokenInput.Pasted)
    def _pasted_token(self, event: TokenInput.Pasted) -> None:
        """Said at once: what cleaning did, and what the paste reads as (a hint: Enter says
        more, and sends a token)."""
        from console.payments import recognise  # pure; loaded on the first paste

        self._pasted = (self.token_input.value, event.changes)
        recognised = recognise(event.token)
        said: list[str] = []
        if event.changes:
            said.append("Token cleaned: " + "; ".join(event.changes))
        if event.problem is not None:
            said.append(f"This paste is no token: {event.problem}")
        elif recognised.shape is not None:
            said.append(f"Reads as a purchase token: {recognised.shape.value}")
        else:
            said.append(f"Reads as: {recognised.title} (Enter says what it is)")
        self._note(Content(safe_text(self).lines("\n".join(said))))

    @on(TokenInput.SeveralTokens)
    def _several_tokens(self, event: TokenInput.SeveralTokens) -> None:
        """Not guessed at: the field stays as it was, one line says what came and which key
        opens it as a worklist, and the tokens wait here for that key (nothing lost)."""
        event.stop()
        self._several = event.tokens
        key = keymap_of(self).shown("open_pasted_tokens")
        self._note(
            Content(
                f"{len(event.tokens)} tokens pasted — this field looks up one; {key} opens "
                "them as a worklist"
            )
        )

    def take_pasted_tokens(self) -> tuple[str, ...]:
        """The tokens of the last paste of several (then none wait), or () when none do."""
        tokens, self._several = self._several, ()
        return tokens

    def _note(self, said: Content) -> None:
        """The line under the token field (each answer says it again: unchanged, untouched)."""
        steady_text.show(self.query_one("#token-note", Static), said)

    @on(Select.Changed, "#store")
    def _store_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self._show_store_fields(event.value)

    def _show_store_fields(self, store: str) -> None:
        multi = STORE_RULES[parse_store(store)].multi_store
        self.query_one("#multi-store").set_class(multi, "-shown")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(self.request()))
