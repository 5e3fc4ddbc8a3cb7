"""Certificates: https trusts the usual store, checked in full; a plain-http client, which
never makes a TLS connection, holds a context that would refuse every certificate rather than
loading the store (which costs more than a request to the loopback sandbox)."""

from __future__ import annotations

import ssl

import pytest

from console.payments.tls_policy import tls_verification
from console.payments.urls import BaseUrl


@pytest.mark.parametrize("url", ["https://payments-api.now.gg/", "https://127.0.0.1:8443/"])
def test_https_trusts_the_usual_store(url: str) -> None:
    assert tls_verification(BaseUrl.parse(url)) is True


@pytest.mark.parametrize("url", ["http://127.0.0.1:8765/", "http://staging.example.com/"])
def test_plain_http_holds_a_context_that_trusts_nothing(url: str) -> None:
    context = tls_verification(BaseUrl.parse(url))
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname
    assert context.cert_store_stats()["x509_ca"] == 0
