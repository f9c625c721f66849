"""Nothing in the dashboard is readable without a token; a cohort's token opens only that cohort."""
from __future__ import annotations

import re

import pytest

from bot.web import create_app, load_web_settings
from tests.web.conftest import ADMIN_TOKEN

SIGN_IN_PATHS = ("/dashboard/login", "/dashboard/logout")


def csrf_token_of(page) -> str:
    return re.search(r'name="csrf_token" value="([0-9a-f]+)"', page.text).group(1)


@pytest.fixture
def two_cohorts(seed):
    spring, spring_token = seed.cohort("Spring 2027")
    autumn, autumn_token = seed.cohort("Autumn 2027")
    spring_venture = seed.venture("Green Bikes", cohort=spring)
    autumn_venture = seed.venture("Water Wise", cohort=autumn)
    return {
        "spring": (spring, spring_token, spring_venture.venture),
        "autumn": (autumn, autumn_token, autumn_venture.venture),
    }


def private_paths(cohort, venture) -> list[str]:
    return [
        "/dashboard",
        f"/dashboard/cohorts/{cohort.id}",
        f"/dashboard/cohorts/{cohort.id}/export.csv",
        f"/dashboard/cohorts/{cohort.id}/export.json",
        f"/dashboard/ventures/{venture.id}",
        f"/dashboard/ventures/{venture.id}/report",
        f"/dashboard/ventures/{venture.id}/chart.svg",
    ]


def test_dashboard_refuses_every_page_without_a_token(browser, two_cohorts):
    cohort, _token, venture = two_cohorts["spring"]
    for path in private_paths(cohort, venture):
        page = browser.get(path)
        assert page.status == 401, path
        assert "Green Bikes" not in page.text and "Spring 2027" not in page.text
        assert 'action="/dashboard/login"' in page.text


def dashboard_routes(store, framework) -> list[tuple[str, str]]:
    """Every (method, path template) the app serves under /dashboard, sign-in and sign-out aside."""
    app = create_app(store, framework, load_web_settings({"WAYPOINT_DASHBOARD_TOKEN": ADMIN_TOKEN}))
    return [
        (route.method, resource.canonical)
        for resource in app.router.resources()
        if resource.canonical.startswith("/dashboard") and resource.canonical not in SIGN_IN_PATHS
        for route in resource
        if route.method != "HEAD"
    ]


def test_every_dashboard_route_is_guarded_by_token_and_cohort(browser, store, framework, two_cohorts):
    # Read from the app's own routes, so that a page added later without the guard fails here.
    spring, spring_token, spring_venture = two_cohorts["spring"]
    _autumn, autumn_token, _venture = two_cohorts["autumn"]
    routes = dashboard_routes(store, framework)
    assert ("GET", "/dashboard/ventures/{venture_id}/chart.svg") in routes and ("POST", "/dashboard/cohorts") in routes
    for method, template in routes:
        path = template.format(cohort_id=spring.id, venture_id=spring_venture.id)
        anonymous = browser.post(path, {"name": "Anonymous"}) if method == "POST" else browser.get(path)
        assert anonymous.status == 401, (method, path)
        if "{" in template:
            assert browser.get(path, token=autumn_token).status == 404, path
            assert browser.get(path, token=spring_token).status == 200, path
    assert all(cohort.name != "Anonymous" for cohort in store.list_cohorts())


def test_a_made_up_token_opens_nothing(browser, two_cohorts):
    cohort, _token, _venture = two_cohorts["spring"]
    assert browser.get(f"/dashboard/cohorts/{cohort.id}", token="not-a-real-token").status == 401


def test_admin_sees_every_cohort(browser, two_cohorts):
    page = browser.get("/dashboard", token=ADMIN_TOKEN)
    assert page.status == 200
    assert "Spring 2027" in page.text and "Autumn 2027" in page.text


def test_cohort_token_lists_only_its_own_cohort(browser, two_cohorts):
    _spring, spring_token, _venture = two_cohorts["spring"]
    page = browser.get("/dashboard", token=spring_token)
    assert "Spring 2027" in page.text
    assert "Autumn 2027" not in page.text


def test_cohort_token_gets_404_for_another_cohort_and_its_ventures(browser, two_cohorts):
    spring, spring_token, spring_venture = two_cohorts["spring"]
    autumn, _autumn_token, autumn_venture = two_cohorts["autumn"]
    for path in private_paths(spring, spring_venture)[1:]:
        assert browser.get(path, token=spring_token).status == 200, path
    for path in private_paths(autumn, autumn_venture)[1:]:
        page = browser.get(path, token=spring_token)
        assert page.status == 404, path
        assert "Water Wise" not in page.text


def test_login_form_sets_a_strict_http_only_cookie_that_opens_the_cohort(browser, two_cohorts):
    spring, spring_token, _venture = two_cohorts["spring"]
    response = browser.post("/dashboard/login", {"token": spring_token})
    assert response.status == 303
    assert response.headers["Location"] == f"/dashboard/cohorts/{spring.id}"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert spring_token not in browser.get("/dashboard").text
    assert "Green Bikes" in browser.get(f"/dashboard/cohorts/{spring.id}").text


def test_login_with_a_wrong_token_says_so(browser):
    page = browser.post("/dashboard/login", {"token": "guess"})
    assert page.status == 401
    assert "does not open the dashboard" in page.text
    assert "Set-Cookie" not in page.headers


def test_creating_a_cohort_from_the_dashboard_needs_the_form_csrf_token(browser, store):
    browser.log_in(ADMIN_TOKEN)
    refused = browser.post("/dashboard/cohorts", {"name": "Forged cohort"})
    assert refused.status == 403
    assert all(cohort.name != "Forged cohort" for cohort in store.list_cohorts())

    form_page = browser.get("/dashboard")
    created = browser.post("/dashboard/cohorts", {"name": "Summer 2027", "csrf_token": csrf_token_of(form_page)})
    assert created.status == 201
    invite_code = re.search(r"Invite code: <code>(\w+)</code>", created.text).group(1)
    assert store.cohort_by_invite(invite_code).name == "Summer 2027"
    assert f"http://waypoint.test/chat?cohort={invite_code}" in created.text
    dashboard_token = re.search(r"programme manager: <code>([\w-]+)</code>", created.text).group(1)
    assert store.cohort_for_manager_token(dashboard_token).name == "Summer 2027"


def test_creating_a_cohort_with_an_empty_name_explains_the_problem(browser):
    page = browser.post("/dashboard/cohorts", {"name": "  "}, token=ADMIN_TOKEN)
    assert page.status == 400
    assert "cohort name is empty" in page.text


def test_a_cohort_token_cannot_create_cohorts(browser, two_cohorts):
    _spring, spring_token, _venture = two_cohorts["spring"]
    assert browser.post("/dashboard/cohorts", {"name": "Mine"}, token=spring_token).status == 403


def test_signing_out_clears_the_session(browser, two_cohorts):
    browser.log_in(ADMIN_TOKEN)
    dashboard = browser.get("/dashboard")
    assert browser.post("/dashboard/logout", {"csrf_token": csrf_token_of(dashboard)}).status == 303
    assert browser.get("/dashboard").status == 401
