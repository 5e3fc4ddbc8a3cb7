"""Environments: a name for where calls go, how careful to be there, and how it looks.

Three are built in and need no configuration: `sandbox` (the embedded simulator, the default),
`production` (the global host) and `production-cn` (the China host).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from console.payments import CHINA_BASE_URL, GLOBAL_BASE_URL, Store

SANDBOX = "sandbox"
PRODUCTION = "production"
PRODUCTION_CN = "production-cn"
DEFAULT_ENVIRONMENT = SANDBOX
ADHOC = "custom"
"""The name of the `--base-url` environment; reserved, so no configured one can take it."""

VERIFY_SPELLINGS = ("seller", "sellers")
"""The spellings of the verify path (API.md, "Path spelling"), as `verify_path` names them."""
DEFAULT_VERIFY_SPELLING = "seller"

PRODUCTION_HOSTS = frozenset(
    host for host in (urlsplit(GLOBAL_BASE_URL).hostname, urlsplit(CHINA_BASE_URL).hostname) if host
)


@dataclass(frozen=True)
class Environment:
    name: str
    base_url: str | None
    """None means the embedded sandbox, started on a free loopback port when first used."""
    label: str
    colour: str
    production: bool = False
    read_only: bool = False
    timeout_s: float | None = None
    """The reply timeout for this environment; None keeps the client's default."""
    default_store: Store = Store.NOWGG
    builtin: bool = False
    allow_insecure_http: bool = False
    """The config says `allow_insecure_http = true`: a plain http:// base URL to a host that
    is not this machine is accepted even for production (the key then travels in clear)."""
    verify_path: str = DEFAULT_VERIFY_SPELLING
    """The verify path's spelling this host answers: `seller` (the default) or `sellers`
    (remembered once a verify found that the other one answers code 150)."""

    @property
    def embedded_sandbox(self) -> bool:
        return self.base_url is None

    @property
    def sends_key_in_clear(self) -> bool:
        """The base URL is plain http:// to a host that is not this machine: the API key, and
        every purchase, cross the network unencrypted. Refused for production unless
        `allow_insecure_http`; said as a warning everywhere else."""
        return self.base_url is not None and insecure_http(self.base_url)

    @property
    def host(self) -> str:
        """What the banner and the history show as the host."""
        if self.base_url is None:
            return "embedded sandbox (loopback)"
        parts = urlsplit(self.base_url)
        return parts.netloc or self.base_url


BUILTIN_ENVIRONMENTS: tuple[Environment, ...] = (
    Environment(
        name=SANDBOX,
        base_url=None,
        label="Sandbox (built-in simulator)",
        colour="green",
        builtin=True,
    ),
    Environment(
        name=PRODUCTION,
        base_url=GLOBAL_BASE_URL,
        label="now.gg production (global)",
        colour="red",
        production=True,
        builtin=True,
    ),
    Environment(
        name=PRODUCTION_CN,
        base_url=CHINA_BASE_URL,
        label="now.gg production (China)",
        colour="magenta",
        production=True,
        builtin=True,
    ),
)


BUILTIN_NAMES: frozenset[str] = frozenset(environment.name for environment in BUILTIN_ENVIRONMENTS)
RESERVED_NAMES: frozenset[str] = BUILTIN_NAMES | {ADHOC}


def insecure_http(base_url: str) -> bool:
    """`base_url` is http:// to a host other than this machine (localhost, 127.0.0.0/8, ::1)."""
    parts = urlsplit(base_url.strip())
    if parts.scheme.lower() != "http":
        return False
    host = (parts.hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True


def insecure_production_problem(name: str, base_url: str) -> str:
    """Why a production environment on plain http:// is refused, and the way past it."""
    return (
        f"{name} is marked production but its base URL {base_url} is plain http:// to "
        "another machine: the API key would travel in clear text. Use https://, or, if the "
        "network path is protected otherwise, say so deliberately with allow_insecure_http = "
        f"true (`nowgg-console env edit {name} --allow-insecure-http`)"
    )


def builtin_environment(name: str) -> Environment | None:
    """The built-in environment called `name`, as shipped (before any configured override)."""
    for environment in BUILTIN_ENVIRONMENTS:
        if environment.name == name:
            return environment
    return None


def adhoc_environment(base_url: str) -> Environment:
    """An environment for `--base-url`: production when it points at a production host."""
    host = urlsplit(base_url).hostname or ""
    production = host in PRODUCTION_HOSTS
    return Environment(
        name=ADHOC,
        base_url=base_url,
        label=f"custom URL {base_url}",
        colour="red" if production else "yellow",
        production=production,
    )
