"""The Webhooks tab: a studio endpoint on loopback (the one `webhook listen` runs), started
when the tab is first shown, and each notification that reaches it, decoded, newest last.

The webhook key is the environment's own (settings/webhook_keys.py), looked up in a thread
(the keyring is I/O); without one the pane says how to give one and listens to nothing. The
listener answers on its own threads; each arrival is handed to the event loop to be shown.
Outside text arrives escaped by the decoder and is shown as `Content`, never markup.
"""

from __future__ import annotations

import asyncio

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from console.desk.workspace import Workspace
from console.settings.environments import Environment
from console.webhooks.listener import Received, WebhookListener

MAX_SHOWN = 200
"""Notifications kept on screen; the oldest go first."""


class WebhooksPane(Vertical):
    DEFAULT_CSS = """
    WebhooksPane {
        height: 1fr;
        padding: 0 1;
    }
    WebhooksPane #webhooks-status {
        height: auto;
        margin-bottom: 1;
    }
    WebhooksPane #webhooks-received {
        height: 1fr;
    }
    WebhooksPane #webhooks-received > Static {
        height: auto;
    }
    """

    def __init__(
        self, environment: Environment, workspace: Workspace, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self._environment = environment
        self._workspace = workspace
        self._listener: WebhookListener | None = None
        self.received: list[Received] = []

    @property
    def url(self) -> str | None:
        return self._listener.url if self._listener is not None else None

    def compose(self) -> ComposeResult:
        yield Static("Starting the webhook listener…", id="webhooks-status")
        yield VerticalScroll(id="webhooks-received")

    def on_mount(self) -> None:
        self.run_worker(self._start(), name="webhook listener", group="webhooks")

    async def _start(self) -> None:
        from console.settings.keys import KeyUnavailable
        from console.settings.webhook_keys import resolve_webhook_key

        name = self._environment.name
        status = self.query_one("#webhooks-status", Static)
        try:
            workspace = self._workspace
            key = await asyncio.to_thread(
                resolve_webhook_key, name, workspace.environ, workspace.keyring_backend
            )
        except KeyUnavailable as problem:
            status.update(
                Content.assemble(
                    ("No webhook listener: ", "bold $text-warning"),
                    problem.reason,
                    "\n",
                    "; ".join(problem.ways_out),
                )
            )
            return
        app = self.app

        def arrived(received: Received) -> None:
            app.call_from_thread(self._show, received)

        listener = WebhookListener(key.reveal(), arrived)
        self._listener = listener.start()
        status.update(
            Content.assemble(
                ("Listening for webhooks on ", "bold"),
                listener.url,
                f" (loopback only), checking the webhook key of {name!r} ({key.masked}); "
                "each is answered as a correct studio endpoint would. Point `sandbox serve "
                f"--webhook-url {listener.url}` here.",
            )
        )

    def _show(self, received: Received) -> None:
        self.received.append(received)
        shown = self.query_one("#webhooks-received", VerticalScroll)
        style = "$text-success" if received.status == 200 else "$text-error"
        shown.mount(Static(Content.styled(received.line, style)))
        if len(shown.children) > MAX_SHOWN:
            shown.children[0].remove()
        shown.scroll_end(animate=False)

    def on_unmount(self) -> None:
        if self._listener is not None:
            self._listener.stop()
            self._listener = None
