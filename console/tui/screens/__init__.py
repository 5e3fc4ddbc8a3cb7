"""The main screen (one screen per file); its dialogs are in `console/tui/dialogs/`."""
