"""The answer-to-milestone mapper: `load_mapper().map_answer(text, area, question, milestone)`."""
from bot.evidence.mapper import Evidence, Mapper, load_mapper

__all__ = ["Evidence", "Mapper", "load_mapper"]
