"""The environment on screen: the banner, the picker (ctrl+e, then a digit), and what a switch
clears — nothing of the old environment may stay on screen under the new banner.

Whether an environment has a key is asked in a thread (the OS keyring is a D-Bus call that may
wait for an unlock prompt): the banner and the picker show what they know at once, and the key
marks fill in when the answer comes."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from console.tui.widgets.lookup_pane import LookupRequest

from .tab_flow import PURCHASE_TAB
from .workers import KEY_STATUS_GROUP, LOOKUP_GROUP

if TYPE_CHECKING:
    from console.desk import LookupOutcome
    from console.settings.environments import Environment
    from console.tui.dialogs.environment_picker import EnvironmentPicker

    from .host import FlowHost


class EnvironmentFlow:
    def __init__(self, host: FlowHost) -> None:
        self._host = host
        self._has_key: dict[str, bool] = {}
        """The last answer for each environment: shown until a newer one comes."""
        self._session_key: set[str] = set()
        """Environments whose key was given for this session only (the banner says so)."""

    def show_banner(self) -> None:
        """The banner as far as it is known now; the key status is asked again."""
        self._paint()
        self._host.start_worker(
            self.check_key, name="key status", group=KEY_STATUS_GROUP, exclusive=True
        )

    def _paint(self) -> None:
        session = self._host.session
        environment = session.environment
        # The embedded sandbox's address is the desk's, known once it has started.
        host = session.desk.host if session.is_open else environment.host
        self._host.banner.show(
            environment,
            host,
            self._has_key.get(environment.name),
            session_key=environment.name in self._session_key,
        )

    async def check_key(self, *, prompt: bool = False) -> None:
        """Ask whether the environment on the banner has a key, and show it; `prompt`: when
        it has none and nothing else is on screen, ask for one."""
        session = self._host.session
        environment = session.environment
        has_key = await session.has_key(environment)
        self._has_key[environment.name] = has_key
        if has_key and session.is_open:
            from console.settings.keys import KeySource

            source = await session.workspace.key_source_of(environment)
            if source is KeySource.SESSION:
                self._session_key.add(environment.name)
            else:
                self._session_key.discard(environment.name)
        if environment != session.environment:
            return
        self._paint()
        if prompt and not has_key and self._host.result.showing_hint:
            self._host.result.show_key_prompt(environment, None)

    def choose(self) -> None:
        """The picker, at once (ctrl+e then a digit must not lose the digit); its key marks
        fill in. The app switches (and refuses while a consume is in flight)."""
        # Loaded with the first ctrl+e: the first frame has no use for it.
        from console.tui.dialogs.environment_picker import EnvironmentPicker

        session = self._host.session
        environments = session.settings.environments

        def chosen(environment: Environment | None) -> None:
            if environment is not None:
                session.switch_environment(environment)

        settings = session.settings
        picker = EnvironmentPicker(
            environments,
            session.environment,
            dict(self._has_key),
            ignored_config=str(settings.path) if settings.ignored else None,
        )
        self._host.offer(picker, chosen)
        self._host.start_worker(
            partial(self._picker_keys, picker), name="picker key marks", group=KEY_STATUS_GROUP
        )

    async def _picker_keys(self, picker: EnvironmentPicker) -> None:
        session = self._host.session
        for environment in session.settings.environments:
            has_key = await session.has_key(environment)
            self._has_key[environment.name] = has_key
            picker.show_key(environment.name, has_key)

    def changed(self, show: LookupOutcome | None = None) -> None:
        """The app switched. `show`: a lookup already made there, to show at once."""
        host = self._host
        host.cancel_workers(LOOKUP_GROUP)
        environment = host.session.environment
        self._paint()
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
        host.start_worker(
            partial(self.check_key, prompt=True),
            name="key status",
            group=KEY_STATUS_GROUP,
            exclusive=True,
        )
        # The old environment's count must not stand under the new banner.
        host.unknown_bar.show_count(0, environment.name)
        host.refresh_unknown_count()
        host.refresh_bindings()
        desk_host = host.session.desk.host if host.session.is_open else environment.host
        host.notify(f"Now on {environment.name} · {desk_host}", timeout=3)
