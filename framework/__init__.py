"""The Progressively framework as data and pure logic: load it, place a venture on it and
recommend next steps. No Rasa, no database: adapters in `bot/` build on this."""
from framework.loader import FrameworkError, load_framework
from framework.model import Area, Framework, GlossaryTerm, Milestone, Stage, Way
from framework.placement import AreaPlacement, Profile, place_area, place_venture
from framework.recommend import Recommendation, next_steps, recommend_area
from framework.status import Status

__all__ = [
    "Area",
    "AreaPlacement",
    "Framework",
    "FrameworkError",
    "GlossaryTerm",
    "Milestone",
    "Profile",
    "Recommendation",
    "Stage",
    "Status",
    "Way",
    "load_framework",
    "next_steps",
    "place_area",
    "place_venture",
    "recommend_area",
]
