"""Templates (Jinja2, autoescaped), security headers, and error pages that never show a traceback."""
from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Any, Awaitable, Callable, Optional

import jinja2
from aiohttp import web

from bot.store.errors import InvalidInput, NotFound
from bot.web.summary import area_label

log = logging.getLogger(__name__)

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"
TEMPLATES_KEY = web.AppKey("templates", jinja2.Environment)

# Dashboard and report pages load nothing from elsewhere and run no script at all.
PAGE_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def template_environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,  # every template, whatever its extension: founders' words are never markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["day"] = _day
    environment.filters["moment"] = _moment
    environment.filters["percent"] = lambda share: f"{round((share or 0) * 100)}%"
    environment.filters["status_label"] = _status_label
    environment.filters["area_label"] = area_label
    return environment


def _day(moment: Optional[datetime]) -> str:
    return moment.strftime("%d %b %Y") if moment else "—"


def _moment(moment: Optional[datetime]) -> str:
    return moment.strftime("%d %b %Y, %H:%M UTC") if moment else "—"


def _status_label(status: Any) -> str:
    value = getattr(status, "value", status)
    return {"achieved": "Achieved", "in_progress": "In progress", "not_started": "Not started"}.get(value, "Not known")


def render(request: web.Request, template_name: str, status: int = 200, **context: Any) -> web.Response:
    context.setdefault("access", None)
    html = request.app[TEMPLATES_KEY].get_template(template_name).render(**context)
    return web.Response(text=html, status=status, content_type="text/html", charset="utf-8")


def error_page(request: web.Request, status: int, heading: str, message: str) -> web.Response:
    return render(request, "error.html", status=status, heading=heading, message=message)


HEADINGS = {
    400: "That request did not make sense",
    401: "Please sign in",
    403: "Not allowed",
    404: "Page not found",
    405: "Not allowed",
    413: "Too much data",
}
NOT_FOUND_MESSAGE = "There is nothing here. The link may be mistyped, or it may have been withdrawn."


@web.middleware
async def error_pages(request: web.Request, handler: Handler) -> web.StreamResponse:
    """User errors become short pages with a 4xx status; anything unexpected is logged, and the
    visitor sees a plain 500 page, never a traceback."""
    try:
        return await handler(request)
    except web.HTTPException as error:
        if error.status < 400 or error.content_type == "application/json":
            raise
        if error.status == 401:
            response = render(request, "login.html", status=401, problem=None)
            response.headers["WWW-Authenticate"] = error.headers.get("WWW-Authenticate", "Bearer")
            return response
        message = error.text if error.text and not error.text.startswith(f"{error.status}:") else None
        if error.status == 404:
            message = message or NOT_FOUND_MESSAGE
        response = error_page(request, error.status, HEADINGS.get(error.status, "Something is not right"), message or error.reason)
        if "Allow" in error.headers:
            response.headers["Allow"] = error.headers["Allow"]
        return response
    except NotFound:
        return error_page(request, 404, HEADINGS[404], NOT_FOUND_MESSAGE)
    except InvalidInput as error:
        return error_page(request, 400, HEADINGS[400], str(error))
    except Exception:
        log.exception("unexpected error serving %s %s", request.method, request.path)
        return error_page(request, 500, "Something went wrong on our side", "Please try again in a moment.")


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    response = await handler(request)
    if "Content-Security-Policy" not in response.headers:
        # A handler that sets its own policy (the chat page, which may be framed) decides framing too.
        response.headers["Content-Security-Policy"] = PAGE_CSP
        response.headers["X-Frame-Options"] = "DENY"
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if request.path.startswith(("/dashboard", "/report")):
        # Private pages: never kept in a shared cache or the browser's back-forward history.
        response.headers.setdefault("Cache-Control", "no-store")
        response.headers.setdefault("X-Robots-Tag", "noindex, nofollow")
    return response
