"""`python -m bot.web`: serve the chat page, the dashboard and the reports (same as `python -m bot web`)."""
import sys

from bot.cli import main

if __name__ == "__main__":
    sys.exit(main(["web", *sys.argv[1:]]))
