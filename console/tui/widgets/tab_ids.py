"""The main screen's tabs, by id: the body composes them (main_body.py), the flows show them
(flows/tab_flow.py), and both may load at different moments."""

from typing import Final

PURCHASE_TAB: Final = "purchase-tab"
HISTORY_TAB: Final = "history-tab"
WORKLIST_TAB: Final = "worklist-tab"
WEBHOOKS_TAB: Final = "webhooks-tab"
