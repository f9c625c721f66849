"""`python -m bot ...`: Waypoint's command line (report, cohort, venture, web); see bot/cli.py."""
import sys

from bot.cli import main

if __name__ == "__main__":
    sys.exit(main())
