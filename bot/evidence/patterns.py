"""A small phrase-pattern language for cue lexicons, matched on a parsed spaCy Doc.

A token matches a pattern word when the word equals the token's lower-case text, its lemma or
its simple stem, so "trial" matches "trials", "trialled" and "trialling" even where spaCy's
lemmatiser stumbles ("trialled" -> "trialle"). Syntax (see cues.yml): words separated by
spaces, `a|b` for alternative words, `a b | c d` (spaces around the bar) for alternative
phrases, `word?` for an optional word, `...` for a gap of up to three words, `_` for any one word.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

MAX_GAP = 4
_SUFFIX_RULES = (
    ("ies", "y"), ("ied", "y"), ("lling", "l"), ("lled", "l"), ("ing", ""), ("ed", ""),
    ("es", ""), ("s", ""),
)


def stem(word: str) -> str:
    """A deliberately crude stem: enough to tie inflections together, never used for display."""
    word = word.lower().replace("iz", "is").replace("’", "'")
    if len(word) <= 3:
        return word
    for suffix, replacement in _SUFFIX_RULES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: len(word) - len(suffix)] + replacement
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "aeiousl":
        word = word[:-1]
    return word


@dataclass(frozen=True)
class Slot:
    """One position of a pattern: a set of accepted words (or any word), maybe optional or a gap."""
    words: frozenset = frozenset()
    stems: frozenset = frozenset()
    optional: bool = False
    any_word: bool = False
    gap: bool = False
    sequences: tuple = ()  # alternative word sequences, each a tuple of Slot

    def accepts(self, keys: "TokenKeys") -> bool:
        if self.any_word:
            return True
        return bool(self.words & keys.words) or keys.stem in self.stems


@dataclass(frozen=True)
class Pattern:
    text: str
    slots: tuple


@dataclass(frozen=True)
class TokenKeys:
    words: frozenset
    stem: str
    sentence: int
    is_punct: bool


class PatternError(ValueError):
    """A cue phrase that cannot be read."""


def _word_slot(spec: str) -> Slot:
    optional = spec.endswith("?") and len(spec) > 1
    if optional:
        spec = spec[:-1]
    if spec == "_":
        return Slot(any_word=True, optional=optional)
    words = frozenset(word.lower() for word in spec.split("|") if word)
    if not words:
        raise PatternError(f"empty alternative in {spec!r}")
    return Slot(words=words, stems=frozenset(stem(word) for word in words), optional=optional)


def _split_words(phrase: str) -> list:
    """Split on spaces, keeping parenthesised groups together and separating contractions."""
    parts, depth, current = [], 0, ""
    for char in phrase:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if char == " " and depth == 0:
            if current:
                parts.append(current)
            current = ""
        else:
            current += char
    if depth != 0:
        raise PatternError(f"unbalanced parentheses in {phrase!r}")
    if current:
        parts.append(current)
    return parts


def _expand_word(word: str) -> list:
    """Split a written word the way spaCy's tokenizer does (contractions, hyphens, '%', '£')."""
    if "|" in word or word in ("...", "_") or word.endswith("?"):
        return [word]
    pieces = re.findall(r"[^\s'£%&/-]+?(?=n't)|n't|'s|'re|'ve|'ll|'d|'m|[£%&/]|-|[^\s'£%&/-]+", word.replace("’", "'"))
    return pieces or [word]


def _word_specs(words: str) -> list:
    """Slots for a run of words without gaps: each word may hold `a|b` alternatives."""
    slots = []
    for part in _split_words(words):
        alternatives = part.rstrip("?").split("|")
        if len(alternatives) > 1 and any(len(_expand_word(word)) > 1 for word in alternatives):
            sequences = tuple(tuple(_word_slot(piece) for piece in _expand_word(word)) for word in alternatives)
            slots.append(Slot(sequences=sequences, optional=part.endswith("?")))
        else:
            slots.extend(_word_slot(word) for word in _expand_word(part))
    return slots


def _chunk_slots(chunk: str) -> list:
    """A chunk between gaps; " | " with spaces separates whole alternative phrases."""
    phrases = [phrase.strip() for phrase in chunk.split(" | ")]
    if len(phrases) == 1:
        return _word_specs(phrases[0])
    return [Slot(sequences=tuple(tuple(_word_specs(phrase)) for phrase in phrases))]


def compile_pattern(phrase: str) -> Pattern:
    slots = []
    for number, chunk in enumerate(phrase.strip().split("...")):
        if number:
            slots.append(Slot(gap=True))
        if chunk.strip():
            slots.extend(_chunk_slots(chunk.strip()))
    if not slots or all(slot.gap or slot.optional for slot in slots):
        raise PatternError(f"cue phrase {phrase!r} has no required word")
    return Pattern(text=phrase, slots=tuple(slots))


def _slot_without_stems(slot: Slot) -> Slot:
    sequences = tuple(tuple(_slot_without_stems(inner) for inner in sequence) for sequence in slot.sequences)
    return Slot(slot.words, frozenset(), slot.optional, slot.any_word, slot.gap, sequences)


def exact_words(pattern: Pattern) -> Pattern:
    """The same pattern matching only words and lemmas, not stems: status words are short and
    their stems collide ("trialling" would match "trial")."""
    return Pattern(pattern.text, tuple(_slot_without_stems(slot) for slot in pattern.slots))


def token_keys(doc) -> list:
    keys = []
    for sentence_number, sentence in enumerate(doc.sents):
        for token in sentence:
            lower = token.lower_.replace("’", "'")
            words = {lower, token.lemma_.lower()}
            if lower == "n't":
                words.add("not")
            keys.append(TokenKeys(frozenset(words), stem(lower), sentence_number, token.is_punct))
    return keys


def _match_from(slots: Sequence[Slot], slot_index: int, keys: Sequence[TokenKeys], position: int, sentence: int, max_gap: int = MAX_GAP) -> int:
    """Return the end position of the shortest match of slots[slot_index:] at position, or -1."""
    if slot_index == len(slots):
        return position
    slot = slots[slot_index]
    if slot.gap:
        # Punctuation inside a gap is free: "a two-year contract" is three words, not five tokens.
        end, words_skipped = position, 0
        while end <= len(keys) and words_skipped <= max_gap:
            if end > position and keys[end - 1].sentence != sentence:
                break
            found = _match_from(slots, slot_index + 1, keys, end, sentence, max_gap)
            if found >= 0:
                return found
            if end < len(keys) and not keys[end].is_punct:
                words_skipped += 1
            end += 1
        return -1
    if slot.optional:
        found = _match_from(slots, slot_index + 1, keys, position, sentence, max_gap)
        if found >= 0:
            return found
    if slot.sequences:
        for sequence in slot.sequences:
            end = _match_from(sequence, 0, keys, position, sentence, max_gap)
            if end >= 0:
                found = _match_from(slots, slot_index + 1, keys, end, sentence, max_gap)
                if found >= 0:
                    return found
        return -1
    if position >= len(keys) or keys[position].sentence != sentence or keys[position].is_punct and not slot.words:
        return -1
    if not slot.accepts(keys[position]):
        return -1
    return _match_from(slots, slot_index + 1, keys, position + 1, sentence, max_gap)


class PhraseIndex:
    """Patterns indexed by the words that can start them, so matching a doc touches few patterns."""

    def __init__(self, labelled_patterns: Iterable[tuple], max_gap: int = MAX_GAP, use_stems: bool = True):
        self._max_gap = max_gap
        self._use_stems = use_stems
        self._by_word: dict = {}
        self._by_stem: dict = {}
        self._unindexed: list = []
        for label, pattern in labelled_patterns:
            self._index(label, pattern)

    def _index(self, label, pattern: Pattern) -> None:
        item = (label, pattern)
        first = pattern.slots[0]
        if first.optional or first.any_word or first.gap:
            self._unindexed.append(item)
            return
        starts = [sequence[0] for sequence in first.sequences] if first.sequences else [first]
        if any(start.optional or start.any_word for start in starts):
            self._unindexed.append(item)
            return
        for start in starts:
            for word in start.words:
                self._by_word.setdefault(word, []).append(item)
            for word_stem in start.stems if self._use_stems else ():
                self._by_stem.setdefault(word_stem, []).append(item)

    def matches(self, keys: Sequence[TokenKeys]) -> list:
        """Every (label, pattern, start, end) found; one per pattern and start position."""
        found = []
        for position, token in enumerate(keys):
            candidates = {}
            for word in token.words:
                for item in self._by_word.get(word, ()):
                    candidates[id(item)] = item
            for item in self._by_stem.get(token.stem, ()):
                candidates[id(item)] = item
            for item in self._unindexed:
                candidates[id(item)] = item
            for label, pattern in candidates.values():
                end = _match_from(pattern.slots, 0, keys, position, token.sentence, self._max_gap)
                if end > position:
                    found.append((label, pattern, position, end))
        return found
