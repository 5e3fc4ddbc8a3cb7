"""Choosing the environment: ctrl+e, then a digit (two keystrokes), or arrows and Enter.
Each row says what matters before choosing: production, read-only, whether there is a key."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from console.settings.environments import Environment
from console.text_safety import printable
from console.tui.keys.bindings import keymap_of, numbered_keys, scope_bindings, use_keymap
from console.tui.keys.scopes import PICKER, Scope


def environment_row(
    number: int, environment: Environment, current: bool, has_key: bool | None
) -> Content:
    """One row, plain `Content`: a label from the config file is never markup. `has_key`:
    None while it is being asked."""
    parts: list[str | tuple[str, str]] = [
        (f"{number if number <= 9 else ' '}  ", "bold $text-accent"),
        (printable(environment.name), "bold"),
        f"  {printable(environment.label)}  ·  {printable(environment.host)}",
    ]
    if environment.production:
        parts += ["  ", (" PRODUCTION ", "bold $background on $error")]
    if environment.read_only:
        parts += ["  ", (" READ-ONLY ", "bold $background on $warning")]
    if has_key is False:
        parts += ["  ", ("(no API key)", "$text-muted")]
    if current:
        parts += ["  ", ("← current", "$text-muted")]
    return Content.assemble(*parts)


class EnvironmentPicker(ModalScreen[Environment | None]):
    DEFAULT_CSS = """
    EnvironmentPicker {
        align: center middle;
    }
    EnvironmentPicker > Vertical {
        width: 100;
        max-width: 95%;
        height: auto;
        max-height: 80%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    EnvironmentPicker OptionList {
        height: auto;
        max-height: 20;
    }
    """

    BINDINGS = scope_bindings(PICKER)  # type: ignore[assignment]
    KEY_SCOPE: ClassVar[Scope] = PICKER

    def __init__(
        self,
        environments: tuple[Environment, ...],
        current: Environment,
        keys: dict[str, bool],
        *,
        ignored_config: str | None = None,
    ) -> None:
        """`keys`: environment name → whether it has a key, as far as known (`show_key`
        adds the answers that come later). `ignored_config`: the config file that was
        ignored for its problems (only the built-ins are listed then, and the picker says
        why)."""
        super().__init__()
        use_keymap(self, PICKER)
        self._environments = environments
        self._current = current
        self._keys = keys
        self._ignored_config = ignored_config

    def compose(self) -> ComposeResult:
        keymap = keymap_of(self)
        digits = numbered_keys(keymap, "picker.choose")
        with Vertical():
            yield Static(
                Content.assemble(
                    ("Switch environment", "bold"),
                    f"   press {digits}, or choose and Enter; "
                    f"{keymap.shown('picker.cancel')} keeps the current one",
                )
            )
            if self._ignored_config is not None:
                yield Static(
                    Content.assemble(
                        ("The config file ", "bold $text-error"),
                        (printable(self._ignored_config), "bold"),
                        (" was ignored", "bold $text-error"),
                        " (its problems are in the notice under the banner): only the "
                        "built-in environments are listed.",
                    ),
                    id="picker-config-ignored",
                )
            yield OptionList(
                *(
                    Option(
                        environment_row(
                            number,
                            env,
                            env.name == self._current.name,
                            self._keys.get(env.name),
                        ),
                        id=env.name,
                    )
                    for number, env in enumerate(self._environments, start=1)
                ),
                id="environments",
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        names = [env.name for env in self._environments]
        if self._current.name in names:
            options.highlighted = names.index(self._current.name)
        options.focus()

    def show_key(self, name: str, has_key: bool) -> None:
        """An answer about a key, once known: the row says so."""
        self._keys[name] = has_key
        for number, environment in enumerate(self._environments, start=1):
            if environment.name == name and self.is_mounted:
                row = environment_row(number, environment, name == self._current.name, has_key)
                self.query_one(OptionList).replace_option_prompt(name, row)

    def action_pick(self, number: int) -> None:
        if 1 <= number <= len(self._environments):
            self.dismiss(self._environments[number - 1])

    def action_dismiss_picker(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(event.option_index + 1)
