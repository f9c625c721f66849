"""Who is looking at the dashboard: the admin (token from the environment) sees every cohort; a
cohort's own token sees only that cohort. The token arrives as a cookie set by the login form or as
`Authorization: Bearer`. Forms carry a CSRF token derived from the session's token."""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Callable, Optional

from aiohttp import web

SESSION_COOKIE = "waypoint_dashboard"
# Tokens are short strings; anything much longer is not one of ours and is refused before hashing.
TOKEN_LENGTH_LIMIT = 200


@dataclass(frozen=True)
class Access:
    """What one dashboard session may see."""

    is_admin: bool
    cohort_id: Optional[int]
    token: str
    # Bearer tokens are not sent by browsers on their own, so those requests need no CSRF token.
    from_cookie: bool

    def can_see_cohort(self, cohort_id: Optional[int]) -> bool:
        if self.is_admin:
            return True
        return cohort_id is not None and cohort_id == self.cohort_id

    @property
    def csrf_token(self) -> str:
        return csrf_token_for(self.token)


def csrf_token_for(session_token: str) -> str:
    return hmac.new(session_token.encode("utf-8"), b"waypoint-dashboard-csrf", hashlib.sha256).hexdigest()


def presented_token(request: web.Request) -> tuple[Optional[str], bool]:
    """The token a request carries and whether it came from the cookie."""
    authorization = request.headers.get("Authorization", "")
    if authorization.lower().startswith("bearer "):
        return clean_token(authorization[7:]), False
    return clean_token(request.cookies.get(SESSION_COOKIE)), True


def clean_token(raw_token: Optional[str]) -> Optional[str]:
    token = (raw_token or "").strip()
    if not token or len(token) > TOKEN_LENGTH_LIMIT:
        return None
    return token


def resolve_access(
    token: Optional[str],
    admin_token: Optional[str],
    cohort_id_for_token: Callable[[str], Optional[int]],
    from_cookie: bool,
) -> Optional[Access]:
    """The access a token gives, or None. `cohort_id_for_token` asks the store (hash lookup)."""
    if not token:
        return None
    if admin_token and hmac.compare_digest(token.encode("utf-8"), admin_token.encode("utf-8")):
        return Access(is_admin=True, cohort_id=None, token=token, from_cookie=from_cookie)
    cohort_id = cohort_id_for_token(token)
    if cohort_id is None:
        return None
    return Access(is_admin=False, cohort_id=cohort_id, token=token, from_cookie=from_cookie)


def check_csrf(access: Access, submitted: Optional[str]) -> None:
    """Refuse a cookie-authenticated form post whose CSRF token is missing or wrong."""
    if not access.from_cookie:
        return
    if not submitted or not hmac.compare_digest(submitted.encode("utf-8"), access.csrf_token.encode("utf-8")):
        raise web.HTTPForbidden(text="This form has expired or did not come from the dashboard. Reload the page and try again.")


def set_session_cookie(response: web.StreamResponse, token: str, secure: bool) -> None:
    response.set_cookie(
        SESSION_COOKIE, token, httponly=True, samesite="Strict", secure=secure, path="/dashboard", max_age=12 * 3600
    )


def clear_session_cookie(response: web.StreamResponse) -> None:
    response.del_cookie(SESSION_COOKIE, path="/dashboard")
