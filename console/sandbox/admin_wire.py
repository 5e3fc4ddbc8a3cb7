"""Where the sandbox's admin endpoint lives and how its replies are recognised: shared by the
endpoint (`admin`) and its client (`admin_client`), which must not import the whole sandbox."""

from typing import Final

ADMIN_PREFIX: Final = "/_sandbox/"
"""A prefix no now.gg path has: nothing sent to the API can reach the admin endpoint."""

ADMIN_MARKER: Final = "nowgg-console"
"""The value of `sandbox` in every admin reply."""

DEFAULT_SANDBOX_URL: Final = "http://127.0.0.1:8765/"
"""Where `nowgg-console sandbox serve` listens unless told otherwise."""
