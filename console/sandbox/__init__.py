"""A simulator of the now.gg Payments server API, served over real HTTP on loopback.

Nobody can try the console against now.gg itself (there is no public sandbox host and no test
key, API.md), so this package answers the two endpoints with the documented JSON, built here
from its own data. It shares nothing with the client but the wire constants of
`console.payments.wire`, so the client is tested against the wire format, not against its own
serialisation.

Modules, each with one job (imported one by one, so listing the catalogue does not import
uvicorn):

- `keys`      the documented sandbox API key;
- `orders`    the seeded orders, one per state and store;
- `faults`    the tokens that inject faults (slow, no reply, 5xx, HTML, malformed JSON, …);
- `catalogue` both of the above as JSON rows, for `nowgg-console sandbox orders --json`;
- `state`     the in-memory, thread-safe state that consume changes;
- `replies`   the reply envelope and error codes, as the API writes them;
- `endpoints` what verifyPurchase and consumePurchase answer to a parsed request;
- `app`       the raw ASGI 3 application (routing, auth, faults, delay);
- `server`    the loopback server in a background thread, and `serve_forever`.
"""
