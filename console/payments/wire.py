"""Every constant of the wire protocol, in one place (API.md, "Hosts" and "Calling convention"):
hosts, paths, header names, content types, and the reply codes the console acts on.

The sandbox imports these too: constants are the only thing it shares with the client.
"""

from typing import Final

GLOBAL_BASE_URL: Final = "https://payments-api.now.gg/"
CHINA_BASE_URL: Final = "https://cloud-api.bluestacks.cn/"

# API.md [decision]: `seller`, not the `sellers` of the 003 samples.
VERIFY_PATH: Final = "v2/seller/order/verifyPurchase"
# The other spelling, in every newer vendor code sample (API.md "Path spelling"): the sandbox
# serves both, as the live API presumably does.
VERIFY_PATH_SELLERS: Final = "v2/sellers/order/verifyPurchase"
VERIFY_PATHS: Final = {"seller": VERIFY_PATH, "sellers": VERIFY_PATH_SELLERS}
"""Each spelling of the verify path by the name an environment's `verify_path` setting uses."""
CONSUME_PATH: Final = "v2/order/consumePurchase"
# [public] acknowledgePurchase (subscriptions), all lower case as documented; the camel-case
# spelling is no route (code 150).
ACKNOWLEDGE_PATH: Final = "v2/seller/order/acknowledgepurchase"

AUTHORIZATION_HEADER: Final = "Authorization"
"""Carries the raw API key (no `Bearer`): API.md, "Calling convention"."""
CONTENT_TYPE_HEADER: Final = "Content-Type"
ACCEPT_HEADER: Final = "Accept"
FORM_CONTENT_TYPE: Final = "application/x-www-form-urlencoded"
JSON_CONTENT_TYPE: Final = "application/json"

# The reply's code for success, and for an unrouted path or wrong host ("interface not exist").
CODE_SUCCESS: Final = 0
CODE_INTERFACE_NOT_EXIST: Final = 150
# Codes the console acts on, beyond explaining them (every code's words: code_tables.py).
CODE_ERROR_CONSUMING: Final = 3800
"""A consume refused; it may mean "already consumed", so the console verifies to show which."""
CODE_INVALID_AUTHORIZATION_KEY: Final = 3900
"""The key was refused: the console offers to give one."""
CODE_INVALID_PURCHASE_TOKEN: Final = 3901
"""The token is unknown here: the console offers to look in the other environments."""
# [public] acknowledgePurchase's codes (less certain than the seed pages).
CODE_NO_VALID_SUBSCRIPTION: Final = 5001
"""No subscription behind the token: a one-time purchase, or one long gone."""
CODE_INVALID_SUBSCRIPTION_OPERATION: Final = 5002
"""Among its causes "already acknowledged": what a repeated acknowledge is answered."""
CODE_SUBSCRIPTION_INACTIVE: Final = 5004
CODE_ACTIVE_SUBSCRIPTION_EXISTS: Final = 5006

# The only documented value of `kind` in a verify reply.
PURCHASE_KIND: Final = "nowgg#productPurchase"

# The environment variable an API key may be given in, named without it ever reaching a
# file: copied curl lines and dry runs print this name in place of the key.
API_KEY_VARIABLE: Final = "NOWGG_CONSOLE_API_KEY"
