"""A tab pane whose content is built the first time it is shown.

The history and the worklist are a good part of the main screen's widgets (tables, selects, a
text area), and styling them is a good part of the console's start; most sessions open the
purchase tab only. Textual's `Lazy` would still mount them right after the first frame, so
this pane mounts its content only when asked (`build`), which the main screen does when the
tab is first shown.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.widget import AwaitMount, Widget
from textual.widgets import TabPane


class LazyTabPane(TabPane):
    def __init__(self, title: str, content: Callable[[], Widget], *, id: str) -> None:
        """`content`: makes the pane's one child; called once, by the first `build`."""
        super().__init__(title, id=id)
        self._make_content = content
        self.content: Widget | None = None
        """The child once built; None until the tab was first shown."""

    def build(self) -> AwaitMount:
        """Mount the content unless it is there. Await the result before querying inside
        it: its own children are composed once it is mounted."""
        if self.content is None:
            self.content = self._make_content()
            return self.mount(self.content)
        return AwaitMount(self, [self.content])
