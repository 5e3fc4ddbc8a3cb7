"""An environment's base URL, checked once, and the endpoint URLs built from it.

Base URLs are typed by people (an environment added under pressure, a sandbox on another
port), so a bad one is refused with a reason before any request, and a harmless slip, the
missing trailing slash, is forgiven: `https://host/prefix` and `https://host/prefix/` both
lead to `https://host/prefix/v2/…`, keeping the path prefix of a gateway.

`BaseUrl.parse` is the only judge of a base URL: `--base-url`, `env add`, the config file and
the client all ask it, so a URL one of them accepts is never refused by the next. Its rules:
http or https; a host name, an IPv4 address or an [IPv6] address; a port from 1 to 65535; no
user:password@, no ?query, no #fragment; printable ASCII without spaces, at most 2048
characters. A host name in other scripts (an IDN such as `bücher.de`) is refused with its
ASCII form (`xn--bcher-kva.de`) to type instead: letters that look alike across scripts (a
Cyrillic `а` for a Latin `a`) could otherwise make another host pass for production, and the
ASCII form is what the history and the banner then show unambiguously.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from console.payments.errors import InputRejected

if TYPE_CHECKING:
    import httpx

MAX_BASE_URL_CHARS: Final = 2048
_DEFAULT_PORTS: Final = {"http": 80, "https": 443}
_MAX_PORT: Final = 65535
# One DNS label (RFC 1123; `_` too, which private networks use); 1 to 63 characters.
_LABEL: Final = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?")
_MAX_HOST_CHARS: Final = 253
_IPV4_LIKE: Final = re.compile(r"[0-9.]+")


# `parse`'s `refused`: the reason in, the exception to raise out.
_Refuse = Callable[[str], "BaseUrlRejected"]


class BaseUrlRejected(InputRejected):
    """A base URL that cannot be used; `why` says what is wrong with `text` in one phrase."""

    def __init__(self, text: str, why: str, *, carries_credentials: bool = False) -> None:
        # The URL itself is left to the caller to show, made printable: it may hold anything.
        super().__init__(f"the base URL cannot be used: {why}")
        self.text = text
        self.why = why
        # A user:password@ URL: a caller must not show it (the password is a secret).
        self.carries_credentials = carries_credentials


@dataclass(frozen=True)
class BaseUrl:
    """`url` always ends with `/` and has no query, fragment or credentials."""

    url: str
    scheme: str
    host: str
    port: int

    @classmethod
    def parse(cls, text: str) -> BaseUrl:
        """The base URL in `text` (surrounding blanks removed), or `BaseUrlRejected`."""
        shown = text.strip()

        def refused(why: str) -> BaseUrlRejected:
            return BaseUrlRejected(text, why)

        _check_characters(shown, refused)
        # Imported here, on first use: this module's constants serve `--help`, and the console's
        # first frame reads the config file; neither may pay for httpx when no URL is checked.
        import httpx

        try:
            url = httpx.URL(shown)
        except (httpx.InvalidURL, ValueError, TypeError, UnicodeError) as problem:
            if "[" in shown and "]" not in shown:
                raise refused("its IPv6 address lacks the closing ]") from None
            raise refused(f"it is not a well-formed URL ({problem})") from None
        scheme = url.scheme.lower()
        if scheme not in _DEFAULT_PORTS:
            if not scheme:
                raise refused("it needs https:// in front")
            raise refused(f"{scheme}:// is not HTTP; use https://")
        if url.userinfo:
            # Credentials in a URL end up in history, exports and copied curl lines.
            raise BaseUrlRejected(
                text, "it must not carry a user name or password", carries_credentials=True
            )
        _check_host(url, refused)
        if url.port is not None and not 1 <= url.port <= _MAX_PORT:
            raise refused(f"port {url.port} is not a port number (1 to {_MAX_PORT})")
        if url.query or url.fragment or "?" in shown or "#" in shown:
            raise refused("it must not have a ?query or #fragment")
        if not shown.isascii():
            raise refused("it holds non-ASCII characters; write them %-encoded")
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
        """The URL of an endpoint path such as `wire.VERIFY_PATH`, under the base's prefix."""
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


def _check_characters(text: str, refused: _Refuse) -> None:
    """What no URL a person means can hold; checked before parsing, so that the reason is
    this rather than whatever a parser makes of it."""
    if not text:
        raise refused("it is empty")
    if len(text) > MAX_BASE_URL_CHARS:
        raise refused(f"it is longer than {MAX_BASE_URL_CHARS} characters")
    if any(not char.isprintable() and not char.isspace() for char in text):
        raise refused("it holds a control or invisible character")
    if any(char.isspace() for char in text):
        authority = text.split("//", 1)[-1].split("/", 1)[0]
        if any(char.isspace() for char in authority):
            raise refused("it has no valid host name (a space or line break in it)")
        raise refused("it holds a space or line break; write a space as %20")


def _check_host(url: httpx.URL, refused: _Refuse) -> None:
    host = url.host
    if not host:
        raise refused("it has no valid host name")
    if not host.isascii():
        ascii_form = url.raw_host.decode("ascii")
        raise refused(
            f"its host name is not ASCII (an internationalised name); if it is the host you "
            f"mean, write its ASCII form {ascii_form}"
        )
    if ":" in host:
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise refused("it has no valid IPv6 address") from None
        return
    if _IPV4_LIKE.fullmatch(host):
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            raise refused(f"{host} is not an IPv4 address") from None
        return
    name = host.removesuffix(".")
    if len(name) > _MAX_HOST_CHARS or not all(_LABEL.fullmatch(p) for p in name.split(".")):
        raise refused("it has no valid host name")
