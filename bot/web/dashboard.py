"""The programme managers' dashboard: sign-in, cohorts, a cohort's grid and exports, a venture's page."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Optional

from aiohttp import web
from markupsafe import Markup

from bot.store.errors import InvalidInput, NotFound
from bot.store.records import CohortRecord, VentureRecord
from bot.web import auth, views
from bot.web.chart import cohort_distribution_svg, venture_profile_svg
from bot.web.context import context_of, id_from_path, in_thread
from bot.web.rendering import render
from bot.web.settings import slack_join_phrase

routes = web.RouteTableDef()
FORM_FIELD_LIMIT = 2000


@dataclass(frozen=True)
class CohortListItem:
    cohort: CohortRecord
    venture_count: int


@dataclass(frozen=True)
class CreatedCohort:
    cohort: CohortRecord
    token: str
    join_link: str
    slack_phrase: str


# -- who is asking ------------------------------------------------------------------------------


async def access_for_token(request: web.Request, token: Optional[str], from_cookie: bool) -> Optional[auth.Access]:
    context = context_of(request)

    def cohort_id_for_token(raw_token: str) -> Optional[int]:
        cohort = context.store.cohort_for_manager_token(raw_token)
        return cohort.id if cohort else None

    return await in_thread(
        auth.resolve_access, token, context.settings.dashboard_admin_token, cohort_id_for_token, from_cookie
    )


async def current_access(request: web.Request) -> Optional[auth.Access]:
    token, from_cookie = auth.presented_token(request)
    return await access_for_token(request, token, from_cookie)


async def require_access(request: web.Request) -> auth.Access:
    access = await current_access(request)
    if access is None:
        raise web.HTTPUnauthorized(headers={"WWW-Authenticate": 'Bearer realm="waypoint-dashboard"'})
    return access


async def visible_cohort(request: web.Request, access: auth.Access) -> CohortRecord:
    """The cohort in the URL, or 404 when it does not exist or is another cohort's."""
    cohort_id = id_from_path(request, "cohort_id")
    if not access.can_see_cohort(cohort_id):
        raise web.HTTPNotFound()
    try:
        return await in_thread(context_of(request).store.cohort, cohort_id)
    except NotFound:
        raise web.HTTPNotFound() from None


async def visible_venture(request: web.Request, access: auth.Access) -> VentureRecord:
    """The venture in the URL, or 404 when it does not exist or sits outside the session's cohort."""
    venture_id = id_from_path(request, "venture_id")
    try:
        venture = await in_thread(context_of(request).store.venture, venture_id)
    except NotFound:
        raise web.HTTPNotFound() from None
    if not access.can_see_cohort(venture.cohort_id):
        raise web.HTTPNotFound()
    return venture


async def form_of(request: web.Request) -> dict[str, str]:
    if request.content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        raise web.HTTPBadRequest(text="Send this as a form.")
    form = await request.post()
    values = {}
    for name, value in form.items():
        if not isinstance(value, str):
            raise web.HTTPBadRequest(text="Files are not accepted here.")
        if len(value) > FORM_FIELD_LIMIT:
            raise web.HTTPBadRequest(text=f"The field {name!r} is too long.")
        values[name] = value
    return values


# -- sign-in ------------------------------------------------------------------------------------


@routes.get("/dashboard/login")
async def login_page(request: web.Request) -> web.StreamResponse:
    return render(request, "login.html", problem=None)


@routes.post("/dashboard/login")
async def log_in(request: web.Request) -> web.StreamResponse:
    token = auth.clean_token((await form_of(request)).get("token"))
    access = await access_for_token(request, token, from_cookie=True)
    if access is None:
        return render(request, "login.html", status=401, problem="That token does not open the dashboard.")
    landing = "/dashboard" if access.is_admin else f"/dashboard/cohorts/{access.cohort_id}"
    response = web.HTTPSeeOther(landing)
    auth.set_session_cookie(response, access.token, context_of(request).settings.secure_cookies)
    raise response


@routes.post("/dashboard/logout")
async def log_out(request: web.Request) -> web.StreamResponse:
    access = await current_access(request)
    if access is not None:
        auth.check_csrf(access, (await form_of(request)).get("csrf_token"))
    response = web.HTTPSeeOther("/dashboard/login")
    auth.clear_session_cookie(response)
    raise response


# -- cohorts ------------------------------------------------------------------------------------


def _cohort_list(store, access: auth.Access) -> list[CohortListItem]:
    return [
        CohortListItem(cohort, len(store.ventures_in_cohort(cohort.id)))
        for cohort in store.list_cohorts()
        if access.can_see_cohort(cohort.id)
    ]


@routes.get("/dashboard")
async def cohorts_page(request: web.Request) -> web.StreamResponse:
    access = await require_access(request)
    cohorts = await in_thread(_cohort_list, context_of(request).store, access)
    return render(request, "cohorts.html", access=access, cohorts=cohorts, created=None, problem=None)


@routes.post("/dashboard/cohorts")
async def create_cohort(request: web.Request) -> web.StreamResponse:
    access = await require_access(request)
    if not access.is_admin:
        raise web.HTTPForbidden(text="Only the Waypoint admin can create cohorts.")
    form = await form_of(request)
    auth.check_csrf(access, form.get("csrf_token"))
    context = context_of(request)
    try:
        cohort, token = await in_thread(views.create_cohort_with_token, context.store, form.get("name"), form.get("welcome"))
    except InvalidInput as problem:
        cohorts = await in_thread(_cohort_list, context.store, access)
        return render(request, "cohorts.html", status=400, access=access, cohorts=cohorts, created=None, problem=str(problem))
    created = CreatedCohort(cohort, token, context.settings.join_link(cohort.invite_code), slack_join_phrase(cohort.invite_code))
    cohorts = await in_thread(_cohort_list, context.store, access)
    return render(request, "cohorts.html", status=201, access=access, cohorts=cohorts, created=created, problem=None)


@routes.get(r"/dashboard/cohorts/{cohort_id}")
async def cohort_page(request: web.Request) -> web.StreamResponse:
    access = await require_access(request)
    cohort = await visible_cohort(request, access)
    context = context_of(request)
    overview = await in_thread(views.cohort_overview, context.store, context.framework, cohort)
    chart = cohort_distribution_svg(overview.distribution, f"Stages of the ventures in {cohort.name}, per area")
    return render(
        request,
        "cohort.html",
        access=access,
        overview=overview,
        areas=context.framework.areas,
        join_link=context.settings.join_link(cohort.invite_code),
        slack_phrase=slack_join_phrase(cohort.invite_code),
        distribution_svg=Markup(chart),  # built with every text escaped (bot.web.chart)
    )


@routes.get(r"/dashboard/cohorts/{cohort_id}/export.csv")
async def cohort_csv(request: web.Request) -> web.StreamResponse:
    access = await require_access(request)
    cohort = await visible_cohort(request, access)
    context = context_of(request)
    text = await in_thread(views.cohort_csv, context.store, context.framework, cohort)
    return _download(text, "text/csv", f"waypoint-{cohort.invite_code}.csv")


@routes.get(r"/dashboard/cohorts/{cohort_id}/export.json")
async def cohort_json(request: web.Request) -> web.StreamResponse:
    access = await require_access(request)
    cohort = await visible_cohort(request, access)
    context = context_of(request)
    export = await in_thread(views.cohort_json, context.store, context.framework, cohort)
    response = web.json_response(export, dumps=_pretty_json)
    response.headers["Content-Disposition"] = f'attachment; filename="waypoint-{cohort.invite_code}.json"'
    return response


def _pretty_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def _download(text: str, content_type: str, filename: str) -> web.Response:
    response = web.Response(text=text, content_type=content_type, charset="utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# -- ventures -----------------------------------------------------------------------------------


@routes.get(r"/dashboard/ventures/{venture_id}")
async def venture_page(request: web.Request) -> web.StreamResponse:
    access = await require_access(request)
    venture = await visible_venture(request, access)
    context = context_of(request)
    detail = await in_thread(views.venture_detail, context.store, context.framework, venture)
    return render(
        request,
        "venture.html",
        access=access,
        detail=detail,
        areas=context.framework.areas,
        stages=context.framework.stages,
    )


@routes.get(r"/dashboard/ventures/{venture_id}/report")
async def venture_report(request: web.Request) -> web.StreamResponse:
    access = await require_access(request)
    venture = await visible_venture(request, access)
    context = context_of(request)
    summary = await in_thread(views.venture_summary, context.store, context.framework, venture)
    return render(
        request,
        "report.html",
        access=access,
        summary=summary,
        stages=context.framework.stages,
        chart_url=f"/dashboard/ventures/{venture.id}/chart.svg",
        home_link=f"/dashboard/ventures/{venture.id}",
    )


@routes.get(r"/dashboard/ventures/{venture_id}/chart.svg")
async def venture_chart(request: web.Request) -> web.StreamResponse:
    access = await require_access(request)
    venture = await visible_venture(request, access)
    context = context_of(request)
    summary = await in_thread(views.venture_summary, context.store, context.framework, venture)
    return svg_response(profile_chart(context.framework, summary))


def profile_chart(framework, summary) -> str:
    return venture_profile_svg(
        views.area_positions(framework, summary),
        views.stage_names(framework),
        f"{summary.venture_name}: stage in each area",
    )


def svg_response(svg: str) -> web.Response:
    return web.Response(text=svg, content_type="image/svg+xml", charset="utf-8")
