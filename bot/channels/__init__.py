"""Rasa input channels that Waypoint adds or hardens (registered in credentials.yml by module path)."""
