"""Where calls go and with which key: environments, the config file, API keys, paths.

- `environments.py` — the `Environment` type and the three built-ins;
- `paths.py` — where the config file, the data directory and user themes live;
- `config.py` — loading the TOML config (its schema is documented there); `config_schema.py`,
  `config_values.py`, `config_file.py`, `config_problems.py` are its parts, and
  `file_reading.py` (no pipe waited on, no device read, a size cap) and `toml_reading.py`
  (nesting and number limits) serve the theme files too;
- `printable.py` — a value typed by a person, shown back quoted and escaped in a message;
- `config_edit.py` — `env add | edit | remove | use`, written atomically (`atomic_write.py`),
  comments kept in a backup (`toml_comments.py`);
- `selection.py` — which environment this run uses (`--env`, `NOWGG_CONSOLE_ENV`, default);
- `keyring_store.py` — API keys in the OS keyring, never in a file (`keyring_backends.py`,
  `keyring_errors.py`; `memory_keyring.py` for tests);
- `keys.py` — `KeyResolver`: the variable, then the keyring; `key_status.py` for `key status`.
"""
