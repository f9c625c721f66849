"""Codes people type (invite and continue codes) and secret tokens (report links, manager access).

Typed codes use an alphabet without look-alikes (no 0/O, 1/I/L) so that a code read aloud or
copied from a slide survives; lookups ignore case, spaces and dashes.
"""
from __future__ import annotations

import hashlib
import re
import secrets
from typing import Optional

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
INVITE_CODE_LENGTH = 6
# A continue code gives access to a founder's conversation, so it is longer than an invite code.
CONTINUE_CODE_LENGTH = 8
TOKEN_BYTES = 32

# What a code looks like in a message. Founders type codes in either case. A word of letters only
# is taken for a code when it is all capitals ("QWERTYUI"), never when it is an ordinary word.
_CODE_CHARACTER = "[A-Za-z2-9]"
# Typed by hand, a code may be split in half by a space or a dash ("ABC-23K"), and a 0 or 1 typed
# for an O or I still reads as a code, so that the lookup can say it found none.
_TYPED_CHARACTER = "[A-Za-z0-9]"


def token_shapes(length: int) -> tuple[str, str]:
    """Regexes for one code-shaped word of `length` characters: with a digit, or all capitals.

    The NLU data's `invite_code` and `continue_code` regexes are these strings (a test checks it).
    """
    return (
        rf"\b(?=[A-Za-z]*[2-9]){_CODE_CHARACTER}{{{length}}}\b",
        rf"\b[A-Z]{{{length}}}\b",
    )


def is_code_word(word: str, length: int) -> bool:
    return any(re.fullmatch(shape, word) for shape in token_shapes(length))


def typed_code_in(text: str, length: int) -> Optional[str]:
    """The code of `length` characters in a founder's message, as typed; None when there is none.

    First the word after "code" ("my code is abc23k"), then any code-shaped word whose every part
    has a digit or is in capitals, so that an ordinary word ("planet"), or one beside a code
    ("with K7PM 2QXA"), is not taken for a code.
    """
    half = length // 2
    typed = rf"{_TYPED_CHARACTER}{{{half}}}[\s-]?{_TYPED_CHARACTER}{{{length - half}}}"
    after_word = re.search(rf"\bcode\s*(?:is|:)?\s*({typed})\b", text, re.IGNORECASE)
    if after_word:
        return after_word.group(1)
    for match in re.finditer(rf"(?=\b({typed})\b)", text):
        candidate = match.group(1)
        if all(any(character.isdigit() for character in part) or part.isupper() for part in re.split(r"[\s-]", candidate)):
            return candidate
    return None


def new_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalise_code(typed: str) -> str:
    """'abc 23k' and 'ABC-23K' both become 'ABC23K'."""
    return "".join(character for character in str(typed).upper() if character.isalnum())


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(raw_token: str) -> str:
    return hashlib.sha256(raw_token.strip().encode("utf-8")).hexdigest()
