"""Waypoint's web app: the chat page, the programme managers' dashboard and the founders' reports,
served by one aiohttp application."""
from __future__ import annotations

from typing import Any, Optional

from aiohttp import web

from bot.config import PROJECT_ROOT
from bot.store import Store
from bot.store.errors import NotFound
from bot.store.records import CohortRecord
from bot.web import dashboard, report
from bot.web.context import CONTEXT_KEY, WebContext, context_of, in_thread
from bot.web.rendering import STATIC_DIR, TEMPLATES_KEY, error_pages, render, security_headers, template_environment
from bot.web.settings import WebSettings
from bot.web_widget import add_widget_routes
from bot.web_widget import chat_content_security_policy as widget_content_security_policy

WIDGET_DIR = PROJECT_ROOT / "widget"

# A join link's cohort code is six characters; anything far longer is not a code.
COHORT_CODE_LIMIT = 32
# Forms here are tiny; a larger body is refused with 413 before it is read.
REQUEST_BODY_LIMIT = 64 * 1024

routes = web.RouteTableDef()


def create_app(store: Store, framework: Any, settings: WebSettings) -> web.Application:
    app = web.Application(middlewares=[security_headers, error_pages], client_max_size=REQUEST_BODY_LIMIT)
    app[CONTEXT_KEY] = WebContext(store=store, framework=framework, settings=settings)
    app[TEMPLATES_KEY] = template_environment()
    app.add_routes(routes)
    app.add_routes(dashboard.routes)
    app.add_routes(report.routes)
    app.router.add_static("/static", STATIC_DIR, follow_symlinks=False)
    # The chat page below is this app's own; the widget's scripts and the progress endpoint come from widget/.
    add_widget_routes(
        app,
        rasa_url=settings.rasa_internal_url,
        api_token=settings.rasa_api_token,
        widget_dir=WIDGET_DIR,
        socket_url=settings.rasa_public_url,
        allowed_origins=settings.allowed_origins,
        chat_page=False,
    )
    return app


@routes.get("/healthz")
async def health(request: web.Request) -> web.StreamResponse:
    return web.json_response({"status": "ok"})


def chat_content_security_policy(settings: WebSettings) -> str:
    """The widget's own policy (it talks to the Rasa socket), and framing only by the allowed origins."""
    framers = " ".join(("'self'",) + settings.allowed_origins)
    return f"{widget_content_security_policy(settings.rasa_public_url)}; frame-ancestors {framers}"


@routes.get("/")
@routes.get("/chat")
async def chat_page(request: web.Request) -> web.StreamResponse:
    """The page holding the chat widget (templates/chat.html); a join link adds ?cohort=CODE."""
    context = context_of(request)
    code = _code_of_join_link(request)
    cohort = await _cohort_of_code(request, code) if code else None
    response = render(
        request,
        "chat.html",
        cohort_problem=(
            "That invite code does not match a cohort. You can still start, and give the right code in the chat."
            if code and cohort is None
            else None
        ),
        cohort_code=cohort.invite_code if cohort else None,
        cohort_name=cohort.name if cohort else None,
        cohort_welcome=cohort.welcome_text if cohort else None,
        rasa_url=context.settings.rasa_public_url,
    )
    response.headers["Content-Security-Policy"] = chat_content_security_policy(context.settings)
    return response


def _code_of_join_link(request: web.Request) -> str:
    code = request.query.get("cohort", "").strip()
    if len(code) > COHORT_CODE_LIMIT:
        raise web.HTTPBadRequest(text="That invite code is too long to be one. Check the link you were sent.")
    return code


async def _cohort_of_code(request: web.Request, code: str) -> Optional[CohortRecord]:
    try:
        return await in_thread(context_of(request).store.cohort_by_invite, code)
    except NotFound:
        return None
