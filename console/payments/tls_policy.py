"""Which certificates a call trusts.

https: the usual trust store (certifi's bundle, as httpx loads it), every certificate and host
name checked. Plain http makes no TLS connection at all: the client sends only to its own base
URL, follows no redirect (client.py) and uses no proxy for plain http (proxy_policy.py). So an
http client gets a context that trusts no certificate — any TLS it were ever asked to make
fails, closed — instead of the bundle, whose loading costs more than a request to the
loopback sandbox takes.
"""

from __future__ import annotations

import ssl

from console.payments.urls import BaseUrl


def tls_verification(base: BaseUrl) -> ssl.SSLContext | bool:
    """httpx's `verify`: True (the trust store) for https, a context trusting nothing else."""
    if base.scheme == "https":
        return True
    # PROTOCOL_TLS_CLIENT checks certificates and host names; with no CA loaded, none passes.
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
