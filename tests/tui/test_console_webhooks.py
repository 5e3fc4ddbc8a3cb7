"""The Webhooks tab: a listener started when the tab first shows, fed by the sandbox's own
webhooks — the renewal arrives decoded; a wrong key is refused and said."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from console.sandbox import subscriptions as seeded
from console.sandbox.server import SandboxServer
from console.sandbox.webhooks import RetrySchedule, WebhookTarget
from console.tui.screens.main_screen import MainScreen
from console.tui.widgets.tab_ids import WEBHOOKS_TAB
from console.tui.widgets.webhooks_pane import WebhooksPane
from tests.tui.console_harness import console_app, console_environ, plain, shown, wait_until

WEBHOOK_KEY = "whk-console-tab-5150"


def _lines(app: App[None]) -> str:
    return "\n".join(plain(line) for line in app.screen.query("#webhooks-received Static"))


async def test_the_sandboxs_renewal_arrives_in_the_webhooks_tab(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    environ = console_environ(tmp_path, sandbox)
    environ["NOWGG_CONSOLE_WEBHOOK_KEY_QA"] = WEBHOOK_KEY
    async with console_app(environ) as (app, pilot):
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert not app.screen.query("#webhooks-pane")  # nothing before the tab shows
        await screen.build_tab(WEBHOOKS_TAB)
        pane = app.screen.query_one("#webhooks-pane", WebhooksPane)
        await wait_until(pilot, lambda: pane.url is not None)
        assert "Listening for webhooks on" in shown(app, "#webhooks-status")
        url = pane.url
        assert url is not None
        schedule = RetrySchedule(retries=0, timeout_s=5)
        with SandboxServer(webhooks=WebhookTarget(url, WEBHOOK_KEY, schedule)) as own:
            own.state.acknowledge(seeded.FRESH_TOKEN)
            own.state.advance(seeded.DEFAULT_PERIOD_HOURS + 1)
            await wait_until(
                pilot,
                lambda: any(
                    r.notification is not None and r.notification.kind == "SUBSCRIPTION_RENEWED"
                    for r in pane.received
                ),
            )
        with SandboxServer(webhooks=WebhookTarget(url, "whk-not-ours-0000", schedule)) as other:
            other.state.acknowledge(seeded.FRESH_TOKEN)
            await wait_until(pilot, lambda: any(not r.authorized for r in pane.received))
        await wait_until(pilot, lambda: "REFUSED (answered 401)" in _lines(app))
        assert "SUBSCRIPTION_RENEWED" in _lines(app)


async def test_without_a_webhook_key_the_tab_says_how_to_give_one(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await screen.build_tab(WEBHOOKS_TAB)
        await wait_until(pilot, lambda: "No webhook listener" in shown(app, "#webhooks-status"))
        assert "NOWGG_CONSOLE_WEBHOOK_KEY_QA" in shown(app, "#webhooks-status")
