"""Loading the config file: a good file, and every kind of bad one (which is ignored as a
whole, with problems that name the file and the line or key, while the built-ins still load)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.payments.stores import Store
from console.settings.config import load_settings
from console.settings.environments import BUILTIN_ENVIRONMENTS

GOOD = """\
# the on-call team's file
default_environment = "staging"

[history]
retention_days = 90
operator = "  alice   smith "

[environments.staging]
base_url = "https://payments-staging.example.com/"
label = "Staging"
colour = "#FF8800"
timeout = 7
default_store = "xiaomi"

[environments.production]
read_only = true
label = "PROD (read only)"

[environments.qa-eu-2]
base_url = "http://127.0.0.1:8765/"
production = true

[ui]
theme = "nord"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_missing_file_means_the_builtins_and_no_problem(tmp_path: Path) -> None:
    loaded = load_settings(tmp_path / "absent.toml")
    assert loaded.problems == ()
    assert not loaded.file_exists and not loaded.ignored
    assert loaded.environments == BUILTIN_ENVIRONMENTS
    assert loaded.default_environment == "sandbox"
    assert (loaded.retention.days, loaded.retention.rows) == (365, 200_000)


def test_a_good_file_loads_builtins_first_then_its_own_in_file_order(tmp_path: Path) -> None:
    loaded = load_settings(write(tmp_path, GOOD))
    assert loaded.problems == ()
    assert loaded.names == ("sandbox", "production", "production-cn", "staging", "qa-eu-2")
    assert loaded.default_environment == "staging"
    assert loaded.retention.days == 90 and loaded.retention.rows == 200_000
    assert loaded.operator == "alice smith"  # runs of spaces count as one
    staging = loaded.find("staging")
    assert staging is not None
    assert staging.base_url == "https://payments-staging.example.com/"
    assert (staging.label, staging.colour, staging.timeout_s) == ("Staging", "#ff8800", 7.0)
    assert staging.default_store is Store.XIAOMI and not staging.production
    production = loaded.find("production")
    assert production is not None and production.builtin
    assert production.read_only and production.production
    assert production.base_url == "https://payments-api.now.gg/"
    assert production.label == "PROD (read only)"
    qa = loaded.find("qa-eu-2")
    assert qa is not None and qa.production
    assert (qa.label, qa.colour) == ("qa-eu-2", "red")  # defaults: the name; red in production
    assert loaded.preserved == {"ui": {"theme": "nord"}}


BAD_FILES = [
    pytest.param('a = 1\nb = "unclosed\n', "line 2", "TOML syntax error", id="toml-syntax"),
    pytest.param(
        '[environments.a]\nbase_url = "http://a/"\n[environments.a]\nbase_url = "http://b/"\n',
        "line 3",
        "Cannot declare",
        id="duplicate-name",
    ),
    pytest.param("colour = 'red'\n", "colour", "unknown key", id="unknown-top-level-key"),
    pytest.param(
        '[environments.a]\nbase_url = "http://a/"\ncolor = "red"\n',
        "environments.a.color",
        "did you mean 'colour'",
        id="unknown-environment-key",
    ),
    pytest.param(
        '[environments.a]\nbase_url = "http://a/"\ntimeout = "10"\n',
        "environments.a.timeout",
        "string '10'",
        id="wrong-type",
    ),
    pytest.param(
        '[environments.a]\nbase_url = "http://a/"\nread_only = "yes"\n',
        "environments.a.read_only",
        "true or false",
        id="wrong-type-flag",
    ),
    pytest.param(
        '[environments.a]\nbase_url = "http://a/"\ntimeout = 10000\n',
        "environments.a.timeout",
        "at most 300",
        id="timeout-in-milliseconds",
    ),
    pytest.param(
        '[environments.a]\nbase_url = "ftp://files.example.com/"\n',
        "environments.a.base_url",
        "http(s) URL",
        id="bad-url",
    ),
    pytest.param(
        '[environments.a]\nbase_url = "https://"\n',
        "environments.a.base_url",
        "with a host",
        id="url-without-host",
    ),
    pytest.param(
        '[environments.a]\nbase_url = "https://me:pw@example.com/"\n',
        "environments.a.base_url",
        "without credentials",
        id="url-with-credentials",
    ),
    pytest.param(
        '[environments.a]\nbase_url = "http://a/"\ncolour = "orange-ish"\n',
        "environments.a.colour",
        "#rrggbb",
        id="bad-colour",
    ),
    pytest.param(
        '[environments.a]\nbase_url = "http://a/"\ndefault_store = "steam"\n',
        "environments.a.default_store",
        "nowgg, xiaomi",
        id="bad-store",
    ),
    pytest.param(
        '[environments.Staging]\nbase_url = "http://a/"\n',
        "environments.Staging",
        "lowercase",
        id="bad-name",
    ),
    pytest.param(
        '[environments."has space"]\nbase_url = "http://a/"\n',
        'environments."has space"',
        "lowercase",
        id="bad-name-quoted",
    ),
    pytest.param(
        '[environments.custom]\nbase_url = "http://a/"\n',
        "environments.custom",
        "reserved",
        id="reserved-name",
    ),
    pytest.param(
        "[environments.a]\nlabel = 'A'\n",
        "environments.a.base_url",
        "no base_url",
        id="missing-base-url",
    ),
    pytest.param(
        '[environments.production]\nbase_url = "https://evil.example.com/"\n',
        "environments.production.base_url",
        "built-in",
        id="builtin-base-url",
    ),
    pytest.param(
        "[environments.production-cn]\nproduction = false\n",
        "environments.production-cn.production",
        "built-in",
        id="builtin-production-flag",
    ),
    pytest.param(
        'default_environment = "nowhere"\n',
        "default_environment",
        "known environment",
        id="bad-default",
    ),
    pytest.param(
        "default_environment = 3\n", "default_environment", "integer 3", id="default-not-a-string"
    ),
    pytest.param(
        "[history]\nretention_days = 0\n",
        "history.retention_days",
        "from 1 to 36500",
        id="bad-retention",
    ),
    pytest.param(
        '[history]\noperator = ""\n',
        "line 2 (history.operator)",
        "a name of 1 to 64 characters",
        id="empty-operator",
    ),
    pytest.param(
        '[history]\noperator = "al\\u001b]0;x\\u0007ice"\n',
        "line 2 (history.operator)",
        "control characters",
        id="operator-with-an-escape",
    ),
    pytest.param("[history]\noperator = 7\n", "line 2", "integer 7", id="operator-not-text"),
    pytest.param("ui = 3\n", "ui", "a table", id="ui-not-a-table"),
    pytest.param("environments = 3\n", "environments", "a table", id="environments-not-a-table"),
]


@pytest.mark.parametrize(("text", "where", "fragment"), BAD_FILES)
def test_a_bad_file_is_ignored_with_a_problem_naming_file_and_place(
    tmp_path: Path, text: str, where: str, fragment: str
) -> None:
    path = write(tmp_path, text)
    loaded = load_settings(path)
    assert loaded.ignored and loaded.file_exists
    messages = [str(problem) for problem in loaded.problems]
    # Each problem names the file, its key and, where the file shows it, its line.
    matching = [
        str(problem)
        for problem in loaded.problems
        if str(problem).startswith(f"{path}: ")
        and (problem.key == where or problem.where.startswith(where))
        and fragment in str(problem)
    ]
    assert matching, messages
    # The built-ins still load, with the built-in default.
    assert loaded.environments == BUILTIN_ENVIRONMENTS
    assert loaded.default_environment == "sandbox"
    message = loaded.ignored_message()
    assert message is not None and "ignored" in message and str(path) in message


def test_a_syntax_error_gives_line_and_column(tmp_path: Path) -> None:
    loaded = load_settings(write(tmp_path, "a = 1\n\nb = = 2\n"))
    (problem,) = loaded.problems
    assert (problem.line, problem.column) == (3, 5)
    assert problem.where == "line 3, column 5"


def test_one_bad_environment_ignores_the_whole_file_even_a_production_override(
    tmp_path: Path,
) -> None:
    # Half-reading would keep `good` and silently lose read_only for production: never.
    path = write(
        tmp_path,
        """\
        [environments.production]
        read_only = true
        [environments.good]
        base_url = "http://good/"
        [environments.bad]
        base_url = "http://bad/"
        timeout = -1
        """,
    )
    loaded = load_settings(path)
    assert [p.key for p in loaded.problems] == ["environments.bad.timeout"]
    assert loaded.names == ("sandbox", "production", "production-cn")


def test_every_problem_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        surprise = 1
        [environments.a]
        base_url = "nope"
        colour = "plaid"
        """,
    )
    keys = {problem.key for problem in load_settings(path).problems}
    assert keys == {"surprise", "environments.a.base_url", "environments.a.colour"}


def test_a_default_naming_a_broken_environment_is_not_reported_twice(tmp_path: Path) -> None:
    path = write(tmp_path, 'default_environment = "a"\n[environments.a]\nbase_url = 1\n')
    assert [p.key for p in load_settings(path).problems] == ["environments.a.base_url"]


@pytest.mark.parametrize("name", ["api_key", "key", "secret", "apiKey", "payment_api_key"])
def test_a_key_in_the_file_is_refused_without_echoing_it(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, f'[environments.qa]\nbase_url = "http://qa/"\n{name} = "S3CRET-9f8e"\n')
    (problem,) = load_settings(path).problems
    assert "nowgg-console key set qa" in problem.expected
    assert "NOWGG_CONSOLE_API_KEY_QA" in problem.expected
    assert "S3CRET" not in str(problem)


def test_a_key_at_the_top_level_is_refused_too(tmp_path: Path) -> None:
    (problem,) = load_settings(write(tmp_path, 'api_key = "S3CRET-1"\n')).problems
    assert "key set" in problem.expected and "S3CRET" not in str(problem)


def test_text_that_is_not_utf8_is_a_problem_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'a = 1\nb = "\xff"\n')
    (problem,) = load_settings(path).problems
    assert problem.line == 2 and "UTF-8" in problem.expected


def test_an_unreadable_path_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    directory = tmp_path / "config.toml"
    directory.mkdir()
    loaded = load_settings(directory)
    assert loaded.ignored and "it is a directory" in loaded.problems[0].found


def test_keybindings_and_ui_are_kept_as_written(tmp_path: Path) -> None:
    path = write(tmp_path, '[keybindings]\nquit = "ctrl+q"\n[ui.colours]\naccent = "#00ff00"\n')
    loaded = load_settings(path)
    assert loaded.problems == ()
    assert loaded.preserved == {
        "keybindings": {"quit": "ctrl+q"},
        "ui": {"colours": {"accent": "#00ff00"}},
    }


def test_the_path_comes_from_the_variable_when_not_given(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    loaded = load_settings(environ={"NOWGG_CONSOLE_CONFIG": str(path)})
    assert loaded.path == path and "staging" in loaded.names


_SCALARS = st.one_of(
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False),
    st.text(max_size=12),
)
_KEYS = st.sampled_from(
    [
        "base_url",
        "label",
        "colour",
        "production",
        "read_only",
        "timeout",
        "default_store",
        "x",
        "staging",
        "production",
        "sandbox",
        "custom",
        "history",
        "environments",
        "ui",
        "default_environment",
        "retention_days",
        "api_key",
        "Bad Name",
    ]
)
_DOCUMENTS = st.recursive(
    _SCALARS | st.lists(_SCALARS, max_size=3),
    lambda inner: st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=12,
).filter(lambda value: isinstance(value, dict))


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(document=_DOCUMENTS)
def test_loading_never_raises_on_any_document(tmp_path: Path, document: dict[str, object]) -> None:
    path = tmp_path / "config.toml"
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    loaded = load_settings(path)
    if loaded.problems:
        assert loaded.environments == BUILTIN_ENVIRONMENTS


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=80))
def test_loading_never_raises_on_any_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    load_settings(path)
