"""The environment on screen: the banner, the picker (ctrl+e, then a digit), and what a switch
clears — nothing of the old environment may stay on screen under the new banner."""

from __future__ import annotations

from typing import TYPE_CHECKING

from console.desk import LookupOutcome
from console.settings.environments import Environment
from console.tui.dialogs.environment_picker import EnvironmentPicker
from console.tui.widgets.lookup_pane import LookupRequest

from .tab_flow import PURCHASE_TAB
from .workers import LOOKUP_GROUP

if TYPE_CHECKING:
    from .host import FlowHost


class EnvironmentFlow:
    def __init__(self, host: FlowHost) -> None:
        self._host = host

    def show_banner(self) -> None:
        session = self._host.session
        environment = session.environment
        self._host.banner.show(
            environment, session.desk.host, session.workspace.has_key(environment)
        )

    def choose(self) -> None:
        """The picker; the app switches (and refuses while a consume is in flight)."""
        session = self._host.session
        workspace = session.workspace
        keys = {env.name: workspace.has_key(env) for env in workspace.environments}

        def chosen(environment: Environment | None) -> None:
            if environment is not None:
                session.switch_environment(environment)

        self._host.offer(
            EnvironmentPicker(workspace.environments, session.environment, keys), chosen
        )

    def changed(self, show: LookupOutcome | None = None) -> None:
        """The app switched. `show`: a lookup already made there, to show at once."""
        host = self._host
        host.cancel_workers(LOOKUP_GROUP)
        environment = host.session.environment
        self.show_banner()
        host.lookup_pane.reset_store(environment.default_store)
        host.lookup_pane.show_changes(())
        host.form.clear()
        host.result.show_hint()
        host.show_tab(PURCHASE_TAB)
        if show is not None and show.environment == environment:
            if show.query is not None:
                query = show.query
                host.lookup_pane.fill(
                    LookupRequest(query.token, query.store.value, query.product_id, query.currency)
                )
            host.show_outcome(show)
        elif not host.session.workspace.has_key(environment):
            host.result.show_key_prompt(environment, None)
        host.refresh_bindings()
        host.notify(f"Now on {environment.name} · {host.session.desk.host}", timeout=3)
