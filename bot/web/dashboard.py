"""The programme managers' dashboard: sign-in, cohorts, a cohort's grid and exports, a venture's page."""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Optional

from aiohttp import web
from markupsafe import Markup

from bot.store import Store
from bot.store.errors import InvalidInput, NotFound
from bot.store.records import CohortRecord, VentureRecord
from bot.web import auth, views
from bot.web.chart import cohort_distribution_svg, venture_profile_svg
from bot.web.context import Record, Result, WebContext, context_of, gather, id_from_path, in_thread
from bot.web.rendering import Handler, render
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


@dataclass(frozen=True)
class Visit:
    """A dashboard request whose token opened the dashboard: what a guarded page handler receives."""

    request: web.Request
    access: auth.Access

    @property
    def context(self) -> WebContext:
        return context_of(self.request)

    async def gather(self, view: Callable[[Store, Any, Record], Result], record: Record) -> Result:
        return await gather(self.request, view, record)

    def render(self, template_name: str, status: int = 200, **values: Any) -> web.Response:
        # Every dashboard template gets the access: its CSRF token and what the visitor may follow.
        return render(self.request, template_name, status=status, access=self.access, **values)


Page = Callable[[Visit], Awaitable[web.StreamResponse]]
RecordPage = Callable[[Visit, Record], Awaitable[web.StreamResponse]]


def signed_in(page: Page) -> Handler:
    """The page, for the admin's or a cohort's token only; 401 (the login page) otherwise."""

    @functools.wraps(page)
    async def handler(request: web.Request) -> web.StreamResponse:
        return await page(Visit(request, await require_access(request)))

    return handler


def _showing(find_visible: Callable[[web.Request, auth.Access], Awaitable[Record]]) -> Callable[[RecordPage], Handler]:
    """A decorator: the page of the record in the URL, once the token opened the dashboard (401
    otherwise) and may see that record (404 otherwise, the same as for a record that does not exist,
    so another cohort's ids cannot be probed)."""

    def decorate(page: RecordPage) -> Handler:
        @functools.wraps(page)
        async def handler(request: web.Request) -> web.StreamResponse:
            visit = Visit(request, await require_access(request))
            return await page(visit, await find_visible(request, visit.access))

        return handler

    return decorate


showing_cohort = _showing(visible_cohort)
showing_venture = _showing(visible_venture)


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
@signed_in
async def cohorts_page(visit: Visit) -> web.StreamResponse:
    return await _cohorts_page(visit)


@routes.post("/dashboard/cohorts")
@signed_in
async def create_cohort(visit: Visit) -> web.StreamResponse:
    if not visit.access.is_admin:
        raise web.HTTPForbidden(text="Only the Waypoint admin can create cohorts.")
    form = await form_of(visit.request)
    auth.check_csrf(visit.access, form.get("csrf_token"))
    context = visit.context
    try:
        cohort, token = await in_thread(views.create_cohort_with_token, context.store, form.get("name"), form.get("welcome"))
    except InvalidInput as problem:
        return await _cohorts_page(visit, status=400, problem=str(problem))
    created = CreatedCohort(cohort, token, context.settings.join_link(cohort.invite_code), slack_join_phrase(cohort.invite_code))
    return await _cohorts_page(visit, status=201, created=created)


async def _cohorts_page(
    visit: Visit, status: int = 200, created: Optional[CreatedCohort] = None, problem: Optional[str] = None
) -> web.Response:
    """The cohorts the visitor may see, with the cohort just created or the problem with the form."""
    cohorts = await in_thread(_cohort_list, visit.context.store, visit.access)
    return visit.render("cohorts.html", status=status, cohorts=cohorts, created=created, problem=problem)


@routes.get(r"/dashboard/cohorts/{cohort_id}")
@showing_cohort
async def cohort_page(visit: Visit, cohort: CohortRecord) -> web.StreamResponse:
    overview = await visit.gather(views.cohort_overview, cohort)
    chart = cohort_distribution_svg(overview.distribution, f"Stages of the ventures in {cohort.name}, per area")
    return visit.render(
        "cohort.html",
        overview=overview,
        areas=visit.context.framework.areas,
        join_link=visit.context.settings.join_link(cohort.invite_code),
        slack_phrase=slack_join_phrase(cohort.invite_code),
        distribution_svg=Markup(chart),  # built with every text escaped (bot.web.chart)
    )


@routes.get(r"/dashboard/cohorts/{cohort_id}/export.csv")
@showing_cohort
async def cohort_csv(visit: Visit, cohort: CohortRecord) -> web.StreamResponse:
    text = await visit.gather(views.cohort_csv, cohort)
    return _download(text, "text/csv", f"waypoint-{cohort.invite_code}.csv")


@routes.get(r"/dashboard/cohorts/{cohort_id}/export.json")
@showing_cohort
async def cohort_json(visit: Visit, cohort: CohortRecord) -> web.StreamResponse:
    export = await visit.gather(views.cohort_json, cohort)
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
@showing_venture
async def venture_page(visit: Visit, venture: VentureRecord) -> web.StreamResponse:
    detail = await visit.gather(views.venture_detail, venture)
    framework = visit.context.framework
    return visit.render("venture.html", detail=detail, areas=framework.areas, stages=framework.stages)


@routes.get(r"/dashboard/ventures/{venture_id}/report")
@showing_venture
async def venture_report(visit: Visit, venture: VentureRecord) -> web.StreamResponse:
    summary = await visit.gather(views.venture_summary, venture)
    return visit.render(
        "report.html",
        summary=summary,
        stages=visit.context.framework.stages,
        chart_url=f"/dashboard/ventures/{venture.id}/chart.svg",
        home_link=f"/dashboard/ventures/{venture.id}",
    )


@routes.get(r"/dashboard/ventures/{venture_id}/chart.svg")
@showing_venture
async def venture_chart(visit: Visit, venture: VentureRecord) -> web.StreamResponse:
    return await profile_chart_response(visit.request, venture)


async def profile_chart_response(request: web.Request, venture: VentureRecord) -> web.Response:
    """The venture's stage-per-area chart, as the dashboard and the founder's report link serve it."""
    summary = await gather(request, views.venture_summary, venture)
    return svg_response(profile_chart(context_of(request).framework, summary))


def profile_chart(framework, summary) -> str:
    return venture_profile_svg(
        views.area_positions(framework, summary),
        views.stage_names(framework),
        f"{summary.venture_name}: stage in each area",
    )


def svg_response(svg: str) -> web.Response:
    return web.Response(text=svg, content_type="image/svg+xml", charset="utf-8")
