"""What founders typed is shown as text everywhere; malformed requests get 4xx, never a traceback."""
from __future__ import annotations

import pytest

from tests.web.conftest import ADMIN_TOKEN

SCRIPT_NAME = "<script>alert(1)</script>"
ESCAPED_NAME = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture
def script_venture(seed, store):
    cohort, _token = seed.cohort('Cohort "<b>bold</b>"')
    seeded = seed.venture(SCRIPT_NAME, cohort=cohort, founder_name="<img src=x onerror=alert(2)>")
    seed.answer(seeded, "impact", "<iframe src=//evil></iframe> we have a Theory of Change", {"impact-1-1": "achieved"})
    return cohort, seeded, store.create_report_token(seeded.venture.id)


def test_script_tag_venture_name_shows_as_text_on_every_page(browser, script_venture):
    cohort, seeded, report_token = script_venture
    pages = [
        browser.get("/dashboard", token=ADMIN_TOKEN),
        browser.get(f"/dashboard/cohorts/{cohort.id}", token=ADMIN_TOKEN),
        browser.get(f"/dashboard/ventures/{seeded.venture.id}", token=ADMIN_TOKEN),
        browser.get(f"/report/{report_token}"),
        browser.get(f"/report/{report_token}/chart.svg"),
        browser.get(f"/dashboard/ventures/{seeded.venture.id}/chart.svg", token=ADMIN_TOKEN),
    ]
    for page in pages:
        assert page.status == 200
        assert "<script>" not in page.text
        assert "<b>bold</b>" not in page.text
    for page in pages[1:]:
        assert ESCAPED_NAME in page.text


def test_founders_words_and_names_are_escaped_on_the_venture_page(browser, script_venture):
    _cohort, seeded, _report_token = script_venture
    text = browser.get(f"/dashboard/ventures/{seeded.venture.id}", token=ADMIN_TOKEN).text
    assert "<iframe" not in text and "&lt;iframe src=//evil&gt;&lt;/iframe&gt;" in text
    assert "<img src=x" not in text and "&lt;img src=x onerror=alert(2)&gt;" in text


def test_every_page_carries_security_headers(browser):
    for path in ("/healthz", "/dashboard/login", "/chat", "/no/such/page"):
        headers = browser.get(path).headers
        assert "Content-Security-Policy" in headers, path
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Referrer-Policy"] == "no-referrer", path


@pytest.mark.parametrize(
    "path",
    [
        "/dashboard/cohorts/abc",
        "/dashboard/cohorts/99999999999999999999999999",
        "/dashboard/ventures/-1",
        "/dashboard/ventures/1.5/report",
        "/dashboard/cohorts/987654/export.csv",
    ],
)
def test_malformed_or_unknown_ids_are_404_not_500(browser, path):
    page = browser.get(path, token=ADMIN_TOKEN)
    assert page.status == 404
    assert "Traceback" not in page.text


def test_login_that_is_not_a_form_is_a_400(browser):
    page = browser.post("/dashboard/login", json={"token": ADMIN_TOKEN})
    assert page.status == 400
    assert "Send this as a form" in page.text


def test_oversized_request_body_is_refused(browser):
    page = browser.post("/dashboard/login", {"token": "x" * 100_000})
    assert page.status == 413


def test_wrong_method_is_405_with_a_page(browser):
    page = browser.post("/healthz", {})
    assert page.status == 405
    assert "Traceback" not in page.text


def test_health_check_answers_ok(browser):
    page = browser.get("/healthz")
    assert (page.status, page.text) == (200, '{"status": "ok"}')


def test_join_link_opens_the_chat_page_inside_the_cohort(browser, seed):
    cohort, _token = seed.cohort("Spring 2027")
    page = browser.get(f"/chat?cohort={cohort.invite_code.lower()}")
    assert page.status == 200
    assert f'data-cohort="{cohort.invite_code}"' in page.text
    assert "Spring 2027" in page.text and "Welcome to the spring cohort." in page.text


def test_join_link_with_an_unknown_code_still_opens_the_chat_with_a_note(browser):
    page = browser.get("/chat?cohort=NOPE99")
    assert page.status == 200
    assert 'data-cohort=""' in page.text
    assert "does not match a cohort" in page.text


class BrokenStore:
    """A store whose every call fails the way a lost database connection would."""

    def __getattr__(self, name):
        def fail(*_arguments, **_options):
            raise RuntimeError("connection to server at 10.0.0.5 lost; password=hunter2")

        return fail


def test_unexpected_error_is_a_plain_500_page_without_details(framework):
    from bot.web import create_app, load_web_settings
    from tests.web.conftest import Browser

    broken_browser = Browser(create_app(BrokenStore(), framework, load_web_settings({})))
    try:
        page = broken_browser.get("/report/some-token")
    finally:
        broken_browser.close()
    assert page.status == 500
    assert "Something went wrong on our side" in page.text
    assert "hunter2" not in page.text and "Traceback" not in page.text
