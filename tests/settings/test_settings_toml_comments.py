"""Finding comments in TOML the way TOML does: a `#` inside any kind of string is none."""

from __future__ import annotations

import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from console.settings.toml_comments import has_comments


@pytest.mark.parametrize(
    "text",
    [
        "# top\n",
        "a = 1 # trailing\n",
        "[t] # after a header\n",
        'a = "x"\n#\n',
        'a = """\nmulti " line\n"""  # after a multi-line string\n',
        "a = '''\n'' two quotes\n'''# right after\n",
        'a = """x""""  # closing with an extra quote\n',
        'a = "escaped \\" quote" # c\n',
    ],
)
def test_comments_are_found(text: str) -> None:
    assert has_comments(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        'colour = "#ff8800"\n',
        "colour = '#ff8800'\n",
        'a = """\n# not a comment\n"""\n',
        "a = '''\n# not a comment\n'''\n",
        'a = "quote \\" then # inside"\n',
        '"key#1" = 2\n',
        'a = """x""""\nb = "#"\n',
    ],
)
def test_hashes_in_strings_are_not_comments(text: str) -> None:
    assert not has_comments(text)


_TEXT = st.text(alphabet=st.sampled_from(list("#\"'\\ \nab=[]")), max_size=20)


@given(st.dictionaries(_TEXT, st.one_of(_TEXT, st.lists(_TEXT, max_size=3)), max_size=5))
def test_what_tomli_w_writes_has_no_comments_until_one_is_added(
    document: dict[str, object],
) -> None:
    text = tomli_w.dumps(document)
    assert not has_comments(text)
    assert has_comments(text + "# added\n")
