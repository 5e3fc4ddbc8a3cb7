"""The environment on screen: the banner, the picker (ctrl+e, then a digit), and what a switch
clears — nothing of the old environment may stay on screen under the new banner."""

from __future__ import annotations

from typing import TYPE_CHECKING

from console.desk import LookupOutcome
from console.settings.environments import Environment
from console.tui.screens.environment_picker import EnvironmentPicker
from console.tui.widgets.environment_banner import EnvironmentBanner
from console.tui.widgets.lookup_pane import LookupRequest

from .tab_flow import PURCHASE_TAB
from .workers import LOOKUP_GROUP

if TYPE_CHECKING:
    from console.tui.screens.main_screen import MainScreen


class EnvironmentFlow:
    def __init__(self, screen: MainScreen) -> None:
        self._screen = screen

    def show_banner(self) -> None:
        console = self._screen.console
        environment = console.environment
        self._screen.query_one(EnvironmentBanner).show(
            environment, console.desk.host, console.workspace.has_key(environment)
        )

    def choose(self) -> None:
        """The picker; the app switches (and refuses while a consume is in flight)."""
        console = self._screen.console
        workspace = console.workspace
        keys = {env.name: workspace.has_key(env) for env in workspace.environments}

        def chosen(environment: Environment | None) -> None:
            if environment is not None:
                console.switch_environment(environment)

        console.push_screen(
            EnvironmentPicker(workspace.environments, console.environment, keys), chosen
        )

    def changed(self, show: LookupOutcome | None = None) -> None:
        """The app switched. `show`: a lookup already made there, to show at once."""
        screen = self._screen
        screen.workers.cancel_group(screen, LOOKUP_GROUP)
        environment = screen.console.environment
        self.show_banner()
        screen.lookup_pane.reset_store(environment.default_store)
        screen.lookup_pane.show_changes(())
        screen.form.clear()
        screen.result.show_hint()
        screen.tab_flow.show(PURCHASE_TAB)
        if show is not None and show.environment == environment:
            if show.query is not None:
                query = show.query
                screen.lookup_pane.fill(
                    LookupRequest(query.token, query.store.value, query.product_id, query.currency)
                )
            screen.lookup_flow.show_outcome(show)
        elif not screen.console.workspace.has_key(environment):
            screen.result.show_key_prompt(environment, None)
        screen.refresh_bindings()
        screen.notify(f"Now on {environment.name} · {screen.console.desk.host}", timeout=3)
