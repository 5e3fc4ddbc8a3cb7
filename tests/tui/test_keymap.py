"""The keymap without a screen: keys read as Textual names them, the `[keybindings]` table of a
real config file (its lines named in every refusal), the default tables, and which bindings
come before a focused widget."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.settings.config import load_settings
from console.tui.keys.bindings import has_priority, key_notes, scope_bindings
from console.tui.keys.config_lines import keybinding_lines
from console.tui.keys.key_names import KeyRefused, normalise_key, normalise_keys, shown_key
from console.tui.keys.keymap import DEFAULT_KEYS, Keymap, keymap_from_config
from console.tui.keys.scopes import (
    BY_ID,
    EVERYWHERE,
    HISTORY,
    MAIN,
    SCOPES,
    WORKLIST,
)


def _load(tmp_path: Path, keybindings: str) -> tuple[Keymap, Path]:
    """The keymap of a config file holding an environment, then `keybindings` — as the
    console reads it (settings loader, then the keymap with the file's text)."""
    path = tmp_path / "config.toml"
    path.write_text(
        '[environments.qa]\nbase_url = "http://127.0.0.1:8765/"\n\n' + keybindings,
        encoding="utf-8",
    )
    settings = load_settings(path)
    assert settings.problems == ()
    keymap = keymap_from_config(
        settings.preserved.get("keybindings"),
        path=path,
        text=lambda: path.read_text(encoding="utf-8"),
    )
    return keymap, path


@pytest.mark.parametrize(
    ("written", "textual"),
    [
        ("j", "j"),
        ("J", "J"),
        ("shift+j", "J"),
        ("/", "slash"),
        ("F6", "f6"),
        ("Escape", "escape"),
        ("shift+ctrl+Up", "ctrl+shift+up"),
        ("ctrl+/", "ctrl+slash"),
        ("question_mark", "question_mark"),
        ("ctrl++", "ctrl+plus"),
    ],
)
def test_keys_are_read_as_textual_names_them(written: str, textual: str) -> None:
    assert normalise_key(written) == textual


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("not a key!!", "is not a key name"),
        ("ctrl", "is a modifier"),
        ("ctrl+", "nothing follows"),
        ("cmd+e", "is not a modifier"),
        ("ctrl+ctrl+e", "written twice"),
        ("return", "is not a key name"),  # Textual reports Return as enter
        ("", "empty"),
    ],
)
def test_what_textual_cannot_report_is_refused(written: str, why: str) -> None:
    with pytest.raises(KeyRefused, match=why):
        normalise_key(written)


def test_several_keys_and_how_they_are_shown() -> None:
    assert normalise_keys("n, down, n") == ("n", "down")
    assert shown_key("slash") == "/"
    assert shown_key("ctrl+question_mark") == "ctrl+?"
    assert normalise_key(shown_key("ctrl+question_mark")) == "ctrl+question_mark"


def test_every_id_is_unique_and_no_scope_has_a_default_clash() -> None:
    ids = [binding.id for scope in SCOPES for binding in scope.bindings]
    assert len(ids) == len(set(ids))
    for scope in SCOPES:
        keys = [
            key
            for binding in (*EVERYWHERE.bindings, *scope.bindings)
            for key in DEFAULT_KEYS[binding.id]
        ]
        if scope is EVERYWHERE:
            keys = [key for binding in EVERYWHERE.bindings for key in DEFAULT_KEYS[binding.id]]
        assert len(keys) == len(set(keys)), scope.title
    for key_list in DEFAULT_KEYS.values():
        assert all(normalise_key(key) == key for key in key_list)


def test_every_pane_binding_is_remappable(tmp_path: Path) -> None:
    panes = [*WORKLIST.bindings, *HISTORY.bindings, BY_ID["detail.copy_field"]]
    # One free key each: f1…f24, then ctrl+f1… (there are more bindings than function keys).
    keys = [f"f{number}" for number in range(1, 25)] + [f"ctrl+f{n}" for n in range(1, 25)]
    assert len(panes) <= len(keys)
    pairs = zip(panes, keys, strict=False)
    lines = "\n".join(f'"{binding.id}" = "{key}"' for binding, key in pairs)
    keymap, _ = _load(tmp_path, "[keybindings]\n" + lines + "\n")
    assert keymap.notices == ()
    assert len(keymap.remapped) == len(panes)
    assert keymap.keys_of("worklist.next") == ("f2",)
    resolve = panes.index(BY_ID["history.resolve"])
    assert keymap.keys_of("history.resolve") == (keys[resolve],)
    assert keymap.keys_of("detail.copy_field") == (keys[len(panes) - 1],)


def test_a_dotted_id_written_bare_quoted_or_as_a_table(tmp_path: Path) -> None:
    bare, _ = _load(tmp_path, '[keybindings]\nworklist.next = "j"\n')
    quoted, _ = _load(tmp_path, '[keybindings]\n"history.export" = "e"\nhistory = "f9"\n')
    table, _ = _load(tmp_path, '[keybindings.worklist]\nnext = "j"\nprevious = "k"\n')
    assert bare.notices == quoted.notices == table.notices == ()
    assert bare.keys_of("worklist.next") == ("j",)
    assert quoted.keys_of("history.export") == ("e",) and quoted.keys_of("history") == ("f9",)
    assert table.keys_of("worklist.previous") == ("k",)


def test_a_key_textual_cannot_read_is_refused_with_the_line_and_the_default_stays(
    tmp_path: Path,
) -> None:
    keymap, path = _load(tmp_path, '[keybindings]\nlookup = "f5"\nhistory = "not a key!!"\n')
    assert keymap.keys_of("history") == ("ctrl+g",)
    assert "history" not in keymap.remapped
    assert keymap.keys_of("lookup") == ("f5",)
    (notice,) = keymap.notices
    assert notice.startswith(f'{path}, line 6: [keybindings] history = "not a key!!"')
    assert "it keeps ctrl+g" in notice


def test_an_unknown_id_is_named_with_its_line_and_a_suggestion(tmp_path: Path) -> None:
    keymap, path = _load(tmp_path, '[keybindings]\n\n"worklist.nxt" = "j"\n')
    (notice,) = keymap.notices
    assert notice.startswith(f"{path}, line 6: [keybindings] 'worklist.nxt' is not a binding id")
    assert "did you mean worklist.next?" in notice


def test_two_ids_on_one_key_in_a_scope_keep_their_defaults(tmp_path: Path) -> None:
    keymap, path = _load(
        tmp_path,
        '[keybindings]\nworklist.next = "j"\nworklist.previous = "j"\nhistory.export = "e"\n',
    )
    assert keymap.keys_of("worklist.next") == ("n", "j")
    assert keymap.keys_of("worklist.previous") == ("p", "k")
    assert keymap.keys_of("history.export") == ("e",)
    assert len(keymap.notices) == 2
    assert keymap.notices[0].startswith(f'{path}, line 5: [keybindings] worklist.next = "j"')
    assert "also the key of worklist.previous in the worklist" in keymap.notices[0]
    assert keymap.notices[1].startswith(f"{path}, line 6:")


def test_a_key_already_taken_by_a_default_is_refused_but_a_swap_is_not(tmp_path: Path) -> None:
    taken, _ = _load(tmp_path, '[keybindings]\nworklist.next = "c"\n')
    assert taken.keys_of("worklist.next") == ("n", "j")
    assert "also the key of worklist.consume" in taken.notices[0]
    swapped, _ = _load(tmp_path, '[keybindings]\nworklist.next = "p"\nworklist.previous = "n"\n')
    assert swapped.notices == ()
    assert swapped.keys_of("worklist.next") == ("p",)


def test_the_apps_keys_clash_in_every_scope(tmp_path: Path) -> None:
    keymap, _ = _load(tmp_path, '[keybindings]\nquit = "n"\n')
    assert keymap.keys_of("quit") == ("ctrl+q",)
    assert "also the key of worklist.next" in keymap.notices[0]
    # The main screen and a pane inside it may share a key: the focused pane's comes first.
    shared, _ = _load(tmp_path, '[keybindings]\nhistory = "n"\n')
    assert shared.notices == ()


def test_a_value_that_is_not_a_string_and_a_clean_file_read_once(tmp_path: Path) -> None:
    read: list[int] = []

    def text() -> str:
        read.append(1)
        return ""

    clean = keymap_from_config({"history": "f9"}, text=text)
    assert clean.notices == () and read == []  # nothing to place: the text is not read
    keymap, path = _load(tmp_path, "[keybindings]\nhistory = 7\n")
    assert keymap.notices[0].startswith(f"{path}, line 5: [keybindings] history must be a key")


def test_lines_of_every_way_toml_writes_a_key() -> None:
    text = (
        '[ui]\ntheme = "x"\n'  # 1-2
        "[keybindings]\n"  # 3
        "# a comment\n"  # 4
        'history = "f9"   # trailing\n'  # 5
        '"worklist.next" = "j"\n'  # 6
        'detail . copy_field = "c"\n'  # 7
        'worklist = { previous = "k", stop = "q" }\n'  # 8
        'help = """\n'  # 9
        'lookup = "not a line"\n'  # 10: inside a string
        '"""\n'  # 11
        "[keybindings.history]\n"  # 12
        'export = "e"\n'  # 13
    )
    lines = keybinding_lines(text)
    assert lines.table_line == 3
    assert lines.line_of("history") == 5
    assert lines.line_of("worklist.next") == 6
    assert lines.line_of("detail.copy_field") == 7
    assert lines.line_of("worklist.stop") == 8
    assert lines.line_of("lookup") == 3  # not found: the table's own line
    assert lines.line_of("history.export") == 13


def test_which_keys_come_before_the_focused_widget() -> None:
    keymap = Keymap()
    history = BY_ID["history"]
    cancel = BY_ID["cancel"]
    raw = BY_ID["raw_json"]
    # ctrl+g works whatever has focus; Escape and typing keys let the field have them first.
    assert has_priority(MAIN, history, "ctrl+g", keymap)
    assert not has_priority(MAIN, cancel, "escape", keymap)
    assert not has_priority(MAIN, history, "h", keymap)
    # ctrl+r is also the worklist's: focused there, the worklist's comes first.
    assert not has_priority(MAIN, raw, "ctrl+r", keymap)
    assert has_priority(WORKLIST, BY_ID["worklist.verify_all"], "ctrl+r", keymap)
    notes = key_notes(MAIN, raw, keymap)
    assert notes == ["in the worklist, worklist.verify_all comes first"]
    typed = key_notes(WORKLIST, BY_ID["worklist.next"], keymap)
    assert typed and "types" in typed[0]
    made = {binding.key: binding for binding in scope_bindings(MAIN, keymap)}
    assert made["ctrl+g"].priority and not made["escape"].priority
    assert made["ctrl+g"].id == "history" and made["ctrl+g"].show
