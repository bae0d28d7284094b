"""``python -m firstparty_sessions`` runs the command line."""

import sys

from firstparty_sessions.cli import main

sys.exit(main())
