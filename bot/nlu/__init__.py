"""Waypoint's own Rasa NLU components (named in config.yml by their module path)."""
