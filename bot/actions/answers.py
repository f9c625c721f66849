"""A founder's message as the interview reads it: the words to map, and what kind of reply it is.

The text stored is always the founder's own, verbatim (the store cuts it only at its own limit);
what the mapper reads is cleaned: markup and emoji removed, cut to a length spaCy handles fast.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from collections.abc import Iterable, Mapping
from typing import Any, Optional

# Long answers are mapped from their start: 3,000 characters is far more than any open answer needs.
MAP_TEXT_LIMIT = 3000

# Quick-reply payloads carry the reply as an entity; the mapper reads these plain words for them.
REPLY_PHRASES = {"yes": "yes", "partly": "partly", "not_yet": "not yet", "not_sure": "not sure", "no": "no"}
EMOJI_REPLIES = {"👍": "yes", "✅": "yes", "👎": "no", "❌": "no", "🤷": "not sure"}

_TAG = re.compile(r"<[^>]{1,200}>")
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_MARKS = re.compile(r"[*_`#>~|]+")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

ENGLISH_WORDS = frozenset(
    "the a an and or but we i you it is are was were have has had our my they this that not no yes "
    "to of in on for with be do did does so just about what how some any there here at by from as "
    "yet sure partly kind sort maybe".split()
)
FOREIGN_WORDS = frozenset(
    "le la les des est et nous avons une un du pas que qui pour avec sur "  # French
    "el los las y tenemos es una por con para pero muy "  # Spanish
    "der die das und wir haben ist nicht ein eine mit auf für "  # German
    "il di che non abbiamo sono della gli "  # Italian
    "o os e não temos uma com "  # Portuguese
    "de het en een wij hebben niet".split()  # Dutch
)


@dataclass(frozen=True)
class FounderReply:
    """One message in the interview: verbatim text, the text to map, and what it is."""

    verbatim: str
    for_mapping: str
    is_payload: bool
    reply: Optional[str]  # yes / partly / not_yet / not_sure / no, from a button or an emoji

    @property
    def is_empty(self) -> bool:
        return self.reply is None and not self.for_mapping.strip()


def clean_for_mapping(text: str) -> str:
    """Drop markup and emoji, collapse spaces and cut to MAP_TEXT_LIMIT."""
    without_links = _MARKDOWN_LINK.sub(r"\1", text)
    without_tags = _TAG.sub(" ", without_links)
    without_marks = _MARKDOWN_MARKS.sub(" ", without_tags)
    without_symbols = "".join(
        character for character in without_marks if not unicodedata.category(character).startswith("S")
    )
    return _SPACES.sub(" ", without_symbols).strip()[:MAP_TEXT_LIMIT]


def reply_from_entities(entities: list[dict[str, Any]]) -> Optional[str]:
    for entity in entities or []:
        if entity.get("entity") == "reply" and str(entity.get("value")) in REPLY_PHRASES:
            return str(entity["value"])
    return None


PAYLOAD_INTENT_REPLIES = {"affirm": "yes", "deny": "no"}


def read_reply(
    text: Optional[str],
    entities: Optional[list[dict[str, Any]]] = None,
    intent: Optional[str] = None,
    button_words: Optional[str] = None,
) -> FounderReply:
    """Interpret a message: a button payload (`/inform{"reply":"partly"}`, `/affirm`), an emoji, or free text.

    For a button, `button_words` is what the founder saw on it ("Yes, that's right"): those words,
    not the payload, are what the founder said, so they are what is kept."""
    verbatim = text or ""
    stripped = verbatim.strip()
    if stripped.startswith("/"):
        reply = reply_from_entities(entities or []) or PAYLOAD_INTENT_REPLIES.get(intent or "")
        return FounderReply(button_words or verbatim, REPLY_PHRASES.get(reply or "", ""), is_payload=True, reply=reply)
    if stripped in EMOJI_REPLIES:
        reply = EMOJI_REPLIES[stripped]
        return FounderReply(verbatim, REPLY_PHRASES[reply], is_payload=False, reply=reply)
    return FounderReply(verbatim, clean_for_mapping(verbatim), is_payload=False, reply=None)


def words_on_button(payload: str, buttons: Iterable[Mapping[str, Any]]) -> Optional[str]:
    """The title of the button that sends `payload`, among the buttons the founder was shown."""
    sent = payload.strip()
    return next((str(button["title"]) for button in buttons if str(button.get("payload", "")).strip() == sent and button.get("title")), None)


def looks_non_english(text: str) -> bool:
    """A cheap guess, good enough to ask for English instead of mapping nonsense: mostly non-Latin
    letters, or several words none of which is a common English word and some of which are common
    French, Spanish, German, Italian, Portuguese or Dutch ones."""
    letters = [character for character in text if character.isalpha()]
    if not letters:
        return False
    non_latin = sum(1 for character in letters if not _is_latin(character))
    if non_latin / len(letters) > 0.5:
        return True
    words = [word.lower() for word in _WORD.findall(text)]
    if len(words) < 4:
        return False
    english = sum(1 for word in words if word in ENGLISH_WORDS)
    foreign = sum(1 for word in words if word in FOREIGN_WORDS)
    return english == 0 and foreign >= 2 or foreign >= 3 * max(english, 1)


def _is_latin(character: str) -> bool:
    try:
        return "LATIN" in unicodedata.name(character)
    except ValueError:
        return False
