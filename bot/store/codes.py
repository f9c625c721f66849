"""Codes people type (invite and continue codes) and secret tokens (report links, manager access).

Typed codes use an alphabet without look-alikes (no 0/O, 1/I/L) so that a code read aloud or
copied from a slide survives; lookups ignore case, spaces and dashes.
"""
from __future__ import annotations

import hashlib
import secrets

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
INVITE_CODE_LENGTH = 6
# A continue code gives access to a founder's conversation, so it is longer than an invite code.
CONTINUE_CODE_LENGTH = 8
TOKEN_BYTES = 32


def new_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalise_code(typed: str) -> str:
    """'abc 23k' and 'ABC-23K' both become 'ABC23K'."""
    return "".join(character for character in str(typed).upper() if character.isalnum())


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(raw_token: str) -> str:
    return hashlib.sha256(raw_token.strip().encode("utf-8")).hexdigest()
