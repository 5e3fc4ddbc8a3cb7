"""Modal dialogs, one per file (as frogmouth keeps them): the consume confirmation, the
environment picker, the help screen (F1) and the ticket-note editor. Each is pushed by whoever
needs an answer and dismissed with it; none knows the screen underneath."""
