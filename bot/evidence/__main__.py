"""`python -m bot.evidence`: map JSON lines of answers on stdin to milestone statuses on stdout."""
import sys

from bot.evidence.cli import main

sys.exit(main())
