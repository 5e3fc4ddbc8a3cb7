"""A simulator of the now.gg Payments server API, served over real HTTP on loopback.

Nobody can try the console against now.gg itself (there is no public sandbox host and no test
key, API.md), so this package answers verifyPurchase (on both spellings of its path),
consumePurchase and acknowledgePurchase with the documented JSON, built here from its own
data, and sends the webhooks of its subscriptions. It shares nothing with the client but the
wire constants of `console.payments.wire` (and `console.text_safety` for what it prints), so
the client is tested against the wire format, not against its own serialisation.

Modules, each with one job (imported one by one, so listing the catalogue does not import
uvicorn):

- `keys`          the documented sandbox API key;
- `orders`        the seeded orders, one per state and store;
- `faults`        the tokens that inject faults (slow, no reply, 5xx, HTML, malformed JSON, …);
- `clock`         the sandbox's clock: the wall clock, moved forward on request;
- `subscriptions` the subscriptions' life cycle (3-day deadline, periods, events), their seeds;
- `minting`       fresh tokens on demand;
- `catalogue`     the seeds and fault tokens as JSON rows, for `sandbox orders --json`;
- `state`         the in-memory, thread-safe state that the operations and the clock change;
- `replies`       the reply envelope and error codes, as the API writes them;
- `endpoints`     what verify, consume and acknowledge answer to a parsed request;
- `routes`        which path reaches which endpoint (`--only-verify-path`);
- `admin`         the sandbox's own admin endpoint (mint, reset, advance), loopback only;
- `admin_wire`    its prefix and marker; `admin_client` its client, for the CLI;
- `notifications` a subscription event as the webhook's JSON;
- `webhooks`      delivering them, with now.gg's retries on a wrong answer;
- `request_log`   the one-line-per-request log of `sandbox serve`;
- `app`           the raw ASGI 3 application (admin, routing, auth, faults, delay, log);
- `server`        the loopback server in a background thread, and `serve_forever`.
"""
