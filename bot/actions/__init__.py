"""Waypoint's Rasa custom actions, one module per concern. rasa-sdk imports every module here and
registers each concrete Action subclass; shared base classes are abstract so they are not registered."""
