"""When the proxy settings of the environment (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY,
and SSL_CERT_FILE with them) may be used for a call.

Every request carries the API key in its `Authorization` header. A plain `http://` request
sent through a proxy is readable by that proxy, key included, so it never goes through one:
it connects directly, whatever the environment says. An `https://` request through a proxy is
a CONNECT tunnel: the proxy sees the host name, never the request, so it stays allowed (a
company network may have no other way out). A loopback base URL is this machine, usually the
sandbox: a proxy could only send its traffic somewhere else.
"""

from __future__ import annotations

from console.payments.urls import BaseUrl


def uses_environment_proxies(base: BaseUrl) -> bool:
    """True only for https to a host other than this machine."""
    return base.scheme == "https" and not base.is_loopback
