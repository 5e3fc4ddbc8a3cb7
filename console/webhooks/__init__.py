"""now.gg's webhooks, from the studio's side ([public] docs, less certain than the seed pages):
the notifications now.gg sends to a studio's own URL (`notifications`), sending a realistic one
to check an endpoint (`sender`), and receiving them on loopback as a correct endpoint would
(`listener`).

Like `payments`, this package knows nothing of settings, history or screens: the webhook key
is handed in by the caller (settings/webhook_keys.py finds it), and is never the payments key.
"""
