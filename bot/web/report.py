"""The founder's report behind an unguessable, revocable link: a printable page and its chart."""
from __future__ import annotations

from aiohttp import web

from bot.store.records import VentureRecord
from bot.web import views
from bot.web.auth import clean_token
from bot.web.context import context_of, gather, in_thread
from bot.web.dashboard import profile_chart_response
from bot.web.rendering import render

routes = web.RouteTableDef()

REPORT_NOT_FOUND = (
    "This report link does not work (any more). Links can be withdrawn; ask Waypoint in the chat "
    "for a new one by saying “send me my report”."
)


async def venture_of_link(request: web.Request) -> VentureRecord:
    token = clean_token(request.match_info["token"])
    venture = await in_thread(context_of(request).store.venture_for_report_token, token) if token else None
    if venture is None:
        raise web.HTTPNotFound(text=REPORT_NOT_FOUND)
    return venture


@routes.get("/report/{token}")
async def report_page(request: web.Request) -> web.StreamResponse:
    summary = await gather(request, views.venture_summary, await venture_of_link(request))
    return render(
        request,
        "report.html",
        summary=summary,
        stages=context_of(request).framework.stages,
        chart_url=f"/report/{request.match_info['token']}/chart.svg",
        home_link="/",
    )


@routes.get("/report/{token}/chart.svg")
async def report_chart(request: web.Request) -> web.StreamResponse:
    return await profile_chart_response(request, await venture_of_link(request))
