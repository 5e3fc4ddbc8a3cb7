"""A throw-away PostgreSQL cluster for the tests: no mock of the database.

`initdb` into a temporary folder, the server on a free loopback port and a unix socket in that
folder, started once per session and stopped at its end. PostgreSQL refuses to run as root
(and CI runs as root), so then the cluster belongs to an unprivileged user — Debian's
`postgres`, created with the package — and every command runs through `runuser`. Durability
is traded for speed (fsync off): the data is thrown away anyway.

Every test gets a database of its own (`fresh_database`), so no test sees another's rows.
Skipped only when the PostgreSQL binaries are not installed at all: `scripts/install --test`
installs them, so in CI the tests run.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest

SUPERUSER = "nowgg"
PASSWORD_USER = "agent"
PASSWORD = "s3cret-history-pass"
_BIN_CANDIDATES = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
_UNPRIVILEGED = "postgres"


def _bin_dir() -> Path | None:
    for candidate in _BIN_CANDIDATES:
        if (candidate / "initdb").exists():
            return candidate
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PostgresCluster:
    """A running cluster; `url(database)` names a database on it (over the unix socket)."""

    directory: Path
    port: int
    bin_dir: Path
    run_as: str | None
    _names: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def socket_dir(self) -> Path:
        return self.directory

    def url(self, database: str, *, user: str = SUPERUSER) -> str:
        socket_dir = quote(str(self.socket_dir), safe="")
        return f"postgresql://{user}@/{database}?host={socket_dir}&port={self.port}"

    def tcp_url(self, database: str, *, user: str = PASSWORD_USER) -> str:
        """Over loopback TCP, where the server asks for a password (scram-sha-256)."""
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    def admin(self) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(self.url("postgres"), autocommit=True)

    def fresh_database(self) -> str:
        name = f"history_{os.getpid()}_{next(self._names)}"
        with self.admin() as connection:
            connection.execute(f'CREATE DATABASE "{name}" OWNER {SUPERUSER}')
            connection.execute(f'GRANT ALL ON DATABASE "{name}" TO {PASSWORD_USER}')
            connection.execute(f'ALTER DATABASE "{name}" OWNER TO {PASSWORD_USER}')
        return name

    def drop_database(self, name: str) -> None:
        with self.admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _command(self, *args: str) -> list[str]:
        if self.run_as is None:
            return list(args)
        return ["runuser", "-u", self.run_as, "--", *args]

    def running(self) -> bool:
        status = subprocess.run(
            self._command(
                str(self.bin_dir / "pg_ctl"), "-D", str(self.directory / "data"), "status"
            ),
            capture_output=True,
            timeout=60,
        )
        return status.returncode == 0

    def pg_ctl(self, action: str) -> None:
        """`start` or `stop` the server (tests that take the shared history away)."""
        options = (
            f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off -c synchronous_commit=off "
            "-c max_connections=200"
        )
        args = [str(self.bin_dir / "pg_ctl"), "-D", str(self.directory / "data"), "-w"]
        if action == "start":
            args += ["-o", options, "-l", str(self.directory / "server.log"), "start"]
        else:
            args += ["-m", "fast", "stop"]
        subprocess.run(self._command(*args), check=True, capture_output=True, timeout=60)


def start_cluster() -> PostgresCluster:
    bin_dir = _bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed (scripts/install --test installs it)")
    run_as = _UNPRIVILEGED if os.geteuid() == 0 else None
    directory = Path(tempfile.mkdtemp(prefix="nowgg-pg-"))
    if run_as is not None:
        user = pwd.getpwnam(run_as)
        os.chown(directory, user.pw_uid, user.pw_gid)
    directory.chmod(0o700)
    cluster = PostgresCluster(directory, _free_port(), bin_dir, run_as)
    password_file = directory / "pwfile"
    password_file.write_text(PASSWORD + "\n")
    if run_as is not None:
        os.chown(password_file, pwd.getpwnam(run_as).pw_uid, -1)
    subprocess.run(
        cluster._command(
            str(bin_dir / "initdb"),
            "-D",
            str(directory / "data"),
            "-U",
            SUPERUSER,
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            f"--pwfile={password_file}",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ),
        check=True,
        capture_output=True,
        timeout=120,
    )
    password_file.unlink()
    cluster.pg_ctl("start")
    with cluster.admin() as connection:
        connection.execute(f"CREATE ROLE {PASSWORD_USER} LOGIN PASSWORD '{PASSWORD}'")
    return cluster


def stop_cluster(cluster: PostgresCluster) -> None:
    with contextlib.suppress(subprocess.SubprocessError, OSError):
        cluster.pg_ctl("stop")
    shutil.rmtree(cluster.directory, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    cluster = start_cluster()
    try:
        yield cluster
    finally:
        stop_cluster(cluster)


@pytest.fixture
def postgres_url(postgres_cluster: PostgresCluster) -> Iterator[str]:
    """The URL of a new, empty database on the session's cluster (dropped after the test)."""
    name = postgres_cluster.fresh_database()
    try:
        yield postgres_cluster.url(name)
    finally:
        postgres_cluster.drop_database(name)
