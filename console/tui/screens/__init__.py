"""One screen per file: the main screen and its dialogs."""
