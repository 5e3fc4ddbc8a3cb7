"""`env check` as a user runs it (good key, bad key, a closed port), and `env add` refusing a
production key in clear text unless told so deliberately."""

from __future__ import annotations

from pathlib import Path

from console.sandbox.routes import VerifySpelling
from console.sandbox.server import SandboxServer
from tests.cli.cli_runner import CliRunner, run_cli

CLOSED_PORT = "http://127.0.0.1:9/"


def _qa(cli: CliRunner, url: str) -> None:
    added = cli("env", "add", "qa", "--base-url", url)
    assert added.code == 0, added.err


def test_a_good_key_passes_and_a_bad_one_is_named(cli: CliRunner, sandbox: SandboxServer) -> None:
    _qa(cli, sandbox.url)
    good = cli("env", "check", "qa", "--json", NOWGG_CONSOLE_API_KEY_QA=sandbox.api_key)
    assert good.code == 0, good.out + good.err
    body = good.json()
    assert isinstance(body, dict) and body["keyAccepted"] is True
    assert [step["name"] for step in body["steps"]] == ["dns", "tcp", "tls", "verify path", "key"]
    bad = cli("env", "check", "qa", NOWGG_CONSOLE_API_KEY_QA="not-the-key-0000")
    assert bad.code == 1
    assert "3900" in bad.out and "FAIL" in bad.out


def test_an_unreachable_host_stops_at_tcp_with_exit_3(cli: CliRunner) -> None:
    _qa(cli, CLOSED_PORT)
    run = cli("env", "check", "qa", NOWGG_CONSOLE_API_KEY_QA="any-key-0000")
    assert run.code == 3
    assert "refused the connection" in run.out and "The tcp step failed" in run.out


def test_production_over_plain_http_needs_the_deliberate_flag(tmp_path: Path) -> None:
    url = "http://payments.example.com/"
    refused = run_cli(tmp_path, "env", "add", "live", "--base-url", url, "--production")
    assert refused.code == 2
    assert "clear text" in refused.err and "--allow-insecure-http" in refused.err
    allowed = run_cli(
        tmp_path,
        "env",
        "add",
        "live",
        "--base-url",
        url,
        "--production",
        "--allow-insecure-http",
    )
    assert allowed.code == 0, allowed.err
    assert "warning" in allowed.err and "clear text" in allowed.err
    shown = run_cli(tmp_path, "env", "show", "live", "--json").json()
    assert isinstance(shown, dict) and shown["allowInsecureHttp"] is True
    spelled = run_cli(tmp_path, "env", "edit", "live", "--verify-path", "sellers")
    assert spelled.code == 0, spelled.err
    shown = run_cli(tmp_path, "env", "show", "live", "--json").json()
    assert isinstance(shown, dict) and shown["verifyPath"] == "sellers"


def test_a_verify_on_a_host_routing_only_sellers_says_so_and_remembers_it(
    cli: CliRunner, tmp_path: Path
) -> None:
    with SandboxServer(only_verify_path=VerifySpelling.SELLERS) as sellers:
        _qa(cli, sellers.url)
        key = {"NOWGG_CONSOLE_API_KEY_QA": sellers.api_key}
        first = cli("verify", "sbx-paid-unconsumed-0001", "--env", "qa", **key)
        again = cli("verify", "sbx-paid-unconsumed-0001", "--env", "qa", "--json", **key)
    assert first.code == 0, first.out + first.err
    assert "Verify path:" in first.out and "answered code 150" in first.out
    body = again.json()
    assert isinstance(body, dict) and body["ok"] and body["verifyPathNote"] is None
    shown = cli("env", "show", "qa", "--json").json()
    assert isinstance(shown, dict) and shown["verifyPath"] == "sellers"
