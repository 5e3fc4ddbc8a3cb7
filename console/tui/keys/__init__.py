"""One keymap for every scope: each binding of the app, the main screen, its panes and the
dialogs has a stable id, a default key and a name (`scopes.py`); `[keybindings]` in the config
file remaps ids to keys (`keymap.py`, keys read as Textual reads them in `key_names.py`, lines
found in `config_lines.py`); each scope's Textual bindings, F1 and the command palette are all
made from that one table and keymap (`bindings.py`)."""
