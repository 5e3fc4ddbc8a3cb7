"""`python -m console` runs the same entry point as the `nowgg-console` command."""

import sys

from console.cli.main import main

sys.exit(main())
