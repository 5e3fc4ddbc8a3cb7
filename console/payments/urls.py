"""An environment's base URL, checked once, and the endpoint URLs built from it.

Base URLs are typed by people (an environment added under pressure, a sandbox on another
port), so a bad one is refused with a reason before any request, and a harmless slip, the
missing trailing slash, is forgiven: `https://host/prefix` and `https://host/prefix/` both
lead to `https://host/prefix/v2/…`, keeping the path prefix of a gateway.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Final

import httpx

from console.payments.errors import InputRejected

_DEFAULT_PORTS: Final = {"http": 80, "https": 443}
# Host names, IPv4 and IPv6 literals; anything else (a space, a percent sign) is a typo.
_HOST: Final = re.compile(r"[A-Za-z0-9._:-]+")


@dataclass(frozen=True)
class BaseUrl:
    """`url` always ends with `/` and has no query, fragment or credentials."""

    url: str
    scheme: str
    host: str
    port: int

    @classmethod
    def parse(cls, text: str) -> BaseUrl:
        """The base URL in `text`, or `InputRejected` saying what is wrong with it."""
        shown = text.strip()
        try:
            url = httpx.URL(shown)
        except (httpx.InvalidURL, ValueError, TypeError) as problem:
            raise _refused(shown, str(problem)) from None
        scheme = url.scheme.lower()
        if scheme not in _DEFAULT_PORTS:
            if not scheme:
                raise _refused(shown, "it needs https:// in front")
            raise _refused(shown, f"{scheme}:// is not HTTP; use https://")
        if not url.host or not _HOST.fullmatch(url.host):
            raise _refused(shown, "it has no valid host name")
        if url.userinfo:
            # Credentials in a URL end up in history, exports and copied curl lines.
            raise _refused(shown, "it must not carry a user name or password")
        if url.query or url.fragment:
            raise _refused(shown, "it must not have a ?query or #fragment")
        path = url.raw_path.decode("ascii")
        if not path.endswith("/"):
            path += "/"
        netloc = url.netloc.decode("ascii")
        return cls(
            url=f"{scheme}://{netloc}{path}",
            scheme=scheme,
            host=url.host,
            port=url.port or _DEFAULT_PORTS[scheme],
        )

    def endpoint(self, path: str) -> str:
        """The URL of an endpoint path such as `hosts.VERIFY_PATH`, under the base's prefix."""
        return self.url + path.lstrip("/")

    @property
    def is_loopback(self) -> bool:
        """True for this machine (`localhost`, 127.0.0.0/8, ::1): the sandbox's home."""
        if self.host.lower() == "localhost" or self.host.lower().endswith(".localhost"):
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False

    @property
    def host_port(self) -> str:
        """`host:port` as a person would type it, brackets around an IPv6 literal."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"


def _refused(text: str, why: str) -> InputRejected:
    return InputRejected(f"the base URL {text!r} cannot be used: {why}")
