"""Entry point for `python -m scoring`."""

import sys

from .cli import main

sys.exit(main())
