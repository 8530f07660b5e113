"""Allow ``python -m vier_phasen_cli``."""

import sys

from vier_phasen_cli.cli.app import main

sys.exit(main())
