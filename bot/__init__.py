"""Waypoint's adapters around the framework: the answer mapper, the store, the Rasa actions."""
